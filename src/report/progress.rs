//! A one-line progress display on standard error: a spinner, the current stage, a message and
//! the elapsed time. It draws nothing when standard error is not a terminal (pipes, CI, tests)
//! or when the user asked for `--quiet`, so commands may call it unconditionally.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The progress line of a long command. Cheap to clone: clones share one line, so a stage may
/// hand it to worker threads.
#[derive(Clone, Debug)]
pub struct Progress {
    bar: ProgressBar,
    began: Instant,
}

impl Progress {
    /// A progress line on standard error, hidden when `quiet` or when standard error is not a
    /// terminal.
    pub fn new(quiet: bool) -> Self {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            // Hides itself when standard error is not a terminal.
            ProgressDrawTarget::stderr()
        };
        Self::with_target(target)
    }

    /// A progress line that never draws (for library callers and tests).
    pub fn hidden() -> Self {
        Self::with_target(ProgressDrawTarget::hidden())
    }

    fn with_target(target: ProgressDrawTarget) -> Self {
        let bar = ProgressBar::with_draw_target(None, target);
        let style =
            ProgressStyle::with_template("{spinner:.cyan} {prefix:.bold} {wide_msg} {elapsed:>4}")
                .expect("the progress template is valid")
                .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ");
        bar.set_style(style);
        if !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress {
            bar,
            began: Instant::now(),
        }
    }

    /// Whether nothing is drawn.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// Starts a stage: `name` shows in bold before the message, which is cleared. The stage
    /// before it, if any, is left as a line above with the time it ended at.
    pub fn stage(&self, name: &str) {
        let previous = self.bar.prefix();
        if !previous.is_empty() {
            self.bar.println(format!(
                "  {previous} done at {:.1} s",
                self.began.elapsed().as_secs_f64()
            ));
        }
        self.bar.set_prefix(name.to_owned());
        self.bar.set_message("");
    }

    /// Shows `text` after the stage name (e.g. the best objective so far).
    pub fn message(&self, text: &str) {
        self.bar.set_message(text.to_owned());
    }

    /// The name of the current stage (empty before the first).
    pub fn current_stage(&self) -> String {
        self.bar.prefix()
    }

    /// Time since the line was made.
    pub fn elapsed(&self) -> Duration {
        self.began.elapsed()
    }

    /// Removes the line: the command's own output follows on a clean terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_progress_is_hidden_and_still_tracks_stages() {
        let p = Progress::new(true);
        assert!(p.is_hidden());
        assert_eq!(p.current_stage(), "");
        p.stage("blocks");
        p.message("objective 41");
        assert_eq!(p.current_stage(), "blocks");
        p.stage("week");
        assert_eq!(p.current_stage(), "week");
        p.finish();
        assert!(Progress::hidden().is_hidden());
    }
}
