//! The comparison table: the figures of each variant's result, its difference from the base,
//! and the table as CSV, Markdown, text for the screen and JSON (what `--merge` reads).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::edit::Dropped;
use super::shard::Shard;
use crate::ids::*;
use crate::scenario::Scenario;
use crate::solution::Solution;

/// The figures of one variant's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Which stage made the result (`blocks` or `solve`).
    pub stage: String,
    /// Solver status of the first level, in words.
    pub status: String,
    /// Pupils.
    pub pupils: u64,
    /// Pupils with every main choice met (choices of dropped courses count as missed).
    pub fully_met: u64,
    /// Main choices, those of dropped courses included.
    pub main_choices: u64,
    /// Main choices met.
    pub main_met: u64,
    /// Main choices of courses the variant dropped ("course not offered").
    pub not_offered: u64,
    /// Reserves used in place of a missed main choice.
    pub reserves_used: u64,
    /// Classes.
    pub classes: u64,
    /// Teacher periods used: meetings taught, or `periods_per_block` per staffed option class
    /// for a blocks-only result.
    pub teacher_periods: u64,
    /// Share of room capacity used, 0 to 1: room-slots with a meeting of the room-slots
    /// available, or for a blocks-only result option classes with a room per room and block.
    pub room_use: f64,
    /// Relative gap of the first level, when the solver reports one.
    pub gap: Option<f64>,
    /// Seconds the solver took (the sum of its stages).
    pub seconds: f64,
    /// Violations the checker found.
    pub violations: u64,
}

impl Figures {
    /// The figures of `solution` of `scenario`, whose variant dropped the choices `dropped`.
    pub fn of(
        scenario: &Scenario,
        solution: &Solution,
        dropped: &[Dropped],
        violations: usize,
        wall_seconds: f64,
    ) -> Figures {
        let s = &solution.summary;
        // Pupils the solver counts as fully met but who lost a main choice to a dropped course.
        let with_unmet: HashSet<PupilId> = solution.unmet.iter().map(|u| u.pupil).collect();
        let lost: HashSet<PupilId> = dropped
            .iter()
            .filter(|d| d.main)
            .filter_map(|d| scenario.pupil_ids.get(&d.pupil))
            .filter(|p| !with_unmet.contains(p))
            .collect();
        let not_offered = dropped.iter().filter(|d| d.main).count() as u64;
        let blocks_only = s.stage == "blocks";
        let (teacher_periods, room_use) = if blocks_only {
            let option_classes = || solution.classes.iter().filter(|c| c.block.is_some());
            let taught = option_classes().filter(|c| c.staff.is_some()).count() as u64;
            let roomed = option_classes().filter(|c| c.room.is_some()).count() as f64;
            let room_blocks = (scenario.rooms.len() * scenario.blocks.len()) as f64;
            let periods: u64 = option_classes()
                .filter(|c| c.staff.is_some())
                .map(|c| u64::from(scenario.periods_of(c.course, c.block)))
                .sum();
            let _ = taught;
            (
                periods,
                if room_blocks > 0.0 {
                    roomed / room_blocks
                } else {
                    0.0
                },
            )
        } else {
            let taught = solution
                .meetings
                .iter()
                .filter(|m| m.staff.is_some())
                .count() as u64;
            let used: HashSet<(RoomId, SlotId)> = solution
                .meetings
                .iter()
                .filter_map(|m| m.room.map(|r| (r, m.slot)))
                .collect();
            let all = scenario.week.all();
            let available: usize = scenario
                .rooms
                .iter()
                .map(|r| all.difference(&r.unavailable).len())
                .sum();
            (
                taught,
                if available > 0 {
                    used.len() as f64 / available as f64
                } else {
                    0.0
                },
            )
        };
        Figures {
            stage: s.stage.clone(),
            status: s.status.clone(),
            pupils: s.pupils,
            fully_met: s.pupils_fully_met.saturating_sub(lost.len() as u64),
            main_choices: s.main_choices + not_offered,
            main_met: s.main_choices_met,
            not_offered,
            reserves_used: s.reserves_used,
            classes: s.classes,
            teacher_periods,
            room_use,
            gap: s.gap,
            seconds: if s.seconds.is_empty() {
                wall_seconds
            } else {
                s.seconds.values().sum()
            },
            violations: violations as u64,
        }
    }
}

/// What became of one variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// It was solved and checked.
    Solved(Figures),
    /// It could not be solved, and why.
    Failed(String),
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Index in the sweep: 0 is the base, then the variants in order.
    pub index: usize,
    /// Name.
    pub name: String,
    /// Its result.
    pub outcome: Outcome,
}

impl Row {
    /// Its figures, when it was solved.
    pub fn figures(&self) -> Option<&Figures> {
        match &self.outcome {
            Outcome::Solved(f) => Some(f),
            Outcome::Failed(_) => None,
        }
    }
}

/// A comparison: the base and the variants a run (or a shard) solved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The sweep file.
    pub sweep: String,
    /// The names of every row of the whole sweep (base first), so shards can be matched.
    pub names: Vec<String>,
    /// The shard this table is, if it is one.
    pub shard: Option<Shard>,
    /// The rows, by index.
    pub rows: Vec<Row>,
}

/// The name of a column and the text of each row's cell.
type Column = (&'static str, Vec<String>);

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn signed(d: i64) -> String {
    if d == 0 {
        "=".into()
    } else {
        format!("{d:+}")
    }
}

impl Table {
    /// The base row's figures, when the base was solved.
    pub fn base(&self) -> Option<&Figures> {
        self.rows
            .iter()
            .find(|r| r.index == 0)
            .and_then(Row::figures)
    }

    /// Whether every row was solved without violations.
    pub fn all_good(&self) -> bool {
        self.rows
            .iter()
            .all(|r| r.figures().is_some_and(|f| f.violations == 0))
    }

    /// The cells people read (Markdown and screen): counts with their difference from the base.
    fn columns(&self) -> Vec<Column> {
        let base = self.base();
        let diff = |f: &Figures, get: fn(&Figures) -> u64| match base {
            Some(b) if !std::ptr::eq(b, f) => {
                format!(" ({})", signed(get(f) as i64 - get(b) as i64))
            }
            _ => String::new(),
        };
        let cell = |r: &Row, text: &dyn Fn(&Figures) -> String| match r.figures() {
            Some(f) => text(f),
            None => String::new(),
        };
        let rows = &self.rows;
        let col = |name: &'static str, text: &dyn Fn(&Figures) -> String| -> Column {
            (name, rows.iter().map(|r| cell(r, text)).collect())
        };
        vec![
            ("variant", rows.iter().map(|r| r.name.clone()).collect()),
            col("fully met", &|f| {
                format!(
                    "{} ({:.1}%){}",
                    f.fully_met,
                    pct(f.fully_met, f.pupils),
                    diff(f, |f| f.fully_met)
                )
            }),
            col("main choices met", &|f| {
                format!(
                    "{}/{}{}",
                    f.main_met,
                    f.main_choices,
                    diff(f, |f| f.main_met)
                )
            }),
            col("reserves", &|f| {
                format!("{}{}", f.reserves_used, diff(f, |f| f.reserves_used))
            }),
            col("classes", &|f| {
                format!("{}{}", f.classes, diff(f, |f| f.classes))
            }),
            col("teacher periods", &|f| {
                format!("{}{}", f.teacher_periods, diff(f, |f| f.teacher_periods))
            }),
            col("room use", &|f| {
                let d = match base {
                    Some(b) if !std::ptr::eq(b, f) => {
                        let d = (f.room_use - b.room_use) * 100.0;
                        if d.abs() < 0.05 {
                            " (=)".to_owned()
                        } else {
                            format!(" ({d:+.1})")
                        }
                    }
                    _ => String::new(),
                };
                format!("{:.1}%{d}", f.room_use * 100.0)
            }),
            col("gap", &|f| {
                f.gap.map_or("-".into(), |g| format!("{:.2}%", g * 100.0))
            }),
            col("seconds", &|f| format!("{:.1}", f.seconds)),
            (
                "violations",
                rows.iter()
                    .map(|r| match &r.outcome {
                        Outcome::Solved(f) => f.violations.to_string(),
                        Outcome::Failed(e) => format!("failed: {e}"),
                    })
                    .collect(),
            ),
        ]
    }

    /// The table as a self-contained HTML page: the best value of each column highlighted and
    /// a bar chart of pupils fully satisfied per variant.
    pub fn html(&self, meta: &crate::report::Meta) -> String {
        let cols = self.columns();
        let names: Vec<String> = cols.iter().map(|c| c.0.to_owned()).collect();
        let rows: Vec<Vec<String>> = (0..self.rows.len())
            .map(|i| cols.iter().map(|c| c.1[i].clone()).collect())
            .collect();
        // Higher is better for what pupils get, lower for what it costs.
        let key = |r: &Row, col: &str| -> Option<f64> {
            let f = r.figures()?;
            Some(match col {
                "fully met" => f.fully_met as f64,
                "main choices met" => f.main_met as f64,
                "reserves" => -(f.reserves_used as f64),
                "classes" => -(f.classes as f64),
                "teacher periods" => -(f.teacher_periods as f64),
                "gap" => -f.gap?,
                "seconds" => -f.seconds,
                "violations" => -(f.violations as f64),
                _ => return None,
            })
        };
        let best: Vec<Option<usize>> = names
            .iter()
            .map(|col| {
                (0..self.rows.len())
                    .filter_map(|i| key(&self.rows[i], col).map(|k| (i, k)))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|(i, _)| i)
            })
            .collect();
        let satisfied: Vec<(String, f64)> = self
            .rows
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    r.figures().map_or(0.0, |f| pct(f.fully_met, f.pupils)),
                )
            })
            .collect();
        crate::report::compare_html(&self.sweep, &names, &rows, &best, &satisfied, meta)
    }

    /// The table as Markdown.
    pub fn markdown(&self) -> String {
        let cols = self.columns();
        let esc = |s: &str| s.replace('|', "\\|");
        let mut out = String::new();
        out += &format!("# Comparison: {}\n\n", self.sweep);
        out += "Differences from the base are in brackets.\n\n";
        out += &format!(
            "| {} |\n",
            cols.iter().map(|c| c.0).collect::<Vec<_>>().join(" | ")
        );
        out += &format!(
            "|{}|\n",
            cols.iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { "---" } else { "---:" })
                .collect::<Vec<_>>()
                .join("|")
        );
        for i in 0..self.rows.len() {
            out += &format!(
                "| {} |\n",
                cols.iter()
                    .map(|c| esc(&c.1[i]))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        out
    }

    /// The table as aligned text for the screen.
    pub fn text(&self) -> String {
        let cols = self.columns();
        let widths: Vec<usize> = cols
            .iter()
            .map(|(name, cells)| {
                cells
                    .iter()
                    .map(|c| c.chars().count())
                    .chain([name.len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| -> String {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(c.chars().count());
                if i == 0 {
                    s += c;
                    s += &" ".repeat(pad);
                } else {
                    s += "  ";
                    // The last column (violations or an error) is left-aligned.
                    if i + 1 == cells.len() {
                        s += c;
                    } else {
                        s += &" ".repeat(pad);
                        s += c;
                    }
                }
            }
            s.trim_end().to_owned() + "\n"
        };
        let mut out = line(cols.iter().map(|c| c.0).collect());
        for i in 0..self.rows.len() {
            out += &line(cols.iter().map(|c| c.1[i].as_str()).collect());
        }
        out
    }

    /// The table as CSV: one column per figure, differences from the base apart.
    pub fn csv(&self) -> Vec<u8> {
        let base = self.base();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "index",
            "variant",
            "stage",
            "status",
            "pupils",
            "fully_met",
            "fully_met_pct",
            "fully_met_diff",
            "main_choices",
            "main_met",
            "main_met_diff",
            "not_offered",
            "reserves_used",
            "reserves_used_diff",
            "classes",
            "classes_diff",
            "teacher_periods",
            "teacher_periods_diff",
            "room_use_pct",
            "room_use_diff",
            "gap",
            "seconds",
            "violations",
            "error",
        ])
        .expect("writing to memory");
        for r in &self.rows {
            let mut rec = vec![r.index.to_string(), r.name.clone()];
            match &r.outcome {
                Outcome::Solved(f) => {
                    let d = |get: fn(&Figures) -> u64| {
                        base.map_or(String::new(), |b| {
                            (get(f) as i64 - get(b) as i64).to_string()
                        })
                    };
                    rec.extend([
                        f.stage.clone(),
                        f.status.clone(),
                        f.pupils.to_string(),
                        f.fully_met.to_string(),
                        format!("{:.2}", pct(f.fully_met, f.pupils)),
                        d(|f| f.fully_met),
                        f.main_choices.to_string(),
                        f.main_met.to_string(),
                        d(|f| f.main_met),
                        f.not_offered.to_string(),
                        f.reserves_used.to_string(),
                        d(|f| f.reserves_used),
                        f.classes.to_string(),
                        d(|f| f.classes),
                        f.teacher_periods.to_string(),
                        d(|f| f.teacher_periods),
                        format!("{:.2}", f.room_use * 100.0),
                        base.map_or(String::new(), |b| {
                            format!("{:.2}", (f.room_use - b.room_use) * 100.0)
                        }),
                        f.gap.map_or(String::new(), |g| format!("{g:.6}")),
                        format!("{:.3}", f.seconds),
                        f.violations.to_string(),
                        String::new(),
                    ]);
                }
                Outcome::Failed(e) => {
                    rec.extend(std::iter::repeat_n(String::new(), 21));
                    rec.push(e.clone());
                }
            }
            w.write_record(&rec).expect("writing to memory");
        }
        w.into_inner().expect("writing to memory")
    }

    /// The table as JSON (what `tailor compare --merge` reads back).
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("figures serialise") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(fully_met: u64, classes: u64) -> Figures {
        Figures {
            stage: "blocks".into(),
            status: "optimal".into(),
            pupils: 20,
            fully_met,
            main_choices: 60,
            main_met: 50 + fully_met / 2,
            not_offered: 0,
            reserves_used: 1,
            classes,
            teacher_periods: classes * 3,
            room_use: 0.5,
            gap: Some(0.0),
            seconds: 0.25,
            violations: 0,
        }
    }

    #[test]
    fn rows_read_with_their_difference_from_the_base() {
        let t = Table {
            sweep: "s.toml".into(),
            names: vec!["base".into(), "more".into(), "broken".into()],
            shard: None,
            rows: vec![
                Row {
                    index: 0,
                    name: "base".into(),
                    outcome: Outcome::Solved(figures(18, 9)),
                },
                Row {
                    index: 1,
                    name: "more".into(),
                    outcome: Outcome::Solved(figures(20, 8)),
                },
                Row {
                    index: 2,
                    name: "broken".into(),
                    outcome: Outcome::Failed("solver: no".into()),
                },
            ],
        };
        let md = t.markdown();
        assert!(
            md.contains("| base | 18 (90.0%) | 59/60 | 1 | 9 | 27 | 50.0% | 0.00% | 0.2 | 0 |"),
            "{md}"
        );
        assert!(
            md.contains(
                "| more | 20 (100.0%) (+2) | 60/60 (+1) | 1 (=) | 8 (-1) | 24 (-3) | 50.0% (=) |"
            ),
            "{md}"
        );
        assert!(md.contains("| broken |  |"), "{md}");
        assert!(md.contains("failed: solver: no |"), "{md}");
        let csv = String::from_utf8(t.csv()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[2], "1,more,blocks,optimal,20,20,100.00,2,60,60,1,0,1,0,8,-1,24,-3,50.00,0.00,0.000000,0.250,0,");
        assert!(lines[3].starts_with("2,broken,,") && lines[3].ends_with(",solver: no"));
        assert_eq!(lines[0].split(',').count(), lines[2].split(',').count());
        assert_eq!(lines[0].split(',').count(), lines[3].split(',').count());
        let text = t.text();
        assert_eq!(text.lines().count(), 4);
        assert!(!t.all_good());
        let back: Table = serde_json::from_str(&t.json()).unwrap();
        assert_eq!(back, t);
    }
}
