//! Writing a [`RawScenario`] back as a scenario folder (for `generate` and what-if variants).

use std::path::Path;

use super::columns::{CHOICES, COURSES, FIXED, LIMITS as LIMIT_COLUMNS, PUPILS, ROOMS, STAFF};
use crate::error::Result;
use crate::output::FolderWriter;
use crate::scenario::{Limits, RawScenario};

/// The limit cells of a row (empty: no limit), in [`LIMIT_COLUMNS`] order.
fn limit_cells(l: &Limits) -> [Option<u32>; 7] {
    [
        l.max_days,
        l.max_gaps,
        l.max_daily,
        l.min_daily,
        l.max_run,
        l.max_gaps_daily,
        l.max_late_starts,
    ]
}

/// The limit columns a table writes: the first five when a row uses one of them (as files
/// were written before the last two were added), each later one when a row uses it.
fn limit_columns<'a>(rows: impl Iterator<Item = &'a Limits>) -> Vec<usize> {
    let mut used = [false; 7];
    for l in rows {
        for (u, c) in used.iter_mut().zip(limit_cells(l)) {
            *u |= c.is_some();
        }
    }
    let first = used[..5].iter().any(|&u| u);
    (0..7)
        .filter(|&i| if i < 5 { first } else { used[i] })
        .collect()
}

/// A row's cells of the limit columns `cols`.
fn limit_row<'a>(l: &Limits, cols: &'a [usize]) -> impl Iterator<Item = String> + 'a {
    let cells = limit_cells(l);
    cols.iter()
        .map(move |&i| cells[i].map(|v| v.to_string()).unwrap_or_default())
}

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The bytes of each file of a scenario folder, in [`super::FILES`] order.
pub fn write_raw(raw: &RawScenario) -> Vec<(&'static str, Vec<u8>)> {
    let school = toml::to_string_pretty(&raw.school).expect("school settings serialise");
    let extra = |on: bool, cols: &[&'static str]| if on { cols.to_vec() } else { Vec::new() };
    // Each group of optional columns is written when some row uses it, in the reader's order.
    let pupil_limits = limit_columns(raw.pupils.iter().map(|p| &p.limits));
    let staff_limits = limit_columns(raw.staff.iter().map(|s| &s.limits));
    let named = |cols: &[usize]| cols.iter().map(|&i| LIMIT_COLUMNS[i]).collect::<Vec<_>>();
    let course_extra = extra(
        raw.courses.iter().any(|c| {
            !c.features.is_empty() || !c.allowed.is_empty() || !c.after.is_empty() || !c.staffed
        }),
        &["features", "allowed", "after", "staffed"],
    );
    let shape_extra = extra(
        raw.courses
            .iter()
            .any(|c| !c.pattern.is_empty() || !c.split.is_empty()),
        &["pattern", "split"],
    );
    let blocks_extra = extra(
        raw.courses.iter().any(|c| !c.blocks.is_empty()),
        &["blocks"],
    );
    let room_extra = extra(
        raw.rooms.iter().any(|r| !r.features.is_empty()),
        &["features"],
    );
    let mut files = vec![
        ("school.toml", school.into_bytes()),
        (
            COURSES.file,
            csv_bytes(
                &[COURSES.required, &course_extra, &shape_extra, &blocks_extra].concat(),
                raw.courses.iter().map(|c| {
                    let mut row = vec![
                        c.course.clone(),
                        c.name.clone(),
                        c.kind.clone(),
                        c.periods.to_string(),
                        c.min_size.to_string(),
                        c.max_size.to_string(),
                        c.max_classes.to_string(),
                        c.room_type.clone(),
                        c.stages.join(";"),
                    ];
                    if !course_extra.is_empty() {
                        row.extend([
                            c.features.join(";"),
                            c.allowed.join(";"),
                            c.after.join(";"),
                            u8::from(c.staffed).to_string(),
                        ]);
                    }
                    if !shape_extra.is_empty() {
                        row.extend([c.pattern.clone(), c.split.clone()]);
                    }
                    if !blocks_extra.is_empty() {
                        row.push(c.blocks.join(";"));
                    }
                    row
                }),
            ),
        ),
        (
            PUPILS.file,
            csv_bytes(
                &[PUPILS.required, named(&pupil_limits).as_slice()].concat(),
                raw.pupils.iter().map(|p| {
                    let mut row = vec![
                        p.pupil.clone(),
                        p.name.clone(),
                        p.stage.clone(),
                        p.tutor_group.clone(),
                    ];
                    row.extend(limit_row(&p.limits, &pupil_limits));
                    row
                }),
            ),
        ),
        (
            CHOICES.file,
            csv_bytes(
                CHOICES.required,
                raw.choices.iter().map(|c| {
                    vec![
                        c.pupil.clone(),
                        c.course.clone(),
                        c.rank.to_string(),
                        u8::from(c.reserve).to_string(),
                    ]
                }),
            ),
        ),
        (
            STAFF.file,
            csv_bytes(
                &[STAFF.required, named(&staff_limits).as_slice()].concat(),
                raw.staff.iter().map(|s| {
                    let mut row = vec![
                        s.staff.clone(),
                        s.name.clone(),
                        s.max_periods.to_string(),
                        s.teaches.join(";"),
                        s.unavailable.join(";"),
                    ];
                    row.extend(limit_row(&s.limits, &staff_limits));
                    row
                }),
            ),
        ),
        (
            ROOMS.file,
            csv_bytes(
                &[ROOMS.required, &room_extra].concat(),
                raw.rooms.iter().map(|r| {
                    let mut row = vec![
                        r.room.clone(),
                        r.capacity.to_string(),
                        r.room_type.clone(),
                        r.unavailable.join(";"),
                    ];
                    if !room_extra.is_empty() {
                        row.push(r.features.join(";"));
                    }
                    row
                }),
            ),
        ),
    ];
    if !raw.fixed.is_empty() {
        let given = raw
            .fixed
            .iter()
            .any(|f| !f.block.is_empty() || !f.staff.is_empty());
        let header = if given {
            [FIXED.required, FIXED.optional].concat()
        } else {
            FIXED.required.to_vec()
        };
        files.push((
            FIXED.file,
            csv_bytes(
                &header,
                raw.fixed.iter().map(|f| {
                    let mut row = vec![f.class.clone(), f.course.clone(), f.pupil.clone()];
                    if given {
                        row.extend([f.block.clone(), f.staff.clone()]);
                    }
                    row
                }),
            ),
        ));
    }
    files
}

/// Writes a scenario folder, all or nothing.
pub fn write_dir(raw: &RawScenario, dir: &Path) -> Result<()> {
    let w = FolderWriter::new(dir)?;
    for (name, bytes) in write_raw(raw) {
        w.file(name, &bytes)?;
    }
    w.commit()?;
    Ok(())
}
