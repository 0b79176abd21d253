//! The `tailor` command line: parses arguments, calls the library, maps the outcome to an exit
//! status (0 success, 1 problems found, 2 input that cannot be read).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tailor::commands::{self, Outcome, Report};

#[derive(Parser)]
#[command(
    version,
    about = "Personal timetables for every pupil: option blocks, sectioning, the week"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing but errors.
    #[arg(long, global = true)]
    quiet: bool,
    /// Print one JSON document for scripts.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Load a scenario folder and report every error and warning.
    Validate {
        /// The scenario folder.
        dir: PathBuf,
    },
    /// Compare variants of a scenario side by side (a sweep file), or merge shards' tables.
    Compare {
        /// The sweep file (not with --merge).
        #[arg(required_unless_present = "merge")]
        sweep: Option<PathBuf>,
        /// Join the comparisons in these folders (written with --shard) instead of running.
        #[arg(long, num_args = 1.., value_name = "DIR", conflicts_with_all = ["sweep", "shard", "time_limit", "threads"])]
        merge: Vec<PathBuf>,
        /// The folder to write the comparison to.
        #[arg(long)]
        out: PathBuf,
        /// Run only shard K of N (K/N): the variants whose index is K-1 modulo N, and the base.
        #[arg(long, value_name = "K/N")]
        shard: Option<tailor::compare::Shard>,
        /// Seconds each solve may take.
        #[arg(long, value_name = "S")]
        time_limit: Option<f64>,
        /// Threads in all, shared between variants and the solver.
        #[arg(long, value_name = "T")]
        threads: Option<u32>,
    },
    /// Solve schools of growing size and print seconds, gap and quality per stage.
    Bench {
        /// The suite: small, medium, large, blocks or check.
        spec: String,
        /// Seconds each solve may take.
        #[arg(long, value_name = "S")]
        time_limit: Option<f64>,
        /// Threads for the solver.
        #[arg(long, value_name = "T")]
        threads: Option<u32>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = Report {
        quiet: cli.quiet,
        json: cli.json,
    };
    let mut out = std::io::stdout().lock();
    let result = match cli.command {
        Command::Validate { dir } => commands::validate(&dir, report, &mut out),
        Command::Compare {
            sweep,
            merge,
            out: out_dir,
            shard,
            time_limit,
            threads,
        } => match sweep {
            Some(sweep) => commands::compare(
                &sweep,
                &out_dir,
                &tailor::compare::Settings {
                    shard,
                    time_limit_s: time_limit,
                    threads,
                },
                report,
                &mut out,
            ),
            None => commands::compare_merge(&merge, &out_dir, report, &mut out),
        },
        Command::Bench {
            spec,
            time_limit,
            threads,
        } => commands::bench(
            &spec,
            &tailor::bench::Settings {
                time_limit_s: time_limit,
                threads,
            },
            report,
            &mut out,
        ),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {:#}", anyhow::Error::from(e));
            ExitCode::from(2)
        }
    }
}
