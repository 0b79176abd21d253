//! The `tailor` command line: parses arguments, calls the library, maps the outcome to an exit
//! status (0 success, 1 problems found, 2 input that cannot be read).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tailor::commands::{self, Outcome, Report};
use tailor::itc2007::cli as itc;

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
    /// Convert a benchmark instance to a scenario folder.
    #[command(subcommand)]
    Import(Import),
    /// Write a benchmark's solution format.
    #[command(subcommand)]
    Export(Export),
    /// Run a benchmark's public instances and print a table.
    #[command(subcommand)]
    Bench(Bench),
    /// ITC2007 track 2 tools.
    #[command(subcommand)]
    Itc2007(Itc2007),
}

/// Settings of a solving run.
#[derive(clap::Args)]
struct RunArgs {
    /// Wall-clock limit in seconds.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Seed of the heuristics.
    #[arg(long)]
    seed: Option<u64>,
    /// Threads for HiGHS.
    #[arg(long)]
    threads: Option<u32>,
}

impl RunArgs {
    fn settings(&self) -> tailor::itc2007::cli::RunSettings {
        tailor::itc2007::cli::RunSettings {
            time_limit_s: self.time_limit,
            seed: self.seed,
            threads: self.threads,
        }
    }
}

#[derive(Subcommand)]
enum Import {
    /// An ITC2007 track-2 `.tim` instance.
    Itc2007 {
        /// The `.tim` file.
        file: PathBuf,
        /// The scenario folder to write.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum Export {
    /// Timetable an imported ITC2007 scenario and write its `.sln`.
    Itc2007 {
        /// The scenario folder (all courses fixed).
        scenario: PathBuf,
        /// The `.sln` file to write.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        run: RunArgs,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// ITC2007 track 2, instances 1-16.
    Itc2007 {
        /// Instances to run, e.g. `1,2,5` (default all 16).
        #[arg(long, value_delimiter = ',', default_value = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", value_parser = clap::value_parser!(u32).range(1..=16))]
        instances: Vec<u32>,
        /// The folder of `comp-2007-2-N.tim` files.
        #[arg(long, default_value = "../shared/data/itc2007")]
        data: PathBuf,
        /// Write each solution as `comp-2007-2-N.sln` in this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        run: RunArgs,
    },
}

#[derive(Subcommand)]
enum Itc2007 {
    /// Evaluate a `.sln` by the competition rules.
    Evaluate {
        /// The `.tim` instance.
        tim: PathBuf,
        /// The `.sln` solution.
        sln: PathBuf,
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
        Command::Import(Import::Itc2007 { file, out: dir }) => {
            itc::import(&file, &dir, report, &mut out)
        }
        Command::Export(Export::Itc2007 {
            scenario,
            out: file,
            run,
        }) => itc::export(&scenario, &file, run.settings(), report, &mut out),
        Command::Bench(Bench::Itc2007 {
            instances,
            data,
            out: dir,
            run,
        }) => itc::bench(
            &data,
            &instances,
            run.settings(),
            dir.as_deref(),
            report,
            &mut out,
        ),
        Command::Itc2007(Itc2007::Evaluate { tim, sln }) => {
            itc::evaluate(&tim, &sln, report, &mut out)
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
