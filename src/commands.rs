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

/// `tailor compare SWEEP --out DIR`: runs the sweep's variants (or a shard of them) and writes
/// the comparison. Each variant is solved with the option-blocks stage.
pub fn compare(
    sweep: &Path,
    out_dir: &Path,
    settings: &crate::compare::Settings,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    crate::compare::run(
        sweep,
        out_dir,
        settings,
        &crate::compare::blocks_runner,
        report,
        out,
    )
}

/// `tailor compare --merge DIR... --out DIR`: joins the comparisons of the shards of a sweep.
pub fn compare_merge(
    dirs: &[std::path::PathBuf],
    out_dir: &Path,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    crate::compare::merge_dirs(dirs, out_dir, report, out)
}

/// `tailor bench SPEC`: solves the suite's schools and prints seconds, gap and quality.
pub fn bench(
    spec: &str,
    settings: &crate::bench::Settings,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    crate::bench::run(spec, settings, &crate::compare::blocks_runner, report, out)
}
