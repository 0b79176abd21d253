//! The `tailor` command line: parses arguments, calls the library, maps the outcome to an exit
//! status (0 success, 1 problems found, 2 input that cannot be read).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tailor::commands::{self, Outcome, Report};
use tailor::generate::{GenerateOptions, Profile};

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
    /// Write a realistic generated school (seeded: the same seed gives the same files).
    Generate {
        /// The scenario folder to write (replaced if it exists).
        out: PathBuf,
        /// Number of pupils (the whole profile splits them half and half).
        #[arg(long, default_value_t = 600)]
        pupils: u32,
        /// Seed of the random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Which cohorts the school has.
        #[arg(long, value_enum, default_value_t = ProfileArg::Gcse)]
        profile: ProfileArg,
    },
    /// Check a solution folder against its scenario and list every broken rule.
    Check {
        /// The scenario folder.
        scenario: PathBuf,
        /// The solution folder.
        solution: PathBuf,
        /// Check the output of `tailor blocks` (no meetings): block, size, enrolment and
        /// staffing-per-block rules only.
        #[arg(long)]
        blocks_only: bool,
    },
}

/// `--profile` of `tailor generate`.
#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    /// A Year 10 GCSE options cohort.
    Gcse,
    /// A sixth form, Years 12 and 13.
    Sixthform,
    /// Both, half the pupils each.
    Whole,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Gcse => Profile::Gcse,
            ProfileArg::Sixthform => Profile::Sixthform,
            ProfileArg::Whole => Profile::Whole,
        }
    }
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
        Command::Generate {
            out: dir,
            pupils,
            seed,
            profile,
        } => tailor::generate::run(
            &dir,
            &GenerateOptions {
                pupils,
                seed,
                profile: profile.into(),
            },
            report,
            &mut out,
        ),
        Command::Check {
            scenario,
            solution,
            blocks_only,
        } => {
            let mode = if blocks_only {
                tailor::check::Mode::BlocksOnly
            } else {
                tailor::check::Mode::Full
            };
            commands::check(&scenario, &solution, mode, report, &mut out)
        }
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
