//! The checker is independent: the files of `src/check/` may use the scenario, the solution,
//! ids, errors and the loader (for its fixtures), never the solver, the placement engine or
//! anything built on them. A checker that shared the solver's code could share its mistakes.

use std::path::Path;

/// Modules of the library the checker may use.
const ALLOWED: [&str; 6] = ["ids", "scenario", "solution", "error", "load", "check"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/check is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` and `tailor::NAME` of a text, and whether it climbs out with
/// `super::super`.
fn uses(text: &str) -> (Vec<String>, bool) {
    let mut names = Vec::new();
    for prefix in ["crate::", "tailor::"] {
        for (i, _) in text.match_indices(prefix) {
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    (names, text.contains("super::super"))
}

#[test]
fn the_checker_imports_nothing_of_the_solver() {
    let mut files = Vec::new();
    rust_files(Path::new("src/check"), &mut files);
    assert!(files.len() >= 5, "the checker's files are found: {files:?}");
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let (names, climbs) = uses(&text);
        for n in names {
            if !ALLOWED.contains(&n.as_str()) {
                bad.push(format!("{}: uses crate::{n}", f.display()));
            }
        }
        if climbs {
            bad.push(format!("{}: reaches out with super::super", f.display()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_scan_finds_what_it_forbids() {
    let (names, climbs) = uses("use crate::solve::Options;\nlet x = tailor::place::place;\n");
    assert_eq!(names, ["solve", "place"]);
    assert!(!climbs);
    assert!(uses("use super::super::week;").1);
    assert!(uses("my_crate::solve").0.is_empty());
}
