//! `report.html`: one self-contained page people would rather look at than read. It needs no
//! network (inline CSS, a small inline script, no fonts or images), so it opens from a USB stick.
//!
//! The page is rendered with minijinja from the templates in `src/report/templates/`, with HTML
//! autoescaping on for every template, so every name from the input files is escaped. Charts
//! are inline SVG drawn here ([`charts`]); each pupil's, teacher's and room's week is drawn by
//! the page's script from a compact JSON blob embedded in a `<script type="application/json">`.

pub mod changes;
mod charts;
pub mod progress;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use minijinja::value::Serde;
use minijinja::{context, AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::Solution;
use charts::{Bar, Chart, Row, Tone};
pub use progress::Progress;

/// What the page says about its own making; given by the caller so output is reproducible.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Meta {
    /// Date and time of the run, as text (e.g. `2025-03-01 14:05`).
    pub generated: String,
    /// tailor's version.
    pub version: String,
}

impl Meta {
    /// This moment (UTC, to the second) and this version of tailor.
    pub fn now() -> Self {
        let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        Meta {
            generated: stamp.replace('T', " ").replace('Z', " UTC"),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

const STYLE: &str = include_str!("templates/style.css");
const SCRIPT: &str = include_str!("templates/report.js");
const ERRORS: &str = include_str!("templates/errors.js");

/// The template environment: every template escapes HTML, undefined values are errors.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, source) in [
        ("base.html", include_str!("templates/base.html")),
        ("report.html", include_str!("templates/report.html")),
        ("compare.html", include_str!("templates/compare.html")),
        ("bars.svg", include_str!("templates/bars.svg")),
    ] {
        env.add_template(name, source)
            .expect("the report templates parse");
    }
    env
}

/// Renders a template of ours. The templates are fixed and tested, and every value passed is
/// plain data, so rendering cannot fail on any input.
fn render(env: &Environment<'_>, name: &str, ctx: Value) -> String {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|e| panic!("report template {name} failed: {e:#}"))
}

/// Plain data as a template value.
fn ser<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// A chart as inline SVG, escaped.
fn svg(env: &Environment<'_>, chart: &Chart) -> Value {
    Value::from_safe_string(render(env, "bars.svg", context! { c => ser(chart.view()) }))
}

/// JSON text safe inside a `<script>` element: no `<` at all, so neither `</script>` nor
/// `<!--` can occur (JSON strings read `\u003c` back as `<`).
pub fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("report data serialises")
        .replace('<', "\\u003c")
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn opt_number(v: Option<f64>) -> String {
    v.map_or_else(
        || "–".to_owned(),
        |v| {
            format!("{v:.6}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_owned()
        },
    )
}

#[derive(Serialize)]
struct Tile {
    label: &'static str,
    value: String,
    note: String,
}

#[derive(Serialize)]
struct Card {
    class: String,
    course: String,
    size: u32,
    max: u32,
    pct: u32,
    tone: Tone,
    teacher: String,
    room: String,
}

#[derive(Serialize)]
struct Block {
    name: String,
    /// Its scheme (an index into `scenario.schemes`; past them: blocks the school lacks).
    #[serde(skip)]
    scheme: usize,
    periods: u32,
    pupils: u32,
    cards: Vec<Card>,
}

#[derive(Serialize)]
struct RankRow {
    rank: u32,
    met: u64,
    total: u64,
    pct: String,
    width: String,
}

#[derive(Serialize)]
struct UnmetRow {
    pupil: String,
    name: String,
    course: String,
    rank: u32,
    reason: String,
}

/// A class as the page's script reads it: (id, course, staff, room, block).
type ClassRow<'a> = (&'a str, u32, Option<u32>, Option<u32>, Option<&'a str>);

/// The compact data the page's script draws weeks from. Ids are positions in these arrays.
#[derive(Serialize)]
struct WeekData<'a> {
    days: &'a [String],
    periods: &'a [String],
    /// Course names.
    courses: Vec<&'a str>,
    /// (id, name) of each member of staff.
    staff: Vec<(&'a str, &'a str)>,
    /// Room ids.
    rooms: Vec<&'a str>,
    /// (id, course, staff, room, block) of each class.
    classes: Vec<ClassRow<'a>>,
    /// (class, slot, staff, room) of each meeting.
    meetings: Vec<(u32, u32, Option<u32>, Option<u32>)>,
    /// (id, name, tutor group, classes) of each pupil.
    pupils: Vec<(&'a str, &'a str, &'a str, Vec<u32>)>,
}

/// Looks up names without panicking on ids a damaged solution may hold.
struct Lookup<'a>(&'a Scenario);

impl<'a> Lookup<'a> {
    fn course(&self, c: CourseId) -> Option<&'a crate::scenario::Course> {
        self.0.courses.get(c)
    }
    fn course_name(&self, c: CourseId) -> &'a str {
        self.course(c).map_or("?", |c| c.name.as_str())
    }
    fn staff_name(&self, s: Option<StaffId>) -> &'a str {
        s.and_then(|s| self.0.staff.get(s))
            .map_or("", |s| s.name.as_str())
    }
    fn room_id(&self, r: Option<RoomId>) -> &'a str {
        r.and_then(|r| self.0.rooms.get(r))
            .map_or("", |r| r.id.as_str())
    }
}

/// One scheme's blocks grid.
#[derive(Serialize)]
struct Grid {
    /// The scheme's name; empty for a school of one scheme.
    name: String,
    /// Its stages, `;`-joined.
    stages: String,
    /// The periods of its blocks in words (`5`, or `5 or 4`).
    periods: String,
    /// Its pupils fully met, of its pupils, with bound and gap, in words (empty if not solved).
    figures: String,
    blocks: Vec<Block>,
}

/// The blocks grouped by scheme, in the schemes' order: one grid each (blocks a damaged
/// solution names beyond the school's come last, in a grid of their own).
fn grids(scenario: &Scenario, solution: &Solution, blocks: Vec<Block>) -> Vec<Grid> {
    let several = scenario.schemes.len() > 1;
    let mut by: Vec<Vec<Block>> = (0..=scenario.schemes.len()).map(|_| Vec::new()).collect();
    for b in blocks {
        by[b.scheme].push(b);
    }
    by.into_iter()
        .enumerate()
        .filter(|(_, b)| !b.is_empty())
        .map(|(k, blocks)| {
            let scheme = scenario.schemes.get(SchemeId(k as u32));
            let figures = scheme
                .and_then(|sc| {
                    solution
                        .summary
                        .schemes
                        .iter()
                        .find(|f| f.scheme == sc.name)
                })
                .map(scheme_figures)
                .unwrap_or_default();
            Grid {
                name: match scheme {
                    Some(sc) if several => sc.name.clone(),
                    Some(_) => String::new(),
                    None => "other".into(),
                },
                stages: scheme.map_or_else(String::new, |sc| {
                    sc.stages
                        .iter()
                        .map(|&st| scenario.stages.name(st))
                        .collect::<Vec<_>>()
                        .join(";")
                }),
                periods: periods_text(blocks.iter().map(|b| b.periods)),
                figures,
                blocks,
            }
        })
        .collect()
}

/// A scheme's figures in words: `40 of 43 fully met (bound 41, gap 2.4%)`.
fn scheme_figures(f: &crate::solution::SchemeFigures) -> String {
    let mut out = format!("{} of {} pupils fully met", f.pupils_fully_met, f.pupils);
    if let (Some(bound), Some(gap)) = (f.bound, f.gap) {
        out.push_str(&format!(" (bound {bound:.0}, gap {:.1}%)", 100.0 * gap));
    }
    out
}

/// The option blocks: one column per block, one card per class.
fn blocks(
    scenario: &Scenario,
    solution: &Solution,
    sizes: &KeyedVec<ClassId, Vec<PupilId>>,
) -> Vec<Block> {
    let look = Lookup(scenario);
    let mut out: Vec<Block> = scenario
        .blocks
        .iter()
        .map(|b| Block {
            name: b.name.clone(),
            scheme: b.scheme.index(),
            periods: b.periods,
            pupils: 0,
            cards: Vec::new(),
        })
        .collect();
    // A class in a block the school does not have still gets a column (numbered as written).
    let used = solution
        .classes
        .iter()
        .filter_map(|c| c.block)
        .map(|b| b.index() + 1)
        .max()
        .unwrap_or(0);
    for b in out.len()..used {
        out.push(Block {
            name: (b + 1).to_string(),
            scheme: scenario.schemes.len(),
            periods: 0,
            pupils: 0,
            cards: Vec::new(),
        });
    }
    for (id, class) in solution.classes.iter_enumerated() {
        let Some(b) = class.block else {
            continue;
        };
        let size = sizes[id].len() as u32;
        let max = look.course(class.course).map_or(0, |c| c.max_size);
        let block = &mut out[b.index()];
        block.pupils += size;
        block.cards.push(Card {
            class: class.id.clone(),
            course: look.course_name(class.course).to_owned(),
            size,
            max,
            pct: (100 * size).checked_div(max).map_or(100, |p| p.min(100)),
            tone: Tone::of(f64::from(size), Some(f64::from(max))),
            teacher: look.staff_name(class.staff).to_owned(),
            room: look.room_id(class.room).to_owned(),
        });
    }
    for b in &mut out {
        b.cards
            .sort_by(|x, y| (&x.course, &x.class).cmp(&(&y.course, &y.class)));
    }
    out
}

/// Main choices met, by rank, over the kinds of course this solution decided.
fn ranks(scenario: &Scenario, solution: &Solution) -> Vec<RankRow> {
    let kind = |c: CourseId| scenario.courses.get(c).map(|c| c.kind);
    let decided: BTreeSet<CourseKind> = solution
        .classes
        .iter()
        .filter_map(|c| kind(c.course))
        .chain(solution.unmet.iter().filter_map(|u| kind(u.course)))
        .collect();
    let taken: HashSet<(PupilId, CourseId)> = solution
        .enrolments
        .iter()
        .filter_map(|e| solution.classes.get(e.class).map(|c| (e.pupil, c.course)))
        .collect();
    let mut by_rank: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    for (pid, pupil) in scenario.pupils.iter_enumerated() {
        for ch in pupil.main_choices() {
            let Some(k) = kind(ch.course) else { continue };
            if !k.is_chosen() || !decided.contains(&k) {
                continue;
            }
            let e = by_rank.entry(ch.rank).or_default();
            e.1 += 1;
            e.0 += u64::from(taken.contains(&(pid, ch.course)));
        }
    }
    by_rank
        .into_iter()
        .map(|(rank, (met, total))| RankRow {
            rank,
            met,
            total,
            pct: percent(met, total),
            width: format!("{:.1}", 100.0 * met as f64 / total.max(1) as f64),
        })
        .collect()
}

/// Class sizes per course, against the course's largest class.
fn size_chart(
    scenario: &Scenario,
    solution: &Solution,
    sizes: &KeyedVec<ClassId, Vec<PupilId>>,
) -> Chart {
    let look = Lookup(scenario);
    let mut by_course: BTreeMap<CourseId, Vec<ClassId>> = BTreeMap::new();
    for (id, class) in solution.classes.iter_enumerated() {
        by_course.entry(class.course).or_default().push(id);
    }
    let rows = by_course
        .into_iter()
        .map(|(course, classes)| {
            let max = look.course(course).map(|c| f64::from(c.max_size));
            Row {
                label: look.course_name(course).to_owned(),
                bars: classes
                    .iter()
                    .map(|&id| {
                        let size = sizes[id].len();
                        Bar {
                            value: size as f64,
                            title: format!(
                                "{}: {} of {}",
                                solution.classes[id].id,
                                size,
                                max.map_or("?".into(), charts::number)
                            ),
                            tone: Tone::of(size as f64, max),
                        }
                    })
                    .collect(),
                limit: max,
            }
        })
        .collect();
    Chart {
        title: "Class sizes per course, against the largest class allowed".into(),
        max: None,
        suffix: String::new(),
        rows,
    }
}

/// The periods of the blocks in words: `5`, or `5 or 3` when they differ.
fn block_periods_text(scenario: &Scenario) -> String {
    periods_text(scenario.blocks.iter().map(|b| b.periods))
}

/// Weekly periods in words, longest first: `5`, or `5 or 3` when they differ.
fn periods_text(periods: impl Iterator<Item = u32>) -> String {
    let mut periods: Vec<u32> = periods.collect();
    periods.sort_unstable_by(|a, b| b.cmp(a));
    periods.dedup();
    periods
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Weekly meetings per teacher against `max_periods`; for a blocks-only solution, each option
/// class counts `periods_per_block` (other classes their course's periods).
fn load_chart(scenario: &Scenario, solution: &Solution) -> Chart {
    let mut load: KeyedVec<StaffId, u32> = KeyedVec::filled(scenario.staff.len(), 0);
    if solution.meetings.is_empty() {
        for class in solution.classes.iter() {
            let Some(s) = class.staff.filter(|s| s.index() < load.len()) else {
                continue;
            };
            load[s] += match class.block.and_then(|b| scenario.blocks.get(b)) {
                Some(b) => b.periods,
                None => scenario.courses.get(class.course).map_or(0, |c| c.periods),
            };
        }
    } else {
        for m in &solution.meetings {
            if let Some(s) = m.staff.filter(|s| s.index() < load.len()) {
                load[s] += 1;
            }
        }
    }
    let rows = scenario
        .staff
        .iter_enumerated()
        .map(|(id, s)| {
            let max = f64::from(s.max_periods);
            Row {
                label: s.name.clone(),
                bars: vec![Bar {
                    value: f64::from(load[id]),
                    title: format!(
                        "{} ({}): {} of {} periods",
                        s.name, s.id, load[id], s.max_periods
                    ),
                    tone: Tone::of(f64::from(load[id]), Some(max)),
                }],
                limit: Some(max),
            }
        })
        .collect();
    Chart {
        title: "Weekly periods per teacher, against their most".into(),
        max: None,
        suffix: String::new(),
        rows,
    }
}

fn week_data<'a>(scenario: &'a Scenario, solution: &'a Solution) -> WeekData<'a> {
    let mut pupil_classes: KeyedVec<PupilId, Vec<u32>> =
        KeyedVec::filled(scenario.pupils.len(), Vec::new());
    for e in &solution.enrolments {
        if e.pupil.index() < pupil_classes.len() {
            pupil_classes[e.pupil].push(e.class.0);
        }
    }
    WeekData {
        days: &scenario.week.days,
        periods: &scenario.week.periods,
        courses: scenario.courses.iter().map(|c| c.name.as_str()).collect(),
        staff: scenario
            .staff
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()))
            .collect(),
        rooms: scenario.rooms.iter().map(|r| r.id.as_str()).collect(),
        classes: solution
            .classes
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.course.0,
                    c.staff.map(|s| s.0),
                    c.room.map(|r| r.0),
                    c.block
                        .and_then(|b| scenario.blocks.get(b))
                        .map(|b| b.name.as_str()),
                )
            })
            .collect(),
        meetings: solution
            .meetings
            .iter()
            .map(|m| {
                (
                    m.class.0,
                    m.slot.0,
                    m.staff.map(|s| s.0),
                    m.room.map(|r| r.0),
                )
            })
            .collect(),
        pupils: scenario
            .pupils
            .iter_enumerated()
            .map(|(id, p)| {
                (
                    p.id.as_str(),
                    p.name.as_str(),
                    scenario.tutor_groups.name(p.tutor_group),
                    std::mem::take(&mut pupil_classes[id]),
                )
            })
            .collect(),
    }
}

/// `report.html` of a solution: header and solve figures, the option blocks grid,
/// satisfaction, class sizes and teacher load as SVG charts, and everyone's week on search.
pub fn html(scenario: &Scenario, solution: &Solution, meta: &Meta) -> String {
    let env = environment();
    let s = &solution.summary;
    let look = Lookup(scenario);
    let sizes = solution.class_pupils();
    let tiles = vec![
        Tile {
            label: "Pupils with every main choice",
            value: percent(s.pupils_fully_met, s.pupils),
            note: format!("{} of {}", s.pupils_fully_met, s.pupils),
        },
        Tile {
            label: "Main choices met",
            value: percent(s.main_choices_met, s.main_choices),
            note: format!("{} of {}", s.main_choices_met, s.main_choices),
        },
        Tile {
            label: "Reserves used",
            value: s.reserves_used.to_string(),
            note: "in place of a missed choice".into(),
        },
        Tile {
            label: "Classes",
            value: s.classes.to_string(),
            note: format!("{} weekly meetings", s.meetings),
        },
    ];
    let mut solver: Vec<(&str, String)> = vec![
        ("Stage", s.stage.clone()),
        ("Status", s.status.clone()),
        ("Objective", opt_number(s.objective)),
        ("Bound", opt_number(s.bound)),
        (
            "Gap",
            s.gap
                .map_or_else(|| "–".to_owned(), |g| format!("{:.2}%", 100.0 * g)),
        ),
        (
            "Complete",
            if s.complete {
                "yes"
            } else {
                "no: a partial week"
            }
            .to_owned(),
        ),
    ];
    if let Some(soft) = &s.soft {
        if soft.doubles_wanted > 0 {
            solver.push((
                "Doubles kept",
                format!("{} of {}", soft.doubles_kept, soft.doubles_wanted),
            ));
        }
        // The course whose classes differ most in size, across blocks.
        if let Some((course, spread)) = soft
            .class_size_spread
            .iter()
            .max_by_key(|&(c, &n)| (n, std::cmp::Reverse(c.clone())))
        {
            solver.push(("Largest class-size spread", format!("{spread} ({course})")));
        }
    }
    if let Some(sp) = &s.size_spread {
        solver.push((
            "Option class sizes across blocks",
            format!(
                "largest spread {} ({}), mean {:.1} over {} courses of two or more classes",
                sp.largest, sp.course, sp.mean, sp.courses
            ),
        ));
    }
    let seconds: Vec<(&String, String)> = s
        .seconds
        .iter()
        .map(|(k, v)| (k, format!("{v:.2} s")))
        .collect();
    let total_seconds = format!("{:.2} s", s.seconds.values().sum::<f64>());
    let unmet: Vec<UnmetRow> = solution
        .unmet
        .iter()
        .map(|u| {
            let p = scenario.pupils.get(u.pupil);
            UnmetRow {
                pupil: p.map_or("?", |p| p.id.as_str()).to_owned(),
                name: p.map_or("", |p| p.name.as_str()).to_owned(),
                course: look.course_name(u.course).to_owned(),
                rank: u.rank,
                reason: u.reason.clone(),
            }
        })
        .collect();
    let blocks = blocks(scenario, solution, &sizes);
    let other_classes = solution
        .classes
        .iter()
        .filter(|c| c.block.is_none())
        .count();
    let ctx = context! {
        meta => context! { generated => meta.generated.as_str(), version => meta.version.as_str() },
        name => scenario.name.as_str(),
        title => format!("{} · tailor report", scenario.name),
        tiles => ser(&tiles),
        solver => ser(&solver),
        seconds => ser(&seconds),
        total_seconds => total_seconds,
        notes => ser(&s.notes),
        block_count => blocks.len(),
        grids => ser(grids(scenario, solution, blocks)),
        periods_per_block => block_periods_text(scenario),
        other_classes => other_classes,
        ranks => ser(ranks(scenario, solution)),
        unmet => ser(&unmet),
        reserves_used => s.reserves_used,
        fully => s.pupils_fully_met,
        pupils => s.pupils,
        has_week => !solution.meetings.is_empty(),
        sizes_svg => svg(&env, &size_chart(scenario, solution, &sizes)),
        load_svg => svg(&env, &load_chart(scenario, solution)),
        data => Value::from_safe_string(script_json(&week_data(scenario, solution))),
        style => Value::from_safe_string(STYLE.to_owned()),
        errors_js => Value::from_safe_string(ERRORS.to_owned()),
        script => Value::from_safe_string(SCRIPT.to_owned()),
    };
    render(&env, "report.html", ctx)
}

/// The page of `tailor compare`: the variants table, each column's best value highlighted
/// (`best[j]` is the row of column `j`'s best value, if any), and a chart of the share of
/// pupils fully satisfied per variant (`satisfied_pct`: variant name and percent, 0 to 100).
pub fn compare_html(
    title: &str,
    columns: &[String],
    rows: &[Vec<String>],
    best: &[Option<usize>],
    satisfied_pct: &[(String, f64)],
    meta: &Meta,
) -> String {
    let env = environment();
    let table: Vec<Vec<(&str, bool)>> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, cell)| (cell.as_str(), best.get(j).copied().flatten() == Some(i)))
                .collect()
        })
        .collect();
    let chart = Chart {
        title: "Pupils with every main choice met, per variant".into(),
        max: Some(100.0),
        suffix: "%".into(),
        rows: satisfied_pct
            .iter()
            .map(|(name, pct)| Row {
                label: name.clone(),
                bars: vec![Bar {
                    value: *pct,
                    title: format!("{name}: {pct:.1}% of pupils fully satisfied"),
                    tone: Tone::Plain,
                }],
                limit: None,
            })
            .collect(),
    };
    let ctx = context! {
        meta => context! { generated => meta.generated.as_str(), version => meta.version.as_str() },
        name => title,
        title => format!("{title} · tailor compare"),
        columns => ser(columns),
        table => ser(&table),
        chart_svg => svg(&env, &chart),
        style => Value::from_safe_string(STYLE.to_owned()),
        errors_js => Value::from_safe_string(ERRORS.to_owned()),
    };
    render(&env, "compare.html", ctx)
}

#[cfg(test)]
mod tests;
