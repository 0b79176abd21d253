//! The generators' catalogue: the subjects a school offers and the core courses of each year,
//! kept as data files beside this module (`catalogue/*.csv`, one row per subject, most popular
//! first) and read once.

use std::sync::LazyLock;

use super::Pathway;

/// A subject of the catalogue: name, code, pathway, department, room type.
pub(super) type Subject = (
    &'static str,
    &'static str,
    Pathway,
    &'static str,
    &'static str,
);

/// A core course of the school: name, code, department, room type, `max_size`, weekly periods,
/// pattern.
pub(super) type Core = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    &'static str,
);

/// GCSE option subjects, most popular first.
pub(super) static GCSE: LazyLock<Vec<Subject>> =
    LazyLock::new(|| subjects(include_str!("catalogue/gcse.csv")));

/// A-level subjects, most popular first.
pub(super) static ALEVEL: LazyLock<Vec<Subject>> =
    LazyLock::new(|| subjects(include_str!("catalogue/alevel.csv")));

/// Years 7 to 9 of the 11-18 school: 30 periods, the whole week.
pub(super) static LOWER_CORE: LazyLock<Vec<Core>> =
    LazyLock::new(|| cores(include_str!("catalogue/lower-core.csv")));

/// Years 10 and 11 of the 11-18 school: 18 periods, with the 4 blocks of 3 the whole week.
pub(super) static UPPER_CORE: LazyLock<Vec<Core>> =
    LazyLock::new(|| cores(include_str!("catalogue/upper-core.csv")));

/// The cells of every row of `text` after its header. The files are the crate's own: a row of
/// the wrong width is a bug of the crate, caught by the tests below.
fn rows(text: &'static str, width: usize) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(move |l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), width, "catalogue row {l:?}");
            cells
        })
}

fn subjects(text: &'static str) -> Vec<Subject> {
    rows(text, 5)
        .map(|c| {
            let pathway = match c[2] {
                "science" => Pathway::Science,
                "humanities" => Pathway::Humanities,
                "languages" => Pathway::Languages,
                "creative" => Pathway::Creative,
                other => panic!("catalogue: unknown pathway {other:?}"),
            };
            (c[0], c[1], pathway, c[3], c[4])
        })
        .collect()
}

fn cores(text: &'static str) -> Vec<Core> {
    let number = |s: &str| s.parse::<u32>().expect("catalogue: a number");
    rows(text, 7)
        .map(|c| (c[0], c[1], c[2], c[3], number(c[4]), number(c[5]), c[6]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reads_with_unique_codes() {
        for (table, len) in [(&*GCSE, 45), (&*ALEVEL, 40)] {
            assert_eq!(table.len(), len);
            let mut codes: Vec<&str> = table.iter().map(|s| s.1).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), len);
        }
        assert_eq!(
            GCSE[0],
            (
                "History",
                "HIS",
                Pathway::Humanities,
                "Humanities",
                "classroom"
            )
        );
        // Years 7-9 fill the 30-period week; Years 10-11 leave the 12 of their blocks.
        assert_eq!(LOWER_CORE.iter().map(|c| c.5).sum::<u32>(), 30);
        assert_eq!(UPPER_CORE.iter().map(|c| c.5).sum::<u32>(), 18);
        assert!(UPPER_CORE.contains(&("Science", "SCI", "Science", "lab", 24, 6, "2+2+1+1")));
    }
}
