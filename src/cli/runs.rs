//! The reports of the commands whose work is in a library module of its own: `generate`,
//! `bench` and `compare` (the library returns the school, the rows, the table; this words them).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{write_json, write_out, Outcome, Report};
use crate::compare::{RowOutcome, Table};
use crate::error::{Error, Result};
use crate::generate::{GenerateOptions, MAX_PUPILS, MIN_PUPILS};

/// `tailor generate OUT`: writes a generated school to the folder `dir`, all or nothing.
pub fn generate(
    dir: &Path,
    opts: &GenerateOptions,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    if !(MIN_PUPILS..=MAX_PUPILS).contains(&opts.pupils) {
        return Err(Error::Usage(format!(
            "expected --pupils from {MIN_PUPILS} to {MAX_PUPILS}, found {}",
            opts.pupils
        )));
    }
    let raw = crate::generate::generate(opts);
    crate::load::write_dir(&raw, dir)?;
    if report.json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            folder: String,
            name: &'a str,
            pupils: usize,
            courses: usize,
            choices: usize,
            staff: usize,
            rooms: usize,
            blocks: u32,
            periods_per_block: u32,
        }
        let (blocks, periods_per_block) = raw_blocks(&raw);
        write_json(
            out,
            &Json {
                folder: dir.display().to_string(),
                name: &raw.school.name,
                pupils: raw.pupils.len(),
                courses: raw.courses.len(),
                choices: raw.choices.len(),
                staff: raw.staff.len(),
                rooms: raw.rooms.len(),
                blocks,
                periods_per_block,
            },
        )?;
    } else if !report.quiet {
        write_out(
            out,
            &format!(
                "{}: {} pupils, {} courses, {} choices, {} staff, {} rooms, {}\n",
                dir.display(),
                raw.pupils.len(),
                raw.courses.len(),
                raw.choices.len(),
                raw.staff.len(),
                raw.rooms.len(),
                blocks_text(&raw)
            ),
        )?;
    }
    Ok(Outcome::Success)
}

/// `tailor bench SPEC`: solves the suite's schools (or times the checker, `check`) and prints
/// seconds, gap and quality. Success when no result has violations.
pub fn bench(
    spec: &str,
    settings: &crate::bench::Settings,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    if spec == "check" {
        let rows = crate::bench::check_rows()?;
        if report.json {
            write_json(out, &rows)?;
        } else if !report.quiet {
            let mut text = format!(
                "{:>8} {:>9} {:>10} {:>10} {:>10}\n",
                "pupils", "meetings", "1 thread", "2 threads", "violations"
            );
            for r in &rows {
                text += &format!(
                    "{:>8} {:>9} {:>9.3}s {:>9.3}s {:>10}\n",
                    r.pupils, r.meetings, r.one_thread, r.two_threads, r.violations
                );
            }
            write_out(out, &text)?;
        }
        return Ok(Outcome::of(rows.iter().all(|r| r.violations == 0)));
    }
    if spec == "resolve" {
        // The old solve is given four times the limit (at least 120 s), so that the week it
        // publishes is complete.
        let old_time = (4.0 * settings.time_limit_s.unwrap_or(60.0)).max(120.0);
        let cases = crate::bench::suite(spec).unwrap_or_default();
        let rows = crate::bench::resolve_rows(&cases, old_time, settings)?;
        report.say(out, &rows, || crate::bench::resolve_text(&rows))?;
        return Ok(Outcome::of(
            rows.iter()
                .all(|r| r.violations + r.against_violations == 0),
        ));
    }
    let runner: &crate::compare::Runner<'_> = if spec == "blocks" {
        &crate::compare::blocks_runner
    } else {
        &crate::compare::solve_runner
    };
    let rows = crate::bench::run(spec, settings, runner)?;
    report.say(out, &rows, || crate::bench::text(&rows))?;
    Ok(Outcome::of(rows.iter().all(|r| r.violations == 0)))
}

fn show(table: &Table, out_dir: &Path, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    if report.json {
        write_json(out, table)?;
    } else if !report.quiet {
        write_out(
            out,
            &format!("{}\nwritten to {}\n", table.text(), out_dir.display()),
        )?;
    } else {
        let failed: String = table
            .rows
            .iter()
            .filter_map(|r| match &r.outcome {
                RowOutcome::Failed(e) => Some(format!("{}: failed: {e}\n", r.name)),
                RowOutcome::Solved(f) if f.violations > 0 => {
                    Some(format!("{}: {} violations\n", r.name, f.violations))
                }
                _ => None,
            })
            .collect();
        write_out(out, &failed)?;
    }
    Ok(Outcome::of(table.all_good()))
}

/// `tailor compare SWEEP --out DIR`: runs the sweep's variants (or a shard of them) and writes
/// the comparison. Each variant gets the whole week, checked.
pub fn compare(
    sweep: &Path,
    out_dir: &Path,
    settings: &crate::compare::Settings,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let compared = crate::compare::run(sweep, out_dir, settings, &crate::compare::solve_runner)?;
    if !report.quiet && !report.json {
        let text: String = compared
            .warnings
            .iter()
            .map(|w| format!("warning: {w}\n"))
            .collect();
        write_out(out, &text)?;
    }
    show(&compared.table, out_dir, report, out)
}

/// `tailor compare --merge DIR... --out DIR`: joins the comparisons of the shards of a sweep.
pub fn compare_merge(
    dirs: &[PathBuf],
    out_dir: &Path,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let merged = crate::compare::merge_dirs(dirs, out_dir)?;
    show(&merged, out_dir, report, out)
}

/// Blocks of a scenario as written, and the periods of its first block.
fn raw_blocks(raw: &crate::scenario::RawScenario) -> (u32, u32) {
    match &raw.school.options {
        Some(o) => (o.blocks, o.periods_per_block),
        None => (
            raw.school
                .schemes
                .iter()
                .map(|s| s.blocks.len() as u32)
                .sum(),
            raw.school
                .schemes
                .first()
                .and_then(|s| s.periods.get(0))
                .unwrap_or(0),
        ),
    }
}

/// The blocks in words: `6 blocks of 5 periods`, or `13 blocks in 3 schemes`.
fn blocks_text(raw: &crate::scenario::RawScenario) -> String {
    let (blocks, periods) = raw_blocks(raw);
    if raw.school.schemes.is_empty() {
        format!("{blocks} blocks of {periods} periods")
    } else {
        format!("{blocks} blocks in {} schemes", raw.school.schemes.len())
    }
}
