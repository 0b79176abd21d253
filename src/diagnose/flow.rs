//! Hall's condition by maximum flow: demands that can each be served by some supplies, and the
//! groups of demands whose supplies together cannot serve them. One small function so that a
//! shared matching routine can take its place.

use std::collections::VecDeque;

/// A group of demands that their supplies cannot serve: `need` > `have`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shortfall {
    /// Indices of the demands.
    pub demands: Vec<usize>,
    /// Indices of every supply any of them may use.
    pub supplies: Vec<usize>,
    /// What the demands need together.
    pub need: u64,
    /// What those supplies have together.
    pub have: u64,
}

/// Every group of demands (`amount`, the supplies it may use) whose supplies (their amounts in
/// `supplies`) hold less than they need together: Hall's condition, checked by a maximum flow.
/// The groups are the connected parts of the source side of a minimum cut; none when every
/// demand can be served.
pub(crate) fn shortfalls(demands: &[(u64, Vec<usize>)], supplies: &[u64]) -> Vec<Shortfall> {
    let total: u64 = demands.iter().map(|d| d.0).sum();
    if total == 0 {
        return Vec::new();
    }
    let n_d = demands.len();
    let source = n_d + supplies.len();
    let sink = source + 1;
    let mut g = Graph::new(sink + 1);
    for (i, (amount, uses)) in demands.iter().enumerate() {
        g.edge(source, i, *amount);
        for &s in uses {
            g.edge(i, n_d + s, u64::MAX / 4);
        }
    }
    for (s, &amount) in supplies.iter().enumerate() {
        g.edge(n_d + s, sink, amount);
    }
    let flow = g.max_flow(source, sink);
    if flow >= total {
        return Vec::new();
    }
    let side = g.reachable(source);
    // Connected parts of the source side: demands joined through shared supplies.
    let mut part: Vec<Option<usize>> = vec![None; n_d];
    let mut out = Vec::new();
    for start in 0..n_d {
        if !side[start] || part[start].is_some() {
            continue;
        }
        let id = out.len();
        let mut ds = vec![start];
        let mut ss: Vec<usize> = Vec::new();
        part[start] = Some(id);
        let mut i = 0;
        while i < ds.len() {
            let d = ds[i];
            i += 1;
            for &s in &demands[d].1 {
                if !ss.contains(&s) {
                    ss.push(s);
                    for (e, (_, uses)) in demands.iter().enumerate() {
                        if side[e] && part[e].is_none() && uses.contains(&s) {
                            part[e] = Some(id);
                            ds.push(e);
                        }
                    }
                }
            }
        }
        ds.sort_unstable();
        ss.sort_unstable();
        let need: u64 = ds.iter().map(|&d| demands[d].0).sum();
        let have: u64 = ss.iter().map(|&s| supplies[s]).sum();
        out.push(Shortfall {
            demands: ds,
            supplies: ss,
            need,
            have,
        });
    }
    out.retain(|s| s.need > s.have);
    out
}

/// A flow network (Dinic's algorithm).
struct Graph {
    head: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u64>,
}

impl Graph {
    fn new(n: usize) -> Self {
        Graph {
            head: vec![Vec::new(); n],
            to: Vec::new(),
            cap: Vec::new(),
        }
    }
    fn edge(&mut self, a: usize, b: usize, cap: u64) {
        self.head[a].push(self.to.len());
        self.to.push(b);
        self.cap.push(cap);
        self.head[b].push(self.to.len());
        self.to.push(a);
        self.cap.push(0);
    }
    fn levels(&self, s: usize) -> Vec<u32> {
        let mut level = vec![u32::MAX; self.head.len()];
        level[s] = 0;
        let mut q = VecDeque::from([s]);
        while let Some(v) = q.pop_front() {
            for &e in &self.head[v] {
                let w = self.to[e];
                if self.cap[e] > 0 && level[w] == u32::MAX {
                    level[w] = level[v] + 1;
                    q.push_back(w);
                }
            }
        }
        level
    }
    fn push(&mut self, v: usize, t: usize, f: u64, level: &[u32], next: &mut [usize]) -> u64 {
        if v == t {
            return f;
        }
        while next[v] < self.head[v].len() {
            let e = self.head[v][next[v]];
            let w = self.to[e];
            if self.cap[e] > 0 && level[w] == level[v] + 1 {
                let got = self.push(w, t, f.min(self.cap[e]), level, next);
                if got > 0 {
                    self.cap[e] -= got;
                    self.cap[e ^ 1] += got;
                    return got;
                }
            }
            next[v] += 1;
        }
        0
    }
    fn max_flow(&mut self, s: usize, t: usize) -> u64 {
        let mut flow = 0;
        loop {
            let level = self.levels(s);
            if level[t] == u32::MAX {
                return flow;
            }
            let mut next = vec![0; self.head.len()];
            loop {
                let f = self.push(s, t, u64::MAX, &level, &mut next);
                if f == 0 {
                    break;
                }
                flow += f;
            }
        }
    }
    fn reachable(&self, s: usize) -> Vec<bool> {
        self.levels(s).iter().map(|&l| l != u32::MAX).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enough_supply_is_no_shortfall() {
        let demands = [(3, vec![0, 1]), (2, vec![1])];
        assert!(shortfalls(&demands, &[2, 3]).is_empty());
    }

    #[test]
    fn the_group_short_of_supply_is_named_and_the_rest_is_not() {
        // Demands 0 and 1 share supply 0 (3) and need 5; demand 2 has its own supply.
        let demands = [(2, vec![0]), (3, vec![0]), (4, vec![1]), (1, vec![1, 2])];
        let s = shortfalls(&demands, &[3, 4, 9]);
        assert_eq!(
            s,
            [Shortfall {
                demands: vec![0, 1],
                supplies: vec![0],
                need: 5,
                have: 3
            }]
        );
    }

    #[test]
    fn a_shortfall_only_a_union_shows() {
        // Each demand alone fits its two supplies; all three together need 6 of 5.
        let demands = [(2, vec![0, 1]), (2, vec![1, 2]), (2, vec![0, 2])];
        let s = shortfalls(&demands, &[2, 2, 1]);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].need, s[0].have), (6, 5));
        assert_eq!(s[0].demands, [0, 1, 2]);
    }
}
