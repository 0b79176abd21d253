//! The words of `tailor resolve` and `tailor check --against`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{absolute, write_json, write_out, Outcome, Report, SolveArgs};
use crate::check::{self, Mode, Rule};
use crate::error::{Error, Result};
use crate::load;
use crate::solution::changes::{self, Limits, Locks, Named};

/// What `tailor resolve` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct ResolveArgs {
    /// The scenario, output folder and solver settings.
    pub run: SolveArgs,
    /// `--from`: the old (published) solution folder.
    pub from: PathBuf,
    /// `--free-blocks`.
    pub free_blocks: bool,
    /// `--max-changes`, `--max-changes-per-pupil`.
    pub limits: Limits,
}

/// `tailor resolve SCENARIO --from OLD --out DIR`: re-solves with the fewest changes, checks the
/// result (every rule, and the re-solve rules against the old solution) and writes it with
/// `changes.csv`.
pub fn resolve(args: &ResolveArgs, report: Report, out: &mut dyn Write) -> Result<Outcome> {
    let progress = crate::report::Progress::new(report.quiet || report.json);
    progress.stage("loading");
    let scenario = load::load_dir(&args.run.scenario)?.scenario;
    let locks = Locks::read_dir(&args.run.scenario)?;
    let old = Named::read_dir(&args.from)?;
    let mut options = super::solve_options(&scenario, &args.run)?;
    let line = progress.clone();
    options.progress = crate::solve::Reporter::new(move |t| line.message(t));
    progress.stage("re-solving from the old solution (HiGHS)");
    let settings = crate::resolve::Settings {
        solve: options,
        free_blocks: args.free_blocks,
        limits: args.limits,
        locks: locks.clone(),
        from: absolute(&args.from),
    };
    let resolved = crate::resolve::resolve(&scenario, &old, &settings);
    let mut resolved = match resolved {
        Ok(r) => r,
        Err(e) => {
            progress.finish();
            return Err(e);
        }
    };
    progress.stage("checking");
    let solution = &mut resolved.solution;
    solution.summary.scenario_dir = Some(absolute(&args.run.scenario));
    let t = std::time::Instant::now();
    let mut violations = check::check(&scenario, solution, Mode::Full);
    let new = Named::of(&scenario, solution);
    violations.extend(check::against::check_against(&check::against::Against {
        old: &old,
        new: &new,
        listed: &resolved.changes,
        limits: args.limits,
        locks: &locks,
    }));
    solution
        .summary
        .seconds
        .insert("check".into(), t.elapsed().as_secs_f64());
    let w = crate::atomic_dir::FolderWriter::new(&args.run.out)?;
    for (name, bytes) in crate::solution::io::write_files(&scenario, solution) {
        w.file(name, &bytes)?;
    }
    w.file(changes::CHANGES, &changes::changes_bytes(&resolved.changes))?;
    let figures = solution.summary.changes.clone().unwrap_or_default();
    let html = crate::report::html(&scenario, solution, &crate::report::Meta::now());
    let html = crate::report::changes::on_top(&html, &figures, &resolved.changes);
    w.file("report.html", html.as_bytes())?;
    w.commit()?;
    progress.finish();
    let ok = violations.is_empty() && solution.summary.complete;
    if report.json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            ok: bool,
            out: String,
            summary: &'a crate::solution::Summary,
            violations: Vec<String>,
        }
        write_json(
            out,
            &Json {
                ok,
                out: args.run.out.display().to_string(),
                summary: &solution.summary,
                violations: violations.iter().map(|v| v.to_string()).collect(),
            },
        )?;
    } else {
        let mut text = crate::show::figures(&solution.summary);
        text += &changes_line(&figures);
        for n in solution
            .summary
            .notes
            .iter()
            .filter(|n| matches!(n, crate::solution::Note::LimitCost { .. }))
        {
            text += &format!("limit: {n}\n");
        }
        text += &super::checked_text(&violations, &args.run.out);
        if !report.quiet || !ok {
            write_out(out, &text)?;
        }
    }
    Ok(Outcome::of(ok))
}

fn changes_line(f: &changes::Figures) -> String {
    format!(
        "changes: {} pupils' weeks changed ({} their classes, at most {} for one), {} joined, {} left, {} staff; classes {} opened, {} closed; {} meetings moved, {} restaffed or re-roomed\n",
        f.pupils_changed, f.pupils_class_changed, f.most_classes_changed, f.pupils_joined, f.pupils_left,
        f.staff_changed, f.classes_opened, f.classes_closed, f.meetings_moved, f.meetings_restaffed
    )
}

/// `tailor check SCENARIO SOLUTION --against OLD`: every rule of `tailor check`, then the
/// re-solve rules: `changes.csv` is exactly the difference, the limits in `summary.json` hold,
/// and so do the scenario's `locks.csv`.
pub fn check_against(
    scenario_dir: &Path,
    solution_dir: &Path,
    old_dir: &Path,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let scenario = load::load_dir(scenario_dir)?.scenario;
    let solution = crate::solution::io::read_dir(&scenario, solution_dir)?;
    let mut violations = check::check(&scenario, &solution, Mode::Full);
    let old = Named::read_dir(old_dir)?;
    let new = Named::read_dir(solution_dir)?;
    let path = solution_dir.join(changes::CHANGES);
    let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
    let listed = changes::read_changes(file)?;
    let locks = Locks::read_dir(scenario_dir)?;
    let limits = solution
        .summary
        .changes
        .as_ref()
        .map(|f| f.limits)
        .unwrap_or_default();
    violations.extend(check::against::check_against(&check::against::Against {
        old: &old,
        new: &new,
        listed: &listed,
        limits,
        locks: &locks,
    }));
    violations.sort();
    let valid = violations.is_empty();
    if report.json {
        let json = serde_json::json!({
            "valid": valid,
            "mode": "full",
            "against": old_dir.display().to_string(),
            "changes": listed.len(),
            "violations": violations,
        });
        write_json(out, &json)?;
    } else {
        let mut text = String::new();
        for group in violations.chunk_by(|a, b| a.rule == b.rule) {
            let rule: Rule = group[0].rule;
            text += &format!("{} ({}): {}\n", rule.name(), group.len(), rule.text());
            for v in group {
                text += &format!("  {}: {}\n", v.ids.join(" "), v.message);
            }
        }
        if valid {
            if !report.quiet {
                text += &format!(
                    "no violations: {} pupils, {} classes, {} meetings checked; changes.csv is the difference from {} ({} rows)\n",
                    scenario.pupils.len(),
                    solution.classes.len(),
                    solution.meetings.len(),
                    old_dir.display(),
                    listed.len()
                );
            }
        } else {
            text += &format!("{} violations\n", violations.len());
        }
        write_out(out, &text)?;
    }
    Ok(Outcome::of(valid))
}

/// `tailor show SOLUTION --pupil ID --changes` (or `--staff`): the week as a grid, then what
/// changed from the old solution, from the folder's `changes.csv`.
pub(crate) fn show_changes(
    what: &super::Show<'_>,
    report: Report,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let (solution_dir, who) = (what.solution, what.who);
    let path = solution_dir.join(changes::CHANGES);
    let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
    let rows = changes::read_changes(file)?;
    let person = match who.0 {
        "staff" => format!("{}{}", changes::STAFF_PREFIX, who.1),
        _ => who.1.to_owned(),
    };
    let mine: Vec<&changes::Change> = rows.iter().filter(|c| c.person == person).collect();
    if report.json {
        let rows: Vec<serde_json::Value> = mine
            .iter()
            .map(|c| serde_json::json!({"change": c.kind.as_str(), "before": c.before, "after": c.after}))
            .collect();
        return write_json(out, &serde_json::json!({ "who": person, "changes": rows }))
            .map(|_| Outcome::Success);
    }
    let outcome = super::show_week(solution_dir, what.scenario, who, report, out)?;
    write_out(out, &changes_text(&mine))?;
    Ok(outcome)
}

/// What changed for one person, a line a change.
fn changes_text(rows: &[&changes::Change]) -> String {
    if rows.is_empty() {
        return "changes: none, this week is as it was\n".to_owned();
    }
    let mut text = format!("changes ({}):\n", rows.len());
    for c in rows {
        let word = match c.kind {
            changes::Kind::Class => "class",
            changes::Kind::Moved => "moved",
            changes::Kind::Teacher => "new teacher",
            changes::Kind::Room => "new room",
        };
        let side = |s: &str| {
            if s.is_empty() {
                "(none)".to_owned()
            } else {
                s.to_owned()
            }
        };
        text += &format!("  {word:<11} {} -> {}\n", side(&c.before), side(&c.after));
    }
    text
}
