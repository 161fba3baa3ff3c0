//! The startup and shutdown timeline: one row per container, time to the right in steps (not to
//! scale). Plain init containers run one after another, each to completion; native sidecars
//! start in their place in that sequence and keep running until after the app containers have
//! stopped, then stop in reverse order; app containers start together once the init phase is
//! done. Ephemeral containers are not part of startup and are left out.

#![allow(clippy::many_single_char_names)] // Geometry reads best as x, y, w, h.

use petgraph::graph::NodeIndex;

use super::pod::{chip_at, describe_edge, text_at};
use super::scene::{Anchor, Arrow, Frame, Link, Note, Rect, Scene, Shape, Source};
use super::text::{Face, fit, num, width};
use crate::graph::model::{EdgeData, NodeData, PatternKind, PodGraph, RefStatus, Role};
use crate::graph::shell::Lifetime;

const MARGIN: f32 = 20.0;
const LABEL_W: f32 = 230.0;
const STEP_W: f32 = 170.0;
const MAX_STEP_W: f32 = 320.0;
const RUN_W: f32 = 240.0;
const STOP_W: f32 = 130.0;
const ROW_H: f32 = 46.0;
const BAR_H: f32 = 26.0;

struct Column {
    x: f32,
    w: f32,
}

fn bar_text(g: &PodGraph, node: NodeIndex, job: bool) -> String {
    let c = g.container(node).expect("container");
    let waits: Vec<String> = g
        .out_edges(node)
        .into_iter()
        .filter_map(|e| match &g.graph[e].data {
            EdgeData::Waits { host, .. } => {
                let target = g.node(g.endpoints(e).1);
                let missing = matches!(&target.data, NodeData::Reference(r) if r.status == RefStatus::Missing);
                Some(if missing {
                    format!("{host} (missing)")
                } else {
                    host.clone()
                })
            }
            _ => None,
        })
        .collect();
    let wait = if waits.is_empty() {
        String::new()
    } else {
        format!(" · waits for {}", waits.join(", "))
    };
    let crash = matches!(c.lifetime, Lifetime::ExitsAtOnce { .. })
        && (c.role == Role::Sidecar || (c.role == Role::App && !job));
    if crash {
        return "exits at once · restarted again and again (crash loop)".to_string();
    }
    if holds_job_open(g, node, job) {
        return format!("keeps running · the {} never completes", g.kind);
    }
    match c.role {
        Role::Init if !waits.is_empty() => {
            format!("waits for {}, then completes", waits.join(", "))
        }
        Role::Init => "runs to completion".to_string(),
        Role::Sidecar => {
            let gate = if c.has_startup_probe {
                "started (startupProbe passed)"
            } else {
                "started"
            };
            format!("{gate} · keeps running{wait}")
        }
        Role::App if job => format!("runs to completion{wait}"),
        Role::App => format!("running{wait}"),
        Role::Ephemeral => String::new(),
    }
}

/// A helper among a Job's app containers that keeps running (a server, a proxy, a log shipper):
/// the pod is done only when every app container has exited, so it never is.
fn holds_job_open(g: &PodGraph, node: NodeIndex, job: bool) -> bool {
    let Some(c) = g.container(node) else {
        return false;
    };
    c.role == Role::App
        && job
        && g.main != Some(node)
        && (c.lifetime == Lifetime::LongRunning || c.helper.is_some())
}

/// Lays out the timeline view.
pub fn layout(g: &PodGraph) -> Scene {
    let mut scene = Scene::default();
    let job = g.restart_policy != "Always";
    let rows: Vec<NodeIndex> = g
        .containers()
        .into_iter()
        .filter(|c| g.container(*c).is_some_and(|c| c.role != Role::Ephemeral))
        .collect();
    let inits: Vec<NodeIndex> = rows
        .iter()
        .copied()
        .filter(|c| {
            g.container(*c)
                .is_some_and(|c| matches!(c.role, Role::Init | Role::Sidecar))
        })
        .collect();
    let sidecars: Vec<NodeIndex> = inits
        .iter()
        .copied()
        .filter(|c| g.container(*c).is_some_and(|c| c.role == Role::Sidecar))
        .collect();
    let apps: Vec<NodeIndex> = rows
        .iter()
        .copied()
        .filter(|c| g.container(*c).is_some_and(|c| c.role == Role::App))
        .collect();

    // Steps are as wide as their longest bar text needs, within bounds.
    let step_w = inits
        .iter()
        .filter(|i| g.container(**i).is_some_and(|c| c.role == Role::Init))
        .map(|i| width(&bar_text(g, *i, job), Face::Sans, 11.0) + 30.0)
        .fold(STEP_W, f32::max)
        .min(MAX_STEP_W);
    let title_y = MARGIN + 16.0;
    let band_y = MARGIN + 30.0;
    let rows_y = band_y + 36.0;
    let mut x = MARGIN + LABEL_W;
    let steps: Vec<Column> = inits
        .iter()
        .map(|_| {
            let c = Column { x, w: step_w };
            x += step_w;
            c
        })
        .collect();
    let run = Column { x, w: RUN_W };
    x += RUN_W;
    let apps_stop = Column { x, w: STOP_W };
    x += STOP_W;
    // Sidecars stop in reverse order of their start.
    let stops: Vec<(NodeIndex, Column)> = sidecars
        .iter()
        .rev()
        .map(|s| {
            let c = Column { x, w: STOP_W };
            x += STOP_W;
            (*s, c)
        })
        .collect();
    let right = x;
    let bottom = rows_y + rows.len().max(1) as f32 * ROW_H + 6.0;
    let pod_name = if g.name.is_empty() {
        "(unnamed)"
    } else {
        &g.name
    };

    // Phase bands.
    let mut bands: Vec<(f32, f32, String)> = Vec::new();
    if !steps.is_empty() {
        let title = if steps.len() < 2 {
            "Init phase"
        } else if sidecars.is_empty() {
            "Init phase · one at a time"
        } else {
            "Init phase · in order"
        };
        bands.push((steps[0].x, run.x, title.to_string()));
    }
    bands.push((
        run.x,
        apps_stop.x,
        if job {
            "Running · until the app containers finish".to_string()
        } else {
            "Running".to_string()
        },
    ));
    bands.push((
        apps_stop.x,
        right,
        if sidecars.is_empty() {
            "Shutdown".to_string()
        } else {
            "Shutdown · apps, then sidecars".to_string()
        },
    ));
    for (x0, x1, title) in bands {
        let rect = Rect::new(x0 + 2.0, band_y, x1 - x0 - 4.0, bottom - band_y);
        let t = fit(&title, Face::SansBold, 12.0, rect.w - 16.0);
        scene.frames.push(Frame {
            source: Source::default(),
            rect,
            class: "group",
            title: text_at(x0 + 10.0, band_y + 20.0, t, "heading muted", Anchor::Start),
            tooltip: title,
        });
    }

    // Rows.
    let mut bar_of: Vec<(NodeIndex, Rect)> = Vec::new();
    for (i, node) in rows.iter().enumerate() {
        let c = g.container(*node).expect("container");
        let n = g.node(*node);
        let y = rows_y + i as f32 * ROW_H;
        let src = Source {
            id: n.id.clone(),
            span: Some(n.span),
        };
        // The row's label.
        let role = match c.role {
            Role::Init => format!("init container · step {}", c.step),
            Role::Sidecar => format!("native sidecar · step {}", c.step),
            Role::App => match g
                .patterns
                .iter()
                .find(|p| p.container == *node && p.kind != PatternKind::LegacySidecar)
            {
                Some(p) => format!("app container · {}", p.kind.title()),
                None => "app container".to_string(),
            },
            Role::Ephemeral => String::new(),
        };
        scene.shapes.push(Shape {
            source: src.clone(),
            rect: Rect::new(MARGIN, y + 2.0, LABEL_W - 12.0, ROW_H - 4.0),
            class: "rowlabel".into(),
            texts: vec![
                text_at(
                    MARGIN + 4.0,
                    y + 18.0,
                    fit(&n.name, Face::SansBold, 13.0, LABEL_W - 20.0),
                    "name",
                    Anchor::Start,
                ),
                text_at(MARGIN + 4.0, y + 34.0, role, "muted", Anchor::Start),
            ],
            chips: Vec::new(),
            tooltip: format!("{} ({})", n.name, c.image),
        });
        let (x0, x1) = match c.role {
            Role::Init => {
                let col = &steps[inits.iter().position(|s| s == node).unwrap_or(0)];
                (col.x + 6.0, col.x + col.w - 6.0)
            }
            Role::Sidecar => {
                let col = &steps[inits.iter().position(|s| s == node).unwrap_or(0)];
                let stop = stops
                    .iter()
                    .find(|(s, _)| s == node)
                    .map_or(right, |(_, c)| c.x + c.w * 0.75);
                (col.x + 6.0, stop)
            }
            // It never exits: its bar runs past the stop column to the edge.
            _ if holds_job_open(g, *node, job) => (run.x + 6.0, right),
            _ => (run.x + 6.0, apps_stop.x + apps_stop.w * 0.75),
        };
        let rect = Rect::new(x0, y + (ROW_H - BAR_H) / 2.0, x1 - x0, BAR_H);
        let mut chips = Vec::new();
        if matches!(c.role, Role::Sidecar | Role::App) {
            let (label, why) = if c.role == Role::Sidecar {
                (
                    "stops",
                    "stopped after the app containers, in reverse order of start",
                )
            } else if holds_job_open(g, *node, job) {
                (
                    "never exits",
                    "it keeps running, and the pod is done only when every app container has exited",
                )
            } else if job {
                (
                    "exits",
                    "the pod is done when every app container has exited",
                )
            } else {
                (
                    "stops",
                    "app containers are stopped first when the pod shuts down",
                )
            };
            let mut stop = chip_at(0.0, 0.0, label, "tag", src.clone(), why.into());
            let sx = rect.right() - stop.rect.w - 5.0;
            let sy = rect.y + (BAR_H - stop.rect.h) / 2.0;
            stop.rect.x = sx;
            stop.rect.y = sy;
            stop.text.x += sx;
            stop.text.y += sy;
            stop.text.area.x += sx;
            stop.text.area.y += sy;
            chips.push(stop);
        }
        let room = rect.w - 16.0 - chips.first().map_or(0.0, |c| c.rect.w + 8.0);
        let text = fit(&bar_text(g, *node, job), Face::Sans, 11.0, room);
        let texts = vec![text_at(
            rect.x + 8.0,
            rect.y + 17.0,
            text,
            "",
            Anchor::Start,
        )];
        let tooltip = match c.role {
            Role::Init => format!(
                "{} runs to completion at step {} before the next container starts",
                n.name, c.step
            ),
            Role::Sidecar => format!(
                "{} starts at step {}{}, keeps running while the app containers run, and stops after them",
                n.name,
                c.step,
                if c.has_startup_probe {
                    " (the next step waits for its startupProbe)"
                } else {
                    ""
                }
            ),
            _ if job => format!(
                "{} starts with the other app containers and runs to completion",
                n.name
            ),
            _ => format!(
                "{} starts with the other app containers once the init phase is done",
                n.name
            ),
        };
        scene.shapes.push(Shape {
            source: src,
            rect,
            class: format!("bar {}", c.role.as_str()),
            texts,
            chips,
            tooltip,
        });
        bar_of.push((*node, rect));
    }

    // Startup arrows: from where step k ends to the start of what follows it.
    let bar = |n: NodeIndex| bar_of.iter().find(|(m, _)| *m == n).map(|(_, r)| *r);
    for e in g.graph.edge_indices() {
        let EdgeData::Startup { after_completion } = g.graph[e].data else {
            continue;
        };
        let (a, b) = g.endpoints(e);
        let (Some(ra), Some(rb)) = (bar(a), bar(b)) else {
            continue;
        };
        let step_end = inits
            .iter()
            .position(|s| *s == a)
            .map_or(ra.right(), |k| steps[k].x + steps[k].w - 6.0);
        let (x0, y0) = if after_completion {
            (step_end, ra.y + ra.h / 2.0)
        } else {
            (step_end, ra.bottom())
        };
        let (x1, y1) = (rb.x, rb.y + rb.h / 2.0);
        let d = format!(
            "M{} {}C{} {} {} {} {} {}",
            num(x0),
            num(y0),
            num(x0 + 10.0),
            num(y1),
            num(x1 - 12.0),
            num(y1),
            num(x1 - 1.0),
            num(y1)
        );
        scene.links.push(Link {
            source: Source {
                id: format!("e{}", e.index()),
                span: Some(g.graph[e].span),
            },
            d,
            class: if after_completion {
                "startup".into()
            } else {
                "startup started".into()
            },
            label: None,
            tooltip: describe_edge(g, e),
            arrow: Arrow::End,
        });
    }

    // Legend.
    let legend_y = bottom + 16.0;
    let entries: [(&str, &str); 5] = [
        ("swatch-init", "init container: runs to completion"),
        ("swatch-sidecar", "native sidecar: keeps running"),
        ("swatch-app", "app container"),
        ("startup", "starts after the previous completes"),
        ("startup started", "starts once the sidecar has started"),
    ];
    let mut texts = Vec::new();
    let mut samples = Vec::new();
    let (mut lx, mut ly) = (MARGIN, legend_y + 10.0);
    let legend_w = (right - MARGIN).max(520.0);
    let used: Vec<String> = scene
        .shapes
        .iter()
        .filter_map(|s| s.class.strip_prefix("bar ").map(|r| format!("swatch-{r}")))
        .chain(scene.links.iter().map(|l| l.class.clone()))
        .collect();
    for (class, label) in entries
        .into_iter()
        .filter(|(c, _)| used.iter().any(|u| u == c))
    {
        let item_w = 40.0 + width(label, Face::Sans, 11.0) + 22.0;
        if lx > MARGIN && lx + item_w > MARGIN + legend_w {
            lx = MARGIN;
            ly += 20.0;
        }
        let arrow = if class.starts_with("startup") {
            Arrow::End
        } else {
            Arrow::None
        };
        samples.push((
            format!(
                "M{} {}L{} {}",
                num(lx + 2.0),
                num(ly),
                num(lx + 34.0),
                num(ly)
            ),
            class.to_string(),
            arrow,
        ));
        texts.push(text_at(
            lx + 42.0,
            ly + 4.0,
            label.to_string(),
            "muted",
            Anchor::Start,
        ));
        lx += item_w;
    }
    scene.notes.push(Note {
        source: Source {
            id: "legend".into(),
            span: None,
        },
        rect: Rect::new(MARGIN, legend_y, legend_w, ly - legend_y + 10.0),
        class: "legend",
        texts,
        samples,
        tooltip: "Legend".into(),
    });
    let caption = fit(
        &format!("Startup and shutdown of {} {pod_name}", g.kind),
        Face::SansBold,
        14.0,
        (right - MARGIN).max(LABEL_W),
    );
    scene.notes.push(Note {
        source: Source {
            id: g.node(g.pod).id.clone(),
            span: Some(g.span),
        },
        rect: Rect::new(MARGIN, MARGIN, width(&caption, Face::SansBold, 14.0), 20.0),
        class: "caption",
        texts: vec![text_at(MARGIN, title_y, caption, "title", Anchor::Start)],
        samples: Vec::new(),
        tooltip: format!(
            "{} {} · restartPolicy {}",
            g.kind, pod_name, g.restart_policy
        ),
    });
    if rows.is_empty() {
        scene.notes.push(Note {
            source: Source::default(),
            rect: Rect::new(MARGIN, rows_y, LABEL_W - 12.0, 20.0),
            class: "empty",
            texts: vec![text_at(
                MARGIN + 4.0,
                rows_y + 14.0,
                "no containers".into(),
                "muted",
                Anchor::Start,
            )],
            samples: Vec::new(),
            tooltip: String::new(),
        });
    }
    scene.width = right.max(MARGIN + legend_w) + MARGIN;
    scene.height = ly + 10.0 + MARGIN;
    scene.title = format!("{} {pod_name}: startup and shutdown", g.kind);
    scene.description = describe(g, &inits, &apps, &sidecars, job);
    scene
}

fn describe(
    g: &PodGraph,
    inits: &[NodeIndex],
    apps: &[NodeIndex],
    sidecars: &[NodeIndex],
    job: bool,
) -> String {
    let name = |n: &NodeIndex| g.node(*n).name.clone();
    let mut parts = Vec::new();
    for (k, i) in inits.iter().enumerate() {
        let c = g.container(*i).expect("container");
        parts.push(if c.role == Role::Sidecar {
            format!(
                "step {}: native sidecar {} starts and keeps running",
                k + 1,
                name(i)
            )
        } else {
            format!(
                "step {}: init container {} runs to completion",
                k + 1,
                name(i)
            )
        });
    }
    if !apps.is_empty() {
        let names: Vec<String> = apps.iter().map(name).collect();
        parts.push(format!(
            "then the app containers {} start together{}",
            names.join(", "),
            if job { " and run to completion" } else { "" }
        ));
    }
    let mut shutdown = "at shutdown the app containers stop first".to_string();
    if !sidecars.is_empty() {
        let names: Vec<String> = sidecars.iter().rev().map(name).collect();
        shutdown.push_str(&format!(
            ", then the sidecars {} in that order",
            names.join(", ")
        ));
    }
    parts.push(shutdown);
    format!("Startup of {} {}: {}.", g.kind, g.name, parts.join("; "))
}
