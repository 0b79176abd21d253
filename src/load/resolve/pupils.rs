//! `pupils.csv`: ids, stages and tutor groups.

use std::collections::HashSet;

use super::{intern_ids, limits, Ctx};
use crate::ids::*;
use crate::scenario::*;

/// The pupils, resolved (their choices are added from `choices.csv`).
pub(crate) struct Pupils {
    /// Pupil ids.
    pub ids: Names<PupilId>,
    /// Tutor groups, in the order pupils first name them.
    pub tutor_groups: Names<TutorGroupId>,
    /// The pupils (the first row of a duplicated id).
    pub pupils: KeyedVec<PupilId, Pupil>,
}

/// Resolves the rows of `pupils.csv` against the stages.
pub(crate) fn pupils(
    ctx: &mut Ctx,
    week: &Week,
    stages: &Names<StageId>,
    raw: &[RawPupil],
    rules: Limits,
) -> Pupils {
    let f = "pupils.csv";
    let stage_list = stages.iter().collect::<Vec<_>>().join(";");
    let ids: Names<PupilId> = intern_ids(
        ctx,
        f,
        "pupil",
        raw.iter().map(|p| (p.line, p.pupil.clone())),
    );
    let mut tutor_groups: Names<TutorGroupId> = Names::default();
    let mut pupils: KeyedVec<PupilId, Pupil> = KeyedVec::new();
    let mut seen = HashSet::new();
    for p in raw {
        if !seen.insert(&p.pupil) {
            continue;
        }
        let stage = stages.get(&p.stage).unwrap_or_else(|| {
            ctx.expected(f, p.line, "stage", format!("one of {stage_list}"), &p.stage);
            StageId(0)
        });
        if p.tutor_group.is_empty() {
            ctx.expected(f, p.line, "tutor_group", "a tutor group", "");
        }
        let limits = limits(ctx, week, f, p.line, p.limits, rules);
        pupils.push(Pupil {
            id: p.pupil.clone(),
            name: p.name.clone(),
            stage,
            tutor_group: tutor_groups.intern(&p.tutor_group),
            choices: Vec::new(),
            limits,
        });
    }
    Pupils {
        ids,
        tutor_groups,
        pupils,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn pupil(line: u64, id: &str, stage: &str) -> RawPupil {
        RawPupil {
            line,
            pupil: id.into(),
            name: id.into(),
            stage: stage.into(),
            tutor_group: "10A".into(),
            limits: Limits::default(),
        }
    }

    #[test]
    fn stages_and_tutor_groups_are_checked() {
        let mut ctx = Ctx::default();
        let mut stages = Names::default();
        stages.intern("10");
        stages.intern("11");
        let mut no_group = pupil(4, "P3", "11");
        no_group.tutor_group.clear();
        let raw = [
            pupil(2, "P1", "10"),
            pupil(3, "P2", "9"),
            no_group,
            pupil(5, "P1", "10"),
        ];
        let p = pupils(
            &mut ctx,
            &super::super::tests::week(),
            &stages,
            &raw,
            Limits::default(),
        );
        assert_eq!(p.pupils.len(), 3);
        assert_eq!(p.pupils[PupilId(2)].stage, StageId(1));
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "pupils.csv:5: pupil: duplicate id \"P1\" (first on line 2)",
                "pupils.csv:3: stage: expected one of 10;11, found \"9\"",
                "pupils.csv:4: tutor_group: expected a tutor group, found \"\"",
            ]
        );
    }
}
