//! The FET commands as library calls: `import fet` and `export fet`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Outcome, Report};
use crate::atomic_dir::FolderWriter;
use crate::error::{Error, Result};
use crate::fet;
use crate::load;

/// The file holding the imported FET file inside a scenario folder (read back by `export fet`).
pub const SOURCE: &str = "source.fet";
/// The account of the constraints inside a scenario folder.
pub const ACCOUNT: &str = "IMPORT.md";

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Figures of one import (also `--json`).
#[derive(Clone, Debug, Serialize)]
pub struct Imported {
    /// The scenario folder written.
    pub scenario: String,
    /// Active activities.
    pub activities: usize,
    /// Courses made.
    pub courses: usize,
    /// Pupils made.
    pub pupils: usize,
    /// Hard (100%) constraints not carried.
    pub unsupported_hard: usize,
    /// Not carried or approximated, one line per kind and status.
    pub not_carried: Vec<String>,
}

/// `tailor import fet FILE.fet --out DIR`: converts a FET file to a scenario folder with
/// `IMPORT.md` (every constraint and what became of it) and a copy of the file (`source.fet`).
pub fn import(file: &Path, dir: &Path, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let name = file_name(file);
    let parsed = fet::parse(&name, &bytes[..])?;
    let stem = file
        .file_stem()
        .map_or("fet".into(), |n| n.to_string_lossy().into_owned());
    let (raw, account) = fet::import::import(&parsed, &name, &stem)?;
    // The scenario must load; an error here is the file's (a course with too few slots left).
    load::resolve(&raw)?;
    let w = FolderWriter::new(dir)?;
    for (f, b) in load::write_raw(&raw) {
        w.file(f, &b)?;
    }
    let md = account.markdown(&name);
    w.file(ACCOUNT, md.as_bytes())?;
    w.file(SOURCE, &bytes)?;
    w.commit()?;
    let figures = Imported {
        scenario: dir.display().to_string(),
        activities: account.activities,
        courses: account.courses,
        pupils: account.pupils,
        unsupported_hard: account.unsupported_hard(),
        not_carried: account
            .text()
            .lines()
            .map(|l| l.trim().to_owned())
            .collect(),
    };
    report.say(out, &figures, || {
        format!(
            "{}: {} activities as {} courses, {} pupils; {} hard constraints not carried\n{}",
            dir.display(),
            figures.activities,
            figures.courses,
            figures.pupils,
            figures.unsupported_hard,
            account.text()
        )
    })?;
    Ok(Outcome::Success)
}

/// The CSV timetable written beside `FILE.fet`: `FILE_timetable.csv`, as FET names it.
pub fn csv_path(fet_path: &Path) -> std::path::PathBuf {
    let stem = fet_path
        .file_stem()
        .map_or("fet".into(), |n| n.to_string_lossy().into_owned());
    fet_path.with_file_name(format!("{stem}_timetable.csv"))
}

/// `tailor export fet SOLUTION --out FILE.fet`: the FET file the solved scenario was imported
/// from, with every activity's start and room locked where tailor placed it, and FET's CSV
/// timetable beside it (`FILE_timetable.csv`).
pub fn export(
    solution_dir: &Path,
    scenario_dir: Option<&Path>,
    fet_path: &Path,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let scenario_dir = crate::solution::io::scenario_dir_for(solution_dir, scenario_dir)?;
    let source_path = scenario_dir.join(SOURCE);
    let source = std::fs::read_to_string(&source_path).map_err(|e| Error::io(&source_path, e))?;
    let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
    let parsed = fet::parse_str(SOURCE, source)?;
    let loaded = load::load_dir(&scenario_dir)?;
    let s = &loaded.scenario;
    let sol = crate::solution::io::read_dir(s, solution_dir)?;
    let placed = fet::export::placements(&parsed, s, &sol)?;
    let text = fet::export::locked_file(source, &parsed, &placed)?;
    let csv = fet::export::timetable_csv(&parsed, &placed);
    crate::atomic_dir::write_file(fet_path, text.as_bytes())?;
    let csv_file = csv_path(fet_path);
    crate::atomic_dir::write_file(&csv_file, csv.as_bytes())?;
    let active = parsed.activities.iter().filter(|a| a.active).count();
    #[derive(Serialize)]
    struct Json {
        file: String,
        timetable_csv: String,
        activities: usize,
        locked: usize,
    }
    let j = Json {
        file: fet_path.display().to_string(),
        timetable_csv: csv_file.display().to_string(),
        activities: active,
        locked: placed.len(),
    };
    report.say(out, &j, || {
        format!(
            "{}: {} of {} active activities locked in time ({} in a room); {}\n",
            j.file,
            j.locked,
            j.activities,
            placed.iter().filter(|p| p.room.is_some()).count(),
            j.timetable_csv
        )
    })?;
    Ok(Outcome::of(placed.len() == active))
}

/// For `tailor check`: the per-constraint table of the FET file a scenario was imported from
/// (`None` when the scenario has no `source.fet`, or it cannot be read again).
pub fn check_table(
    scenario_dir: &Path,
    scenario: &crate::scenario::Scenario,
    solution: &crate::solution::Solution,
) -> Option<std::collections::BTreeMap<String, fet::rules::Row>> {
    let source = std::fs::read(scenario_dir.join(SOURCE)).ok()?;
    let parsed = fet::parse(SOURCE, &source[..]).ok()?;
    let placed = fet::export::placements(&parsed, scenario, solution).ok()?;
    Some(fet::rules::judge(&parsed, &placed))
}

/// One row of the FET table in `tailor check --json`: the constraint type and its figures.
#[derive(Serialize)]
pub struct TableRow<'a> {
    /// The constraint type (`ConstraintBreakTimes`).
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Its figures.
    #[serde(flatten)]
    pub row: &'a fet::rules::Row,
}
