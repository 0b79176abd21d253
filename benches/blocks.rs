//! Option blocks end to end (`solve::blocks`) on the bench schools of growing size, with a
//! short time limit: `cargo bench --bench blocks`.

// criterion_group! makes an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tailor::bench::{school, Case, Profile};
use tailor::{load, solve};

fn blocks(c: &mut Criterion) {
    let mut group = c.benchmark_group("blocks");
    group.sample_size(10);
    for pupils in [100, 200, 400] {
        let case = Case {
            name: "gcse",
            profile: Profile::Gcse,
            pupils,
            seed: 1,
        };
        let scenario = load::resolve(&school(&case))
            .expect("the bench school is valid")
            .scenario;
        let mut options = solve::Options::from_scenario(&scenario);
        options.time_limit_s = 5.0;
        options.threads = 1;
        group.bench_with_input(BenchmarkId::new("solve", pupils), &scenario, |b, s| {
            b.iter(|| solve::blocks(s, &options).expect("solved"));
        });
    }
    group.finish();
}

criterion_group!(benches, blocks);
criterion_main!(benches);
