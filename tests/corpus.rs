//! Agreement with the Kubernetes v1.36.2 API server on the shared corpus of real manifests.
//!
//! Runs the analysis over `../shared/corpus`, writes the `reference` TSV and scores it with the
//! corpus' own tool (`../shared/tools/corpus-agreement`). The figures are printed; the test fails
//! below the thresholds. Without the shared folder (a clone on its own) the test says so and passes.
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use podscope::analyze::analyze;
use podscope::render;
use podscope::validate::Options;

/// The goal (issue #2): the same valid/invalid verdict as the API server on 99% of documents,
/// and the same multiset of (field path, error type) on 95%.
const GOAL_VERDICT: f64 = 99.0;
const GOAL_ERRORS: f64 = 95.0;
/// The test fails below the goal.
const MIN_VERDICT: f64 = GOAL_VERDICT;
const MIN_ERRORS: f64 = GOAL_ERRORS;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

#[test]
fn agrees_with_the_api_server() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let corpus = shared.join("corpus");
    let tool = shared.join("tools/corpus-agreement");
    if !corpus.is_dir() || !tool.is_file() {
        println!(
            "corpus agreement skipped: {} is not here (it sits beside the repository in CI)",
            corpus.display()
        );
        return;
    }
    let mut files = Vec::new();
    walk(&corpus, &mut files);
    let options = Options::default();
    let mut tsv = String::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8(bytes).unwrap_or_else(|_| "\0".into());
        let relative = file
            .strip_prefix(&corpus)
            .unwrap()
            .to_string_lossy()
            .to_string();
        tsv.push_str(&render::reference_lines(
            &relative,
            &analyze(&text, &options),
        ));
    }
    let mut child = Command::new("python3")
        .arg(&tool)
        .args(["-", "--show", "25"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs the corpus' agreement tool");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(tsv.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    let summary = report.lines().last().unwrap_or_default();
    let figure = |name: &str| -> f64 {
        let after = summary
            .split(&format!("{name} "))
            .nth(1)
            .unwrap_or_else(|| panic!("no {name} in {summary}"));
        after.split('%').next().unwrap().parse().unwrap()
    };
    let (verdict, errors) = (figure("verdict"), figure("errors"));
    eprintln!("corpus agreement: {summary} (goal: verdict {GOAL_VERDICT}%, errors {GOAL_ERRORS}%)");
    assert!(
        verdict >= MIN_VERDICT,
        "verdict agreement {verdict}% is below {MIN_VERDICT}%"
    );
    assert!(
        errors >= MIN_ERRORS,
        "error agreement {errors}% is below {MIN_ERRORS}%"
    );
}
