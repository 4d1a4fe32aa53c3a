//! Whole commands as a user runs them: `--help` and `synth` (writing `cdk.out/`) of the built
//! app, and the time and peak memory of synthesizing and writing 10 to 10,000 stacks × 10
//! resources, each in a process of its own.
//! `cargo bench -p tweetbot-app --bench command` (`SYNTH_SIZES=10000` for one size only).

use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn wall(args: &[&str], dir: &std::path::Path) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_tweetbot-app"))
                .args(args)
                .current_dir(dir)
                .output()
                .expect("the app runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[RUNS / 2])
}

fn main() {
    if let Ok(n) = std::env::var("SYNTH_STACKS") {
        // The child: synthesize and write, then exit; the parent reads its peak memory.
        let n: usize = n.parse().expect("a number of stacks");
        let started = Instant::now();
        // The app is dropped once synthesized, as the CLI needs only the assembly to write.
        let assembly = {
            let app = tweetbot_app::synthetic::app(n, 1).unwrap();
            if std::env::var_os("SHOW_PHASES").is_some() {
                eprintln!("built: {}", peak_kb());
            }
            app.synth().unwrap()
        };
        if std::env::var_os("SHOW_PHASES").is_some() {
            eprintln!("synthesized: {}", peak_kb());
        }
        // SYNTH_OUT=DIR keeps what was written, to look at.
        let dir = tempfile::tempdir().unwrap();
        let out =
            std::env::var_os("SYNTH_OUT").map_or_else(|| dir.path().to_path_buf(), Into::into);
        assembly.write_to(&out).unwrap();
        let took = started.elapsed().as_secs_f64() * 1000.0;
        if std::env::var_os("SHOW_PHASES").is_some() {
            eprintln!("written: {}", peak_kb());
        }
        println!("{took} {}", own_peak_kb());
        return;
    }
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` and `--list` only ask what is here.
    }
    let sizes: Vec<usize> = match std::env::var("SYNTH_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("SYNTH_SIZES: numbers of stacks"))
            .collect(),
        Err(_) => vec![10, 100, 1000, 10_000],
    };
    if std::env::var_os("SYNTH_SIZES").is_some() {
        synthetic(&sizes);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (min, median) = wall(&["--help"], dir.path());
    println!(
        "command/--help          min {:>7.2} ms  median {:>7.2} ms",
        ms(min),
        ms(median)
    );
    let (min, median) = wall(&["synth", "--quiet"], dir.path());
    println!(
        "command/synth           min {:>7.2} ms  median {:>7.2} ms",
        ms(min),
        ms(median)
    );
    synthetic(&sizes);
}

/// Each size in a process of its own: the time to build, synthesize and write, and the
/// process's own peak resident memory (VmHWM).
fn synthetic(sizes: &[usize]) {
    let me = std::env::current_exe().unwrap();
    for &n in sizes {
        let out = Command::new(&me)
            .env("SYNTH_STACKS", n.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut fields = stdout
            .split_whitespace()
            .map(|f| f.parse().unwrap_or(f64::NAN));
        let (took, peak_kb) = (
            fields.next().unwrap_or(f64::NAN),
            fields.next().unwrap_or(f64::NAN),
        );
        println!(
            "synthetic/{n:<6} stacks  synth+write {took:>9.1} ms  {:>7.3} ms/stack  peak RSS {:>7.1} MB  {:>6.1} KB/stack",
            took / n as f64,
            peak_kb / 1024.0,
            peak_kb / n as f64,
        );
    }
}

/// This process's peak resident memory, in KB (VmHWM).
fn own_peak_kb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN)
}

fn peak_kb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
