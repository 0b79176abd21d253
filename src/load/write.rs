//! Writing a [`RawScenario`] back as a scenario folder (for `generate` and what-if variants).

use std::path::Path;

use super::columns::{CHOICES, COURSES, FIXED, LIMITS as LIMIT_COLUMNS, PUPILS, ROOMS, STAFF};
use crate::error::Result;
use crate::output::FolderWriter;
use crate::scenario::{Limits, RawScenario};

/// The limit cells of a row (empty: no limit).
fn limit_cells(l: &Limits) -> [String; 5] {
    let cell = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    [
        cell(l.max_days),
        cell(l.max_gaps),
        cell(l.max_daily),
        cell(l.min_daily),
        cell(l.max_run),
    ]
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
    let pupil_limits = raw.pupils.iter().any(|p| !p.limits.is_none());
    let staff_limits = raw.staff.iter().any(|s| !s.limits.is_none());
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
                &[
                    PUPILS.required,
                    extra(pupil_limits, &LIMIT_COLUMNS).as_slice(),
                ]
                .concat(),
                raw.pupils.iter().map(|p| {
                    let mut row = vec![
                        p.pupil.clone(),
                        p.name.clone(),
                        p.stage.clone(),
                        p.tutor_group.clone(),
                    ];
                    if pupil_limits {
                        row.extend(limit_cells(&p.limits));
                    }
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
                &[
                    STAFF.required,
                    extra(staff_limits, &LIMIT_COLUMNS).as_slice(),
                ]
                .concat(),
                raw.staff.iter().map(|s| {
                    let mut row = vec![
                        s.staff.clone(),
                        s.name.clone(),
                        s.max_periods.to_string(),
                        s.teaches.join(";"),
                        s.unavailable.join(";"),
                    ];
                    if staff_limits {
                        row.extend(limit_cells(&s.limits));
                    }
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
