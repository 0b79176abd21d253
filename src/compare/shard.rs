//! Sharding a comparison over machines: shard `K/N` runs the variants whose index is `K-1`
//! modulo `N` (the base, index 0, belongs to shard 1 but every shard runs it so that its own
//! table has differences), and [`merge`] joins the shards' tables into the table one run makes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::table::Table;
use crate::error::{Error, Result};

/// Shard `k` of `n` (1-based), written `K/N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, 1 to `n`.
    pub k: u32,
    /// How many shards.
    pub n: u32,
}

impl Shard {
    /// The whole comparison as one shard.
    pub const ALL: Shard = Shard { k: 1, n: 1 };

    /// The shard that owns row `index` (0 is the base).
    pub fn owner(n: u32, index: usize) -> u32 {
        (index % n as usize) as u32 + 1
    }
    /// Whether this shard owns row `index`.
    pub fn owns(self, index: usize) -> bool {
        Self::owner(self.n, index) == self.k
    }
    /// Whether this shard runs row `index`: the rows it owns, and the base.
    pub fn runs(self, index: usize) -> bool {
        index == 0 || self.owns(index)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("expected K/N with 1 <= K <= N, found {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

/// Joins the tables of the shards of one sweep into the table of a single run: each row comes
/// from the shard that owns it. Every shard must be there once, all of the same sweep.
pub fn merge(tables: &[Table]) -> Result<Table> {
    let Some(first) = tables.first() else {
        return Err(Error::Usage("nothing to merge".into()));
    };
    let n = first.shard.unwrap_or(Shard::ALL).n;
    let mut seen = vec![false; n as usize];
    for t in tables {
        let shard = t.shard.unwrap_or(Shard::ALL);
        if t.names != first.names {
            return Err(Error::Usage(format!(
                "cannot merge tables of different sweeps: {} and {}",
                first.sweep, t.sweep
            )));
        }
        if shard.n != n {
            return Err(Error::Usage(format!(
                "cannot merge shard {shard} with shards of {n}"
            )));
        }
        if std::mem::replace(&mut seen[shard.k as usize - 1], true) {
            return Err(Error::Usage(format!("shard {shard} is given twice")));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| !seen[*k as usize - 1])
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "missing shards: {}",
            missing.join(", ")
        )));
    }
    let mut rows = Vec::new();
    for index in 0..first.names.len() {
        let owner = Shard::owner(n, index);
        let row = tables
            .iter()
            .filter(|t| t.shard.unwrap_or(Shard::ALL).k == owner)
            .flat_map(|t| &t.rows)
            .find(|r| r.index == index)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "shard {owner}/{n} has no row {index} ({})",
                    first.names[index]
                ))
            })?;
        rows.push(row.clone());
    }
    Ok(Table {
        sweep: first.sweep.clone(),
        names: first.names.clone(),
        shard: None,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        for n in 1..5u32 {
            for index in 0..20 {
                let owners = (1..=n).filter(|&k| Shard { k, n }.owns(index)).count();
                assert_eq!(owners, 1);
                assert!((1..=n).all(|k| Shard { k, n }.runs(0)));
            }
        }
    }
}
