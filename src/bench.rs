//! `tailor bench SPEC`: solves schools of growing size and prints seconds per stage, gap and
//! quality. A suite is a list of [`Case`]s; [`school`] makes each case's school.

use std::collections::BTreeMap;
use std::io::Write;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::commands::{write_json, write_out, Outcome, Report};
use crate::compare::{Job, Runner};
use crate::error::{Error, Result};
use crate::load;
use crate::scenario::*;
use crate::solve;

/// The suites `tailor bench` knows.
pub const SUITES: [&str; 5] = ["small", "medium", "large", "blocks", "check"];

/// What kind of school a case is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Years 10 and 11: three option choices and a reserve, English and maths as core.
    Gcse,
    /// Years 12 and 13: three option choices and a reserve.
    Sixthform,
    /// Both.
    Whole,
}

/// One school of a suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Name in the table.
    pub name: &'static str,
    /// Kind of school.
    pub profile: Profile,
    /// Pupils.
    pub pupils: u32,
    /// Seed of the school's making.
    pub seed: u64,
}

const fn case(name: &'static str, profile: Profile, pupils: u32) -> Case {
    Case {
        name,
        profile,
        pupils,
        seed: 1,
    }
}

/// The cases of suite `spec`, or `None` for an unknown suite.
pub fn suite(spec: &str) -> Option<Vec<Case>> {
    use Profile::*;
    Some(match spec {
        "small" => vec![
            case("gcse-100", Gcse, 100),
            case("sixthform-100", Sixthform, 100),
            case("whole-150", Whole, 150),
        ],
        "medium" => vec![
            case("gcse-300", Gcse, 300),
            case("sixthform-300", Sixthform, 300),
            case("whole-500", Whole, 500),
        ],
        "large" => vec![
            case("gcse-1000", Gcse, 1000),
            case("sixthform-800", Sixthform, 800),
            case("whole-1500", Whole, 1500),
        ],
        "blocks" => vec![
            case("gcse-100", Gcse, 100),
            case("gcse-200", Gcse, 200),
            case("gcse-400", Gcse, 400),
            case("gcse-800", Gcse, 800),
        ],
        "check" => vec![
            case("whole-200", Whole, 200),
            case("whole-500", Whole, 500),
            case("whole-1000", Whole, 1000),
        ],
        _ => return None,
    })
}

/// (id, room type, popularity) of the option subjects of a profile's stages.
const GCSE_OPTIONS: [(&str, &str, u32); 12] = [
    ("HIS", "classroom", 9),
    ("GEO", "classroom", 9),
    ("FRE", "classroom", 6),
    ("SPA", "classroom", 6),
    ("CSC", "ict", 7),
    ("ART", "studio", 6),
    ("MUS", "classroom", 3),
    ("DRA", "studio", 4),
    ("BUS", "classroom", 5),
    ("PE", "classroom", 5),
    ("TRI", "lab", 4),
    ("RS", "classroom", 4),
];
const SIXTH_OPTIONS: [(&str, &str, u32); 14] = [
    ("MATA", "classroom", 10),
    ("FMA", "classroom", 2),
    ("PHYA", "lab", 5),
    ("CHEA", "lab", 6),
    ("BIOA", "lab", 7),
    ("PSYA", "classroom", 7),
    ("ENLA", "classroom", 4),
    ("HISA", "classroom", 5),
    ("ECOA", "classroom", 5),
    ("GEOA", "classroom", 3),
    ("ARTA", "studio", 3),
    ("CSCA", "ict", 3),
    ("SOCA", "classroom", 4),
    ("POLA", "classroom", 3),
];

/// The school of `case`: a week of five days of six periods, four option blocks of three
/// periods, pupils whose option choices follow the subjects' popularity (seeded), and enough
/// staff and rooms for every option class and core set.
pub fn school(case: &Case) -> RawScenario {
    let mut rng = ChaCha8Rng::seed_from_u64(case.seed);
    let (gcse, sixth) = match case.profile {
        Profile::Gcse => (case.pupils, 0),
        Profile::Sixthform => (0, case.pupils),
        Profile::Whole => (case.pupils * 2 / 3, case.pupils - case.pupils * 2 / 3),
    };
    let ppb = 3;
    let blocks = 4;
    let mut courses = Vec::new();
    let mut demand: BTreeMap<String, u32> = BTreeMap::new();
    let mut staff = Vec::new();
    let mut rooms_needed: BTreeMap<&str, u32> = BTreeMap::new();
    let mut line = 1;
    let mut course_row =
        |id: &str, kind: &str, periods, max_size, max_classes, room: &str, stages: &str| {
            line += 1;
            RawCourse {
                line,
                course: id.to_owned(),
                name: id.to_owned(),
                kind: kind.to_owned(),
                periods,
                min_size: if kind == "option" { 4 } else { 1 },
                max_size,
                max_classes,
                room_type: room.to_owned(),
                stages: stages.split(';').map(str::to_owned).collect(),
                features: Vec::new(),
                allowed: Vec::new(),
                after: Vec::new(),
                staffed: true,
            }
        };
    let mut pupils = Vec::new();
    let mut choices = Vec::new();
    for (stage_set, n, options, mains, size) in [
        (["10", "11"], gcse, &GCSE_OPTIONS[..], 3u32, 26u32),
        (["12", "13"], sixth, &SIXTH_OPTIONS[..], 3, 20),
    ] {
        if n == 0 {
            continue;
        }
        for i in 0..n {
            let stage = stage_set[(i % 2) as usize];
            let id = format!("P{:05}", pupils.len() + 1);
            pupils.push(RawPupil {
                line: pupils.len() as u64 + 2,
                pupil: id.clone(),
                name: format!("Pupil {}", pupils.len() + 1),
                stage: stage.to_owned(),
                tutor_group: format!("{stage}{}", (b'A' + (i / 2 / 25 % 26) as u8) as char),
            });
            let picked: Vec<&(&str, &str, u32)> = options
                .choose_multiple_weighted(&mut rng, mains as usize + 1, |o| f64::from(o.2))
                .expect("positive weights")
                .collect();
            for (r, o) in picked.iter().enumerate() {
                let reserve = r as u32 == mains;
                if !reserve {
                    *demand.entry(o.0.to_owned()).or_default() += 1;
                }
                choices.push(RawChoice {
                    line: choices.len() as u64 + 2,
                    pupil: id.clone(),
                    course: o.0.to_owned(),
                    rank: r as u32 + 1,
                    reserve,
                });
            }
        }
        let stages = stage_set.join(";");
        for &(id, room, _) in options {
            let want = demand.get(id).copied().unwrap_or(0);
            let classes = want.div_ceil(size).max(1) + 1;
            courses.push(course_row(id, "option", ppb, size, classes, room, &stages));
            *rooms_needed.entry(room).or_default() += classes.min(blocks);
            let teachers = (classes * ppb).div_ceil(18).max(1);
            for t in 0..teachers {
                staff.push((format!("{id}{}", t + 1), 20, vec![id.to_owned()]));
            }
        }
        if stage_set[0] == "10" {
            for (id, periods) in [("ENG", 4u32), ("MAT", 4)] {
                for stage in stage_set {
                    let per_stage = n.div_ceil(2);
                    let sets = per_stage.div_ceil(28).max(1);
                    let cid = format!("{id}{stage}");
                    courses.push(course_row(
                        &cid,
                        "core",
                        periods,
                        30,
                        sets + 1,
                        "classroom",
                        stage,
                    ));
                    for t in 0..sets.div_ceil(4) {
                        staff.push((format!("{cid}-{}", t + 1), 20, vec![cid.clone()]));
                    }
                }
            }
        }
    }
    let staff = staff
        .into_iter()
        .enumerate()
        .map(|(i, (id, max_periods, teaches))| RawStaff {
            line: i as u64 + 2,
            name: format!("Teacher {id}"),
            staff: id,
            max_periods,
            teaches,
            unavailable: Vec::new(),
        })
        .collect();
    let mut rooms = Vec::new();
    for (room_type, needed) in rooms_needed {
        let extra = if room_type == "classroom" { 4 } else { 1 };
        for i in 0..needed.div_ceil(blocks) + extra + needed / 3 {
            rooms.push(RawRoom {
                line: rooms.len() as u64 + 2,
                room: format!("{}{}", room_type.to_uppercase(), i + 1),
                capacity: 30,
                room_type: room_type.to_owned(),
                unavailable: Vec::new(),
                features: Vec::new(),
            });
        }
    }
    let name = format!("{} (bench)", case.name);
    RawScenario {
        school: SchoolFile {
            name,
            stages: None,
            week: WeekFile {
                days: ["Mon", "Tue", "Wed", "Thu", "Fri"]
                    .map(String::from)
                    .to_vec(),
                periods: (1..=6).map(|p| format!("P{p}")).collect(),
            },
            options: OptionsSettings {
                blocks,
                periods_per_block: ppb,
            },
            solve: SolveSettings::default(),
        },
        courses,
        pupils,
        choices,
        staff,
        rooms,
        fixed: Vec::new(),
    }
}

/// The figures of one case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchRow {
    /// The case.
    pub case: Case,
    /// Seconds per stage, as the solver reports them.
    pub seconds: BTreeMap<String, f64>,
    /// Wall-clock seconds of the whole run (solve, check, write).
    pub wall_seconds: f64,
    /// Relative gap of the first level.
    pub gap: Option<f64>,
    /// Pupils with every main choice met.
    pub fully_met: u64,
    /// Violations the checker found.
    pub violations: u64,
    /// The solver's status.
    pub status: String,
}

/// How a bench runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// Seconds each solve may take (default 60).
    pub time_limit_s: Option<f64>,
    /// Threads for the solver (default every core).
    pub threads: Option<u32>,
}

/// Runs every case of `cases` with `runner`, one after the other.
pub fn run_cases(
    cases: &[Case],
    settings: &Settings,
    runner: &Runner<'_>,
) -> Result<Vec<BenchRow>> {
    let mut rows = Vec::new();
    for case in cases {
        let raw = school(case);
        let loaded = load::resolve(&raw).map_err(|e| {
            Error::Solver(format!("the bench school {} is not valid: {e}", case.name))
        })?;
        let mut options = solve::Options::from_scenario(&loaded.scenario);
        if let Some(t) = settings.time_limit_s {
            options.time_limit_s = t;
        }
        if let Some(t) = settings.threads {
            options.threads = t.max(1);
        }
        let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let began = std::time::Instant::now();
        let done = runner(&Job {
            index: rows.len(),
            name: case.name,
            scenario: &loaded.scenario,
            options,
            dropped: &[],
            dir: dir.path().to_path_buf(),
        })?;
        let s = &done.solution.summary;
        rows.push(BenchRow {
            case: *case,
            seconds: s.seconds.clone(),
            wall_seconds: began.elapsed().as_secs_f64(),
            gap: s.gap,
            fully_met: s.pupils_fully_met,
            violations: done.violations.len() as u64,
            status: s.status.clone(),
        });
    }
    Ok(rows)
}

/// The rows as text: seconds per stage, then per case its totals and quality.
pub fn text(rows: &[BenchRow]) -> String {
    let mut out = format!(
        "{:<16} {:>7}  {:<32} {:>9}\n",
        "case", "pupils", "stage", "seconds"
    );
    for r in rows {
        for (stage, s) in &r.seconds {
            out += &format!(
                "{:<16} {:>7}  {:<32} {:>9.3}\n",
                r.case.name, r.case.pupils, stage, s
            );
        }
    }
    out += &format!(
        "\n{:<16} {:>7} {:>9} {:>8} {:>16} {:>10}  status\n",
        "case", "pupils", "seconds", "gap", "fully met", "violations"
    );
    for r in rows {
        let pct = r.fully_met as f64 * 100.0 / f64::from(r.case.pupils.max(1));
        out += &format!(
            "{:<16} {:>7} {:>9.3} {:>8} {:>16} {:>10}  {}\n",
            r.case.name,
            r.case.pupils,
            r.wall_seconds,
            r.gap.map_or("-".into(), |g| format!("{:.2}%", g * 100.0)),
            format!("{} ({pct:.1}%)", r.fully_met),
            r.violations,
            r.status
        );
    }
    out
}

/// `tailor bench SPEC`: runs the suite with `runner` and prints its table. Success when every
/// case's result has no violations.
pub fn run(
    spec: &str,
    settings: &Settings,
    runner: &Runner<'_>,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let cases = suite(spec).ok_or_else(|| {
        Error::Usage(format!(
            "expected a bench suite, one of {}, found {spec:?}",
            SUITES.join(", ")
        ))
    })?;
    let rows = run_cases(&cases, settings, runner)?;
    if report.json {
        write_json(out, &rows)?;
    } else if !report.quiet {
        write_out(out, &text(&rows))?;
    }
    Ok(if rows.iter().all(|r| r.violations == 0) {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suite_school_is_valid_and_the_same_for_a_seed() {
        for spec in SUITES {
            for case in suite(spec).unwrap() {
                if case.pupils > 400 {
                    continue;
                }
                let raw = school(&case);
                assert_eq!(raw.pupils.len() as u32, case.pupils);
                let loaded = load::resolve(&raw).unwrap_or_else(|e| panic!("{}: {e}", case.name));
                assert_eq!(loaded.scenario.pupils.len() as u32, case.pupils);
                assert_eq!(school(&case), raw);
            }
        }
        assert!(suite("huge").is_none());
    }
}
