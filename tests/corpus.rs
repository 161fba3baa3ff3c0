//! Agreement with the Kubernetes v1.36.2 API server on the shared corpus of real manifests.
//!
//! Runs the analysis over `../shared/corpus`, writes the `reference` TSV and scores it with the
//! corpus' own tool (`../shared/tools/corpus-agreement`). The figures are printed; the test fails
//! below the floors. Without the shared folder (a clone on its own) the test says so and passes,
//! except under `CI=true`, where it fails. Pod Security admission is scored the same way against
//! `corpus/pod-security/`.
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use podscope::analyze::analyze;
use podscope::podsecurity::Level;
use podscope::render;
use podscope::validate::Options;

/// Floors just under what is measured (verdict, errors, messages and warnings all 100.0%,
/// the same with each Pod Security level), so a regression fails.
const MIN_VERDICT: f64 = 100.0;
const MIN_ERRORS: f64 = 99.5;
const MIN_MESSAGES: f64 = 99.5;
const MIN_WARNINGS: f64 = 100.0;

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

/// The shared corpus and its scoring tool, or `None` (with a note) when this clone stands alone.
/// Under `CI=true` their absence fails: CI always has them beside the repository.
fn shared() -> Option<(PathBuf, PathBuf)> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let corpus = shared.join("corpus");
    let tool = shared.join("tools/corpus-agreement");
    if corpus.is_dir() && tool.is_file() {
        return Some((corpus, tool));
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is not here: the corpus agreement cannot be measured",
        corpus.display()
    );
    println!(
        "corpus agreement skipped: {} is not here (it sits beside the repository in CI)",
        corpus.display()
    );
    None
}

/// Analyses every corpus file with `options`, scores the reference TSV against `verdicts`, and
/// checks the floors.
fn score(corpus: &Path, tool: &Path, options: &Options, verdicts: Option<&Path>, label: &str) {
    let mut files = Vec::new();
    walk(corpus, &mut files);
    let mut tsv = String::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8(bytes).unwrap_or_else(|_| "\0".into());
        let relative = file
            .strip_prefix(corpus)
            .unwrap()
            .to_string_lossy()
            .to_string();
        tsv.push_str(&render::reference_lines(
            &relative,
            &analyze(&text, options),
        ));
    }
    let mut command = Command::new("python3");
    command.arg(tool).args(["-", "--show", "25"]);
    if let Some(verdicts) = verdicts {
        command.arg("--verdicts").arg(verdicts);
    }
    let mut child = command
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
    eprintln!("corpus agreement ({label}): {summary}");
    for (name, floor) in [
        ("verdict", MIN_VERDICT),
        ("errors", MIN_ERRORS),
        ("messages", MIN_MESSAGES),
        ("warnings", MIN_WARNINGS),
    ] {
        let value = figure(name);
        assert!(
            value >= floor,
            "{label}: {name} agreement {value}% is below {floor}%"
        );
    }
}

#[test]
fn agrees_with_the_api_server() {
    let Some((corpus, tool)) = shared() else {
        return;
    };
    score(&corpus, &tool, &Options::default(), None, "API server");
}

#[test]
fn agrees_with_pod_security_admission() {
    let Some((corpus, tool)) = shared() else {
        return;
    };
    for level in [Level::Baseline, Level::Restricted] {
        let verdicts = corpus.join(format!(
            "pod-security/apiserver-verdicts-{}.tsv",
            level.as_str()
        ));
        assert!(verdicts.is_file(), "{} is missing", verdicts.display());
        let options = Options {
            pod_security: level,
            ..Options::default()
        };
        score(
            &corpus,
            &tool,
            &options,
            Some(&verdicts),
            &format!("Pod Security {}", level.as_str()),
        );
    }
}
