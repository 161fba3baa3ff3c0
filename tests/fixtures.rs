//! Snapshot tests: every manifest under `tests/fixtures/<area>/` and `examples/` is analysed and
//! the rendered report (exactly what `podscope check` prints) plus the API-server reference line
//! is compared with its reviewed snapshot in `tests/snapshots/`. A new case is a new fixture file.
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;

use podscope::render;
use support::{analyse, manifests};

fn report(path: &Path) -> String {
    let (text, analysis) = analyse(path);
    let name = path.file_name().unwrap().to_string_lossy();
    let mut out = render::text_report(&name, &text, &analysis, false);
    out.push_str("--- reference ---\n");
    out.push_str(&render::reference_lines(&name, &analysis));
    out
}

/// Checks every fixture under `dir`, each on its own: a failing snapshot is reported and the rest
/// still run, and the test fails at the end naming every fixture that differs.
fn check_all(dir: &str, prefix: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = manifests(&root);
    assert!(!files.is_empty(), "no manifests under {dir}");
    let mut failed = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let name = format!("{prefix}{relative}");
        let checked = std::panic::catch_unwind(|| {
            insta::with_settings!({ input_file => &file, prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name.clone(), report(&file));
            });
        });
        if checked.is_err() {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "{} fixture snapshot(s) differ (see each diff above): {}",
        failed.len(),
        failed.join(", ")
    );
}

#[test]
fn fixtures() {
    check_all("tests/fixtures", "");
}

#[test]
fn examples() {
    check_all("examples", "examples__");
}
