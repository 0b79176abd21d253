//! The command line's side of the library: each command of the `tailor` binary as a call that
//! prints its report ([`Report`]: text or JSON) and says how it ended ([`Outcome`]); the binary
//! only parses arguments and maps the outcome to an exit status. Nothing else in the library
//! imports this module: the modules below return values, and this one words them.

pub mod fet;
pub mod itc2007;
pub mod resolve;
mod runs;

pub use runs::{bench, compare, compare_merge, generate};

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::check::Mode;
use crate::error::{Error, Result};
use crate::load;

/// How a command ended when it could read its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// All is well (exit status 0).
    Success,
    /// The command ran and found problems: invalid input, violations, an incomplete result
    /// (exit status 1).
    Failure,
}

impl Outcome {
    /// Success when `ok`, else failure.
    pub fn of(ok: bool) -> Self {
        if ok {
            Outcome::Success
        } else {
            Outcome::Failure
        }
    }
}

/// The lines after a checked solution is written: no violations, or the first 50 of them.
pub(crate) fn checked_text(violations: &[crate::check::Violation], dir: &Path) -> String {
    if violations.is_empty() {
        return format!("checked: no violations; written to {}\n", dir.display());
    }
    let mut text = format!(
        "CHECK FAILED: {} violations (written to {} for inspection):\n",
        violations.len(),
        dir.display()
    );
    for v in violations.iter().take(50) {
        text += &format!("  {v}\n");
    }
    text
}

/// How a command reports on standard output.
#[derive(Clone, Copy, Debug, Default)]
pub struct Report {
    /// Print nothing but errors.
    pub quiet: bool,
    /// Print one JSON document instead of text.
    pub json: bool,
}

impl Report {
    /// Writes `figures` as JSON, or the `text` of them, or nothing when quiet.
    pub(crate) fn say(
        self,
        out: &mut dyn Write,
        figures: &impl Serialize,
        text: impl FnOnce() -> String,
    ) -> Result<()> {
        if self.json {
            write_json(out, figures)
        } else if self.quiet {
            Ok(())
        } else {
            write_out(out, &text())
        }
    }
}

pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io("standard output", e))
}

pub(crate) fn write_json(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("figures serialise");
    write_out(out, &(text + "\n"))
}

/// `tailor validate DIR`: loads the scenario and lists every error and warning.
pub fn validate(dir: &Path, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    #[derive(Serialize)]
    struct Json {
        valid: bool,
        errors: Vec<String>,
        warnings: Vec<String>,
    }
    let (errors, warnings, figures) = match load::load_dir(dir) {
        Ok(loaded) => {
            let s = &loaded.scenario;
            let figures = format!(
                "{}: valid: {} pupils, {} courses, {} staff, {} rooms, {} slots a week, {} blocks",
                dir.display(),
                s.pupils.len(),
                s.courses.len(),
                s.staff.len(),
                s.rooms.len(),
                s.week.slots(),
                s.blocks.len()
            );
            // Diagnose's findings: errors prove no complete timetable exists.
            let d = crate::diagnose::diagnose(s);
            let found = |f: &crate::diagnose::Finding| f.render(s).to_string();
            let mut warnings: Vec<String> =
                loaded.warnings.iter().map(ToString::to_string).collect();
            warnings.extend(d.warnings().map(found));
            (d.errors().map(found).collect::<Vec<_>>(), warnings, figures)
        }
        Err(Error::Input(e)) => (
            e.0.iter().map(ToString::to_string).collect(),
            Vec::new(),
            String::new(),
        ),
        Err(e) => return Err(e),
    };
    let valid = errors.is_empty();
    if report.json {
        write_json(
            out,
            &Json {
                valid,
                errors: errors.clone(),
                warnings: warnings.clone(),
            },
        )?;
    } else {
        let mut text = String::new();
        for e in &errors {
            text += &format!("error: {e}\n");
        }
        if !report.quiet || !valid {
            for w in &warnings {
                text += &format!("warning: {w}\n");
            }
        }
        if valid && !report.quiet {
            text += &format!("{figures}; {} warnings\n", warnings.len());
        } else if !valid {
            text += &format!("{}: {} errors\n", dir.display(), errors.len());
        }
        write_out(out, &text)?;
    }
    Ok(Outcome::of(valid))
}

/// `tailor diagnose DIR`: loads the scenario and lists what makes a complete timetable
/// impossible (errors) or unlikely (warnings), with the numbers and the smallest fix.
pub fn diagnose(dir: &Path, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let scenario = match load::load_dir(dir) {
        Ok(loaded) => loaded.scenario,
        Err(Error::Input(_)) => return validate(dir, report, out),
        Err(e) => return Err(e),
    };
    let d = crate::diagnose::diagnose(&scenario);
    let errors = d.errors().count();
    if report.json {
        #[derive(Serialize)]
        struct Json {
            errors: usize,
            warnings: usize,
            findings: Vec<crate::diagnose::Rendered>,
        }
        let findings = d.findings.iter().map(|f| f.render(&scenario)).collect();
        write_json(
            out,
            &Json {
                errors,
                warnings: d.findings.len() - errors,
                findings,
            },
        )?;
    } else {
        let mut text: String = crate::diagnose::lines(&scenario, &d.findings)
            .into_iter()
            .filter(|l| !report.quiet || l.starts_with("error"))
            .map(|l| l + "\n")
            .collect();
        if !report.quiet || errors > 0 {
            text += &format!(
                "{}: {errors} errors, {} warnings\n",
                dir.display(),
                d.findings.len() - errors
            );
        }
        write_out(out, &text)?;
    }
    Ok(Outcome::of(errors == 0))
}

/// `tailor check SCENARIO SOLUTION`: checks a solution folder against its scenario with the
/// independent checker and lists every violation, grouped by rule. Files that cannot be read
/// are an error (exit status 2); violations are a [`Outcome::Failure`].
pub fn check(
    scenario_dir: &Path,
    solution_dir: &Path,
    mode: crate::check::Mode,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    use crate::check::{Mode, Rule, Violation};
    #[derive(Serialize)]
    struct Json<'a> {
        valid: bool,
        mode: &'static str,
        pupils: usize,
        classes: usize,
        meetings: usize,
        rules: std::collections::BTreeMap<&'static str, usize>,
        violations: &'a [Violation],
        /// A scenario imported from FET: the FET file's constraints, per type.
        #[serde(skip_serializing_if = "Option::is_none")]
        fet: Option<Vec<fet::TableRow<'a>>>,
    }
    let scenario = load::load_dir(scenario_dir)?.scenario;
    let solution = crate::solution::io::read_dir(&scenario, solution_dir)?;
    let violations = crate::check::check(&scenario, &solution, mode);
    let mut counts: std::collections::BTreeMap<Rule, usize> = Default::default();
    for v in &violations {
        *counts.entry(v.rule).or_default() += 1;
    }
    let valid = violations.is_empty();
    // A scenario imported from FET is also judged by the FET file's own constraints.
    let fet_table = (mode == Mode::Full)
        .then(|| fet::check_table(scenario_dir, &scenario, &solution))
        .flatten();
    if report.json {
        write_json(
            out,
            &Json {
                valid,
                mode: match mode {
                    Mode::Full => "full",
                    Mode::BlocksOnly => "blocks-only",
                },
                pupils: scenario.pupils.len(),
                classes: solution.classes.len(),
                meetings: solution.meetings.len(),
                rules: counts.iter().map(|(r, n)| (r.name(), *n)).collect(),
                violations: &violations,
                fet: fet_table.as_ref().map(|t| {
                    t.iter()
                        .map(|(kind, row)| fet::TableRow { kind, row })
                        .collect()
                }),
            },
        )?;
    } else {
        let mut text = String::new();
        for group in violations.chunk_by(|a, b| a.rule == b.rule) {
            let rule = group[0].rule;
            text += &format!("{} ({}): {}\n", rule.name(), group.len(), rule.text());
            for v in group {
                text += &format!("  {}: {}\n", v.ids.join(" "), v.message);
            }
        }
        if !valid {
            text += &format!(
                "{} violations of {} rules\n",
                violations.len(),
                counts.len()
            );
        }
        // A scenario imported from ITC2007 is also scored by the competition's rules.
        if mode == Mode::Full && scenario.is_itc2007_style() {
            if let Ok(inst) = crate::itc2007::from_scenario(&scenario) {
                let sln = crate::itc2007::sln_from_solution(&scenario, &solution);
                let score = crate::itc2007::evaluate(&inst, &sln);
                text += &format!("ITC2007 rules: {}\n", itc2007::score_line(&score));
            }
        }
        if let Some(t) = fet_table.as_ref().filter(|_| !report.quiet) {
            text += &crate::fet::rules::table_text(t);
        }
        if valid && !report.quiet {
            text += &format!(
                "no violations: {} pupils, {} classes, {} meetings checked\n",
                scenario.pupils.len(),
                solution.classes.len(),
                solution.meetings.len()
            );
        }
        write_out(out, &text)?;
    }
    Ok(Outcome::of(valid))
}

/// What `tailor blocks` and `tailor solve` are asked to do.
#[derive(Clone, Debug, Default)]
pub struct SolveArgs {
    /// The scenario folder.
    pub scenario: std::path::PathBuf,
    /// The solution folder to write.
    pub out: std::path::PathBuf,
    /// Overrides `[solve] time_limit_s`.
    pub time_limit_s: Option<f64>,
    /// Overrides `[solve] mip_gap`.
    pub mip_gap: Option<f64>,
    /// Overrides `[solve] threads`.
    pub threads: Option<u32>,
    /// Overrides `[solve] seed`.
    pub seed: Option<u64>,
    /// Show HiGHS's log.
    pub verbose: bool,
    /// `--fix FIXED.csv`: courses pinned to blocks.
    pub fix: Option<std::path::PathBuf>,
    /// `--evaluate MY_BLOCKS.csv`: a hand-made design to evaluate and section.
    pub evaluate: Option<std::path::PathBuf>,
}

pub(crate) fn solve_options(
    scenario: &crate::scenario::Scenario,
    args: &SolveArgs,
) -> Result<crate::solve::Options> {
    let mut o = crate::solve::Options::from_scenario(scenario);
    o.time_limit_s = args.time_limit_s.unwrap_or(o.time_limit_s);
    o.mip_gap = args.mip_gap.unwrap_or(o.mip_gap);
    o.threads = args.threads.unwrap_or(o.threads);
    o.seed = args.seed.unwrap_or(o.seed);
    o.verbose = args.verbose;
    if let Some(path) = &args.fix {
        o.pins = crate::given::read_pins(scenario, path)?;
    }
    Ok(o)
}

/// How `blocks` and `solve` report: their arguments, the report asked for, the progress line.
struct Run<'a> {
    args: &'a SolveArgs,
    report: Report,
    progress: crate::report::Progress,
}

/// The end of `blocks` and `solve`: the grid of blocks after `text`, then the solution checked
/// with the rules of `mode`, written, and reported.
fn finish(
    scenario: &crate::scenario::Scenario,
    mut solution: crate::solution::Solution,
    mode: crate::check::Mode,
    run: Run<'_>,
    out: &mut dyn Write,
    mut text: String,
) -> Result<Outcome> {
    let Run {
        args,
        report,
        progress,
    } = run;
    solution.summary.scenario_dir = Some(absolute(&args.scenario));
    text += &crate::show::blocks_grid(scenario, &solution);
    progress.stage("checking");
    let checked = crate::pipeline::check_and_write(scenario, solution, mode, &args.out);
    progress.finish();
    let checked = checked?;
    let (solution, violations) = (&checked.solution, &checked.violations);
    let ok = checked.ok();
    if report.json {
        #[derive(Serialize)]
        struct Json<'a> {
            ok: bool,
            out: String,
            summary: &'a crate::solution::Summary,
            violations: Vec<String>,
        }
        return write_json(
            out,
            &Json {
                ok,
                out: args.out.display().to_string(),
                summary: &solution.summary,
                violations: violations.iter().map(|v| v.to_string()).collect(),
            },
        )
        .map(|_| Outcome::of(ok));
    }
    text += &crate::show::figures(&solution.summary);
    text += &checked_text(violations, &args.out);
    if !report.quiet || !ok {
        write_out(out, &text)?;
    }
    Ok(Outcome::of(ok))
}

/// `tailor blocks SCENARIO --out DIR`: designs the option blocks, sections pupils, checks the
/// result (`--blocks-only` rules) and writes it.
pub fn blocks(args: &SolveArgs, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let progress = crate::report::Progress::new(report.quiet || report.json);
    progress.stage("loading");
    let scenario = load::load_dir(&args.scenario)?.scenario;
    progress.stage("designing the option blocks (HiGHS)");
    let line = progress.clone();
    let say = crate::solve::Reporter::new(move |t| line.message(t));
    let mut options = solve_options(&scenario, args)?;
    options.progress = say;
    let mut text = String::new();
    if let Some(path) = &args.evaluate {
        let design = crate::given::read_design(&scenario, path)?;
        let fit = crate::given::fit(&scenario, &design);
        text += &crate::given::describe(&scenario, &design, &fit, 15);
        options.layout = Some(design);
    }
    let solution = crate::solve::blocks(&scenario, &options)?;
    let run = Run {
        args,
        report,
        progress,
    };
    finish(&scenario, solution, Mode::BlocksOnly, run, out, text)
}

/// `tailor solve SCENARIO --out DIR`: the whole week, checked before it is reported.
pub fn solve(args: &SolveArgs, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let progress = crate::report::Progress::new(report.quiet || report.json);
    progress.stage("loading");
    let scenario = load::load_dir(&args.scenario)?.scenario;
    // No solve when diagnose proves no complete timetable exists.
    let d = crate::diagnose::diagnose(&scenario);
    if d.has_errors() {
        progress.finish();
        let errors: Vec<_> = d.errors().cloned().collect();
        let lines = crate::diagnose::lines(&scenario, &errors);
        if report.json {
            let (ok, started) = (false, false);
            let json = serde_json::json!({ "ok": ok, "started": started, "errors": lines });
            write_json(out, &json)?;
        } else {
            let text = lines.join("\n") + "\nno complete timetable exists: solve not started\n";
            write_out(out, &text)?;
        }
        return Ok(Outcome::Failure);
    }
    let mut options = solve_options(&scenario, args)?;
    progress.stage("option blocks, staffing and the week (HiGHS)");
    let line = progress.clone();
    options.progress = crate::solve::Reporter::new(move |t| line.message(t));
    let solution = crate::solve::solve(&scenario, &options)?;
    let run = Run {
        args,
        report,
        progress,
    };
    finish(&scenario, solution, Mode::Full, run, out, String::new())
}

pub(crate) fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// `tailor show SOLUTION --pupil ID` (or `--staff`, `--room`): one week as a grid. The scenario
/// is the one the solution was solved from, unless `scenario_dir` names another.
pub fn show(what: &Show<'_>, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    if what.changes {
        return resolve::show_changes(what, report, out);
    }
    show_week(what.solution, what.scenario, what.who, report, out)
}

/// What `tailor show` is asked for.
pub struct Show<'a> {
    /// The solution folder.
    pub solution: &'a Path,
    /// The scenario folder, when not the one the solution names.
    pub scenario: Option<&'a Path>,
    /// `("pupil" | "staff" | "room", id)`.
    pub who: (&'a str, &'a str),
    /// With what changed from the old solution (`--changes`).
    pub changes: bool,
}

/// A person's or room's week as a grid.
fn show_week(
    solution_dir: &Path,
    scenario_dir: Option<&Path>,
    who: (&str, &str),
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let scenario_dir = crate::solution::io::scenario_dir_for(solution_dir, scenario_dir)?;
    let scenario_dir = scenario_dir.as_path();
    let scenario = load::load_dir(scenario_dir)?.scenario;
    let solution = crate::solution::io::read_dir(&scenario, solution_dir)?;
    let (kind, id) = who;
    let who = match kind {
        "pupil" => scenario.pupil_ids.get(id).map(crate::show::Who::Pupil),
        "staff" => scenario.staff_ids.get(id).map(crate::show::Who::Staff),
        _ => scenario.room_ids.get(id).map(crate::show::Who::Room),
    }
    .ok_or_else(|| Error::Usage(format!("no {kind} {id:?} in {}", scenario_dir.display())))?;
    if report.json {
        #[derive(Serialize)]
        struct Lesson {
            day: String,
            period: String,
            class: String,
            course: String,
            staff: Option<String>,
            room: Option<String>,
        }
        let classes: std::collections::HashSet<crate::ids::ClassId> = match who {
            crate::show::Who::Pupil(p) => solution
                .enrolments
                .iter()
                .filter(|e| e.pupil == p)
                .map(|e| e.class)
                .collect(),
            _ => Default::default(),
        };
        let lessons: Vec<Lesson> = solution
            .meetings
            .iter()
            .filter(|m| match who {
                crate::show::Who::Pupil(_) => classes.contains(&m.class),
                crate::show::Who::Staff(s) => m.staff == Some(s),
                crate::show::Who::Room(r) => m.room == Some(r),
            })
            .map(|m| Lesson {
                day: scenario.week.day_name(m.slot).to_owned(),
                period: scenario.week.period_name(m.slot).to_owned(),
                class: solution.classes[m.class].id.clone(),
                course: scenario.courses[solution.classes[m.class].course]
                    .id
                    .clone(),
                staff: m.staff.map(|s| scenario.staff[s].id.clone()),
                room: m.room.map(|r| scenario.rooms[r].id.clone()),
            })
            .collect();
        write_json(out, &lessons)?;
    } else {
        write_out(out, &crate::show::week(&scenario, &solution, who))?;
    }
    Ok(Outcome::Success)
}
