//! tailor gives every pupil a timetable of their own: it designs option blocks, sections pupils
//! into classes, places all teaching in the week with staff and rooms, and checks the result.

pub mod bench;
pub mod check;
pub mod commands;
pub mod compare;
pub mod error;
pub mod generate;
pub mod given;
pub mod ids;
pub mod itc2007;
pub mod load;
pub mod output;
pub mod place;
pub mod report;
pub mod scenario;
pub mod show;
pub mod solution;
pub mod solve;

pub use error::{Error, Result};
