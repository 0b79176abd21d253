//! `school.toml` `[[scheme]]` tables (or the one scheme of `[options]`): each scheme's stages and
//! its named blocks, with their periods, patterns and fixed slots.

use std::collections::HashMap;

use super::Ctx;
use crate::error::{InputError, Place};
use crate::ids::*;
use crate::load::shapes::{parse_parts, pattern_problem};
use crate::scenario::*;

/// The most blocks one scheme may have (pins and given designs keep a block mask in 64 bits).
pub(crate) const MAX_BLOCKS: usize = 64;

/// The schemes and blocks, resolved.
pub(crate) struct Schemes {
    /// The schemes.
    pub schemes: KeyedVec<SchemeId, Scheme>,
    /// Their blocks.
    pub blocks: KeyedVec<BlockId, Block>,
    /// Block ids by name.
    pub ids: Names<BlockId>,
    /// The scheme of each stage, if any.
    pub of_stage: KeyedVec<StageId, Option<SchemeId>>,
    /// Whether they are `[options]`' one scheme.
    pub legacy: bool,
}

/// The name of the scheme `[options]` stands for.
pub const OPTIONS_SCHEME: &str = "options";

impl Schemes {
    /// No schemes yet, over `stages`.
    fn empty(stages: &Names<StageId>, legacy: bool) -> Schemes {
        Schemes {
            schemes: KeyedVec::new(),
            blocks: KeyedVec::new(),
            ids: Names::default(),
            of_stage: KeyedVec::filled(stages.len(), None),
            legacy,
        }
    }
}

/// The one scheme of `[options]`: every stage, blocks named `1`..`N`, each of
/// `periods_per_block` periods and the `[options]` pattern.
pub(crate) fn from_options(
    options: &OptionsSettings,
    pattern: Vec<u32>,
    stages: &Names<StageId>,
) -> Schemes {
    let mut out = Schemes::empty(stages, true);
    let scheme = out.schemes.push(Scheme {
        name: OPTIONS_SCHEME.into(),
        stages: stages.keys().collect(),
        blocks: Vec::new(),
        apart: true,
    });
    for b in 0..options.blocks {
        let name = (b + 1).to_string();
        let id = out.ids.intern(&name);
        out.blocks.push(Block {
            name,
            scheme,
            periods: options.periods_per_block,
            pattern: pattern.clone(),
            slots: None,
        });
        out.schemes[scheme].blocks.push(id);
    }
    for s in stages.keys() {
        out.of_stage[s] = Some(scheme);
    }
    out
}

/// For tests: the `[options]` scheme of one block of two single periods over `stages`.
#[cfg(test)]
pub(crate) fn one_block_of_two(stages: &Names<StageId>) -> Schemes {
    let options = OptionsSettings {
        blocks: 1,
        periods_per_block: 2,
        pattern: None,
    };
    from_options(&options, Vec::new(), stages)
}

/// Resolves `[options]` or the `[[scheme]]` tables against the week and the stages.
pub(crate) fn schemes(
    ctx: &mut Ctx,
    school: &SchoolFile,
    week: &Week,
    stages: &Names<StageId>,
) -> Schemes {
    let mut out = Schemes::empty(stages, school.options.is_some());
    if let Some(options) = &school.options {
        return from_options(options, super::super::shapes::block_pattern(school), stages);
    }
    let f = "school.toml";
    let n_slots = week.slots() as u32;
    let stage_list = stages.iter().collect::<Vec<_>>().join(";");
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut block_owner: HashMap<&str, usize> = HashMap::new();
    for (i, sf) in school.schemes.iter().enumerate() {
        let mut bad = |key: &str, expected: String, found: &str| {
            ctx.errors.push(InputError::expected(
                Place::new(f, None, Some(&format!("[[scheme]] {:?} {key}", sf.name))),
                expected,
                found,
            ));
        };
        if sf.name.trim().is_empty() {
            bad("name", "a non-empty scheme name".into(), &sf.name);
        } else if let Some(&j) = names.get(sf.name.as_str()) {
            bad(
                "name",
                format!("a scheme name not used before (scheme {} has it)", j + 1),
                &sf.name,
            );
        } else {
            names.insert(&sf.name, i);
        }
        let scheme = out.schemes.push(Scheme {
            name: sf.name.clone(),
            stages: Vec::new(),
            blocks: Vec::new(),
            apart: sf.apart,
        });
        if sf.stages.is_empty() {
            bad(
                "stages",
                format!("a list of stages from {stage_list}"),
                "[]",
            );
        }
        for s in &sf.stages {
            match stages.get(s) {
                None => bad("stages", format!("stages from {stage_list}"), s),
                Some(id) => match out.of_stage[id] {
                    Some(other) if other != scheme => bad(
                        "stages",
                        format!(
                            "a stage in no other scheme (stage {s} is in scheme {:?})",
                            out.schemes[other].name
                        ),
                        s,
                    ),
                    _ => {
                        out.of_stage[id] = Some(scheme);
                        out.schemes[scheme].stages.push(id);
                    }
                },
            }
        }
        out.schemes[scheme].stages.sort();
        out.schemes[scheme].stages.dedup();
        if sf.blocks.is_empty() {
            bad("blocks", "a list of at least one block name".into(), "[]");
        }
        if sf.blocks.len() > MAX_BLOCKS {
            bad(
                "blocks",
                format!("at most {MAX_BLOCKS} blocks"),
                &sf.blocks.len().to_string(),
            );
        }
        let n = sf.blocks.len();
        if let Some(count) = sf.periods.count() {
            if count != n {
                bad(
                    "periods",
                    format!("one number, or one per block ({n})"),
                    &format!("{count} numbers"),
                );
            }
        }
        let patterns = sf.pattern.clone().unwrap_or(PerBlock::One(String::new()));
        if let Some(count) = patterns.count() {
            if count != n {
                bad(
                    "pattern",
                    format!("one pattern, or one per block ({n})"),
                    &format!("{count} patterns"),
                );
            }
        }
        let mut taken: HashMap<SlotId, &str> = HashMap::new();
        for (k, name) in sf.blocks.iter().enumerate() {
            if name.trim().is_empty() || name.contains(';') || name.contains(',') {
                bad("blocks", "block names without ';' or ','".into(), name);
                continue;
            }
            if let Some(&j) = block_owner.get(name.as_str()) {
                bad(
                    "blocks",
                    format!(
                        "block names unique across the school ({name} is a block of scheme {:?})",
                        school.schemes[j].name
                    ),
                    name,
                );
                continue;
            }
            block_owner.insert(name, i);
            let periods = sf.periods.get(k).unwrap_or(1);
            if periods == 0 || periods > n_slots {
                bad(
                    "periods",
                    format!("1 to {n_slots} (the slots of the week)"),
                    &periods.to_string(),
                );
            }
            let text = patterns.get(k).unwrap_or_default();
            let mut pattern = Vec::new();
            if !text.trim().is_empty() {
                match parse_parts(&text) {
                    None => bad(
                        "pattern",
                        "meeting lengths joined by + (such as 2+1+1)".into(),
                        &text,
                    ),
                    Some(parts) => match pattern_problem(&parts, periods, week) {
                        Some(want) => bad(
                            "pattern",
                            format!(
                                "for block {name}: {}",
                                want.replace("its periods", "the block's periods")
                            ),
                            &text,
                        ),
                        None => pattern = parts,
                    },
                }
            }
            let fixed = sf.slots.get(name).map(|list| {
                let mut set = SlotSet::EMPTY;
                for item in list {
                    match week.parse_slot(item) {
                        Some(s) => {
                            set.insert(s);
                        }
                        None => bad(
                            "slots",
                            format!(
                                "Day:Period slots of block {name}, with a day of {} and a period of {}",
                                week.days.join(";"),
                                week.periods.join(";")
                            ),
                            item,
                        ),
                    }
                }
                let parsed = list.iter().all(|x| week.parse_slot(x).is_some());
                if parsed && (set.len() as u32 != periods || list.len() as u32 != periods) {
                    bad(
                        "slots",
                        format!("{periods} distinct slots for block {name} (its periods)"),
                        &list.join(";"),
                    );
                }
                for s in set.iter().filter(|_| sf.apart) {
                    if let Some(other) = taken.insert(s, name) {
                        bad(
                            "slots",
                            format!(
                                "slots no other block of the scheme has ({} is block {other}'s)",
                                week.slot_name(s)
                            ),
                            &week.slot_name(s),
                        );
                    }
                }
                set
            });
            let id = out.ids.intern(name);
            out.blocks.push(Block {
                name: name.clone(),
                scheme,
                periods,
                pattern,
                slots: fixed,
            });
            out.schemes[scheme].blocks.push(id);
        }
        for key in sf.slots.keys() {
            if !sf.blocks.contains(key) {
                bad(
                    "slots",
                    format!("block names of this scheme ({})", sf.blocks.join(";")),
                    key,
                );
            }
        }
        let used: u32 = out.schemes[scheme]
            .blocks
            .iter()
            .map(|&b| out.blocks[b].periods)
            .sum();
        if sf.apart && used > n_slots {
            bad(
                "periods",
                format!("blocks that fit the week together ({n_slots} slots; a pupil may take a class in every block)"),
                &used.to_string(),
            );
        }
    }
    out
}
