//! The pod graph and its diagrams: snapshots of the graph JSON (every example and every fixture
//! under `tests/fixtures/graph/`) and of the SVG, Mermaid and DOT output for the seed's examples
//! and a few fixtures; the acceptance criteria; every `PS5xxx` rule exercised by a
//! fixture; escaping of hostile text; determinism.
// Reads files from disk: native only (the WebAssembly tests are in wasm_api.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use podscope::analyze::{Analysis, analyze};
use podscope::api::Positions;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::graph::{self, PodGraphDto};
use podscope::rules::Severity;
use podscope::validate::{Options, RuleSetting};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> (String, Analysis) {
    let text = std::fs::read_to_string(root().join(relative)).expect("readable");
    let analysis = analyze(&text, &Options::default());
    (text, analysis)
}

fn dtos(text: &str, analysis: &Analysis) -> Vec<PodGraphDto> {
    graph::graph_dtos(analysis, &Positions::new(text))
}

fn render(text: &str, analysis: &Analysis, view: View, format: Format) -> String {
    let options = RenderOptions {
        document: None,
        view,
        format,
        theme: Theme::Light,
    };
    diagram::render(text, analysis, &options).expect("renders")
}

/// The SVG without its style sheet (the same in every diagram), for readable snapshots.
fn without_style(svg: &str) -> String {
    match (svg.find("<style>"), svg.find("</style>")) {
        (Some(a), Some(b)) => format!("{}<style>…</style>{}", &svg[..a], &svg[b + 8..]),
        _ => svg.to_string(),
    }
    .replace("><", ">\n<")
}

fn graph_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/graph"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

const SEED: [&str; 3] = [
    "examples/elastic-stack-sidecar.yaml",
    "examples/myapp-init-containers.yaml",
    "examples/yellow-two-containers.yaml",
];

fn snapshot(name: &str, value: &str) {
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, value);
    });
}

#[test]
fn graph_json_snapshots() {
    let mut files: Vec<String> = SEED.iter().map(|s| (*s).to_string()).collect();
    // `big.yaml` is there for the layout test; its graph is too large to review as a snapshot.
    files.extend(
        graph_fixtures()
            .iter()
            .filter(|p| !p.ends_with("big.yaml"))
            .map(|p| {
                p.strip_prefix(root())
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            }),
    );
    for file in files {
        let (text, analysis) = read(&file);
        let json = serde_json::to_string_pretty(&dtos(&text, &analysis)).expect("JSON");
        let name = Path::new(&file).file_stem().unwrap().to_string_lossy();
        snapshot(&format!("graph-json__{name}"), &json);
    }
}

#[test]
fn svg_snapshots() {
    let cases = [
        (SEED[0], View::Pod),
        (SEED[1], View::Pod),
        (SEED[2], View::Pod),
        (SEED[1], View::Timeline),
        ("tests/fixtures/graph/native-sidecar.yaml", View::Pod),
        ("tests/fixtures/graph/native-sidecar.yaml", View::Timeline),
        ("tests/fixtures/graph/ports-and-probes.yaml", View::Pod),
    ];
    for (file, view) in cases {
        let (text, analysis) = read(file);
        let svg = render(&text, &analysis, view, Format::Svg);
        let name = Path::new(file).file_stem().unwrap().to_string_lossy();
        let view = format!("{view:?}").to_lowercase();
        snapshot(&format!("graph-svg__{name}__{view}"), &without_style(&svg));
    }
}

#[test]
fn mermaid_and_dot_snapshots() {
    for file in [SEED[0], "tests/fixtures/graph/native-sidecar.yaml"] {
        let (text, analysis) = read(file);
        let name = Path::new(file).file_stem().unwrap().to_string_lossy();
        for view in [View::Pod, View::Timeline] {
            let v = format!("{view:?}").to_lowercase();
            let mermaid = render(&text, &analysis, view, Format::Mermaid);
            snapshot(&format!("graph-mermaid__{name}__{v}"), &mermaid);
            let dot = render(&text, &analysis, view, Format::Dot);
            snapshot(&format!("graph-dot__{name}__{v}"), &dot);
        }
    }
}

fn node<'a>(g: &'a PodGraphDto, id: &str) -> &'a graph::GraphNodeDto {
    g.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn edges<'a>(g: &'a PodGraphDto, kind: &str) -> Vec<&'a graph::GraphEdgeDto> {
    g.edges.iter().filter(|e| e.kind == kind).collect()
}

/// The seed's elastic-stack example shows `app` writing `log-volume` at `/log`, `sidecar`
/// reading it at `/var/log/event-simulator/`, the hostPath `/var/log/webapp`, the projected
/// service-account token, and a sidecar label with its evidence.
#[test]
fn acceptance_elastic_stack_sidecar() {
    let (text, analysis) = read(SEED[0]);
    let g = &dtos(&text, &analysis)[0];
    let mounts = edges(g, "mount");
    let write = mounts
        .iter()
        .find(|e| e.from == "container:app" && e.to == "volume:log-volume")
        .expect("app mounts log-volume");
    assert_eq!(write.mount_path.as_deref(), Some("/log"));
    assert_eq!(write.access.as_deref(), Some("writes"));
    let read = mounts
        .iter()
        .find(|e| e.from == "container:sidecar" && e.to == "volume:log-volume")
        .expect("sidecar mounts log-volume");
    assert_eq!(
        read.mount_path.as_deref(),
        Some("/var/log/event-simulator/")
    );
    assert_eq!(read.access.as_deref(), Some("reads"));
    let volume = node(g, "volume:log-volume");
    assert_eq!(volume.source.as_deref(), Some("hostPath"));
    assert!(
        volume
            .detail
            .as_deref()
            .unwrap()
            .contains("/var/log/webapp")
    );
    let projected = node(g, "volume:kube-api-access-h589q");
    assert_eq!(projected.source.as_deref(), Some("projected"));
    assert!(
        projected
            .detail
            .as_deref()
            .unwrap()
            .contains("serviceAccountToken")
    );
    assert!(
        g.edges
            .iter()
            .any(|e| e.from == projected.id && e.to == "serviceAccount:default")
    );
    let sidecar = g
        .patterns
        .iter()
        .find(|p| p.kind == "sidecar")
        .expect("a sidecar pattern");
    assert_eq!(sidecar.container, "container:sidecar");
    assert_eq!(sidecar.with, vec!["container:app".to_string()]);
    assert!(sidecar.evidence.iter().any(|e| e.contains("log-volume")));
    // The picture says the same.
    let svg = render(&text, &analysis, View::Pod, Format::Svg);
    for expected in [
        "/log · rw",
        "/var/log/event-simulator/ · reads",
        "/var/log/webapp",
        "serviceAccountToken",
        "◆ sidecar",
        "shares volume log-volume",
    ] {
        assert!(svg.contains(expected), "the SVG shows {expected:?}");
    }
}

/// The seed's `myapp-pod` shows two init containers in order, each waiting for a service
/// (`myservice`, `mydb`) marked missing, then the app.
#[test]
fn acceptance_myapp_init_containers() {
    let (text, analysis) = read(SEED[1]);
    let g = &dtos(&text, &analysis)[0];
    let first = node(g, "container:init-myservice");
    let second = node(g, "container:init-mydb");
    let app = node(g, "container:myapp-container");
    assert_eq!((first.role.as_deref(), first.step), (Some("init"), Some(1)));
    assert_eq!(
        (second.role.as_deref(), second.step),
        (Some("init"), Some(2))
    );
    assert_eq!((app.role.as_deref(), app.step), (Some("app"), Some(3)));
    let startup = edges(g, "startup");
    assert!(
        startup
            .iter()
            .any(|e| e.from == first.id && e.to == second.id && e.after_completion == Some(true))
    );
    assert!(
        startup
            .iter()
            .any(|e| e.from == second.id && e.to == app.id)
    );
    for (container, service) in [(first, "myservice"), (second, "mydb")] {
        let wait = edges(g, "waits")
            .into_iter()
            .find(|e| e.from == container.id)
            .expect("waits");
        let target = node(g, &wait.to);
        assert_eq!(
            (target.kind.as_str(), target.name.as_str()),
            ("service", service)
        );
        assert_eq!(target.status.as_deref(), Some("missing"));
    }
    let warnings: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == "PS5008")
        .map(|d| &text[d.span.start()..d.span.end()])
        .collect();
    assert_eq!(warnings, vec!["myservice", "mydb"]);
    let timeline = render(&text, &analysis, View::Timeline, Format::Svg);
    assert!(timeline.contains("waits for myservice (missing)"));
}

/// The seed's `yellow` pod without the `sleep` command gets the crash-loop warning on `lemon`.
#[test]
fn acceptance_yellow_without_sleep() {
    let (text, _) = read(SEED[2]);
    let analysis = analyze(&text, &Options::default());
    assert!(
        !analysis.diagnostics.iter().any(|d| d.rule.code == "PS5001"),
        "with sleep it runs"
    );
    let without = text.replace("    command: [\"sleep\", \"1000\"]\n", "");
    assert_ne!(without, text);
    let analysis = analyze(&without, &Options::default());
    let crash: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == "PS5001")
        .collect();
    assert_eq!(crash.len(), 1);
    assert_eq!(crash[0].severity, Severity::Warning);
    assert!(crash[0].message.contains("\"lemon\""));
    assert_eq!(
        &without[crash[0].span.start()..crash[0].span.end()],
        "busybox"
    );
    assert_eq!(crash[0].path, "spec.containers[0].image");
    // The warning shows on lemon's box.
    let svg = render(&without, &analysis, View::Pod, Format::Svg);
    assert!(svg.contains("⚠ crash-loop"));
}

/// A native sidecar appears as a sidecar in both views, started before the app and stopped
/// after it.
#[test]
fn acceptance_native_sidecar_in_both_views() {
    let (text, analysis) = read("tests/fixtures/graph/native-sidecar.yaml");
    let g = graph::graphs(&analysis).remove(0);
    let pod = diagram::scene_of(&g, &analysis, View::Pod);
    let proxy = pod
        .shapes
        .iter()
        .find(|s| s.source.id == "container:proxy")
        .expect("proxy box");
    assert!(proxy.class.contains("sidecar"));
    assert!(proxy.chips.iter().any(|c| c.text.text == "native sidecar"));
    let web = pod
        .shapes
        .iter()
        .find(|s| s.source.id == "container:web")
        .expect("web box");
    assert!(proxy.rect.bottom() < web.rect.y, "drawn before the app");
    let timeline = diagram::scene_of(&g, &analysis, View::Timeline);
    let bar = |id: &str| {
        timeline
            .shapes
            .iter()
            .find(|s| s.source.id == id && s.class.starts_with("bar"))
            .unwrap_or_else(|| panic!("bar of {id}"))
            .rect
    };
    let (proxy_bar, web_bar) = (bar("container:proxy"), bar("container:web"));
    assert!(
        timeline
            .shapes
            .iter()
            .any(|s| s.source.id == "container:proxy" && s.class == "bar sidecar")
    );
    assert!(proxy_bar.x < web_bar.x, "the sidecar starts first");
    assert!(proxy_bar.right() > web_bar.right(), "and stops last");
    let svg = render(&text, &analysis, View::Timeline, Format::Svg);
    assert!(svg.contains("native sidecar · step 2"));
}

#[test]
fn every_graph_rule_has_a_fixture() {
    let mut seen = std::collections::BTreeSet::new();
    for file in graph_fixtures() {
        let text = std::fs::read_to_string(&file).expect("fixture");
        for d in analyze(&text, &Options::default()).diagnostics {
            seen.insert(d.rule.code);
        }
    }
    for rule in graph::RULES {
        assert!(
            seen.contains(rule.code),
            "{} ({}) has no fixture",
            rule.code,
            rule.name
        );
        assert!(
            rule.severity == Severity::Warning || rule.severity == Severity::Info,
            "{} is a warning or a note",
            rule.code
        );
    }
}

#[test]
fn messages_are_lower_case_without_a_period_and_have_help() {
    for file in graph_fixtures() {
        let text = std::fs::read_to_string(&file).expect("fixture");
        for d in analyze(&text, &Options::default()).diagnostics {
            if !d.rule.code.starts_with("PS5") {
                continue;
            }
            let first = d.message.chars().next().unwrap();
            assert!(!first.is_uppercase(), "{}: {}", d.rule.code, d.message);
            assert!(!d.message.ends_with('.'), "{}: {}", d.rule.code, d.message);
            assert!(d.help.is_some(), "{} has help", d.rule.code);
            assert!(!d.span.is_empty(), "{} points somewhere", d.rule.code);
            assert!(!d.path.is_empty(), "{} has a path", d.rule.code);
        }
    }
}

#[test]
fn rules_can_be_turned_off() {
    let (text, _) = read("tests/fixtures/graph/crash-loop.yaml");
    let mut options = Options::default();
    options.rules.insert("crash-loop".into(), RuleSetting::Off);
    let analysis = analyze(&text, &options);
    assert!(!analysis.diagnostics.iter().any(|d| d.rule.code == "PS5001"));
    for rule in graph::RULES {
        options.rules.insert(rule.code.into(), RuleSetting::Off);
    }
    let analysis = analyze(&text, &options);
    assert!(
        !analysis
            .diagnostics
            .iter()
            .any(|d| d.rule.code.starts_with("PS5"))
    );
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    let (text, analysis) = read("tests/fixtures/graph/hostile.yaml");
    for view in [View::Pod, View::Timeline] {
        for theme in [Theme::Light, Theme::Dark] {
            let options = RenderOptions {
                document: None,
                view,
                format: Format::Svg,
                theme,
            };
            let svg = diagram::render(&text, &analysis, &options).expect("renders");
            let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
            assert!(
                !doc.descendants()
                    .any(|n| n.has_tag_name("script") || n.has_tag_name("img")),
                "no markup from the manifest"
            );
            assert!(!svg.contains("<script"));
            assert!(!svg.contains("href"), "no links");
            assert!(!svg.contains("url(http"), "nothing external");
        }
        let mermaid = render(&text, &analysis, view, Format::Mermaid);
        for line in mermaid.lines() {
            // Every label is quoted with entity codes: no raw quote inside a quoted label, and
            // the manifest's line break cannot start a new Mermaid statement.
            assert!(!line.trim_start().starts_with("click"), "{line}");
            assert!(!line.contains("<script"), "{line}");
        }
        let dot = render(&text, &analysis, view, Format::Dot);
        for line in dot.lines() {
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            assert_eq!(
                unescaped.matches('"').count() % 2,
                0,
                "balanced quotes: {line}"
            );
        }
        let json = render(&text, &analysis, view, Format::Json);
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(value["graph"]["name"], "<script>alert('x')</script>");
    }
}

#[test]
fn rendering_is_deterministic() {
    for file in graph_fixtures() {
        let text = std::fs::read_to_string(&file).expect("fixture");
        let a = analyze(&text, &Options::default());
        let b = analyze(&text, &Options::default());
        for format in [Format::Svg, Format::Json, Format::Mermaid, Format::Dot] {
            for view in [View::Pod, View::Timeline] {
                assert_eq!(
                    render(&text, &a, view, format),
                    render(&text, &b, view, format),
                    "{}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn render_explains_what_it_cannot_draw() {
    let (text, analysis) = read("tests/fixtures/graph/deadlock.yaml");
    let mut options = RenderOptions {
        document: Some(7),
        view: View::Pod,
        format: Format::Svg,
        theme: Theme::Light,
    };
    let error = diagram::render(&text, &analysis, &options).unwrap_err();
    assert_eq!(
        error,
        "there is no document index 7: indices run from 0 to 1"
    );
    options.document = Some(1);
    let error = diagram::render(&text, &analysis, &options).unwrap_err();
    assert_eq!(
        error,
        "document index 1 (Service) holds no pod or pod template"
    );
    let config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
    let analysis = analyze(config, &Options::default());
    options.document = None;
    assert!(
        diagram::render(config, &analysis, &options)
            .unwrap_err()
            .starts_with("no document holds a pod")
    );
    let analysis = analyze("", &Options::default());
    assert_eq!(
        diagram::render("", &analysis, &options).unwrap_err(),
        "the input has no documents"
    );
}

#[test]
fn ranges_count_utf16_columns() {
    let text = "# café 😀\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: \"é😀x\", image: busybox, command: [sleep, \"1\"]}\n";
    let analysis = analyze(text, &Options::default());
    let g = &dtos(text, &analysis)[0];
    let c = node(g, "container:é😀x");
    // The quoted name starts at column 12; é is one UTF-16 unit, 😀 two, x one.
    assert_eq!((c.range.start.line, c.range.start.column), (8, 12));
    assert_eq!(c.range.end.column, 12 + 1 + 4 + 1);
}

#[test]
fn every_pod_kind_has_a_graph() {
    let kinds = [
        ("v1", "Pod", ""),
        ("apps/v1", "Deployment", "template"),
        ("apps/v1", "StatefulSet", "template"),
        ("apps/v1", "DaemonSet", "template"),
        ("apps/v1", "ReplicaSet", "template"),
        ("v1", "ReplicationController", "template"),
        ("batch/v1", "Job", "template"),
        ("batch/v1", "CronJob", "jobTemplate"),
        ("v1", "PodTemplate", "top"),
    ];
    for (version, kind, shape) in kinds {
        let pod = "spec:\n  containers:\n  - name: c\n    image: nginx\n";
        let body = match shape {
            "" => pod.to_string(),
            "top" => format!("template:\n{}", indent(pod, 2)),
            "template" => format!("spec:\n  template:\n{}", indent(pod, 4)),
            _ => format!(
                "spec:\n  jobTemplate:\n    spec:\n      template:\n{}",
                indent(pod, 8)
            ),
        };
        let text = format!("apiVersion: {version}\nkind: {kind}\nmetadata:\n  name: x\n{body}");
        let analysis = analyze(&text, &Options::default());
        let graphs = dtos(&text, &analysis);
        assert_eq!(graphs.len(), 1, "{kind}");
        assert!(
            graphs[0].nodes.iter().any(|n| n.id == "container:c"),
            "{kind}"
        );
    }
}

fn indent(text: &str, by: usize) -> String {
    text.lines()
        .map(|l| format!("{}{l}\n", " ".repeat(by)))
        .collect()
}

/// The id suffix of an SVG (`ps-title-<suffix>`).
fn id_suffix_of(svg: &str) -> String {
    let start = svg.find("ps-title-").expect("a title id") + "ps-title-".len();
    svg[start..start + 8].to_string()
}

#[test]
fn svg_ids_survive_edits_but_not_a_change_of_theme_or_view() {
    let (text, analysis) = read("examples/elastic-stack-sidecar.yaml");
    let edited = text.replace("name: sidecar", "name: log-shipper");
    assert_ne!(edited, text);
    let edited_analysis = analyze(&edited, &Options::default());
    let light = render(&text, &analysis, View::Pod, Format::Svg);
    let edited_svg = render(&edited, &edited_analysis, View::Pod, Format::Svg);
    assert_ne!(light, edited_svg, "the edit shows in the picture");
    // An edit keeps every marker id and reference, so a page morphing the old picture into the
    // new one leaves the arrows alone.
    assert_eq!(id_suffix_of(&light), id_suffix_of(&edited_svg));
    let dark = diagram::render(
        &text,
        &analysis,
        &RenderOptions {
            document: None,
            view: View::Pod,
            format: Format::Svg,
            theme: Theme::Dark,
        },
    )
    .expect("renders");
    assert_ne!(
        id_suffix_of(&light),
        id_suffix_of(&dark),
        "markers take the theme's colours"
    );
    let timeline = render(&text, &analysis, View::Timeline, Format::Svg);
    assert_ne!(id_suffix_of(&light), id_suffix_of(&timeline));
}
