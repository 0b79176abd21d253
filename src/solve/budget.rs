//! The time of a solve: one deadline, from which every stage takes its share of what is left.
//! A stage never gets more than the whole budget has left, so `time_limit_s` bounds the solve.

use std::time::{Duration, Instant};

/// A deadline in wall-clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Budget {
    deadline: Instant,
}

impl Budget {
    /// `seconds` from now (negative or not finite: none, or a very long time).
    pub fn new(seconds: f64) -> Self {
        let seconds = if seconds.is_finite() {
            seconds.clamp(0.0, 1e7)
        } else if seconds > 0.0 {
            1e7
        } else {
            0.0
        };
        Budget {
            deadline: Instant::now() + Duration::from_secs_f64(seconds),
        }
    }

    /// When the time is up.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Seconds left (0 when the time is up).
    pub fn left(&self) -> f64 {
        self.deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    }

    /// Whether less than `seconds` are left.
    pub fn below(&self, seconds: f64) -> bool {
        self.left() < seconds
    }

    /// A budget of `fraction` (0 to 1) of the time left now.
    pub fn share(&self, fraction: f64) -> Budget {
        let now = Instant::now();
        let left = self.deadline.saturating_duration_since(now);
        Budget {
            deadline: now + left.mul_f64(fraction.clamp(0.0, 1.0)),
        }
    }

    /// A budget of at most `seconds`, within this one.
    pub fn at_most(&self, seconds: f64) -> Budget {
        self.share(1.0).min(Budget::new(seconds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_never_outlast_the_whole() {
        let whole = Budget::new(10.0);
        let half = whole.share(0.5);
        assert!(half <= whole);
        assert!((4.9..=5.0).contains(&half.left()), "{}", half.left());
        assert!(whole.share(2.0) <= whole, "a share is at most all");
        assert!(whole.at_most(100.0) <= whole);
        assert!(whole.at_most(1.0).left() <= 1.0);
        assert_eq!(Budget::new(-1.0).left(), 0.0);
        assert!(Budget::new(0.0).below(0.1));
        assert!(Budget::new(f64::INFINITY).left() > 1e6);
    }
}
