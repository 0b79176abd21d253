//! Writes a generated GCSE school and one changed copy of it, for re-solving by hand:
//! `cargo run --example perturb_school -- OUT PUPILS SEED CHANGE` with CHANGE one of
//! `choices`, `join`, `teacher`, `lab` (the four). Writes `OUT/old` and `OUT/new`.

use std::path::Path;

use tailor::bench::{school, Case, Profile};
use tailor::load::write_dir;
use tailor::resolve::perturb::{perturb, Perturbation};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(pupils), Some(seed), Some(change)) = (
        args.get(1),
        args.get(2).and_then(|a| a.parse().ok()),
        args.get(3).and_then(|a| a.parse().ok()),
        args.get(4),
    ) else {
        eprintln!("usage: perturb_school OUT PUPILS SEED choices|join|teacher|lab");
        std::process::exit(2);
    };
    let p = match change.as_str() {
        "choices" => Perturbation::Choices(5),
        "join" => Perturbation::Join(20),
        "teacher" => Perturbation::TeacherGone,
        "lab" => Perturbation::LabGone,
        other => {
            eprintln!("unknown change {other:?}: expected choices, join, teacher or lab");
            std::process::exit(2);
        }
    };
    let raw = school(&Case {
        name: "gcse",
        profile: Profile::Gcse,
        pupils,
        seed,
    });
    let mut changed = raw.clone();
    let what = perturb(&mut changed, p, seed).unwrap_or_default();
    let out = Path::new(out);
    for (name, r) in [("old", &raw), ("new", &changed)] {
        if let Err(e) = write_dir(r, &out.join(name)) {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    println!("{}: {what}", p.name());
}
