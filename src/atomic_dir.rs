//! Writing a folder of outputs all or nothing: files go to a temporary sibling folder that is
//! renamed into place only when every file is written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A folder being written; [`FolderWriter::commit`] moves it into place.
#[derive(Debug)]
pub struct FolderWriter {
    target: PathBuf,
    tmp: tempfile::TempDir,
}

impl FolderWriter {
    /// Starts writing the folder `target` (created or replaced on commit).
    pub fn new(target: &Path) -> Result<Self> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = target
            .file_name()
            .map_or("out".into(), |n| n.to_string_lossy().into_owned());
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        Ok(Self {
            target: target.to_path_buf(),
            tmp,
        })
    }

    /// Writes one file from bytes.
    pub fn file(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.tmp.path().join(name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut f = fs::File::create(&path).map_err(|e| Error::io(self.target.join(name), e))?;
        f.write_all(bytes)
            .map_err(|e| Error::io(self.target.join(name), e))
    }

    /// The temporary folder (for writers that need a path).
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Moves the finished folder into place, replacing an older one.
    pub fn commit(self) -> Result<PathBuf> {
        let tmp = self.tmp.keep();
        if self.target.exists() {
            let old = tmp.with_extension("old");
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
            fs::rename(&tmp, &self.target).map_err(|e| Error::io(&self.target, e))?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&tmp, &self.target).map_err(|e| Error::io(&self.target, e))?;
        }
        Ok(self.target)
    }
}

/// Writes one file all or nothing: a temporary sibling, renamed into place (the folder is made
/// when missing).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_visible_before_commit_and_commit_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let w = FolderWriter::new(&target).unwrap();
        w.file("a.csv", b"x\n").unwrap();
        assert!(!target.exists());
        w.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "x\n");
        let w = FolderWriter::new(&target).unwrap();
        w.file("b.csv", b"y\n").unwrap();
        drop(w);
        assert!(
            !target.join("b.csv").exists(),
            "a dropped writer leaves the old folder"
        );
        let w = FolderWriter::new(&target).unwrap();
        w.file("b.csv", b"y\n").unwrap();
        w.commit().unwrap();
        assert!(target.join("b.csv").exists() && !target.join("a.csv").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folders left"
        );
    }
}
