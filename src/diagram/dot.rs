//! Graphviz DOT: the pod view as clusters (phases, volumes) with references outside, and the
//! timeline as a left-to-right chain. Strings are quoted with `"` and `\` escaped, so no label
//! can end a string or start an escape sequence.

use petgraph::graph::NodeIndex;

use super::{Theme, View};
use crate::graph::app::{AppEdgeKind, AppGraph};
use crate::graph::edge_label;
use crate::graph::model::{Access, EdgeData, NodeData, PodGraph, RefStatus, Role};

/// A DOT string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Two lines in a label (`\n` is DOT's line break inside a quoted string).
fn lines(first: &str, second: &str) -> String {
    let q1 = quote(first);
    let q2 = quote(second);
    format!("{}\\n{}", &q1[..q1.len() - 1], &q2[1..])
}

struct Palette {
    bg: &'static str,
    fg: &'static str,
    frame: &'static str,
    line: &'static str,
}

fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            bg: "#ffffff",
            fg: "#1f2328",
            frame: "#f6f8fa",
            line: "#57606a",
        },
        Theme::Dark => Palette {
            bg: "#0d1117",
            fg: "#e6edf3",
            frame: "#151b23",
            line: "#9198a1",
        },
    }
}

fn fill(role: &str, theme: Theme) -> (&'static str, &'static str) {
    let light = theme == Theme::Light;
    match role {
        "init" => {
            if light {
                ("#eef4ff", "#3f6fc4")
            } else {
                ("#132339", "#6c9ef0")
            }
        }
        "sidecar" => {
            if light {
                ("#f4efff", "#7b52c8")
            } else {
                ("#221a38", "#a683f0")
            }
        }
        "app" => {
            if light {
                ("#eaf8ef", "#2d8650")
            } else {
                ("#10291b", "#4cc37a")
            }
        }
        "ephemeral" => {
            if light {
                ("#fff7e0", "#a87400")
            } else {
                ("#2b2208", "#d4a72c")
            }
        }
        "volume" => {
            if light {
                ("#fff4e8", "#bf6216")
            } else {
                ("#2e1d0d", "#ec8c3a")
            }
        }
        "missing" => {
            if light {
                ("#fff0ee", "#cf222e")
            } else {
                ("#3a1417", "#ff6a69")
            }
        }
        _ => {
            if light {
                ("#f6f8fa", "#6e7781")
            } else {
                ("#161b22", "#8b949e")
            }
        }
    }
}

fn id(n: NodeIndex) -> String {
    format!("n{}", n.index())
}

pub fn write(g: &PodGraph, view: View, theme: Theme) -> String {
    match view {
        View::Pod | View::App => pod(g, theme),
        View::Timeline => timeline(g, theme),
    }
}

/// The app view: one cluster per column, relations as labelled edges.
pub fn write_app(app: &AppGraph, theme: Theme) -> String {
    let mut out = String::new();
    header(&mut out, "app", "Application", theme);
    for (c, heading, members) in super::mermaid::app_columns(app) {
        out.push_str(&format!(
            "  subgraph cluster_column{c} {{\n    label={}; style=dashed;\n",
            quote(heading)
        ));
        for m in members {
            let node = app.node(m);
            // The pod view's colours: workloads as app containers, Services as init steps.
            let role = match super::mermaid::app_class(node) {
                "workload" => "app",
                "service" => "init",
                "ingress" => "sidecar",
                "guard" => "ephemeral",
                other => other,
            };
            let (fill, line) = fill(role, theme);
            let mut second = super::mermaid::app_detail(node);
            if !node.ports.is_empty() {
                if !second.is_empty() {
                    second.push_str(" · ");
                }
                second.push_str(&node.ports.join(", "));
            }
            out.push_str(&format!(
                "    {} [id={}, label={}, fillcolor=\"{fill}\", color=\"{line}\"];\n",
                id(m),
                quote(&node.id),
                lines(&format!("{} {}", node.object_kind, node.name), &second)
            ));
        }
        out.push_str("  }\n");
    }
    for e in app.graph.edge_indices() {
        let (a, b) = app.graph.edge_endpoints(e).expect("edge");
        let edge = &app.graph[e];
        let style = if edge.kind == AppEdgeKind::Uses {
            ", style=dashed"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} -> {} [id={}, label={}{style}];\n",
            id(a),
            id(b),
            quote(&crate::graph::app::edge_id(e)),
            quote(&edge.label)
        ));
    }
    out.push_str("}\n");
    out
}

fn header(out: &mut String, name: &str, title: &str, theme: Theme) {
    let p = palette(theme);
    out.push_str(&format!("digraph {name} {{\n"));
    out.push_str(&format!(
        "  graph [rankdir=LR, bgcolor=\"{}\", fontcolor=\"{}\", fontname=\"Helvetica\", label={}, labelloc=t, nodesep=0.3, ranksep=0.9];\n",
        p.bg,
        p.fg,
        quote(title)
    ));
    out.push_str(&format!(
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, fontcolor=\"{}\"];\n",
        p.fg
    ));
    out.push_str(&format!(
        "  edge [fontname=\"Helvetica\", fontsize=10, color=\"{}\", fontcolor=\"{}\"];\n",
        p.line, p.fg
    ));
}

fn pod(g: &PodGraph, theme: Theme) -> String {
    let p = palette(theme);
    let mut out = String::new();
    let title = format!("{} {} · restartPolicy {}", g.kind, g.name, g.restart_policy);
    header(&mut out, "pod", &title, theme);
    out.push_str(&format!(
        "  subgraph cluster_pod {{\n    label={}; style=\"rounded,filled\"; fillcolor=\"{}\"; color=\"{}\";\n    pod [shape=point, style=invis];\n",
        quote(&format!("{} {}", g.kind, g.name)),
        p.frame,
        p.line
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
        out.push_str(&format!(
            "    subgraph cluster_phase{phase} {{\n      label={}; style=dashed;\n",
            quote(heading)
        ));
        for m in members {
            let c = g.container(m).expect("container");
            let mut name = g.node(m).name.clone();
            if matches!(c.role, Role::Init | Role::Sidecar) {
                name = format!("{}. {name}", c.step);
            }
            if c.role == Role::Sidecar {
                name.push_str(" (native sidecar)");
            }
            let (fill, line) = fill(c.role.as_str(), theme);
            out.push_str(&format!(
                "      {} [id={}, label={}, fillcolor=\"{fill}\", color=\"{line}\"];\n",
                id(m),
                quote(&g.node(m).id),
                lines(&name, &c.image)
            ));
        }
        out.push_str("    }\n");
    }
    let volumes = g.nodes_where(|d| matches!(d, NodeData::Volume(_)));
    if !volumes.is_empty() {
        out.push_str("    subgraph cluster_volumes {\n      label=\"Volumes\"; style=dashed;\n");
        let (fill, line) = fill("volume", theme);
        for v in volumes {
            let NodeData::Volume(info) = &g.node(v).data else {
                continue;
            };
            let detail = format!("{} {}", info.source, info.detail);
            out.push_str(&format!(
                "      {} [id={}, shape=cylinder, label={}, fillcolor=\"{fill}\", color=\"{line}\"];\n",
                id(v),
                quote(&g.node(v).id),
                lines(&g.node(v).name, detail.trim())
            ));
        }
        out.push_str("    }\n");
    }
    out.push_str("  }\n");
    for r in g.nodes_where(|d| matches!(d, NodeData::Reference(_))) {
        let NodeData::Reference(info) = &g.node(r).data else {
            continue;
        };
        let missing = info.status == RefStatus::Missing;
        let (fill, line) = fill(if missing { "missing" } else { "ref" }, theme);
        let style = if missing {
            "\"rounded,filled,dashed\""
        } else {
            "\"rounded,filled\""
        };
        out.push_str(&format!(
            "  {} [id={}, shape=box, style={style}, label={}, fillcolor=\"{fill}\", color=\"{line}\"];\n",
            id(r),
            quote(&g.node(r).id),
            lines(&format!("{} {}", info.kind.as_str(), g.node(r).name), info.status.as_str())
        ));
    }
    for e in g.graph.edge_indices() {
        let (a, b) = g.endpoints(e);
        let data = &g.graph[e].data;
        let text = quote(&edge_label(data));
        let eid = quote(&format!("e{}", e.index()));
        let (from, to, attrs) = match data {
            EdgeData::Startup { after_completion } => (
                id(a),
                id(b),
                format!(
                    "style={}",
                    if *after_completion { "solid" } else { "dashed" }
                ),
            ),
            EdgeData::Mount {
                access: Access::Writes,
                ..
            } => (id(a), id(b), format!("label={text}")),
            EdgeData::Mount { .. } => (id(b), id(a), format!("label={text}, style=dashed")),
            EdgeData::Env { .. } | EdgeData::VolumeSource { .. } => {
                (id(b), id(a), format!("label={text}, style=dotted"))
            }
            EdgeData::Waits { .. } => (id(a), owner(g, b), format!("label={text}, style=bold")),
            EdgeData::TalksTo { .. } => (id(a), owner(g, b), format!("label={text}")),
            EdgeData::Probe { .. } => {
                let to = owner(g, b);
                if to == id(a) {
                    continue;
                }
                (id(a), to, format!("label={text}, style=dashed"))
            }
            EdgeData::UsesServiceAccount | EdgeData::PullsWith => (
                id(b),
                "pod".to_string(),
                format!("label={text}, style=dotted, lhead=cluster_pod"),
            ),
            EdgeData::Exposes => continue,
        };
        out.push_str(&format!("  {from} -> {to} [id={eid}, {attrs}];\n"));
    }
    out.push_str("}\n");
    out
}

/// Ports are drawn inside their container.
fn owner(g: &PodGraph, node: NodeIndex) -> String {
    if !matches!(g.node(node).data, NodeData::Port(_)) {
        return id(node);
    }
    g.in_edges(node)
        .into_iter()
        .find(|e| matches!(g.graph[*e].data, EdgeData::Exposes))
        .map_or_else(|| id(node), |e| id(g.endpoints(e).0))
}

fn timeline(g: &PodGraph, theme: Theme) -> String {
    let mut out = String::new();
    header(
        &mut out,
        "timeline",
        &format!("Startup and shutdown of {} {}", g.kind, g.name),
        theme,
    );
    out.push_str("  start [shape=circle, label=\"start\", style=filled];\n  stop [shape=doublecircle, label=\"end\", style=filled];\n");
    let containers: Vec<NodeIndex> = g
        .containers()
        .into_iter()
        .filter(|c| g.container(*c).is_some_and(|c| c.role != Role::Ephemeral))
        .collect();
    for c in &containers {
        let info = g.container(*c).expect("container");
        let (fill, line) = fill(info.role.as_str(), theme);
        let what = match info.role {
            Role::Init => format!("step {} · runs to completion", info.step),
            Role::Sidecar => format!("step {} · keeps running", info.step),
            _ => "app · starts with the others".to_string(),
        };
        out.push_str(&format!(
            "  {} [id={}, label={}, fillcolor=\"{fill}\", color=\"{line}\"];\n",
            id(*c),
            quote(&g.node(*c).id),
            lines(&g.node(*c).name, &what)
        ));
    }
    if let Some(first) = containers.first() {
        out.push_str(&format!("  start -> {};\n", id(*first)));
    }
    for e in g.graph.edge_indices() {
        let EdgeData::Startup { after_completion } = g.graph[e].data else {
            continue;
        };
        let (a, b) = g.endpoints(e);
        out.push_str(&format!(
            "  {} -> {} [id={}, label={}, style={}];\n",
            id(a),
            id(b),
            quote(&format!("e{}", e.index())),
            quote(if after_completion {
                "after it completes"
            } else {
                "after it starts"
            }),
            if after_completion { "solid" } else { "dashed" }
        ));
    }
    // Shutdown: the apps stop, then the sidecars in reverse order.
    let apps: Vec<NodeIndex> = containers
        .iter()
        .copied()
        .filter(|c| g.container(*c).is_some_and(|c| c.role == Role::App))
        .collect();
    let sidecars: Vec<NodeIndex> = containers
        .iter()
        .copied()
        .filter(|c| g.container(*c).is_some_and(|c| c.role == Role::Sidecar))
        .collect();
    let mut previous: Vec<String> = apps.iter().map(|a| id(*a)).collect();
    for s in sidecars.iter().rev() {
        let stop = format!("stop_{}", id(*s));
        out.push_str(&format!(
            "  {stop} [shape=plain, style=\"\", label={}];\n",
            quote(&format!("{} stops", g.node(*s).name))
        ));
        for p in &previous {
            out.push_str(&format!("  {p} -> {stop} [style=dotted];\n"));
        }
        previous = vec![stop];
    }
    for p in &previous {
        out.push_str(&format!("  {p} -> stop [style=dotted];\n"));
    }
    out.push_str("}\n");
    out
}
