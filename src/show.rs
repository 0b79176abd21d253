//! Terminal views of a solution: the option blocks grid, satisfaction figures, and one person's
//! week as a grid (`tailor show`).

use crate::ids::*;
use crate::scenario::Scenario;
use crate::solution::{Solution, Summary};

/// Whose week to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// A pupil.
    Pupil(PupilId),
    /// A member of staff.
    Staff(StaffId),
    /// A room.
    Room(RoomId),
}

/// Lays out rows of cells as a text table with a header, columns padded to their widest cell.
fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let width: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |x| x.chars().count()))
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (c, w) in width.iter().enumerate() {
            let cell = cells.get(c).map_or("", String::as_str);
            s += &format!("{cell:<w$}");
            if c + 1 < cols {
                s += " | ";
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(header);
    out += &(width
        .iter()
        .map(|w| "-".repeat(*w))
        .collect::<Vec<_>>()
        .join("-+-")
        + "\n");
    for r in rows {
        out += &line(r);
    }
    out
}

/// The option blocks as columns, each class with its size against the course maximum, its
/// teacher and room.
pub fn blocks_grid(scenario: &Scenario, solution: &Solution) -> String {
    let blocks = scenario.blocks.len();
    let sizes = solution.class_pupils();
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); blocks];
    for (k, c) in solution.classes.iter_enumerated() {
        let Some(b) = c.block else { continue };
        let course = &scenario.courses[c.course];
        let staff = c
            .staff
            .map_or("-".to_owned(), |s| scenario.staff[s].id.clone());
        let room = c
            .room
            .map_or(String::new(), |r| format!(" {}", scenario.rooms[r].id));
        let Some(column) = columns.get_mut(b.index()) else {
            continue;
        };
        column.push(format!(
            "{} {}/{} {}{}",
            c.id,
            sizes[k].len(),
            course.max_size,
            staff,
            room
        ));
    }
    let depth = columns.iter().map(Vec::len).max().unwrap_or(0);
    let rows: Vec<Vec<String>> = (0..depth)
        .map(|i| {
            columns
                .iter()
                .map(|col| col.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    let several = scenario.schemes.len() > 1;
    let header: Vec<String> = scenario
        .blocks
        .iter()
        .map(|b| {
            if several {
                format!("{} Block {}", scenario.schemes[b.scheme].name, b.name)
            } else {
                format!("Block {}", b.name)
            }
        })
        .collect();
    table(&header, &rows)
}

/// The satisfaction and solver figures of a run, in a few lines.
pub fn figures(summary: &Summary) -> String {
    let pct = |a: u64, b: u64| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let mut s = format!(
        "pupils with every main choice met: {} of {} ({:.1}%)\nmain choices met: {} of {} ({:.1}%); reserves used: {}\nclasses: {}, meetings: {}\n",
        summary.pupils_fully_met,
        summary.pupils,
        pct(summary.pupils_fully_met, summary.pupils),
        summary.main_choices_met,
        summary.main_choices,
        pct(summary.main_choices_met, summary.main_choices),
        summary.reserves_used,
        summary.classes,
        summary.meetings,
    );
    if let (Some(o), Some(b), Some(g)) = (summary.objective, summary.bound, summary.gap) {
        s += &format!(
            "first level: {o:.0} pupils fully met, bound {b:.1}, gap {:.2}% ({})\n",
            g * 100.0,
            summary.status
        );
    } else if !summary.status.is_empty() {
        s += &format!("status: {}\n", summary.status);
    }
    let total: f64 = summary.seconds.values().sum();
    for sc in &summary.schemes {
        s += &format!(
            "scheme {}: {} of {} pupils fully met",
            sc.scheme, sc.pupils_fully_met, sc.pupils
        );
        if let (Some(o), Some(b)) = (sc.objective, sc.bound) {
            s += &format!(", first level {o:.0}, bound {b:.1} ({})", sc.status);
        }
        s += "\n";
    }
    s += &format!("seconds: {total:.1}");
    for (stage, secs) in &summary.seconds {
        s += &format!("; {stage} {secs:.1}");
    }
    s += "\n";
    if let Some(soft) = &summary.soft {
        s += &format!(
            "week quality: {} single-lesson pupil days, {} pupil gaps, {} repeated class days, {} staff gaps\n",
            soft.pupil_single_lesson_days, soft.pupil_gaps, soft.class_same_day_repeats, soft.staff_gaps
        );
    }
    if !summary.complete {
        s += "INCOMPLETE: the week could not be completed\n";
    }
    for n in &summary.notes {
        s += &format!("note: {n}\n");
    }
    s
}

/// One person's week as a grid: periods as rows, days as columns.
pub fn week(scenario: &Scenario, solution: &Solution, who: Who) -> String {
    let week = &scenario.week;
    let mut cells: Vec<Vec<Vec<String>>> =
        vec![vec![Vec::new(); week.days.len()]; week.periods.len()];
    let pupils_classes: Vec<ClassId> = match who {
        Who::Pupil(p) => solution
            .enrolments
            .iter()
            .filter(|e| e.pupil == p)
            .map(|e| e.class)
            .collect(),
        _ => Vec::new(),
    };
    for m in &solution.meetings {
        let class = &solution.classes[m.class];
        let course = &scenario.courses[class.course];
        let room = m
            .room
            .map_or("-".to_owned(), |r| scenario.rooms[r].id.clone());
        let staff = m
            .staff
            .map_or("-".to_owned(), |s| scenario.staff[s].id.clone());
        let text = match who {
            Who::Pupil(_) if pupils_classes.contains(&m.class) => {
                format!("{} {room} {staff}", course.name)
            }
            Who::Staff(s) if m.staff == Some(s) => format!("{} {room}", class.id),
            Who::Room(r) if m.room == Some(r) => format!("{} {staff}", class.id),
            _ => continue,
        };
        cells[week.period_of(m.slot)][week.day_of(m.slot)].push(text);
    }
    let header: Vec<String> = std::iter::once(String::new())
        .chain(week.days.iter().cloned())
        .collect();
    let rows: Vec<Vec<String>> = cells
        .into_iter()
        .enumerate()
        .map(|(p, row)| {
            std::iter::once(week.periods[p].clone())
                .chain(row.into_iter().map(|c| c.join(" / ")))
                .collect()
        })
        .collect();
    let title = match who {
        Who::Pupil(p) => format!(
            "{} {} (stage {})",
            scenario.pupils[p].id,
            scenario.pupils[p].name,
            scenario.stages.name(scenario.pupils[p].stage)
        ),
        Who::Staff(s) => format!("{} {}", scenario.staff[s].id, scenario.staff[s].name),
        Who::Room(r) => format!(
            "{} ({}, {} seats)",
            scenario.rooms[r].id,
            scenario.room_types.name(scenario.rooms[r].room_type),
            scenario.rooms[r].capacity
        ),
    };
    format!("{title}\n{}", table(&header, &rows))
}
