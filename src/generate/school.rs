//! `--profile school`: an English 11-18 school with an option scheme per cohort.
//!
//! - Years 7, 8 and 9 are taught every slot of the week by core courses (English, Maths,
//!   Science, French, History, Geography, RE, PE, Art, Design and Technology, Music, Drama,
//!   Computing, PSHE), in sets.
//! - Year 10 (scheme `Y10`, blocks `10A`..`10D` of 3 periods) chooses four GCSE options and a
//!   reserve; its core (English, Maths, Science, PE, RE, PSHE) fills exactly the 18 slots the
//!   blocks leave: no free period.
//! - Year 11 (scheme `Y11`, blocks `11A`..`11D`) keeps last year's design: its option classes
//!   are given in `fixed.csv` with their block and teacher, built greedily so that every pupil is
//!   in exactly one class per block, no teacher has two given classes in one block and every class
//!   fits its rooms. Its core is Year 10's: no free period either.
//! - The sixth form (scheme `Sixth` over Years 12 and 13) has four A-level blocks `A`..`D` of 5
//!   periods and a block `E` of 4 for the Extended Project and Core Maths; Further Maths runs
//!   only in block `D` (a labelled block, `courses.csv` `blocks`). Sixth-formers choose three
//!   A levels and a reserve, some also a block-`E` course, and attend a weekly lecture: the rest
//!   of their week is study periods.
//!
//! Teachers belong to departments and teach the department's core in every year and their
//! specialisms in Years 10 to 13, so they are shared across schemes and stages. Rooms have types
//! (classrooms, labs, studios, computer rooms, gyms, a hall), enough for the teaching at once.

use super::catalogue::{LOWER_CORE, UPPER_CORE};
use super::*;

/// Pupils of each year group: equal, the remainder to the youngest years.
fn year_sizes(pupils: u32) -> [(&'static str, u32); 7] {
    let stages = ["7", "8", "9", "10", "11", "12", "13"];
    let (base, extra) = (pupils / 7, pupils % 7);
    let mut out = [("", 0); 7];
    for (k, s) in stages.iter().enumerate() {
        out[k] = (*s, base + u32::from((k as u32) < extra));
    }
    out
}

/// Option blocks of Years 10 and 11 and their periods (4 × 3 = 12, the 30 the core leaves).
const GCSE_BLOCKS: u32 = 4;
const GCSE_BLOCK_PERIODS: u32 = 3;
const GCSE_BLOCK_PATTERN: &str = "2+1";
/// The sixth form's blocks: A-level blocks of 5 and block E of 4.
const SIXTH_BLOCKS: [(&str, u32, &str); 5] = [
    ("A", 5, "2+1+1+1"),
    ("B", 5, "2+1+1+1"),
    ("C", 5, "2+1+1+1"),
    ("D", 5, "2+1+1+1"),
    ("E", 4, "2+1+1"),
];

/// A course being built: its row, department, specialism (the subject code its specialists
/// teach; `None`: any teacher of the department) and the classes it likely runs.
struct Plan {
    course: RawCourse,
    dept: &'static str,
    subject: Option<String>,
    classes: u32,
}

#[allow(clippy::too_many_arguments)]
fn row(
    course: String,
    name: String,
    kind: &str,
    periods: u32,
    min_size: u32,
    max_size: u32,
    max_classes: u32,
    room_type: &str,
    stages: &[&str],
) -> RawCourse {
    RawCourse {
        course,
        name,
        kind: kind.into(),
        periods,
        min_size,
        max_size,
        max_classes,
        room_type: room_type.into(),
        stages: stages.iter().map(|s| (*s).to_owned()).collect(),
        ..RawCourse::default()
    }
}

/// The core courses of `stage` (`n` pupils): one course per subject and year, in sets.
fn core_courses(stage: &str, n: u32, table: &[Core], plans: &mut Vec<Plan>) {
    for &(name, code, dept, room, max, periods, pattern) in table {
        let sets = div_ceil(n, max);
        let mut course = row(
            format!("{stage}-{code}"),
            format!("{name} (Year {stage})"),
            "core",
            periods,
            10.min(n),
            max,
            sets + 1,
            room,
            &[stage],
        );
        course.pattern = pattern.into();
        plans.push(Plan {
            course,
            dept,
            subject: None,
            classes: sets,
        });
    }
}

/// GCSE subjects of the school's catalogue: GCSE PE gets its own code (`PE` is core).
fn gcse_subject(k: usize) -> Subject {
    let s = GCSE[k % GCSE.len()];
    if s.1 == "PE" {
        ("GCSE PE", "GPE", s.2, s.3, s.4)
    } else {
        s
    }
}

fn option_size(room: &str, rng: &mut ChaCha8Rng) -> u32 {
    match room {
        "lab" | "studio" => 24,
        "computer" => 28,
        "gym" => 30,
        _ => *[28, 30].choose(rng).expect("sizes"),
    }
}

/// Zipf-like popularity weights with jitter, for `count` subjects most popular first.
fn popularity(count: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    (0..count)
        .map(|k| rng.gen_range(0.7..1.3) / ((k + 1) as f64).powf(0.9))
        .collect()
}

/// `wanted` distinct picks of `0..weights.len()`, weighted, boosted five-fold where `boost`.
fn pick(weights: &[f64], boost: &[bool], wanted: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let w: Vec<f64> = weights
        .iter()
        .zip(boost)
        .map(|(w, &b)| if b { w * 5.0 } else { *w })
        .collect();
    let mut picked: Vec<usize> = Vec::with_capacity(wanted);
    let sampler = WeightedIndex::new(&w).expect("positive weights");
    while picked.len() < wanted.min(weights.len()) {
        let mut k = sampler.sample(rng);
        for _ in 0..50 {
            if !picked.contains(&k) {
                break;
            }
            k = sampler.sample(rng);
        }
        if picked.contains(&k) {
            k = (0..weights.len())
                .find(|x| !picked.contains(x))
                .expect("enough courses");
        }
        picked.push(k);
    }
    picked
}

/// Option courses of a cohort and its pupils' choices: `mains` main choices and a reserve
/// each. Returns the plans (sized by demand) and each pupil's choices.
#[allow(clippy::too_many_arguments)]
fn options_and_choices(
    catalogue: &[Subject],
    prefix: &str,
    stages: &[&str],
    periods: u32,
    pupils: &[RawPupil],
    mains: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<Plan>, Vec<Vec<RawChoice>>) {
    let n = pupils.len() as u32;
    let count = ((n / 20 + 8) as usize).min(catalogue.len());
    let subjects: Vec<Subject> = catalogue[..count].to_vec();
    let weights = popularity(count, rng);
    let pathway_pick =
        WeightedIndex::new(PATHWAYS.iter().map(|&(_, w)| w)).expect("positive weights");
    let mut demand = vec![0u32; count];
    let mut chosen = vec![false; count];
    let mut picks: Vec<Vec<usize>> = Vec::with_capacity(pupils.len());
    for _ in pupils {
        let pathway = PATHWAYS[pathway_pick.sample(rng)].0;
        let boost: Vec<bool> = subjects.iter().map(|s| s.2 == pathway).collect();
        let p = pick(&weights, &boost, mains + 1, rng);
        for (r, &k) in p.iter().enumerate() {
            chosen[k] = true;
            if r < mains {
                demand[k] += 1;
            }
        }
        picks.push(p);
    }
    let mut plans = Vec::new();
    let mut ids = Vec::new();
    for (k, &(name, code, _, dept, room)) in subjects.iter().enumerate() {
        let id = format!("{prefix}{code}");
        ids.push(id.clone());
        if !chosen[k] {
            continue;
        }
        let max_size = if prefix == "A-" {
            24
        } else {
            option_size(room, rng)
        };
        let classes = div_ceil(demand[k], max_size);
        let name = if prefix == "A-" {
            format!("{name} (A level)")
        } else {
            format!("{name} (GCSE)")
        };
        plans.push(Plan {
            course: row(
                id,
                name,
                "option",
                periods,
                rng.gen_range(5..=8),
                max_size,
                classes + 1,
                room,
                stages,
            ),
            dept,
            subject: Some(code.to_owned()),
            classes,
        });
    }
    let choices = pupils
        .iter()
        .zip(&picks)
        .map(|(p, ks)| {
            ks.iter()
                .enumerate()
                .map(|(r, &k)| RawChoice {
                    line: 0,
                    pupil: p.pupil.clone(),
                    course: ids[k].clone(),
                    rank: r as u32 + 1,
                    reserve: r >= mains,
                })
                .collect()
        })
        .collect();
    (plans, choices)
}

/// A given class: its course (an index of the plans), its block (0..4) and its pupils
/// (indices of Year 11's pupils).
type Given = (usize, usize, Vec<usize>);

/// Year 11's given option classes (last year's design): the subjects are dealt to the four
/// blocks (most popular first, each to the block with the least popularity so far), each block
/// shares its pupils among its subjects by popularity, in classes of at most `max_size`. Every
/// pupil is in exactly one class of each block, so no pupil has two classes in one block.
/// Returns the fixed courses and, per class, its course index, block and pupils.
fn year_11_design(pupils: &[RawPupil], rng: &mut ChaCha8Rng) -> (Vec<Plan>, Vec<Given>) {
    let n = pupils.len();
    let count = (n / 20 + 8).min(GCSE.len());
    let weights = popularity(count, rng);
    let mut block_of = vec![0usize; count];
    let mut load = [0f64; GCSE_BLOCKS as usize];
    for k in 0..count {
        let b = (0..load.len())
            .min_by(|&a, &b| load[a].total_cmp(&load[b]).then(a.cmp(&b)))
            .expect("blocks");
        block_of[k] = b;
        load[b] += weights[k];
    }
    let mut plans: Vec<Plan> = Vec::new();
    let mut classes: Vec<Given> = Vec::new();
    for (b, &total) in load.iter().enumerate() {
        let subjects: Vec<usize> = (0..count).filter(|&k| block_of[k] == b).collect();
        // Shares by popularity, the remainder to the most popular.
        let mut share: Vec<usize> = subjects
            .iter()
            .map(|&k| (n as f64 * weights[k] / total).floor() as usize)
            .collect();
        let rest = n - share.iter().sum::<usize>();
        for s in share.iter_mut().take(rest) {
            *s += 1;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(rng);
        let mut next = 0;
        for (&k, &m) in subjects.iter().zip(&share) {
            if m == 0 {
                continue;
            }
            let (name, code, _, dept, room) = gcse_subject(k);
            let max_size = option_size(room, rng);
            let sets = m.div_ceil(max_size as usize);
            let course = plans.len();
            plans.push(Plan {
                course: row(
                    format!("11-{code}"),
                    format!("{name} (GCSE, Year 11)"),
                    "fixed",
                    GCSE_BLOCK_PERIODS,
                    1,
                    max_size,
                    sets as u32,
                    room,
                    &["11"],
                ),
                dept,
                subject: Some(code.to_owned()),
                classes: sets as u32,
            });
            for j in 0..sets {
                let size = m / sets + usize::from(j < m % sets);
                let mut members: Vec<usize> = order[next..next + size].to_vec();
                members.sort_unstable();
                next += size;
                classes.push((course, b, members));
            }
        }
    }
    (plans, classes)
}

/// Average teaching load a department is sized for (of 22 for a full-timer): lower than the
/// other profiles' [`PLANNED_LOAD`], as every teacher's classes here are tied to blocks of
/// several schemes and to core sets of year groups taught every slot.
const SCHOOL_LOAD: u32 = 14;

/// Staff, department by department: enough for the department's load at [`SCHOOL_LOAD`] and
/// for its largest core course's sets at once; each course with a specialism has one more
/// specialist than its likely classes (and enough for its subject's load). Every teacher teaches the
/// department's core courses of every year and one to three specialisms. About one in ten is
/// part-time with a day off. Returns the staff and each teacher's specialisms.
fn school_staff(
    plans: &[Plan],
    given: &[(usize, u32)],
    rng: &mut ChaCha8Rng,
) -> (Vec<RawStaff>, Vec<Vec<String>>) {
    let mut depts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in plans.iter().enumerate() {
        if p.dept != "Sixth Form" {
            depts.entry(p.dept).or_default().push(i);
        }
    }
    // Given classes at once (per course, per block).
    let mut given_at_once: BTreeMap<usize, u32> = BTreeMap::new();
    for &(c, k) in given {
        let e = given_at_once.entry(c).or_default();
        *e = (*e).max(k);
    }
    let mut teachers: Vec<(&str, Vec<String>)> = Vec::new();
    for (&dept, courses) in &depts {
        let load: u32 = courses
            .iter()
            .map(|&c| plans[c].classes * plans[c].course.periods)
            .sum();
        let core_sets = courses
            .iter()
            .filter(|&&c| plans[c].subject.is_none())
            .map(|&c| plans[c].classes)
            .max()
            .unwrap_or(0);
        let n = div_ceil(load, SCHOOL_LOAD).max(core_sets + 1).max(1) as usize;
        let first = teachers.len();
        teachers.extend(std::iter::repeat_with(|| (dept, Vec::new())).take(n));
        // Specialists needed per subject: its likely classes of any course, and its load.
        let mut need: BTreeMap<&str, u32> = BTreeMap::new();
        let mut subject_load: BTreeMap<&str, u32> = BTreeMap::new();
        for &c in courses {
            if let Some(s) = &plans[c].subject {
                let at_once = plans[c]
                    .classes
                    .max(given_at_once.get(&c).copied().unwrap_or(0));
                let e = need.entry(s.as_str()).or_default();
                *e = (*e).max(at_once);
                *subject_load.entry(s.as_str()).or_default() +=
                    plans[c].classes * plans[c].course.periods;
            }
        }
        let mut subjects: Vec<(&str, u32)> = need
            .iter()
            .map(|(&s, &k)| (s, (k + 1).max(div_ceil(subject_load[s], SCHOOL_LOAD))))
            .collect();
        subjects.sort_by_key(|&(s, k)| (std::cmp::Reverse(k), s));
        let offset = rng.gen_range(0..n);
        for (s, k) in subjects {
            let mut candidates: Vec<usize> = (first..teachers.len())
                .filter(|&t| teachers[t].1.len() < 3)
                .collect();
            candidates.sort_by_key(|&t| (teachers[t].1.len(), (t - first + offset) % n));
            for &t in candidates.iter().take(k as usize) {
                teachers[t].1.push(s.to_owned());
            }
            for _ in candidates.len()..k as usize {
                teachers.push((dept, vec![s.to_owned()]));
            }
        }
    }
    let mut surnames: Vec<&str> = LAST_NAMES.to_vec();
    surnames.shuffle(rng);
    let width = teachers.len().to_string().len().max(3);
    let mut staff = Vec::with_capacity(teachers.len());
    let mut specialisms = Vec::with_capacity(teachers.len());
    for (i, (dept, subjects)) in teachers.into_iter().enumerate() {
        let mut teaches: Vec<String> = plans
            .iter()
            .filter(|p| {
                p.dept == dept
                    && p.course.kind != "lecture"
                    && p.subject
                        .as_ref()
                        .is_none_or(|s| subjects.iter().any(|x| x == s))
            })
            .map(|p| p.course.course.clone())
            .collect();
        teaches.sort_unstable();
        let (max_periods, unavailable) = if rng.gen_bool(0.1) {
            let day = DAYS[rng.gen_range(0..DAYS.len())];
            (15, PERIODS.iter().map(|p| format!("{day}:{p}")).collect())
        } else {
            (22, Vec::new())
        };
        staff.push(RawStaff {
            line: i as u64 + 2,
            staff: format!("T{:0width$}", i + 1),
            name: staff_name(i, &surnames, rng),
            max_periods,
            teaches,
            unavailable,
            limits: Default::default(),
        });
        specialisms.push(subjects);
    }
    (staff, specialisms)
}

/// Rooms of every type: enough for the type's weekly periods at about three quarters use and
/// for its largest number of classes at once, and a spare (but one hall).
fn school_rooms(plans: &[Plan], hall_size: u32, rng: &mut ChaCha8Rng) -> Vec<RawRoom> {
    let needs = room_needs(plans.iter().map(|p| (&p.course, p.classes)));
    let mut rooms = Vec::new();
    for kind in ["classroom", "lab", "studio", "computer", "gym", "hall"] {
        let Some(n) = needs.get(kind) else { continue };
        let count = if kind == "hall" {
            1
        } else {
            div_ceil(n.periods * 4, SLOTS * 3).max(n.at_once) + 1
        };
        for i in 1..=count {
            let (id, capacity) = room_of(kind, i, hall_size, rng);
            push_room(&mut rooms, id, capacity.max(n.biggest), kind);
        }
    }
    rooms
}

/// Pupils of every year, in stage order, in tutor groups of about 28 per year (`7A`, `7B`..).
fn school_pupils(years: &[(&str, u32)], rng: &mut ChaCha8Rng) -> Vec<RawPupil> {
    let total: u32 = years.iter().map(|y| y.1).sum();
    let width = total.to_string().len().max(4);
    let mut pupils = Vec::new();
    for &(stage, n) in years {
        let groups = div_ceil(n, 28).max(1);
        for k in 0..n {
            let i = pupils.len() as u32 + 1;
            let name = format!(
                "{} {}",
                FIRST_NAMES.choose(rng).expect("names"),
                LAST_NAMES.choose(rng).expect("names")
            );
            let group = (b'A' + (k % groups).min(25) as u8) as char;
            pupils.push(RawPupil {
                line: u64::from(i) + 1,
                pupil: format!("P{i:0width$}"),
                name,
                stage: stage.to_owned(),
                tutor_group: format!("{stage}{group}"),
                limits: Default::default(),
            });
        }
    }
    pupils
}

/// The sixth form's option courses and choices: three A levels and a reserve each, and for
/// some a block-E course (the Extended Project or Core Maths); Further Maths only in block D.
fn sixth_form(sixth: &[RawPupil], rng: &mut ChaCha8Rng) -> (Vec<Plan>, Vec<Vec<RawChoice>>) {
    let (mut plans, mut choices) =
        options_and_choices(&ALEVEL, "A-", &["12", "13"], 5, sixth, 3, rng);
    // Further Maths only in block D: its one specialist's other teaching is elsewhere.
    for p in plans.iter_mut().filter(|p| p.course.course == "A-FMA") {
        p.course.blocks = vec!["D".into()];
    }
    let extras = [
        ("Extended Project", "EPQ", "English"),
        ("Core Maths", "CMA", "Maths"),
    ];
    let mut demand = [0u32; 2];
    for (p, ch) in sixth.iter().zip(choices.iter_mut()) {
        if rng.gen_bool(0.4) {
            let k = usize::from(rng.gen_bool(0.5));
            demand[k] += 1;
            // Ranked after the A levels, before the reserve.
            for c in ch.iter_mut().filter(|c| c.reserve) {
                c.rank += 1;
            }
            ch.push(RawChoice {
                line: 0,
                pupil: p.pupil.clone(),
                course: format!("S-{}", extras[k].1),
                rank: 4,
                reserve: false,
            });
            ch.sort_by_key(|c| c.rank);
        }
    }
    for (k, &(name, code, dept)) in extras.iter().enumerate() {
        if demand[k] == 0 {
            continue;
        }
        let classes = div_ceil(demand[k], 24);
        let mut course = row(
            format!("S-{code}"),
            name.to_owned(),
            "option",
            4,
            5,
            24,
            classes + 1,
            "classroom",
            &["12", "13"],
        );
        course.blocks = vec!["E".into()];
        plans.push(Plan {
            course,
            dept,
            subject: Some(code.to_owned()),
            classes,
        });
    }
    (plans, choices)
}

/// `tailor generate --profile school`: pure and deterministic in `opts` (`tight` is ignored:
/// Years 10 and 11 are always taught every slot).
pub(super) fn generate_school(opts: &GenerateOptions) -> RawScenario {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let years = year_sizes(opts.pupils);
    let pupils = school_pupils(&years, &mut rng);
    let of_stage =
        |s: &str| -> Vec<RawPupil> { pupils.iter().filter(|p| p.stage == s).cloned().collect() };
    let n = |s: &str| years.iter().find(|y| y.0 == s).map_or(0, |y| y.1);
    let mut plans: Vec<Plan> = Vec::new();
    for stage in ["7", "8", "9"] {
        if n(stage) > 0 {
            core_courses(stage, n(stage), &LOWER_CORE, &mut plans);
        }
    }
    for stage in ["10", "11"] {
        if n(stage) > 0 {
            core_courses(stage, n(stage), &UPPER_CORE, &mut plans);
        }
    }
    let mut pupil_choices: BTreeMap<String, Vec<RawChoice>> = BTreeMap::new();
    let ten = of_stage("10");
    if !ten.is_empty() {
        let catalogue: Vec<Subject> = (0..GCSE.len()).map(gcse_subject).collect();
        let (p, ch) = options_and_choices(
            &catalogue,
            "10-",
            &["10"],
            GCSE_BLOCK_PERIODS,
            &ten,
            GCSE_BLOCKS as usize,
            &mut rng,
        );
        plans.extend(p);
        for (pupil, c) in ten.iter().zip(ch) {
            pupil_choices.insert(pupil.pupil.clone(), c);
        }
    }
    let eleven = of_stage("11");
    let mut given = Vec::new();
    if !eleven.is_empty() {
        let first = plans.len();
        let (p, classes) = year_11_design(&eleven, &mut rng);
        plans.extend(p);
        given = classes
            .into_iter()
            .map(|(c, b, m)| (first + c, b, m))
            .collect::<Vec<_>>();
    }
    let sixth: Vec<RawPupil> = pupils
        .iter()
        .filter(|p| p.stage == "12" || p.stage == "13")
        .cloned()
        .collect();
    let mut hall_size = 0;
    if !sixth.is_empty() {
        let (p, ch) = sixth_form(&sixth, &mut rng);
        plans.extend(p);
        for (pupil, c) in sixth.iter().zip(ch) {
            pupil_choices.insert(pupil.pupil.clone(), c);
        }
        let n6 = sixth.len() as u32;
        let stages: Vec<&str> = ["12", "13"].into_iter().filter(|s| n(s) > 0).collect();
        let (course, lectures) = super::lecture(n6, &stages);
        hall_size = course.max_size;
        plans.push(Plan {
            course,
            dept: "Sixth Form",
            subject: None,
            classes: lectures,
        });
    }

    // Staff: given classes at once per course (all of a Year 11 course's classes share a block).
    let at_once: Vec<(usize, u32)> = given.iter().map(|g| (g.0, plans[g.0].classes)).collect();
    let (mut staff, specialisms) = school_staff(&plans, &at_once, &mut rng);
    // Lectures: given to full-time teachers of the biggest department.
    if let Some(lect) = plans.iter().find(|p| p.course.course == "LECT") {
        let k = lect.classes as usize + 1;
        let mut by_time: Vec<usize> = (0..staff.len())
            .filter(|&t| staff[t].max_periods == 22)
            .collect();
        by_time.shuffle(&mut rng);
        for &t in by_time.iter().take(k) {
            staff[t].teaches.push("LECT".into());
            staff[t].teaches.sort_unstable();
        }
    }
    let fixed = given_teachers(&plans, &given, &eleven, &staff, &specialisms);

    let mut choices = Vec::new();
    for p in &pupils {
        for ch in pupil_choices.remove(&p.pupil).unwrap_or_default() {
            choices.push(RawChoice {
                line: choices.len() as u64 + 2,
                ..ch
            });
        }
    }
    let stages: Vec<String> = years
        .iter()
        .filter(|y| y.1 > 0)
        .map(|y| y.0.to_owned())
        .collect();
    RawScenario {
        school: SchoolFile {
            schemes: schemes(&years),
            ..generated_school(opts, "", stages, vec!["P2".into(), "P4".into()])
        },
        // Rooms draw from `rng` after the staff, before the courses are numbered.
        rooms: school_rooms(&plans, hall_size, &mut rng),
        courses: numbered_courses(plans.into_iter().map(|p| p.course)),
        pupils,
        choices,
        staff,
        fixed,
    }
}

/// The schemes: `Y10` and `Y11` of four 3-period blocks, `Sixth` of `A`..`E`.
fn schemes(years: &[(&str, u32)]) -> Vec<SchemeFile> {
    let has = |s: &str| years.iter().any(|y| y.0 == s && y.1 > 0);
    let mut out = Vec::new();
    for stage in ["10", "11"] {
        if has(stage) {
            out.push(SchemeFile {
                name: format!("Y{stage}"),
                stages: vec![stage.into()],
                blocks: ["A", "B", "C", "D"]
                    .iter()
                    .map(|b| format!("{stage}{b}"))
                    .collect(),
                periods: PerBlock::One(GCSE_BLOCK_PERIODS),
                pattern: Some(PerBlock::One(GCSE_BLOCK_PATTERN.into())),
                slots: BTreeMap::new(),
                apart: true,
            });
        }
    }
    let sixth: Vec<String> = ["12", "13"]
        .into_iter()
        .filter(|s| has(s))
        .map(str::to_owned)
        .collect();
    if !sixth.is_empty() {
        out.push(SchemeFile {
            name: "Sixth".into(),
            stages: sixth,
            blocks: SIXTH_BLOCKS.iter().map(|b| b.0.to_owned()).collect(),
            periods: PerBlock::Each(SIXTH_BLOCKS.iter().map(|b| b.1).collect()),
            pattern: Some(PerBlock::Each(
                SIXTH_BLOCKS.iter().map(|b| b.2.to_owned()).collect(),
            )),
            slots: BTreeMap::new(),
            apart: true,
        });
    }
    out
}

/// A teacher for every given Year 11 class: a specialist of its subject with no other given
/// class in its block, full-timers and the least loaded first; `fixed.csv` rows, class by class.
fn given_teachers(
    plans: &[Plan],
    given: &[Given],
    eleven: &[RawPupil],
    staff: &[RawStaff],
    specialisms: &[Vec<String>],
) -> Vec<RawFixed> {
    let mut load = vec![0u32; staff.len()];
    let mut busy: Vec<Vec<bool>> = vec![vec![false; GCSE_BLOCKS as usize]; staff.len()];
    let mut fixed = Vec::new();
    let mut count: BTreeMap<usize, u32> = BTreeMap::new();
    for (c, b, members) in given {
        let plan = &plans[*c];
        let subject = plan.subject.as_deref().unwrap_or_default();
        let t = (0..staff.len())
            .filter(|&t| {
                specialisms[t].iter().any(|s| s == subject)
                    && !busy[t][*b]
                    && load[t] + plan.course.periods <= staff[t].max_periods
            })
            .min_by_key(|&t| (staff[t].max_periods != 22, load[t], t))
            .expect("enough specialists: one per class of the block");
        busy[t][*b] = true;
        load[t] += plan.course.periods;
        let k = count.entry(*c).or_default();
        *k += 1;
        let class = format!("{}-{}", plan.course.course, *k);
        for &m in members {
            fixed.push(RawFixed {
                line: fixed.len() as u64 + 2,
                class: class.clone(),
                course: plan.course.course.clone(),
                pupil: eleven[m].pupil.clone(),
                block: format!("11{}", ["A", "B", "C", "D"][*b]),
                staff: staff[t].staff.clone(),
            });
        }
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn opts(pupils: u32, seed: u64) -> GenerateOptions {
        GenerateOptions {
            pupils,
            seed,
            profile: Profile::School,
            tight: false,
        }
    }

    use crate::load::reload as load;

    #[test]
    fn the_school_validates_without_warnings_at_every_size() {
        for (pupils, seed) in [(70, 1), (300, 2), (1050, 1), (2100, 3)] {
            let raw = generate(&opts(pupils, seed));
            let loaded = load(&raw);
            assert!(
                loaded.warnings.is_empty(),
                "{pupils}: {:?}",
                loaded.warnings
            );
            let s = &loaded.scenario;
            assert_eq!(s.pupils.len(), pupils as usize);
            assert_eq!(s.stages.len(), 7);
            // Year groups roughly equal.
            for stage in ["7", "9", "11", "13"] {
                let n = raw.pupils.iter().filter(|p| p.stage == stage).count() as u32;
                assert!(
                    n.abs_diff(pupils / 7) <= 1,
                    "{pupils}: Year {stage} has {n}"
                );
            }
            let names: Vec<&str> = raw.school.schemes.iter().map(|x| x.name.as_str()).collect();
            assert_eq!(names, ["Y10", "Y11", "Sixth"]);
            // The sixth form's labelled block and its shorter block E.
            let fma = raw.courses.iter().find(|c| c.course == "A-FMA");
            assert!(fma.is_none_or(|c| c.blocks == ["D"]));
            assert!(raw
                .courses
                .iter()
                .filter(|c| c.course.starts_with("S-"))
                .all(|c| c.blocks == ["E"] && c.periods == 4));
            // Every course has a qualified teacher and a room that holds a class.
            for (cid, c) in s.courses.iter_enumerated() {
                assert!(s.staff.iter().any(|t| t.can_teach(cid)), "{}", c.id);
                if let Some(t) = c.room_type {
                    assert!(
                        s.rooms
                            .iter()
                            .any(|r| r.room_type == t && r.capacity >= c.max_size),
                        "{}",
                        c.id
                    );
                }
            }
        }
    }

    #[test]
    fn years_7_to_11_are_taught_every_slot_and_the_sixth_form_has_study_periods() {
        let raw = generate(&opts(700, 5));
        let s = load(&raw).scenario;
        for stage in ["7", "8", "9", "10", "11", "12", "13"] {
            let st = s.stages.get(stage).expect("a stage");
            let core: u32 = s
                .courses
                .iter()
                .filter(|c| {
                    matches!(c.kind, CourseKind::Core | CourseKind::Lecture) && c.open_to(st)
                })
                .map(|c| c.periods)
                .sum();
            let blocks: u32 = s
                .blocks
                .iter()
                .filter(|b| s.schemes[b.scheme].stages.contains(&st))
                .map(|b| b.periods)
                .sum();
            match stage {
                "7" | "8" | "9" => assert_eq!((core, blocks), (30, 0), "Year {stage}"),
                "10" | "11" => assert_eq!(core + blocks, 30, "Year {stage}"),
                _ => assert!(core + 3 * 5 + 4 < 30, "Year {stage}"),
            }
        }
        // Year 10 chooses one option per block: in a class every block too.
        let tens = raw.pupils.iter().filter(|p| p.stage == "10").count();
        let mains = raw
            .choices
            .iter()
            .filter(|c| !c.reserve && c.course.starts_with("10-"))
            .count();
        assert_eq!(mains, tens * GCSE_BLOCKS as usize);
    }

    #[test]
    fn year_11_is_given_in_exactly_one_class_of_every_block_with_kept_teachers() {
        for (pupils, seed) in [(70, 1), (1050, 2), (2100, 4)] {
            let raw = generate(&opts(pupils, seed));
            let s = load(&raw).scenario;
            let elevens: BTreeSet<&str> = raw
                .pupils
                .iter()
                .filter(|p| p.stage == "11")
                .map(|p| p.pupil.as_str())
                .collect();
            // (class) -> (block, staff, size); (pupil, block) at most once; (staff, block) once.
            let mut class: BTreeMap<&str, (&str, &str, u32)> = BTreeMap::new();
            let mut pupil_block = BTreeSet::new();
            for f in &raw.fixed {
                assert!(elevens.contains(f.pupil.as_str()));
                let e = class.entry(&f.class).or_insert((&f.block, &f.staff, 0));
                assert_eq!((e.0, e.1), (f.block.as_str(), f.staff.as_str()));
                e.2 += 1;
                assert!(pupil_block.insert((&f.pupil, &f.block)), "{f:?}");
            }
            assert_eq!(pupil_block.len(), elevens.len() * GCSE_BLOCKS as usize);
            let mut staff_block = BTreeSet::new();
            for (id, &(block, staff, size)) in &class {
                assert!(
                    staff_block.insert((staff, block)),
                    "{staff} twice in {block}"
                );
                let course = raw
                    .courses
                    .iter()
                    .find(|c| id.starts_with(&format!("{}-", c.course)))
                    .expect("its course");
                assert!(size <= course.max_size, "{id}: {size}");
                let t = raw.staff.iter().find(|t| t.staff == staff).unwrap();
                assert!(t.teaches.contains(&course.course), "{staff} teaches {id}");
                assert!(raw
                    .rooms
                    .iter()
                    .any(|r| r.room_type == course.room_type && r.capacity >= size));
            }
            assert!(s.schemes.iter().any(|x| x.name == "Y11"));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let a = crate::load::write_raw(&generate(&opts(400, 7)));
        assert_eq!(a, crate::load::write_raw(&generate(&opts(400, 7))));
        assert_ne!(a, crate::load::write_raw(&generate(&opts(400, 8))));
    }
}
