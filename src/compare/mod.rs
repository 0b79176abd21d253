//! What-if comparisons (`tailor compare`): a sweep file names a base scenario and variants of
//! it; each variant's edits are applied to the files as read, the result is validated like any
//! scenario, every variant is solved in parallel, and the results are compared in one table
//! with each variant's difference from the base.
//!
//! The work done per variant is a [`Runner`], so the engine does not depend on which solver
//! stage runs: [`blocks_runner`] designs the option blocks only; the command may pass one that
//! solves the whole week and checks it.
//!
//! 1. [`sweep`]: parsing sweep files (`[[variant]]` edits and `[grid]`);
//! 2. [`edit`]: applying edits to a [`RawScenario`];
//! 3. [`table`]: the figures of each result and the table as CSV, Markdown, text and JSON;
//! 4. [`shard`]: running a share of the variants on one machine, and merging the shares.

pub mod edit;
pub mod shard;
pub mod sweep;
pub mod table;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

pub use edit::{Dropped, NOT_OFFERED};
pub use shard::{merge, Shard};
pub use sweep::{parse_sweep, read_sweep, Sweep, Variant};
pub use table::{Figures, Outcome as RowOutcome, Row, Table};

use crate::atomic_dir::FolderWriter;
use crate::error::{Error, InputError, InputErrors, Place, Result};
use crate::load;
use crate::scenario::{RawScenario, Scenario};
use crate::solution::Solution;
use crate::solve;

/// The name of the first row: the base scenario, unedited.
pub const BASE: &str = "base";

/// The file names a comparison folder holds besides the variants' subfolders.
pub const TABLE_FILES: [&str; 3] = ["comparison.csv", "comparison.md", "comparison.json"];

/// A variant ready to run: its edited, validated scenario.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Index in the sweep (0 is the base).
    pub index: usize,
    /// Name.
    pub name: String,
    /// The scenario.
    pub scenario: Scenario,
    /// The choices that went with dropped courses.
    pub dropped: Vec<Dropped>,
    /// What is legal but probably not meant in this variant.
    pub warnings: Vec<InputError>,
}

/// One variant's work, as handed to a [`Runner`].
#[derive(Debug)]
pub struct Job<'a> {
    /// Index in the sweep (0 is the base).
    pub index: usize,
    /// Name.
    pub name: &'a str,
    /// The variant's scenario.
    pub scenario: &'a Scenario,
    /// Solver settings: the scenario's, with the comparison's time limit and thread share.
    pub options: solve::Options,
    /// Choices of courses the variant dropped: main ones are missed with the reason
    /// [`NOT_OFFERED`] (they are not in `scenario`, so they cannot be a `Solution`'s `unmet`;
    /// the engine counts them and lists them in `not-offered.csv` of `dir`).
    pub dropped: &'a [Dropped],
    /// The folder (existing, empty) where the runner writes the variant's solution.
    pub dir: PathBuf,
}

/// What a runner returns: the solution and the violations the checker found in it.
#[derive(Debug)]
pub struct VariantOutcome {
    /// The solution.
    pub solution: Solution,
    /// Violations, as people read them.
    pub violations: Vec<String>,
}

/// Solves, checks and writes one variant.
pub type Runner<'a> = dyn Fn(&Job<'_>) -> Result<VariantOutcome> + Sync + 'a;

/// A runner that designs the option blocks only (`solve::blocks`), checks them
/// (`--blocks-only` rules) and writes the variant's solution folder.
pub fn blocks_runner(job: &Job<'_>) -> Result<VariantOutcome> {
    let solution = solve::blocks(job.scenario, &job.options)?;
    finish(job, solution, crate::check::Mode::BlocksOnly)
}

/// A runner that solves the whole week, checks it and writes the variant's solution folder.
pub fn solve_runner(job: &Job<'_>) -> Result<VariantOutcome> {
    let solution = solve::solve(job.scenario, &job.options)?;
    finish(job, solution, crate::check::Mode::Full)
}

fn finish(job: &Job<'_>, solution: Solution, mode: crate::check::Mode) -> Result<VariantOutcome> {
    let checked = crate::pipeline::check_and_write(job.scenario, solution, mode, &job.dir)?;
    Ok(VariantOutcome {
        violations: checked.violations.iter().map(ToString::to_string).collect(),
        solution: checked.solution,
    })
}

/// How a comparison runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// Run only this share of the variants (and the base).
    pub shard: Option<Shard>,
    /// Seconds each solve may take (else the sweep's, else the scenario's).
    pub time_limit_s: Option<f64>,
    /// Threads in all (else the sweep's, else every core).
    pub threads: Option<u32>,
}

/// Applies every variant's edits to `base` and validates the results. Every problem of every
/// variant is reported together: edits at their place in the sweep file, validation errors of
/// a variant at the variant's line with its name.
pub fn prepare(sweep: &Sweep, base: &RawScenario) -> Result<Vec<Prepared>, InputErrors> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let all = std::iter::once((BASE, 0, &[][..])).chain(
        sweep
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.line, &v.edits[..])),
    );
    for (index, (name, line, edits)) in all.enumerate() {
        let mut raw = base.clone();
        let before = errors.len();
        let dropped = edit::apply(&mut raw, edits, &mut errors);
        if errors.len() > before {
            continue;
        }
        match load::resolve(&raw) {
            Ok(loaded) => out.push(Prepared {
                index,
                name: name.to_owned(),
                scenario: loaded.scenario,
                dropped,
                warnings: loaded.warnings,
            }),
            Err(InputErrors(es)) => {
                let place = Place::new(&sweep.file, (index > 0).then_some(line), None);
                errors.extend(
                    es.into_iter()
                        .map(|e| InputError::new(place.clone(), format!("variant {name:?}: {e}"))),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort();
        errors.dedup();
        Err(InputErrors(errors))
    }
}

/// The subfolder of row `index` named `name` among `rows` rows: `03-five-blocks`.
pub fn subfolder(index: usize, name: &str, rows: usize) -> String {
    let width = rows.saturating_sub(1).to_string().len().max(2);
    let mut slug = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' || ch == '_' {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{index:0width$}-{}", slug.trim_matches('-'))
}

/// Runs the prepared variants this shard runs, in parallel: with `T` threads and `V` variants,
/// `min(T, V)` at once, each solve with `max(1, T / min(T, V))` threads. Each variant's
/// solution goes to its own subfolder of `dir` (see [`subfolder`]). A variant that fails is a
/// row that says why; only an I/O error stops the comparison.
pub fn run_prepared(
    sweep: &Sweep,
    prepared: &[Prepared],
    settings: &Settings,
    dir: &Path,
    runner: &Runner<'_>,
) -> Result<Table> {
    let shard = settings.shard.unwrap_or(Shard::ALL);
    let names = sweep.names();
    let jobs: Vec<&Prepared> = prepared.iter().filter(|p| shard.runs(p.index)).collect();
    let threads = settings
        .threads
        .or(sweep.threads)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get() as u32))
        .max(1);
    let parallel = (threads as usize).min(jobs.len()).max(1);
    let solver_threads = (threads / parallel as u32).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(parallel)
        .build()
        .map_err(|e| {
            Error::Solver(crate::error::SolverError::Threads {
                threads: parallel,
                why: e.to_string(),
            })
        })?;
    let rows: Vec<Result<Row>> = pool.install(|| {
        jobs.par_iter()
            .map(|p| {
                let sub = dir.join(subfolder(p.index, &p.name, names.len()));
                std::fs::create_dir_all(&sub).map_err(|e| Error::io(&sub, e))?;
                let mut options = solve::Options::from_scenario(&p.scenario);
                if let Some(t) = settings.time_limit_s.or(sweep.time_limit_s) {
                    options.time_limit_s = t;
                }
                options.threads = solver_threads;
                let job = Job {
                    index: p.index,
                    name: &p.name,
                    scenario: &p.scenario,
                    options,
                    dropped: &p.dropped,
                    dir: sub.clone(),
                };
                let began = Instant::now();
                let outcome = match runner(&job) {
                    Ok(done) => {
                        if !p.dropped.is_empty() {
                            write_not_offered(&sub, &p.dropped)?;
                        }
                        table::Outcome::Solved(Figures::of(
                            &p.scenario,
                            &done.solution,
                            &p.dropped,
                            done.violations.len(),
                            began.elapsed().as_secs_f64(),
                        ))
                    }
                    Err(e @ Error::Io { .. }) => return Err(e),
                    Err(e) => table::Outcome::Failed(e.to_string()),
                };
                Ok(Row {
                    index: p.index,
                    name: p.name.clone(),
                    outcome,
                })
            })
            .collect()
    });
    Ok(Table {
        sweep: sweep.file.clone(),
        names,
        shard: settings.shard,
        rows: rows.into_iter().collect::<Result<_>>()?,
    })
}

/// Lists the choices of dropped courses as missed main choices, in the columns of `unmet.csv`.
fn write_not_offered(dir: &Path, dropped: &[Dropped]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["pupil", "course", "rank", "reserve", "reason"])
        .expect("writing to memory");
    for d in dropped {
        w.write_record([
            d.pupil.as_str(),
            &d.course,
            &d.rank.to_string(),
            if d.reserve { "1" } else { "0" },
            NOT_OFFERED,
        ])
        .expect("writing to memory");
    }
    let path = dir.join("not-offered.csv");
    std::fs::write(&path, w.into_inner().expect("writing to memory"))
        .map_err(|e| Error::io(path, e))
}

/// Reads the base of `sweep`, prepares every variant and runs this shard's share into `dir`.
pub fn run_sweep(
    sweep: &Sweep,
    settings: &Settings,
    dir: &Path,
    runner: &Runner<'_>,
) -> Result<Table> {
    let base = load::read_dir(&sweep.base)?;
    let prepared = prepare(sweep, &base)?;
    run_prepared(sweep, &prepared, settings, dir, runner)
}

/// Writes the table files of `table` into a folder being written.
fn write_table(w: &FolderWriter, table: &Table) -> Result<()> {
    w.file(TABLE_FILES[0], &table.csv())?;
    w.file(TABLE_FILES[1], table.markdown().as_bytes())?;
    w.file(TABLE_FILES[2], table.json().as_bytes())?;
    w.file(
        "report.html",
        table.html(&crate::report::Meta::now()).as_bytes(),
    )
}

/// A comparison: its table, and the warnings of the variants' scenarios.
#[derive(Debug)]
pub struct Compared {
    /// The table.
    pub table: Table,
    /// `variant: warning` for every warning of a variant's scenario.
    pub warnings: Vec<String>,
}

/// `tailor compare SWEEP --out DIR`: runs the sweep (or one shard of it) with `runner` and
/// writes `comparison.csv`, `comparison.md`, `comparison.json` and a subfolder per variant to
/// `out_dir`, all or nothing.
pub fn run(
    sweep_file: &Path,
    out_dir: &Path,
    settings: &Settings,
    runner: &Runner<'_>,
) -> Result<Compared> {
    let sweep = read_sweep(sweep_file)?;
    let base = load::read_dir(&sweep.base)?;
    let prepared = prepare(&sweep, &base)?;
    let warnings = prepared
        .iter()
        .flat_map(|p| p.warnings.iter().map(|w| format!("{}: {w}", p.name)))
        .collect();
    let w = FolderWriter::new(out_dir)?;
    let table = run_prepared(&sweep, &prepared, settings, w.path(), runner)?;
    write_table(&w, &table)?;
    w.commit()?;
    Ok(Compared { table, warnings })
}

/// Reads the table a comparison wrote to `dir`.
pub fn read_table(dir: &Path) -> Result<Table> {
    let path = dir.join(TABLE_FILES[2]);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| {
        InputErrors(vec![InputError::new(
            Place::new(&path.display().to_string(), Some(e.line() as u64), None),
            format!("expected a comparison table written by tailor compare: {e}"),
        )])
        .into()
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// `tailor compare --merge DIR... --out DIR`: joins the shards' comparisons into the one a
/// single run makes, with each variant's subfolder from the shard that ran it.
pub fn merge_dirs(dirs: &[PathBuf], out_dir: &Path) -> Result<Table> {
    let tables = dirs
        .iter()
        .map(|d| read_table(d))
        .collect::<Result<Vec<_>>>()?;
    let merged = merge(&tables)?;
    let w = FolderWriter::new(out_dir)?;
    let rows = merged.names.len();
    for (dir, t) in dirs.iter().zip(&tables) {
        let shard = t.shard.unwrap_or(Shard::ALL);
        for r in t.rows.iter().filter(|r| shard.owns(r.index)) {
            let sub = subfolder(r.index, &r.name, rows);
            if dir.join(&sub).is_dir() {
                copy_dir(&dir.join(&sub), &w.path().join(&sub))?;
            }
        }
    }
    write_table(&w, &merged)?;
    w.commit()?;
    Ok(merged)
}
