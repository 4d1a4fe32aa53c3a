//! In-process synthesis: the TweetBot, and synthetic apps of 10, 100 and 1,000 stacks (cost per
//! stack should stay flat: linear scaling). `cargo bench -p tweetbot-app --bench synth`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use tweetbot_app::{build, synthetic, Settings};

fn tweetbot(c: &mut Criterion) {
    let settings = Settings::default();
    c.bench_function("tweetbot/build+synth", |b| {
        b.iter(|| black_box(build(&settings).unwrap().synth().unwrap()))
    });
    let app = build(&settings).unwrap();
    c.bench_function("tweetbot/synth", |b| {
        b.iter(|| black_box(app.synth().unwrap()))
    });
}

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    for stacks in [10usize, 100, 1000] {
        group.throughput(Throughput::Elements(stacks as u64));
        group.bench_with_input(
            BenchmarkId::new("stacks_x10_resources", stacks),
            &stacks,
            |b, &n| b.iter(|| black_box(synthetic::app(n, 1).unwrap().synth().unwrap())),
        );
    }
    group.finish();
}

criterion_group!(benches, tweetbot, scale);
criterion_main!(benches);
