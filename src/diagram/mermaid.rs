//! Mermaid text: a `flowchart` for the pod view and a `gantt` chart for the timeline. Every
//! label from the manifest is written with Mermaid's entity codes, so it cannot break the syntax
//! or inject markup.

use petgraph::graph::NodeIndex;

use super::View;
use crate::graph::app::{AppEdgeKind, AppGraph, AppKind, AppNode};
use crate::graph::edge_label;
use crate::graph::model::{Access, EdgeData, NodeData, PodGraph, RefStatus, Role};

/// A label for inside `"..."`. Every character Mermaid's grammar or its preprocessing gives a
/// meaning is written as a decimal entity code (`#37;` for `%`), so manifest text can neither end
/// the quoted string (`"`, a trailing `\`), open a directive or comment (`%%{init: ...}%%`), add
/// markup (`<`, `&`, backticks for Markdown strings) nor fake an entity code (`#`, `;`). `:` is
/// coded too: Mermaid drops the last `;` of a line that reads `style...:...#...;`, which would cut
/// the last entity code of a label that contains "style". Line breaks become spaces.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '#' | '%' | '&' | '\'' | ':' | ';' | '<' | '>' | '\\' | '`' | '{' | '|' | '}' => {
                out.push('#');
                out.push_str(&u32::from(c).to_string());
                out.push(';');
            }
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A gantt task or title: Mermaid ends a task name at `:` and comments at `%%`; keep it plain.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || " .-_/()".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn id(n: NodeIndex) -> String {
    format!("n{}", n.index())
}

pub fn write(g: &PodGraph, view: View) -> String {
    match view {
        View::Pod | View::App => pod(g),
        View::Timeline => timeline(g),
    }
}

/// The app view as a flowchart: one subgraph per column, relations as labelled edges.
pub fn write_app(app: &AppGraph) -> String {
    let mut out = String::from("---\ntitle: \"Application\"\n---\nflowchart LR\n");
    out.push_str("  classDef workload fill:#eaf8ef,stroke:#2d8650\n  classDef service fill:#eef4ff,stroke:#3f6fc4\n  classDef ingress fill:#f4efff,stroke:#7b52c8\n  classDef guard fill:#fdf2ff,stroke:#a347ba\n  classDef ref fill:#f6f8fa,stroke:#6e7781\n  classDef missing fill:#fff0ee,stroke:#cf222e,stroke-dasharray:5 3\n");
    for (_, heading, members) in app_columns(app) {
        out.push_str(&format!(
            "  subgraph {}[\"{heading}\"]\n",
            heading.to_lowercase().replace(' ', "_")
        ));
        for m in members {
            let node = app.node(m);
            let mut line = label(&format!("{} {}", node.object_kind, node.name));
            let detail = app_detail(node);
            if !detail.is_empty() {
                line.push_str(&format!("<br/>{}", label(&detail)));
            }
            if !node.containers.is_empty() {
                let names: Vec<&str> = node.containers.iter().map(|c| c.name.as_str()).collect();
                line.push_str(&format!("<br/>{}", label(&names.join(", "))));
            }
            if !node.ports.is_empty() {
                line.push_str(&format!("<br/>{}", label(&node.ports.join(", "))));
            }
            out.push_str(&format!(
                "    {}[\"{line}\"]:::{}\n",
                id(m),
                app_class(node)
            ));
        }
        out.push_str("  end\n");
    }
    for e in app.graph.edge_indices() {
        let (a, b) = app.graph.edge_endpoints(e).expect("edge");
        let edge = &app.graph[e];
        let arrow = match edge.kind {
            AppEdgeKind::Uses => "-.->",
            _ => "-->",
        };
        let text = if edge.label.is_empty() {
            edge.kind.as_str().to_string()
        } else {
            format!("{} {}", edge.kind.as_str(), edge.label)
        };
        out.push_str(&format!(
            "  {} {arrow}|\"{}\"| {}\n",
            id(a),
            label(&text),
            id(b)
        ));
    }
    out
}

/// The app view's columns and the kinds in each, for the text formats.
const APP_COLUMNS: [(&str, &[AppKind]); 5] = [
    ("Ingresses", &[AppKind::Ingress]),
    ("Services", &[AppKind::Service]),
    (
        "Budgets and autoscalers",
        &[
            AppKind::PodDisruptionBudget,
            AppKind::HorizontalPodAutoscaler,
        ],
    ),
    ("Workloads", &[AppKind::Workload]),
    (
        "Config and storage",
        &[
            AppKind::ConfigMap,
            AppKind::Secret,
            AppKind::PersistentVolumeClaim,
        ],
    ),
];

/// The non-empty columns of the app view for the text formats: (number, heading, nodes).
pub(super) fn app_columns(app: &AppGraph) -> Vec<(usize, &'static str, Vec<NodeIndex>)> {
    APP_COLUMNS
        .iter()
        .enumerate()
        .map(|(c, (heading, kinds))| {
            let members = app
                .graph
                .node_indices()
                .filter(|n| kinds.contains(&app.node(*n).kind))
                .collect::<Vec<_>>();
            (c, *heading, members)
        })
        .filter(|(_, _, members)| !members.is_empty())
        .collect()
}

/// A node's second line in the text formats: its detail, or what its absence means.
pub(super) fn app_detail(node: &AppNode) -> String {
    match node.status {
        RefStatus::Defined => node.detail.clone(),
        RefStatus::Missing => "not in the input".into(),
        other => other.as_str().into(),
    }
}

/// A node's style in the text formats.
pub(super) fn app_class(node: &AppNode) -> &'static str {
    match node.kind {
        AppKind::Workload => "workload",
        AppKind::Service if node.status == RefStatus::Defined => "service",
        AppKind::Ingress => "ingress",
        AppKind::PodDisruptionBudget | AppKind::HorizontalPodAutoscaler => "guard",
        _ if node.status == RefStatus::Missing => "missing",
        _ => "ref",
    }
}

fn pod(g: &PodGraph) -> String {
    let mut out = String::new();
    let title = format!("{} {}", g.kind, g.name);
    out.push_str(&format!(
        "---\ntitle: \"{}\"\n---\nflowchart LR\n",
        label(&title)
    ));
    out.push_str("  classDef init fill:#eef4ff,stroke:#3f6fc4\n  classDef sidecar fill:#f4efff,stroke:#7b52c8\n  classDef app fill:#eaf8ef,stroke:#2d8650\n  classDef ephemeral fill:#fff7e0,stroke:#a87400\n  classDef volume fill:#fff4e8,stroke:#bf6216\n  classDef ref fill:#f6f8fa,stroke:#6e7781\n  classDef missing fill:#fff0ee,stroke:#cf222e,stroke-dasharray:5 3\n");
    out.push_str(&format!(
        "  subgraph pod[\"{}\"]\n",
        label(&format!("{title} · restartPolicy {}", g.restart_policy))
    ));
    let mut phases = g.containers_by_phase();
    for (phase, heading) in [
        (0, "Init containers and sidecars, in order"),
        (1, "App containers, start together"),
        (2, "Ephemeral containers"),
    ] {
        let members: Vec<NodeIndex> = std::mem::take(&mut phases[phase]);
        if members.is_empty() {
            continue;
        }
        out.push_str(&format!("    subgraph phase{phase}[\"{heading}\"]\n"));
        for m in members {
            let c = g.container(m).expect("container");
            let mut text = g.node(m).name.clone();
            if matches!(c.role, Role::Init | Role::Sidecar) {
                text = format!("{}. {text}", c.step);
            }
            if c.role == Role::Sidecar {
                text.push_str(" (native sidecar)");
            }
            let ports: Vec<String> = g
                .out_edges(m)
                .into_iter()
                .filter(|e| matches!(g.graph[*e].data, EdgeData::Exposes))
                .filter_map(|e| match &g.node(g.endpoints(e).1).data {
                    NodeData::Port(p) => Some(p.label()),
                    _ => None,
                })
                .collect();
            let mut line = label(&text);
            line.push_str(&format!("<br/>{}", label(&c.image)));
            if !ports.is_empty() {
                line.push_str(&format!("<br/>ports {}", label(&ports.join(", "))));
            }
            out.push_str(&format!(
                "      {}[\"{line}\"]:::{}\n",
                id(m),
                c.role.as_str()
            ));
        }
        out.push_str("    end\n");
    }
    let volumes = g.nodes_where(|d| matches!(d, NodeData::Volume(_)));
    if !volumes.is_empty() {
        out.push_str("    subgraph volumes[\"Volumes\"]\n");
        for v in volumes {
            let NodeData::Volume(info) = &g.node(v).data else {
                continue;
            };
            let detail = if info.detail.is_empty() {
                info.source.clone()
            } else {
                format!("{} {}", info.source, info.detail)
            };
            out.push_str(&format!(
                "      {}[(\"{}<br/>{}\")]:::volume\n",
                id(v),
                label(&g.node(v).name),
                label(&detail)
            ));
        }
        out.push_str("    end\n");
    }
    out.push_str("  end\n");
    for r in g.nodes_where(|d| matches!(d, NodeData::Reference(_))) {
        let NodeData::Reference(info) = &g.node(r).data else {
            continue;
        };
        let class = if info.status == RefStatus::Missing {
            "missing"
        } else {
            "ref"
        };
        out.push_str(&format!(
            "  {}{{{{\"{} {}<br/>{}\"}}}}:::{class}\n",
            id(r),
            info.kind.as_str(),
            label(&g.node(r).name),
            info.status.as_str()
        ));
    }
    for e in g.graph.edge_indices() {
        let (a, b) = g.endpoints(e);
        let data = &g.graph[e].data;
        let text = label(&edge_label(data));
        let line = match data {
            EdgeData::Startup {
                after_completion: true,
            } => format!("{} --> {}", id(a), id(b)),
            EdgeData::Startup { .. } => format!("{} -.-> {}", id(a), id(b)),
            EdgeData::Mount {
                access: Access::Writes,
                ..
            } => format!("{} -->|\"{text}\"| {}", id(a), id(b)),
            EdgeData::Mount { .. } => format!("{} -.->|\"{text}\"| {}", id(b), id(a)),
            EdgeData::Env { .. } | EdgeData::VolumeSource { .. } => {
                format!("{} -.->|\"{text}\"| {}", id(b), id(a))
            }
            EdgeData::Waits { .. } => format!("{} ==>|\"{text}\"| {}", id(a), port_owner_id(g, b)),
            EdgeData::TalksTo { .. } | EdgeData::UsesServiceAccount | EdgeData::PullsWith => {
                if a == g.pod {
                    format!("{} -.->|\"{text}\"| pod", id(b))
                } else {
                    format!("{} -->|\"{text}\"| {}", id(a), port_owner_id(g, b))
                }
            }
            EdgeData::Probe { .. } => {
                let owner = port_owner_id(g, b);
                if owner == id(a) {
                    continue;
                }
                format!("{} -.->|\"{text}\"| {owner}", id(a))
            }
            EdgeData::Exposes => continue,
        };
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// Ports are drawn inside their container: an edge to a port points at its container.
fn port_owner_id(g: &PodGraph, node: NodeIndex) -> String {
    if !matches!(g.node(node).data, NodeData::Port(_)) {
        return id(node);
    }
    g.in_edges(node)
        .into_iter()
        .find(|e| matches!(g.graph[*e].data, EdgeData::Exposes))
        .map_or_else(|| id(node), |e| id(g.endpoints(e).0))
}

fn timeline(g: &PodGraph) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "gantt\n  title {}\n  dateFormat X\n  axisFormat %s\n",
        plain(&format!("Startup and shutdown of {} {}", g.kind, g.name))
    ));
    let containers: Vec<NodeIndex> = g
        .containers()
        .into_iter()
        .filter(|c| g.container(*c).is_some_and(|c| c.role != Role::Ephemeral))
        .collect();
    let inits = containers
        .iter()
        .filter(|c| {
            g.container(**c)
                .is_some_and(|c| matches!(c.role, Role::Init | Role::Sidecar))
        })
        .count();
    let sidecars: Vec<NodeIndex> = containers
        .iter()
        .copied()
        .filter(|c| g.container(*c).is_some_and(|c| c.role == Role::Sidecar))
        .collect();
    // Steps: 0..inits for the init phase, then 2 for running, 1 for the apps' stop, 1 per sidecar.
    let run_start = inits;
    let run_end = run_start + 3;
    let mut section = "";
    for c in &containers {
        let info = g.container(*c).expect("container");
        let name = plain(&g.node(*c).name);
        let (wanted, task, start, end) = match info.role {
            Role::Init => (
                "Init containers",
                format!("{name} runs to completion"),
                info.step - 1,
                info.step,
            ),
            Role::Sidecar => {
                let stop = sidecars.iter().rev().position(|s| s == c).unwrap_or(0);
                (
                    "Native sidecars",
                    format!("{name} keeps running"),
                    info.step - 1,
                    run_end + stop + 1,
                )
            }
            _ => (
                "App containers",
                format!("{name} running"),
                run_start,
                run_end,
            ),
        };
        if wanted != section {
            section = wanted;
            out.push_str(&format!("  section {section}\n"));
        }
        let tag = if info.role == Role::Init {
            "done, "
        } else if info.role == Role::Sidecar {
            "active, "
        } else {
            ""
        };
        out.push_str(&format!("  {task} :{tag}{}, {start}, {end}\n", id(*c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::label;
    use crate::analyze::analyze;
    use crate::diagram::{Format, RenderOptions, Theme, View, render};
    use crate::options::Options;

    /// Characters that must never reach Mermaid raw from a label.
    const CODED: &[char] = &[
        '"', '#', '%', '&', '\'', ':', ';', '<', '>', '\\', '`', '{', '|', '}',
    ];

    #[test]
    fn every_special_character_becomes_an_entity_code() {
        assert_eq!(label("%"), "#37;");
        assert_eq!(label("'"), "#39;");
        assert_eq!(label("{}"), "#123;#125;");
        assert_eq!(label("\\"), "#92;");
        assert_eq!(label("\"<>&#;`"), "#34;#60;#62;#38;#35;#59;#96;");
        assert_eq!(label("a|b:c"), "a#124;b#58;c");
        assert_eq!(label("line\nbreak\u{2028}x\u{1}"), "line break x");
        assert_eq!(label("日本語 😀 ok-1.2_/()"), "日本語 😀 ok-1.2_/()");
    }

    #[test]
    fn hostile_labels_keep_no_raw_syntax() {
        for hostile in [
            "%%{init: {'themeCSS': 'body{background:url(https://evil.example/x)}'}}%%",
            "trailing backslash \\",
            "fake entity #quot; and #35;",
            "lifestyle:#a;b;",
            "`**markdown**`",
            "\"]:::app\n  click n1 call alert()",
        ] {
            let coded = label(hostile);
            assert!(
                !coded.contains(
                    CODED
                        .iter()
                        .filter(|c| **c != '#' && **c != ';')
                        .copied()
                        .collect::<Vec<_>>()
                        .as_slice()
                ),
                "{coded}"
            );
            // Every `#` starts an entity code of digits, every `;` ends one.
            let mut rest = coded.as_str();
            while let Some(at) = rest.find('#') {
                let tail = &rest[at + 1..];
                let end = tail.find(';').expect("entity code ends");
                assert!(tail[..end].chars().all(|c| c.is_ascii_digit()), "{coded}");
                rest = &tail[end + 1..];
            }
            assert!(!rest.contains(';'), "{coded}");
            assert!(!coded.contains('\n'));
        }
    }

    #[test]
    fn an_init_directive_in_an_image_name_stays_text() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"p%%{init: {'theme': 'dark'}}%%\"\n\
            spec:\n  containers:\n  - name: app\n    image: \"x%%{init: {'themeCSS': 'body{background:url(https://evil.example/)}'}}%%\\\\\"\n  \
            volumes:\n  - name: \"v\\\\\"\n    emptyDir: {}\n";
        let analysis = analyze(text, &Options::default());
        for view in [View::Pod, View::Timeline] {
            let out = render(
                text,
                &analysis,
                &RenderOptions {
                    document: None,
                    view,
                    format: Format::Mermaid,
                    theme: Theme::Light,
                },
            )
            .expect("renders");
            assert!(!out.contains("%%"), "{out}");
            assert!(!out.contains("init:"), "{out}");
            assert!(!out.contains('\''), "{out}");
            assert!(!out.contains('\\'), "{out}");
            assert!(!out.contains("https://"), "{out}");
            for line in out.lines() {
                assert_eq!(line.matches('"').count() % 2, 0, "balanced quotes: {line}");
            }
            if view == View::Pod {
                assert!(out.contains("#37;#37;#123;init#58;"), "{out}");
                assert!(!out.contains('%'), "{out}");
            }
        }
    }
}
