//! What the fixture tests share: finding the manifests and analysing one as `podscope check` does.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use podscope::analyze::{Analysis, analyze};
use podscope::validate::Options;

/// The folder of the fixtures, `tests/fixtures`.
pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every manifest (`.yaml`, `.yml`, `.json`) under `dir`, sorted.
pub fn manifests(dir: &Path) -> Vec<PathBuf> {
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

/// The options a fixture is analysed with: the defaults, except that the fixtures under
/// `tests/fixtures/lint/` run every best-practice check (`--profile all`).
pub fn options_for(path: &Path) -> Options {
    if path.starts_with(fixtures_root().join("lint")) {
        Options {
            profile: podscope::lint::Profile::All,
            ..Options::default()
        }
    } else {
        Options::default()
    }
}

/// A manifest's text and its analysis with its folder's options (as the snapshots are taken).
pub fn analyse(path: &Path) -> (String, Analysis) {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    let analysis = analyze(&text, &options_for(path));
    (text, analysis)
}
