//! Decides which pupil takes which class: splits each group's counts back into individual
//! timetables (bipartite edge colouring, König), gives the best patterns to the pupils who rank
//! them highest, and splits the pupils of a course in a block evenly across its classes there.

use super::blocks::{Design, Input};
use crate::ids::*;

/// A proper edge colouring of a bipartite multigraph (courses x blocks) with `k` colours,
/// `k` at least the largest degree; colour classes are then balanced so none has more than
/// `cap` edges where the total allows it. Returns, per colour, its (course, block) edges.
pub(crate) fn colour(
    edges: &[(usize, usize)],
    left: usize,
    right: usize,
    k: usize,
    cap: usize,
) -> Vec<Vec<(usize, usize)>> {
    let mut l: Vec<Vec<Option<usize>>> = vec![vec![None; k]; left];
    let mut r: Vec<Vec<Option<usize>>> = vec![vec![None; k]; right];
    for &(u, v) in edges {
        let a = (0..k)
            .find(|&c| l[u][c].is_none())
            .expect("k is at least the degree");
        let b = (0..k)
            .find(|&c| r[v][c].is_none())
            .expect("k is at least the degree");
        if r[v][a].is_some() {
            // Flip the a/b path that starts at v; it cannot reach u (bipartite), so a frees at v.
            flip(&mut l, &mut r, v, a, b);
        }
        l[u][a] = Some(v);
        r[v][a] = Some(u);
    }
    // Balance colour classes: move an a/b path with more a-edges from a large class to a small.
    let size =
        |l: &Vec<Vec<Option<usize>>>, c: usize| l.iter().filter(|row| row[c].is_some()).count();
    for _ in 0..(k * k * 4 + 8) {
        let sizes: Vec<usize> = (0..k).map(|c| size(&l, c)).collect();
        let Some(a) = (0..k).filter(|&c| sizes[c] > cap).max_by_key(|&c| sizes[c]) else {
            break;
        };
        let Some(b) = (0..k).min_by_key(|&c| sizes[c]) else {
            break;
        };
        if sizes[b] + 1 >= sizes[a] {
            break;
        }
        // A maximal a/b path that starts with an a-edge at a vertex without b and has more
        // a-edges than b-edges exists since |a| > |b|; flipping it moves one edge from a to b.
        let candidates = (0..left)
            .filter(|&u| l[u][a].is_some() && l[u][b].is_none())
            .map(|u| (true, u));
        let candidates = candidates.chain(
            (0..right)
                .filter(|&v| r[v][a].is_some() && r[v][b].is_none())
                .map(|v| (false, v)),
        );
        let mut flipped = false;
        for (from_left, vertex) in candidates.collect::<Vec<_>>() {
            let path = trace(&l, &r, from_left, vertex, a, b);
            if path.iter().filter(|e| e.2 == a).count() > path.iter().filter(|e| e.2 == b).count() {
                swap(&mut l, &mut r, &path, a, b);
                flipped = true;
                break;
            }
        }
        if !flipped {
            break;
        }
    }
    (0..k)
        .map(|c| {
            l.iter()
                .enumerate()
                .filter_map(|(u, row)| row[c].map(|v| (u, v)))
                .collect()
        })
        .collect()
}

/// Swaps colours `a` and `b` along the alternating path that starts at right vertex `v` with
/// its `a` edge.
fn flip(l: &mut [Vec<Option<usize>>], r: &mut [Vec<Option<usize>>], v: usize, a: usize, b: usize) {
    let path = trace(l, r, false, v, a, b);
    swap(l, r, &path, a, b);
}

/// The alternating a/b path from `vertex` (left side when `from_left`), starting with colour a,
/// as (left, right, colour) edges.
fn trace(
    l: &[Vec<Option<usize>>],
    r: &[Vec<Option<usize>>],
    from_left: bool,
    vertex: usize,
    a: usize,
    b: usize,
) -> Vec<(usize, usize, usize)> {
    let mut path = Vec::new();
    let (mut at_left, mut vertex, mut c) = (from_left, vertex, a);
    loop {
        let next = if at_left { l[vertex][c] } else { r[vertex][c] };
        let Some(n) = next else { break };
        path.push(if at_left {
            (vertex, n, c)
        } else {
            (n, vertex, c)
        });
        at_left = !at_left;
        vertex = n;
        c = if c == a { b } else { a };
        if path.len() > l.len() + r.len() + 2 {
            break;
        }
    }
    path
}

fn swap(
    l: &mut [Vec<Option<usize>>],
    r: &mut [Vec<Option<usize>>],
    path: &[(usize, usize, usize)],
    a: usize,
    b: usize,
) {
    for &(u, v, c) in path {
        l[u][c] = None;
        r[v][c] = None;
    }
    for &(u, v, c) in path {
        let d = if c == a { b } else { a };
        l[u][d] = Some(v);
        r[v][d] = Some(u);
    }
}

/// The multigraph of a count matrix: `k` edges `(i, b)` where row `i` holds `k` in column `b`
/// (courses to blocks, for edge colouring).
fn edges_of(counts: &[Vec<u32>]) -> Vec<(usize, usize)> {
    counts
        .iter()
        .enumerate()
        .flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .flat_map(move |(b, &k)| std::iter::repeat_n((i, b), k as usize))
        })
        .collect()
}

/// Each pupil's option courses: `(course index, block)` pairs, per pupil of each group.
pub(crate) fn pupil_patterns(
    input: &Input,
    design: &Design,
    rank_weight: impl Fn(PupilId, usize) -> f64,
) -> Vec<(PupilId, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    for (g, grp) in input.groups.iter().enumerate() {
        let nb = input.blocks;
        let full = design.full[g] as usize;
        let rest = grp.pupils.len() - full;
        let mut patterns: Vec<Vec<(usize, usize)>> = Vec::new();
        if full > 0 {
            let edges = edges_of(&design.sat[g]);
            patterns.extend(colour(&edges, grp.main.len(), nb, full, grp.main.len()));
        }
        let mut rest_patterns = Vec::new();
        if rest > 0 {
            let courses: Vec<usize> = grp.courses().collect();
            let edges = edges_of(&design.rest[g]);
            rest_patterns = colour(&edges, courses.len(), nb, rest, grp.main.len());
        }
        // Patterns hold local indices; give the unsatisfied patterns to the pupils who value
        // them most (greedy on rank weights), the rest of the pupils get the full patterns.
        let courses: Vec<usize> = grp.courses().collect();
        let value = |p: PupilId, pat: &Vec<(usize, usize)>| -> f64 {
            pat.iter()
                .map(|&(i, _)| {
                    if i < grp.main.len() {
                        rank_weight(p, courses[i])
                    } else {
                        0.01
                    }
                })
                .sum()
        };
        let mut free: Vec<PupilId> = grp.pupils.clone();
        let mut order: Vec<usize> = (0..rest_patterns.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(rest_patterns[i].len()));
        for i in order {
            let pat = &rest_patterns[i];
            let (pos, _) = free
                .iter()
                .enumerate()
                .map(|(j, &p)| (j, value(p, pat)))
                .fold((0, f64::MIN), |best, x| if x.1 > best.1 { x } else { best });
            let p = free.remove(pos);
            out.push((p, pat.iter().map(|&(i, b)| (courses[i], b)).collect()));
        }
        for (p, pat) in free.into_iter().zip(patterns) {
            out.push((p, pat.into_iter().map(|(i, b)| (grp.main[i], b)).collect()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proper(colours: &[Vec<(usize, usize)>]) -> bool {
        colours.iter().all(|c| {
            let mut l: Vec<usize> = c.iter().map(|e| e.0).collect();
            let mut r: Vec<usize> = c.iter().map(|e| e.1).collect();
            l.sort();
            r.sort();
            let n = l.len();
            l.dedup();
            r.dedup();
            l.len() == n && r.len() == n
        })
    }

    #[test]
    fn a_regular_multigraph_splits_into_perfect_matchings() {
        // 3 courses x 3 blocks, each course twice, each block twice: 2 pupils each with all 3.
        let edges = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 0)];
        let c = colour(&edges, 3, 3, 2, 3);
        assert!(proper(&c));
        assert!(c.iter().all(|m| m.len() == 3));
    }

    #[test]
    fn colour_classes_are_balanced_to_the_cap() {
        // Four single edges on distinct vertices with 2 colours: 2 + 2, never 4 + 0.
        let edges = [(0, 0), (1, 1), (2, 2), (3, 3)];
        let c = colour(&edges, 4, 4, 2, 2);
        assert!(proper(&c));
        assert_eq!(c.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 2]);
    }

    #[test]
    fn multigraph_with_parallel_edges() {
        let edges = [(0, 0), (0, 0), (1, 1), (1, 0), (0, 1)];
        let c = colour(&edges, 2, 2, 3, 2);
        assert!(proper(&c));
        assert_eq!(c.iter().map(Vec::len).sum::<usize>(), 5);
    }
}
