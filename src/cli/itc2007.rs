//! The ITC2007 commands as library calls: `import itc2007`, `export itc2007`, `itc2007
//! evaluate` and `bench itc2007`.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::{write_json, write_out, Outcome, Report};
use crate::error::{Error, Result};
use crate::itc2007::{
    evaluate as score_of, import as import_raw, parse_named, Score, Sln, BEST_KNOWN,
};
use crate::load;
use crate::place::{self, Options};

/// Settings of a solving command; `None` takes the scenario's `[solve]` value or the default.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunSettings {
    /// Wall-clock limit in seconds.
    pub time_limit_s: Option<f64>,
    /// Seed of the heuristics.
    pub seed: Option<u64>,
    /// Threads for HiGHS.
    pub threads: Option<u32>,
}

impl RunSettings {
    fn options(&self, solve: &crate::scenario::SolveSettings, default_time: f64) -> Options {
        Options {
            time_limit_s: self
                .time_limit_s
                .or(solve.time_limit_s)
                .unwrap_or(default_time),
            seed: self.seed.or(solve.seed).unwrap_or(1),
            threads: self.threads.or(solve.threads).unwrap_or(1),
            itc_soft: true,
        }
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// One line of figures: valid, unplaced, distance, soft cost and its parts.
pub fn score_line(s: &Score) -> String {
    format!(
        "{}, {} unplaced, distance to feasibility {}, soft cost {} (last period {}, long runs {}, single days {})",
        if s.violations.is_empty() { "valid" } else { "INVALID" },
        s.unplaced,
        s.distance,
        s.soft,
        s.last_period,
        s.long_runs,
        s.single_days
    )
}

/// `tailor import itc2007 FILE.tim --out DIR`: converts an instance to a scenario folder.
pub fn import(file: &Path, dir: &Path, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let inst = parse_named(&file_name(file), &read(file)?)?;
    let name = file
        .file_stem()
        .map_or("itc2007".into(), |n| n.to_string_lossy().into_owned());
    let raw = import_raw(&inst, &name);
    // The scenario must load; an error here is a bug of the importer, reported as input.
    load::resolve(&raw)?;
    load::write_dir(&raw, dir)?;
    #[derive(Serialize)]
    struct Json<'a> {
        scenario: &'a Path,
        events: usize,
        rooms: usize,
        students: usize,
        orderings: usize,
    }
    let figures = Json {
        scenario: dir,
        events: inst.events,
        rooms: inst.rooms.len(),
        students: inst.attends.len(),
        orderings: inst.before.len(),
    };
    report.say(out, &figures, || {
        format!(
            "{}: {} events, {} rooms, {} students, {} orderings\n",
            dir.display(),
            figures.events,
            figures.rooms,
            figures.students,
            figures.orderings
        )
    })?;
    Ok(Outcome::Success)
}

/// `tailor export itc2007 SOLUTION_OR_SCENARIO --out FILE.sln`: writes the competition's `.sln`
/// of a solution folder (solved from an imported instance), or timetables an all-fixed scenario
/// first; prints our evaluation of it.
pub fn export(
    dir: &Path,
    sln_path: &Path,
    settings: RunSettings,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    // A solution folder (it has classes.csv) is exported as it is, against the scenario it was
    // solved from; a scenario folder is timetabled first.
    let solution_dir = dir.join("classes.csv").is_file().then_some(dir);
    let scenario_dir = match solution_dir {
        Some(sol) => crate::solution::io::scenario_dir_of(sol)?,
        None => dir.to_path_buf(),
    };
    let loaded = load::load_dir(&scenario_dir)?;
    let s = &loaded.scenario;
    let inst = crate::itc2007::from_scenario(s)?;
    let sol = match solution_dir {
        Some(sol) => crate::solution::io::read_dir(s, sol)?,
        None => crate::itc2007::solve_fixed(s, &settings.options(&s.solve, 300.0))?,
    };
    let sln = crate::itc2007::sln_from_solution(s, &sol);
    crate::atomic_dir::write_file(sln_path, sln.to_text().as_bytes())?;
    let score = score_of(&inst, &sln);
    report.say(out, &score, || {
        format!("{}: {}\n", sln_path.display(), score_line(&score))
    })?;
    Ok(Outcome::of(score.feasible()))
}

/// `tailor itc2007 evaluate FILE.tim FILE.sln`: the competition's figures for a solution.
pub fn evaluate(tim: &Path, sln: &Path, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let inst = parse_named(&file_name(tim), &read(tim)?)?;
    let sol = Sln::parse(&file_name(sln), &read(sln)?, inst.events)?;
    let score = score_of(&inst, &sol);
    if report.json {
        write_json(out, &score)?;
    } else {
        let mut text = format!("{}: {}\n", sln.display(), score_line(&score));
        for v in score.violations.iter().take(20) {
            text += &format!("violation: {v}\n");
        }
        if score.violations.len() > 20 {
            text += &format!("... and {} more violations\n", score.violations.len() - 20);
        }
        write_out(out, &text)?;
    }
    Ok(Outcome::of(score.feasible()))
}

/// One row of the bench table.
#[derive(Clone, Debug, Serialize)]
pub struct BenchRow {
    /// Instance number (1-16).
    pub instance: u32,
    /// Events.
    pub events: usize,
    /// Every event placed and no rule broken.
    pub feasible: bool,
    /// Our evaluation.
    pub score: Score,
    /// Wall-clock seconds of the placement.
    pub seconds: f64,
    /// Best published soft cost.
    pub best_known: Option<u64>,
}

/// `tailor bench itc2007`: places each instance `data/comp-2007-2-N.tim` in turn within the
/// time limit (default 300 s, the competition's budget) and prints a table with the best
/// published soft costs; solutions go to `sln_dir` when given.
pub fn bench(
    data: &Path,
    instances: &[u32],
    settings: RunSettings,
    sln_dir: Option<&Path>,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let options = settings.options(&Default::default(), 300.0);
    let mut rows = Vec::new();
    if !report.json && !report.quiet {
        write_out(
            out,
            &format!(
                "ITC2007 track 2, {} s per instance, seed {}\n{:>8} {:>6} {:>9} {:>9} {:>6} {:>8} {:>10}\n",
                options.time_limit_s,
                options.seed,
                "instance",
                "events",
                "feasible",
                "distance",
                "soft",
                "seconds",
                "best known"
            ),
        )?;
    }
    for &k in instances {
        let path = data.join(format!("comp-2007-2-{k}.tim"));
        let inst = parse_named(&file_name(&path), &read(&path)?)?;
        let started = Instant::now();
        let placement = place::place(&inst.problem(), &options);
        let seconds = started.elapsed().as_secs_f64();
        let sln = Sln::from_placement(&placement);
        if let Some(d) = sln_dir {
            crate::atomic_dir::write_file(
                &d.join(format!("comp-2007-2-{k}.sln")),
                sln.to_text().as_bytes(),
            )?;
        }
        let score = score_of(&inst, &sln);
        let row = BenchRow {
            instance: k,
            events: inst.events,
            feasible: score.feasible(),
            best_known: (k as usize)
                .checked_sub(1)
                .and_then(|i| BEST_KNOWN.get(i))
                .copied(),
            score,
            seconds,
        };
        if !report.json && !report.quiet {
            write_out(
                out,
                &format!(
                    "{:>8} {:>6} {:>9} {:>9} {:>6} {:>8.1} {:>10}\n",
                    row.instance,
                    row.events,
                    if row.feasible { "yes" } else { "no" },
                    row.score.distance,
                    row.score.soft,
                    row.seconds,
                    row.best_known.map_or("-".into(), |b| b.to_string())
                ),
            )?;
        }
        rows.push(row);
    }
    if report.json {
        write_json(out, &rows)?;
    }
    let broken = rows.iter().any(|r| !r.score.violations.is_empty());
    Ok(Outcome::of(!(broken)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_import_and_export_commands_work_on_files() {
        let dir = tempfile::tempdir().unwrap();
        let tim_path = dir.path().join("tiny.tim");
        std::fs::write(&tim_path, crate::itc2007::tests::tiny()).unwrap();
        let scen = dir.path().join("tiny");
        let report = super::super::Report::default();
        let mut out = Vec::new();
        let r = super::import(&tim_path, &scen, report, &mut out).unwrap();
        assert_eq!(r, super::super::Outcome::Success);
        let sln = dir.path().join("tiny.sln");
        let settings = super::RunSettings {
            time_limit_s: Some(3.0),
            ..Default::default()
        };
        let r = super::export(&scen, &sln, settings, report, &mut out).unwrap();
        assert_eq!(r, super::super::Outcome::Success);
        let r = super::evaluate(&tim_path, &sln, report, &mut out).unwrap();
        assert_eq!(r, super::super::Outcome::Success);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("valid, 0 unplaced, distance to feasibility 0, soft cost 1"),
            "{text}"
        );
    }
}
