//! The solver on generated schools of growing size: building the block model apart from
//! solving it, the option blocks end to end with a short time limit, and the whole week on the
//! tiny fixture school: `cargo bench --bench blocks`.

// criterion_group! makes an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tailor::bench::{school, Case, Profile};
use tailor::{load, solve};

/// The generated GCSE school of `pupils` (seed 1) that the block benches share.
fn gcse(pupils: u32) -> tailor::scenario::Scenario {
    let case = Case {
        name: "gcse",
        profile: Profile::Gcse,
        pupils,
        seed: 1,
    };
    load::resolve(&school(&case))
        .expect("the bench school is valid")
        .scenario
}

fn model(c: &mut Criterion) {
    let mut group = c.benchmark_group("block model building");
    group.sample_size(10);
    for pupils in [200, 600, 1500] {
        let scenario = gcse(pupils);
        group.bench_with_input(BenchmarkId::new("build", pupils), &scenario, |b, s| {
            b.iter(|| solve::block_model_size(s));
        });
    }
    group.finish();
}

fn week(c: &mut Criterion) {
    let mut group = c.benchmark_group("week");
    group.sample_size(10);
    let tiny = load::load_dir(std::path::Path::new("tests/fixtures/tiny/scenario"))
        .expect("fixture")
        .scenario;
    let mut schools = vec![("tiny fixture".to_owned(), tiny)];
    for pupils in [100, 200] {
        let case = Case {
            name: "whole",
            profile: Profile::Whole,
            pupils,
            seed: 1,
        };
        let scenario = load::resolve(&school(&case))
            .expect("the bench school is valid")
            .scenario;
        schools.push((format!("whole-{pupils}"), scenario));
    }
    for (name, scenario) in &schools {
        let mut options = solve::Options::from_scenario(scenario);
        options.time_limit_s = 5.0;
        options.threads = 1;
        group.bench_with_input(BenchmarkId::new("solve", name), scenario, |b, s| {
            b.iter(|| solve::solve(s, &options).expect("solved"));
        });
    }
    group.finish();
}

fn blocks(c: &mut Criterion) {
    let mut group = c.benchmark_group("blocks");
    group.sample_size(10);
    for pupils in [100, 200, 400] {
        let scenario = gcse(pupils);
        let mut options = solve::Options::from_scenario(&scenario);
        options.time_limit_s = 5.0;
        options.threads = 1;
        group.bench_with_input(BenchmarkId::new("solve", pupils), &scenario, |b, s| {
            b.iter(|| solve::blocks(s, &options).expect("solved"));
        });
    }
    group.finish();
}

criterion_group!(benches, model, blocks, week);
criterion_main!(benches);
