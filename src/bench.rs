//! `tailor bench SPEC`: solves schools of growing size and prints seconds per stage, gap and
//! quality. A suite is a list of [`Case`]s; [`school`] makes each case's school.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compare::{Job, Runner};
use crate::error::{Error, Result, SolverError};
use crate::load;
use crate::scenario::*;
use crate::solve;

/// The suites `tailor bench` knows.
pub const SUITES: [&str; 6] = ["small", "medium", "large", "blocks", "check", "resolve"];

/// Pupils of the schools `tailor bench check` times the checker on.
pub const CHECK_SIZES: [usize; 3] = [1_000, 10_000, 100_000];

pub use crate::generate::Profile;

/// One school of a suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Name in the table.
    pub name: &'static str,
    /// Kind of school.
    #[serde(serialize_with = "profile_name")]
    pub profile: Profile,
    /// Pupils.
    pub pupils: u32,
    /// Seed of the school's making.
    pub seed: u64,
}

fn profile_name<S: serde::Serializer>(p: &Profile, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(p.as_str())
}

const fn case(name: &'static str, profile: Profile, pupils: u32) -> Case {
    Case {
        name,
        profile,
        pupils,
        seed: 1,
    }
}

/// The cases of suite `spec`, or `None` for an unknown suite.
pub fn suite(spec: &str) -> Option<Vec<Case>> {
    use Profile::*;
    Some(match spec {
        "small" => vec![
            case("gcse-200", Gcse, 200),
            case("sixthform-200", Sixthform, 200),
            case("whole-300", Whole, 300),
        ],
        "medium" => vec![case("gcse-600", Gcse, 600), case("whole-1200", Whole, 1200)],
        "large" => vec![
            case("gcse-1500", Gcse, 1500),
            case("whole-2000", Whole, 2000),
        ],
        "resolve" => vec![case("gcse-300", Gcse, 300), case("gcse-1200", Gcse, 1200)],
        "blocks" => vec![
            case("gcse-200", Gcse, 200),
            case("gcse-600", Gcse, 600),
            case("gcse-1500", Gcse, 1500),
        ],
        _ => return None,
    })
}

/// The school of a case: a generated school ([`crate::generate`]).
pub fn school(case: &Case) -> RawScenario {
    crate::generate::generate(&crate::generate::GenerateOptions {
        pupils: case.pupils,
        seed: case.seed,
        profile: case.profile,
        tight: false,
    })
}

/// The figures of one case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchRow {
    /// The case.
    pub case: Case,
    /// Seconds per stage, as the solver reports them.
    pub seconds: BTreeMap<String, f64>,
    /// Wall-clock seconds of the whole run (solve, check, write).
    pub wall_seconds: f64,
    /// Relative gap of the first level.
    pub gap: Option<f64>,
    /// Pupils with every main choice met.
    pub fully_met: u64,
    /// Violations the checker found.
    pub violations: u64,
    /// The solver's status.
    pub status: String,
}

/// How a bench runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// Seconds each solve may take (default 60).
    pub time_limit_s: Option<f64>,
    /// Threads for the solver (default every core).
    pub threads: Option<u32>,
}

/// Runs every case of `cases` with `runner`, one after the other.
pub fn run_cases(
    cases: &[Case],
    settings: &Settings,
    runner: &Runner<'_>,
) -> Result<Vec<BenchRow>> {
    let mut rows = Vec::new();
    for case in cases {
        let raw = school(case);
        let loaded = load::resolve(&raw).map_err(|e| {
            Error::Solver(SolverError::Generated {
                name: case.name.to_owned(),
                why: e.to_string(),
            })
        })?;
        let mut options = solve::Options::from_scenario(&loaded.scenario);
        if let Some(t) = settings.time_limit_s {
            options.time_limit_s = t;
        }
        if let Some(t) = settings.threads {
            options.threads = t.max(1);
        }
        let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let began = std::time::Instant::now();
        let done = runner(&Job {
            index: rows.len(),
            name: case.name,
            scenario: &loaded.scenario,
            options,
            dropped: &[],
            dir: dir.path().to_path_buf(),
        })?;
        let s = &done.solution.summary;
        rows.push(BenchRow {
            case: *case,
            seconds: s.seconds.clone(),
            wall_seconds: began.elapsed().as_secs_f64(),
            gap: s.gap,
            fully_met: s.pupils_fully_met,
            violations: done.violations.len() as u64,
            status: s.status.clone(),
        });
    }
    Ok(rows)
}

/// The rows as text: seconds per stage, then per case its totals and quality.
pub fn text(rows: &[BenchRow]) -> String {
    let mut out = format!(
        "{:<16} {:>7}  {:<32} {:>9}\n",
        "case", "pupils", "stage", "seconds"
    );
    for r in rows {
        for (stage, s) in &r.seconds {
            out += &format!(
                "{:<16} {:>7}  {:<32} {:>9.3}\n",
                r.case.name, r.case.pupils, stage, s
            );
        }
    }
    out += &format!(
        "\n{:<16} {:>7} {:>9} {:>8} {:>16} {:>10}  status\n",
        "case", "pupils", "seconds", "gap", "fully met", "violations"
    );
    for r in rows {
        let pct = r.fully_met as f64 * 100.0 / f64::from(r.case.pupils.max(1));
        out += &format!(
            "{:<16} {:>7} {:>9.3} {:>8} {:>16} {:>10}  {}\n",
            r.case.name,
            r.case.pupils,
            r.wall_seconds,
            r.gap.map_or("-".into(), |g| format!("{:.2}%", g * 100.0)),
            format!("{} ({pct:.1}%)", r.fully_met),
            r.violations,
            r.status
        );
    }
    out
}

/// The checker's seconds on one valid solution, with 1 and with 2 threads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckRow {
    /// Pupils.
    pub pupils: usize,
    /// Meetings checked.
    pub meetings: usize,
    /// Best of three runs, 1 thread.
    pub one_thread: f64,
    /// Best of three runs, 2 threads.
    pub two_threads: f64,
    /// Violations found (0 for a valid solution).
    pub violations: usize,
}

/// `tailor bench check`: times the independent checker on valid solutions of synthetic schools
/// of 1,000, 10,000 and 100,000 pupils (built by [`crate::check::fixture`]), 1 and 2 threads.
pub fn check_rows() -> Result<Vec<CheckRow>> {
    use crate::check::{check, fixture, Mode};
    let mut rows = Vec::new();
    for pupils in CHECK_SIZES {
        let raw = fixture::synthetic_school(pupils, 1);
        let scenario = load::resolve(&raw)
            .map_err(|e| {
                Error::Solver(SolverError::Generated {
                    name: format!("synthetic school of {pupils}"),
                    why: e.to_string(),
                })
            })?
            .scenario;
        let solution = fixture::simple_valid_solution(&scenario)
            .ok_or(Error::Solver(SolverError::NoFixture { pupils }))?;
        let time = |threads: usize| -> Result<(f64, usize)> {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| {
                    Error::Solver(SolverError::Threads {
                        threads,
                        why: e.to_string(),
                    })
                })?;
            let mut best = f64::MAX;
            let mut found = 0;
            for _ in 0..3 {
                let t = std::time::Instant::now();
                found = pool.install(|| check(&scenario, &solution, Mode::Full).len());
                best = best.min(t.elapsed().as_secs_f64());
            }
            Ok((best, found))
        };
        let (one_thread, violations) = time(1)?;
        let (two_threads, _) = time(2)?;
        rows.push(CheckRow {
            pupils,
            meetings: solution.meetings.len(),
            one_thread,
            two_threads,
            violations,
        });
    }
    Ok(rows)
}

/// One change of `tailor bench resolve`: a generated school solved, changed one of the issue's
/// four ways, re-solved from the old solution, against a fresh solve of the changed school.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolveRow {
    /// Pupils of the school.
    pub pupils: u32,
    /// The change, and what it did in words.
    pub change: String,
    /// Seconds of the old solve, and whether its week was complete.
    pub old_seconds: f64,
    /// Whether the old solution was complete.
    pub old_complete: bool,
    /// Pupils in both solutions whose week changed (class, slot, teacher or room).
    pub pupils_changed: u64,
    /// Of them, pupils whose classes changed.
    pub pupils_class_changed: u64,
    /// Meetings of kept classes moved to another slot.
    pub meetings_moved: u64,
    /// The same three for a fresh solve of the changed school.
    pub fresh_pupils_changed: u64,
    /// Pupils whose classes changed in the fresh solve.
    pub fresh_pupils_class_changed: u64,
    /// Meetings moved in the fresh solve.
    pub fresh_meetings_moved: u64,
    /// Main choices met by the re-solve, by the fresh solve, and in all.
    pub choices_met: u64,
    /// Main choices met by the fresh solve.
    pub fresh_choices_met: u64,
    /// Main choices in all.
    pub choices: u64,
    /// Seconds of the re-solve and of the fresh solve.
    pub seconds: f64,
    /// Seconds of the fresh solve.
    pub fresh_seconds: f64,
    /// Violations the checker finds in the re-solve (full check; `--against` agrees when 0
    /// rows differ).
    pub violations: u64,
    /// Rules of `check --against` the re-solve breaks.
    pub against_violations: u64,
    /// Whether the re-solved week is complete.
    pub complete: bool,
}

/// `tailor bench resolve`: for each school of `cases` (suite `resolve`), solves it
/// with `old_time_s` (given time enough to be complete), then for each of the issue's four
/// changes re-solves from it and solves the changed school fresh, both within
/// `settings.time_limit_s` (default 60) and `settings.threads`.
pub fn resolve_rows(
    cases: &[Case],
    old_time_s: f64,
    settings: &Settings,
) -> Result<Vec<ResolveRow>> {
    use crate::resolve::perturb::{perturb, Perturbation};
    use crate::solution::changes::{diff, figures, Limits, Locks, Named};
    let generated = |raw: &RawScenario, name: String| {
        load::resolve(raw).map(|l| l.scenario).map_err(|e| {
            Error::Solver(SolverError::Generated {
                name,
                why: e.to_string(),
            })
        })
    };
    let options = |s: &Scenario, t: f64| {
        let mut o = solve::Options::from_scenario(s);
        o.time_limit_s = t;
        if let Some(n) = settings.threads {
            o.threads = n.max(1);
        }
        o
    };
    let limit = settings.time_limit_s.unwrap_or(60.0);
    let mut rows = Vec::new();
    for case in cases {
        let pupils = case.pupils;
        let raw = school(case);
        let scenario = generated(&raw, format!("gcse-{pupils}"))?;
        let began = std::time::Instant::now();
        let old = solve::solve(&scenario, &options(&scenario, old_time_s))?;
        let old_seconds = began.elapsed().as_secs_f64();
        let named = Named::of(&scenario, &old);
        for p in Perturbation::ISSUE {
            let mut changed = raw.clone();
            let what = perturb(&mut changed, p, case.seed).unwrap_or_default();
            let now = generated(&changed, format!("gcse-{pupils} ({})", p.name()))?;
            let o = options(&now, limit);
            let began = std::time::Instant::now();
            let r = crate::resolve::resolve(
                &now,
                &named,
                &crate::resolve::Settings {
                    solve: o.clone(),
                    free_blocks: false,
                    limits: Limits::default(),
                    locks: Locks::default(),
                    from: "old".into(),
                },
            )?;
            let seconds = began.elapsed().as_secs_f64();
            let violations =
                crate::check::check(&now, &r.solution, crate::check::Mode::Full).len() as u64;
            let new_named = Named::of(&now, &r.solution);
            let against = crate::check::against::check_against(&crate::check::against::Against {
                old: &named,
                new: &new_named,
                listed: &r.changes,
                limits: Limits::default(),
                locks: &Locks::default(),
            })
            .len() as u64;
            let began = std::time::Instant::now();
            let fresh = solve::solve(&now, &o)?;
            let fresh_seconds = began.elapsed().as_secs_f64();
            let fnamed = Named::of(&now, &fresh);
            let ff = figures(&named, &fnamed, &diff(&named, &fnamed));
            let rf = r.solution.summary.changes.clone().unwrap_or_default();
            rows.push(ResolveRow {
                pupils,
                change: format!("{} ({what})", p.name()),
                old_seconds,
                old_complete: old.summary.complete,
                pupils_changed: rf.pupils_changed,
                pupils_class_changed: rf.pupils_class_changed,
                meetings_moved: rf.meetings_moved,
                fresh_pupils_changed: ff.pupils_changed,
                fresh_pupils_class_changed: ff.pupils_class_changed,
                fresh_meetings_moved: ff.meetings_moved,
                choices_met: r.solution.summary.main_choices_met,
                fresh_choices_met: fresh.summary.main_choices_met,
                choices: fresh.summary.main_choices,
                seconds,
                fresh_seconds,
                violations,
                against_violations: against,
                complete: r.solution.summary.complete,
            });
        }
    }
    Ok(rows)
}

/// The rows of `tailor bench resolve` as a table.
pub fn resolve_text(rows: &[ResolveRow]) -> String {
    let mut out = String::from(
        "| pupils | change | pupils changed (classes) | fresh | meetings moved / fresh | choices met / fresh / all | seconds / fresh | checks |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        out += &format!(
            "| {} | {} | {} ({}) | {} ({}) | {} / {} | {} / {} / {} | {:.1} / {:.1} | {} |\n",
            r.pupils,
            r.change,
            r.pupils_changed,
            r.pupils_class_changed,
            r.fresh_pupils_changed,
            r.fresh_pupils_class_changed,
            r.meetings_moved,
            r.fresh_meetings_moved,
            r.choices_met,
            r.fresh_choices_met,
            r.choices,
            r.seconds,
            r.fresh_seconds,
            if r.violations + r.against_violations == 0 && r.complete {
                "valid, complete".to_owned()
            } else {
                format!(
                    "{} violations, {} against, complete {}",
                    r.violations, r.against_violations, r.complete
                )
            }
        );
    }
    if let Some(r) = rows.first() {
        out += &format!(
            "\nold solve: {:.1}s, complete {}\n",
            r.old_seconds, r.old_complete
        );
    }
    out
}

/// `tailor bench SPEC` (a suite of generated schools): runs the suite with `runner`.
pub fn run(spec: &str, settings: &Settings, runner: &Runner<'_>) -> Result<Vec<BenchRow>> {
    let cases = suite(spec).ok_or_else(|| {
        Error::Usage(format!(
            "expected a bench suite, one of {}, found {spec:?}",
            SUITES.join(", ")
        ))
    })?;
    run_cases(&cases, settings, runner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suite_school_is_valid_and_the_same_for_a_seed() {
        for spec in SUITES.into_iter().filter(|s| *s != "check") {
            for case in suite(spec).unwrap() {
                if case.pupils > 400 {
                    continue;
                }
                let raw = school(&case);
                assert_eq!(raw.pupils.len() as u32, case.pupils);
                let loaded = load::resolve(&raw).unwrap_or_else(|e| panic!("{}: {e}", case.name));
                assert_eq!(loaded.scenario.pupils.len() as u32, case.pupils);
                assert_eq!(school(&case), raw);
            }
        }
        assert!(suite("huge").is_none());
    }
}
