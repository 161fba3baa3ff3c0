//! Time and peak memory on a generated family of hostile inputs (issue 13), at 1×, 10× and 100×.
//!
//! `cargo bench --bench hostile` (or `npm run bench:hostile`) prints, for each input of
//! `tests/support/hostile.rs` at 1,000, 10,000 and 100,000 repetitions: its size, the time to
//! analyse it, write the JSON report (as `podscope check --format json` does) and draw the first
//! pod as SVG, the peak memory this added, and both per MB of input. Each case runs in a child
//! process of its own (this binary, re-run with `--case NAME N`) so that its peak resident memory
//! (`VmHWM`) is its own, and a case over 120 s is stopped and reported as such. This is a
//! measurement, not a test: nothing here fails on a figure.

// The allocator the CLI runs with (see src/bin/podscope.rs), so that the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/hostile.rs"]
mod hostile;

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use podscope::analyze::analyze;
use podscope::api::AnalysisDto;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::validate::Options;

const SCALES: [usize; 3] = [1_000, 10_000, 100_000];
const TIMEOUT: Duration = Duration::from_secs(120);

/// A field of `/proc/self/status` in bytes (`VmHWM`, `VmRSS`); 0 where there is none.
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// In the child: one case, printed as `bytes seconds peak_bytes diagnostics`.
fn run_case(name: &str, n: usize) {
    let case = hostile::family(n)
        .into_iter()
        .find(|c| c.name == name)
        .expect("a case of the family");
    let text = case.text;
    let before = status_bytes("VmRSS");
    let start = Instant::now();
    let analysis = analyze(&text, &Options::default());
    let json = serde_json::to_string_pretty(&AnalysisDto::new(&text, &analysis)).expect("JSON");
    black_box(json.len());
    let svg = diagram::render(
        &text,
        &analysis,
        &RenderOptions {
            document: None,
            view: View::Pod,
            format: Format::Svg,
            theme: Theme::Light,
        },
    );
    black_box(svg.map(|s| s.len()).unwrap_or_default());
    let seconds = start.elapsed().as_secs_f64();
    let peak = status_bytes("VmHWM").saturating_sub(before);
    println!(
        "{} {seconds} {peak} {}",
        text.len(),
        analysis.diagnostics.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--case") {
        run_case(&args[1], args[2].parse().expect("a size"));
        return;
    }
    let exe = std::env::current_exe().expect("this binary");
    let names: Vec<&str> = hostile::family(1).iter().map(|c| c.name).collect();
    println!(
        "{:<18} {:>7} {:>9} {:>10} {:>10} {:>9} {:>10} {:>8}",
        "input", "n", "size MB", "time s", "s/MB", "peak MB", "MB/MB", "diags"
    );
    for name in names {
        for n in SCALES {
            let mut child = Command::new(&exe)
                .args(["--case", name, &n.to_string()])
                .stdout(Stdio::piped())
                .spawn()
                .expect("child");
            let start = Instant::now();
            while child.try_wait().expect("wait").is_none() && start.elapsed() < TIMEOUT {
                std::thread::sleep(Duration::from_millis(20));
            }
            if child.try_wait().expect("wait").is_none() {
                let _ = child.kill();
                let _ = child.wait();
                println!("{name:<18} {n:>7} stopped after {} s", TIMEOUT.as_secs());
                continue;
            }
            let out = child.wait_with_output().expect("output");
            let line = String::from_utf8_lossy(&out.stdout);
            let fields: Vec<f64> = line
                .split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect();
            let [bytes, seconds, peak, diagnostics] = fields[..] else {
                println!("{name:<18} {n:>7} failed: {}", out.status);
                continue;
            };
            let mb = bytes / 1e6;
            println!(
                "{name:<18} {n:>7} {mb:>9.3} {seconds:>10.3} {:>10.3} {:>9.1} {:>10.1} {diagnostics:>8}",
                seconds / mb,
                peak / 1e6,
                peak / 1e6 / mb,
            );
        }
    }
}
