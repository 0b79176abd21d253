//! tailor gives every pupil a timetable of their own: it designs option blocks, sections pupils
//! into classes, places all teaching in the week with staff and rooms, and checks the result.
//!
//! The pipeline: load and validate a scenario folder, solve the week, check the result
//! independently, write the solution folder.
//!
//! ```
//! use std::path::Path;
//! use tailor::{check, load, solution, solve};
//!
//! let scenario = load::load_dir(Path::new("tests/fixtures/tiny/scenario"))?.scenario;
//! let mut options = solve::Options::from_scenario(&scenario);
//! options.time_limit_s = 10.0;
//! let timetable = solve::solve(&scenario, &options)?;
//! assert!(timetable.summary.complete);
//! assert!(check::check(&scenario, &timetable, check::Mode::Full).is_empty());
//! let out = tempfile::tempdir().expect("a temporary folder");
//! solution::io::write_dir(&scenario, &timetable, &out.path().join("solution"))?;
//! # Ok::<(), tailor::Error>(())
//! ```

#![deny(missing_docs)]

pub mod atomic_dir;
pub mod bench;
pub mod check;
pub mod cli;
pub mod compare;
pub mod diagnose;
pub mod error;
pub mod fet;
pub mod generate;
pub mod given;
pub mod ids;
pub mod itc2007;
pub mod load;
pub mod matching;
pub mod pipeline;
pub mod place;
pub mod report;
pub mod resolve;
pub mod scenario;
pub mod show;
pub mod solution;
pub mod solve;

pub use error::{Error, Result};

/// The old name of [`atomic_dir`], for code written before it was renamed.
#[allow(unused_imports)]
pub(crate) use atomic_dir as output;
