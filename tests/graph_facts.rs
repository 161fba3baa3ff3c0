//! What the diagram states about real pods: each fact must come from the manifest or from a rule
//! in `src/graph/patterns.rs` and `src/graph/shell.rs`. One case per real pod (the fixtures in
//! `tests/fixtures/graph/real/` say where each comes from), with the facts it must show and the
//! false ones it once showed and must not.

// Reads files from disk: native only.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use podscope::analyze::analyze;
use podscope::api::Positions;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::graph;
use podscope::validate::Options;

/// Every fact of the first pod of `file`, one per line: its patterns with their evidence, the
/// objects it refers to, and the texts of its timeline.
fn facts(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).expect("readable fixture");
    let analysis = analyze(&text, &Options::default());
    let pods = graph::graph_dtos(&analysis, &Positions::new(&text));
    let pod = pods
        .iter()
        .find(|p| !p.patterns.is_empty() || p.nodes.len() > 1)
        .expect("a pod");
    let mut lines = Vec::new();
    for p in &pod.patterns {
        lines.push(format!("pattern {} {}", p.kind, p.container));
        for e in &p.evidence {
            lines.push(format!("evidence {}: {e}", p.container));
        }
    }
    for n in &pod.nodes {
        lines.push(format!("node {} {}", n.kind, n.name));
    }
    let options = RenderOptions {
        document: Some(pod.document),
        view: View::Timeline,
        format: Format::Svg,
        theme: Theme::Light,
    };
    let svg = diagram::render(&text, &analysis, &options).expect("a timeline");
    let tree = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    for t in tree.descendants().filter(|n| n.has_tag_name("text")) {
        let s: String = t.descendants().filter_map(|d| d.text()).collect::<String>();
        if !s.trim().is_empty() {
            lines.push(format!("timeline {}", s.trim()));
        }
    }
    lines.join("\n")
}

fn check(file: &str, must: &[&str], must_not: &[&str]) {
    let facts = facts(file);
    for want in must {
        assert!(
            facts.lines().any(|l| l.contains(want)),
            "{file}: no fact says {want:?}:\n{facts}"
        );
    }
    for unwanted in must_not {
        assert!(
            !facts.lines().any(|l| l.contains(unwanted)),
            "{file}: a fact says {unwanted:?}:\n{facts}"
        );
    }
}

/// `linkerd-init` exempts user 2102 from its rules, the user `linkerd-proxy` runs as: it
/// redirects through that proxy, and says nothing about the app's own envoy.
#[test]
fn linkerd_init_redirects_through_linkerd_proxy_only() {
    check(
        "tests/fixtures/graph/real/linkerd-with-app-envoy.yaml",
        &[
            "pattern sidecar container:linkerd-proxy",
            "`linkerd-init` redirects the pod's traffic through `linkerd-proxy` (iptables)",
        ],
        &["through `envoy`", "pattern sidecar container:envoy"],
    );
    check(
        "tests/fixtures/graph/real/linkerd-emojivoto.yaml",
        &["`linkerd-init` redirects the pod's traffic through `linkerd-proxy` (iptables)"],
        &[],
    );
}

/// Istio's proxy is told its owner as `kubernetes://apis/apps/v1/...`: a resource path, not a
/// host, so no Service `apis` appears. `istiod` (from `discoveryAddress`) is a real one.
#[test]
fn istio_injected_pods_have_no_phantom_service() {
    for file in [
        "tests/fixtures/graph/real/istio-hello.yaml",
        "tests/fixtures/graph/real/istio-job-old-version.yaml",
    ] {
        check(
            file,
            &[
                "node service istiod",
                "`istio-init` redirects the pod's traffic through `istio-proxy` (iptables)",
            ],
            &["node service apis"],
        );
    }
}

/// A configmap-reload helper calls the app's reload endpoint and serves its own metrics: a
/// sidecar, not an adapter (it does not re-expose what the app produces).
#[test]
fn configmap_reload_is_a_sidecar_not_an_adapter() {
    check(
        "tests/fixtures/graph/real/istio-addon-prometheus.yaml",
        &[
            "pattern sidecar container:prometheus-server-configmap-reload",
            "looks like a file syncer (configmap-reload)",
        ],
        &["pattern adapter", "is an adapter in `containers`"],
    );
}

/// In a Job, a proxy among the regular containers never exits: the timeline says so and does
/// not draw it exiting with the app.
#[test]
fn a_jobs_never_ending_proxy_is_not_drawn_exiting() {
    let file = "tests/fixtures/graph/real/istio-job-old-version.yaml";
    check(
        file,
        &[
            "in a Job it keeps the pod running after `pi` finishes",
            "timeline keeps running · the Job never completes",
            "timeline never exits",
        ],
        &[],
    );
    // `pi` itself still runs to completion and exits.
    let facts = facts(file);
    assert_eq!(facts.matches("timeline exits").count(), 1, "{facts}");
    assert_eq!(facts.matches("timeline never exits").count(), 1, "{facts}");
}

/// The page's own native-sidecar example: the app calls localhost:15001, which the envoy sidecar
/// declares, so it shows as an ambassador.
#[test]
fn the_pages_native_sidecar_example_shows_its_pattern() {
    check(
        "www/examples/native-sidecar.yaml",
        &[
            "pattern ambassador container:mesh-proxy",
            "`payments` talks to localhost:15001, served by `mesh-proxy`",
            "`mesh-proxy` is a native sidecar",
        ],
        &[],
    );
}
