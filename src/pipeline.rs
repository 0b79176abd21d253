//! The whole run, in order: load ([`crate::load`]) → solve ([`crate::solve::solve`]: option
//! design → sectioning → teaching and staffing → week) → check ([`crate::check`]) → write
//! ([`crate::solution::io`]). [`check_and_write`] is the end that `tailor solve`,
//! `tailor blocks` and every variant of `tailor compare` share: a result is only reported once
//! the independent checker has judged it.

use std::path::Path;
use std::time::Instant;

use crate::atomic_dir::FolderWriter;
use crate::check::{self, Mode, Violation};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::solution::Solution;

/// A solution and what the checker found in it.
#[derive(Debug)]
pub struct Checked {
    /// The solution, with the checker's seconds in its summary.
    pub solution: Solution,
    /// Every violation (none for a valid solution).
    pub violations: Vec<Violation>,
}

impl Checked {
    /// Whether the solution has no violation and is complete.
    pub fn ok(&self) -> bool {
        self.violations.is_empty() && self.solution.summary.complete
    }
}

/// Checks `solution` with the rules of `mode`, then writes it (CSV files, `summary.json` and
/// `report.html`) to the folder `dir`, all or nothing. A solution with violations is written
/// too, for inspection.
pub fn check_and_write(
    scenario: &Scenario,
    mut solution: Solution,
    mode: Mode,
    dir: &Path,
) -> Result<Checked> {
    let t = Instant::now();
    let violations = check::check(scenario, &solution, mode);
    solution
        .summary
        .seconds
        .insert("check".into(), t.elapsed().as_secs_f64());
    let w = FolderWriter::new(dir)?;
    for (name, bytes) in crate::solution::io::write_files(scenario, &solution) {
        w.file(name, &bytes)?;
    }
    w.file(
        "report.html",
        crate::report::html(scenario, &solution, &crate::report::Meta::now()).as_bytes(),
    )?;
    w.commit()?;
    Ok(Checked {
        solution,
        violations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checked_solution_is_written_with_its_report_and_an_invalid_one_is_not_ok() {
        let scenario = crate::load::load_dir(Path::new("tests/fixtures/tiny/scenario"))
            .unwrap()
            .scenario;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sol");
        // An empty solution leaves every pupil without classes: violations, still written.
        let checked = check_and_write(&scenario, Solution::default(), Mode::Full, &out).unwrap();
        assert!(!checked.violations.is_empty());
        assert!(!checked.ok());
        assert!(out.join("report.html").is_file() && out.join("summary.json").is_file());
        assert!(checked.solution.summary.seconds.contains_key("check"));
    }
}
