//! The `podscope` command as a user runs it: exit codes, inputs, formats and messages.
// Runs the native CLI: not for the WebAssembly build (wasm-pack test compiles every test).
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
fn valid_manifests_exit_0_and_errors_exit_1() {
    let ok = podscope(&["check", "examples/elastic-stack-sidecar.yaml"], None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));
    assert!(text(&ok.stdout).ends_with("0 errors, 0 warnings, 0 notes in 1 file (1 document)\n"));
    let bad = podscope(
        &["check", "examples/mistakes.yaml", "--color", "never"],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    let out = text(&bad.stdout);
    assert!(
        out.contains("error[PS1502]: spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
        "{out}"
    );
    assert!(out.contains("24 |     - name: data"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when asked for none");
}

#[test]
fn stdin_and_folders() {
    let pod = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n";
    let out = podscope(&["check", "-"], Some(pod));
    assert_eq!(out.status.code(), Some(0));
    let folder = podscope(&["check", "--format", "reference", "examples"], None);
    assert_eq!(folder.status.code(), Some(1));
    assert_eq!(
        text(&folder.stdout).lines().count(),
        5,
        "one line per example document"
    );
}

#[test]
fn usage_and_io_problems_exit_2_with_a_message() {
    let missing = podscope(&["check", "no/such/file.yaml"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        text(&missing.stderr),
        "podscope: cannot read no/such/file.yaml: no such file or folder\n"
    );
    let empty = podscope(&["check", "src/bin"], None);
    assert_eq!(empty.status.code(), Some(2));
    assert!(text(&empty.stderr).contains("no .yaml, .yml or .json files under src/bin"));
    let bad_flag = podscope(&["check", "--format", "xml"], None);
    assert_eq!(bad_flag.status.code(), Some(2));
    let bad_rule = podscope(&["check", "--rule", "nope=off", "examples"], None);
    assert_eq!(bad_rule.status.code(), Some(2));
}

#[test]
fn binary_input_is_a_diagnostic_not_a_crash() {
    let out = podscope(
        &["check", "-", "--format", "json"],
        // An ELF header: NUL bytes and invalid UTF-8 (`ff fe` would start UTF-16 text instead).
        Some(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0xff, 0x80]),
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["diagnostics"][0]["rule"], "not-text");
}

#[test]
fn rule_settings_from_the_command_line() {
    let out = podscope(
        &[
            "check",
            "examples/mistakes.yaml",
            "--rule",
            "unknown-field=off",
            "--rule",
            "PS3016=info",
        ],
        None,
    );
    assert!(
        text(&out.stdout).ends_with("5 errors, 0 warnings, 1 note in 1 file (1 document)\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn sarif_has_rules_and_regions() {
    let out = podscope(
        &["check", "examples/mistakes.yaml", "--format", "sarif"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert!(
        region["startLine"].as_u64().unwrap() > 0 && region["startColumn"].as_u64().unwrap() > 0
    );
    let rule_ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        results
            .iter()
            .all(|r| rule_ids.contains(&r["ruleId"].as_str().unwrap()))
    );
    // Exactly the rules with results are listed, and each result's index points at its rule.
    let mut used: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    used.sort_unstable();
    used.dedup();
    assert_eq!(rule_ids, used);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], r["ruleId"].as_str().unwrap());
    }
}

#[test]
fn one_rule_is_documented_by_code_or_name() {
    let out = podscope(&["rules", "PS1202"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let rule = podscope::rules::by_code("PS1202").unwrap();
    assert!(
        stdout.starts_with(&format!("PS1202 {} (error)\n{}\n", rule.name, rule.summary)),
        "{stdout}"
    );
    for section in ["**What it does**", "**Example**", "**Kubernetes source**"] {
        assert!(stdout.contains(section), "{section} in {stdout}");
    }
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with(' ') && !l.starts_with("  ")),
        "doc lines keep no leading space: {stdout}"
    );
    let by_name = podscope(&["rules", rule.name], None);
    assert_eq!(text(&by_name.stdout), stdout);
}

#[test]
fn an_unknown_rule_exits_2_with_a_suggestion() {
    let out = podscope(&["rules", "PS12O2"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("podscope: no rule PS12O2; did you mean PS1202"),
        "{stderr}"
    );
    let far = podscope(&["rules", "PS9999"], None);
    assert_eq!(far.status.code(), Some(2));
    assert_eq!(
        text(&far.stderr),
        "podscope: no rule PS9999 (`podscope rules` lists them all)\n"
    );
}

#[test]
fn rules_as_json_carry_their_docs() {
    let out = podscope(&["rules", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), podscope::rules::all().len());
    let ps1202 = list.iter().find(|r| r["code"] == "PS1202").unwrap();
    assert!(
        ps1202["docs"]
            .as_str()
            .unwrap()
            .starts_with("**What it does**"),
        "{ps1202}"
    );
}

#[test]
fn a_podscope_yaml_sets_profile_level_rules_and_ignores_and_flags_win() {
    let root = std::env::temp_dir().join(format!("podscope-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("apps/generated")).unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n";
    std::fs::write(root.join("apps/pod.yaml"), pod).unwrap();
    std::fs::write(root.join("apps/generated/pod.yaml"), pod).unwrap();
    std::fs::write(
        root.join(".podscope.yaml"),
        "profile: all\npodSecurity: baseline\nrules:\n  image-tag-not-pinned: error\n  PS6020: off\nignore:\n  - \"apps/generated/**\"\n",
    )
    .unwrap();
    let dir = root.to_str().unwrap();
    let out = podscope(&["check", "--format", "json", dir], None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        1,
        "the ignored folder is not checked: {report}"
    );
    let codes: Vec<&str> = files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"PS6009"),
        "profile all from the file: {codes:?}"
    );
    assert!(
        !codes.contains(&"PS6020"),
        "the file turns PS6020 off: {codes:?}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "PS6009 is an error by the file's setting"
    );
    // A file named explicitly below the settings file uses them too; flags win over them.
    let file = root.join("apps/pod.yaml");
    let flagged = podscope(
        &[
            "check",
            "--format",
            "json",
            "--profile",
            "none",
            "--rule",
            "PS6009=off",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(flagged.status.code(), Some(0), "{}", text(&flagged.stdout));
    // A mistake in the file names the file, the line and the key, and stops the run.
    std::fs::write(root.join(".podscope.yaml"), "profile: all\nprofil: none\n").unwrap();
    let bad = podscope(&["check", dir], None);
    assert_eq!(bad.status.code(), Some(2));
    let message = text(&bad.stderr);
    assert!(
        message
            .contains(".podscope.yaml: line 2: unknown key \"profil\" (did you mean \"profile\"?)"),
        "{message}"
    );
    // --config points at a file elsewhere.
    let elsewhere = root.join("strict.yaml");
    std::fs::write(&elsewhere, "podSecurity: restricted\nprofile: none\n").unwrap();
    let strict = podscope(
        &[
            "check",
            "--config",
            elsewhere.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(text(&strict.stdout).contains("violates PodSecurity \"restricted:latest\""));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn junit_has_a_suite_per_file_and_a_failure_per_document_with_errors() {
    let out = podscope(
        &[
            "check",
            "--format",
            "junit",
            "examples/mistakes.yaml",
            "examples/elastic-stack-sidecar.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let xml = text(&out.stdout);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("1"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites[0].attribute("name"), Some("examples/mistakes.yaml"));
    let failure = suites[0]
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert_eq!(failure.attribute("message"), Some("6 errors"));
    assert!(failure.text().unwrap().contains(
        "error[PS1202] examples/mistakes.yaml:16:11: spec.containers[0].name: Invalid value: \"MyApp\""
    ));
    assert!(suites[1].descendants().all(|n| !n.has_tag_name("failure")));
}

#[test]
fn sarif_rules_carry_help_links_and_security_tags() {
    let pod = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: A\n    image: nginx\n    securityContext: {privileged: true}\n";
    let out = podscope(&["check", "--format", "sarif", "-"], Some(pod));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let privileged = rules.iter().find(|r| r["id"] == "PS6001").unwrap();
    assert!(
        privileged["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("**What it does**")
    );
    assert!(
        privileged["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("/docs/rules.md#ps6001")
    );
    assert_eq!(
        privileged["properties"]["tags"],
        serde_json::json!(["security", "best-practice"])
    );
    assert_eq!(privileged["properties"]["security-severity"], "8.0");
    let name = rules.iter().find(|r| r["id"] == "PS1202").unwrap();
    assert_eq!(
        name["properties"]["tags"],
        serde_json::json!(["api-server"])
    );
    assert!(name["properties"].get("security-severity").is_none());
}

#[test]
fn sarif_paths_are_relative_to_the_sarif_root() {
    let uris = |args: &[&str]| -> Vec<String> {
        let out = podscope(args, None);
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut uris: Vec<String> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        uris.dedup();
        uris
    };
    let absolute = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/mistakes.yaml");
    // Default root: the working directory (the tests run in the crate's folder).
    assert_eq!(
        uris(&["check", "--format", "sarif", absolute]),
        ["examples/mistakes.yaml"]
    );
    assert_eq!(
        uris(&["check", "--format", "sarif", "./examples/mistakes.yaml"]),
        ["examples/mistakes.yaml"]
    );
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    assert_eq!(
        uris(&[
            "check",
            "--format",
            "sarif",
            "--sarif-root",
            examples,
            absolute
        ]),
        ["mistakes.yaml"]
    );
    assert_eq!(
        uris(&[
            "check",
            "--format",
            "sarif",
            "--sarif-root",
            "examples",
            "examples/mistakes.yaml"
        ]),
        ["mistakes.yaml"]
    );
    // A file outside the root keeps the path it was given.
    assert_eq!(
        uris(&[
            "check",
            "--format",
            "sarif",
            "--sarif-root",
            "src",
            absolute
        ]),
        [absolute]
    );
    assert_eq!(
        uris(&[
            "check",
            "--format",
            "sarif",
            "--sarif-root",
            "src",
            "examples/mistakes.yaml"
        ]),
        ["examples/mistakes.yaml"]
    );
}

/// A folder scan skips files holding no Kubernetes object (one PS0017 note each) and reports a
/// Helm chart's template once (PS0016), without failing; named on the command line, a
/// non-manifest still gets its errors.
#[test]
fn folder_scans_skip_non_manifests_and_name_helm_templates() {
    let out = podscope(
        &["check", "tests/fixtures-run/scan", "--color", "never"],
        None,
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.matches("info[PS0017]").count(), 3, "{stdout}"); // compose, Chart, values
    assert_eq!(
        stdout
            .matches("info[PS0016]: Helm template: render it first (helm template)")
            .count(),
        1,
        "{stdout}"
    );
    assert!(
        !stdout.contains("PS0001") && !stdout.contains("PS0009"),
        "{stdout}"
    );
    let named = podscope(
        &[
            "check",
            "tests/fixtures-run/scan/docker-compose.yaml",
            "--color",
            "never",
        ],
        None,
    );
    assert_eq!(named.status.code(), Some(1));
    assert!(text(&named.stdout).contains("error[PS0009]: kind not set"));
}

/// The cross-object checks read every input of a run: a Service in one file is matched against
/// the Deployment in the next (and says nothing about it alone, with no workload beside it).
#[test]
fn cross_object_checks_read_the_other_files_of_a_run() {
    let all = text(
        &podscope(
            &[
                "check",
                "tests/fixtures-run/split-objects",
                "--color",
                "never",
            ],
            None,
        )
        .stdout,
    );
    assert!(
        all.contains("warning[PS7002]: Service \"web\" port 80 targets \"https\", which no selected container declares"),
        "{all}"
    );
    assert!(
        all.contains("warning[PS7001]: Service \"api\" selects no pod of this input"),
        "{all}"
    );
    assert_eq!(
        all.matches("[PS70").count(),
        2,
        "nothing about the Deployment: {all}"
    );
    let alone = text(
        &podscope(
            &[
                "check",
                "tests/fixtures-run/split-objects/service.yaml",
                "--color",
                "never",
            ],
            None,
        )
        .stdout,
    );
    assert!(!alone.contains("[PS70"), "{alone}");
}

/// References resolve across every input of a run: one object per file gives no PS5012.
#[test]
fn references_resolve_across_the_files_of_a_run() {
    let all = podscope(
        &["check", "tests/fixtures-run/split", "--color", "never"],
        None,
    );
    assert!(
        !text(&all.stdout).contains("PS5012"),
        "{}",
        text(&all.stdout)
    );
    let alone = podscope(
        &[
            "check",
            "tests/fixtures-run/split/deployment.yaml",
            "--color",
            "never",
        ],
        None,
    );
    let alone = text(&alone.stdout);
    assert!(
        alone.contains("no document defines ServiceAccount \"web\""),
        "{alone}"
    );
    assert!(
        alone.contains("no document defines ConfigMap \"web-config\""),
        "{alone}"
    );
}

/// "Not checked" notes are one summary line per run in text; JSON keeps each.
#[test]
fn not_checked_notes_are_one_line_in_text() {
    let out = text(
        &podscope(
            &["check", "tests/fixtures-run/scan", "--color", "never"],
            None,
        )
        .stdout,
    );
    assert_eq!(out.matches("PS0011").count(), 1, "{out}");
    assert!(
        out.contains("1 document of kinds Podscope does not validate were not checked (Role 1)"),
        "{out}"
    );
    let json = text(
        &podscope(
            &["check", "tests/fixtures-run/scan", "--format", "json"],
            None,
        )
        .stdout,
    );
    assert_eq!(json.matches("\"PS0011\"").count(), 1, "{json}");
}

/// The output is byte-identical whatever the number of jobs.
#[test]
fn output_is_the_same_with_one_and_many_jobs() {
    for format in ["text", "json", "sarif", "reference", "junit"] {
        let run = |jobs: &str| {
            podscope(
                &[
                    "check",
                    "tests/fixtures",
                    "examples",
                    "tests/fixtures-run",
                    "--format",
                    format,
                    "--color",
                    "never",
                    "--jobs",
                    jobs,
                ],
                None,
            )
        };
        let one = run("1");
        for jobs in ["2", "7"] {
            let many = run(jobs);
            assert_eq!(one.stdout, many.stdout, "{format} with --jobs {jobs}");
            assert_eq!(one.status.code(), many.status.code());
        }
    }
}
