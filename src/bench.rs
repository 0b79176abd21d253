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
pub const SUITES: [&str; 5] = ["small", "medium", "large", "blocks", "check"];

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
