//! Latency of one call, natively, for comparison with the WebAssembly package in Node
//! (`benches/wasm.mjs` measures the same inputs there). `cargo bench --bench latency` prints the
//! median time to analyse (and draw, once diagrams exist) a typical pod, and a 1,000-line file of
//! many documents, as the JavaScript API does it: analysis plus the DTOs with their positions.

// The allocator the CLI runs with (see src/bin/podscope.rs), so that the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use podscope::analyze::analyze;
use podscope::api::AnalysisDto;
use podscope::diagram::{Format, RenderOptions, Theme, View};
use podscope::validate::Options;

fn median_of<F: FnMut()>(rounds: usize, mut f: F) -> Duration {
    for _ in 0..=rounds / 10 {
        f();
    }
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// The examples, cycled as documents of one file until it has at least 1,000 lines (as in wasm.mjs).
fn multi_document(examples: &[String]) -> String {
    let mut text = String::new();
    for example in examples.iter().cycle() {
        if text.lines().count() >= 1000 {
            break;
        }
        if !text.is_empty() {
            text.push_str("---\n");
        }
        text.push_str(example);
    }
    text
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    let pod = read("elastic-stack-sidecar.yaml");
    let examples: Vec<String> = [
        "elastic-stack-sidecar.yaml",
        "myapp-init-containers.yaml",
        "yellow-two-containers.yaml",
        "mistakes.yaml",
    ]
    .map(read)
    .to_vec();
    let multi = multi_document(&examples);
    let options = Options::default();
    let analyse = |text: &str| {
        let analysis = analyze(black_box(text), &options);
        black_box(AnalysisDto::new(text, &analysis));
    };
    let render = |text: &str| {
        let analysis = analyze(black_box(text), &options);
        let drawing = podscope::diagram::render(
            text,
            &analysis,
            &RenderOptions {
                document: None,
                view: View::Pod,
                format: Format::Svg,
                theme: Theme::Light,
            },
        );
        black_box(drawing).is_ok()
    };
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "typical pod ({} lines): analyze {:.0} µs",
        pod.lines().count(),
        micros(median_of(2000, || analyse(&pod)))
    );
    if render(&pod) {
        println!(
            "typical pod: analyze + render SVG {:.0} µs",
            micros(median_of(2000, || {
                render(&pod);
            }))
        );
    } else {
        println!("typical pod: render not available yet");
    }
    println!(
        "multi-document file ({} lines, {} documents): analyze {:.0} µs",
        multi.lines().count(),
        multi.matches("\n---\n").count() + 1,
        micros(median_of(200, || analyse(&multi)))
    );
}
