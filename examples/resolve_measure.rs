//! The measures of issue 16: a generated school solved, then changed in the four ways and
//! re-solved from the old solution, against a fresh solve of each changed school.
//!
//! `cargo run --example resolve_measure -- PUPILS SECONDS [SEED]`

use std::time::Instant;

use tailor::generate::{generate, GenerateOptions, Profile};
use tailor::resolve::perturb::{perturb, Perturbation};
use tailor::solution::changes::{diff, figures, Limits, Locks, Named};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pupils: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let secs: f64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(30.0);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let raw = generate(&GenerateOptions {
        pupils,
        seed,
        profile: Profile::Gcse,
        tight: false,
    });
    let scenario = tailor::load::resolve(&raw).unwrap().scenario;
    let mut options = tailor::solve::Options::from_scenario(&scenario);
    options.time_limit_s = secs;
    let t = Instant::now();
    let old = tailor::solve::solve(&scenario, &options).unwrap();
    println!(
        "school: {pupils} pupils (seed {seed}), old solve {:.1}s, complete {}, choices met {}/{}",
        t.elapsed().as_secs_f64(),
        old.summary.complete,
        old.summary.main_choices_met,
        old.summary.main_choices
    );
    let named = Named::of(&scenario, &old);
    println!("| change | resolve: pupils changed (classes) | fresh: pupils changed (classes) | choices met resolve / fresh | seconds resolve / fresh | resolve checks |");
    println!("|---|---|---|---|---|---|");
    for p in Perturbation::ISSUE {
        let mut changed = raw.clone();
        let what = perturb(&mut changed, p, seed).unwrap_or_default();
        let now = tailor::load::resolve(&changed).unwrap().scenario;
        let mut o = tailor::solve::Options::from_scenario(&now);
        o.time_limit_s = secs;
        if std::env::var_os("RESOLVE_DETAIL").is_some() {
            o.progress = tailor::solve::Reporter::new(|l| eprintln!("  | {l}"));
        }
        let t = Instant::now();
        let r = tailor::resolve::resolve(
            &now,
            &named,
            &tailor::resolve::Settings {
                solve: o.clone(),
                free_blocks: false,
                limits: Limits::default(),
                locks: Locks::default(),
                from: "old".into(),
            },
        )
        .unwrap();
        let rs = t.elapsed().as_secs_f64();
        if std::env::var_os("RESOLVE_DETAIL").is_some() {
            // What changed, by kind, and how the time went.
            let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
            for c in r.changes.iter().filter(|c| !c.is_staff()) {
                *kinds.entry(c.kind.as_str()).or_default() += 1;
            }
            eprintln!("{}: rows by kind {kinds:?}", p.name());
            for c in r
                .changes
                .iter()
                .filter(|c| !c.is_staff())
                .step_by(37)
                .take(12)
            {
                eprintln!(
                    "  row {} {} {} -> {}",
                    c.person,
                    c.kind.as_str(),
                    c.before,
                    c.after
                );
            }
            eprintln!("  seconds {:?}", r.solution.summary.seconds);
            for n in r.solution.summary.notes.iter().take(8) {
                eprintln!("  note {n:?}");
            }
        }
        let v = tailor::check::check(&now, &r.solution, tailor::check::Mode::Full);
        let rf = r.solution.summary.changes.clone().unwrap();
        if std::env::var_os("RESOLVE_NO_FRESH").is_some() {
            eprintln!(
                "{}: resolve {} ({}) pupils changed, {rs:.1}s, {} violations, complete {}",
                p.name(),
                rf.pupils_changed,
                rf.pupils_class_changed,
                v.len(),
                r.solution.summary.complete
            );
            continue;
        }
        let t = Instant::now();
        let fresh = tailor::solve::solve(&now, &o).unwrap();
        let fs = t.elapsed().as_secs_f64();
        let fnamed = Named::of(&now, &fresh);
        let ff = figures(&named, &fnamed, &diff(&named, &fnamed));
        println!(
            "| {} ({what}) | {} ({}) | {} ({}) | {} / {} of {} | {rs:.1} / {fs:.1} | {} |",
            p.name(),
            rf.pupils_changed,
            rf.pupils_class_changed,
            ff.pupils_changed,
            ff.pupils_class_changed,
            r.solution.summary.main_choices_met,
            fresh.summary.main_choices_met,
            fresh.summary.main_choices,
            if v.is_empty() && r.solution.summary.complete {
                "valid, complete".to_owned()
            } else {
                format!(
                    "{} violations, complete {}",
                    v.len(),
                    r.solution.summary.complete
                )
            },
        );
    }
}
