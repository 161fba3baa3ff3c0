//! The pod view: containers grouped by phase on the left (init containers and native sidecars
//! in startup order, then the app containers, then ephemeral ones), the volumes in the middle,
//! and the objects the pod refers to on the right, outside the pod.
//!
//! The layout is layered and deterministic. Each box has one slot per edge on its right side;
//! an edge leaves its slot horizontally under its label, then curves to the next column. Slots
//! are 20 px apart inside the box's own height, so labels cannot collide, and an edge that
//! skips the volume column passes it in a lane of its own between the volume boxes. Volumes and
//! references are placed next to the slots that lead to them (then pushed down so boxes never
//! overlap), and slots are sorted by where their edge goes, which keeps crossings few.

#![allow(clippy::many_single_char_names)] // Geometry reads best as x, y, w, h.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::scene::{Anchor, Arrow, Chip, Frame, Link, Note, Rect, Scene, Shape, Source, Text};
use super::text::{Face, fit, fit_middle, num, num_into, width, wrap};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Severity;
use crate::graph::edge_label;
use crate::graph::model::{
    Access, EdgeData, NodeData, PodGraph, RefKind, RefStatus, Role, sort_small,
};
use crate::graph::shell::Lifetime;

const MARGIN: f32 = 20.0;
const SLOT: f32 = 20.0;
// Each column's boxes are as wide as their widest text needs, between these bounds; text is
// shortened only past the maximum (names, images, paths in the middle; the tooltip has it all).
const CONTAINER_W: f32 = 320.0;
const CONTAINER_MAX: f32 = 440.0;
const VOLUME_W: f32 = 270.0;
const VOLUME_MAX: f32 = 380.0;
const REF_W: f32 = 280.0;
const REF_MAX: f32 = 380.0;
const CURVE: f32 = 72.0;
const NAME: f32 = 13.0;
const SMALL: f32 = 11.0;
const CHIP_H: f32 = 18.0;
const MAX_LABEL: f32 = 340.0;

/// The widths of the three columns' boxes in one pod view.
struct Widths {
    container: f32,
    volume: f32,
    reference: f32,
}

/// What each column needs for its texts on one line, within its bounds.
fn widths_of(
    g: &PodGraph,
    containers: &[NodeIndex],
    volumes: &[NodeIndex],
    refs: &[NodeIndex],
) -> Widths {
    let name = |n: NodeIndex| width(&g.node(n).name, Face::SansBold, NAME);
    let mono = |t: &str| width(t, Face::Mono, SMALL);
    let tag = |t: &str| width(t, Face::Sans, SMALL) + 14.0;
    let container = containers
        .iter()
        .filter_map(|&n| g.container(n).map(|c| (n, c)))
        .map(|(n, c)| {
            let indent = if matches!(c.role, Role::Init | Role::Sidecar) {
                34.0
            } else {
                12.0
            };
            let head = indent + name(n) + 8.0 + tag(role_title(c.role)) + 10.0;
            // The command line is shortened at its end in any width (the tooltip has it all):
            // it does not widen the column.
            head.max(mono(&c.image) + 24.0)
        })
        .fold(CONTAINER_W, f32::max)
        .min(CONTAINER_MAX);
    let volume = volumes
        .iter()
        .map(|&n| {
            let detail = match &g.node(n).data {
                NodeData::Volume(v) => {
                    mono(&v.detail) + tag(volume_kind(&v.source)).min(VOLUME_MAX / 2.0) + 28.0
                }
                _ => 0.0,
            };
            (name(n) + 24.0).max(detail)
        })
        .fold(VOLUME_W, f32::max)
        .min(VOLUME_MAX);
    let reference = refs
        .iter()
        .map(|&n| {
            let status = match &g.node(n).data {
                NodeData::Reference(r) => {
                    width(status_text(r.status), Face::Sans, SMALL)
                        + tag(ref_title(r.kind)).min(REF_MAX / 2.0)
                        + 28.0
                }
                _ => 0.0,
            };
            (name(n) + 24.0).max(status)
        })
        .fold(REF_W, f32::max)
        .min(REF_MAX);
    Widths {
        container,
        volume,
        reference,
    }
}

/// The tag of a volume's source.
fn volume_kind(source: &str) -> &str {
    match source {
        "persistentVolumeClaim" => "PVC",
        "volumeClaimTemplate" => "claim template",
        "" => "no source",
        other => other,
    }
}

/// The text area of a line of text whose baseline is at `y`.
pub fn text_at(x: f32, y: f32, text: String, class: &'static str, anchor: Anchor) -> Text {
    let (face, size) = face_of(class);
    let w = width(&text, face, size);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    Text {
        x,
        y,
        area: Rect::new(left, y - size * 0.82, w, size * 1.08),
        text,
        class,
        anchor,
    }
}

/// The face and size of a text class (see the SVG style sheet).
pub fn face_of(class: &str) -> (Face, f32) {
    let mono = class.contains("mono");
    if class.contains("title") {
        (Face::SansBold, 14.0)
    } else if class.contains("name") {
        (Face::SansBold, NAME)
    } else if class.contains("heading") || class.contains("step") {
        (Face::SansBold, 12.0)
    } else if mono {
        (Face::Mono, SMALL)
    } else {
        (Face::Sans, SMALL)
    }
}

/// A chip of text at (x, y) (top left).
pub fn chip_at(x: f32, y: f32, text: &str, class: &str, source: Source, tooltip: String) -> Chip {
    let text_class = if class.contains("port") { "mono" } else { "" };
    let (face, size) = face_of(text_class);
    let w = width(text, face, size) + 14.0;
    Chip {
        source,
        rect: Rect::new(x, y, w, CHIP_H),
        text: text_at(
            x + 7.0,
            y + 13.0,
            text.to_string(),
            text_class,
            Anchor::Start,
        ),
        class: class.to_string(),
        tooltip,
    }
}

/// Lays chips out in rows from (x, y) within `max` pixels; returns the bottom.
pub(super) fn flow_chips(chips: &mut [Chip], x: f32, y: f32, max: f32) -> f32 {
    let (mut cx, mut cy) = (x, y);
    let mut any = false;
    let units: Vec<f32> = (0..chips.len())
        .map(|i| {
            // A port keeps its probe chips on its row.
            let glued: f32 = chips[i + 1..]
                .iter()
                .take_while(|c| c.class == "probe")
                .map(|c| c.rect.w + 5.0)
                .sum();
            if chips[i].class == "probe" {
                chips[i].rect.w
            } else {
                chips[i].rect.w + glued
            }
        })
        .collect();
    for (i, chip) in chips.iter_mut().enumerate() {
        let w = chip.rect.w.min(max);
        let unit = units[i].min(max);
        if cx > x && cx + unit > x + max {
            cx = x;
            cy += CHIP_H + 5.0;
        }
        let dx = cx - chip.rect.x;
        let dy = cy - chip.rect.y;
        chip.rect.x += dx;
        chip.rect.y += dy;
        chip.rect.w = w;
        chip.text.x += dx;
        chip.text.y += dy;
        chip.text.area.x += dx;
        chip.text.area.y += dy;
        if chip.text.area.right() > chip.rect.right() - 4.0 {
            let (face, size) = face_of(chip.text.class);
            chip.text.text = fit(&chip.text.text, face, size, chip.rect.w - 14.0);
            chip.text.area.w = width(&chip.text.text, face, size);
        }
        cx += w + 5.0;
        any = true;
    }
    if any { cy + CHIP_H } else { y - 5.0 }
}

/// An edge drawn from a slot on one box's right side to a slot on another's left side.
struct Flow {
    edge: EdgeIndex,
    from: NodeIndex,
    to: NodeIndex,
    /// The height of its lane through the volume column, for edges from a container to a
    /// reference.
    lane_y: Option<f32>,
    from_y: f32,
    to_y: f32,
    label: String,
}

struct Item {
    node: Option<NodeIndex>,
    /// The node's box, laid out at y = 0 until placed.
    shape: Option<Shape>,
    /// For lanes: the flow that passes.
    flow: Option<usize>,
    h: f32,
    desired: f32,
    order: usize,
    y: f32,
}

/// The boxes of the nodes, by node index.
struct Boxes(Vec<Option<Shape>>);

impl Boxes {
    fn insert(&mut self, n: NodeIndex, shape: Shape) {
        self.0[n.index()] = Some(shape);
    }

    fn get(&self, n: NodeIndex) -> Option<&Shape> {
        self.0.get(n.index()).and_then(Option::as_ref)
    }

    fn rect(&self, n: NodeIndex) -> Rect {
        self.get(n).map_or_else(Rect::default, |s| s.rect)
    }

    fn take(&mut self, n: NodeIndex) -> Option<Shape> {
        self.0.get_mut(n.index()).and_then(Option::take)
    }
}

/// Places items top-down near their desired centre without overlap.
fn place(items: &mut [Item], top: f32, gap: f32) {
    // Items without a desired place (infinite) go last, in their order.
    sort_small(items, |a, b| {
        a.desired
            .total_cmp(&b.desired)
            .then(a.order.cmp(&b.order))
            .is_lt()
    });
    let mut cursor = top;
    for item in items.iter_mut() {
        let want = if item.desired.is_finite() {
            item.desired - item.h / 2.0
        } else {
            cursor
        };
        item.y = want.max(cursor);
        cursor = item.y + item.h + gap;
    }
}

/// Slot positions for `n` edges, centred in a box.
fn slots(rect: &Rect, n: usize, header: f32) -> Vec<f32> {
    if n == 0 {
        return Vec::new();
    }
    let span = (n - 1) as f32 * SLOT;
    let first = (rect.y + (rect.h - span) / 2.0).max(rect.y + header);
    (0..n).map(|k| first + k as f32 * SLOT).collect()
}

fn mean(values: &[f32]) -> f32 {
    if values.is_empty() {
        f32::INFINITY
    } else {
        values.iter().sum::<f32>() / values.len() as f32
    }
}

fn source(g: &PodGraph, node: NodeIndex) -> Source {
    let n = g.node(node);
    Source {
        id: n.id.clone(),
        span: Some(n.span),
    }
}

fn edge_source(g: &PodGraph, e: EdgeIndex) -> Source {
    Source {
        id: format!("e{}", e.index()),
        span: Some(g.graph[e].span),
    }
}

fn role_title(role: Role) -> &'static str {
    match role {
        Role::Init => "init",
        Role::Sidecar => "native sidecar",
        Role::App => "app",
        Role::Ephemeral => "ephemeral",
    }
}

fn ref_title(kind: RefKind) -> &'static str {
    match kind {
        RefKind::ConfigMap => "ConfigMap",
        RefKind::Secret => "Secret",
        RefKind::PersistentVolumeClaim => "PVC",
        RefKind::ServiceAccount => "ServiceAccount",
        RefKind::Service => "Service",
        RefKind::Host => "host",
    }
}

fn status_text(status: RefStatus) -> &'static str {
    match status {
        RefStatus::Defined => "defined in the input",
        RefStatus::Provided => "provided by the cluster",
        RefStatus::Optional => "optional · not in the input",
        RefStatus::Missing => "missing from the input",
        RefStatus::External => "outside the cluster",
    }
}

/// What an edge means, in a sentence.
pub fn describe_edge(g: &PodGraph, e: EdgeIndex) -> String {
    let (a, b) = g.endpoints(e);
    let (an, bn) = (&g.node(a).name, &g.node(b).name);
    match &g.graph[e].data {
        EdgeData::Startup { after_completion } => format!(
            "{bn} starts after {an} has {}",
            if *after_completion {
                "completed"
            } else {
                "started"
            }
        ),
        EdgeData::Mount {
            mount_path,
            sub_path,
            read_only,
            access,
            device,
        } => {
            let sub = if sub_path.is_empty() {
                String::new()
            } else {
                format!(" (subPath {sub_path})")
            };
            let how = match (device, read_only, access) {
                (true, _, _) => "attaches the block device of",
                (false, true, _) => "reads (read-only mount)",
                (false, false, Access::Reads) => "reads (read-write mount, used for reading)",
                (false, false, Access::Writes) => "may write (read-write mount)",
            };
            format!("{an} {how} {bn} at {mount_path}{sub}")
        }
        EdgeData::Env {
            variables,
            keys,
            all_keys,
            optional,
            ..
        } => {
            let opt = if *optional { " (optional)" } else { "" };
            if *all_keys {
                format!("{an} takes every key of {bn} as environment variables{opt}")
            } else {
                let pairs: Vec<String> = variables
                    .iter()
                    .zip(keys)
                    .map(|(v, k)| format!("{v} = {k}"))
                    .collect();
                format!("{an} sets {} from {bn}{opt}", pairs.join(", "))
            }
        }
        EdgeData::VolumeSource { keys, optional, .. } => {
            let opt = if *optional { " (optional)" } else { "" };
            if keys.is_empty() {
                format!("volume {an} is made from {bn}{opt}")
            } else {
                format!(
                    "volume {an} is made from the keys {} of {bn}{opt}",
                    keys.join(", ")
                )
            }
        }
        EdgeData::Exposes => format!("{an} declares port {bn}"),
        EdgeData::Probe { probe } => {
            format!("the {} probe of {an} checks port {bn}", probe.as_str())
        }
        EdgeData::Waits { tool, host, port } => {
            let port = port.map_or_else(String::new, |p| format!(":{p}"));
            format!("{an} waits for {host}{port} ({tool} in a loop)")
        }
        EdgeData::TalksTo { via, address } => format!("{an} talks to {address} ({via})"),
        EdgeData::UsesServiceAccount => format!("the pod runs as ServiceAccount {bn}"),
        EdgeData::PullsWith => format!("images are pulled with Secret {bn}"),
    }
}

fn flow_class(g: &PodGraph, e: EdgeIndex) -> (&'static str, Arrow) {
    match &g.graph[e].data {
        EdgeData::Mount {
            access: Access::Writes,
            ..
        } => ("writes", Arrow::End),
        EdgeData::Mount { .. } => ("reads", Arrow::Start),
        EdgeData::Env { .. } => ("env", Arrow::Start),
        EdgeData::VolumeSource { .. } => ("source", Arrow::Start),
        EdgeData::Waits { .. } => ("wait", Arrow::End),
        EdgeData::TalksTo { .. } => ("talk", Arrow::End),
        EdgeData::Probe { .. } => ("probe", Arrow::End),
        EdgeData::UsesServiceAccount | EdgeData::PullsWith => ("pod", Arrow::Start),
        EdgeData::Startup { .. } | EdgeData::Exposes => ("startup", Arrow::End),
    }
}

/// A curve from (x1, y1) to (x2, y2), horizontal at both ends, appended to path data.
fn curve(d: &mut String, x1: f32, y1: f32, x2: f32, y2: f32) {
    if (y1 - y2).abs() < 0.5 {
        d.push('L');
        point(d, x2, y2);
        return;
    }
    let dx = (x2 - x1) / 2.0;
    d.push('C');
    point(d, x1 + dx, y1);
    d.push(' ');
    point(d, x2 - dx, y2);
    d.push(' ');
    point(d, x2, y2);
}

/// `x y` appended to path data.
fn point(d: &mut String, x: f32, y: f32) {
    num_into(d, x);
    d.push(' ');
    num_into(d, y);
}

/// The column a node is drawn in: -1 the pod frame, 0 containers, 1 volumes, 2 references,
/// 3 ports (chips on their container).
fn column_of(g: &PodGraph, n: NodeIndex) -> i32 {
    match g.node(n).data {
        NodeData::Container(_) => 0,
        NodeData::Volume(_) => 1,
        NodeData::Reference(_) => 2,
        NodeData::Pod => -1,
        NodeData::Port(_) => 3,
    }
}

/// The edges drawn between columns (flows), and the edges from a container to another one's
/// port drawn in the gutter on the left (localhost traffic, waits, probes).
fn flows_and_gutter(g: &PodGraph) -> (Vec<Flow>, Vec<EdgeIndex>) {
    let column_of = |n: NodeIndex| column_of(g, n);
    let mut flows: Vec<Flow> = Vec::new();
    let mut gutter: Vec<EdgeIndex> = Vec::new();
    for e in g.graph.edge_indices() {
        let (a, b) = g.endpoints(e);
        let (ca, cb) = (column_of(a), column_of(b));
        let drawn = matches!((ca, cb), (0, 1 | 2) | (1 | -1, 2));
        if drawn {
            flows.push(Flow {
                edge: e,
                from: a,
                to: b,
                lane_y: None,
                from_y: 0.0,
                to_y: 0.0,
                label: edge_label(&g.graph[e].data),
            });
        } else if cb == 3 && ca == 0 {
            let owner = port_owner(g, b);
            if owner.is_some_and(|o| o != a)
                && matches!(
                    g.graph[e].data,
                    EdgeData::TalksTo { .. } | EdgeData::Waits { .. } | EdgeData::Probe { .. }
                )
            {
                gutter.push(e);
            }
        }
    }
    (flows, gutter)
}

/// The x positions of the columns and label strips, left to right.
struct Xs {
    frame_x: f32,
    group_x: f32,
    /// The containers' left edge.
    ax: f32,
    strip_a_x: f32,
    strip_a: f32,
    /// The volumes' left edge.
    bx: f32,
    strip_b_x: f32,
    strip_b: f32,
    frame_right: f32,
    strip_pod: f32,
}

/// The drawn flows: out of their slot, through the label strip, curved into the target's slot
/// (through their lane in the volume column when they go from a container to a reference).
fn flow_links(g: &PodGraph, flows: &[Flow], boxes: &Boxes, x: &Xs, widths: &Widths) -> Vec<Link> {
    let Xs {
        ax,
        strip_a_x,
        strip_a,
        bx,
        strip_b_x,
        strip_b,
        frame_right,
        strip_pod,
        ..
    } = *x;
    let column_of = |n: NodeIndex| column_of(g, n);
    let mut links = Vec::new();
    for f in flows {
        let (class, arrow) = flow_class(g, f.edge);
        let (x0, label_x, x1) = match column_of(f.from) {
            -1 => (frame_right, frame_right + 4.0, frame_right + strip_pod),
            0 => (ax + widths.container, strip_a_x, strip_a_x + strip_a),
            _ => (bx + widths.volume, strip_b_x, strip_b_x + strip_b),
        };
        let y0 = f.from_y;
        let mut d = String::with_capacity(64);
        d.push('M');
        point(&mut d, x0, y0);
        d.push('L');
        point(&mut d, x1, y0);
        let target = boxes.rect(f.to);
        if let Some(lane) = f.lane_y {
            curve(&mut d, x1, y0, bx, lane);
            let lane_end_x = strip_b_x + strip_b;
            d.push('L');
            point(&mut d, lane_end_x, lane);
            curve(&mut d, lane_end_x, lane, target.x, f.to_y);
        } else {
            curve(&mut d, x1, y0, target.x, f.to_y);
        }
        let fitted = fit_middle(&f.label, Face::Mono, SMALL, x1 - label_x - 4.0);
        let label = (!fitted.is_empty())
            .then(|| text_at(label_x, y0 - 4.0, fitted, "mono label", Anchor::Start));
        links.push(Link {
            source: edge_source(g, f.edge),
            d,
            class: class.to_string(),
            label,
            tooltip: describe_edge(g, f.edge),
            arrow,
        });
    }

    links
}

/// Gutter connectors between containers (localhost traffic, probes of another's port), in up
/// to `lanes_needed` lanes left of the container groups.
fn gutter_links(
    g: &PodGraph,
    gutter: &[EdgeIndex],
    lanes_needed: usize,
    boxes: &Boxes,
    chip_of: &[Option<Rect>],
    x: &Xs,
) -> Vec<Link> {
    let Xs { group_x, ax, .. } = *x;
    let node_count = g.graph.node_count();
    let mut intervals: Vec<(f32, f32, usize)> = Vec::new();
    let mut per_box: Vec<usize> = vec![0; node_count];
    let mut gutter_links = Vec::new();
    for (k, e) in gutter.iter().enumerate().take(lanes_needed) {
        let (a, port) = g.endpoints(*e);
        let Some(chip) = chip_of.get(port.index()).copied().flatten() else {
            continue;
        };
        let Some(ra) = boxes.get(a).map(|b| b.rect) else {
            continue;
        };
        let Some(rb) = port_owner(g, port)
            .and_then(|o| boxes.get(o))
            .map(|b| b.rect)
        else {
            continue;
        };
        let n = &mut per_box[a.index()];
        let y0 = (ra.y + 14.0 + *n as f32 * 8.0).min(ra.bottom() - 6.0);
        *n += 1;
        let y1 = chip.y + chip.h / 2.0;
        let (lo, hi) = (y0.min(y1), y0.max(y1));
        let lane = (0..lanes_needed)
            .find(|l| {
                !intervals
                    .iter()
                    .any(|(s, t, used)| used == l && *s <= hi + 4.0 && lo - 4.0 <= *t)
            })
            .unwrap_or(k % lanes_needed.max(1));
        intervals.push((lo, hi, lane));
        let lx = group_x - 8.0 - lane as f32 * 10.0;
        let d = format!(
            "M{} {}L{} {}L{} {}L{} {}",
            num(ax),
            num(y0),
            num(lx),
            num(y0),
            num(lx),
            num(y1),
            num(rb.x),
            num(y1)
        );
        let (class, _) = flow_class(g, *e);
        gutter_links.push(Link {
            source: edge_source(g, *e),
            d,
            class: class.to_string(),
            label: None,
            tooltip: describe_edge(g, *e),
            arrow: Arrow::End,
        });
    }

    gutter_links
}

/// The pod's frame, titled with its kind, name, namespace and restart policy.
fn pod_frame(g: &PodGraph, x: &Xs, frame_y: f32, frame_bottom: f32) -> Frame {
    let Xs {
        frame_x,
        frame_right,
        ..
    } = *x;
    let pod = g.node(g.pod);
    let mut pod_title = format!(
        "{} {}",
        g.kind,
        if pod.name.is_empty() {
            "(unnamed)"
        } else {
            &pod.name
        }
    );
    if !g.namespace.is_empty() {
        pod_title.push_str(&format!(" · namespace {}", g.namespace));
    }
    pod_title.push_str(&format!(" · restartPolicy {}", g.restart_policy));
    let pod_title = fit(
        &pod_title,
        Face::SansBold,
        14.0,
        frame_right - frame_x - 28.0,
    );
    Frame {
        source: Source {
            id: pod.id.clone(),
            span: Some(pod.span),
        },
        rect: Rect::new(
            frame_x,
            frame_y,
            frame_right - frame_x,
            frame_bottom - frame_y,
        ),
        class: "frame",
        title: text_at(
            frame_x + 14.0,
            frame_y + 24.0,
            pod_title,
            "title",
            Anchor::Start,
        ),
        tooltip: format!(
            "{} {} (document {}), pod spec at {}",
            g.kind,
            pod.name,
            g.document + 1,
            g.spec_path
        ),
    }
}

/// Column A as laid out: the container boxes (other nodes' boxes come later), where each
/// port's chip is, the phase groups, the startup links and the column's bottom.
struct ContainerColumn {
    boxes: Boxes,
    chip_of: Vec<Option<Rect>>,
    groups: Vec<(Rect, String, &'static str)>,
    startup_links: Vec<Link>,
    bottom: f32,
}

/// Column A: the containers in their phase groups from `top` down (init containers and native
/// sidecars in order, app containers, ephemeral containers), with startup links between them.
fn container_column(
    g: &PodGraph,
    containers: &[NodeIndex],
    widths: &Widths,
    (group_x, ax): (f32, f32),
    top: f32,
    flows: &[Flow],
    diagnostics: &[&Diagnostic],
) -> ContainerColumn {
    let node_count = g.graph.node_count();
    let out_count = |n: NodeIndex| flows.iter().filter(|f| f.from == n).count();
    let mut boxes = Boxes(vec![None; node_count]);
    let mut chip_of: Vec<Option<Rect>> = vec![None; node_count];
    let mut cursor = top;
    let mut groups: Vec<(Rect, String, &'static str)> = Vec::new();
    let mut startup_links: Vec<Link> = Vec::new();
    let mut phases = g.containers_by_phase();
    for (phase, title) in [
        (0, ""),
        (1, "App containers · start together"),
        (2, "Ephemeral containers · for debugging"),
    ] {
        let members: Vec<NodeIndex> = std::mem::take(&mut phases[phase]);
        if members.is_empty() {
            continue;
        }
        let title = if phase == 0 {
            let sidecars = members
                .iter()
                .any(|m| g.container(*m).is_some_and(|c| c.role == Role::Sidecar));
            if sidecars {
                "Init containers and native sidecars · in order".to_string()
            } else {
                "Init containers · one at a time, in order".to_string()
            }
        } else {
            title.to_string()
        };
        let group_top = cursor;
        cursor += 30.0;
        let gap = if phase == 0 { 26.0 } else { 12.0 };
        let mut previous: Option<NodeIndex> = None;
        for m in members {
            let shape = container_box(
                g,
                widths.container,
                m,
                ax,
                cursor,
                out_count(m),
                diagnostics,
                &mut chip_of,
            );
            cursor = shape.rect.bottom() + gap;
            if let (Some(p), 0) = (previous, phase) {
                let (pr, r) = (boxes.rect(p), shape.rect);
                if let Some(e) = startup_edge(g, p, m) {
                    startup_links.push(startup_link(g, e, ax + 16.0, pr.bottom(), r.y));
                }
            }
            previous = Some(m);
            boxes.insert(m, shape);
        }
        cursor += 12.0 - gap;
        let rect = Rect::new(
            group_x,
            group_top,
            widths.container + 24.0,
            cursor - group_top,
        );
        groups.push((rect, title, ["init", "app", "ephemeral"][phase]));
        cursor += 14.0;
    }
    // The arrow from the init phase to the app containers.
    let first_app = containers
        .iter()
        .copied()
        .find(|c| g.container(*c).is_some_and(|c| c.role == Role::App));
    let last_init = containers.iter().copied().rev().find(|c| {
        g.container(*c)
            .is_some_and(|c| matches!(c.role, Role::Init | Role::Sidecar))
    });
    if let (Some(a), Some(b)) = (last_init, first_app) {
        // To the top of the app group: the apps start together.
        let app_group = groups
            .iter()
            .find(|(_, _, kind)| *kind == "app")
            .map(|(r, _, _)| r.y);
        if let (Some(e), Some(top)) = (startup_edge(g, a, b), app_group) {
            startup_links.push(startup_link(g, e, ax + 16.0, boxes.rect(a).bottom(), top));
        }
    }
    ContainerColumn {
        boxes,
        chip_of,
        groups,
        startup_links,
        bottom: cursor - 14.0,
    }
}

/// Column B: the volumes, each placed near the containers that use it, and a lane for each
/// flow from a container to a reference; returns the column's bottom.
#[allow(clippy::too_many_arguments)]
fn volume_column(
    g: &PodGraph,
    volumes: &[NodeIndex],
    widths: &Widths,
    bx: f32,
    top: f32,
    flows: &mut [Flow],
    boxes: &mut Boxes,
    diagnostics: &[&Diagnostic],
) -> f32 {
    let column_of = |n: NodeIndex| column_of(g, n);
    let out_count = |n: NodeIndex, flows: &[Flow]| flows.iter().filter(|f| f.from == n).count();
    let in_count = |n: NodeIndex, flows: &[Flow]| flows.iter().filter(|f| f.to == n).count();
    let mut items: Vec<Item> = Vec::new();
    for (i, v) in volumes.iter().enumerate() {
        let desired: Vec<f32> = flows
            .iter()
            .filter(|f| f.to == *v)
            .map(|f| f.from_y)
            .collect();
        let n = in_count(*v, flows).max(out_count(*v, flows));
        let shape = volume_box(
            g,
            widths.volume,
            *v,
            bx,
            0.0,
            (52.0_f32).max(16.0 + n as f32 * SLOT),
            diagnostics,
        );
        items.push(Item {
            node: Some(*v),
            h: shape.rect.h,
            shape: Some(shape),
            flow: None,
            desired: mean(&desired),
            order: i,
            y: 0.0,
        });
    }
    for (i, f) in flows.iter().enumerate() {
        if column_of(f.from) == 0 && column_of(f.to) == 2 {
            items.push(Item {
                node: None,
                shape: None,
                flow: Some(i),
                h: SLOT,
                desired: f.from_y,
                order: volumes.len() + i,
                y: 0.0,
            });
        }
    }
    place(&mut items, top, 10.0);
    for item in &mut items {
        if let (Some(v), Some(mut shape)) = (item.node, item.shape.take()) {
            shape.translate(0.0, item.y);
            boxes.insert(v, shape);
        } else if let Some(f) = item.flow {
            flows[f].lane_y = Some(item.y + SLOT / 2.0);
        }
    }
    items.iter().map(|i| i.y + i.h).fold(top, f32::max)
}

/// Column C: the references, each placed near the flows that reach it; returns the column's
/// bottom.
fn reference_column(
    g: &PodGraph,
    refs: &[NodeIndex],
    widths: &Widths,
    cx: f32,
    frame_y: f32,
    flows: &[Flow],
    boxes: &mut Boxes,
) -> f32 {
    let in_count = |n: NodeIndex| flows.iter().filter(|f| f.to == n).count();
    let mut items: Vec<Item> = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let desired: Vec<f32> = flows
            .iter()
            .filter(|f| f.to == *r)
            .map(|f| f.lane_y.unwrap_or(f.from_y))
            .collect();
        let shape = ref_box(
            g,
            widths.reference,
            *r,
            cx,
            0.0,
            (52.0_f32).max(16.0 + in_count(*r) as f32 * SLOT),
        );
        items.push(Item {
            node: Some(*r),
            h: shape.rect.h,
            shape: Some(shape),
            flow: None,
            desired: mean(&desired),
            order: i,
            y: 0.0,
        });
    }
    place(&mut items, frame_y, 12.0);
    for item in &mut items {
        if let (Some(r), Some(mut shape)) = (item.node, item.shape.take()) {
            shape.translate(0.0, item.y);
            boxes.insert(r, shape);
        }
    }
    items.iter().map(|i| i.y + i.h).fold(frame_y, f32::max)
}

/// Lays out the pod view. `diagnostics` are the document's findings, shown on the boxes they
/// point into.
pub fn layout(g: &PodGraph, diagnostics: &[&Diagnostic]) -> Scene {
    let mut scene = Scene::default();
    let containers = g.containers();
    let volumes: Vec<NodeIndex> = g.nodes_where(|d| matches!(d, NodeData::Volume(_)));
    let refs: Vec<NodeIndex> = g.nodes_where(|d| matches!(d, NodeData::Reference(_)));
    let widths = widths_of(g, &containers, &volumes, &refs);
    let column_of = |n: NodeIndex| column_of(g, n);
    let (mut flows, gutter) = flows_and_gutter(g);

    // Label strips.
    let label_w = |col: i32, flows: &[Flow]| {
        flows
            .iter()
            .filter(|f| column_of(f.from) == col)
            .map(|f| width(&f.label, Face::Mono, SMALL) + 12.0)
            .fold(0.0_f32, f32::max)
            .min(MAX_LABEL)
    };
    let strip_a = label_w(0, &flows);
    let strip_b = label_w(1, &flows);
    let strip_pod = label_w(-1, &flows);

    // Gutter lanes are known once the boxes are placed; reserve room for them first.
    let lanes_needed = gutter.len().min(8);
    let gutter_w = if lanes_needed == 0 {
        0.0
    } else {
        lanes_needed as f32 * 10.0 + 10.0
    };
    let frame_x = MARGIN;
    let group_x = frame_x + 12.0 + gutter_w;
    let ax = group_x + 12.0;
    let group_right = ax + widths.container + 12.0;
    let strip_a_x = group_right + 6.0;
    let has_b = !volumes.is_empty()
        || flows
            .iter()
            .any(|f| column_of(f.from) == 0 && column_of(f.to) == 2);
    let bx = strip_a_x + strip_a + CURVE;
    let strip_b_x = bx + widths.volume + 6.0;
    let frame_right = if has_b {
        strip_b_x + strip_b + 12.0
    } else {
        strip_a_x + strip_a + 12.0
    };
    let cx = frame_right + (strip_pod + 30.0).max(CURVE);

    // The pod frame's header, with a slot per pod-level edge.
    let pod_flows = flows.iter().filter(|f| column_of(f.from) == -1).count();
    let frame_y = MARGIN;
    let header_h = (40.0_f32).max(14.0 + pod_flows as f32 * SLOT);
    let top = frame_y + header_h + 6.0;

    // Column A: containers in groups.
    let node_count = g.graph.node_count();
    let ContainerColumn {
        mut boxes,
        chip_of,
        groups,
        startup_links,
        bottom: column_a_bottom,
    } = container_column(
        g,
        &containers,
        &widths,
        (group_x, ax),
        top,
        &flows,
        diagnostics,
    );

    // Provisional slots of containers: by the column of the target, then its order.
    let mut order_of: Vec<f32> = vec![0.0; node_count];
    for (i, n) in volumes.iter().chain(refs.iter()).enumerate() {
        order_of[n.index()] = i as f32;
    }
    let assign_out = |flows: &mut Vec<Flow>,
                      node: NodeIndex,
                      rect: &Rect,
                      header: f32,
                      key: &dyn Fn(&Flow) -> f32| {
        let mut mine: Vec<usize> = (0..flows.len())
            .filter(|i| flows[*i].from == node)
            .collect();
        sort_small(&mut mine, |a, b| key(&flows[*a]) < key(&flows[*b]));
        for (k, y) in slots(rect, mine.len(), header).into_iter().enumerate() {
            flows[mine[k]].from_y = y;
        }
    };
    for c in &containers {
        let rect = boxes.rect(*c);
        assign_out(&mut flows, *c, &rect, 24.0, &|f: &Flow| {
            order_of[f.to.index()] + if column_of(f.to) == 2 { 1000.0 } else { 0.0 }
        });
    }
    let pod_rect = Rect::new(frame_x, frame_y, frame_right - frame_x, header_h);
    assign_out(&mut flows, g.pod, &pod_rect, 14.0, &|f: &Flow| {
        order_of[f.to.index()]
    });

    // Column B: volumes and lanes.
    let column_b_bottom = volume_column(
        g,
        &volumes,
        &widths,
        bx,
        top,
        &mut flows,
        &mut boxes,
        diagnostics,
    );

    // Container slots again, sorted by where their edge goes.
    let target_y = |f: &Flow, boxes: &Boxes| match f.lane_y {
        Some(y) => y,
        None => boxes.get(f.to).map_or(0.0, |b| b.rect.y + b.rect.h / 2.0),
    };
    for c in &containers {
        let rect = boxes.rect(*c);
        assign_out(&mut flows, *c, &rect, 24.0, &|f: &Flow| target_y(f, &boxes));
    }
    // Volume slots: incoming sorted by source, outgoing provisional.
    for v in &volumes {
        let rect = boxes.rect(*v);
        let mut incoming: Vec<usize> = (0..flows.len()).filter(|i| flows[*i].to == *v).collect();
        sort_small(&mut incoming, |a, b| flows[*a].from_y < flows[*b].from_y);
        for (k, y) in slots(&rect, incoming.len(), 24.0).into_iter().enumerate() {
            flows[incoming[k]].to_y = y;
        }
        assign_out(&mut flows, *v, &rect, 24.0, &|f: &Flow| {
            order_of[f.to.index()]
        });
    }

    // Column C: references.
    let column_c_bottom = reference_column(g, &refs, &widths, cx, frame_y, &flows, &mut boxes);
    // Outgoing slots of volumes and the pod, sorted by target; incoming slots of references.
    for v in &volumes {
        let rect = boxes.rect(*v);
        assign_out(&mut flows, *v, &rect, 24.0, &|f: &Flow| target_y(f, &boxes));
    }
    assign_out(&mut flows, g.pod, &pod_rect, 14.0, &|f: &Flow| {
        target_y(f, &boxes)
    });
    for r in &refs {
        let rect = boxes.rect(*r);
        let mut incoming: Vec<usize> = (0..flows.len()).filter(|i| flows[*i].to == *r).collect();
        let arrive = |f: &Flow| f.lane_y.unwrap_or(f.from_y);
        sort_small(&mut incoming, |a, b| {
            arrive(&flows[*a]) < arrive(&flows[*b])
        });
        for (k, y) in slots(&rect, incoming.len(), 24.0).into_iter().enumerate() {
            flows[incoming[k]].to_y = y;
        }
    }

    let x = Xs {
        frame_x,
        group_x,
        ax,
        strip_a_x,
        strip_a,
        bx,
        strip_b_x,
        strip_b,
        frame_right,
        strip_pod,
    };
    let links = flow_links(g, &flows, &boxes, &x, &widths);
    let gutter_links = gutter_links(g, &gutter, lanes_needed, &boxes, &chip_of, &x);

    // Frames.
    let frame_bottom = column_a_bottom.max(column_b_bottom) + 14.0;
    let pod = g.node(g.pod);
    scene.frames.push(pod_frame(g, &x, frame_y, frame_bottom));
    for (rect, title, _) in &groups {
        let t = fit(title, Face::SansBold, 12.0, rect.w - 20.0);
        scene.frames.push(Frame {
            source: Source::default(),
            rect: *rect,
            class: "group",
            title: text_at(
                rect.x + 10.0,
                rect.y + 19.0,
                t,
                "heading muted",
                Anchor::Start,
            ),
            tooltip: title.clone(),
        });
    }
    scene.links.extend(links);
    scene.links.extend(gutter_links);
    scene.links.extend(startup_links);
    let mut ordered: Vec<NodeIndex> = containers.clone();
    ordered.extend(volumes.iter().copied());
    ordered.extend(refs.iter().copied());
    for n in ordered {
        if let Some(shape) = boxes.take(n) {
            scene.shapes.push(shape);
        }
    }
    let right = scene
        .shapes
        .iter()
        .map(|s| s.rect.right())
        .fold(frame_right, f32::max);
    let mut bottom = frame_bottom.max(column_c_bottom) + 18.0;
    let panel_w = (right - MARGIN).max(560.0);
    if !g.patterns.is_empty() {
        let note = patterns_note(g, MARGIN, bottom, panel_w);
        bottom = note.rect.bottom() + 14.0;
        scene.notes.push(note);
    }
    let used: Vec<&str> = scene
        .links
        .iter()
        .flat_map(|l| l.class.split(' '))
        .collect();
    let legend = legend_note(MARGIN, bottom, panel_w, &used);
    bottom = legend.rect.bottom();
    scene.notes.push(legend);
    scene.width = (MARGIN + panel_w).max(right) + MARGIN;
    scene.height = bottom + MARGIN;
    scene.title = format!(
        "{} {}: containers, volumes and references",
        g.kind,
        if pod.name.is_empty() {
            "(unnamed)"
        } else {
            &pod.name
        }
    );
    scene.description = describe(g);
    scene
}

fn port_owner(g: &PodGraph, port: NodeIndex) -> Option<NodeIndex> {
    g.in_edges(port)
        .into_iter()
        .find(|e| matches!(g.graph[*e].data, EdgeData::Exposes))
        .map(|e| g.endpoints(e).0)
}

fn startup_edge(g: &PodGraph, a: NodeIndex, b: NodeIndex) -> Option<EdgeIndex> {
    g.out_edges(a)
        .into_iter()
        .find(|e| g.endpoints(*e).1 == b && matches!(g.graph[*e].data, EdgeData::Startup { .. }))
}

fn startup_link(g: &PodGraph, e: EdgeIndex, x: f32, y0: f32, y1: f32) -> Link {
    let started = matches!(
        g.graph[e].data,
        EdgeData::Startup {
            after_completion: false
        }
    );
    Link {
        source: edge_source(g, e),
        d: format!("M{} {}L{} {}", num(x), num(y0 + 2.0), num(x), num(y1 - 2.0)),
        class: if started {
            "startup started".into()
        } else {
            "startup".into()
        },
        label: None,
        tooltip: describe_edge(g, e),
        arrow: Arrow::End,
    }
}

/// Diagnostics that point into a span, as chips: one per rule, with every message in its title.
fn diagnostic_chips(
    owner: &Source,
    extent: crate::source::Span,
    diagnostics: &[&Diagnostic],
) -> Vec<Chip> {
    let inside: Vec<&&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .filter(|d| !extent.is_empty() && d.span.start >= extent.start && d.span.end <= extent.end)
        .collect();
    let mut chips: Vec<Chip> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in &inside {
        if seen.contains(&d.rule.code) {
            continue;
        }
        seen.push(d.rule.code);
        let same: Vec<&&&Diagnostic> = inside
            .iter()
            .filter(|o| o.rule.code == d.rule.code)
            .collect();
        let worst = if same.iter().any(|o| o.severity == Severity::Error) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let (class, mark) = if worst == Severity::Error {
            ("error", "✖")
        } else {
            ("warning", "⚠")
        };
        let count = if same.len() > 1 {
            format!(" ×{}", same.len())
        } else {
            String::new()
        };
        let tooltip = same
            .iter()
            .map(|o| format!("{} {}: {}", o.rule.code, o.severity.as_str(), o.message))
            .collect::<Vec<_>>()
            .join("; ");
        chips.push(chip_at(
            0.0,
            0.0,
            &format!("{mark} {}{count}", d.rule.name),
            class,
            Source {
                id: owner.id.clone(),
                span: Some(d.span),
            },
            tooltip,
        ));
    }
    chips
}

#[allow(clippy::too_many_arguments)]
fn container_box(
    g: &PodGraph,
    box_w: f32,
    node: NodeIndex,
    x: f32,
    y: f32,
    slots_needed: usize,
    diagnostics: &[&Diagnostic],
    chip_of: &mut [Option<Rect>],
) -> Shape {
    let c = g.container(node).expect("container");
    let n = g.node(node);
    let src = source(g, node);
    let mut texts = Vec::new();
    let mut chips = Vec::new();
    let role = role_title(c.role);
    let mut role_chip = chip_at(0.0, y + 7.0, role, "tag", src.clone(), String::new());
    let shift = x + box_w - 10.0 - role_chip.rect.w;
    role_chip.rect.x = shift;
    role_chip.text.x += shift;
    role_chip.text.area.x += shift;
    let name_x = if matches!(c.role, Role::Init | Role::Sidecar) {
        texts.push(text_at(
            x + 17.0,
            y + 21.0,
            c.step.to_string(),
            "step",
            Anchor::Middle,
        ));
        x + 34.0
    } else {
        x + 12.0
    };
    let name = fit_middle(
        &n.name,
        Face::SansBold,
        NAME,
        role_chip.rect.x - name_x - 8.0,
    );
    texts.push(text_at(name_x, y + 21.0, name, "name", Anchor::Start));
    chips.push(role_chip);
    let inner = box_w - 24.0;
    let image = if c.image.is_empty() {
        "(no image)"
    } else {
        &c.image
    };
    texts.push(text_at(
        x + 12.0,
        y + 39.0,
        fit_middle(image, Face::Mono, SMALL, inner),
        "mono muted",
        Anchor::Start,
    ));
    let mut bottom = y + 39.0;
    if !c.command.is_empty() {
        let command = fit(&format!("$ {}", c.command), Face::Mono, SMALL, inner);
        texts.push(text_at(
            x + 12.0,
            y + 55.0,
            command,
            "mono muted",
            Anchor::Start,
        ));
        bottom = y + 55.0;
    }
    // Ports with their probes, then patterns, then findings.
    let mut row: Vec<Chip> = Vec::new();
    let mut port_chips: Vec<(NodeIndex, usize)> = Vec::new();
    for e in g.out_edges(node) {
        if !matches!(g.graph[e].data, EdgeData::Exposes) {
            continue;
        }
        let port = g.endpoints(e).1;
        let NodeData::Port(p) = &g.node(port).data else {
            continue;
        };
        let mut text = p.label();
        let mut class = "port".to_string();
        if !p.declared {
            class.push_str(" undeclared");
            text.push_str(&format!(
                " · {}",
                if p.origin == "probe" {
                    "undeclared"
                } else {
                    &p.origin
                }
            ));
        }
        if let Some(h) = p.host_port {
            text.push_str(&format!(" · host {h}"));
        }
        let tooltip = if p.declared {
            format!("{} declares port {} ({})", n.name, p.label(), p.origin)
        } else if p.origin == "probe" {
            format!(
                "a probe of {} uses port {}, which {} does not declare",
                n.name,
                p.label(),
                n.name
            )
        } else {
            format!(
                "{} listens on port {} (from {}), not declared in ports",
                n.name,
                p.label(),
                p.origin
            )
        };
        port_chips.push((port, row.len()));
        row.push(chip_at(0.0, 0.0, &text, &class, source(g, port), tooltip));
        for pe in g.in_edges(port) {
            let (from, _) = g.endpoints(pe);
            if let (EdgeData::Probe { probe }, true) = (&g.graph[pe].data, from == node) {
                row.push(chip_at(
                    0.0,
                    0.0,
                    probe.as_str(),
                    "probe",
                    edge_source(g, pe),
                    describe_edge(g, pe),
                ));
            }
        }
    }
    for p in g.patterns.iter().filter(|p| p.container == node) {
        let with: Vec<&str> = p.with.iter().map(|w| g.node(*w).name.as_str()).collect();
        let text = format!("◆ {}", p.kind.title());
        let tooltip = format!(
            "{} of {}: {}",
            p.kind.title(),
            with.join(", "),
            p.evidence.join("; ")
        );
        row.push(chip_at(0.0, 0.0, &text, "pattern", src.clone(), tooltip));
    }
    if let Lifetime::ExitsAtOnce { .. } = c.lifetime {
        if c.role == Role::Init {
            row.push(chip_at(
                0.0,
                0.0,
                "runs to completion",
                "tag",
                src.clone(),
                String::new(),
            ));
        }
    }
    row.extend(diagnostic_chips(&src, c.extent, diagnostics));
    if !row.is_empty() {
        bottom = flow_chips(&mut row, x + 12.0, bottom + 10.0, inner);
    }
    for (port, index) in port_chips {
        chip_of[port.index()] = Some(row[index].rect);
    }
    chips.extend(row);
    let h = (bottom + 12.0 - y)
        .max(16.0 + slots_needed as f32 * SLOT)
        .max(46.0);
    let tooltip = {
        let mut t = format!("{} {} · image {}", role, n.name, image);
        if c.step > 0 {
            t.push_str(&format!(" · startup step {}", c.step));
        }
        if !c.command.is_empty() {
            t.push_str(&format!(" · command: {}", c.command));
        }
        t.push_str(match c.role {
            Role::Init => " · runs to completion before the next one starts",
            Role::Sidecar => " · starts in order, keeps running, stops after the app containers",
            Role::App => " · starts with the other app containers after the init phase",
            Role::Ephemeral => " · added to a running pod for debugging",
        });
        t
    };
    Shape {
        source: src,
        rect: Rect::new(x, y, box_w, h),
        class: format!("container {}", c.role.as_str()),
        texts,
        chips,
        tooltip,
    }
}

fn volume_box(
    g: &PodGraph,
    box_w: f32,
    node: NodeIndex,
    x: f32,
    y: f32,
    h: f32,
    diagnostics: &[&Diagnostic],
) -> Shape {
    let n = g.node(node);
    let NodeData::Volume(v) = &n.data else {
        unreachable!("volume")
    };
    let src = source(g, node);
    let name = fit_middle(&n.name, Face::SansBold, NAME, box_w - 24.0);
    let mut texts = vec![text_at(x + 12.0, y + 21.0, name, "name", Anchor::Start)];
    let kind = volume_kind(&v.source);
    let (tag, detail_x) = second_line_tag(kind, &src, x, y, box_w);
    if !v.detail.is_empty() {
        let room = x + box_w - 12.0 - detail_x;
        texts.push(text_at(
            detail_x,
            y + 41.0,
            fit_middle(&v.detail, Face::Mono, SMALL, room),
            "mono muted",
            Anchor::Start,
        ));
    }
    let mut chips = vec![tag];
    let mut findings = diagnostic_chips(&src, v.extent, diagnostics);
    let mut h = h;
    if !findings.is_empty() {
        let top = y + 52.0;
        let bottom = flow_chips(&mut findings, x + 12.0, top, box_w - 24.0);
        h = h.max(bottom + 10.0 - y);
        chips.extend(findings);
    }
    let mounts: Vec<String> = g
        .in_edges(node)
        .into_iter()
        .filter_map(|e| match &g.graph[e].data {
            EdgeData::Mount {
                mount_path,
                access,
                read_only,
                ..
            } => Some(format!(
                "{} at {mount_path} ({})",
                g.node(g.endpoints(e).0).name,
                if *read_only {
                    "read-only"
                } else if *access == Access::Reads {
                    "read-write, reads"
                } else {
                    "read-write"
                }
            )),
            _ => None,
        })
        .collect();
    let detail = if v.detail.is_empty() {
        String::new()
    } else {
        format!(" {}", v.detail)
    };
    let tooltip = if mounts.is_empty() {
        format!(
            "volume {}: {}{detail} · mounted by no container",
            n.name, v.source
        )
    } else {
        format!(
            "volume {}: {}{detail} · mounted by {}",
            n.name,
            v.source,
            mounts.join(", ")
        )
    };
    Shape {
        source: src,
        rect: Rect::new(x, y, box_w, h),
        class: "volume".into(),
        texts,
        chips,
        tooltip,
    }
}

fn ref_box(g: &PodGraph, box_w: f32, node: NodeIndex, x: f32, y: f32, h: f32) -> Shape {
    let n = g.node(node);
    let NodeData::Reference(r) = &n.data else {
        unreachable!("reference")
    };
    let src = source(g, node);
    let name = fit_middle(&n.name, Face::SansBold, NAME, box_w - 24.0);
    let (tag, status_x) = second_line_tag(ref_title(r.kind), &src, x, y, box_w);
    let texts = vec![
        text_at(x + 12.0, y + 21.0, name, "name", Anchor::Start),
        text_at(
            status_x,
            y + 41.0,
            fit(
                status_text(r.status),
                Face::Sans,
                SMALL,
                x + box_w - 12.0 - status_x,
            ),
            "muted status",
            Anchor::Start,
        ),
    ];
    Shape {
        source: src,
        rect: Rect::new(x, y, box_w, h),
        class: format!("ref {} {}", r.kind.key(), r.status.as_str()),
        texts,
        chips: vec![tag],
        tooltip: format!("{} {}: {}", r.kind.as_str(), n.name, status_text(r.status)),
    }
}

fn patterns_note(g: &PodGraph, x: f32, y: f32, w: f32) -> Note {
    let mut texts = vec![text_at(
        x + 14.0,
        y + 22.0,
        "Patterns".into(),
        "heading",
        Anchor::Start,
    )];
    let mut cursor = y + 22.0;
    for p in &g.patterns {
        let helper = &g.node(p.container).name;
        let with: Vec<&str> = p.with.iter().map(|n| g.node(*n).name.as_str()).collect();
        cursor += 20.0;
        let head = fit(
            &format!("◆ {}: {helper} with {}", p.kind.title(), with.join(", ")),
            Face::SansBold,
            12.0,
            w - 28.0,
        );
        texts.push(text_at(x + 14.0, cursor, head, "heading", Anchor::Start));
        for fact in &p.evidence {
            for (i, line) in wrap(&fact.replace('`', ""), Face::Sans, SMALL, w - 52.0)
                .into_iter()
                .enumerate()
            {
                cursor += 15.0;
                let line = if i == 0 { format!("• {line}") } else { line };
                let indent = if i == 0 { 24.0 } else { 33.0 };
                texts.push(text_at(x + indent, cursor, line, "", Anchor::Start));
            }
        }
    }
    Note {
        source: Source {
            id: "patterns".into(),
            span: None,
        },
        rect: Rect::new(x, y, w, cursor - y + 14.0),
        class: "note patterns",
        texts,
        samples: Vec::new(),
        tooltip: "Multi-container patterns and the facts behind them".into(),
    }
}

fn legend_note(x: f32, y: f32, w: f32, used: &[&str]) -> Note {
    let entries: [(&str, &str, Arrow); 9] = [
        ("writes", "read-write mount: may write", Arrow::End),
        ("reads", "reads (read-only mount)", Arrow::Start),
        ("env", "environment from", Arrow::Start),
        ("source", "volume made from", Arrow::Start),
        ("wait", "waits for", Arrow::End),
        ("talk", "talks to", Arrow::End),
        ("probe", "probe of another's port", Arrow::End),
        ("startup", "startup order", Arrow::End),
        ("pod", "used by the pod", Arrow::Start),
    ];
    let mut texts = Vec::new();
    let mut samples = Vec::new();
    let (mut cx, mut cy) = (x, y + 12.0);
    for (class, label, arrow) in entries.into_iter().filter(|(c, _, _)| used.contains(c)) {
        let item_w = 40.0 + width(label, Face::Sans, SMALL) + 22.0;
        if cx > x && cx + item_w > x + w {
            cx = x;
            cy += 20.0;
        }
        samples.push((
            format!(
                "M{} {}L{} {}",
                num(cx + 2.0),
                num(cy),
                num(cx + 34.0),
                num(cy)
            ),
            class.to_string(),
            arrow,
        ));
        texts.push(text_at(
            cx + 42.0,
            cy + 4.0,
            label.to_string(),
            "muted",
            Anchor::Start,
        ));
        cx += item_w;
    }
    Note {
        source: Source {
            id: "legend".into(),
            span: None,
        },
        rect: Rect::new(x, y, w, cy - y + 10.0),
        class: "legend",
        texts,
        samples,
        tooltip: "Legend".into(),
    }
}

/// A type tag at the start of a box's second line; returns it and where the line's text starts.
pub(super) fn second_line_tag(text: &str, src: &Source, x: f32, y: f32, box_w: f32) -> (Chip, f32) {
    let mut tag = chip_at(x + 10.0, y + 28.0, text, "tag", src.clone(), String::new());
    let max = (box_w / 2.0).min(tag.rect.w);
    if tag.rect.w > max {
        tag.rect.w = max;
        tag.text.text = fit(text, Face::Sans, SMALL, max - 14.0);
        tag.text.area.w = width(&tag.text.text, Face::Sans, SMALL);
    }
    let after = tag.rect.right() + 6.0;
    (tag, after)
}

/// A plain-text account of the pod for screen readers.
pub fn describe(g: &PodGraph) -> String {
    let mut parts = Vec::new();
    let pod = g.node(g.pod);
    parts.push(format!(
        "{} {} with restartPolicy {}.",
        g.kind,
        if pod.name.is_empty() {
            "(unnamed)"
        } else {
            &pod.name
        },
        g.restart_policy
    ));
    let containers: Vec<String> = g
        .containers()
        .into_iter()
        .map(|c| {
            let info = g.container(c).expect("container");
            let step = if info.step > 0 && info.role != Role::App {
                format!(", step {}", info.step)
            } else {
                String::new()
            };
            format!(
                "{} ({}{step}, image {})",
                g.node(c).name,
                role_title(info.role),
                info.image
            )
        })
        .collect();
    if !containers.is_empty() {
        parts.push(format!("Containers: {}.", containers.join("; ")));
    }
    let volumes: Vec<String> = g
        .nodes_where(|d| matches!(d, NodeData::Volume(_)))
        .into_iter()
        .map(|v| {
            let NodeData::Volume(info) = &g.node(v).data else {
                unreachable!()
            };
            let mounts: Vec<String> = g
                .in_edges(v)
                .into_iter()
                .filter(|e| matches!(g.graph[*e].data, EdgeData::Mount { .. }))
                .map(|e| describe_edge(g, e))
                .collect();
            format!(
                "{} ({} {}){}{}",
                g.node(v).name,
                info.source,
                info.detail,
                if mounts.is_empty() { "" } else { ": " },
                mounts.join(", ")
            )
        })
        .collect();
    if !volumes.is_empty() {
        parts.push(format!("Volumes: {}.", volumes.join("; ")));
    }
    let refs: Vec<String> = g
        .nodes_where(|d| matches!(d, NodeData::Reference(_)))
        .into_iter()
        .map(|r| {
            let NodeData::Reference(info) = &g.node(r).data else {
                unreachable!()
            };
            format!(
                "{} {} ({})",
                info.kind.as_str(),
                g.node(r).name,
                info.status.as_str()
            )
        })
        .collect();
    if !refs.is_empty() {
        parts.push(format!("References: {}.", refs.join("; ")));
    }
    for p in &g.patterns {
        parts.push(format!(
            "Pattern {} ({}): {}.",
            p.kind.title(),
            g.node(p.container).name,
            p.evidence.join("; ").replace('`', "")
        ));
    }
    parts.join(" ")
}
