//! A hand-made solution's class, shared by the check-rule tests.

use tailor::ids::{ClassId, PupilId};
use tailor::scenario::Scenario;
use tailor::solution::{Class, Enrolment, Solution};

/// Adds the class `id` of `course` (no block) taught by `staff` in `room`, with the first
/// pupil enrolled, and returns it.
pub fn class_of_one(
    sol: &mut Solution,
    sc: &Scenario,
    id: &str,
    course: &str,
    staff: &str,
    room: &str,
) -> ClassId {
    let class = sol.classes.push(Class {
        id: id.into(),
        course: sc.course_ids.get(course).unwrap(),
        block: None,
        staff: sc.staff_ids.get(staff),
        room: sc.room_ids.get(room),
    });
    sol.enrolments.push(Enrolment {
        pupil: PupilId(0),
        class,
    });
    class
}
