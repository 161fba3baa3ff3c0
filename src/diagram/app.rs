//! The **app** view: the whole input at one level above the pod. Four columns, left to right:
//! Ingresses, Services (with the budgets and autoscalers that attach to nothing), workloads, and
//! the ConfigMaps, Secrets and claims the pods use. Every relation joins neighbouring columns,
//! so no line crosses a box. A workload's box lists its containers (init containers and native
//! sidecars first), its declared ports, its PodDisruptionBudget and autoscaler, and the problems
//! found in its document; a Service's box its port mappings; an Ingress's box its routes. Port
//! mappings and routes are written inside the boxes rather than along the lines, so labels never
//! collide; each line's tooltip says what it carries.
//!
//! Rows follow the workloads (in document order), then each Service sits beside the workloads
//! it selects and each Ingress beside its Services, config objects beside their users.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::pod::{chip_at, flow_chips, second_line_tag, text_at};
use super::scene::{Anchor, Arrow, Chip, Link, Note, Rect, Scene, Shape, Source, Text};
use super::text::{Face, fit, fit_middle, width, wrap};
use crate::graph::app::{AppEdgeKind, AppGraph, AppKind, edge_id};
use crate::graph::model::{RefStatus, Role};

const MARGIN: f32 = 20.0;
const GAP: f32 = 14.0;
const COLUMN_GAP: f32 = 110.0;
const NAME: f32 = 13.0;
const SMALL: f32 = 11.0;
/// Chips listed in one box before the rest are summed up as `+N more`.
const MAX_CHIPS: usize = 24;
const HEADING_H: f32 = 26.0;

/// The columns: (heading, minimum and maximum box width).
const COLUMNS: [(&str, f32, f32); 4] = [
    ("Ingresses", 200.0, 340.0),
    ("Services", 200.0, 320.0),
    ("Workloads", 280.0, 460.0),
    ("Config and storage", 200.0, 320.0),
];

fn column_of(app: &AppGraph, n: NodeIndex) -> Option<usize> {
    match app.node(n).kind {
        AppKind::Ingress => Some(0),
        AppKind::Service => Some(1),
        // A budget or autoscaler that attaches to a workload is drawn inside its box.
        AppKind::PodDisruptionBudget | AppKind::HorizontalPodAutoscaler => {
            app.graph.edges(n).next().is_none().then_some(1)
        }
        AppKind::Workload => Some(2),
        AppKind::ConfigMap | AppKind::Secret | AppKind::PersistentVolumeClaim => Some(3),
    }
}

fn source(app: &AppGraph, n: NodeIndex) -> Source {
    let node = app.node(n);
    Source {
        id: node.id.clone(),
        span: Some(node.span),
    }
}

fn edge_source(app: &AppGraph, e: EdgeIndex) -> Source {
    Source {
        id: edge_id(e),
        span: Some(app.graph[e].span),
    }
}

fn status_text(status: RefStatus) -> &'static str {
    match status {
        RefStatus::Defined => "in the input",
        RefStatus::Provided => "made by the cluster or the input",
        RefStatus::Optional => "not in the input · optional",
        RefStatus::Missing => "not in the input · must exist",
        RefStatus::External => "outside the cluster",
    }
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Init => "container init",
        Role::Sidecar => "container sidecar",
        Role::App | Role::Ephemeral => "container app",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The chips of a node's box, in reading order.
fn chips_of(app: &AppGraph, n: NodeIndex) -> Vec<Chip> {
    let node = app.node(n);
    let src = source(app, n);
    let mut chips = Vec::new();
    for c in &node.containers {
        let tooltip = format!("{} container {}", c.role.as_str(), c.name);
        chips.push(chip_at(
            0.0,
            0.0,
            &c.name,
            role_class(c.role),
            src.clone(),
            tooltip,
        ));
    }
    let port_class = match node.kind {
        AppKind::Ingress => "tag route",
        _ => "port",
    };
    for p in &node.ports {
        let tooltip = match node.kind {
            AppKind::Ingress => format!("route {p}"),
            AppKind::Service => format!("Service port {p}"),
            _ => format!("container port {p}"),
        };
        chips.push(chip_at(0.0, 0.0, p, port_class, src.clone(), tooltip));
    }
    // The budgets and autoscalers attached to a workload, each pointing at its own object.
    let mut attached: Vec<EdgeIndex> = app
        .graph
        .edges_directed(n, Incoming)
        .filter(|e| matches!(e.weight().kind, AppEdgeKind::Guards | AppEdgeKind::Scales))
        .map(|e| e.id())
        .collect();
    attached.sort();
    for e in attached {
        let (from, _) = app.graph.edge_endpoints(e).expect("edge");
        let owner = app.node(from);
        let short = match owner.kind {
            AppKind::PodDisruptionBudget => "PDB",
            _ => "HPA",
        };
        let text = if owner.detail.is_empty() {
            format!("{short} {}", owner.name)
        } else {
            format!("{short} {}", owner.detail)
        };
        let tooltip = format!("{} {}: {}", owner.object_kind, owner.name, owner.detail);
        chips.push(chip_at(
            0.0,
            0.0,
            &text,
            "pattern",
            Source {
                id: owner.id.clone(),
                span: Some(owner.span),
            },
            tooltip,
        ));
    }
    for (count, one, many) in [
        (node.errors, "error", "errors"),
        (node.warnings, "warning", "warnings"),
    ] {
        if count > 0 {
            chips.push(chip_at(
                0.0,
                0.0,
                &plural(count, one, many),
                one,
                src.clone(),
                format!("{many} reported on this document"),
            ));
        }
    }
    if chips.len() > MAX_CHIPS {
        let rest = chips.len() - (MAX_CHIPS - 1);
        chips.truncate(MAX_CHIPS - 1);
        chips.push(chip_at(
            0.0,
            0.0,
            &format!("+{rest} more"),
            "tag",
            src,
            format!("{rest} more not listed here: the pod view shows them"),
        ));
    }
    chips
}

/// The width a node's box would like: its name, its second line, its widest chip.
fn natural_width(app: &AppGraph, n: NodeIndex, chips: &[Chip], namespaces: bool) -> f32 {
    let node = app.node(n);
    let name = width(&node.name, Face::SansBold, NAME) + 24.0;
    let second = width(&node.object_kind, Face::Sans, SMALL)
        + 14.0
        + 16.0
        + width(&second_line(app, n, namespaces), Face::Sans, SMALL)
        + 12.0;
    let chip = chips.iter().map(|c| c.rect.w + 24.0).fold(0.0, f32::max);
    name.max(second).max(chip)
}

/// The namespace every object of the input shares (then the title names it once), if any.
fn common_namespace(app: &AppGraph) -> Option<&str> {
    let mut names = app.graph.node_weights().map(|n| n.namespace.as_str());
    let first = names.next()?;
    names.all(|n| n == first).then_some(first)
}

fn second_line(app: &AppGraph, n: NodeIndex, namespaces: bool) -> String {
    let node = app.node(n);
    let mut parts: Vec<String> = Vec::new();
    if !node.namespace.is_empty() && namespaces {
        parts.push(node.namespace.clone());
    }
    if node.status != RefStatus::Defined {
        parts.push(status_text(node.status).into());
    } else if !node.detail.is_empty() {
        parts.push(node.detail.clone());
    }
    parts.join(" · ")
}

fn class_of(app: &AppGraph, n: NodeIndex) -> String {
    let node = app.node(n);
    match node.kind {
        AppKind::Workload => "workload".into(),
        AppKind::Service if node.status == RefStatus::Defined => "service".into(),
        AppKind::Ingress => "ingress".into(),
        AppKind::PodDisruptionBudget | AppKind::HorizontalPodAutoscaler => "guard".into(),
        _ => format!("ref {} {}", node.kind.key(), node.status.as_str()),
    }
}

/// A node's box at (x, y), `w` wide; its height follows from its chips.
/// `namespaces`: the objects are in more than one namespace, so each box names its own.
#[allow(clippy::too_many_arguments, clippy::many_single_char_names)]
fn node_box(
    app: &AppGraph,
    n: NodeIndex,
    x: f32,
    y: f32,
    w: f32,
    mut chips: Vec<Chip>,
    namespaces: bool,
) -> Shape {
    let node = app.node(n);
    let src = source(app, n);
    let name = fit_middle(&node.name, Face::SansBold, NAME, w - 24.0);
    let (tag, after) = second_line_tag(&node.object_kind, &src, x, y, w);
    let detail = fit(
        &second_line(app, n, namespaces),
        Face::Sans,
        SMALL,
        x + w - 12.0 - after,
    );
    let mut texts = vec![text_at(x + 12.0, y + 21.0, name, "name", Anchor::Start)];
    if !detail.is_empty() {
        texts.push(text_at(
            after,
            y + 41.0,
            detail,
            "muted status",
            Anchor::Start,
        ));
    }
    let bottom = flow_chips(&mut chips, x + 10.0, y + 54.0, w - 20.0);
    let h = (bottom + 10.0 - y).max(56.0);
    let mut all = vec![tag];
    all.append(&mut chips);
    let mut tooltip = format!("{} {}", node.object_kind, node.name);
    let line = second_line(app, n, namespaces);
    if !line.is_empty() {
        tooltip.push_str(": ");
        tooltip.push_str(&line);
    }
    if node.kind == AppKind::Workload {
        tooltip.push_str(" (select it to open its pod view)");
    }
    Shape {
        source: src,
        rect: Rect::new(x, y, w, h),
        class: class_of(app, n),
        texts,
        chips: all,
        tooltip,
    }
}

/// Places boxes top-down near their desired centres without overlap; `None` goes last, in order.
fn stack(items: &mut [(NodeIndex, f32, Option<f32>, usize)], top: f32, ys: &mut [f32]) {
    items.sort_by(|a, b| {
        let key = |d: Option<f32>| d.unwrap_or(f32::INFINITY);
        key(a.2).total_cmp(&key(b.2)).then(a.3.cmp(&b.3))
    });
    let mut cursor = top;
    for (n, h, desired, _) in items.iter() {
        let want = desired.map_or(cursor, |d| d - h / 2.0);
        let y = want.max(cursor);
        ys[n.index()] = y;
        cursor = y + h + GAP;
    }
}

fn mean(values: impl Iterator<Item = f32>) -> Option<f32> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f32)
}

/// Lays the application out.
pub fn layout(app: &AppGraph) -> Scene {
    let count = app.graph.node_count();
    let namespaces = common_namespace(app).is_none();
    let mut chips: Vec<Vec<Chip>> = Vec::with_capacity(count);
    let mut columns: [Vec<NodeIndex>; 4] = Default::default();
    let mut column = vec![None; count];
    for n in app.graph.node_indices() {
        let c = column_of(app, n);
        column[n.index()] = c;
        if let Some(c) = c {
            columns[c].push(n);
        }
        chips.push(if c.is_some() {
            chips_of(app, n)
        } else {
            Vec::new()
        });
    }
    // Column widths and x.
    let mut xs = [0.0f32; 4];
    let mut ws = [0.0f32; 4];
    let mut x = MARGIN;
    for (c, nodes) in columns.iter().enumerate() {
        if nodes.is_empty() {
            continue;
        }
        let (_, min, max) = COLUMNS[c];
        let natural = nodes
            .iter()
            .map(|n| natural_width(app, *n, &chips[n.index()], namespaces))
            .fold(min, f32::max);
        ws[c] = natural.min(max);
        xs[c] = x;
        x += ws[c] + COLUMN_GAP;
    }
    let right = x - COLUMN_GAP + MARGIN;
    // Heights: every box laid out once at y = 0.
    let mut heights = vec![0.0f32; count];
    for (c, nodes) in columns.iter().enumerate() {
        for n in nodes {
            heights[n.index()] = node_box(
                app,
                *n,
                0.0,
                0.0,
                ws[c],
                chips[n.index()].clone(),
                namespaces,
            )
            .rect
            .h;
        }
    }
    let top = MARGIN + HEADING_H;
    let mut ys = vec![0.0f32; count];
    let order = |n: NodeIndex| n.index();
    // 1. Workloads in document order.
    let mut items: Vec<_> = columns[2]
        .iter()
        .map(|n| (*n, heights[n.index()], None, order(*n)))
        .collect();
    stack(&mut items, top, &mut ys);
    let place = |ys: &mut Vec<f32>, c: usize, dir: petgraph::Direction, want: usize, keep: bool| {
        let mut items: Vec<_> = columns[c]
            .iter()
            .map(|n| {
                let centre = |m: NodeIndex| ys[m.index()] + heights[m.index()] / 2.0;
                let others = app
                    .graph
                    .edges_directed(*n, dir)
                    .map(|e| match dir {
                        Outgoing => e.target(),
                        Incoming => e.source(),
                    })
                    .filter(|m| column[m.index()] == Some(want));
                let mut d = mean(others.map(centre));
                if keep && d.is_none() {
                    d = Some(centre(*n));
                }
                (*n, heights[n.index()], d, order(*n))
            })
            .collect();
        stack(&mut items, top, ys);
    };
    for _ in 0..2 {
        // 2. Services beside the workloads they select; 3. workloads pulled toward their
        // Services (keeping their place when no Service selects them).
        place(&mut ys, 1, Outgoing, 2, false);
        place(&mut ys, 2, Incoming, 1, true);
    }
    place(&mut ys, 1, Outgoing, 2, false);
    // 4. Ingresses beside their Services, config objects beside their users.
    place(&mut ys, 0, Outgoing, 1, false);
    place(&mut ys, 3, Incoming, 2, false);

    // Pulling boxes toward their neighbours can leave room above the first row: close it.
    let highest = columns
        .iter()
        .flatten()
        .map(|n| ys[n.index()])
        .fold(f32::INFINITY, f32::min);
    if highest.is_finite() && highest > top {
        for y in &mut ys {
            *y -= highest - top;
        }
    }
    // Boxes.
    let mut scene = Scene::default();
    let mut rects = vec![None; count];
    for (c, nodes) in columns.iter().enumerate() {
        for n in nodes {
            let shape = node_box(
                app,
                *n,
                xs[c],
                ys[n.index()],
                ws[c],
                chips[n.index()].clone(),
                namespaces,
            );
            rects[n.index()] = Some(shape.rect);
            scene.shapes.push(shape);
        }
    }
    // Column headings.
    for (c, nodes) in columns.iter().enumerate() {
        if nodes.is_empty() {
            continue;
        }
        let heading = format!("{} ({})", COLUMNS[c].0, nodes.len());
        let t = text_at(
            xs[c],
            MARGIN + 12.0,
            heading,
            "heading muted",
            Anchor::Start,
        );
        scene.notes.push(Note {
            source: Source::default(),
            rect: t.area,
            class: "rowlabel",
            texts: vec![t],
            samples: Vec::new(),
            tooltip: COLUMNS[c].0.to_string(),
        });
    }
    // Lines: each from a slot on the left box's right side to one on the right box's left side,
    // the slots ordered by the other end's height so that lines leaving one box do not cross.
    let drawn: Vec<EdgeIndex> = app
        .graph
        .edge_indices()
        .filter(|e| {
            let (a, b) = app.graph.edge_endpoints(*e).expect("edge");
            rects[a.index()].is_some() && rects[b.index()].is_some()
        })
        .collect();
    let mut out_slots: Vec<Vec<EdgeIndex>> = vec![Vec::new(); count];
    let mut in_slots: Vec<Vec<EdgeIndex>> = vec![Vec::new(); count];
    for e in &drawn {
        let (a, b) = app.graph.edge_endpoints(*e).expect("edge");
        out_slots[a.index()].push(*e);
        in_slots[b.index()].push(*e);
    }
    let y_of = |n: NodeIndex| rects[n.index()].map_or(0.0, |r| r.y + r.h / 2.0);
    let mut from_y = vec![0.0f32; app.graph.edge_count()];
    let mut to_y = vec![0.0f32; app.graph.edge_count()];
    for n in app.graph.node_indices() {
        let Some(rect) = rects[n.index()] else {
            continue;
        };
        for (slots, far_end, ys) in [
            (&mut out_slots[n.index()], true, &mut from_y),
            (&mut in_slots[n.index()], false, &mut to_y),
        ] {
            slots.sort_by(|a, b| {
                let other = |e: &EdgeIndex| {
                    let (s, t) = app.graph.edge_endpoints(*e).expect("edge");
                    y_of(if far_end { t } else { s })
                };
                other(a).total_cmp(&other(b)).then(a.cmp(b))
            });
            let k = slots.len();
            // Slots spread over the box's side below its title, at most 16 px apart.
            let room = (rect.h - 28.0).max(0.0);
            let step = if k > 1 {
                (room / (k - 1) as f32).min(16.0)
            } else {
                0.0
            };
            let first = rect.y + rect.h / 2.0 + 7.0 - step * (k.saturating_sub(1)) as f32 / 2.0;
            for (i, e) in slots.iter().enumerate() {
                ys[e.index()] = first + step * i as f32;
            }
        }
    }
    for e in drawn {
        let (a, b) = app.graph.edge_endpoints(e).expect("edge");
        let (ra, rb) = (
            rects[a.index()].expect("box"),
            rects[b.index()].expect("box"),
        );
        let (x1, y1, x2, y2) = (ra.right(), from_y[e.index()], rb.x, to_y[e.index()]);
        let bend = (x2 - x1) * 0.45;
        let d = format!(
            "M{} {}C{} {} {} {} {} {}",
            super::text::num(x1),
            super::text::num(y1),
            super::text::num(x1 + bend),
            super::text::num(y1),
            super::text::num(x2 - bend),
            super::text::num(y2),
            super::text::num(x2),
            super::text::num(y2)
        );
        let edge = &app.graph[e];
        let (from, to) = (app.node(a), app.node(b));
        let verb = match edge.kind {
            AppEdgeKind::Routes => "routes to",
            AppEdgeKind::Selects => "selects",
            AppEdgeKind::Uses => "uses",
            AppEdgeKind::Guards => "guards",
            AppEdgeKind::Scales => "scales",
        };
        let mut tooltip = format!(
            "{} {} {verb} {} {}",
            from.object_kind, from.name, to.object_kind, to.name
        );
        if !edge.label.is_empty() {
            tooltip.push_str(&format!(" ({})", edge.label));
        }
        scene.links.push(Link {
            source: edge_source(app, e),
            d,
            class: edge.kind.as_str().to_string(),
            label: None,
            tooltip,
            arrow: Arrow::End,
        });
    }
    let mut bottom = scene
        .shapes
        .iter()
        .map(|s| s.rect.bottom())
        .fold(top, f32::max);
    // What the view leaves out.
    let mut lines: Vec<String> = Vec::new();
    if !app.not_drawn.is_empty() {
        let kinds: Vec<String> = app
            .not_drawn
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        lines.push(format!("Not drawn: {}.", kinds.join(", ")));
    }
    if app.relations_cut {
        lines.push(format!(
            "Too many Services and workloads: selectors were matched {} times, and the rest left out.",
            crate::graph::app::MAX_SELECTOR_COMPARISONS
        ));
    }
    let width_all = right.max(360.0);
    if !lines.is_empty() {
        let w = width_all - 2.0 * MARGIN;
        let y = bottom + 18.0;
        let mut texts: Vec<Text> = Vec::new();
        let mut line_y = y + 20.0;
        for line in &lines {
            for part in wrap(line, Face::Sans, SMALL, w - 28.0) {
                texts.push(text_at(MARGIN + 14.0, line_y, part, "muted", Anchor::Start));
                line_y += 16.0;
            }
        }
        let rect = Rect::new(MARGIN, y, w, line_y - y - 2.0);
        scene.notes.push(Note {
            source: Source {
                id: "not-drawn".into(),
                span: None,
            },
            rect,
            class: "note",
            texts,
            samples: Vec::new(),
            tooltip: lines.join(" "),
        });
        bottom = rect.bottom();
    }
    scene.width = width_all;
    scene.height = bottom + MARGIN;
    let workloads = columns[2].len();
    let services = app
        .graph
        .node_indices()
        .filter(|n| app.node(*n).kind == AppKind::Service)
        .count();
    let ingresses = columns[0].len();
    let place = match common_namespace(app) {
        Some(namespace) if !namespace.is_empty() => format!(" in namespace {namespace}"),
        _ => String::new(),
    };
    scene.title = format!(
        "Application{place}: {}, {}, {}",
        plural(workloads, "workload", "workloads"),
        plural(services, "Service", "Services"),
        plural(ingresses, "Ingress", "Ingresses"),
    );
    scene.description = describe(app);
    scene
}

/// A plain-text account of the application for screen readers: each workload and what
/// relates to it.
pub fn describe(app: &AppGraph) -> String {
    let mut out = Vec::new();
    for n in app.graph.node_indices() {
        let node = app.node(n);
        if node.kind != AppKind::Workload {
            continue;
        }
        let mut parts = vec![format!("{} {}", node.object_kind, node.name)];
        if !node.detail.is_empty() {
            parts[0].push_str(&format!(" ({})", node.detail));
        }
        let mut relations: Vec<EdgeIndex> = app
            .graph
            .edges_directed(n, Incoming)
            .chain(app.graph.edges_directed(n, Outgoing))
            .map(|e| e.id())
            .collect();
        relations.sort();
        for e in relations {
            let (a, b) = app.graph.edge_endpoints(e).expect("edge");
            let edge = &app.graph[e];
            let other = app.node(if a == n { b } else { a });
            let what = match edge.kind {
                AppEdgeKind::Selects => "selected by",
                AppEdgeKind::Guards => "guarded by",
                AppEdgeKind::Scales => "scaled by",
                AppEdgeKind::Uses => "uses",
                AppEdgeKind::Routes => "routed from",
            };
            parts.push(format!("{what} {} {}", other.object_kind, other.name));
        }
        out.push(parts.join("; "));
    }
    if out.is_empty() {
        "No workloads.".into()
    } else {
        out.join(". ") + "."
    }
}
