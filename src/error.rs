//! Errors of the library: input errors are collected with their place, never stopped at the
//! first, and never a panic.

use std::fmt;
use std::path::PathBuf;

/// Where an input problem is: a file, a line (1-based, the header is line 1) and a column or
/// field name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The file name as the user knows it (`pupils.csv`).
    pub file: String,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// The column (CSV) or field (TOML) name.
    pub field: Option<String>,
}

impl Place {
    /// A place in `file` at `line`, in column `field`.
    pub fn new(file: &str, line: Option<u64>, field: Option<&str>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            field: field.map(str::to_owned),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        Ok(())
    }
}

/// One problem found in the input, with its place: `pupils.csv:43: stage: expected one of
/// 10;11;12, found "9"`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
#[error("{place}: {message}")]
pub struct InputError {
    /// Where it is.
    pub place: Place,
    /// What was found and what was expected.
    pub message: String,
}

impl InputError {
    /// A problem at `place`.
    pub fn new(place: Place, message: impl Into<String>) -> Self {
        Self {
            place,
            message: message.into(),
        }
    }
    /// "expected X, found "Y"" at `place`.
    pub fn expected(place: Place, expected: impl fmt::Display, found: &str) -> Self {
        Self::new(place, format!("expected {expected}, found {found:?}"))
    }
}

/// Every problem of an input, sorted by file and line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// An error of a library call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input holds problems; all of them are listed.
    #[error("{0}")]
    Input(InputErrors),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The solver could not produce a result, and says why.
    #[error("solver: {0}")]
    Solver(SolverError),
    /// A command was asked for something it cannot do, and says why.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O error at `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<InputErrors> for Error {
    fn from(e: InputErrors) -> Self {
        Error::Input(e)
    }
}

/// Why a solve (or a run of solves) could not produce a result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SolverError {
    /// HiGHS would not take the model.
    #[error("HiGHS could not load the model: {0}")]
    Load(String),
    /// HiGHS would not take the starting solution.
    #[error("HiGHS refused the starting solution: {0}")]
    RefusedStart(String),
    /// HiGHS stopped with an error.
    #[error("HiGHS failed: {0}")]
    Failed(String),
    /// The model has no feasible solution.
    #[error("the model has no feasible solution")]
    Infeasible,
    /// HiGHS ended with a status that gives no solution.
    #[error("HiGHS ended with status {0}")]
    Status(String),
    /// No feasible solution was found in the time given.
    #[error("HiGHS found no feasible solution within {seconds:.0} s")]
    NoneInTime {
        /// The time it had.
        seconds: f64,
    },
    /// A hand-made block design (`--evaluate`) cannot be completed.
    #[error("the given blocks cannot be staffed, roomed or filled within class sizes")]
    GivenBlocks,
    /// The option-block design failed.
    #[error("designing the option blocks: {0}")]
    Blocks(Box<SolverError>),
    /// A pool of threads could not be started.
    #[error("cannot start {threads} threads: {why}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// What the system said.
        why: String,
    },
    /// A school that tailor generated itself did not load (a defect of the generator).
    #[error("the generated school {name} is not valid: {why}")]
    Generated {
        /// The school's name.
        name: String,
        /// The load errors.
        why: String,
    },
    /// The simple builder of the checker's benchmark made no valid solution.
    #[error("no valid solution built for {pupils} pupils")]
    NoFixture {
        /// Pupils of the school.
        pupils: usize,
    },
}

impl From<SolverError> for Error {
    fn from(e: SolverError) -> Self {
        Error::Solver(e)
    }
}

/// The result of a library call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_read_like_compiler_errors() {
        let e = InputError::expected(
            Place::new("pupils.csv", Some(43), Some("stage")),
            "one of 10;11;12",
            "9",
        );
        assert_eq!(
            e.to_string(),
            r#"pupils.csv:43: stage: expected one of 10;11;12, found "9""#
        );
        let e = InputError::new(Place::new("school.toml", None, Some("name")), "missing");
        assert_eq!(e.to_string(), "school.toml: name: missing");
    }
}
