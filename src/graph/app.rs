//! The whole application as one graph: every workload of the input (each with its containers
//! and ports), the Services that select it and the ports they reach, the Ingress routes to those
//! Services, the ConfigMaps, Secrets and claims its pod uses, and the PodDisruptionBudget and
//! HorizontalPodAutoscaler attached to it. [`crate::diagram`] draws it as the `app` view; a
//! workload's node names its document, so a front end opens that pod's own view on a click.
//!
//! Relations resolve within one input, as the cross-object checks do
//! ([`crate::lint::objects`]): a Service selects the workloads of its namespace whose pod labels
//! its selector matches; a PodDisruptionBudget likewise with a label selector; an autoscaler its
//! `scaleTargetRef` by kind and name; an Ingress its backends by Service name. An Ingress backend
//! or a pod reference to an object the input does not define stays in the graph, marked missing
//! (or optional, or provided by the cluster, as in the pod view).

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use super::catalog::same_namespace;
use super::model::{NodeData, PodGraph, RefKind, RefStatus, Role};
use crate::diagnostic::Severity;
use crate::document::{Analysis, Document};
use crate::lint::objects::{label_selects, map_selects};
use crate::podsecurity::pod_view;
use crate::source::{Positions, RangeDto, Span};
use crate::yaml::Node as Tree;

/// What a node of the application stands for. The order is the diagram's columns, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AppKind {
    Ingress,
    Service,
    PodDisruptionBudget,
    HorizontalPodAutoscaler,
    Workload,
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
}

impl AppKind {
    /// The node kind in the DTO and the prefix of node ids.
    pub fn key(self) -> &'static str {
        match self {
            AppKind::Ingress => "ingress",
            AppKind::Service => "service",
            AppKind::PodDisruptionBudget => "podDisruptionBudget",
            AppKind::HorizontalPodAutoscaler => "horizontalPodAutoscaler",
            AppKind::Workload => "workload",
            AppKind::ConfigMap => "configMap",
            AppKind::Secret => "secret",
            AppKind::PersistentVolumeClaim => "persistentVolumeClaim",
        }
    }

    fn of_reference(kind: RefKind) -> Option<AppKind> {
        match kind {
            RefKind::ConfigMap => Some(AppKind::ConfigMap),
            RefKind::Secret => Some(AppKind::Secret),
            RefKind::PersistentVolumeClaim => Some(AppKind::PersistentVolumeClaim),
            _ => None,
        }
    }
}

/// A container of a workload, as its box lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppContainer {
    pub name: String,
    pub role: Role,
}

/// One object of the application.
#[derive(Clone, Debug)]
pub struct AppNode {
    /// Unique in the graph: `workload:3` (document 3), `workload:3.1` (item 1 of a List),
    /// `configMap:prod/settings` for an object the input does not define.
    pub id: String,
    pub kind: AppKind,
    /// The Kubernetes kind (`Deployment`, `CronJob`, `Service`, `ConfigMap`, ...).
    pub object_kind: String,
    pub name: String,
    /// As written (empty: the namespace of the command).
    pub namespace: String,
    /// The document that defines it; `None` for an object only referred to.
    pub document: Option<usize>,
    pub item: Option<usize>,
    /// Its name in the document that defines it, or the first reference to it.
    pub span: Span,
    /// Whether the input defines it (`defined`), and if not, what that means.
    pub status: RefStatus,
    /// One short line: `3 replicas`, `ClusterIP`, `minAvailable 1`, `2–10 replicas`.
    pub detail: String,
    /// A workload's containers, init containers and native sidecars first.
    pub containers: Vec<AppContainer>,
    /// A workload's container ports (`8080/TCP http`); a Service's port mappings (`80→8080/TCP`);
    /// an Ingress's routes (`shop.example.com/cart`).
    pub ports: Vec<String>,
    /// Errors and warnings reported on its document.
    pub errors: usize,
    pub warnings: usize,
}

/// How two objects of the application relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AppEdgeKind {
    /// An Ingress sends a route to a Service.
    Routes,
    /// A Service selects a workload's pods.
    Selects,
    /// A PodDisruptionBudget guards a workload's pods.
    Guards,
    /// An autoscaler scales a workload.
    Scales,
    /// A workload's pod uses a ConfigMap, Secret or claim.
    Uses,
}

impl AppEdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AppEdgeKind::Routes => "routes",
            AppEdgeKind::Selects => "selects",
            AppEdgeKind::Guards => "guards",
            AppEdgeKind::Scales => "scales",
            AppEdgeKind::Uses => "uses",
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppEdge {
    pub kind: AppEdgeKind,
    /// What the relation carries: `80→8080 (http)`, `shop.example.com/ → :80`, `env`, `volume`.
    pub label: String,
    /// Where it is written: the selector, the backend, the reference in the pod.
    pub span: Span,
}

/// The application: objects and their relations, in the input's order.
#[derive(Clone, Debug, Default)]
pub struct AppGraph {
    pub graph: DiGraph<AppNode, AppEdge>,
    /// Objects of the input that the view does not draw, by kind, with how many of each.
    pub not_drawn: Vec<(String, usize)>,
    /// Selectors were matched against pods until [`MAX_SELECTOR_COMPARISONS`]: on a bigger input
    /// some Service and budget relations are left out (and the picture says so).
    pub relations_cut: bool,
}

/// How many selector-against-labels comparisons one input may cost (a hostile input with
/// thousands of Services and workloads would otherwise take minutes).
pub const MAX_SELECTOR_COMPARISONS: usize = 1_000_000;

impl AppGraph {
    pub fn node(&self, i: NodeIndex) -> &AppNode {
        &self.graph[i]
    }

    /// Nothing to draw: no workload, Service, Ingress, budget, autoscaler or config object.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }
}

fn metadata_name_span(root: &Tree, fallback: Span) -> Span {
    match root.map_of("metadata") {
        Some(meta) if meta.get("name").is_some() => meta.at("name"),
        Some(meta) => meta.head(),
        None if !root.head().is_empty() => root.head(),
        None => fallback,
    }
}

fn document_id(kind: AppKind, doc: &Document) -> String {
    match doc.item {
        Some(item) => format!("{}:{}.{item}", kind.key(), doc.index),
        None => format!("{}:{}", kind.key(), doc.index),
    }
}

/// A namespace as written, or `""`.
fn namespace_of(root: &Tree) -> String {
    root.map_of("metadata")
        .map_or("", |m| m.str_of("namespace"))
        .to_string()
}

/// `80` or `http`: an int-or-string field as written.
fn int_or_string(node: Option<&Tree>) -> Option<String> {
    let node = node?;
    node.as_i64()
        .map(|n| n.to_string())
        .or_else(|| node.as_str().map(str::to_string))
}

fn selector_text(selector: &Tree) -> String {
    selector
        .entries()
        .iter()
        .map(|e| format!("{}={}", e.key, e.value.as_str().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn replicas_text(kind: &str, spec: Option<&Tree>) -> String {
    let spec_i64 = |key: &str| spec.and_then(|s| s.i64_of(key));
    let plural = |n: i64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match kind {
        "Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController" => {
            plural(spec_i64("replicas").unwrap_or(1), "replica", "replicas")
        }
        "DaemonSet" => "one pod per node".into(),
        "Job" => {
            let completions = spec_i64("completions").unwrap_or(1);
            plural(completions, "completion", "completions")
        }
        "CronJob" => {
            let schedule = spec.map_or("", |s| s.str_of("schedule"));
            if schedule.is_empty() {
                "no schedule".into()
            } else {
                format!("schedule {schedule}")
            }
        }
        "Pod" => "1 pod".into(),
        _ => String::new(),
    }
}

struct Workload<'a> {
    node: NodeIndex,
    kind: &'a str,
    name: &'a str,
    namespace: String,
    labels: Option<&'a Tree>,
    /// Container ports: (name, number).
    ports: Vec<(String, u16)>,
}

/// Builds the application graph of one analysed input from its pod graphs.
pub fn build(analysis: &Analysis, pods: &[PodGraph]) -> AppGraph {
    let mut app = AppGraph::default();
    let mut counts: HashMap<(usize, Severity), usize> = HashMap::new();
    for d in &analysis.diagnostics {
        if let Some(doc) = d.document {
            *counts.entry((doc, d.severity)).or_default() += 1;
        }
    }
    let problems = |doc: usize| {
        (
            counts.get(&(doc, Severity::Error)).copied().unwrap_or(0),
            counts.get(&(doc, Severity::Warning)).copied().unwrap_or(0),
        )
    };
    let mut not_drawn: Vec<(String, usize)> = Vec::new();
    let documents: Vec<&Document> = analysis
        .documents
        .iter()
        .filter(|d| !d.empty && d.root.is_some())
        .collect();
    let by_document: HashMap<(usize, Option<usize>), &PodGraph> = pods
        .iter()
        .rev()
        .map(|g| ((g.document, g.item), g))
        .collect();
    let pod_of = |doc: &Document| by_document.get(&(doc.index, doc.item)).copied();

    // Workloads, in document order.
    let mut workloads: Vec<Workload> = Vec::new();
    for doc in &documents {
        let Some(g) = pod_of(doc) else { continue };
        let Some(root) = doc.root.as_ref() else {
            continue;
        };
        let (errors, warnings) = problems(doc.index);
        let containers = g
            .containers()
            .into_iter()
            .filter_map(|c| {
                let info = g.container(c)?;
                (info.role != Role::Ephemeral).then(|| AppContainer {
                    name: g.node(c).name.clone(),
                    role: info.role,
                })
            })
            .collect();
        let mut port_labels = Vec::new();
        let mut ports = Vec::new();
        for p in g.graph.node_indices() {
            if let NodeData::Port(port) = &g.node(p).data
                && port.declared
            {
                port_labels.push(port.label());
                if let Some(n) = port.number {
                    ports.push((port.port_name.clone(), n));
                }
            }
        }
        let node = app.graph.add_node(AppNode {
            id: document_id(AppKind::Workload, doc),
            kind: AppKind::Workload,
            object_kind: doc.kind.clone(),
            name: g.name.clone(),
            namespace: g.namespace.clone(),
            document: Some(doc.index),
            item: doc.item,
            span: metadata_name_span(root, doc.span),
            status: RefStatus::Defined,
            detail: replicas_text(&doc.kind, root.map_of("spec")),
            containers,
            ports: port_labels,
            errors,
            warnings,
        });
        workloads.push(Workload {
            node,
            kind: doc.kind.as_str(),
            name: g.name.as_str(),
            namespace: g.namespace.clone(),
            labels: pod_view(&doc.kind, root).and_then(|v| v.meta?.map_of("labels")),
            ports,
        });
    }

    // Objects that define what pods use, by kind and name.
    let mut defined: Defined = HashMap::new();
    let mut services: Vec<(NodeIndex, &Document)> = Vec::new();
    let mut others: Vec<(AppKind, NodeIndex, &Document)> = Vec::new();
    for doc in &documents {
        let Some(root) = doc.root.as_ref() else {
            continue;
        };
        let kind = match doc.kind.as_str() {
            "Service" => AppKind::Service,
            "Ingress" => AppKind::Ingress,
            "PodDisruptionBudget" => AppKind::PodDisruptionBudget,
            "HorizontalPodAutoscaler" => AppKind::HorizontalPodAutoscaler,
            "ConfigMap" => AppKind::ConfigMap,
            "Secret" => AppKind::Secret,
            "PersistentVolumeClaim" => AppKind::PersistentVolumeClaim,
            _ => {
                if pod_of(doc).is_none() {
                    match not_drawn.iter_mut().find(|(k, _)| *k == doc.kind) {
                        Some((_, n)) => *n += 1,
                        None => not_drawn.push((doc.kind.clone(), 1)),
                    }
                }
                continue;
            }
        };
        let (errors, warnings) = problems(doc.index);
        let spec = root.map_of("spec");
        let (detail, ports) = match kind {
            AppKind::Service => service_summary(spec),
            AppKind::Ingress => (String::new(), ingress_routes(spec)),
            AppKind::PodDisruptionBudget => (budget_text(spec), Vec::new()),
            AppKind::HorizontalPodAutoscaler => (autoscaler_text(spec), Vec::new()),
            AppKind::Secret => (
                root.opt_str("type")
                    .filter(|t| !t.is_empty())
                    .unwrap_or("Opaque")
                    .to_string(),
                Vec::new(),
            ),
            AppKind::PersistentVolumeClaim => (
                spec.and_then(|s| s.map_of("resources"))
                    .and_then(|r| r.map_of("requests"))
                    .and_then(|r| r.get("storage"))
                    .and_then(|s| s.as_str().map(str::to_string).or_else(|| s.number_text()))
                    .unwrap_or_default(),
                Vec::new(),
            ),
            _ => (String::new(), Vec::new()),
        };
        let node = app.graph.add_node(AppNode {
            id: document_id(kind, doc),
            kind,
            object_kind: doc.kind.clone(),
            name: doc.name.clone(),
            namespace: namespace_of(root),
            document: Some(doc.index),
            item: doc.item,
            span: metadata_name_span(root, doc.span),
            status: RefStatus::Defined,
            detail,
            containers: Vec::new(),
            ports,
            errors,
            warnings,
        });
        defined
            .entry((kind, doc.name.clone()))
            .or_default()
            .push(node);
        if kind == AppKind::Service {
            services.push((node, doc));
        } else {
            others.push((kind, node, doc));
        }
    }

    // Services → the workloads they select.
    let mut comparisons = 0usize;
    for (service, doc) in &services {
        let Some(spec) = doc.root.as_ref().and_then(|r| r.map_of("spec")) else {
            continue;
        };
        let Some(selector) = spec.map_of("selector").filter(|s| !s.entries().is_empty()) else {
            continue;
        };
        let namespace = app.node(*service).namespace.clone();
        let selector_label = selector_text(selector);
        for w in &workloads {
            comparisons += 1;
            if comparisons > MAX_SELECTOR_COMPARISONS {
                app.relations_cut = true;
                break;
            }
            if w.kind == "CronJob" || w.kind == "Job" {
                // A Service in front of a run-to-completion pod is possible, but rare enough
                // that a match is more likely a shared label than a route.
                continue;
            }
            if same_namespace(&namespace, &w.namespace) && map_selects(selector, w.labels) {
                let reach = service_reach(spec, w);
                let label = if reach.is_empty() {
                    selector_label.clone()
                } else {
                    format!("{selector_label} · {reach}")
                };
                app.graph.add_edge(
                    *service,
                    w.node,
                    AppEdge {
                        kind: AppEdgeKind::Selects,
                        label,
                        span: spec.key_at("selector"),
                    },
                );
            }
        }
    }

    // Ingress routes, budgets and autoscalers.
    for &(kind, me, doc) in &others {
        let Some(root) = doc.root.as_ref() else {
            continue;
        };
        let namespace = app.node(me).namespace.clone();
        let spec = root.map_of("spec");
        match kind {
            AppKind::Ingress => {
                for (service, port, route, span) in ingress_backends(spec) {
                    let target = match find(&app, &defined, AppKind::Service, &service, &namespace)
                    {
                        Some(target) => target,
                        None => referred(
                            &mut app,
                            &mut defined,
                            AppKind::Service,
                            "Service",
                            &service,
                            &namespace,
                            RefStatus::Missing,
                            span,
                        ),
                    };
                    let label = match port {
                        Some(port) => format!("{route} → {service}:{port}"),
                        None => format!("{route} → {service}"),
                    };
                    app.graph.add_edge(
                        me,
                        target,
                        AppEdge {
                            kind: AppEdgeKind::Routes,
                            label,
                            span,
                        },
                    );
                }
            }
            AppKind::PodDisruptionBudget => {
                let Some(selector) = spec.and_then(|s| s.map_of("selector")) else {
                    continue;
                };
                for w in &workloads {
                    comparisons += 1;
                    if comparisons > MAX_SELECTOR_COMPARISONS {
                        app.relations_cut = true;
                        break;
                    }
                    if same_namespace(&namespace, &w.namespace) && label_selects(selector, w.labels)
                    {
                        app.graph.add_edge(
                            me,
                            w.node,
                            AppEdge {
                                kind: AppEdgeKind::Guards,
                                label: app.node(me).detail.clone(),
                                span: spec.map_or(doc.span, |s| s.key_at("selector")),
                            },
                        );
                    }
                }
            }
            AppKind::HorizontalPodAutoscaler => {
                let Some(target) = spec.and_then(|s| s.map_of("scaleTargetRef")) else {
                    continue;
                };
                for w in &workloads {
                    if w.kind == target.str_of("kind")
                        && w.name == target.str_of("name")
                        && same_namespace(&namespace, &w.namespace)
                    {
                        app.graph.add_edge(
                            me,
                            w.node,
                            AppEdge {
                                kind: AppEdgeKind::Scales,
                                label: app.node(me).detail.clone(),
                                span: spec.map_or(doc.span, |s| s.key_at("scaleTargetRef")),
                            },
                        );
                    }
                }
            }
            _ => {}
        }
    }

    // What each pod uses.
    for w in &workloads {
        let n = app.node(w.node);
        let Some(g) = n
            .document
            .and_then(|d| by_document.get(&(d, n.item)).copied())
        else {
            continue;
        };
        for r in g.graph.node_indices() {
            let node = g.node(r);
            let NodeData::Reference(reference) = &node.data else {
                continue;
            };
            let Some(kind) = AppKind::of_reference(reference.kind) else {
                continue;
            };
            let namespace = if reference.namespace.is_empty() {
                w.namespace.clone()
            } else {
                reference.namespace.clone()
            };
            let target = match find(&app, &defined, kind, &node.name, &namespace) {
                Some(target) => target,
                None => referred(
                    &mut app,
                    &mut defined,
                    kind,
                    reference.kind.as_str(),
                    &node.name,
                    &namespace,
                    reference.status,
                    node.span,
                ),
            };
            let how = uses_label(g, r);
            app.graph.add_edge(
                w.node,
                target,
                AppEdge {
                    kind: AppEdgeKind::Uses,
                    label: how,
                    span: node.span,
                },
            );
        }
    }
    app.not_drawn = not_drawn;
    app
}

type Defined = HashMap<(AppKind, String), Vec<NodeIndex>>;

/// The node of an object of `kind` and `name` visible from `namespace`.
fn find(
    app: &AppGraph,
    defined: &Defined,
    kind: AppKind,
    name: &str,
    namespace: &str,
) -> Option<NodeIndex> {
    defined.get(&(kind, name.to_string())).and_then(|nodes| {
        nodes
            .iter()
            .copied()
            .find(|n| same_namespace(&app.node(*n).namespace, namespace))
    })
}

/// Adds (once) a node for an object the input refers to but does not define.
#[allow(clippy::too_many_arguments)]
fn referred(
    app: &mut AppGraph,
    defined: &mut Defined,
    kind: AppKind,
    object_kind: &str,
    name: &str,
    namespace: &str,
    status: RefStatus,
    span: Span,
) -> NodeIndex {
    let id = if namespace.is_empty() {
        format!("{}:{name}", kind.key())
    } else {
        format!("{}:{namespace}/{name}", kind.key())
    };
    if let Some(existing) = defined
        .get(&(kind, name.to_string()))
        .and_then(|nodes| nodes.iter().copied().find(|n| app.node(*n).id == id))
    {
        return existing;
    }
    let status = match status {
        // The pod graph resolved it against an object this view does not list (a SealedSecret
        // or a cert-manager Certificate makes the Secret): it is made by the input.
        RefStatus::Defined => RefStatus::Provided,
        other => other,
    };
    let node = app.graph.add_node(AppNode {
        id,
        kind,
        object_kind: object_kind.to_string(),
        name: name.to_string(),
        namespace: namespace.to_string(),
        document: None,
        item: None,
        span,
        status,
        detail: String::new(),
        containers: Vec::new(),
        ports: Vec::new(),
        errors: 0,
        warnings: 0,
    });
    defined
        .entry((kind, name.to_string()))
        .or_default()
        .push(node);
    node
}

/// How a pod uses a reference: `env`, `volume`, `env and volume`, `image pull`.
fn uses_label(g: &PodGraph, reference: petgraph::graph::NodeIndex) -> String {
    use super::model::EdgeData;
    let mut ways: Vec<&str> = Vec::new();
    for e in g
        .in_edges(reference)
        .into_iter()
        .chain(g.out_edges(reference))
    {
        let way = match &g.graph[e].data {
            EdgeData::Env { .. } => "env",
            EdgeData::PullsWith => "image pull",
            _ => "volume",
        };
        if !ways.contains(&way) {
            ways.push(way);
        }
    }
    ways.join(" and ")
}

/// A Service's type and its port mappings (`80→8080/TCP http`).
fn service_summary(spec: Option<&Tree>) -> (String, Vec<String>) {
    let Some(spec) = spec else {
        return ("ClusterIP".into(), Vec::new());
    };
    let kind = spec
        .opt_str("type")
        .filter(|t| !t.is_empty())
        .unwrap_or("ClusterIP");
    let detail = match kind {
        "ExternalName" => format!("ExternalName → {}", spec.str_of("externalName")),
        _ if spec.str_of("clusterIP") == "None" => "headless".into(),
        other => other.to_string(),
    };
    let ports = spec
        .seq_of("ports")
        .iter()
        .map(|p| {
            let port = int_or_string(p.get("port")).unwrap_or_else(|| "?".into());
            let target = int_or_string(p.get("targetPort")).unwrap_or_else(|| port.clone());
            let protocol = p.opt_str("protocol").unwrap_or("TCP");
            let mut text = if target == port {
                format!("{port}/{protocol}")
            } else {
                format!("{port}→{target}/{protocol}")
            };
            if let Some(node_port) = p.i64_of("nodePort") {
                text.push_str(&format!(" node {node_port}"));
            }
            text
        })
        .collect();
    (detail, ports)
}

/// Which container ports of a workload a Service's ports reach: `80→8080 (http)`.
fn service_reach(spec: &Tree, w: &Workload) -> String {
    spec.seq_of("ports")
        .iter()
        .map(|p| {
            let port = int_or_string(p.get("port")).unwrap_or_else(|| "?".into());
            let target = p.get("targetPort");
            let reached = match target.and_then(Tree::as_str) {
                Some(name) => match w.ports.iter().find(|(n, _)| n == name) {
                    Some((_, number)) => format!("{number} ({name})"),
                    None => format!("{name} (no such port)"),
                },
                None => int_or_string(target).unwrap_or_else(|| port.clone()),
            };
            format!("{port}→{reached}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn budget_text(spec: Option<&Tree>) -> String {
    let Some(spec) = spec else {
        return String::new();
    };
    for key in ["minAvailable", "maxUnavailable"] {
        if let Some(value) = int_or_string(spec.get(key)) {
            return format!("{key} {value}");
        }
    }
    String::new()
}

fn autoscaler_text(spec: Option<&Tree>) -> String {
    let Some(spec) = spec else {
        return String::new();
    };
    let min = spec.i64_of("minReplicas").unwrap_or(1);
    match spec.i64_of("maxReplicas") {
        Some(max) => format!("{min}–{max} replicas"),
        None => format!("from {min} replicas"),
    }
}

/// The routes an Ingress lists, as `host/path` (`*` for any host).
fn ingress_routes(spec: Option<&Tree>) -> Vec<String> {
    ingress_backends(spec)
        .into_iter()
        .map(|(_, _, route, _)| route)
        .collect()
}

/// Every backend of an Ingress: (Service name, port, route, span of the backend). Reads both
/// `networking.k8s.io/v1` (`service: {name, port}`) and the older `serviceName`/`servicePort`.
fn ingress_backends(spec: Option<&Tree>) -> Vec<(String, Option<String>, String, Span)> {
    let Some(spec) = spec else {
        return Vec::new();
    };
    let backend = |b: &Tree| -> Option<(String, Option<String>, Span)> {
        if let Some(service) = b.map_of("service") {
            let port = service.map_of("port").and_then(|p| {
                int_or_string(p.get("number"))
                    .filter(|n| n != "0")
                    .or_else(|| p.opt_str("name").map(str::to_string))
            });
            let name = service.str_of("name");
            return (!name.is_empty()).then(|| (name.to_string(), port, service.at("name")));
        }
        let name = b.str_of("serviceName");
        (!name.is_empty()).then(|| {
            (
                name.to_string(),
                int_or_string(b.get("servicePort")),
                b.at("serviceName"),
            )
        })
    };
    let mut out = Vec::new();
    if let Some((name, port, span)) = spec
        .map_of("defaultBackend")
        .or_else(|| spec.map_of("backend"))
        .and_then(backend)
    {
        out.push((name, port, "default".to_string(), span));
    }
    for rule in spec.seq_of("rules") {
        let host = rule
            .opt_str("host")
            .filter(|h| !h.is_empty())
            .unwrap_or("*");
        for path in rule.map_of("http").map_or(&[][..], |h| h.seq_of("paths")) {
            let Some((name, port, span)) = path.map_of("backend").and_then(backend) else {
                continue;
            };
            let route = format!("{host}{}", path.opt_str("path").unwrap_or("/"));
            out.push((name, port, route, span));
        }
    }
    out
}

/// The public shape of the application graph, part of the JavaScript API's `analyze` result and
/// of the `app` view's JSON.
///
/// ```ts
/// interface AppGraph {
///   nodes: AppNode[];
///   edges: AppEdge[];
///   notDrawn: { kind: string; count: number }[];   // other objects of the input
///   relationsCut: boolean;      // too many Services × workloads: some selectors not matched
/// }
/// interface AppNode {
///   id: string;                 // "workload:3", "service:4", "configMap:prod/settings"
///   kind: "ingress" | "service" | "podDisruptionBudget" | "horizontalPodAutoscaler"
///       | "workload" | "configMap" | "secret" | "persistentVolumeClaim";
///   objectKind: string;         // "Deployment", "Service", ...
///   name: string; namespace: string;
///   document: number | null;    // the document that defines it (a workload's: open its pod view)
///   item: number | null;
///   status: "defined" | "provided" | "optional" | "missing";
///   detail: string;             // "3 replicas", "ClusterIP", "minAvailable 1", ...
///   containers: { name: string; role: "init" | "sidecar" | "app" }[];
///   ports: string[];            // container ports, Service port mappings, Ingress routes
///   errors: number; warnings: number;
///   range: Range;
/// }
/// interface AppEdge {
///   id: string; from: string; to: string;
///   kind: "routes" | "selects" | "guards" | "scales" | "uses";
///   label: string;
///   range: Range;
/// }
/// ```
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppGraphDto {
    pub nodes: Vec<AppNodeDto>,
    pub edges: Vec<AppEdgeDto>,
    pub not_drawn: Vec<NotDrawnDto>,
    /// Some selectors were not matched: the input has too many Services and workloads.
    pub relations_cut: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppNodeDto {
    pub id: String,
    pub kind: String,
    pub object_kind: String,
    pub name: String,
    pub namespace: String,
    pub document: Option<usize>,
    pub item: Option<usize>,
    pub status: String,
    pub detail: String,
    pub containers: Vec<AppContainerDto>,
    pub ports: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    pub range: RangeDto,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppContainerDto {
    pub name: String,
    pub role: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppEdgeDto {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub label: String,
    pub range: RangeDto,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NotDrawnDto {
    pub kind: String,
    pub count: usize,
}

/// The id of an edge of the application graph.
pub fn edge_id(e: petgraph::graph::EdgeIndex) -> String {
    format!("link:{}", e.index())
}

impl AppGraphDto {
    pub fn new(app: &AppGraph, positions: &Positions) -> AppGraphDto {
        let nodes = app
            .graph
            .node_indices()
            .map(|i| {
                let n = app.node(i);
                AppNodeDto {
                    id: n.id.clone(),
                    kind: n.kind.key().into(),
                    object_kind: n.object_kind.clone(),
                    name: n.name.clone(),
                    namespace: n.namespace.clone(),
                    document: n.document,
                    item: n.item,
                    status: n.status.as_str().into(),
                    detail: n.detail.clone(),
                    containers: n
                        .containers
                        .iter()
                        .map(|c| AppContainerDto {
                            name: c.name.clone(),
                            role: c.role.as_str().into(),
                        })
                        .collect(),
                    ports: n.ports.clone(),
                    errors: n.errors,
                    warnings: n.warnings,
                    range: positions.range(n.span),
                }
            })
            .collect();
        let edges = app
            .graph
            .edge_indices()
            .map(|e| {
                let (from, to) = app.graph.edge_endpoints(e).expect("edge");
                let edge = &app.graph[e];
                AppEdgeDto {
                    id: edge_id(e),
                    from: app.node(from).id.clone(),
                    to: app.node(to).id.clone(),
                    kind: edge.kind.as_str().into(),
                    label: edge.label.clone(),
                    range: positions.range(edge.span),
                }
            })
            .collect();
        AppGraphDto {
            nodes,
            edges,
            not_drawn: app
                .not_drawn
                .iter()
                .map(|(kind, count)| NotDrawnDto {
                    kind: kind.clone(),
                    count: *count,
                })
                .collect(),
            relations_cut: app.relations_cut,
        }
    }
}
