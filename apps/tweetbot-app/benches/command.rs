//! Whole commands as a user runs them: `--help` and `synth` (writing `cdk.out/`) of the built
//! app, and the peak memory of synthesizing 1,000 stacks × 10 resources.
//! `cargo bench -p tweetbot-app --bench command`.

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

/// Peak resident memory of the children waited for so far, in MB.
fn children_peak_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
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
        let dir = tempfile::tempdir().unwrap();
        assembly.write_to(dir.path()).unwrap();
        println!("{}", started.elapsed().as_secs_f64() * 1000.0);
        return;
    }
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` and `--list` only ask what is here.
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
    let me = std::env::current_exe().unwrap();
    for n in [10, 100, 1000] {
        let out = Command::new(&me)
            .env("SYNTH_STACKS", n.to_string())
            .output()
            .unwrap();
        let took: f64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(f64::NAN);
        println!(
            "synthetic/{n:<5} stacks  synth+write {took:>8.1} ms  peak RSS so far {:>6.1} MB",
            children_peak_mb()
        );
    }
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
