//! The integer program: which slots each event takes (x[e,s] binary), leaving out as little
//! weight as possible, with clique rows per slot, Hall-type room rows per slot and suitable-room
//! set, and ordering rows; rooms themselves are matched afterwards.

// Rows are built by slot and event index over several parallel tables.
#![allow(clippy::needless_range_loop)]

use good_lp::solvers::highs::{highs, HighsSolution};
use good_lp::{
    constraint, variable, variables, Constraint, Expression, ProblemVariables, Solution,
    SolutionStatus, SolverModel, Variable, WithInitialSolution,
};

use super::state::{Prep, State};

/// What the integer program found.
pub(crate) struct IpResult {
    /// Per event, the slots it takes.
    pub slots: Vec<Vec<usize>>,
    /// Whether HiGHS proved the result optimal (its left-out weight is then a lower bound for
    /// any placement).
    pub optimal: bool,
    /// The objective: the summed `item_w` of the meetings left out.
    pub objective: f64,
}

/// The cliques of the problem (attendance sets and given cliques) with those inside another
/// removed.
pub(crate) fn maximal_cliques(prep: &Prep) -> Vec<Vec<usize>> {
    let n = prep.p.events.len();
    let mut sets: Vec<Vec<usize>> = prep
        .p
        .attendance
        .iter()
        .map(|a| a.events.clone())
        .chain(prep.p.cliques.iter().cloned())
        .map(|mut c| {
            c.retain(|&e| e < n);
            c.sort_unstable();
            c.dedup();
            c
        })
        .filter(|c| c.len() > 1)
        .collect();
    sets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    sets.dedup();
    let mut kept: Vec<Vec<usize>> = Vec::new();
    let mut by_event: Vec<Vec<usize>> = vec![Vec::new(); n];
    for c in sets {
        let inside = by_event[c[0]].iter().any(|&k| {
            let big = &kept[k];
            c.iter().all(|e| big.binary_search(e).is_ok())
        });
        if !inside {
            for &e in &c {
                by_event[e].push(kept.len());
            }
            kept.push(c);
        }
    }
    kept
}

/// Minimises `objective` over `vars` subject to `rows` with HiGHS, starting from `initial`,
/// within `(seconds, threads, absolute gap)` (relative gap 0): the solution and whether it is
/// proven optimal within the gap. `None` when HiGHS finds nothing.
pub(crate) fn run_highs(
    vars: ProblemVariables,
    objective: Expression,
    rows: Vec<Constraint>,
    initial: Vec<(Variable, f64)>,
    (seconds, threads, abs_gap): (f64, u32, f64),
) -> Option<(HighsSolution, bool)> {
    let model = highs(vars.minimise(objective))
        .set_time_limit(seconds)
        .set_threads(threads.max(1))
        .set_option("mip_rel_gap", 0.0)
        .set_option("mip_abs_gap", abs_gap)
        .with_initial_solution(initial);
    let model = rows.into_iter().fold(model, |m, r| m.with(r));
    let sol = model.solve().ok()?;
    let optimal = matches!(
        sol.status(),
        SolutionStatus::Optimal | SolutionStatus::GapLimit
    );
    Some((sol, optimal))
}

/// Non-zeros the model would have, to decide whether it is worth building.
pub(crate) fn size(prep: &Prep) -> usize {
    let cliques: usize = maximal_cliques(prep)
        .iter()
        .map(|c| c.iter().map(|&e| prep.allowed[e].len()).sum::<usize>())
        .sum();
    let prec = prep.p.precedence.len() * prep.n_slots * prep.n_slots / 2;
    let vars: usize = prep.allowed.iter().map(Vec::len).sum();
    cliques + prec + vars * 3
}

/// Builds and solves the integer program within `time_limit` seconds, starting from `start`.
/// `None` when HiGHS finds nothing.
pub(crate) fn solve(prep: &Prep, start: &State, time_limit: f64, threads: u32) -> Option<IpResult> {
    let p = prep.p;
    let n = p.events.len();
    let mut vars = variables!();
    let mut x: Vec<Vec<Option<Variable>>> = vec![vec![None; prep.n_slots]; n];
    let mut out_vars: Vec<Variable> = Vec::with_capacity(n);
    let mut objective = Expression::default();
    for e in 0..n {
        for &s in &prep.allowed[e] {
            x[e][s] = Some(vars.add(variable().binary()));
        }
        let m = prep.ev_items[e].len() as f64;
        let u = vars.add(variable().integer().min(0).max(m));
        out_vars.push(u);
        let w = prep.ev_items[e].first().map_or(0, |&i| prep.item_w[i]);
        objective += (w as f64) * u;
    }
    let mut rows: Vec<Constraint> = Vec::new();
    for e in 0..n {
        let placed: Expression = x[e].iter().flatten().sum();
        rows.push(constraint!(
            placed + out_vars[e] == prep.ev_items[e].len() as f64
        ));
    }
    for c in maximal_cliques(prep) {
        for s in 0..prep.n_slots {
            let terms: Vec<Variable> = c.iter().filter_map(|&e| x[e][s]).collect();
            if terms.len() > 1 {
                let sum: Expression = terms.into_iter().sum();
                rows.push(constraint!(sum <= 1));
            }
        }
    }
    // Rooms: for every distinct suitable set U, the groups whose sets lie inside U fit in U.
    let mut sets: Vec<Vec<usize>> = prep
        .groups
        .iter()
        .flatten()
        .flatten()
        .map(|r| {
            let mut r = r.clone();
            r.sort_unstable();
            r
        })
        .collect();
    sets.sort();
    sets.dedup();
    let all_rooms: Vec<usize> = (0..prep.n_rooms).collect();
    if !sets.is_empty() && !sets.contains(&all_rooms) {
        sets.push(all_rooms);
    }
    let mut member = vec![false; prep.n_rooms];
    for u in &sets {
        member.iter_mut().for_each(|m| *m = false);
        u.iter().for_each(|&r| member[r] = true);
        let inside: Vec<(usize, f64)> = (0..n)
            .filter_map(|e| {
                let k = prep.groups[e]
                    .iter()
                    .flatten()
                    .filter(|g| g.iter().all(|&r| member[r]))
                    .count();
                (k > 0).then_some((e, k as f64))
            })
            .collect();
        for s in 0..prep.n_slots {
            let cap = u.iter().filter(|&&r| prep.room_free(r, s)).count() as f64;
            let terms: Vec<(Variable, f64)> = inside
                .iter()
                .filter_map(|&(e, k)| x[e][s].map(|v| (v, k)))
                .collect();
            if terms.iter().map(|t| t.1).sum::<f64>() > cap {
                let sum: Expression = terms.into_iter().map(|(v, k)| k * v).sum();
                rows.push(constraint!(sum <= cap));
            }
        }
    }
    // Ordering a before b: if b meets at t, a meets nowhere at t or later.
    for &(a, b) in &p.precedence {
        if a >= n || b >= n || a == b {
            continue;
        }
        let ma = prep.ev_items[a].len() as f64;
        for (t, xb) in x[b].iter().enumerate() {
            let Some(xb) = *xb else { continue };
            let later: Vec<Variable> = x[a][t..].iter().flatten().copied().collect();
            if !later.is_empty() {
                let sum: Expression = later.into_iter().sum();
                rows.push(constraint!(sum + ma * xb <= ma));
            }
        }
    }
    let mut initial: Vec<(Variable, f64)> = Vec::new();
    for e in 0..n {
        let mut placed = 0.0;
        for (s, v) in x[e].iter().enumerate() {
            let Some(v) = *v else { continue };
            let on = prep.ev_items[e]
                .iter()
                .any(|&i| start.slot_of[i] == Some(s));
            placed += f64::from(u8::from(on));
            initial.push((v, f64::from(u8::from(on))));
        }
        initial.push((out_vars[e], prep.ev_items[e].len() as f64 - placed));
    }
    let (sol, optimal) = run_highs(
        vars,
        objective.clone(),
        rows,
        initial,
        (time_limit.max(0.1), threads, 0.5),
    )?;
    let slots = x
        .iter()
        .map(|xe| {
            xe.iter()
                .enumerate()
                .filter(|(_, var)| var.is_some_and(|v| sol.value(v) > 0.5))
                .map(|(s, _)| s)
                .collect()
        })
        .collect();
    Some(IpResult {
        slots,
        optimal,
        objective: sol.eval(&objective),
    })
}
