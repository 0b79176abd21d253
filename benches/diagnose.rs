//! Times `diagnose` on generated whole schools of 1,000 and 10,000 pupils (target: under a
//! second on 10,000), loading apart.
// criterion_group! makes an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tailor::diagnose::diagnose;
use tailor::generate::{generate, GenerateOptions, Profile};

fn bench_diagnose(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagnose");
    group.sample_size(10);
    for pupils in [1_000, 10_000] {
        let raw = generate(&GenerateOptions {
            pupils,
            seed: 1,
            profile: Profile::Whole,
            tight: false,
        });
        let scenario = tailor::load::resolve(&raw)
            .expect("a valid school")
            .scenario;
        assert!(!diagnose(&scenario).has_errors());
        group.bench_with_input(BenchmarkId::from_parameter(pupils), &pupils, |b, _| {
            b.iter(|| diagnose(&scenario))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_diagnose);
criterion_main!(benches);
