//! The `podscope` command on inputs that must not hurt it: past the size cap, in folders with
//! FIFOs and broken links, not UTF-8, or with huge values. Inputs are generated at test time.
// Runs the native CLI: not for the WebAssembly build (wasm-pack test compiles every test).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CAP: usize = 32 * 1024 * 1024;

fn podscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("podscope-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn str(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every format says the file was refused: text, JSON, SARIF and a `skipped` reference line.
fn assert_refused_everywhere(path: &str, message: &str) {
    let out = podscope(&["check", path, "--color", "never"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains(&format!("error[PS0002]: {message}")),
        "{report}"
    );
    assert!(report.ends_with("1 error, 0 warnings, 0 notes in 1 file (0 documents)\n"));

    let out = podscope(&["check", path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["path"], path);
    assert_eq!(file["diagnostics"][0]["code"], "PS0002");
    assert_eq!(file["diagnostics"][0]["message"], message);

    let out = podscope(&["check", path, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "PS0002");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(message),
        "{result}"
    );

    let out = podscope(&["check", path, "--format", "reference"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!("{path}\t0\t?\tskipped\tPS0002: {message}\t\t\n")
    );
}

#[test]
fn a_file_past_the_cap_is_refused_in_every_format() {
    let dir = TempDir::new("cap");
    // One byte over the cap, written out: a comment that would be valid YAML at any size.
    let over = dir.path("over.yaml");
    let mut file = std::fs::File::create(&over).unwrap();
    file.write_all(b"# ").unwrap();
    file.write_all(&vec![b'a'; CAP - 2]).unwrap();
    file.write_all(b"\n").unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&over).unwrap().len() as usize, CAP + 1);
    assert_refused_everywhere(
        s(&over),
        &format!(
            "input is {} bytes; Podscope reads at most {CAP} bytes",
            CAP + 1
        ),
    );
    // 6 GB, sparse: refused by its size, never read.
    let huge = dir.path("huge.yaml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(6_000_000_000)
        .unwrap();
    assert_refused_everywhere(
        s(&huge),
        &format!("input is 6000000000 bytes; Podscope reads at most {CAP} bytes"),
    );
    // Rule settings apply to the refusal as to any finding.
    let graded = podscope(&["check", s(&huge), "--rule", "input-limit=warning"]);
    assert_eq!(graded.status.code(), Some(0));
    assert!(text(&graded.stdout).contains("warning[PS0002]"));
    // A folder scan refuses the big file and reads the others.
    std::fs::write(
        dir.path("small.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    )
    .unwrap();
    let out = podscope(&["check", dir.str(), "--format", "reference"]);
    let lines = text(&out.stdout);
    assert_eq!(lines.lines().count(), 3, "{lines}");
    assert!(lines.contains("small.yaml\t0\tConfigMap\t"), "{lines}");
    assert_eq!(
        lines.matches("\tskipped\tPS0002: input is ").count(),
        2,
        "{lines}"
    );
}

#[test]
fn a_file_at_the_cap_is_read() {
    let dir = TempDir::new("at-cap");
    let at = dir.path("at.yaml");
    let mut body = b"# ".to_vec();
    body.resize(CAP - 1, b'a');
    body.push(b'\n');
    std::fs::write(&at, &body).unwrap();
    let out = podscope(&["check", s(&at), "--format", "reference"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("PS0002"));
}

#[test]
fn piped_input_is_read_no_further_than_the_cap() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(["check", "-", "--format", "reference"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // Twice the cap is offered; the reader stops after one byte past it (the pipe then breaks).
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..((2 * CAP) >> 20) {
            if input.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "<stdin>\t0\t?\tskipped\tPS0002: input is over {CAP} bytes; Podscope reads at most {CAP} bytes\t\t\n"
        )
    );
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused() {
    let message = format!("input is over {CAP} bytes; Podscope reads at most {CAP} bytes");
    assert_refused_everywhere("/dev/zero", &message);
}

#[cfg(unix)]
#[test]
fn a_folder_scan_reports_each_bad_entry_and_reads_the_rest() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = TempDir::new("scan");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n";
    for name in [
        "a.yaml",
        "m.yaml",
        "z.yaml",
        "sub/ok.yaml",
        "locked/hidden.yaml",
    ] {
        let path = dir.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, pod).unwrap();
    }
    let fifo = dir.path("b-pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    symlink("nowhere.yaml", dir.path("c-broken.yaml")).unwrap();
    symlink("d-loop2.yaml", dir.path("d-loop1.yaml")).unwrap();
    symlink("d-loop1.yaml", dir.path("d-loop2.yaml")).unwrap();
    symlink("a.yaml", dir.path("e-link.yaml")).unwrap();
    symlink(dir.path("b-pipe.yaml"), dir.path("f-to-pipe.yaml")).unwrap();
    let unreadable = dir.path("y-secret.yaml");
    std::fs::write(&unreadable, pod).unwrap();
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(dir.path("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads whatever the permissions say; then those two entries are read like the others.
    let enforced = std::fs::read(&unreadable).is_err();

    // The scan must finish even though nothing ever writes to the FIFO: run it with a guard that
    // kills it rather than letting a regression hang the test suite.
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(["check", dir.str(), "--format", "reference"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut waited = 0;
    while child.try_wait().unwrap().is_none() {
        if waited > 600 {
            child.kill().unwrap();
            panic!("the folder scan hangs (a FIFO was opened?)");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    let out = child.wait_with_output().unwrap();
    std::fs::set_permissions(dir.path("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let lines = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "only warnings: {lines}{}",
        text(&out.stderr)
    );
    let line = |name: &str| {
        let path = dir.path(name);
        lines
            .lines()
            .find(|l| l.starts_with(&format!("{}\t", s(&path))))
            .unwrap_or_else(|| panic!("no line for {name}: {lines}"))
            .to_string()
    };
    for name in ["a.yaml", "m.yaml", "z.yaml", "sub/ok.yaml", "e-link.yaml"] {
        assert!(line(name).contains("\tPod\tvalid\t"), "{name}: {lines}");
    }
    let skipped = |name: &str, reason: &str| {
        let l = line(name);
        assert!(l.contains("\t?\tskipped\tPS0014: skipped"), "{l}");
        assert!(l.contains(reason), "{name}: {l}");
    };
    skipped("b-pipe.yaml", "a FIFO (named pipe), not a regular file");
    skipped("f-to-pipe.yaml", "a FIFO (named pipe), not a regular file");
    skipped(
        "c-broken.yaml",
        "a broken symbolic link (its target nowhere.yaml does not exist)",
    );
    skipped("d-loop1.yaml", "a symbolic link loop");
    skipped("d-loop2.yaml", "a symbolic link loop");
    if enforced {
        skipped("y-secret.yaml", "cannot read this file: permission denied");
        skipped("locked", "cannot read this folder: permission denied");
        assert_eq!(lines.lines().count(), 12, "{lines}");
    } else {
        assert!(line("y-secret.yaml").contains("\tvalid\t"));
        assert!(line("locked/hidden.yaml").contains("\tvalid\t"));
        assert_eq!(lines.lines().count(), 12, "{lines}");
    }

    // The same entries in the other formats: a PS0014 warning for each path.
    let out = podscope(&["check", dir.str(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warned: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["diagnostics"][0]["code"] == "PS0014")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(warned.len(), if enforced { 7 } else { 5 }, "{warned:?}");
    let out = podscope(&["check", dir.str(), "--color", "never"]);
    let report = text(&out.stdout);
    assert!(
        report.contains("warning[PS0014]: skipped without opening it: a FIFO"),
        "{report}"
    );
    // A rule setting turns the warning into an error for CI that wants every file read.
    let strict = podscope(&["check", dir.str(), "--rule", "unreadable-entry=error"]);
    assert_eq!(strict.status.code(), Some(1));
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o644)).unwrap();
}

fn reference(stdin: &[u8]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(["check", "-", "--format", "reference"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    text(&child.wait_with_output().unwrap().stdout)
}

const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

#[test]
fn text_that_is_not_utf8_gets_the_readers_words_on_its_document() {
    let mut input = CONFIG_MAP.as_bytes().to_vec();
    input.extend_from_slice(b"data:\n  latin1: \"caf\xe9\"\n---\n");
    input.extend_from_slice(CONFIG_MAP.as_bytes());
    assert_eq!(
        reference(&input),
        "<stdin>\t0\t?\tinvalid\tdecode error: yaml: invalid trailing UTF-8 octet\t\t\n\
         <stdin>\t1\tConfigMap\tvalid\t\t\t\n"
    );
    let lone = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \xff\n";
    assert_eq!(
        reference(lone),
        "<stdin>\t0\t?\tinvalid\tdecode error: yaml: invalid leading UTF-8 octet\t\t\n"
    );
    // In the other formats it is PS0007 at the byte, not "binary".
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(["check", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(lone).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "PS0007");
    assert_eq!(d["message"], "yaml: invalid leading UTF-8 octet");
    assert_eq!(d["range"]["start"]["line"], 4);
    assert_eq!(d["document"], 0);
}

#[test]
fn utf16_text_is_read_and_broken_utf16_gets_the_readers_words() {
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(CONFIG_MAP.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(reference(&utf16), "<stdin>\t0\tConfigMap\tvalid\t\t\t\n");
    let mut odd = utf16.clone();
    odd.push(b'\n');
    assert_eq!(
        reference(&odd),
        "<stdin>\t0\t?\tinvalid\tdecode error: yaml: incomplete UTF-16 character\t\t\n"
    );
}

#[test]
fn binary_stays_binary() {
    for input in [
        &b"\x7fELF\x02\x01\x01\x00\xff"[..],
        b"a: 1\n\x00\n",
        b"\xc3\x00",
    ] {
        assert_eq!(
            reference(input),
            "<stdin>\t0\t?\tskipped\tPS0007: input contains NUL bytes: it is binary, not a YAML or JSON manifest\t\t\n"
        );
    }
}

#[test]
fn a_megabytes_long_name_is_refused_by_size_and_never_echoed() {
    let dir = TempDir::new("long-name");
    let file = dir.path("long.yaml");
    let name = "a".repeat(8 << 20);
    std::fs::write(
        &file,
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: a\n    image: nginx\n"),
    )
    .unwrap();
    let out = podscope(&["check", s(&file), "--format", "reference"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}\t0\tPod\tinvalid\tRequest entity too large: limit is 3145728\t\t\n",
            s(&file)
        )
    );
    for format in ["text", "json", "sarif"] {
        let out = podscope(&["check", s(&file), "--format", format, "--color", "never"]);
        assert_eq!(out.status.code(), Some(1));
        // The file is 8 MiB; a report is a few KiB (SARIF lists every rule: about 90 KiB).
        assert!(
            out.stdout.len() < 256 * 1024,
            "{format}: {} bytes",
            out.stdout.len()
        );
        assert!(
            text(&out.stdout).contains("Request entity too large"),
            "{format}"
        );
    }
}
