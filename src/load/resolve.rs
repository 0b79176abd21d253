//! Resolving a [`RawScenario`]: every id becomes a typed id, every reference is checked, and
//! the school is checked for sense (sizes, periods, staffing, rooms, choices).

use std::collections::{HashMap, HashSet};

use crate::error::{InputError, InputErrors, Place};
use crate::ids::*;
use crate::scenario::*;

/// A validated scenario and the warnings about it (legal but suspicious).
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The school.
    pub scenario: Scenario,
    /// What is legal but probably not meant.
    pub warnings: Vec<InputError>,
}

struct Ctx {
    errors: Vec<InputError>,
}

impl Ctx {
    fn expected(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        expected: impl std::fmt::Display,
        found: &str,
    ) {
        self.errors.push(InputError::expected(
            Place::new(file, Some(line), Some(column)),
            expected,
            found,
        ));
    }
    fn error(&mut self, file: &str, line: u64, column: &str, message: impl Into<String>) {
        self.errors.push(InputError::new(
            Place::new(file, Some(line), Some(column)),
            message,
        ));
    }
}

/// Interns the ids of one file, reporting duplicates.
fn intern_ids<K: Idx>(
    ctx: &mut Ctx,
    file: &str,
    column: &str,
    rows: impl Iterator<Item = (u64, String)>,
) -> Names<K> {
    let mut names = Names::default();
    let mut first: HashMap<String, u64> = HashMap::new();
    for (line, id) in rows {
        if let Some(l) = first.get(&id) {
            ctx.error(
                file,
                line,
                column,
                format!("duplicate id {id:?} (first on line {l})"),
            );
        } else {
            first.insert(id.clone(), line);
            names.intern(&id);
        }
    }
    names
}

fn slots(
    ctx: &mut Ctx,
    week: &Week,
    file: &str,
    line: u64,
    column: &str,
    items: &[String],
) -> SlotSet {
    let mut set = SlotSet::EMPTY;
    for item in items {
        match week.parse_slot(item) {
            Some(s) => {
                set.insert(s);
            }
            None => ctx.expected(
                file,
                line,
                column,
                format!(
                    "Day:Period with a day of {} and a period of {}",
                    week.days.join(";"),
                    week.periods.join(";")
                ),
                item,
            ),
        }
    }
    set
}

/// Resolves and validates a raw scenario.
pub fn resolve(raw: &RawScenario) -> Result<Loaded, InputErrors> {
    let mut ctx = Ctx { errors: Vec::new() };
    let mut warnings = Vec::new();
    let school = &raw.school;
    let week = Week {
        days: school.week.days.clone(),
        periods: school.week.periods.clone(),
        breaks: super::shapes::breaks(school),
    };
    let n_slots = week.slots() as u32;

    // Stages: declared, or every stage a course lists.
    let mut stages: Names<StageId> = Names::default();
    match &school.stages {
        Some(list) => list.iter().for_each(|s| {
            stages.intern(s);
        }),
        None => {
            let mut all: Vec<&str> = raw
                .courses
                .iter()
                .flat_map(|c| c.stages.iter().map(String::as_str))
                .collect();
            all.sort_by_key(|a| natural(a));
            all.dedup();
            all.into_iter().for_each(|s| {
                stages.intern(s);
            });
        }
    }
    let stage_list = stages.iter().collect::<Vec<_>>().join(";");

    // Rooms first: their types are what courses may ask for.
    let room_ids: Names<RoomId> = intern_ids(
        &mut ctx,
        "rooms.csv",
        "room",
        raw.rooms.iter().map(|r| (r.line, r.room.clone())),
    );
    let mut room_types: Names<RoomTypeId> = Names::default();
    let mut features: Names<FeatureId> = Names::default();
    let mut rooms: KeyedVec<RoomId, Room> = KeyedVec::new();
    let mut seen = HashSet::new();
    for r in &raw.rooms {
        if !seen.insert(&r.room) {
            continue;
        }
        if r.room_type.is_empty() || r.room_type == "none" {
            ctx.expected(
                "rooms.csv",
                r.line,
                "type",
                "a room type (not empty or \"none\")",
                &r.room_type,
            );
        }
        if r.capacity == 0 {
            ctx.expected("rooms.csv", r.line, "capacity", "at least 1 seat", "0");
        }
        let unavailable = slots(
            &mut ctx,
            &week,
            "rooms.csv",
            r.line,
            "unavailable",
            &r.unavailable,
        );
        let mut fs: Vec<FeatureId> = r.features.iter().map(|f| features.intern(f)).collect();
        fs.sort();
        fs.dedup();
        rooms.push(Room {
            id: r.room.clone(),
            capacity: r.capacity,
            room_type: room_types.intern(&r.room_type),
            unavailable,
            features: fs,
        });
    }

    // Courses.
    let course_ids: Names<CourseId> = intern_ids(
        &mut ctx,
        "courses.csv",
        "course",
        raw.courses.iter().map(|c| (c.line, c.course.clone())),
    );
    let mut courses: KeyedVec<CourseId, Course> = KeyedVec::new();
    let mut course_lines: KeyedVec<CourseId, u64> = KeyedVec::new();
    let mut seen = HashSet::new();
    for c in &raw.courses {
        if !seen.insert(&c.course) {
            continue;
        }
        let f = "courses.csv";
        let kind = CourseKind::parse(&c.kind).unwrap_or_else(|| {
            ctx.expected(
                f,
                c.line,
                "kind",
                "one of option;core;tutorial;lecture",
                &c.kind,
            );
            CourseKind::Option
        });
        if c.periods == 0 || c.periods > n_slots {
            ctx.expected(
                f,
                c.line,
                "periods",
                format!("1 to {n_slots} (the slots of the week)"),
                &c.periods.to_string(),
            );
        } else if kind == CourseKind::Option && c.periods != school.options.periods_per_block {
            ctx.expected(
                f,
                c.line,
                "periods",
                format!(
                    "{} for an option course (periods_per_block in school.toml)",
                    school.options.periods_per_block
                ),
                &c.periods.to_string(),
            );
        }
        if c.max_size == 0 {
            ctx.expected(f, c.line, "max_size", "at least 1", "0");
        }
        if c.min_size > c.max_size {
            ctx.expected(
                f,
                c.line,
                "min_size",
                format!("at most max_size ({})", c.max_size),
                &c.min_size.to_string(),
            );
        }
        let room_type = match c.room_type.as_str() {
            "none" => None,
            t => match room_types.get(t) {
                Some(id) => Some(id),
                None => {
                    let known = room_types.iter().collect::<Vec<_>>().join(";");
                    ctx.expected(
                        f,
                        c.line,
                        "room_type",
                        format!("none or a type some room has ({known})"),
                        t,
                    );
                    None
                }
            },
        };
        if c.stages.is_empty() {
            ctx.expected(
                f,
                c.line,
                "stages",
                format!("a ;-list of stages from {stage_list}"),
                "",
            );
        }
        let mut st = Vec::new();
        for s in &c.stages {
            match stages.get(s) {
                Some(id) => st.push(id),
                None => ctx.expected(f, c.line, "stages", format!("stages from {stage_list}"), s),
            }
        }
        st.sort();
        st.dedup();
        let mut fs = Vec::new();
        for x in &c.features {
            match features.get(x) {
                Some(id) => fs.push(id),
                None => ctx.expected(
                    f,
                    c.line,
                    "features",
                    "features some room has (rooms.csv features)",
                    x,
                ),
            }
        }
        fs.sort();
        fs.dedup();
        let allowed = if c.allowed.is_empty() {
            week.all()
        } else {
            slots(&mut ctx, &week, f, c.line, "allowed", &c.allowed)
        };
        if (allowed.len() as u32) < c.periods {
            ctx.expected(
                f,
                c.line,
                "allowed",
                format!("at least {} allowed slots (its periods)", c.periods),
                &c.allowed.join(";"),
            );
        }
        if room_type.is_none() && !fs.is_empty() {
            ctx.expected(
                f,
                c.line,
                "features",
                "no features for a course with room_type none",
                &c.features.join(";"),
            );
        }
        if let Some(t) = room_type {
            let fits = rooms.iter().any(|r| {
                r.room_type == t && fs.iter().all(|x| r.features.binary_search(x).is_ok())
            });
            if !fits && !fs.is_empty() {
                ctx.expected(
                    f,
                    c.line,
                    "features",
                    "features that some room of its type has together",
                    &c.features.join(";"),
                );
            }
        }
        courses.push(Course {
            id: c.course.clone(),
            name: c.name.clone(),
            kind,
            periods: c.periods,
            min_size: c.min_size,
            max_size: c.max_size,
            max_classes: c.max_classes,
            room_type,
            stages: st,
            features: fs,
            allowed,
            after: Vec::new(),
            staffed: c.staffed,
            pattern: Vec::new(),
            split: Vec::new(),
        });
        course_lines.push(c.line);
    }
    // Ordering refers to courses, so it is resolved once all are known.
    for c in &raw.courses {
        let Some(id) = course_ids.get(&c.course) else {
            continue;
        };
        if course_lines.get(id) != Some(&c.line) {
            continue;
        }
        let mut after = Vec::new();
        for x in &c.after {
            match course_ids.get(x) {
                Some(o) if o != id => after.push(o),
                _ => ctx.expected(
                    "courses.csv",
                    c.line,
                    "after",
                    "ids of other courses from courses.csv",
                    x,
                ),
            }
        }
        after.sort();
        after.dedup();
        courses[id].after = after;
    }

    // Staff.
    let staff_ids: Names<StaffId> = intern_ids(
        &mut ctx,
        "staff.csv",
        "staff",
        raw.staff.iter().map(|s| (s.line, s.staff.clone())),
    );
    let mut staff: KeyedVec<StaffId, Staff> = KeyedVec::new();
    let mut seen = HashSet::new();
    for s in &raw.staff {
        if !seen.insert(&s.staff) {
            continue;
        }
        let mut teaches = Vec::new();
        for c in &s.teaches {
            match course_ids.get(c) {
                Some(id) => teaches.push(id),
                None => ctx.expected(
                    "staff.csv",
                    s.line,
                    "teaches",
                    "course ids from courses.csv",
                    c,
                ),
            }
        }
        teaches.sort();
        teaches.dedup();
        let unavailable = slots(
            &mut ctx,
            &week,
            "staff.csv",
            s.line,
            "unavailable",
            &s.unavailable,
        );
        staff.push(Staff {
            id: s.staff.clone(),
            name: s.name.clone(),
            max_periods: s.max_periods,
            teaches,
            unavailable,
        });
    }
    super::shapes::courses(
        raw,
        &week,
        &course_lines,
        &mut courses,
        &staff,
        &mut ctx.errors,
    );
    for (cid, c) in courses.iter_enumerated() {
        if c.staffed && !staff.iter().any(|s| s.can_teach(cid)) {
            ctx.error(
                "courses.csv",
                course_lines[cid],
                "course",
                format!("no member of staff teaches {:?}; expected it in some teaches list of staff.csv", c.id),
            );
        }
    }

    // Pupils.
    let pupil_ids: Names<PupilId> = intern_ids(
        &mut ctx,
        "pupils.csv",
        "pupil",
        raw.pupils.iter().map(|p| (p.line, p.pupil.clone())),
    );
    let mut tutor_groups: Names<TutorGroupId> = Names::default();
    let mut pupils: KeyedVec<PupilId, Pupil> = KeyedVec::new();
    let mut seen = HashSet::new();
    for p in &raw.pupils {
        if !seen.insert(&p.pupil) {
            continue;
        }
        let stage = stages.get(&p.stage).unwrap_or_else(|| {
            ctx.expected(
                "pupils.csv",
                p.line,
                "stage",
                format!("one of {stage_list}"),
                &p.stage,
            );
            StageId(0)
        });
        if p.tutor_group.is_empty() {
            ctx.expected("pupils.csv", p.line, "tutor_group", "a tutor group", "");
        }
        pupils.push(Pupil {
            id: p.pupil.clone(),
            name: p.name.clone(),
            stage,
            tutor_group: tutor_groups.intern(&p.tutor_group),
            choices: Vec::new(),
        });
    }

    // Choices.
    let mut first_choice: HashMap<(PupilId, CourseId), u64> = HashMap::new();
    let mut main_options: KeyedVec<PupilId, u32> = KeyedVec::filled(pupils.len(), 0);
    for ch in &raw.choices {
        let f = "choices.csv";
        let pupil = pupil_ids.get(&ch.pupil);
        if pupil.is_none() {
            ctx.expected(f, ch.line, "pupil", "a pupil id from pupils.csv", &ch.pupil);
        }
        let course = course_ids.get(&ch.course);
        if course.is_none() {
            ctx.expected(
                f,
                ch.line,
                "course",
                "a course id from courses.csv",
                &ch.course,
            );
        }
        let (Some(pupil), Some(course)) = (pupil, course) else {
            continue;
        };
        let c = &courses[course];
        if !c.kind.is_chosen() {
            let what = if c.kind == CourseKind::Fixed {
                "whose class lists are given in fixed.csv"
            } else {
                "that every pupil of its stages takes"
            };
            ctx.error(
                f,
                ch.line,
                "course",
                format!(
                    "{:?} is a {} course {what}; expected an option or tutorial course",
                    c.id,
                    c.kind.as_str()
                ),
            );
            continue;
        }
        let stage = pupils[pupil].stage;
        if !c.open_to(stage) {
            let open = c
                .stages
                .iter()
                .map(|&s| stages.name(s))
                .collect::<Vec<_>>()
                .join(";");
            ctx.error(
                f,
                ch.line,
                "course",
                format!(
                    "{:?} is open to stages {open}, but pupil {:?} is in stage {}",
                    c.id,
                    pupils[pupil].id,
                    stages.name(stage)
                ),
            );
            continue;
        }
        if let Some(l) = first_choice.get(&(pupil, course)) {
            ctx.error(
                f,
                ch.line,
                "course",
                format!(
                    "duplicate choice of {:?} by {:?} (first on line {l})",
                    c.id, ch.pupil
                ),
            );
            continue;
        }
        first_choice.insert((pupil, course), ch.line);
        if c.kind == CourseKind::Option && !ch.reserve {
            main_options[pupil] += 1;
            if main_options[pupil] == school.options.blocks + 1 {
                ctx.error(
                    f,
                    ch.line,
                    "reserve",
                    format!(
                        "pupil {:?} has more main option choices than the {} blocks; expected this one to be a reserve",
                        ch.pupil, school.options.blocks
                    ),
                );
            }
        }
        pupils[pupil].choices.push(Choice {
            course,
            rank: ch.rank,
            reserve: ch.reserve,
        });
    }
    for p in pupils.iter_mut() {
        p.choices.sort_by_key(|c| (c.reserve, c.rank, c.course));
    }

    // Given class lists of fixed courses.
    let mut fixed: Vec<FixedClass> = Vec::new();
    let mut class_index: HashMap<&str, usize> = HashMap::new();
    let mut fixed_seen: HashSet<(&str, PupilId)> = HashSet::new();
    for r in &raw.fixed {
        let f = "fixed.csv";
        let course = course_ids.get(&r.course);
        match course {
            None => ctx.expected(
                f,
                r.line,
                "course",
                "a course id from courses.csv",
                &r.course,
            ),
            Some(c) if courses[c].kind != CourseKind::Fixed => {
                ctx.expected(f, r.line, "course", "a course of kind fixed", &r.course);
            }
            _ => {}
        }
        let pupil = pupil_ids.get(&r.pupil);
        if pupil.is_none() {
            ctx.expected(f, r.line, "pupil", "a pupil id from pupils.csv", &r.pupil);
        }
        let (Some(course), Some(pupil)) = (course, pupil) else {
            continue;
        };
        let i = *class_index.entry(r.class.as_str()).or_insert_with(|| {
            fixed.push(FixedClass {
                id: r.class.clone(),
                course,
                pupils: Vec::new(),
            });
            fixed.len() - 1
        });
        if fixed[i].course != course {
            ctx.expected(
                f,
                r.line,
                "course",
                format!(
                    "{} (the course of class {})",
                    courses[fixed[i].course].id, r.class
                ),
                &r.course,
            );
        } else if !fixed_seen.insert((r.class.as_str(), pupil)) {
            ctx.error(
                f,
                r.line,
                "pupil",
                format!("pupil {:?} listed twice in class {:?}", r.pupil, r.class),
            );
        } else {
            fixed[i].pupils.push(pupil);
        }
    }
    for c in &mut fixed {
        c.pupils.sort();
    }
    for (cid, c) in courses.iter_enumerated() {
        let classes = fixed.iter().filter(|x| x.course == cid).count();
        if c.kind == CourseKind::Fixed && classes as u32 > c.max_classes {
            ctx.expected(
                "courses.csv",
                course_lines[cid],
                "max_classes",
                format!("at least {classes} (the classes fixed.csv gives it)"),
                &c.max_classes.to_string(),
            );
        }
    }

    // Warnings: legal but suspicious.
    let mut demand: KeyedVec<CourseId, u32> = KeyedVec::filled(courses.len(), 0);
    for p in pupils.iter() {
        for (cid, c) in courses.iter_enumerated() {
            let takes = match c.kind {
                CourseKind::Core | CourseKind::Lecture => c.open_to(p.stage),
                CourseKind::Fixed => false,
                _ => p.choice_of(cid).is_some_and(|ch| !ch.reserve),
            };
            demand[cid] += u32::from(takes);
        }
    }
    for (cid, c) in courses.iter_enumerated() {
        let place = Place::new("courses.csv", Some(course_lines[cid]), Some("course"));
        if c.kind.is_chosen()
            && demand[cid] == 0
            && !pupils.iter().any(|p| p.choice_of(cid).is_some())
        {
            warnings.push(InputError::new(place, format!("nobody chose {:?}", c.id)));
        } else if u64::from(demand[cid]) > u64::from(c.max_classes) * u64::from(c.max_size) {
            warnings.push(InputError::new(
                place,
                format!(
                    "{} pupils want {:?} but max_classes x max_size holds only {} x {} = {}",
                    demand[cid],
                    c.id,
                    c.max_classes,
                    c.max_size,
                    c.max_classes * c.max_size
                ),
            ));
        }
    }

    if !ctx.errors.is_empty() {
        ctx.errors.sort();
        ctx.errors.dedup();
        return Err(InputErrors(ctx.errors));
    }
    warnings.sort();
    Ok(Loaded {
        scenario: Scenario {
            name: school.name.clone(),
            week,
            options: school.options.clone(),
            block_pattern: super::shapes::block_pattern(school),
            solve: school.solve,
            stages,
            room_types,
            features,
            tutor_groups,
            courses,
            pupils,
            staff,
            rooms,
            fixed,
            course_ids,
            pupil_ids,
            staff_ids,
            room_ids,
        },
        warnings,
    })
}

/// A sort key that orders "9" before "10" and "Y9" before "Y10".
pub(crate) fn natural(s: &str) -> (String, u64, String) {
    let digits_at = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
    let (head, rest) = s.split_at(digits_at);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let number = rest[..end].parse().unwrap_or(0);
    (head.to_owned(), number, rest[end..].to_owned())
}
