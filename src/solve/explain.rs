//! Says why a main choice was not met, in words a timetabler can act on.

use crate::ids::*;
use crate::scenario::Scenario;

/// What the explanation needs to know about the final option classes.
pub(crate) struct Offer<'a> {
    /// The school.
    pub scenario: &'a Scenario,
    /// Number of blocks.
    pub blocks: usize,
    /// Per course, per block: the sizes of its classes there.
    pub sizes: &'a [Vec<Vec<u32>>],
    /// Option course ids, by index.
    pub courses: &'a [CourseId],
    /// Pupils who chose each course as a main choice.
    pub demand: &'a [u32],
    /// Whether another class of each course could have been staffed in some block.
    pub teacher_left: &'a [bool],
}

fn blocks_list(blocks: &[usize]) -> String {
    let names: Vec<String> = blocks.iter().map(|b| (b + 1).to_string()).collect();
    match names.len() {
        0 => String::new(),
        1 => format!("block {}", names[0]),
        n => format!("blocks {} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

impl Offer<'_> {
    /// Why the pupil whose option courses are `taken` ((course index, block)) misses `course`.
    pub fn reason(&self, course: usize, taken: &[(usize, usize)]) -> String {
        let s = self.scenario;
        let c = &s.courses[self.courses[course]];
        let running: Vec<usize> = (0..self.blocks)
            .filter(|&b| !self.sizes[course][b].is_empty())
            .collect();
        if running.is_empty() {
            return if self.demand[course] < c.min_size {
                format!(
                    "{} is not running: {} pupils chose it and a class needs at least {}",
                    c.name, self.demand[course], c.min_size
                )
            } else if c.max_classes == 0 {
                format!("{} is not running: max_classes is 0", c.name)
            } else if !self.teacher_left[course] {
                format!(
                    "{} is not running: no qualified teacher has a free block",
                    c.name
                )
            } else {
                format!("{} is not running: no block could take it without costing more pupils their choices", c.name)
            };
        }
        let mut clashes = Vec::new();
        let mut full = Vec::new();
        for &b in &running {
            match taken.iter().find(|&&(_, tb)| tb == b) {
                Some(&(other, _)) => clashes.push((b, s.courses[self.courses[other]].name.clone())),
                None => full.push(b),
            }
        }
        if full.is_empty() {
            let with: Vec<String> = clashes
                .iter()
                .map(|(b, n)| format!("{n} (block {})", b + 1))
                .collect();
            return format!(
                "{} runs only in {}, which clashes with {}",
                c.name,
                blocks_list(&running),
                with.join(" and ")
            );
        }
        let sizes: Vec<String> = full
            .iter()
            .map(|&b| {
                let z = &self.sizes[course][b];
                if z.iter().all(|&x| x == z[0]) {
                    format!("{} x {}", z.len(), z[0])
                } else {
                    z.iter().map(u32::to_string).collect::<Vec<_>>().join("+")
                }
            })
            .collect();
        let classes: u32 = self.sizes[course].iter().map(|v| v.len() as u32).sum();
        let why_not_more = if classes >= c.max_classes {
            format!("; max_classes {} reached", c.max_classes)
        } else if !self.teacher_left[course] {
            format!("; not enough teachers for another {} class", c.name)
        } else {
            String::new()
        };
        format!(
            "every {} class in {} is full ({}){}",
            c.name,
            blocks_list(&full),
            sizes.join(", "),
            why_not_more
        )
    }
}
