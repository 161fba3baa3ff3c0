//! Throughput of the whole analysis versus the YAML parser alone, on one core.
//!
//! `cargo bench --bench analyze` prints documents per second and MB per second for
//! (a) 1,000 copies of a typical multi-container pod in one multi-document file and
//! (b) every manifest of `../shared/corpus` (when present). Each figure is the median of
//! several timed rounds after a warm-up.

// The allocator the CLI runs with (see src/bin/podscope.rs), so that the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use podscope::analyze::analyze;
use podscope::validate::Options;
use podscope::yaml;

const ROUNDS: usize = 15;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    f();
    let samples = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn parse_only(text: &str) -> usize {
    let split = yaml::split_documents(text);
    let mut nodes = 0;
    for chunk in split.chunks.iter().filter(|c| c.has_content) {
        let parsed = yaml::parse_document(text, chunk.span);
        nodes += parsed.root.map_or(0, |r| r.size());
    }
    nodes
}

/// The YAML parser's event stream alone (libyaml-safer), per document: no tree, no rules.
fn events_only(text: &str) -> usize {
    let split = yaml::split_documents(text);
    let mut events = 0;
    for chunk in split.chunks.iter().filter(|c| c.has_content) {
        let mut bytes = &text.as_bytes()[chunk.span.start()..chunk.span.end()];
        let mut parser = libyaml_safer::Parser::new();
        parser.set_input_string(&mut bytes);
        while let Ok(event) = parser.parse() {
            events += 1;
            if matches!(event.data, libyaml_safer::EventData::StreamEnd) {
                break;
            }
        }
    }
    events
}

fn report(label: &str, texts: &[String]) {
    let options = Options::default();
    let bytes: usize = texts.iter().map(String::len).sum();
    let documents: usize = texts
        .iter()
        .map(|t| {
            analyze(t, &options)
                .documents
                .iter()
                .filter(|d| !d.empty)
                .count()
        })
        .sum();
    let events = time(|| {
        for t in texts {
            black_box(events_only(black_box(t)));
        }
    });
    let parse = time(|| {
        for t in texts {
            black_box(parse_only(black_box(t)));
        }
    });
    let full = time(|| {
        for t in texts {
            black_box(analyze(black_box(t), &options));
        }
    });
    let per_sec = |d: Duration| documents as f64 / d.as_secs_f64();
    let mb_per_sec = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!(
        "{label}: {documents} documents, {:.2} MB",
        bytes as f64 / 1e6
    );
    println!(
        "  YAML events     : {:>10.0} documents/s  {:>7.1} MB/s  ({:?} per round)",
        per_sec(events),
        mb_per_sec(events),
        events
    );
    println!(
        "  YAML parse only : {:>10.0} documents/s  {:>7.1} MB/s  ({:?} per round)",
        per_sec(parse),
        mb_per_sec(parse),
        parse
    );
    println!(
        "  full analysis   : {:>10.0} documents/s  {:>7.1} MB/s  ({:?} per round)",
        per_sec(full),
        mb_per_sec(full),
        full
    );
    println!(
        "  analysis / parse: {:.2}x (analysis / YAML events: {:.2}x)",
        full.as_secs_f64() / parse.as_secs_f64(),
        full.as_secs_f64() / events.as_secs_f64()
    );
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pod = std::fs::read_to_string(root.join("examples/elastic-stack-sidecar.yaml")).unwrap();
    let many = vec![pod; 1000].join("---\n");
    report(
        "1,000 copies of the seed's elastic-stack pod, a 90-line `kubectl get` dump (one file)",
        &[many],
    );
    let authored = std::fs::read_to_string(root.join("benches/typical-pod.yaml")).unwrap();
    let many = vec![authored; 1000].join("---\n");
    report(
        "1,000 copies of a hand-written web + log-shipper pod, 40 lines (one file)",
        &[many],
    );
    let mut corpus = Vec::new();
    collect(&root.join("../shared/corpus"), &mut corpus);
    if corpus.is_empty() {
        println!("corpus: ../shared/corpus not present, skipped");
    } else {
        report(&format!("shared corpus ({} files)", corpus.len()), &corpus);
    }
}
