//! Layout quality on every pod we have: no two boxes or labels overlap, every chip and text
//! stays inside its box, and every diagram is well-formed XML with `data-id` on its node and
//! edge elements. Runs over `examples/`, `tests/fixtures/graph/` and, when present, the shared
//! corpus (`../shared/corpus`).
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use podscope::analyze::analyze;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::graph;
use podscope::validate::Options;

fn manifests(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Lays out and renders every pod of every file; returns the number of pods and the problems.
fn check_files(files: &[PathBuf]) -> (usize, Vec<String>) {
    let mut pods = 0;
    let mut problems = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let analysis = analyze(&text, &Options::default());
        for g in graph::graphs(&analysis) {
            pods += 1;
            for view in [View::Pod, View::Timeline] {
                let scene = diagram::scene_of(&g, &analysis, view);
                for p in scene.overlaps() {
                    problems.push(format!(
                        "{} doc {} {view:?}: {p}",
                        file.display(),
                        g.document
                    ));
                }
                let options = RenderOptions {
                    document: Some(g.document),
                    view,
                    format: Format::Svg,
                    theme: Theme::Dark,
                };
                let svg = diagram::render(&text, &analysis, &options).expect("renders");
                match roxmltree::Document::parse(&svg) {
                    Err(e) => problems.push(format!(
                        "{} doc {}: not XML: {e}",
                        file.display(),
                        g.document
                    )),
                    Ok(doc) => {
                        for node in doc.descendants().filter(|n| n.has_tag_name("g")) {
                            let class = node.attribute("class").unwrap_or("");
                            let stands_for_something = class.starts_with("node")
                                || (class.starts_with("edge")
                                    && node
                                        .parent()
                                        .is_some_and(|p| p.is_root() || p.has_tag_name("svg")));
                            if stands_for_something && node.attribute("data-id").is_none() {
                                problems.push(format!(
                                    "{} doc {}: <g class={class:?}> without data-id",
                                    file.display(),
                                    g.document
                                ));
                            }
                        }
                        if svg.contains("http://")
                            && svg.matches("http://").count()
                                != svg.matches("http://www.w3.org/2000/svg").count()
                        {
                            // Manifest text may contain URLs, but only inside text, never as links.
                            if doc.descendants().any(|n| {
                                n.attribute("href").is_some()
                                    || n.attribute(("http://www.w3.org/1999/xlink", "href"))
                                        .is_some()
                            }) {
                                problems.push(format!(
                                    "{} doc {}: has a link",
                                    file.display(),
                                    g.document
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    (pods, problems)
}

fn assert_clean(label: &str, files: &[PathBuf]) {
    let (pods, problems) = check_files(files);
    println!(
        "{label}: {pods} pods in {} files laid out and rendered",
        files.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn examples_and_fixtures_lay_out_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = manifests(&root.join("examples"));
    files.extend(manifests(&root.join("tests/fixtures/graph")));
    assert_clean("examples and fixtures", &files);
}

#[test]
fn corpus_lays_out_cleanly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is not here",
            corpus.display()
        );
        println!("skipped: {} is not there", corpus.display());
        return;
    }
    assert_clean("corpus", &manifests(&corpus));
}
