//! Running HiGHS on a good_lp model and reporting honestly: incumbent, proven bound, gap, status.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use good_lp::solvers::highs::highs;
use good_lp::{Constraint, Expression, ProblemVariables, SolverModel, Variable};
use highs::HighsModelStatus;

use crate::error::{Error, Result, SolverError};

/// Settings of one HiGHS run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Wall-clock seconds.
    pub time_limit_s: f64,
    /// Relative gap at which to stop.
    pub mip_gap: f64,
    /// Threads.
    pub threads: u32,
    /// Random seed.
    pub seed: u64,
    /// Print HiGHS's log.
    pub verbose: bool,
}

/// How a HiGHS run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MipStatus {
    /// Proven optimal (within the gap tolerance).
    Optimal,
    /// Stopped at the time limit with a feasible solution.
    TimeLimit,
}

/// The answer of one HiGHS run.
#[derive(Clone, Debug)]
pub(crate) struct MipResult {
    values: Vec<f64>,
    index: Arc<HashMap<Variable, usize>>,
    /// Objective of the incumbent.
    pub objective: f64,
    /// Proven bound (upper for maximisation).
    pub bound: f64,
    /// Relative gap, `|bound - objective| / max(|bound|, 1e-9)`, 0 when proven.
    pub gap: f64,
    /// How it ended.
    pub status: MipStatus,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl MipResult {
    /// The value of `var` in the incumbent.
    pub fn value(&self, var: Variable) -> f64 {
        self.values[self.index[&var]]
    }
    /// The value of `var`, rounded to the nearest integer.
    pub fn int(&self, var: Variable) -> i64 {
        self.value(var).round() as i64
    }
    /// A result proven without a solver run (a start that meets the trivial bound).
    pub fn proven(objective: f64) -> MipResult {
        MipResult {
            values: Vec::new(),
            index: Arc::new(HashMap::new()),
            objective,
            bound: objective,
            gap: 0.0,
            status: MipStatus::Optimal,
            seconds: 0.0,
        }
    }
    /// The same run with another incumbent value (a start HiGHS did not improve on), its gap
    /// recomputed against the bound.
    pub fn with_objective(other: &MipResult, objective: f64) -> MipResult {
        let bound = other.bound.max(objective);
        let gap = (bound - objective).abs() / bound.abs().max(1e-9);
        let status = if gap < 1e-9 {
            MipStatus::Optimal
        } else {
            other.status
        };
        MipResult {
            values: Vec::new(),
            index: other.index.clone(),
            objective,
            bound,
            gap,
            status,
            seconds: other.seconds,
        }
    }
    /// Every column value (for a warm start of a following level).
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// The column of every variable (good_lp keeps its indices private).
pub(crate) fn columns(vars: &ProblemVariables) -> HashMap<Variable, usize> {
    vars.iter_variables_with_def()
        .enumerate()
        .map(|(i, (v, _))| (v, i))
        .collect()
}

/// Whether to maximise or minimise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sense {
    /// Maximise the objective.
    Max,
    /// Minimise the objective.
    Min,
}

/// Where a running HiGHS reports its progress: a line with its incumbent, bound, gap and time.
pub(crate) type Watch<'a> = &'a (dyn Fn(&str) + Sync);

/// Solves `objective` over `vars` subject to `constraints`, starting from `start` (one value per
/// variable, in variable order) when given; when `watch` is given, tells it how the branch and
/// bound is doing while it runs: HiGHS writes its log to a temporary file, and a second thread
/// follows the file and reads the newest progress line (the `highs` crate has no callback, and
/// tailor writes no unsafe code).
pub(crate) fn solve(
    vars: ProblemVariables,
    sense: Sense,
    objective: Expression,
    constraints: Vec<Constraint>,
    start: Option<&[f64]>,
    limits: &Limits,
    watch: Option<Watch>,
) -> Result<MipResult> {
    let began = Instant::now();
    let n = vars.len();
    let index = Arc::new(columns(&vars));
    let problem = match sense {
        Sense::Max => vars.maximise(objective),
        Sense::Min => vars.minimise(objective),
    };
    let mut problem = problem.using(highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| Error::Solver(SolverError::Load(e.to_string())))?;
    let log = watch.and_then(|_| tempfile::NamedTempFile::new().ok());
    let log_path = log
        .as_ref()
        .and_then(|f| f.path().to_str().map(str::to_owned));
    if let Some(path) = &log_path {
        model.set_option("log_file", path.as_str());
    }
    model.set_option("output_flag", limits.verbose || log_path.is_some());
    model.set_option("log_to_console", limits.verbose);
    model.set_option("time_limit", limits.time_limit_s.max(0.01));
    model.set_option("mip_rel_gap", limits.mip_gap);
    model.set_option("random_seed", (limits.seed % i32::MAX as u64) as i32);
    model.set_option("threads", limits.threads.max(1) as i32);
    if let Some(start) = start {
        if start.len() == n {
            model
                .try_set_solution(Some(start), None, None, None)
                .map_err(|e| Error::Solver(SolverError::RefusedStart(format!("{e:?}"))))?;
        }
    }
    let done = AtomicBool::new(false);
    let solved = std::thread::scope(|scope| {
        if let (Some(watch), Some(path)) = (watch, &log_path) {
            let done = &done;
            scope.spawn(move || follow(Path::new(path), done, watch));
        }
        let solved = model.try_solve();
        done.store(true, Ordering::Relaxed);
        solved
    })
    .map_err(|e| Error::Solver(SolverError::Failed(format!("{e:?}"))))?;
    drop(log);
    let status = match solved.status() {
        HighsModelStatus::Optimal
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => MipStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt => MipStatus::TimeLimit,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Err(Error::Solver(SolverError::Infeasible))
        }
        other => return Err(Error::Solver(SolverError::Status(format!("{other:?}")))),
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Err(Error::Solver(SolverError::NoneInTime {
            seconds: limits.time_limit_s,
        }));
    }
    let values = solved.get_solution().columns().to_vec();
    let objective = solved.objective_value();
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .unwrap_or(f64::NAN);
    let bound = if bound.is_finite() { bound } else { objective };
    let gap = if status == MipStatus::Optimal && (bound - objective).abs() < 1e-6 {
        0.0
    } else {
        (bound - objective).abs() / bound.abs().max(1e-9)
    };
    Ok(MipResult {
        values,
        index,
        objective,
        bound,
        gap,
        status,
        seconds: began.elapsed().as_secs_f64(),
    })
}

/// Follows HiGHS's log at `path` until `done`, handing each new progress line to `watch`.
fn follow(path: &Path, done: &AtomicBool, watch: Watch) {
    let mut seen = 0;
    let mut last = String::new();
    loop {
        let finished = done.load(Ordering::Relaxed);
        if let Ok(text) = std::fs::read_to_string(path) {
            let fresh = text.get(seen..).unwrap_or("");
            // Only whole lines; a line still being written waits for the next look.
            let end = fresh.rfind('\n').map_or(0, |i| i + 1);
            if let Some(line) = fresh[..end].lines().rev().find_map(progress) {
                if line != last {
                    watch(&line);
                    last = line;
                }
            }
            seen += end;
        }
        if finished {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The incumbent, bound, gap and time of a HiGHS branch-and-bound log line, as a short text;
/// `None` for any other line. The line reads `[src] nodes queue leaves explored% bound
/// incumbent gap% cuts inlp conflicts lp-iterations time`.
fn progress(line: &str) -> Option<String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let at = tokens.iter().position(|t| t.ends_with('%'))?;
    let (bound, incumbent, gap) = (
        tokens.get(at + 1)?,
        tokens.get(at + 2)?,
        tokens.get(at + 3)?,
    );
    let time = tokens.last()?.strip_suffix('s')?;
    let number = |t: &str| t.parse::<f64>().is_ok() || t.ends_with("inf");
    if !number(bound) || !number(incumbent) || !(gap.ends_with('%') || *gap == "inf") {
        return None;
    }
    time.parse::<f64>().ok()?;
    Some(format!(
        "{incumbent} (bound {bound}, gap {gap}) at {time} s in HiGHS"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::{constraint, variable, variables};

    fn limits() -> Limits {
        Limits {
            time_limit_s: 10.0,
            mip_gap: 0.0,
            threads: 1,
            seed: 1,
            verbose: false,
        }
    }

    /// `a, b` in `0..=3` with `2a + 2b <= 7` and `a - b <= 1`.
    fn knapsack() -> (ProblemVariables, Variable, Variable, Vec<Constraint>) {
        variables! { vars: 0 <= a (integer) <= 3; 0 <= b (integer) <= 3; }
        let rows = vec![constraint!(2 * a + 2 * b <= 7), constraint!(a - b <= 1)];
        (vars, a, b, rows)
    }

    #[test]
    fn progress_lines_of_the_log_are_read_and_others_are_not() {
        let line = " T       0       0         0   0.00%   180             173                3.89%        0      0      0        88     0.1s";
        assert_eq!(
            progress(line).as_deref(),
            Some("173 (bound 180, gap 3.89%) at 0.1 s in HiGHS")
        );
        let none = "         0       0         0   0.00%   180             -inf                 inf        0      0      0         0     0.0s";
        assert_eq!(
            progress(none).as_deref(),
            Some("-inf (bound 180, gap inf) at 0.0 s in HiGHS")
        );
        assert_eq!(progress("Presolving model"), None);
        assert_eq!(progress("  Dual bound    180.00%  nothing"), None);
    }

    #[test]
    fn a_watched_run_reports_and_ends() {
        let lines = std::sync::Mutex::new(Vec::new());
        let watch = |l: &str| lines.lock().unwrap().push(l.to_owned());
        let (vars, a, b, rows) = knapsack();
        let r = solve(
            vars,
            Sense::Max,
            3 * a + 2 * b,
            rows,
            None,
            &limits(),
            Some(&watch),
        )
        .unwrap();
        assert!((r.objective - 8.0).abs() < 1e-6);
        // Every reported line is a progress line (HiGHS may solve this in presolve, with none).
        assert!(lines.lock().unwrap().iter().all(|l| l.contains("in HiGHS")));
    }

    #[test]
    fn a_small_knapsack_is_proven_with_its_bound() {
        let (vars, a, b, rows) = knapsack();
        let r = solve(vars, Sense::Max, 3 * a + 2 * b, rows, None, &limits(), None).unwrap();
        // a + b <= 3 and a <= b + 1: best is a = 2, b = 1 (8).
        assert_eq!((r.int(a), r.int(b)), (2, 1));
        assert!((r.objective - 8.0).abs() < 1e-6 && (r.bound - 8.0).abs() < 1e-6 && r.gap == 0.0);
        assert_eq!(r.status, MipStatus::Optimal);
    }

    /// Minimise an integer `x` in `0..=max` with `x >= 2`, from `warm` if given.
    fn at_least_two(max: i32, warm: Option<&[f64]>) -> (Result<MipResult>, Variable) {
        let mut vars = variables!();
        let x = vars.add(variable().integer().min(0).max(max));
        let r = solve(
            vars,
            Sense::Min,
            x.into(),
            vec![constraint!(x >= 2)],
            warm,
            &limits(),
            None,
        );
        (r, x)
    }

    #[test]
    fn a_warm_start_is_accepted_and_infeasible_models_are_errors() {
        let (r, x) = at_least_two(5, Some(&[4.0]));
        assert_eq!(r.unwrap().int(x), 2);
        let (r, _) = at_least_two(1, None);
        let e = r.unwrap_err();
        assert!(e.to_string().contains("no feasible"), "{e}");
    }
}
