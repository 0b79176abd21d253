//! The measures of issue 16 on one school: a generated GCSE school solved (with `OLD_SECONDS`,
//! default four times `SECONDS`), then changed in the four ways and re-solved from the old
//! solution, against a fresh solve of each changed school; `tailor bench resolve` runs the
//! same on its suite.
//!
//! `cargo run --example resolve_measure -- PUPILS SECONDS [SEED] [OLD_SECONDS]`

use tailor::bench::{resolve_rows, resolve_text, Case, Profile, Settings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pupils: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let secs: f64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(30.0);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let old: f64 = args
        .get(4)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4.0 * secs);
    let case = Case {
        name: "gcse",
        profile: Profile::Gcse,
        pupils,
        seed,
    };
    let settings = Settings {
        time_limit_s: Some(secs),
        threads: Some(1),
    };
    match resolve_rows(&[case], old, &settings) {
        Ok(rows) => print!("{}", resolve_text(&rows)),
        Err(e) => eprintln!("{e}"),
    }
}
