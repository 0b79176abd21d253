//! Times the checker on valid solutions of synthetic schools of 1,000, 10,000 and 100,000
//! pupils (`RAYON_NUM_THREADS` sets the threads).
// criterion_group! makes an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tailor::check::fixture::{simple_valid_solution, synthetic_school};
use tailor::check::{check, Mode};

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for pupils in [1_000, 10_000, 100_000] {
        // To time real schools, build the scenario with the generator instead:
        // tailor::load::resolve(&tailor::generate::generate(&GenerateOptions { pupils, seed: 1,
        // profile: Profile::Whole })).
        let raw = synthetic_school(pupils, 1);
        let scenario = tailor::load::resolve(&raw)
            .expect("a valid school")
            .scenario;
        let solution = simple_valid_solution(&scenario).expect("a valid week");
        assert!(check(&scenario, &solution, Mode::Full).is_empty());
        group.bench_with_input(BenchmarkId::from_parameter(pupils), &pupils, |b, _| {
            b.iter(|| check(&scenario, &solution, Mode::Full))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
