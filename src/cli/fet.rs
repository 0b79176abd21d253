//! The FET commands as library calls: `import fet` and `export fet`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{write_json, write_out, Outcome, Report};
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
    if report.json {
        write_json(out, &figures)?;
    } else if !report.quiet {
        write_out(
            out,
            &format!(
                "{}: {} activities as {} courses, {} pupils; {} hard constraints not carried\n{}",
                dir.display(),
                figures.activities,
                figures.courses,
                figures.pupils,
                figures.unsupported_hard,
                account.text()
            ),
        )?;
    }
    Ok(Outcome::Success)
}
