//! The `tailor` command line: parses arguments, calls the library, maps the outcome to an exit
//! status (0 success, 1 problems found, 2 input that cannot be read).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tailor::cli::itc2007 as itc;
use tailor::cli::{self as commands, Outcome, Report, SolveArgs};
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
    /// What makes a complete timetable impossible (errors) or unlikely (warnings), with the
    /// numbers and the smallest fix.
    Diagnose {
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
        /// As tight as a real school: Year 10 taught every slot of the week (core PE and RE
        /// fill it), no spare labs, part-time teachers of core subjects.
        #[arg(long)]
        tight: bool,
    },
    /// Design the option blocks and put pupils into classes.
    Blocks {
        #[command(flatten)]
        run: RunArgs,
        /// Pin courses to blocks: a CSV of `course,block[,classes]`.
        #[arg(long)]
        fix: Option<PathBuf>,
        /// Evaluate and section a hand-made design: a CSV of `block,course,classes`.
        #[arg(long)]
        evaluate: Option<PathBuf>,
    },
    /// The whole week: blocks, core sets, lectures, tutorials, staff, rooms and slots.
    Solve {
        #[command(flatten)]
        run: RunArgs,
        /// Pin courses to blocks: a CSV of `course,block[,classes]`.
        #[arg(long)]
        fix: Option<PathBuf>,
    },
    /// Re-solve a published timetable with the fewest changes (new choices, pupils, staff or
    /// rooms in SCENARIO; the old solution in --from).
    Resolve {
        #[command(flatten)]
        run: RunArgs,
        /// The old (published) solution folder.
        #[arg(long)]
        from: PathBuf,
        /// Let the option blocks change too (classes of a fresh design may open).
        #[arg(long)]
        free_blocks: bool,
        /// At most this many pupils whose classes change, in all.
        #[arg(long, value_name = "N")]
        max_changes: Option<u32>,
        /// At most this many classes changed for any one pupil.
        #[arg(long, value_name = "K")]
        max_changes_per_pupil: Option<u32>,
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
        /// A re-solve: also check that its changes.csv is exactly the difference from this old
        /// solution folder, and that its limits and the scenario's locks.csv hold.
        #[arg(long, value_name = "OLD", conflicts_with = "blocks_only")]
        against: Option<PathBuf>,
    },
    /// Show one person's week as a grid.
    Show {
        /// The solution folder.
        solution: PathBuf,
        /// The scenario folder (default: the one the solution was solved from).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// A pupil id.
        #[arg(long, group = "who")]
        pupil: Option<String>,
        /// A staff id.
        #[arg(long, group = "who")]
        staff: Option<String>,
        /// A room id.
        #[arg(long, group = "who")]
        room: Option<String>,
        /// A re-solve: mark what changed from the old solution (a pupil's changes.csv rows).
        #[arg(long)]
        changes: bool,
    },
    /// Convert a benchmark instance to a scenario folder.
    #[command(subcommand)]
    Import(Import),
    /// Write a benchmark's solution format.
    #[command(subcommand)]
    Export(Export),
    /// Run a benchmark suite and print a table: small, medium, large, blocks, check (generated
    /// schools), resolve (generated schools of 300 and 1,200 solved, changed the four ways of a
    /// year and re-solved, against fresh solves; the old solve gets four times the limit, at
    /// least 120 s) or itc2007 (the public ITC2007 track-2 instances).
    Bench {
        /// The suite.
        spec: String,
        /// ITC2007 instances to run, e.g. `1,2,5` (default all 16).
        #[arg(long, value_delimiter = ',', default_value = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", value_parser = clap::value_parser!(u32).range(1..=16))]
        instances: Vec<u32>,
        /// The folder of `comp-2007-2-N.tim` files.
        #[arg(long, default_value = "../shared/data/itc2007")]
        data: PathBuf,
        /// Write each ITC2007 solution as `comp-2007-2-N.sln` in this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        run: BenchArgs,
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
    /// ITC2007 track 2 tools.
    #[command(subcommand)]
    Itc2007(Itc2007),
}

/// The scenario, output folder and solver settings of a solving command.
#[derive(Args)]
struct RunArgs {
    /// The scenario folder.
    scenario: PathBuf,
    /// The solution folder to write (replaced if it exists).
    #[arg(long)]
    out: PathBuf,
    /// Wall-clock limit in seconds (default: school.toml [solve] time_limit_s, else 60).
    #[arg(long)]
    time_limit: Option<f64>,
    /// Relative MIP gap at which HiGHS may stop.
    #[arg(long)]
    mip_gap: Option<f64>,
    /// Threads for HiGHS and the parallel stages.
    #[arg(long)]
    threads: Option<u32>,
    /// Seed of the heuristics.
    #[arg(long)]
    seed: Option<u64>,
    /// Show HiGHS's log.
    #[arg(long)]
    verbose: bool,
}

impl RunArgs {
    fn into_solve(self, fix: Option<PathBuf>, evaluate: Option<PathBuf>) -> SolveArgs {
        SolveArgs {
            scenario: self.scenario,
            out: self.out,
            time_limit_s: self.time_limit,
            mip_gap: self.mip_gap,
            threads: self.threads,
            seed: self.seed,
            verbose: self.verbose,
            fix,
            evaluate,
        }
    }
}

/// Settings of a benchmark run.
#[derive(Args)]
struct BenchArgs {
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

impl BenchArgs {
    fn settings(&self) -> itc::RunSettings {
        itc::RunSettings {
            time_limit_s: self.time_limit,
            seed: self.seed,
            threads: self.threads,
        }
    }
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
    /// An English 11-18 school: Years 7-9 core, Year 10 options, Year 11 given, sixth form.
    School,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Gcse => Profile::Gcse,
            ProfileArg::Sixthform => Profile::Sixthform,
            ProfileArg::Whole => Profile::Whole,
            ProfileArg::School => Profile::School,
        }
    }
}

#[derive(Subcommand)]
enum Import {
    /// A FET `.fet` file (FET 5 or 6): a scenario folder with `IMPORT.md`, the account of every
    /// constraint.
    Fet {
        /// The `.fet` file.
        file: PathBuf,
        /// The scenario folder to write.
        #[arg(long)]
        out: PathBuf,
    },
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
    /// Write a solution of a scenario imported from FET back as the FET file with every
    /// activity's time and room locked, and FET's CSV timetable (`FILE_timetable.csv`).
    Fet {
        /// The solution folder.
        solution: PathBuf,
        /// The `.fet` file to write.
        #[arg(long)]
        out: PathBuf,
        /// The scenario folder it solved (default: the one its summary.json names).
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Write the `.sln` of a solution folder solved from an imported ITC2007 instance (or of a
    /// scenario folder, timetabled first).
    Itc2007 {
        /// The solution folder, or the scenario folder (all courses fixed).
        scenario: PathBuf,
        /// The `.sln` file to write.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        run: BenchArgs,
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
        Command::Diagnose { dir } => commands::diagnose(&dir, report, &mut out),
        Command::Generate {
            out: dir,
            pupils,
            seed,
            profile,
            tight,
        } => commands::generate(
            &dir,
            &GenerateOptions {
                pupils,
                seed,
                profile: profile.into(),
                tight,
            },
            report,
            &mut out,
        ),
        Command::Blocks { run, fix, evaluate } => {
            commands::blocks(&run.into_solve(fix, evaluate), report, &mut out)
        }
        Command::Solve { run, fix } => {
            commands::solve(&run.into_solve(fix, None), report, &mut out)
        }
        Command::Resolve {
            run,
            from,
            free_blocks,
            max_changes,
            max_changes_per_pupil,
        } => commands::resolve::resolve(
            &commands::resolve::ResolveArgs {
                run: run.into_solve(None, None),
                from,
                free_blocks,
                limits: tailor::solution::changes::Limits {
                    max_changes,
                    max_changes_per_pupil,
                },
            },
            report,
            &mut out,
        ),
        Command::Check {
            scenario,
            solution,
            against: Some(old),
            ..
        } => commands::resolve::check_against(&scenario, &solution, &old, report, &mut out),
        Command::Check {
            scenario,
            solution,
            blocks_only,
            against: None,
        } => {
            let mode = if blocks_only {
                tailor::check::Mode::BlocksOnly
            } else {
                tailor::check::Mode::Full
            };
            commands::check(&scenario, &solution, mode, report, &mut out)
        }
        Command::Show {
            solution,
            scenario,
            pupil,
            staff,
            room,
            changes,
        } => {
            let who = match (pupil, staff, room) {
                (Some(p), _, _) => ("pupil", p),
                (_, Some(s), _) => ("staff", s),
                (_, _, Some(r)) => ("room", r),
                _ => ("pupil", String::new()),
            };
            let what = commands::Show {
                solution: &solution,
                scenario: scenario.as_deref(),
                who: (who.0, &who.1),
                changes,
            };
            commands::show(&what, report, &mut out)
        }
        Command::Import(Import::Fet { file, out: dir }) => {
            commands::fet::import(&file, &dir, report, &mut out)
        }
        Command::Import(Import::Itc2007 { file, out: dir }) => {
            itc::import(&file, &dir, report, &mut out)
        }
        Command::Export(Export::Fet {
            solution,
            out: file,
            scenario,
        }) => commands::fet::export(&solution, scenario.as_deref(), &file, report, &mut out),
        Command::Export(Export::Itc2007 {
            scenario,
            out: file,
            run,
        }) => itc::export(&scenario, &file, run.settings(), report, &mut out),
        Command::Bench {
            spec,
            instances,
            data,
            out: dir,
            run,
        } if spec == "itc2007" => itc::bench(
            &data,
            &instances,
            run.settings(),
            dir.as_deref(),
            report,
            &mut out,
        ),
        Command::Bench { spec, run, .. } => commands::bench(
            &spec,
            &tailor::bench::Settings {
                time_limit_s: run.time_limit,
                threads: run.threads,
            },
            report,
            &mut out,
        ),
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
        Command::Itc2007(Itc2007::Evaluate { tim, sln }) => {
            itc::evaluate(&tim, &sln, report, &mut out)
        }
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {}", anyhow::Error::from(e));
            ExitCode::from(2)
        }
    }
}
