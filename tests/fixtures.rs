//! Snapshot tests: every manifest under `tests/fixtures/<area>/` and `examples/` is analysed and
//! the rendered report (exactly what `podscope check` prints) plus the API-server reference line
//! is compared with its reviewed snapshot in `tests/snapshots/`. A new case is a new fixture file.
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use podscope::analyze::analyze;
use podscope::render;
use podscope::validate::Options;

fn report(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    let analysis = analyze(&text, &Options::default());
    let name = path.file_name().unwrap().to_string_lossy();
    let mut out = render::text_report(&name, &text, &analysis.diagnostics, false);
    out.push_str("--- reference ---\n");
    out.push_str(&render::reference_lines(&name, &analysis));
    out
}

fn manifests(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
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

fn check_all(dir: &str, prefix: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = manifests(&root);
    assert!(!files.is_empty(), "no manifests under {dir}");
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let name = format!("{prefix}{relative}");
        insta::with_settings!({ input_file => &file, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, report(&file));
        });
    }
}

#[test]
fn fixtures() {
    check_all("tests/fixtures", "");
}

#[test]
fn examples() {
    check_all("examples", "examples__");
}
