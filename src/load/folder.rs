//! Opening the files of an input folder: a missing folder is an I/O error, every missing
//! required file an input error at its name (reported together), a missing optional file none.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, InputError, InputErrors, Place, Result};

/// An input folder whose files are being opened.
pub(crate) struct Folder<'a> {
    dir: &'a Path,
    errors: Vec<InputError>,
}

impl<'a> Folder<'a> {
    /// The folder `dir`; `what` names it in the error when it does not exist.
    pub fn new(dir: &'a Path, what: &str) -> Result<Self> {
        if !dir.is_dir() {
            return Err(Error::io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("no such {what} folder"),
                ),
            ));
        }
        Ok(Folder {
            dir,
            errors: Vec::new(),
        })
    }

    /// A file that must be there; when it is not, an error is noted and an empty reader given.
    pub fn required(&mut self, name: &str) -> Box<dyn Read> {
        match File::open(self.dir.join(name)) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                self.errors.push(InputError::new(
                    Place::new(name, None, None),
                    format!("cannot read: {e}"),
                ));
                Box::new(std::io::empty())
            }
        }
    }

    /// A file that may be absent.
    pub fn optional(&self, name: &str) -> Result<Option<Box<dyn Read>>> {
        let path = self.dir.join(name);
        match File::open(&path) {
            Ok(f) => Ok(Some(Box::new(std::io::BufReader::new(f)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Every missing required file so far, together.
    pub fn check(&mut self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(std::mem::take(&mut self.errors)).into())
        }
    }
}
