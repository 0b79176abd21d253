//! Lesson shapes at load: `courses.csv` columns `pattern` and `split`, `school.toml`
//! `[week] breaks` and `[options] pattern`. Each is parsed, checked against the week, the
//! course's periods and its staff, and every problem is reported with its place.

use crate::error::{InputError, Place};
use crate::ids::{BlockId, CourseId, KeyedVec, StaffId};
use crate::scenario::*;

/// Parses `+`-joined whole numbers of at least 1 (`2+1+1`), longest first; `None` when the text
/// is not of that form.
pub fn parse_parts(text: &str) -> Option<Vec<u32>> {
    let mut parts = Vec::new();
    for p in text.split('+') {
        let n: u32 = p.trim().parse().ok()?;
        if n == 0 {
            return None;
        }
        parts.push(n);
    }
    parts.sort_unstable_by(|a, b| b.cmp(a));
    Some(parts)
}

/// Writes parts as `+`-joined numbers, longest first.
pub fn parts_text(parts: &[u32]) -> String {
    parts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join("+")
}

/// The longest meeting the week allows: consecutive periods of one day without a break.
fn longest_run(week: &Week) -> u32 {
    let mut best = 0;
    let mut run = 0;
    for p in 0..week.periods.len() {
        run += 1;
        best = best.max(run);
        if week.break_after(p) {
            run = 0;
        }
    }
    best
}

/// What is wrong with a pattern for `periods` weekly periods in `week`, if anything: the
/// expectation, in words.
pub(crate) fn pattern_problem(parts: &[u32], periods: u32, week: &Week) -> Option<String> {
    let sum: u32 = parts.iter().sum();
    let longest = longest_run(week);
    if sum != periods {
        Some(format!(
            "lengths that sum to its periods ({periods}), such as 2+1+1"
        ))
    } else if parts.len() > week.days.len() {
        Some(format!(
            "at most {} meetings (one a day; the week has {} days)",
            week.days.len(),
            week.days.len()
        ))
    } else if parts.iter().any(|&p| p > longest) {
        Some(format!(
            "meetings of at most {longest} periods (the longest stretch of a day without a break)"
        ))
    } else {
        None
    }
}

/// The week's breaks, per period of a day (names that are not periods are reported by
/// [`check_school`] and ignored here).
pub(super) fn breaks(school: &SchoolFile) -> Vec<bool> {
    school
        .week
        .periods
        .iter()
        .map(|p| school.week.breaks.contains(p))
        .collect()
}

/// The `[options]` pattern as parsed, longest first (empty when absent or wrong).
pub(crate) fn block_pattern(school: &SchoolFile) -> Vec<u32> {
    school
        .options
        .as_ref()
        .and_then(|o| o.pattern.as_deref())
        .and_then(parse_parts)
        .unwrap_or_default()
}

/// Checks `[week] breaks` and `[options] pattern` of `school.toml`; `bad(key, expected,
/// found)` reports a problem at the line of `key`.
pub(super) fn check_school(school: &SchoolFile, bad: &mut dyn FnMut(&str, &str, String)) {
    let week = &school.week;
    for (i, b) in week.breaks.iter().enumerate() {
        if !week.periods.contains(b) {
            bad(
                "breaks",
                &format!(
                    "period names from [week] periods ({})",
                    week.periods.join(";")
                ),
                b.clone(),
            );
        } else if week.breaks[..i].contains(b) {
            bad("breaks", "distinct period names", b.clone());
        }
    }
    let Some(options) = &school.options else {
        return;
    };
    let Some(text) = &options.pattern else {
        return;
    };
    let w = Week {
        closed: crate::ids::SlotSet::EMPTY,
        days: week.days.clone(),
        periods: week.periods.clone(),
        breaks: breaks(school),
    };
    match parse_parts(text) {
        None => bad(
            "pattern",
            "meeting lengths joined by + (such as 2+1+1)",
            text.clone(),
        ),
        Some(parts) => {
            if let Some(want) = pattern_problem(&parts, options.periods_per_block, &w) {
                bad(
                    "pattern",
                    &want.replace("its periods", "periods_per_block"),
                    text.clone(),
                );
            }
        }
    }
}

/// Whether the runs `pattern` can be shared among teachers so that each gets exactly the
/// periods of one part of `split` (a run keeps one teacher).
fn split_fits(pattern: &[u32], split: &[u32]) -> bool {
    fn go(pattern: &[u32], bins: &mut [u32]) -> bool {
        let Some((&first, rest)) = pattern.split_first() else {
            return bins.iter().all(|&b| b == 0);
        };
        for k in 0..bins.len() {
            if bins[k] >= first && !bins[..k].contains(&bins[k]) {
                bins[k] -= first;
                let ok = go(rest, bins);
                bins[k] += first;
                if ok {
                    return true;
                }
            }
        }
        false
    }
    let mut bins = split.to_vec();
    go(pattern, &mut bins)
}

/// Resolves the `pattern` and `split` of every course (`lines`: each course's line in
/// `courses.csv`) and reports what is wrong with them.
pub(super) fn courses(
    raw: &RawScenario,
    week: &Week,
    lines: &KeyedVec<CourseId, u64>,
    courses: &mut KeyedVec<CourseId, Course>,
    blocks: &KeyedVec<BlockId, Block>,
    staff: &KeyedVec<StaffId, Staff>,
    errors: &mut Vec<InputError>,
) {
    let f = "courses.csv";
    for (cid, line) in lines.iter_enumerated() {
        let Some(r) = raw.courses.iter().find(|r| r.line == *line) else {
            continue;
        };
        let mut err = |column: &str, expected: String, found: &str| {
            errors.push(InputError::expected(
                Place::new(f, Some(r.line), Some(column)),
                expected,
                found,
            ));
        };
        let c = &courses[cid];
        let mut pattern = Vec::new();
        // An option course's runs are its blocks'; with a pattern of its own it runs only in
        // the blocks of that pattern.
        let mut allowed = c.blocks.clone();
        let block_runs = |list: &[BlockId]| -> Vec<u32> {
            list.first()
                .map(|&b| blocks[b].pattern.clone())
                .unwrap_or_default()
        };
        if !r.pattern.is_empty() {
            match parse_parts(&r.pattern) {
                None => err(
                    "pattern",
                    "meeting lengths joined by + (such as 2+1+1)".into(),
                    &r.pattern,
                ),
                Some(parts) => {
                    if let Some(want) = pattern_problem(&parts, c.periods, week) {
                        err("pattern", want, &r.pattern);
                    } else if c.kind == CourseKind::Option
                        && !c.blocks.iter().any(|&b| blocks[b].pattern == parts)
                    {
                        let mut known: Vec<String> = c
                            .blocks
                            .iter()
                            .map(|&b| parts_text(&blocks[b].pattern))
                            .filter(|t| !t.is_empty())
                            .collect();
                        known.sort();
                        known.dedup();
                        let want = if known.is_empty() {
                            format!(
                                "no pattern: an option course with a pattern runs only in blocks of that pattern, and {} none",
                                if raw.school.options.is_some() { "[options] has" } else { "its blocks have" }
                            )
                        } else {
                            format!(
                                "the pattern of some block it may run in ({}) or none",
                                known.join(", ")
                            )
                        };
                        err("pattern", want, &r.pattern);
                    } else {
                        if c.kind == CourseKind::Option {
                            allowed.retain(|&b| blocks[b].pattern == parts);
                        }
                        pattern = parts;
                    }
                }
            }
        }
        let mut split = Vec::new();
        if !r.split.is_empty() {
            let runs: Vec<u32> = if c.kind == CourseKind::Option {
                block_runs(&allowed)
            } else {
                pattern.clone()
            };
            let qualified = staff
                .iter()
                .filter(|s| s.teaches.binary_search(&cid).is_ok())
                .count();
            match parse_parts(&r.split) {
                None => err(
                    "split",
                    "meeting counts joined by + (such as 3+2)".into(),
                    &r.split,
                ),
                Some(parts) if parts.len() < 2 => err(
                    "split",
                    "at least two parts (one per teacher, such as 3+2)".into(),
                    &r.split,
                ),
                Some(parts) if parts.iter().sum::<u32>() != c.periods => err(
                    "split",
                    format!("counts that sum to its periods ({})", c.periods),
                    &r.split,
                ),
                Some(_) if !c.staffed => err(
                    "split",
                    "no split for a course without teachers (staffed 0)".into(),
                    &r.split,
                ),
                Some(parts) if parts.len() > qualified => err(
                    "split",
                    format!(
                        "at most {qualified} parts (the staff who teach it in staff.csv)"
                    ),
                    &r.split,
                ),
                Some(parts) if !runs.is_empty() && !split_fits(&runs, &parts) => err(
                    "split",
                    format!(
                        "counts made of whole meetings of its pattern {} (a meeting keeps one teacher)",
                        parts_text(&runs)
                    ),
                    &r.split,
                ),
                Some(parts) => split = parts,
            }
        }
        let c = &mut courses[cid];
        c.pattern = pattern;
        c.split = split;
        c.blocks = allowed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_order_free_and_positive() {
        assert_eq!(parse_parts("1+2+1"), Some(vec![2, 1, 1]));
        assert_eq!(parse_parts(" 2 + 1 "), Some(vec![2, 1]));
        assert_eq!(parse_parts("2+0"), None);
        assert_eq!(parse_parts("2,1"), None);
        assert_eq!(parse_parts(""), None);
        assert_eq!(parts_text(&[2, 1, 1]), "2+1+1");
    }

    #[test]
    fn splits_take_whole_runs() {
        assert!(split_fits(&[2, 1, 1, 1], &[3, 2]));
        assert!(split_fits(&[2, 2, 1], &[3, 2]));
        assert!(!split_fits(&[2, 2, 2], &[3, 3]));
        assert!(split_fits(&[1, 1, 1, 1, 1], &[3, 2]));
    }

    #[test]
    fn a_break_shortens_the_longest_meeting() {
        let week = Week {
            days: vec!["Mon".into()],
            periods: ["P1", "P2", "P3", "P4", "P5"].map(String::from).to_vec(),
            breaks: vec![false, true, false, true, false],
            closed: crate::ids::SlotSet::EMPTY,
        };
        assert_eq!(longest_run(&week), 2);
        assert!(pattern_problem(&[3], 3, &week).is_some());
        assert!(pattern_problem(&[1, 1], 2, &week).is_some(), "one a day");
        assert!(pattern_problem(&[2], 2, &week).is_none());
    }
}
