//! The inside of a pod as a graph: what its containers share and depend on.
//!
//! For every pod or pod template in the analysed documents, [`graphs`] builds a directed graph
//! (petgraph) whose nodes are the pod, its containers (init containers in order, native
//! sidecars, app containers, ephemeral containers), its volumes (with their type), the objects it
//! refers to (ConfigMaps, Secrets, claims, the ServiceAccount, image pull Secrets, Services it
//! waits for or talks to) and the ports on its shared network; and whose edges are startup
//! order, mounts (read-only: reads; read-write: may write), environment references, volume
//! sources, exposed ports, probes and the port they hit, waits, and talks-to. References are
//! resolved against the other documents of the same input; one that is not found stays in the
//! graph, marked missing. Every node and edge keeps the span it came from.
//!
//! On this graph run the checks ([`check`], codes `PS5xxx`, documented in [`checks`]) and the
//! pattern detection ([`patterns`]: sidecar, adapter, ambassador, init fetcher, legacy sidecar,
//! each with its evidence). [`crate::diagram`] lays the graph out and draws it.

pub mod app;
pub mod build;
pub mod catalog;
pub mod checks;
pub mod model;
pub mod patterns;
pub mod shell;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Analysis, Document, Verdict};
use crate::options::Options;
use crate::source::{Positions, RangeDto};
pub use checks::RULES;
use model::{Access, EdgeData, NodeData};
pub use model::{PodGraph, Role};

/// The documents whose kind holds a pod spec.
fn has_pod(doc: &Document) -> bool {
    matches!(
        doc.kind.as_str(),
        "Pod"
            | "Deployment"
            | "ReplicaSet"
            | "DaemonSet"
            | "StatefulSet"
            | "Job"
            | "CronJob"
            | "ReplicationController"
            | "PodTemplate"
    ) && doc.root.is_some()
}

/// One graph per pod or pod template in the analysed text, in document order. Documents the
/// server could not decode still get a graph when their tree holds a pod spec.
pub fn graphs(analysis: &Analysis) -> Vec<PodGraph> {
    if !analysis.documents.iter().any(has_pod) {
        return Vec::new();
    }
    let catalog = catalog::Catalog::of(&analysis.documents);
    analysis
        .documents
        .iter()
        .filter(|d| has_pod(d))
        .filter_map(|d| build::build(d.index, d.item, &d.kind, d.root.as_ref()?, &catalog))
        .collect()
}

/// The graph of one document's pod (for a `kind: List`, of its first item with a pod).
pub fn graph_of(analysis: &Analysis, document: usize) -> Option<PodGraph> {
    let doc = analysis
        .documents
        .iter()
        .find(|d| d.index == document && has_pod(d))?;
    let catalog = catalog::Catalog::of(&analysis.documents);
    build::build(doc.index, doc.item, &doc.kind, doc.root.as_ref()?, &catalog)
}

/// Podscope's own checks that need the pod graph (codes `PS5xxx`), over all documents of one
/// input (references resolve across documents). Called once at the end of `analyze`. They look
/// for runtime traps that pass validation, so only documents the API server accepts are
/// checked: a rejected pod never runs, and its errors come first.
pub fn check(
    documents: &[Document],
    options: &Options,
    run: Option<&std::sync::Arc<catalog::Catalog>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if RULES.iter().all(|r| checks::is_off(r, options)) {
        return out;
    }
    let checkable = |d: &Document| has_pod(d) && d.verdict == Verdict::Valid;
    if !documents.iter().any(checkable) {
        return out;
    }
    let catalog = catalog::Catalog::in_run(documents, run);
    for doc in documents.iter().filter(|d| checkable(d)) {
        let Some(root) = &doc.root else { continue };
        if let Some(graph) = build::build(doc.index, doc.item, &doc.kind, root, &catalog) {
            checks::run(&graph, options, &mut out);
        }
    }
    out
}

/// The public shape of one pod's graph (nodes, edges, patterns, each with its source range),
/// part of the JavaScript API's `analyze` result.
///
/// ```ts
/// interface PodGraph {
///   document: number;          // index of the document holding the pod or template
///   item: number | null;       // for an item of a `kind: List` document, its index in `items`
///   kind: string;              // "Pod", "Deployment", "CronJob", ...
///   name: string;
///   specPath: string;          // "spec", "spec.template.spec", ...
///   restartPolicy: string;     // effective: "Always" when not set
///   range: Range;              // the pod spec's key
///   nodes: GraphNode[];
///   edges: GraphEdge[];
///   patterns: Pattern[];
/// }
/// ```
///
/// On wasm32 it and every type nested in it derive `Tsify`, so the package's TypeScript follows.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PodGraphDto {
    /// Index of the document holding the pod or pod template.
    pub document: usize,
    /// For an item of a `kind: List` document, its index in `items`.
    pub item: Option<usize>,
    pub kind: String,
    pub name: String,
    pub spec_path: String,
    pub restart_policy: String,
    pub range: RangeDto,
    pub nodes: Vec<GraphNodeDto>,
    pub edges: Vec<GraphEdgeDto>,
    pub patterns: Vec<PatternDto>,
}

/// A node. `kind` is one of `pod`, `container`, `volume`, `port`, `configMap`, `secret`,
/// `persistentVolumeClaim`, `serviceAccount`, `service`, `host`; the optional fields belong to
/// some kinds only and are left out elsewhere.
///
/// ```ts
/// interface GraphNode {
///   id: string;                // unique in the graph: "container:app", "volume:data", ...
///   kind: string;
///   name: string;
///   range: Range;              // where it is defined or first referred to
///   path?: string;             // field path of a container or volume
///   role?: "init" | "sidecar" | "app" | "ephemeral";   // containers
///   step?: number;             // containers: startup step, 1-based (apps share one)
///   image?: string;            // containers
///   command?: string;          // containers: command and args as one line
///   source?: string;           // volumes: "emptyDir", "hostPath", "projected", ...
///   detail?: string;           // volumes: host path, claim, projected sources, ...
///   status?: "defined" | "provided" | "optional" | "missing" | "external";  // references
///   port?: number; protocol?: string; portName?: string;                   // ports
///   declared?: boolean;        // ports: in `ports`, or only seen in a flag, variable, probe
///   origin?: string;           // ports: "ports[0]", "--port", "PORT", "image default", "probe"
/// }
/// ```
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GraphNodeDto {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub range: RangeDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// An edge from `from` to `to` (node ids). `kind` is one of `startup`, `mount`, `env`,
/// `envFrom`, `volumeSource`, `exposes`, `probe`, `waits`, `talksTo`, `serviceAccount`,
/// `imagePullSecret`.
///
/// ```ts
/// interface GraphEdge {
///   id: string;                // "e0", "e1", ... in a stable order
///   kind: string;
///   from: string; to: string;
///   label: string;             // a short description for display
///   range: Range; path: string;
///   afterCompletion?: boolean; // startup: `to` waits for `from` to finish (else to start)
///   mountPath?: string; subPath?: string; readOnly?: boolean;   // mount
///   access?: "reads" | "writes"; // mount: read-only reads; read-write may write, except
///                                // helpers that consume what the app writes (reads)
///   variables?: string[]; keys?: string[]; optional?: boolean;  // env, envFrom, volumeSource
///   probe?: "liveness" | "readiness" | "startup";               // probe
///   tool?: string; host?: string; port?: number;                // waits
///   via?: string; address?: string;                             // talksTo
/// }
/// ```
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GraphEdgeDto {
    pub id: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub label: String,
    pub range: RangeDto,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_completion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keys: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A recognised pattern. `kind` is `sidecar`, `adapter`, `ambassador`, `initFetcher` or
/// `legacySidecar`.
///
/// ```ts
/// interface Pattern {
///   kind: string;
///   container: string;         // node id of the helper
///   with: string[];            // node ids of the containers it serves
///   evidence: string[];        // the facts behind the label, in words
///   range: Range;              // the helper's name
/// }
/// ```
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PatternDto {
    pub kind: String,
    pub container: String,
    pub with: Vec<String>,
    pub evidence: Vec<String>,
    pub range: RangeDto,
}

/// One graph per pod or pod template in the analysed text.
pub fn graph_dtos(analysis: &Analysis, positions: &Positions) -> Vec<PodGraphDto> {
    graphs(analysis)
        .iter()
        .map(|g| PodGraphDto::new(g, positions))
        .collect()
}

/// A short text for an edge: the mount path, the variables, the probe, the address.
pub fn edge_label(data: &EdgeData) -> String {
    match data {
        EdgeData::Startup {
            after_completion: true,
        } => "after it completes".into(),
        EdgeData::Startup { .. } => "after it starts".into(),
        EdgeData::Mount {
            mount_path,
            sub_path,
            read_only,
            access,
            device,
        } => {
            let mut label = mount_path.clone();
            if !sub_path.is_empty() {
                label.push_str(&format!(" ({sub_path})"));
            }
            let mode = match (device, read_only, access) {
                (true, _, _) => "device",
                (false, true, _) => "ro",
                (false, false, Access::Reads) => "reads",
                (false, false, Access::Writes) => "rw",
            };
            format!("{label} · {mode}")
        }
        EdgeData::Env {
            variables,
            all_keys: true,
            ..
        } => match variables.first() {
            Some(prefix) => format!("envFrom {prefix}"),
            None => "envFrom (all keys)".into(),
        },
        EdgeData::Env { variables, .. } => match variables.as_slice() {
            [one] => format!("env {one}"),
            [first, rest @ ..] => format!("env {first} +{}", rest.len()),
            [] => "env".into(),
        },
        EdgeData::VolumeSource {
            keys,
            optional,
            whole,
            ..
        } => match keys.as_slice() {
            [] if *optional => format!("{whole} · optional"),
            [] => (*whole).to_string(),
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} +{}", rest.len()),
        },
        EdgeData::Exposes => "exposes".into(),
        EdgeData::Probe { probe } => format!("{} probe", probe.as_str()),
        EdgeData::Waits { tool, .. } => format!("waits ({tool})"),
        EdgeData::TalksTo { via, .. } => via.clone(),
        EdgeData::UsesServiceAccount => "service account".into(),
        EdgeData::PullsWith => "image pull".into(),
    }
}

impl PodGraphDto {
    pub fn new(g: &PodGraph, positions: &Positions) -> PodGraphDto {
        let nodes = g
            .graph
            .node_indices()
            .map(|i| node_dto(g, i, positions))
            .collect();
        let edges = g
            .graph
            .edge_indices()
            .map(|e| edge_dto(g, e, positions))
            .collect();
        let patterns = g
            .patterns
            .iter()
            .map(|p| PatternDto {
                kind: p.kind.as_str().into(),
                container: g.node(p.container).id.clone(),
                with: p.with.iter().map(|w| g.node(*w).id.clone()).collect(),
                evidence: p.evidence.clone(),
                range: positions.range(g.node(p.container).span),
            })
            .collect();
        PodGraphDto {
            document: g.document,
            item: g.item,
            kind: g.kind.clone(),
            name: g.name.clone(),
            spec_path: g.spec_path.clone(),
            restart_policy: g.restart_policy.clone(),
            range: positions.range(g.span),
            nodes,
            edges,
            patterns,
        }
    }
}

fn node_dto(g: &PodGraph, i: petgraph::graph::NodeIndex, positions: &Positions) -> GraphNodeDto {
    let node = g.node(i);
    let mut dto = GraphNodeDto {
        id: node.id.clone(),
        kind: String::new(),
        name: node.name.clone(),
        range: positions.range(node.span),
        path: None,
        role: None,
        step: None,
        image: None,
        command: None,
        source: None,
        detail: None,
        status: None,
        port: None,
        protocol: None,
        port_name: None,
        declared: None,
        origin: None,
    };
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    match &node.data {
        NodeData::Pod => dto.kind = "pod".into(),
        NodeData::Container(c) => {
            dto.kind = "container".into();
            dto.path = Some(c.path.clone());
            dto.role = Some(c.role.as_str().into());
            dto.step = (c.role != Role::Ephemeral).then_some(c.step);
            dto.image = Some(c.image.clone());
            dto.command = non_empty(&c.command);
        }
        NodeData::Volume(v) => {
            dto.kind = "volume".into();
            dto.path = Some(v.path.clone());
            dto.source = Some(v.source.clone());
            dto.detail = non_empty(&v.detail);
        }
        NodeData::Reference(r) => {
            dto.kind = r.kind.key().into();
            dto.status = Some(r.status.as_str().into());
        }
        NodeData::Port(p) => {
            dto.kind = "port".into();
            dto.port = p.number;
            dto.protocol = Some(p.protocol.clone());
            dto.port_name = non_empty(&p.port_name);
            dto.declared = Some(p.declared);
            dto.origin = Some(p.origin.clone());
        }
    }
    dto
}

fn edge_dto(g: &PodGraph, e: petgraph::graph::EdgeIndex, positions: &Positions) -> GraphEdgeDto {
    let (from, to) = g.endpoints(e);
    let edge = &g.graph[e];
    let mut dto = GraphEdgeDto {
        id: format!("e{}", e.index()),
        kind: edge.data.key().into(),
        from: g.node(from).id.clone(),
        to: g.node(to).id.clone(),
        label: edge_label(&edge.data),
        range: positions.range(edge.span),
        path: edge.path.clone(),
        after_completion: None,
        mount_path: None,
        sub_path: None,
        read_only: None,
        access: None,
        variables: None,
        keys: None,
        optional: None,
        probe: None,
        tool: None,
        host: None,
        port: None,
        via: None,
        address: None,
    };
    let some_vec = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    match &edge.data {
        EdgeData::Startup { after_completion } => dto.after_completion = Some(*after_completion),
        EdgeData::Mount {
            mount_path,
            sub_path,
            read_only,
            access,
            ..
        } => {
            dto.mount_path = Some(mount_path.clone());
            dto.sub_path = (!sub_path.is_empty()).then(|| sub_path.clone());
            dto.read_only = Some(*read_only);
            dto.access = Some(
                match access {
                    Access::Reads => "reads",
                    Access::Writes => "writes",
                }
                .into(),
            );
        }
        EdgeData::Env {
            variables,
            keys,
            optional,
            ..
        } => {
            dto.variables = some_vec(variables);
            dto.keys = some_vec(keys);
            dto.optional = Some(*optional);
        }
        EdgeData::VolumeSource { keys, optional, .. } => {
            dto.keys = some_vec(keys);
            dto.optional = Some(*optional);
        }
        EdgeData::Probe { probe } => dto.probe = Some(probe.as_str().into()),
        EdgeData::Waits { tool, host, port } => {
            dto.tool = Some(tool.clone());
            dto.host = Some(host.clone());
            dto.port = *port;
        }
        EdgeData::TalksTo { via, address } => {
            dto.via = Some(via.clone());
            dto.address = Some(address.clone());
        }
        EdgeData::Exposes | EdgeData::UsesServiceAccount | EdgeData::PullsWith => {}
    }
    dto
}
