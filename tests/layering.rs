//! The crate's modules depend one way: each top-level module of `src/` may import only the
//! modules below it in this order (bottom first), never one above it or a peer:
//!
//! 1. `source`: text, spans, line index, positions (line / UTF-16 column) for front ends
//! 2. `diagnostic`: `Rule`, `Severity`, `rule!`, `Diagnostic`, `Fix` (uses only `source::Span`)
//! 3. `yaml`: YAML and JSON to positioned trees, edits
//! 4. `compat`: Go and Kubernetes library behaviour (quantities, `strconv.Quote`, JSON strings,
//!    IP parsing); above `yaml` because a quantity is read from a node
//! 5. `options`: what the user chooses (`Options`, `RuleSetting`, `Level`, `Profile`)
//! 6. `input`: the rules of reading the input (`PS0xxx`)
//! 7. `document`: `Document`, `Verdict`, `Analysis` (plain data)
//! 8. `schema`: strict decoding
//! 9. `validate`: the API server's validation
//! 10. `podsecurity`: the PodSecurity admission plugin
//! 11. `lint`: best-practice checks (they read pods through `podsecurity`'s view)
//! 12. `graph`: the pod graph and its checks (`graph::check` takes documents)
//! 13. `rules`: the registry of every rule (imports each area's list; only the pipeline and the
//!     front ends import it)
//! 14. `analyze`: the pipeline that runs everything above on a text
//! 15. `config`: the `.podscope.yaml` file
//! 16. `diagram`: layout and rendering of the graph
//! 17. `render`: text, JSON and SARIF reports
//! 18. `api`: the DTOs of the CLI's JSON and the WebAssembly API
//! 19. `wasm`: the `#[wasm_bindgen]` binding
//! 20. `bin` (the CLI): may use everything
//!
//! What counts: every `crate::` (and `$crate::`) path in code, including `use crate::{a, b}`
//! groups. Comments (so rustdoc links) and unit tests (`#[cfg(test)]` items and `tests.rs`
//! files, which may drive the whole pipeline) are not dependencies. A new top-level module must
//! be placed in this list.

use std::collections::BTreeSet;
use std::path::Path;

const ORDER: &[&str] = &[
    "source",
    "diagnostic",
    "yaml",
    "compat",
    "options",
    "input",
    "document",
    "schema",
    "validate",
    "podsecurity",
    "lint",
    "graph",
    "rules",
    "analyze",
    "config",
    "diagram",
    "render",
    "api",
    "wasm",
    "bin",
];

/// The code of a file without comments and without `#[cfg(test)]` items.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skipping = false;
    let mut depth: i64 = 0;
    let mut opened = false;
    for (number, line) in text.lines().enumerate() {
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        if !skipping && code.trim() == "#[cfg(test)]" {
            skipping = true;
            depth = 0;
            opened = false;
            continue;
        }
        if skipping {
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            let done_block = opened && depth <= 0;
            let done_item = !opened && code.trim_end().ends_with(';');
            if done_block || done_item {
                skipping = false;
            }
            continue;
        }
        out.push((number + 1, code.to_string()));
    }
    out
}

/// The top-level modules named by `crate::` paths in `code`.
fn imported(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let start = from + at;
        from = start + "crate::".len();
        let before = start.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first segment of each item at depth 0.
            let mut depth = 0;
            let mut item_start = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !name.is_empty() {
                            found.insert(std::mem::take(&mut name));
                        }
                        item_start = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 && item_start {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                    } else if !name.is_empty() {
                        found.insert(std::mem::take(&mut name));
                        item_start = false;
                    }
                }
            }
            if !name.is_empty() {
                found.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// The top-level module a file of `src/` belongs to (`src/validate/meta.rs` → `validate`).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let first = first.as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    // Names a macro or the crate root defines (`crate::rule!`), not modules.
    let not_modules = ["rule"];
    let mut problems = Vec::new();
    let mut edges = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative == Path::new("lib.rs") || file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let module = module_of(relative);
        let Some(own) = rank(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` has no place in ORDER (tests/layering.rs)",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line_number, line) in code_lines(&text) {
            for target in imported(&line) {
                if target == module || not_modules.contains(&target.as_str()) {
                    continue;
                }
                edges.insert((module.clone(), target.clone()));
                match rank(&target) {
                    Some(theirs) if theirs < own => {}
                    Some(_) => problems.push(format!(
                        "src/{}:{line_number}: `{module}` imports `crate::{target}`, which is not below it",
                        relative.display(),
                    )),
                    None => problems.push(format!(
                        "src/{}: `crate::{target}` is not a module in ORDER (tests/layering.rs)",
                        relative.display()
                    )),
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
    // The test reads something: the pipeline's own imports are seen.
    assert!(edges.contains(&("analyze".to_string(), "validate".to_string())));
    assert!(edges.contains(&("validate".to_string(), "yaml".to_string())));
}

#[test]
fn parses_groups_and_skips_comments_and_tests() {
    let found = imported("use crate::{a::{b, c}, d, e::f as g};");
    assert_eq!(found, ["a", "d", "e"].map(String::from).into());
    assert_eq!(
        imported("x: $crate::diagnostic::Rule, notcrate::y"),
        ["diagnostic"].map(String::from).into()
    );
    let code = code_lines(
        "use crate::a;\n/// [`crate::b`]\n#[cfg(test)]\nmod tests {\n    use crate::c;\n}\nuse crate::d; // crate::e\n",
    );
    let all: BTreeSet<String> = code.iter().flat_map(|(_, l)| imported(l)).collect();
    assert_eq!(all, ["a", "d"].map(String::from).into());
}
