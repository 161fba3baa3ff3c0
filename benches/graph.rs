//! The pod graph and its diagram, per pod, on one core.
//!
//! `cargo bench --bench graph` prints, for the seed's elastic-stack pod (a typical
//! multi-container pod), a native-sidecar pod with references across documents, and the
//! 20-container, 30-volume fixture: the time to build the graph, to lay out the pod view, to
//! write the SVG, all three together (the goal is under 200 µs for a typical pod), the timeline
//! view, and what the `PS5xxx` checks add to a full analysis. Each figure is the median of many
//! timed runs after a warm-up.

// The allocator the CLI runs with (see src/bin/podscope.rs), so that the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use podscope::analyze::analyze;
use podscope::api::Positions;
use podscope::diagram::{self, Theme, View};
use podscope::graph;
use podscope::validate::{Options, RuleSetting};

/// Median time of one call, over `rounds` rounds of `batch` calls.
fn time<F: FnMut()>(rounds: usize, batch: usize, mut f: F) -> Duration {
    for _ in 0..batch {
        f();
    }
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed() / batch as u32
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(d: Duration) -> String {
    format!("{:>8.1} µs", d.as_secs_f64() * 1e6)
}

fn report(label: &str, text: &str, batch: usize) {
    let options = Options::default();
    let analysis = analyze(text, &options);
    let positions = Positions::new(text);
    let g = graph::graphs(&analysis).remove(0);
    let scene = diagram::scene_of(&g, &analysis, View::Pod);
    let rounds = 31;
    let build = time(rounds, batch, || {
        black_box(graph::graphs(black_box(&analysis)));
    });
    let layout = time(rounds, batch, || {
        black_box(diagram::scene_of(black_box(&g), &analysis, View::Pod));
    });
    let svg = time(rounds, batch, || {
        black_box(diagram::svg::write(
            black_box(&scene),
            Theme::Light,
            &positions,
        ));
    });
    let all = time(rounds, batch, || {
        let g = graph::graphs(black_box(&analysis)).remove(0);
        let scene = diagram::scene_of(&g, &analysis, View::Pod);
        black_box(diagram::svg::write(&scene, Theme::Light, &positions));
    });
    let timeline = time(rounds, batch, || {
        let g = graph::graphs(black_box(&analysis)).remove(0);
        let scene = diagram::scene_of(&g, &analysis, View::Timeline);
        black_box(diagram::svg::write(&scene, Theme::Light, &positions));
    });
    let checks = time(rounds, batch, || {
        black_box(graph::check(black_box(&analysis.documents), &options, None));
    });
    let mut off = Options::default();
    for rule in graph::RULES {
        off.rules.insert(rule.code.into(), RuleSetting::Off);
    }
    let analysis_with = time(rounds, batch, || {
        black_box(analyze(black_box(text), &options));
    });
    let analysis_without = time(rounds, batch, || {
        black_box(analyze(black_box(text), &off));
    });
    let svg_len = diagram::svg::write(&scene, Theme::Light, &positions).len();
    println!(
        "{label}: {} nodes, {} edges, SVG {:.1} KB",
        g.graph.node_count(),
        g.graph.edge_count(),
        svg_len as f64 / 1024.0
    );
    println!("  graph           {}", micros(build));
    println!("  pod layout      {}", micros(layout));
    println!("  SVG             {}", micros(svg));
    println!(
        "  graph+layout+SVG{}   (goal < 200 µs for a typical pod)",
        micros(all)
    );
    println!("  timeline (all)  {}", micros(timeline));
    println!(
        "  PS5xxx checks   {}   (analysis {} with them, {} with every PS5xxx rule off)",
        micros(checks),
        micros(analysis_with).trim(),
        micros(analysis_without).trim()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("fixture");
    report(
        "elastic-stack pod (seed example)",
        &read("examples/elastic-stack-sidecar.yaml"),
        200,
    );
    report(
        "native-sidecar pod with a ConfigMap",
        &read("tests/fixtures/graph/native-sidecar.yaml"),
        200,
    );
    report(
        "20 containers, 30 volumes",
        &read("tests/fixtures/graph/big.yaml"),
        10,
    );
}
