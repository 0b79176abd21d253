//! Property tests of loading: no input makes the loader panic, every generated school loads,
//! and the generator is deterministic.

use std::io::{Cursor, Read};

use proptest::prelude::*;
use tailor::generate::{generate, GenerateOptions, Profile};
use tailor::load::{load_readers, write_raw, Readers};

/// A tiny valid scenario, one text per file of `tailor::load::FILES`.
const BASE: [&str; 6] = [
    "name = \"Tiny\"\nstages = [\"10\", \"12\"]\n\n[week]\ndays = [\"Mon\", \"Tue\"]\n\
     periods = [\"P1\", \"P2\", \"P3\"]\n\n[options]\nblocks = 2\nperiods_per_block = 2\n",
    "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages,after,allowed\n\
     HIS,History,option,2,1,20,1,classroom,10,,\nART,Art,option,2,1,20,1,studio,10;12,,\n\
     ENG,English,core,1,1,30,1,classroom,10;12,HIS,Mon:P1;Tue:P1\n\
     LEC,Lecture,lecture,1,1,60,1,hall,12,,\nMEN,Mentoring,tutorial,1,1,1,2,none,12,,\n",
    "pupil,name,stage,tutor_group\nP1,Amy Smith,10,T1\nP2,Ben Jones,12,T1\n",
    "pupil,course,rank,reserve\nP1,HIS,1,0\nP1,ART,2,1\nP2,ART,1,0\nP2,MEN,1,0\n",
    "staff,name,max_periods,teaches,unavailable\nT1,Ms Okafor,10,HIS;ENG;MEN,\n\
     T2,Mr Hughes,10,ART;LEC,Tue:P3\n",
    "room,capacity,type,unavailable,features\nR1,30,classroom,,\nR2,20,studio,,sink\n\
     H1,90,hall,Mon:P1,\n",
];

fn readers(files: Vec<Vec<u8>>) -> Readers {
    let mut it = files
        .into_iter()
        .map(|b| -> Box<dyn Read> { Box::new(Cursor::new(b)) });
    let mut next = || it.next().expect("six files");
    Readers {
        school: next(),
        courses: next(),
        pupils: next(),
        choices: next(),
        staff: next(),
        rooms: next(),
        fixed: None,
    }
}

/// One edit of a text: delete, insert or replace a few characters, or duplicate or drop a line.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    DropLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..8).prop_map(|(at, n)| Edit::Delete(at, n)),
        (
            any::<usize>(),
            proptest::collection::vec(
                prop_oneof![
                    Just(","),
                    Just(";"),
                    Just("\n"),
                    Just("\""),
                    Just(":"),
                    Just("0"),
                    Just("99999999999"),
                    Just("-1"),
                    Just("x"),
                    Just("HIS"),
                    Just("P1"),
                    Just("Mon:P1"),
                    Just("="),
                    Just("["),
                    Just("\u{feff}"),
                    Just("é"),
                ],
                1..4
            )
            .prop_map(|v| v.concat())
        )
            .prop_map(|(at, s)| Edit::Insert(at, s)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::DropLine),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match edit {
        Edit::Delete(at, n) => {
            let a = boundary(*at);
            let b = boundary(a + n);
            let b = if b < a { text.len() } else { b };
            format!("{}{}", &text[..a], &text[b..])
        }
        Edit::Insert(at, s) => {
            let a = boundary(*at);
            format!("{}{s}{}", &text[..a], &text[a..])
        }
        Edit::DuplicateLine(i) => {
            let i = i % lines.len().max(1);
            if let Some(l) = lines.get(i).copied() {
                lines.insert(i, l);
            }
            lines.concat()
        }
        Edit::DropLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % lines.len());
            }
            lines.concat()
        }
    }
}

/// Diagnoses a scenario and puts every finding into words (whatever it holds, never a panic).
fn diagnose_all(scenario: &tailor::scenario::Scenario) {
    let d = tailor::diagnose::diagnose(scenario);
    for f in &d.findings {
        assert!(!f.render(scenario).message.is_empty());
    }
}

#[test]
fn the_base_is_valid() {
    let files = BASE.iter().map(|t| t.as_bytes().to_vec()).collect();
    if let Err(e) = load_readers(readers(files)) {
        panic!("{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes in any file never make the loader panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        file in 0usize..6,
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut files: Vec<Vec<u8>> = BASE.iter().map(|t| t.as_bytes().to_vec()).collect();
        files[file] = bytes;
        if let Ok(loaded) = load_readers(readers(files)) {
            diagnose_all(&loaded.scenario);
        }
    }

    /// Mangled but mostly well-formed texts never make the loader panic, and every error it
    /// reports names its file.
    #[test]
    fn mangled_texts_never_panic(
        edits in proptest::collection::vec((0usize..6, edit()), 1..6),
    ) {
        let mut texts: Vec<String> = BASE.iter().map(|t| (*t).to_owned()).collect();
        for (file, e) in &edits {
            texts[*file] = apply(&texts[*file], e);
        }
        let files = texts.iter().map(|t| t.as_bytes().to_vec()).collect();
        let loaded = load_readers(readers(files));
        if let Ok(loaded) = &loaded {
            diagnose_all(&loaded.scenario);
        }
        if let Err(errors) = loaded {
            prop_assert!(!errors.0.is_empty());
            for e in &errors.0 {
                prop_assert!(
                    tailor::load::FILES.contains(&e.place.file.as_str()),
                    "{e}"
                );
            }
        }
    }
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![
        Just(Profile::Gcse),
        Just(Profile::Sixthform),
        Just(Profile::Whole)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Every generated school loads without errors or warnings.
    #[test]
    fn generated_schools_validate(pupils in 10u32..=240, seed in any::<u64>(), profile in profile()) {
        let opts = GenerateOptions { pupils, seed, profile, tight: false };
        let files: Vec<Vec<u8>> = write_raw(&generate(&opts)).into_iter().map(|(_, b)| b).collect();
        prop_assert_eq!(files.len(), 6);
        match load_readers(readers(files)) {
            Ok(loaded) => {
                prop_assert_eq!(loaded.scenario.pupils.len(), pupils as usize);
                prop_assert!(loaded.warnings.is_empty(), "{:?}: {:?}", opts, loaded.warnings);
                // Generated schools are made to solve: diagnose proves none impossible.
                let d = tailor::diagnose::diagnose(&loaded.scenario);
                let lines = tailor::diagnose::lines(&loaded.scenario, &d.findings);
                prop_assert!(!d.has_errors(), "{:?}: {:?}", opts, lines);
            }
            Err(e) => prop_assert!(false, "{:?}:\n{}", opts, e),
        }
    }

    /// The same options give the same bytes.
    #[test]
    fn the_same_seed_gives_the_same_bytes(pupils in 10u32..=200, seed in any::<u64>(), profile in profile()) {
        let opts = GenerateOptions { pupils, seed, profile, tight: false };
        prop_assert_eq!(write_raw(&generate(&opts)), write_raw(&generate(&opts)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Diagnose never panics whatever the numbers of a school, even ones loading would refuse
    /// (no seats, no classes, no periods, everyone away), and every finding it makes is in words.
    #[test]
    fn diagnose_never_panics_whatever_the_numbers(
        seed in any::<u64>(),
        pupils in 10u32..=120,
        profile in profile(),
        numbers in proptest::collection::vec((any::<usize>(), 0u32..40), 1..40),
        away in proptest::collection::vec((any::<usize>(), any::<u64>()), 0..10),
    ) {
        let raw = generate(&GenerateOptions { pupils, seed, profile, tight: seed % 2 == 1 });
        let mut s = tailor::load::resolve(&raw).expect("generated schools load").scenario;
        for (at, n) in numbers {
            let nc = s.courses.len().max(1);
            match at % 7 {
                0 => { let c = &mut s.courses.iter_mut().nth(at / 7 % nc).expect("in range"); c.max_size = n; }
                1 => { let c = &mut s.courses.iter_mut().nth(at / 7 % nc).expect("in range"); c.max_classes = n; }
                2 => { let c = &mut s.courses.iter_mut().nth(at / 7 % nc).expect("in range"); c.min_size = n; }
                3 => { let c = &mut s.courses.iter_mut().nth(at / 7 % nc).expect("in range"); c.periods = n; }
                4 if !s.rooms.is_empty() => {
                    let n_r = s.rooms.len();
                    s.rooms.iter_mut().nth(at / 7 % n_r).expect("in range").capacity = n;
                }
                5 if !s.staff.is_empty() => {
                    let n_s = s.staff.len();
                    s.staff.iter_mut().nth(at / 7 % n_s).expect("in range").max_periods = n;
                }
                _ => s.blocks.iter_mut().for_each(|b| b.periods = n),
            }
        }
        for (at, bits) in away {
            let slots = s.week.slots();
            let set: tailor::ids::SlotSet = (0..slots)
                .filter(|i| bits >> (i % 64) & 1 == 1)
                .map(|i| tailor::ids::SlotId(i as u32))
                .collect();
            if at % 2 == 0 && !s.staff.is_empty() {
                let n_s = s.staff.len();
                s.staff.iter_mut().nth(at / 2 % n_s).expect("in range").unavailable = set;
            } else if !s.courses.is_empty() {
                let nc = s.courses.len();
                s.courses.iter_mut().nth(at / 2 % nc).expect("in range").allowed = set;
            }
        }
        diagnose_all(&s);
    }
}
