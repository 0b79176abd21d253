//! A timetabler's own decisions read from CSV: courses pinned to blocks (`--fix`) and whole
//! hand-made block designs (`--evaluate`), and how many pupils a given design fits.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, InputError, InputErrors, Result};
use crate::ids::*;
use crate::load::read_table;
use crate::scenario::{CourseKind, Scenario};
use crate::solve::Pin;

/// One row of a block design: `classes` classes of `course` in `block`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockRow {
    /// The course.
    pub course: CourseId,
    /// The block (named in the file).
    pub block: BlockId,
    /// Classes there.
    pub classes: u32,
}

fn read_rows(
    scenario: &Scenario,
    file: &str,
    reader: impl Read,
    classes_required: bool,
) -> Result<Vec<(BlockRow, bool)>, InputErrors> {
    let mut errors: Vec<InputError> = Vec::new();
    let names: Vec<&str> = scenario.blocks.iter().map(|b| b.name.as_str()).collect();
    let optional: &[&'static str] = if classes_required { &[] } else { &["classes"] };
    let required: &[&'static str] = if classes_required {
        &["block", "course", "classes"]
    } else {
        &["block", "course"]
    };
    let rows = read_table(file, reader, required, optional, &mut errors, |c| {
        let block_name = c.string("block");
        let block = scenario.block_ids.get(&block_name);
        if block.is_none() {
            c.expected(
                "block",
                format!("a block name of school.toml ({})", names.join(";")),
                &block_name,
            );
        }
        let name = c.string("course");
        let course = match scenario.course_ids.get(&name) {
            Some(id) if scenario.courses[id].kind == CourseKind::Option => Some(id),
            _ => {
                c.expected("course", "an option course id from courses.csv", &name);
                None
            }
        };
        if let (Some(course), Some(b)) = (course, block) {
            if !scenario.courses[course].blocks.contains(&b) {
                c.expected(
                    "block",
                    format!(
                        "a block {name} may run in ({})",
                        scenario.courses[course]
                            .blocks
                            .iter()
                            .map(|&x| scenario.blocks[x].name.as_str())
                            .collect::<Vec<_>>()
                            .join(";")
                    ),
                    &block_name,
                );
                return None;
            }
        }
        let given = c.has("classes") && !c.text("classes").is_empty();
        let classes = if given { c.number("classes") } else { 1 };
        Some((
            BlockRow {
                course: course?,
                block: block?,
                classes,
            },
            given,
        ))
    });
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(InputErrors(errors))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| Error::io(path, e))
}

/// Reads `--fix FIXED.csv`: `course,block[,classes]` rows pinning courses to blocks.
pub fn read_pins(scenario: &Scenario, path: &Path) -> Result<Vec<Pin>> {
    Ok(read_pins_from(scenario, &file_name(path), open(path)?)?)
}

/// Reads pins from any reader.
pub fn read_pins_from(
    scenario: &Scenario,
    file: &str,
    reader: impl Read,
) -> Result<Vec<Pin>, InputErrors> {
    Ok(read_rows(scenario, file, reader, false)?
        .into_iter()
        .map(|(r, given)| Pin {
            course: r.course,
            block: r.block,
            classes: given.then_some(r.classes),
        })
        .collect())
}

/// Reads `--evaluate MY_BLOCKS.csv`: `block,course,classes` rows of a whole design.
pub fn read_design(scenario: &Scenario, path: &Path) -> Result<Vec<BlockRow>> {
    Ok(read_design_from(scenario, &file_name(path), open(path)?)?)
}

/// Reads a design from any reader.
pub fn read_design_from(
    scenario: &Scenario,
    file: &str,
    reader: impl Read,
) -> Result<Vec<BlockRow>, InputErrors> {
    Ok(read_rows(scenario, file, reader, true)?
        .into_iter()
        .map(|(r, _)| r)
        .collect())
}

/// How many pupils a design fits, ignoring class sizes: pupils whose main option courses can
/// each be taken in a distinct block, and the clashes that stop the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    /// Pupils with option choices.
    pub pupils: usize,
    /// Of those, pupils whose main choices fit in distinct blocks.
    pub fitting: usize,
    /// Sets of courses that stop pupils, with how many pupils each stops, most first.
    pub clashes: Vec<(Vec<CourseId>, usize)>,
}

/// Checks every pupil against the design, in parallel: a small matching problem per pupil
/// (Hall's condition over their courses' block sets).
pub fn fit(scenario: &Scenario, design: &[BlockRow]) -> Fit {
    let mut mask: HashMap<CourseId, u64> = HashMap::new();
    for r in design {
        if r.classes > 0 {
            *mask.entry(r.course).or_default() |= 1 << scenario.block_position(r.block);
        }
    }
    let results: Vec<Option<Option<Vec<CourseId>>>> = scenario
        .pupils
        .as_slice()
        .par_iter()
        .map(|p| {
            let main: Vec<CourseId> = p
                .main_choices()
                .filter(|c| scenario.courses[c.course].kind == CourseKind::Option)
                .map(|c| c.course)
                .collect();
            if main.is_empty() {
                return None;
            }
            // The smallest set of courses that breaks Hall's condition, if any.
            let masks: Vec<u64> = main
                .iter()
                .map(|c| mask.get(c).copied().unwrap_or(0))
                .collect();
            let worst = crate::matching::violator(&masks)
                .map(|set| set.into_iter().map(|i| main[i]).collect::<Vec<CourseId>>());
            Some(worst)
        })
        .collect();
    let pupils = results.iter().filter(|r| r.is_some()).count();
    let fitting = results.iter().filter(|r| matches!(r, Some(None))).count();
    let mut counts: HashMap<Vec<CourseId>, usize> = HashMap::new();
    for set in results.into_iter().flatten().flatten() {
        *counts.entry(set).or_default() += 1;
    }
    let mut clashes: Vec<(Vec<CourseId>, usize)> = counts.into_iter().collect();
    clashes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Fit {
        pupils,
        fitting,
        clashes,
    }
}

/// The clashes in words: "History + Geography (only in block 2): 7 pupils".
pub fn describe(scenario: &Scenario, design: &[BlockRow], fit: &Fit, limit: usize) -> String {
    let mut out = format!(
        "{} of {} pupils fit the given blocks\n",
        fit.fitting, fit.pupils
    );
    for (set, n) in fit.clashes.iter().take(limit) {
        let names: Vec<String> = set
            .iter()
            .map(|&c| {
                let blocks: Vec<String> = design
                    .iter()
                    .filter(|r| r.course == c && r.classes > 0)
                    .map(|r| scenario.blocks[r.block].name.clone())
                    .collect();
                let at = if blocks.is_empty() {
                    "not running".to_owned()
                } else {
                    format!("block {}", blocks.join("/"))
                };
                format!("{} ({at})", scenario.courses[c].name)
            })
            .collect();
        out += &format!("  {}: {n} pupils\n", names.join(" + "));
    }
    out
}
