//! The columns of each scenario table, in one place: the reader checks headers against them and
//! the writer writes them, so the two cannot drift apart.

/// A table's file name and its columns.
pub(crate) struct Columns {
    /// The file name in a scenario folder.
    pub file: &'static str,
    /// Columns every file must have.
    pub required: &'static [&'static str],
    /// Columns a file may have.
    pub optional: &'static [&'static str],
}

/// The optional limit columns of a person's week (`staff.csv`, `pupils.csv`).
pub(crate) const LIMITS: [&str; 7] = [
    "max_days",
    "max_gaps",
    "max_daily",
    "min_daily",
    "max_run",
    "max_gaps_daily",
    "max_late_starts",
];

/// `courses.csv`.
pub(crate) const COURSES: Columns = Columns {
    file: "courses.csv",
    required: &[
        "course",
        "name",
        "kind",
        "periods",
        "min_size",
        "max_size",
        "max_classes",
        "room_type",
        "stages",
    ],
    optional: &[
        "features", "allowed", "after", "staffed", "pattern", "split", "blocks",
    ],
};

/// `pupils.csv`.
pub(crate) const PUPILS: Columns = Columns {
    file: "pupils.csv",
    required: &["pupil", "name", "stage", "tutor_group"],
    optional: &LIMITS,
};

/// `choices.csv`.
pub(crate) const CHOICES: Columns = Columns {
    file: "choices.csv",
    required: &["pupil", "course", "rank", "reserve"],
    optional: &[],
};

/// `staff.csv`.
pub(crate) const STAFF: Columns = Columns {
    file: "staff.csv",
    required: &["staff", "name", "max_periods", "teaches", "unavailable"],
    optional: &LIMITS,
};

/// `rooms.csv`.
pub(crate) const ROOMS: Columns = Columns {
    file: "rooms.csv",
    required: &["room", "capacity", "type", "unavailable"],
    optional: &["features"],
};

/// `fixed.csv`.
pub(crate) const FIXED: Columns = Columns {
    file: "fixed.csv",
    required: &["class", "course", "pupil"],
    optional: &["block", "staff"],
};
