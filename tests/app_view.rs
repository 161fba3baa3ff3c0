//! The app view: what the application graph holds (workloads, the Services that select them and
//! the ports they reach, Ingress routes, budgets, autoscalers, config objects and their status),
//! and that its picture is clean (no overlaps, well-formed, escaped, deterministic) on the
//! fixtures in `tests/fixtures/app/` (one written here, Google's Online Boutique demo) and on
//! every file of the shared corpus.
// Reads files from disk: native only.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;

use podscope::analyze::analyze;
use podscope::api::AnalysisDto;
use podscope::diagram::{self, Format, RenderOptions, Theme, View};
use podscope::validate::Options;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/app")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn render(text: &str, format: Format, theme: Theme) -> Result<String, String> {
    let analysis = analyze(text, &Options::default());
    diagram::render(
        text,
        &analysis,
        &RenderOptions {
            document: None,
            view: View::App,
            format,
            theme,
        },
    )
}

/// `(from name, kind, to name, label)` for every relation, from the analysis DTO.
fn relations(text: &str) -> Vec<(String, String, String, String)> {
    let dto = AnalysisDto::new(text, &analyze(text, &Options::default()));
    let name = |id: &str| {
        let n = dto.application.nodes.iter().find(|n| n.id == id).unwrap();
        format!("{} {}", n.object_kind, n.name)
    };
    dto.application
        .edges
        .iter()
        .map(|e| (name(&e.from), e.kind.clone(), name(&e.to), e.label.clone()))
        .collect()
}

fn has(relations: &[(String, String, String, String)], from: &str, kind: &str, to: &str) -> String {
    relations
        .iter()
        .find(|(f, k, t, _)| f == from && k == kind && t == to)
        .map_or_else(
            || panic!("no {from} {kind} {to} in {relations:#?}"),
            |r| r.3.clone(),
        )
}

#[test]
fn one_file_application_has_every_relation() {
    let text = fixture("shop.yaml");
    let r = relations(&text);
    assert_eq!(
        has(&r, "Service frontend", "selects", "Deployment frontend"),
        "app=frontend · 80→8080 (http)",
        "a named targetPort resolves to the container port"
    );
    assert_eq!(
        has(&r, "Service cart", "selects", "StatefulSet cart"),
        "app=cart · 6379→6379"
    );
    assert_eq!(
        has(&r, "Ingress shop", "routes", "Service frontend"),
        "shop.example.com/ → frontend:80"
    );
    assert_eq!(
        has(&r, "Ingress shop", "routes", "Service api"),
        "shop.example.com/api → api:http"
    );
    assert_eq!(
        has(
            &r,
            "PodDisruptionBudget frontend",
            "guards",
            "Deployment frontend"
        ),
        "minAvailable 2"
    );
    assert_eq!(
        has(
            &r,
            "HorizontalPodAutoscaler frontend",
            "scales",
            "Deployment frontend"
        ),
        "3–10 replicas"
    );
    assert_eq!(
        has(
            &r,
            "Deployment frontend",
            "uses",
            "ConfigMap frontend-config"
        ),
        "env"
    );
    assert_eq!(
        has(&r, "Deployment frontend", "uses", "Secret api-key"),
        "env"
    );
    assert_eq!(
        has(
            &r,
            "StatefulSet cart",
            "uses",
            "PersistentVolumeClaim cart-data"
        ),
        "volume"
    );
    // Nothing else: the headless Service selects only its StatefulSet, the NetworkPolicy is not
    // drawn.
    assert_eq!(r.len(), 9, "{r:#?}");

    let dto = AnalysisDto::new(&text, &analyze(&text, &Options::default()));
    let app = &dto.application;
    let node = |name: &str, kind: &str| {
        app.nodes
            .iter()
            .find(|n| n.name == name && n.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    assert_eq!(node("api", "service").status, "missing");
    assert_eq!(node("api", "service").document, None);
    assert_eq!(node("frontend-config", "configMap").status, "defined");
    assert_eq!(node("api-key", "secret").status, "missing");
    let frontend = node("frontend", "workload");
    assert_eq!(
        frontend.document,
        Some(0),
        "a click opens document 0's pod view"
    );
    assert_eq!(frontend.detail, "3 replicas");
    let containers: Vec<(&str, &str)> = frontend
        .containers
        .iter()
        .map(|c| (c.name.as_str(), c.role.as_str()))
        .collect();
    assert_eq!(
        containers,
        [
            ("wait-for-cart", "init"),
            ("web", "app"),
            ("log-shipper", "app")
        ]
    );
    assert_eq!(node("frontend", "service").ports, ["80→http/TCP"]);
    assert_eq!(
        node("shop", "ingress").ports,
        ["shop.example.com/", "shop.example.com/api"]
    );
    assert_eq!(app.not_drawn.len(), 1);
    assert_eq!(app.not_drawn[0].kind, "NetworkPolicy");
    // The frontend's range is its name in the Deployment (line 8 of the fixture, 1-based).
    assert_eq!(frontend.range.start.line, 8);
}

#[test]
fn online_boutique_shows_each_deployment_with_its_service() {
    let text = fixture("online-boutique.yaml");
    let r = relations(&text);
    let dto = AnalysisDto::new(&text, &analyze(&text, &Options::default()));
    let workloads: Vec<&str> = dto
        .application
        .nodes
        .iter()
        .filter(|n| n.kind == "workload")
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(workloads.len(), 12, "{workloads:?}");
    for w in workloads {
        if w == "loadgenerator" {
            // The load generator calls the frontend; nothing calls it.
            assert!(
                !r.iter()
                    .any(|(_, k, t, _)| k == "selects" && t.ends_with(" loadgenerator"))
            );
            continue;
        }
        has(
            &r,
            &format!("Service {w}"),
            "selects",
            &format!("Deployment {w}"),
        );
    }
    assert_eq!(
        has(
            &r,
            "Service frontend-external",
            "selects",
            "Deployment frontend"
        ),
        "app=frontend · 80→8080"
    );
    assert_eq!(r.iter().filter(|e| e.1 == "selects").count(), 12);
}

#[test]
fn app_pictures_are_clean_well_formed_and_deterministic() {
    for name in ["shop.yaml", "online-boutique.yaml"] {
        let text = fixture(name);
        let analysis = analyze(&text, &Options::default());
        let scene = diagram::app::layout(&diagram::application(&analysis));
        assert_eq!(scene.overlaps(), Vec::<String>::new(), "{name}");
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render(&text, Format::Svg, theme).unwrap();
            assert_eq!(
                svg,
                render(&text, Format::Svg, theme).unwrap(),
                "{name}: same bytes"
            );
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let nodes = doc
                .descendants()
                .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
                .collect::<Vec<_>>();
            assert!(!nodes.is_empty());
            for n in nodes {
                assert!(
                    n.attribute("data-id").is_some(),
                    "{name}: a box without data-id"
                );
                assert!(
                    n.attribute("data-range").is_some(),
                    "{name}: a box without data-range"
                );
            }
        }
        for format in [Format::Mermaid, Format::Dot, Format::Json] {
            let out = render(&text, format, Theme::Light).unwrap();
            assert_eq!(out, render(&text, format, Theme::Light).unwrap());
        }
        let json: serde_json::Value =
            serde_json::from_str(&render(&text, Format::Json, Theme::Light).unwrap()).unwrap();
        assert_eq!(json["view"], "app");
        let boxes = json["boxes"].as_array().unwrap();
        let nodes = json["graph"]["nodes"].as_array().unwrap();
        // Every node has a box, except budgets and autoscalers drawn inside their workload.
        for n in nodes {
            let id = n["id"].as_str().unwrap();
            assert!(
                boxes.iter().any(|b| b["id"] == id),
                "{name}: no box for {id}"
            );
        }
    }
}

#[test]
fn manifest_text_is_escaped_in_every_format() {
    let text = r#"apiVersion: v1
kind: Service
metadata:
  name: x
  namespace: "<script>alert(1)</script>"
spec:
  selector: {app: "a\"&<b>"}
  ports: [{port: 80, targetPort: "<img src=x onerror=alert(1)>"}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  rules:
    - host: "\"]; click x call alert(1) %%{init: {}}%%"
      http: {paths: [{path: "/</text><script>", pathType: Prefix, backend: {service: {name: "x", port: {number: 80}}}}]}
"#;
    let svg = render(text, Format::Svg, Theme::Light).unwrap();
    roxmltree::Document::parse(&svg).expect("well-formed");
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("<img"), "{svg}");
    let mermaid = render(text, Format::Mermaid, Theme::Light).unwrap();
    for line in mermaid
        .lines()
        .filter(|l| l.contains('[') || l.contains('|'))
    {
        assert!(!line.contains("<script"), "{line}");
        assert!(!line.contains("%%"), "{line}");
    }
    let dot = render(text, Format::Dot, Theme::Light).unwrap();
    // The quote that would end the label comes escaped.
    let at = dot.find("]; click").expect("the route is in the label");
    assert_eq!(&dot[at - 2..at], "\\\"", "{dot}");
}

#[test]
fn objects_of_one_name_in_two_namespaces_each_keep_their_relations() {
    // One budget without a namespace (the command's), one of the same name in namespace b: each
    // guards its own workload, the first one's lookup by name must not take the second's place.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: b, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: b}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n";
    let dto = AnalysisDto::new(text, &analyze(text, &Options::default()));
    let guards: Vec<(&str, &str)> = dto
        .application
        .edges
        .iter()
        .filter(|e| e.kind == "guards")
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    // The budget with no namespace is in the command's namespace, which may be b: it may guard
    // both pods; the one in b guards the pod in b (and the one whose namespace is the command's).
    assert!(
        guards.contains(&("podDisruptionBudget:2", "workload:0")),
        "{guards:?}"
    );
    assert!(
        guards.contains(&("podDisruptionBudget:3", "workload:1")),
        "{guards:?}"
    );
}

#[test]
fn nothing_to_draw_is_a_message() {
    let only_a_role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n";
    let err = render(only_a_role, Format::Svg, Theme::Light).unwrap_err();
    assert!(
        err.starts_with("the input defines no workload, Service"),
        "{err}"
    );
    assert_eq!(
        render("# nothing\n", Format::Svg, Theme::Light).unwrap_err(),
        "the input has no documents"
    );
}

#[test]
fn many_services_and_workloads_stop_matching_at_the_bound() {
    // 1,100 Services × 1,100 workloads is 1.21 million selector comparisons, past the bound.
    let mut text = String::new();
    for i in 0..1100 {
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, labels: {{app: a{i}}}}}\nspec: {{containers: [{{name: c, image: i}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{selector: {{app: a{i}}}, ports: [{{port: 80}}]}}\n"
        ));
    }
    let analysis = analyze(&text, &Options::default());
    let app = diagram::application(&analysis);
    assert!(app.relations_cut);
    let svg = render(&text, Format::Svg, Theme::Light).unwrap();
    assert!(svg.contains("Too many Services and workloads"));
}

#[test]
fn corpus_app_pictures_lay_out_cleanly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is not here",
            corpus.display()
        );
        return;
    }
    let (mut drawn, mut problems) = (0, Vec::new());
    for path in support::manifests(&corpus) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let analysis = analyze(&text, &Options::default());
        let app = diagram::application(&analysis);
        if app.is_empty() {
            continue;
        }
        drawn += 1;
        for p in diagram::app::layout(&app).overlaps() {
            problems.push(format!("{}: {p}", path.display()));
        }
        let svg = render(&text, Format::Svg, Theme::Dark).unwrap();
        if let Err(e) = roxmltree::Document::parse(&svg) {
            problems.push(format!("{}: not XML: {e}", path.display()));
        }
    }
    println!("{drawn} corpus files drawn in the app view");
    assert!(drawn > 100, "{drawn}");
    assert!(
        problems.is_empty(),
        "{}",
        problems[..problems.len().min(30)].join("\n")
    );
}
