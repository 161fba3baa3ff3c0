//! Bad input never crashes the graph or the diagrams: every pod of the fixtures and examples is
//! cut down line by line (a deterministic sample of truncations and deletions) and each result
//! is analysed and drawn in every view and format.
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use podscope::analyze::analyze;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::validate::Options;

fn draw_everything(text: &str) {
    let analysis = analyze(text, &Options::default());
    for document in analysis
        .documents
        .iter()
        .map(|d| Some(d.index))
        .chain([None])
    {
        for view in [View::Pod, View::Timeline] {
            for format in [Format::Svg, Format::Json, Format::Mermaid, Format::Dot] {
                let options = RenderOptions {
                    document,
                    view,
                    format,
                    theme: Theme::Light,
                };
                let _ = diagram::render(text, &analysis, &options);
            }
        }
    }
}

#[test]
fn damaged_manifests_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["tests/fixtures/graph", "tests/fixtures/graph/real"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.extend(
        std::fs::read_dir(root.join("examples"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    files.sort();
    let mut cases = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Every prefix and every single-line deletion, in steps to keep the test quick.
        let step = (lines.len() / 40).max(1);
        for cut in (0..lines.len()).step_by(step) {
            draw_everything(&lines[..cut].join("\n"));
            let mut without: Vec<&str> = lines.clone();
            without.remove(cut);
            draw_everything(&without.join("\n"));
            // A value replaced by an odd type.
            let odd = lines[cut].replacen(": ", ": [", 1);
            let mut changed = lines.clone();
            changed[cut] = &odd;
            draw_everything(&changed.join("\n"));
            cases += 3;
        }
    }
    println!("{cases} damaged manifests drawn");
}
