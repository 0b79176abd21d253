//! A solved week of an imported FET file written back for FET: the file with every activity's
//! start and room locked (`ConstraintActivityPreferredStartingTime` and
//! `ConstraintActivityPreferredRoom`, 100%, permanently locked), and FET's CSV timetable.

use std::collections::HashMap;

use super::import::{activity_groups, Links, Names};
use super::{Activity, Fet, Rule};
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::solution::Solution;

/// Where one activity was placed: its first slot (day, hour indices) and its room (FET name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The activity id.
    pub activity: u32,
    /// Day index.
    pub day: usize,
    /// Hour index of its first hour.
    pub hour: usize,
    /// Room name in the FET file, if it has one.
    pub room: Option<String>,
}

/// Where each activity of `fet` (the file `scenario` was imported from) meets in `solution`:
/// the runs of each course's class are given to its activities by length, an activity whose
/// file locks a start getting the run at it where there is one. Activities of a course with no
/// class are left out.
pub fn placements(fet: &Fet, scenario: &Scenario, solution: &Solution) -> Result<Vec<Placed>> {
    let names = Names::of(fet);
    let room_name: HashMap<&str, &str> = names
        .rooms
        .iter()
        .map(|(fet_name, id)| (id.as_str(), fet_name.as_str()))
        .collect();
    let mut locked: HashMap<u32, Vec<(String, String)>> = HashMap::new();
    for c in fet.time.iter().filter(|c| c.active && c.is_hard()) {
        if let Rule::ActivityStarts(a, t) = &c.rule {
            locked.entry(*a).or_default().extend(t.iter().cloned());
        }
    }
    let groups = activity_groups(fet, |a| a.active);
    let links = Links::of(fet);
    let by_course: HashMap<&str, &Vec<&Activity>> = groups
        .iter()
        .map(|(id, subs)| (id.as_str(), subs))
        .collect();
    let week = &scenario.week;
    let mut out = Vec::new();
    for (cid, class) in solution.classes.iter_enumerated() {
        let course = &scenario.courses[class.course];
        let Some(subs) = by_course.get(course.id.as_str()) else {
            return Err(Error::Usage(format!(
                "course {:?} is not an activity of the FET file the scenario was imported from",
                course.id
            )));
        };
        let mut meetings: Vec<_> = solution
            .meetings
            .iter()
            .filter(|m| m.class == cid)
            .collect();
        meetings.sort_by_key(|m| m.slot);
        // Runs: (day, first hour, length, room).
        let shaped = !scenario.pattern_of(class.course, class.block).is_empty();
        let mut runs: Vec<(usize, usize, usize, Option<String>)> = Vec::new();
        for m in meetings {
            let (d, h) = (week.day_of(m.slot), week.period_of(m.slot));
            let room = m.room.map(|r| {
                room_name
                    .get(scenario.rooms[r].id.as_str())
                    .map_or_else(|| scenario.rooms[r].id.clone(), |n| (*n).to_owned())
            });
            match runs.last_mut() {
                Some(run) if shaped && run.0 == d && run.1 + run.2 == h => run.2 += 1,
                _ => runs.push((d, h, 1, room)),
            }
        }
        let mut free = vec![true; runs.len()];
        // The course's runs of sub-activities (joined by consecutive and grouped rules):
        // locked ones first, then longer ones.
        let mut order = if shaped {
            links.runs(subs, fet.hours.len())
        } else {
            subs.iter().map(|a| vec![*a]).collect()
        };
        let length = |r: &[&Activity]| r.iter().map(|a| a.duration as usize).sum::<usize>();
        order.sort_by_key(|r| (!locked.contains_key(&r[0].id), std::cmp::Reverse(length(r))));
        for chain in order {
            let a = chain[0];
            let len = if shaped { length(&chain) } else { 1 };
            let wants = |r: &(usize, usize, usize, Option<String>)| {
                locked.get(&a.id).is_some_and(|t| {
                    t.iter().any(|(d, h)| {
                        fet.days.get(r.0).is_some_and(|x| x == d)
                            && fet.hours.get(r.1).is_some_and(|x| x == h)
                    })
                })
            };
            let pick = (0..runs.len())
                .filter(|&k| free[k] && runs[k].2 == len)
                .max_by_key(|&k| (wants(&runs[k]), std::cmp::Reverse(k)));
            if let Some(k) = pick {
                free[k] = false;
                let mut hour = runs[k].1;
                for a in chain {
                    out.push(Placed {
                        activity: a.id,
                        day: runs[k].0,
                        hour,
                        room: runs[k].3.clone(),
                    });
                    hour += a.duration as usize;
                }
            }
        }
    }
    out.sort_by_key(|p| p.activity);
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text of the FET file `source` with every placed activity locked: its own
/// `ConstraintActivityPreferredStartingTime` and `ConstraintActivityPreferredRoom` constraints
/// are replaced by ones at the placement (100%, permanently locked); everything else is kept
/// as it was.
pub fn locked_file(source: &str, fet: &Fet, placed: &[Placed]) -> Result<String> {
    let doc = roxmltree::Document::parse(source)
        .map_err(|e| Error::Usage(format!("the FET file cannot be read again: {e}")))?;
    let ids: std::collections::HashSet<u32> = placed.iter().map(|p| p.activity).collect();
    let root = doc.root_element();
    let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
    let mut time_end = None;
    let mut space_end = None;
    for list in root.children().filter(|n| n.is_element()) {
        let name = list.tag_name().name();
        let closing = |n: roxmltree::Node| {
            let r = n.range();
            source[..r.end].rfind("</").unwrap_or(r.end)
        };
        match name {
            "Time_Constraints_List" => time_end = Some(closing(list)),
            "Space_Constraints_List" => space_end = Some(closing(list)),
            _ => continue,
        }
        for c in list.children().filter(|n| n.is_element()) {
            let kind = c.tag_name().name();
            if kind != "ConstraintActivityPreferredStartingTime"
                && kind != "ConstraintActivityPreferredRoom"
            {
                continue;
            }
            let id = c
                .children()
                .find(|n| n.tag_name().name() == "Activity_Id")
                .and_then(|n| n.text())
                .and_then(|t| t.trim().parse::<u32>().ok());
            if id.is_some_and(|i| ids.contains(&i)) {
                let r = c.range();
                // Take the line's indentation and newline with it.
                let end = if source[r.end..].starts_with('\n') {
                    r.end + 1
                } else {
                    r.end
                };
                cut.push(r.start..end);
            }
        }
    }
    let mut times = String::new();
    let mut rooms = String::new();
    for p in placed {
        times += &format!(
            "<ConstraintActivityPreferredStartingTime>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Activity_Id>{}</Activity_Id>\n\t<Preferred_Day>{}</Preferred_Day>\n\t<Preferred_Hour>{}</Preferred_Hour>\n\t<Permanently_Locked>true</Permanently_Locked>\n\t<Active>true</Active>\n\t<Comments>tailor</Comments>\n</ConstraintActivityPreferredStartingTime>\n",
            p.activity,
            escape(&fet.days[p.day]),
            escape(&fet.hours[p.hour])
        );
        if let Some(r) = &p.room {
            rooms += &format!(
                "<ConstraintActivityPreferredRoom>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Activity_Id>{}</Activity_Id>\n\t<Room>{}</Room>\n\t<Permanently_Locked>true</Permanently_Locked>\n\t<Active>true</Active>\n\t<Comments>tailor</Comments>\n</ConstraintActivityPreferredRoom>\n",
                p.activity,
                escape(r)
            );
        }
    }
    let (Some(te), Some(se)) = (time_end, space_end) else {
        return Err(Error::Usage(
            "the FET file has no Time_Constraints_List or Space_Constraints_List".into(),
        ));
    };
    // Edits in order of position: cuts, and the two insertions.
    let mut edits: Vec<(usize, usize, &str)> = cut.iter().map(|r| (r.start, r.end, "")).collect();
    edits.push((te, te, &times));
    edits.push((se, se, &rooms));
    edits.sort_by_key(|e| (e.0, e.1));
    let mut text = String::with_capacity(source.len() + times.len() + rooms.len());
    let mut at = 0;
    for (s, e, ins) in edits {
        text += &source[at..s];
        text += ins;
        at = e;
    }
    text += &source[at..];
    Ok(text)
}

/// FET's CSV timetable (`*_timetable.csv` of FET's export): one row per hour of each placed
/// activity, `"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity
/// Tags","Room","Comments"`, sets joined by `+`.
pub fn timetable_csv(fet: &Fet, placed: &[Placed]) -> String {
    let by_id: HashMap<u32, &Activity> = fet.activities.iter().map(|a| (a.id, a)).collect();
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut t = String::from(
        "\"Activity Id\",\"Day\",\"Hour\",\"Students Sets\",\"Subject\",\"Teachers\",\"Activity Tags\",\"Room\",\"Comments\"\n",
    );
    for p in placed {
        let a = by_id[&p.activity];
        for k in 0..a.duration as usize {
            let Some(hour) = fet.hours.get(p.hour + k) else {
                break;
            };
            t += &[
                q(&a.id.to_string()),
                q(&fet.days[p.day]),
                q(hour),
                q(&a.students.join("+")),
                q(&a.subject),
                q(&a.teachers.join("+")),
                q(&a.tags.join("+")),
                q(p.room.as_deref().unwrap_or("")),
                q(""),
            ]
            .join(",");
            t.push('\n');
        }
    }
    t
}
