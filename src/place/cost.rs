//! Soft costs: what one attendee's day costs (ITC2007 rules or the school's), and the ITC2007
//! figures of a whole placement.

use super::{Placement, Problem, SoftCost};

/// The three ITC2007 parts of one day of one attendee, from the bitmask of the periods they are
/// busy (bit `p` = period `p`): events in the last period, events third or later in an unbroken
/// run, and whether it is a day with exactly one event.
pub(crate) fn itc_day_parts(mask: u64, periods_per_day: usize) -> (u64, u64, u64) {
    if periods_per_day == 0 || mask == 0 {
        return (0, 0, 0);
    }
    let last = mask >> (periods_per_day - 1).min(63) & 1;
    let mut runs = 0;
    let mut run = 0;
    for p in 0..periods_per_day.min(64) {
        if mask >> p & 1 == 1 {
            run += 1;
            if run >= 3 {
                runs += 1;
            }
        } else {
            run = 0;
        }
    }
    let single = u64::from(mask.count_ones() == 1);
    (last, runs, single)
}

/// The cost of one attendee's day, looked up in a table when the day is short.
#[derive(Clone, Debug)]
pub(crate) struct DayCost {
    periods_per_day: usize,
    itc: bool,
    gaps: bool,
    table: Vec<u32>,
}

impl DayCost {
    /// The day cost for ITC2007 (`itc`) or the school (days with a single lesson).
    #[cfg(test)]
    pub(crate) fn new(periods_per_day: usize, itc: bool) -> Self {
        Self::with_gaps(periods_per_day, itc, false)
    }

    /// The school's day cost that also counts free periods between the first and last lesson
    /// (a single-lesson day weighs three gaps); `gaps` false: [`DayCost::new`].
    pub(crate) fn with_gaps(periods_per_day: usize, itc: bool, gaps: bool) -> Self {
        let mut d = Self {
            periods_per_day,
            itc,
            gaps: gaps && !itc,
            table: Vec::new(),
        };
        if periods_per_day <= 16 {
            d.table = (0..1u64 << periods_per_day).map(|m| d.compute(m)).collect();
        }
        d
    }

    fn compute(&self, mask: u64) -> u32 {
        let (last, runs, single) = itc_day_parts(mask, self.periods_per_day);
        if self.itc {
            (last + runs + single) as u32
        } else if self.gaps && mask != 0 {
            let span = 64 - mask.leading_zeros() - mask.trailing_zeros();
            3 * single as u32 + span - mask.count_ones()
        } else {
            single as u32
        }
    }

    /// The cost of a day whose busy periods are `mask`.
    #[inline]
    pub(crate) fn cost(&self, mask: u64) -> u32 {
        match self.table.get(mask as usize) {
            Some(&c) => c,
            None => self.compute(mask),
        }
    }
}

/// The ITC2007 soft cost of a placement, summed over attendance sets (times their count).
/// Periods past the 64th of a day are not counted.
pub fn soft_cost(problem: &Problem, placement: &Placement) -> SoftCost {
    let ppd = problem.periods_per_day.max(1);
    let mut out = SoftCost::default();
    for a in &problem.attendance {
        let mut days = vec![0u64; problem.days];
        for &e in &a.events {
            for s in placement.slots.get(e).into_iter().flatten() {
                let (d, p) = (s.0 as usize / ppd, s.0 as usize % ppd);
                if d < days.len() && p < 64 {
                    days[d] |= 1 << p;
                }
            }
        }
        for m in days {
            let (last, runs, single) = itc_day_parts(m, ppd);
            out.last_period += last * a.count;
            out.long_runs += runs * a.count;
            out.single_days += single * a.count;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_parts_follow_the_competition_rules() {
        // Periods 0,1,2,3 busy: a run of four costs 2; no last period; not single.
        assert_eq!(itc_day_parts(0b1111, 9), (0, 2, 0));
        // Only the last period: last 1, single 1.
        assert_eq!(itc_day_parts(1 << 8, 9), (1, 0, 1));
        // Two runs of three: 1 each.
        assert_eq!(itc_day_parts(0b111_0111, 9), (0, 2, 0));
        assert_eq!(itc_day_parts(0, 9), (0, 0, 0));
        let d = DayCost::new(9, true);
        assert_eq!(d.cost(0b1111), 2);
        assert_eq!(d.cost(1 << 8), 2);
        let school = DayCost::new(9, false);
        assert_eq!(school.cost(1 << 8), 1);
        assert_eq!(school.cost(0b1111), 0);
        // With gaps: periods 0 and 3 busy leave two gaps; a single lesson weighs three.
        let gaps = DayCost::with_gaps(9, false, true);
        assert_eq!(gaps.cost(0b1001), 2);
        assert_eq!(gaps.cost(1 << 4), 3);
        assert_eq!(gaps.cost(0), 0);
    }
}
