//! `podscope graph` as a user runs it: every format and view, stdin, the document option, and
//! the messages and exit status when there is nothing to draw.
// Runs the native binary: not for WebAssembly.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn podscope(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        // A run that fails before reading stdin closes the pipe: its output is what the test
        // checks, so a refused write is not a failure.
        let _ = input.write_all(bytes);
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn draws_every_format_and_view() {
    let file = "examples/elastic-stack-sidecar.yaml";
    let svg = podscope(&["graph", file], None);
    assert_eq!(svg.status.code(), Some(0), "{}", text(&svg.stderr));
    let out = text(&svg.stdout);
    assert!(out.starts_with("<svg") && out.contains("theme-light"));
    let dark = text(
        &podscope(
            &["graph", file, "--theme", "dark", "--view", "timeline"],
            None,
        )
        .stdout,
    );
    assert!(dark.contains("theme-dark") && dark.contains("Startup and shutdown"));
    let mermaid = text(&podscope(&["graph", file, "--format", "mermaid"], None).stdout);
    assert!(mermaid.contains("flowchart LR"));
    let gantt = text(
        &podscope(
            &["graph", file, "--format", "mermaid", "--view", "timeline"],
            None,
        )
        .stdout,
    );
    assert!(gantt.starts_with("gantt"));
    let dot = text(&podscope(&["graph", file, "--format", "dot"], None).stdout);
    assert!(dot.starts_with("digraph pod {"));
    let json = text(&podscope(&["graph", file, "--format", "json"], None).stdout);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["view"], "pod");
    assert_eq!(value["graph"]["name"], "app");
    assert!(value["boxes"].as_array().is_some_and(|b| !b.is_empty()));
}

#[test]
fn reads_stdin_and_picks_a_document() {
    let input = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n";
    let first = podscope(&["graph", "-", "--format", "json"], Some(input.as_bytes()));
    assert_eq!(first.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_str(&text(&first.stdout)).unwrap();
    assert_eq!(
        value["graph"]["document"], 1,
        "the first document with a pod"
    );
    // `--document` counts from 1, as the text output, the page and VS Code do; the JSON keeps
    // the 0-based index.
    let second = podscope(
        &["graph", "-", "--document", "2", "--format", "json"],
        Some(input.as_bytes()),
    );
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let value: serde_json::Value = serde_json::from_str(&text(&second.stdout)).unwrap();
    assert_eq!(value["graph"]["document"], 1);
    let none = podscope(&["graph", "-", "--document", "1"], Some(input.as_bytes()));
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        text(&none.stderr),
        "podscope: <stdin>: document 1 (ConfigMap) holds no pod or pod template\n"
    );
    let missing = podscope(&["graph", "-", "--document", "5"], Some(input.as_bytes()));
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("there is no document 5: documents are numbered 1 to 2"),
        "{}",
        text(&missing.stderr)
    );
    let zero = podscope(&["graph", "-", "--document", "0"], Some(input.as_bytes()));
    assert_eq!(zero.status.code(), Some(2), "documents count from 1");
}

#[test]
fn explains_what_it_cannot_draw() {
    let folder = podscope(&["graph", "examples"], None);
    assert_eq!(folder.status.code(), Some(2));
    assert!(text(&folder.stderr).contains("graph draws one file"));
    let absent = podscope(&["graph", "no-such-file.yaml"], None);
    assert_eq!(absent.status.code(), Some(2));
    assert!(text(&absent.stderr).contains("no such file or folder"));
    let binary = podscope(&["graph", "-"], Some(b"\x00\x01\x02"));
    assert_eq!(binary.status.code(), Some(2));
    assert!(text(&binary.stderr).contains("the input has no documents"));
}
