//! The SVWS-style measure of issue 14: a German upper-school cohort (Oberstufe) of 12 blocks in
//! which every pupil takes a course in every block, with parallel courses (German, Maths,
//! English and Sport for everyone, eight pairs of alternatives, each course in several classes),
//! blocked once with class sizes balanced only within blocks and once with the balance level
//! (across blocks). Prints, for each, the largest and mean class-size spread per course, the
//! fully met pupils and the seconds.
//!
//! `cargo run --example svws_measure -- [PUPILS] [SECONDS] [SEED]` (defaults 150, 60, 1);
//! `SVWS_VERBOSE=1` prints the solver's progress.

use std::fmt::Write as _;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Courses everyone takes.
const ALL: [&str; 4] = ["D", "M", "E", "SP"];
/// Pairs of alternatives; a pupil takes one of each, the first three times in four.
const PAIRS: [(&str, &str); 8] = [
    ("BI", "CH"),
    ("GE", "EK"),
    ("F", "L"),
    ("PH", "IF"),
    ("SW", "PA"),
    ("KU", "MU"),
    ("ER", "PL"),
    ("KR", "LI"),
];
/// Blocks, periods a block meets a week.
const BLOCKS: u32 = 12;
const PERIODS_PER_BLOCK: u32 = 3;
/// Class sizes.
const MIN_SIZE: u32 = 8;
const MAX_SIZE: u32 = 30;
/// The class size a course's number of classes is planned for (as a timetabler sets
/// SVWS's `Kursanzahl`).
const PLANNED: u32 = 24;

/// The scenario's six files: school.toml, courses, pupils, choices, staff, rooms.
fn cohort(pupils: u32, seed: u64) -> [String; 6] {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut chosen: Vec<Vec<&str>> = Vec::new();
    for _ in 0..pupils {
        let mut mine: Vec<&str> = ALL.to_vec();
        for (a, b) in PAIRS {
            mine.push(if rng.gen_bool(0.75) { a } else { b });
        }
        chosen.push(mine);
    }
    let mut courses: Vec<&str> = ALL.to_vec();
    for (a, b) in PAIRS {
        courses.extend([a, b]);
    }
    let demand = |c: &str| chosen.iter().filter(|m| m.contains(&c)).count() as u32;
    let school = format!(
        "name = \"SVWS-style cohort, {pupils} pupils, seed {seed}\"\nstages = [\"Q1\"]\n\n\
         [week]\ndays = [\"Mo\", \"Di\", \"Mi\", \"Do\", \"Fr\"]\n\
         periods = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\"]\n\n\
         [options]\nblocks = {BLOCKS}\nperiods_per_block = {PERIODS_PER_BLOCK}\n"
    );
    let mut c =
        "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\n".to_owned();
    let mut staff = "staff,name,max_periods,teaches,unavailable\n".to_owned();
    for &id in &courses {
        let d = demand(id);
        let k = d.div_ceil(PLANNED).max(d.div_ceil(MAX_SIZE));
        let _ = writeln!(
            c,
            "{id},{id},option,{PERIODS_PER_BLOCK},{MIN_SIZE},{MAX_SIZE},{k},none,Q1"
        );
        // As many teachers as classes, each free for every block.
        for t in 0..k {
            let _ = writeln!(
                staff,
                "{id}{t},Teacher {t} of {id},{},{id},",
                BLOCKS * PERIODS_PER_BLOCK
            );
        }
    }
    let mut p = "pupil,name,stage,tutor_group\n".to_owned();
    let mut ch = "pupil,course,rank,reserve\n".to_owned();
    for (i, mine) in chosen.iter().enumerate() {
        let _ = writeln!(p, "S{i:03},Pupil {i},Q1,Q1");
        for (rank, course) in mine.iter().enumerate() {
            let _ = writeln!(ch, "S{i:03},{course},{},0", rank + 1);
        }
    }
    let rooms = "room,capacity,type,unavailable\nR1,30,classroom,\n".to_owned();
    [school, c, p, ch, staff, rooms]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pupils: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(150);
    let secs: f64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(60.0);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let files = cohort(pupils, seed);
    let texts: [&str; 6] = std::array::from_fn(|i| files[i].as_str());
    let scenario = match tailor::load::load_readers(tailor::load::Readers::from_texts(texts, None))
    {
        Ok(loaded) => loaded.scenario,
        Err(e) => {
            eprintln!("the generated cohort does not load: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "cohort: {pupils} pupils, {BLOCKS} blocks, {} courses, seed {seed}, {secs} s each",
        scenario.courses.len()
    );
    println!("| balancing | largest spread (course) | mean spread | courses of 2+ classes | fully met | classes | seconds | check |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, balance) in [("within blocks (old)", false), ("across blocks", true)] {
        let mut options = tailor::solve::Options::from_scenario(&scenario);
        options.time_limit_s = secs;
        options.threads = 1;
        options.balance_sizes = balance;
        if std::env::var_os("SVWS_VERBOSE").is_some() {
            options.progress = tailor::solve::Reporter::new(|line| eprintln!("{line}"));
        }
        let t = Instant::now();
        let sol = match tailor::solve::blocks(&scenario, &options) {
            Ok(s) => s,
            Err(e) => {
                println!("| {name} | failed: {e} | | | | | | |");
                continue;
            }
        };
        let seconds = t.elapsed().as_secs_f64();
        let violations =
            tailor::check::check(&scenario, &sol, tailor::check::Mode::BlocksOnly).len();
        let s = &sol.summary;
        let (largest, mean, courses) =
            s.size_spread
                .as_ref()
                .map_or(("–".to_owned(), "–".to_owned(), 0), |sp| {
                    (
                        format!("{} ({})", sp.largest, sp.course),
                        format!("{:.2}", sp.mean),
                        sp.courses,
                    )
                });
        println!(
            "| {name} | {largest} | {mean} | {courses} | {} of {} | {} | {seconds:.1} | {violations} violations |",
            s.pupils_fully_met, s.pupils, s.classes
        );
        if let Some(sp) = &s.size_spread {
            let per: Vec<String> = sp
                .by_course
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            println!("|   per course | {} | | | | | | |", per.join(", "));
        }
        let levels: Vec<String> = s
            .seconds
            .iter()
            .filter(|(k, _)| k.starts_with("level"))
            .map(|(k, v)| format!("{} {v:.1} s", k.trim_start_matches("level: ")))
            .collect();
        println!("|   seconds | {} | | | | | | |", levels.join(", "));
    }
}
