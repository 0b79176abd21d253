//! Writing a [`RawScenario`] back as a scenario folder (for `generate` and what-if variants).

use std::path::Path;

use crate::error::Result;
use crate::output::FolderWriter;
use crate::scenario::RawScenario;

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The bytes of each file of a scenario folder, in [`super::FILES`] order.
pub fn write_raw(raw: &RawScenario) -> [(&'static str, Vec<u8>); 6] {
    let school = toml::to_string_pretty(&raw.school).expect("school settings serialise");
    [
        ("school.toml", school.into_bytes()),
        (
            "courses.csv",
            csv_bytes(
                &["course", "name", "kind", "periods", "min_size", "max_size", "max_classes", "room_type", "stages"],
                raw.courses.iter().map(|c| {
                    vec![
                        c.course.clone(),
                        c.name.clone(),
                        c.kind.clone(),
                        c.periods.to_string(),
                        c.min_size.to_string(),
                        c.max_size.to_string(),
                        c.max_classes.to_string(),
                        c.room_type.clone(),
                        c.stages.join(";"),
                    ]
                }),
            ),
        ),
        (
            "pupils.csv",
            csv_bytes(
                &["pupil", "name", "stage", "tutor_group"],
                raw.pupils.iter().map(|p| vec![p.pupil.clone(), p.name.clone(), p.stage.clone(), p.tutor_group.clone()]),
            ),
        ),
        (
            "choices.csv",
            csv_bytes(
                &["pupil", "course", "rank", "reserve"],
                raw.choices.iter().map(|c| {
                    vec![c.pupil.clone(), c.course.clone(), c.rank.to_string(), u8::from(c.reserve).to_string()]
                }),
            ),
        ),
        (
            "staff.csv",
            csv_bytes(
                &["staff", "name", "max_periods", "teaches", "unavailable"],
                raw.staff.iter().map(|s| {
                    vec![s.staff.clone(), s.name.clone(), s.max_periods.to_string(), s.teaches.join(";"), s.unavailable.join(";")]
                }),
            ),
        ),
        (
            "rooms.csv",
            csv_bytes(
                &["room", "capacity", "type", "unavailable"],
                raw.rooms.iter().map(|r| {
                    vec![r.room.clone(), r.capacity.to_string(), r.room_type.clone(), r.unavailable.join(";")]
                }),
            ),
        ),
    ]
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

