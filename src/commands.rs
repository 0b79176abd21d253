//! The commands of the `tailor` binary as library calls: options in, an [`Outcome`] out. The
//! binary only parses arguments and maps the outcome to an exit status.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

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

/// How a command reports on standard output.
#[derive(Clone, Copy, Debug, Default)]
pub struct Report {
    /// Print nothing but errors.
    pub quiet: bool,
    /// Print one JSON document instead of text.
    pub json: bool,
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
                s.options.blocks
            );
            (Vec::new(), loaded.warnings, figures)
        }
        Err(Error::Input(e)) => (e.0, Vec::new(), String::new()),
        Err(e) => return Err(e),
    };
    let valid = errors.is_empty();
    if report.json {
        write_json(
            out,
            &Json {
                valid,
                errors: errors.iter().map(ToString::to_string).collect(),
                warnings: warnings.iter().map(ToString::to_string).collect(),
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
    Ok(if valid {
        Outcome::Success
    } else {
        Outcome::Failure
    })
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
    }
    let scenario = load::load_dir(scenario_dir)?.scenario;
    let solution = crate::solution::io::read_dir(&scenario, solution_dir)?;
    let violations = crate::check::check(&scenario, &solution, mode);
    let mut counts: std::collections::BTreeMap<Rule, usize> = Default::default();
    for v in &violations {
        *counts.entry(v.rule).or_default() += 1;
    }
    let valid = violations.is_empty();
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
        } else if !report.quiet {
            text += &format!(
                "no violations: {} pupils, {} classes, {} meetings checked\n",
                scenario.pupils.len(),
                solution.classes.len(),
                solution.meetings.len()
            );
        }
        write_out(out, &text)?;
    }
    Ok(if valid {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}
