use super::*;
use crate::load::{load_readers, Readers};
use crate::solution::{Class, Enrolment, Meeting, Unmet};

/// Two blocks, three option courses (one named to attack the page), two teachers, two rooms.
fn scenario(evil: &str) -> Scenario {
    let school = "name = \"Test <School>\"\n[week]\ndays = [\"Mon\", \"Tue\"]\nperiods = [\"P1\", \"P2\"]\n[options]\nblocks = 2\nperiods_per_block = 1\n";
    let courses = format!(
        "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\n\
         A,Art & Design,option,1,1,10,1,classroom,10\n\
         B,\"{evil}\",option,1,1,4,1,classroom,10\n\
         C,Chemistry,option,1,1,2,2,classroom,10\n"
    );
    let pupils =
        "pupil,name,stage,tutor_group\nP1,Ann </script><b>x,10,T1\nP2,Bo,10,T1\nP3,Cy,10,T2\n";
    let choices =
        "pupil,course,rank,reserve\nP1,A,1,0\nP1,B,2,0\nP2,B,1,0\nP2,C,2,0\nP3,A,1,0\nP3,C,2,0\n";
    let staff =
        "staff,name,max_periods,teaches,unavailable\nS1,Ms One,4,A;B;C,\nS2,Mr Two,4,A;B;C,\n";
    let rooms = "room,capacity,type,unavailable\nR1,30,classroom,\nR2,30,classroom,\n";
    load_readers(Readers::from_texts(
        [school, &courses, pupils, choices, staff, rooms],
        None,
    ))
    .expect("valid test scenario")
    .scenario
}

fn class(id: &str, course: u32, block: u32, staff: u32, room: u32) -> Class {
    Class {
        id: id.into(),
        course: CourseId(course),
        block: Some(BlockId(block)),
        staff: Some(StaffId(staff)),
        room: Some(RoomId(room)),
    }
}

/// Block 1: A-1 (P1, P3), C-1 (P2); block 2: B-1 (P1, P2), C-2 (P3). Every choice met.
fn solution(with_week: bool) -> Solution {
    let mut s = Solution::default();
    s.classes.push(class("A-1", 0, 0, 0, 0));
    s.classes.push(class("C-1", 2, 0, 1, 1));
    s.classes.push(class("B-1", 1, 1, 0, 0));
    s.classes.push(class("C-2", 2, 1, 1, 1));
    for (p, c) in [(0, 0), (2, 0), (1, 1), (0, 2), (1, 2), (2, 3)] {
        s.enrolments.push(Enrolment {
            pupil: PupilId(p),
            class: ClassId(c),
        });
    }
    if with_week {
        // Block 1 meets Mon:P1, block 2 Tue:P2.
        for (c, slot, staff, room) in [(0, 0, 0, 0), (1, 0, 1, 1), (2, 3, 0, 0), (3, 3, 1, 1)] {
            s.meetings.push(Meeting {
                class: ClassId(c),
                slot: SlotId(slot),
                staff: Some(StaffId(staff)),
                room: Some(RoomId(room)),
            });
        }
    }
    s.summary = crate::solution::Summary {
        scenario: "Test".into(),
        stage: if with_week { "solve" } else { "blocks" }.into(),
        pupils: 3,
        pupils_fully_met: 3,
        main_choices: 6,
        main_choices_met: 6,
        classes: 4,
        meetings: s.meetings.len() as u64,
        objective: Some(3.0),
        bound: Some(3.0),
        gap: Some(0.0),
        status: "optimal".into(),
        complete: true,
        seconds: [("blocks".to_owned(), 0.25)].into_iter().collect(),
        notes: vec!["a note with <angle> brackets".into()],
        ..Default::default()
    };
    s
}

fn meta() -> Meta {
    Meta {
        generated: "2025-03-01 14:05".into(),
        version: "9.9.9".into(),
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The JSON blob of the page, parsed back.
fn data(page: &str) -> serde_json::Value {
    let start = page
        .find("<script type=\"application/json\" id=\"tailor-data\">")
        .expect("data blob")
        + "<script type=\"application/json\" id=\"tailor-data\">".len();
    let end = start + page[start..].find("</script>").expect("blob ends");
    serde_json::from_str(&page[start..end]).expect("blob is JSON")
}

#[test]
fn names_from_the_input_files_are_escaped() {
    let evil = "<script>alert(1)</script>";
    let page = html(&scenario(evil), &solution(true), &meta());
    assert!(!page.contains(evil), "raw course name leaked into the page");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(page.contains("Art &amp; Design"));
    assert!(page.contains("Test &lt;School&gt;"));
    assert!(page.contains("a note with &lt;angle&gt; brackets"));
    // Only our own two script elements and the data blob open or close a script.
    assert_eq!(count(&page, "<script"), 3);
    assert_eq!(count(&page, "</script>"), 3);
    // ... and the blob still reads back the names exactly.
    let d = data(&page);
    assert_eq!(d["courses"][1], evil);
    assert_eq!(d["pupils"][0][1], "Ann </script><b>x");
}

#[test]
fn script_json_never_contains_a_less_than_sign() {
    let text = script_json(&vec!["</script><!--", "a<b"]);
    assert!(!text.contains('<'));
    let back: Vec<String> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, vec!["</script><!--", "a<b"]);
}

#[test]
fn the_blocks_grid_has_a_column_per_block_and_a_card_per_class() {
    let page = html(&scenario("Biology"), &solution(false), &meta());
    assert_eq!(count(&page, "<div class=\"block-col\">"), 2);
    assert_eq!(count(&page, "<div class=\"card "), 4);
    // Block 1 holds A-1 and C-1, block 2 B-1 and C-2.
    let second = page.find("Block 2</span>").expect("second block");
    let (one, two) = page.split_at(second);
    assert!(one.contains(">A-1<") && one.contains(">C-1<"));
    assert!(two.contains(">B-1<") && two.contains(">C-2<"));
    // C-1 has 1 of 2 (50%: low), A-1 2 of 10 (low), B-1 2 of 4 (low), C-2 1 of 2.
    assert_eq!(count(&page, "<div class=\"card tone-low\">"), 4);
    assert!(page.contains("2<span class=\"of\">/10</span>"));
    assert!(page.contains("Ms One") && page.contains(">R2<"));
}

#[test]
fn fullness_colours_the_cards() {
    let mut sol = solution(false);
    // Two more pupils... C-1 gets P1 too: 2 of 2 is full (>90%).
    sol.enrolments.push(Enrolment {
        pupil: PupilId(0),
        class: ClassId(1),
    });
    let page = html(&scenario("Biology"), &sol, &meta());
    assert_eq!(count(&page, "<div class=\"card tone-high\">"), 1);
    assert_eq!(count(&page, "<div class=\"card tone-low\">"), 3);
}

#[test]
fn a_class_outside_the_blocks_grid_columns_still_gets_one() {
    let mut sol = solution(false);
    sol.classes[ClassId(3)].block = Some(BlockId(2));
    let page = html(&scenario("Biology"), &sol, &meta());
    assert_eq!(count(&page, "<div class=\"block-col\">"), 3);
}

#[test]
fn the_charts_have_a_bar_per_class_and_per_teacher() {
    let page = html(&scenario("Biology"), &solution(true), &meta());
    assert_eq!(count(&page, "<svg class=\"chart\""), 2);
    // Four classes and two teachers.
    assert_eq!(count(&page, "<rect class=\"bar "), 6);
    // Three course rows and two teacher rows each have a limit tick.
    assert_eq!(count(&page, "<line class=\"limit\""), 5);
    assert!(page.contains("<title>C-1: 1 of 2</title>"));
    // Each teacher meets twice a week.
    assert!(page.contains("<title>Ms One (S1): 2 of 4 periods</title>"));
}

#[test]
fn teacher_load_of_a_blocks_only_solution_counts_periods_per_block() {
    let mut s = scenario("Biology");
    s.blocks.iter_mut().for_each(|b| b.periods = 2);
    let page = html(&s, &solution(false), &meta());
    assert!(page.contains("<title>Mr Two (S2): 4 of 4 periods</title>"));
    assert!(page.contains("Weekly periods of their option classes (2 each)"));
}

#[test]
fn the_header_and_satisfaction_show_the_figures() {
    let mut sol = solution(true);
    sol.unmet.push(Unmet {
        pupil: PupilId(2),
        course: CourseId(2),
        rank: 2,
        reason: "Chemistry <clashes>".into(),
    });
    // P3 leaves C-2: one rank-2 choice unmet.
    sol.enrolments.retain(|e| e.class != ClassId(3));
    let page = html(&scenario("Biology"), &sol, &meta());
    assert!(page.contains("Generated 2025-03-01 14:05 · tailor 9.9.9"));
    assert!(page.contains("<dt>Status</dt><dd>optimal</dd>"));
    assert!(page.contains("<dt>Gap</dt><dd>0.00%</dd>"));
    assert!(page.contains("<td>blocks</td><td class=\"num\">0.25 s</td>"));
    // Rank 1: 3 of 3; rank 2: 2 of 3.
    assert!(page.contains("<tr><td>1</td><td class=\"num\">3</td><td class=\"num\">3</td>"));
    assert!(page.contains("<tr><td>2</td><td class=\"num\">2</td><td class=\"num\">3</td>"));
    assert!(page.contains("id=\"unmet-filter\""));
    assert!(page.contains("<td>Chemistry &lt;clashes&gt;</td>"));
}

#[test]
fn the_week_data_lists_every_meeting_and_enrolment() {
    let page = html(&scenario("Biology"), &solution(true), &meta());
    let d = data(&page);
    assert_eq!(d["days"], serde_json::json!(["Mon", "Tue"]));
    assert_eq!(d["meetings"].as_array().unwrap().len(), 4);
    assert_eq!(d["meetings"][2], serde_json::json!([2, 3, 0, 0]));
    assert_eq!(d["classes"][1], serde_json::json!(["C-1", 2, 1, 1, "1"]));
    assert_eq!(d["pupils"][0][3], serde_json::json!([0, 2]));
    assert_eq!(d["staff"][1], serde_json::json!(["S2", "Mr Two"]));
}

#[test]
fn the_page_is_self_contained() {
    let page = html(&scenario("Biology"), &solution(true), &meta());
    for outside in ["http://", "https://", "src=", "<link", "@import", "url("] {
        let hits: Vec<_> = page
            .match_indices(outside)
            // The SVG namespace is a name, not a fetch.
            .filter(|(i, _)| !page[*i..].starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(hits.is_empty(), "page refers outside itself: {outside}");
    }
    assert!(page.starts_with("<!DOCTYPE html>"));
}

#[test]
fn rendering_is_reproducible() {
    let (s, sol) = (scenario("Biology"), solution(true));
    assert_eq!(html(&s, &sol, &meta()), html(&s, &sol, &meta()));
}

#[test]
fn compare_highlights_the_best_of_each_column() {
    let columns = vec!["Variant".to_owned(), "Fully met".into(), "Classes".into()];
    let rows = vec![
        vec!["base".to_owned(), "80".into(), "40".into()],
        vec!["<five blocks>".to_owned(), "92".into(), "44".into()],
    ];
    let best = vec![None, Some(1), Some(0)];
    let pct = vec![
        ("base".to_owned(), 80.0),
        ("<five blocks>".to_owned(), 92.5),
    ];
    let page = compare_html("What if", &columns, &rows, &best, &pct, &meta());
    assert!(page.contains("<td class=\"num best\">92</td>"));
    assert!(page.contains("<td class=\"num best\">40</td>"));
    assert_eq!(count(&page, " best\">"), 2);
    assert!(!page.contains("<five blocks>"));
    assert!(page.contains("&lt;five blocks&gt;"));
    assert_eq!(count(&page, "<rect class=\"bar "), 2);
    assert!(page.contains(">92.5%</text>"));
    assert!(page.contains("<title>What if · tailor compare</title>"));
}

#[test]
fn a_school_of_two_thousand_pupils_stays_small() {
    // 2,000 pupils, 24 courses of 8 classes each, every pupil in 6 classes of 5 meetings a
    // week over 5 days of 6 periods: the page stays well under a megabyte.
    let (pupils, courses, per_course) = (2000u32, 24u32, 8u32);
    let school = "name = \"Big\"\n[week]\ndays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\nperiods = [\"P1\", \"P2\", \"P3\", \"P4\", \"P5\", \"P6\"]\n[options]\nblocks = 6\nperiods_per_block = 5\n";
    let mut c =
        "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\n".to_owned();
    for i in 0..courses {
        c += &format!("C{i},Course number {i},option,5,1,30,{per_course},classroom,10\n");
    }
    let mut p = "pupil,name,stage,tutor_group\n".to_owned();
    let mut ch = "pupil,course,rank,reserve\n".to_owned();
    for i in 0..pupils {
        p += &format!("P{i:05},Firstname Lastname{i},10,T{}\n", i % 80);
        ch += &format!("P{i:05},C{},1,0\n", i % courses);
    }
    let mut staff = "staff,name,max_periods,teaches,unavailable\n".to_owned();
    for i in 0..120 {
        staff += &format!("S{i},Teacher {i},25,C{},\n", i % courses);
    }
    let mut rooms = "room,capacity,type,unavailable\n".to_owned();
    for i in 0..80 {
        rooms += &format!("R{i},30,classroom,\n");
    }
    let s = load_readers(Readers::from_texts(
        [school, &c, &p, &ch, &staff, &rooms],
        None,
    ))
    .expect("valid big scenario")
    .scenario;
    let mut sol = Solution::default();
    for k in 0..courses * per_course {
        let (course, block) = (k / per_course, k % 6);
        let id = sol.classes.push(class(
            &format!("C{course}-{k}"),
            course,
            block,
            k % 120,
            k % 80,
        ));
        for m in 0..5 {
            sol.meetings.push(Meeting {
                class: id,
                slot: SlotId(block * 5 + m),
                staff: Some(StaffId(k % 120)),
                room: Some(RoomId(k % 80)),
            });
        }
    }
    for i in 0..pupils {
        for j in 0..6 {
            sol.enrolments.push(Enrolment {
                pupil: PupilId(i),
                class: ClassId((i * 7 + j * 31) % (courses * per_course)),
            });
        }
    }
    let page = html(&s, &sol, &meta());
    assert_eq!(data(&page)["pupils"].as_array().unwrap().len(), 2000);
    assert!(
        page.len() < 600_000,
        "report of 2,000 pupils is {} bytes",
        page.len()
    );
    println!("2,000 pupils: {} bytes", page.len());
}

/// Two schemes of one block each: `X` (stage 10, course A) and `Y` (stage 11, course B).
fn two_schemes() -> Scenario {
    let school = "name = \"Two schemes\"\n[week]\ndays = [\"Mon\"]\nperiods = [\"P1\", \"P2\"]\n\
        [[scheme]]\nname = \"X\"\nstages = [\"10\"]\nblocks = [\"X1\"]\nperiods = 1\n\
        [[scheme]]\nname = \"Y\"\nstages = [\"11\"]\nblocks = [\"Y1\", \"Y2\"]\nperiods = 1\n";
    let courses = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\n\
         A,Art,option,1,1,10,1,classroom,10\n\
         B,Biology,option,1,1,10,1,classroom,11\n";
    let pupils = "pupil,name,stage,tutor_group\nP1,Ann,10,T1\nP2,Bo,11,T1\n";
    let choices = "pupil,course,rank,reserve\nP1,A,1,0\nP2,B,1,0\n";
    let staff = "staff,name,max_periods,teaches,unavailable\nS1,Ms One,4,A;B,\n";
    let rooms = "room,capacity,type,unavailable\nR1,30,classroom,\n";
    load_readers(Readers::from_texts(
        [school, courses, pupils, choices, staff, rooms],
        None,
    ))
    .expect("valid test scenario")
    .scenario
}

#[test]
fn each_scheme_has_its_own_blocks_grid_with_its_figures() {
    let scenario = two_schemes();
    let mut sol = Solution::default();
    sol.classes.push(class("A-1", 0, 0, 0, 0));
    sol.classes.push(class("B-1", 1, 2, 0, 0));
    for (p, c) in [(0, 0), (1, 1)] {
        sol.enrolments.push(Enrolment {
            pupil: PupilId(p),
            class: ClassId(c),
        });
    }
    sol.summary.schemes = vec![crate::solution::SchemeFigures {
        scheme: "X".into(),
        pupils: 1,
        pupils_fully_met: 1,
        objective: Some(1.0),
        bound: Some(1.0),
        gap: Some(0.0),
        status: "optimal".into(),
    }];
    let page = html(&scenario, &sol, &meta());
    assert_eq!(count(&page, "<div class=\"blocks\""), 2);
    assert!(page.contains("<div class=\"blocks\" style=\"--blocks: 1\">"));
    assert!(page.contains("<div class=\"blocks\" style=\"--blocks: 2\">"));
    let x = page
        .find("X <span class=\"small\">stages 10</span>")
        .expect("X heading");
    let y = page
        .find("Y <span class=\"small\">stages 11</span>")
        .expect("Y heading");
    assert!(x < y);
    assert!(page[x..y].contains("1 of 1 pupils fully met (bound 1, gap 0.0%)"));
    // A-1 is in X's grid, B-1 in Y's second block, after its empty first.
    let (a, b) = (page.find(">A-1<").unwrap(), page.find(">B-1<").unwrap());
    assert!(x < a && a < y && y < b);
    let y1 = page.find("Block Y1</span>").unwrap();
    let y2 = page.find("Block Y2</span>").unwrap();
    assert!(page[y1..y2].contains("No classes."));
}
