//! The hostile family of issue 13 (`tests/support/hostile.rs`) at sizes a debug build analyses in
//! moments once every check is O(n log n) or bounded: each input is analysed, its JSON report
//! written and its pod drawn, and what is found is checked. No timing is asserted here (that is
//! `benches/hostile.rs`); a quadratic check makes this test crawl instead of fail.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/hostile.rs"]
mod hostile;

use podscope::analyze::{Analysis, analyze};
use podscope::api::AnalysisDto;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::validate::Options;

fn run(text: &str) -> Analysis {
    let analysis = analyze(text, &Options::default());
    let json = serde_json::to_string(&AnalysisDto::new(text, &analysis)).unwrap();
    assert!(json.starts_with('{'));
    let _ = diagram::render(
        text,
        &analysis,
        &RenderOptions {
            document: None,
            view: View::Pod,
            format: Format::Svg,
            theme: Theme::Light,
        },
    );
    analysis
}

fn count(analysis: &Analysis, code: &str) -> usize {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == code)
        .count()
}

#[test]
fn repeated_keys_are_each_reported_with_the_first_line() {
    let n = 20_000;
    let analysis = run(&hostile::repeated_keys(n));
    let duplicates: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.name == "duplicate-key")
        .collect();
    assert_eq!(duplicates.len(), n - 1);
    // `data:` is line 5, so the first `k` is on line 6.
    assert!(
        duplicates.iter().all(
            |d| d.help.as_deref() == Some("the key is first set on line 6; remove one of them")
        ),
        "{:?}",
        duplicates[0].help
    );
}

#[test]
fn duplicate_keys_in_later_documents_name_their_line_in_the_file() {
    let text = "a: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  b: '1'\n  b: '3'\n---\n{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"y\"},\n \"data\": {\"d\": \"1\",\n \"d\": \"2\"}}\n";
    let analysis = analyze(text, &Options::default());
    let helps: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.name == "duplicate-key")
        .map(|d| d.help.clone().unwrap())
        .collect();
    assert_eq!(
        helps,
        vec![
            "the key is first set on line 7; remove one of them",
            "the key is first set on line 11; remove one of them"
        ]
    );
}

#[test]
fn a_long_env_list_is_analysed() {
    let analysis = run(&hostile::env_entries(20_000));
    assert_eq!(analysis.documents.len(), 1);
}

#[test]
fn many_containers_are_analysed_and_drawn() {
    let analysis = run(&hostile::containers_json(10_000));
    assert_eq!(analysis.documents.len(), 1);
    assert_eq!(count(&analysis, "PS1202"), 0, "no duplicate names");
}

#[test]
fn many_failing_documents_each_get_their_error() {
    let n = 20_000;
    let analysis = run(&hostile::many_diagnostics(n));
    assert_eq!(analysis.documents.len(), n);
    assert!(analysis.diagnostics.len() >= n);
}

#[test]
fn many_containers_on_one_port_report_a_bounded_number_of_conflicts() {
    let n = 5_000;
    let analysis = run(&hostile::same_port(n));
    let conflicts = count(&analysis, "PS5002");
    assert!(conflicts > 0);
    assert!(
        conflicts <= podscope::graph::checks::MAX_PORT_CONFLICTS,
        "{conflicts}"
    );
}

#[test]
fn aliases_of_a_large_scalar_are_refused_by_size() {
    let analysis = run(&hostile::scalar_aliases(1_000));
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.rule.code == "PS0002" && d.message.contains("excessive aliasing")),
        "{:?}",
        analysis.diagnostics.first()
    );
    // A few aliases of the same scalar are fine.
    let analysis = run(&hostile::scalar_aliases(10));
    assert_eq!(count(&analysis, "PS0002"), 0);
}

#[test]
fn nested_anchors_without_aliases_are_analysed() {
    let analysis = run(&hostile::nested_anchors(20_000));
    assert_eq!(count(&analysis, "PS0002"), 0, "{:?}", analysis.diagnostics);
}

#[test]
fn alias_fan_out_is_refused() {
    let analysis = run(&hostile::alias_fanout(20_000));
    assert!(count(&analysis, "PS0002") > 0);
}

#[test]
fn cross_object_checks_are_bounded_on_many_services_and_workloads() {
    // 2,000 × 2,000 selector comparisons would be 4 million; the checks stop at a million.
    let n = 2_000;
    let analysis = run(&hostile::services_and_workloads(n));
    let unmatched = count(&analysis, "PS7001");
    assert!(unmatched > 0, "the first Services are checked");
    assert!(
        unmatched < n,
        "the rest are skipped past the bound: {unmatched}"
    );
}

#[test]
fn a_secret_with_many_keys_in_data_and_string_data_is_merged() {
    let analysis = run(&hostile::secret_merge(5_000));
    assert_eq!(
        analysis.documents[0].verdict,
        podscope::analyze::Verdict::Valid
    );
}

#[test]
fn many_containers_with_annotations_each_get_their_warning() {
    let text = hostile::container_annotations(2_000);
    let analysis = run(&text);
    // The deprecated seccomp and AppArmor annotations (the server stops listing warnings after
    // a bound, as Podscope does).
    let warnings = &analysis.documents[0].server_warnings;
    assert!(
        warnings[0].contains("deprecated since v1.30"),
        "{warnings:?}"
    );
}

#[test]
fn many_items_are_analysed() {
    let analysis = run(&hostile::many_items(2_000));
    let doc = &analysis.documents[0];
    assert!(
        doc.server_errors.is_empty(),
        "{:?}",
        &doc.server_errors[..1]
    );
    assert!(
        doc.server_warnings.is_empty(),
        "{:?}",
        &doc.server_warnings[..1]
    );
}

#[test]
fn a_pod_on_one_long_line_is_reported_with_short_excerpts_and_real_columns() {
    let text = hostile::one_line_pod(2_000);
    let options = Options {
        pod_security: podscope::options::Level::Baseline,
        ..Options::default()
    };
    let analysis = analyze(&text, &options);
    let report = podscope::render::text_report("p.json", &text, &analysis, false);
    let first = analysis
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "PS4003")
        .expect("privileged");
    let column = text[..first.span.start()].chars().count() + 1;
    assert!(
        report.contains(&format!("--> p.json:1:{column}\n")),
        "{}",
        &report[..400]
    );
    // Every excerpt line is a window of the document's one line, not the line itself.
    assert!(
        report
            .lines()
            .filter(|l| l.starts_with("1 |"))
            .all(|l| l.len() < 1_000)
    );
}
