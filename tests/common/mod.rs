//! Shared by the fixture tests.

/// A test that needs something the machine lacks (a browser, the shared data folder): on CI
/// (`CI=true`, where both are installed) that is a failure; elsewhere the test says SKIPPED.
/// Returns normally only when the test may skip.
pub fn missing(what: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    assert!(!ci, "{what}: required when CI=true");
    println!("SKIPPED: {what}");
    eprintln!("SKIPPED: {what}");
}

#[cfg(test)]
#[test]
fn missing_fails_on_ci_only() {
    // The environment is the process's: only read it here.
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    let caught = std::panic::catch_unwind(|| missing("a thing"));
    assert_eq!(caught.is_err(), ci);
}
