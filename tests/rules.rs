//! The rule registry as a whole: every rule documented, every rule triggered by a fixture, no
//! retired code reused, and the table of codes and names pinned against accidental renames.
// Reads the fixtures from disk: native only.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeSet;

use podscope::rules::{self, Rule};

/// Codes that were once used and are gone; a code is never given to a different check.
const RETIRED: &[(&str, &str)] = &[
    (
        "PS2150",
        "label-selector-operator: workload selectors moved to the shared selector checks",
    ),
    (
        "PS2151",
        "label-selector-values: workload selectors moved to the shared selector checks",
    ),
    (
        "PS2152",
        "label-selector-key: workload selectors moved to the shared selector checks",
    ),
];

/// Rules no fixture can trigger, each with the reason.
const NOT_FROM_A_FILE: &[(&str, &str)] = &[
    (
        "PS1801",
        "privileged-disallowed needs `--disallow-privileged`; fixtures run with the defaults",
    ),
    (
        "PS2048",
        "host-process-privileged needs `--disallow-privileged`; fixtures run with the defaults",
    ),
];

/// Rules no input can trigger, each with the reason: they are kept so that a family of rules
/// stays complete (the Pod Security controls are the admission plugin's list).
const UNREACHABLE: &[(&str, &str)] = &[
    (
        "PS0016",
        "helm-template: the CLI's whole-file triage (podscope::analyze::triage) reports it, not `analyze`; tests/cli.rs runs it on a chart",
    ),
    (
        "PS0017",
        "not-a-manifest: only a folder scan reports it (podscope::analyze::triage); tests/cli.rs scans a folder holding a docker-compose file",
    ),
    (
        "PS0014",
        "unreadable-entry: comes from a folder scan meeting a broken link, a loop or a FIFO, which a fixture file cannot be; tests/cli.rs and tests/cli_limits.rs make those entries",
    ),
];

/// The sections every rule's documentation has, in this order.
const SECTIONS: &[&str] = &[
    "**What it does**",
    "**Why it matters**",
    "**Example**",
    "**Fix**",
];

/// Rules that mirror the API server (errors PS1xxx and PS2xxx, warnings PS3xxx) also name the
/// Go function they follow.
fn mirrors_the_api_server(rule: &Rule) -> bool {
    matches!(rule.code.get(2..3), Some("1" | "2" | "3"))
}

fn documentation_problems(rule: &Rule) -> Vec<String> {
    let docs = rule.markdown();
    let mut problems = Vec::new();
    if docs.is_empty() {
        return vec!["no documentation".into()];
    }
    let mut sections: Vec<&str> = SECTIONS.to_vec();
    if mirrors_the_api_server(rule) {
        sections.push("**Kubernetes source**");
    }
    let mut last = 0;
    for section in sections {
        match docs.find(section) {
            None => problems.push(format!("no {section} section")),
            Some(at) if at < last => problems.push(format!("{section} out of order")),
            Some(at) => last = at,
        }
    }
    if let (Some(example), Some(fix)) = (docs.find("**Example**"), docs.find("**Fix**")) {
        if example < fix {
            let fences = docs[example..fix].matches("```").count();
            if fences < 4 {
                problems
                    .push("the example needs a bad and a fixed snippet (two code blocks)".into());
            }
        }
    }
    if mirrors_the_api_server(rule) {
        let source = docs
            .find("**Kubernetes source**")
            .map_or("", |at| &docs[at..]);
        if !source.contains('`') {
            problems.push("the Kubernetes source names no function in `backticks`".into());
        }
    }
    problems
}

#[test]
fn every_rule_is_documented_with_all_sections() {
    let mut missing = Vec::new();
    for rule in rules::all() {
        for problem in documentation_problems(rule) {
            missing.push(format!("{} {}: {problem}", rule.code, rule.name));
        }
    }
    assert!(
        missing.is_empty(),
        "{} documentation problems:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_rule_is_triggered_by_a_fixture() {
    let mut seen = BTreeSet::new();
    for file in support::manifests(&support::fixtures_root()) {
        let (_, analysis) = support::analyse(&file);
        seen.extend(analysis.diagnostics.iter().map(|d| d.rule.code));
    }
    let allowed: BTreeSet<&str> = NOT_FROM_A_FILE
        .iter()
        .chain(UNREACHABLE)
        .map(|(code, _)| *code)
        .collect();
    let untriggered: Vec<String> = rules::all()
        .iter()
        .filter(|r| !seen.contains(r.code) && !allowed.contains(r.code))
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    assert!(
        untriggered.is_empty(),
        "{} rules no fixture under tests/fixtures triggers (add a fixture, or allow-list it with a reason):\n{}",
        untriggered.len(),
        untriggered.join("\n")
    );
    for (code, reason) in NOT_FROM_A_FILE.iter().chain(UNREACHABLE) {
        assert!(
            rules::by_code(code).is_some(),
            "allow-listed {code} is no rule"
        );
        assert!(!reason.is_empty(), "{code} needs a reason");
        assert!(
            !seen.contains(code),
            "{code} is triggered by a fixture after all: drop it from the allow-list"
        );
    }
}

#[test]
fn the_allow_listed_rules_fire_with_their_option() {
    let file = support::fixtures_root().join("podspec/privileged.yaml");
    let text = std::fs::read_to_string(file).unwrap();
    let options = podscope::validate::Options {
        allow_privileged: false,
        ..Default::default()
    };
    let analysis = podscope::analyze::analyze(&text, &options);
    for (code, _) in NOT_FROM_A_FILE {
        assert!(
            analysis.diagnostics.iter().any(|d| d.rule.code == *code),
            "{code} with --disallow-privileged"
        );
    }
}

#[test]
fn retired_codes_are_not_reused() {
    for rule in rules::all() {
        assert!(
            RETIRED.iter().all(|(code, _)| *code != rule.code),
            "{} ({}) uses a retired code",
            rule.code,
            rule.name
        );
    }
}

#[test]
fn rule_table() {
    let table: String = rules::all()
        .iter()
        .map(|r| format!("{}  {:<7}  {}\n", r.code, r.severity.as_str(), r.name))
        .collect();
    insta::assert_snapshot!("rule_table", table);
}

#[test]
fn lookup_by_code_or_name_and_suggestions() {
    let rule = rules::lookup("PS1202").expect("PS1202 exists");
    assert_eq!(rules::lookup(rule.name), Some(rule));
    assert_eq!(rules::lookup("ps1202"), Some(rule));
    assert!(rules::lookup("PS9999").is_none());
    assert_eq!(rules::suggestions("PS12O2").first(), Some(&"PS1202"));
    assert!(rules::suggestions(&rule.name[1..]).contains(&rule.name));
}

#[test]
fn markdown_drops_the_space_after_the_slashes() {
    for rule in rules::all() {
        let docs = rule.markdown();
        for line in docs.lines() {
            // Continuation lines of a list item are indented by two; nothing starts with one.
            let indent = line.len() - line.trim_start_matches(' ').len();
            assert!(
                indent != 1,
                "{}: a line indented by one space: {line:?}",
                rule.code
            );
        }
    }
}

/// `docs/rules.md` is what SARIF's `helpUri` and the editors link to; it must be the registry's.
#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == podscope::rules::markdown_page(),
        "docs/rules.md is out of date: run `cargo run --quiet -- rules --format markdown > docs/rules.md`"
    );
}

/// Every Pod Security and best-practice rule names the peers' ids it stands for, so users can
/// migrate and agreement can be measured (`podscope rules --format json` lists them).
#[test]
fn pod_security_and_best_practice_rules_list_their_equivalents() {
    let missing: Vec<&str> = rules::all()
        .iter()
        .filter(|r| matches!(r.code.get(2..3), Some("4" | "6" | "7")) && r.equivalents.is_empty())
        .map(|r| r.code)
        .collect();
    assert!(missing.is_empty(), "rules without equivalents: {missing:?}");
    for rule in rules::all() {
        for equivalent in rule.equivalents {
            let (tool, id) = equivalent.split_once(": ").expect("`tool: id`");
            assert!(
                ["kube-linter", "polaris", "kube-score", "checkov", "pss"].contains(&tool)
                    && !id.is_empty(),
                "{}: {equivalent}",
                rule.code
            );
        }
    }
}
