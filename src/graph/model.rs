//! The nodes and edges of a pod graph. Every node and edge keeps the byte span of the text it
//! came from, so a diagnostic, a diagram element or an editor highlight can point at it.

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::source::Span;

/// One pod or pod template, as a directed graph.
#[derive(Clone, Debug)]
pub struct PodGraph {
    /// Index of the document (as `Document::index`).
    pub document: usize,
    /// For an item of a `kind: List` document, its index in `items`.
    pub item: Option<usize>,
    /// The object's kind (`Pod`, `Deployment`, `CronJob`, ...).
    pub kind: String,
    pub name: String,
    pub namespace: String,
    /// Path of the pod spec (`spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`).
    pub spec_path: String,
    /// The pod spec's key, or the object's first line when there is no spec.
    pub span: Span,
    /// The effective `restartPolicy` (defaulted to `Always`).
    pub restart_policy: String,
    pub graph: DiGraph<Node, Edge>,
    pub pod: NodeIndex,
    /// The main application container (see [`super::patterns::main_container`]).
    pub main: Option<NodeIndex>,
    pub patterns: Vec<Pattern>,
}

/// A node: an `id` unique within its graph, a display name, its source span and what it is.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub span: Span,
    pub data: NodeData,
}

#[derive(Clone, Debug)]
pub enum NodeData {
    Pod,
    Container(Container),
    Volume(Volume),
    Reference(Reference),
    Port(Port),
}

/// When a container runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A plain init container: runs to completion before the next one starts.
    Init,
    /// A native sidecar (an init container with `restartPolicy: Always`): started in order with
    /// the init containers, kept running, stopped after the app containers.
    Sidecar,
    /// A regular container: started together after the init phase.
    App,
    /// An ephemeral (debug) container, added to a running pod.
    Ephemeral,
}

impl Role {
    /// The phase a container of this role starts in, as the diagrams group them: 0 for init
    /// containers and native sidecars (in order), 1 for app containers, 2 for ephemeral ones.
    pub fn phase(self) -> usize {
        match self {
            Role::Init | Role::Sidecar => 0,
            Role::App => 1,
            Role::Ephemeral => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Init => "init",
            Role::Sidecar => "sidecar",
            Role::App => "app",
            Role::Ephemeral => "ephemeral",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Container {
    pub role: Role,
    /// Position in its list (`initContainers`, `containers`, `ephemeralContainers`).
    pub index: usize,
    /// Field path, e.g. `spec.initContainers[1]`.
    pub path: String,
    /// Startup step, 1-based: init containers and sidecars in declaration order, then every app
    /// container at the same step. Ephemeral containers have 0.
    pub step: usize,
    pub image: String,
    /// Span of the `name` value (or of the container's first key).
    pub name_span: Span,
    /// The whole container entry.
    pub extent: Span,
    pub image_span: Span,
    pub has_startup_probe: bool,
    pub has_readiness_probe: bool,
    /// The command line as one line of text, for display (empty: the image's default).
    pub command: String,
    /// The process exits at once (with why and where), keeps running, or we cannot tell.
    pub lifetime: super::shell::Lifetime,
    /// Its command only reads files (`tail -F`, `cat`): its read-write mounts count as reads.
    pub only_reads: bool,
    /// What kind of helper its image or name suggests (log shipper, proxy, ...).
    pub helper: Option<super::patterns::HelperKind>,
    /// `securityContext.runAsUser` of the container, else of the pod: a mesh's iptables rules
    /// name the proxy by this user.
    pub run_as_user: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Volume {
    /// Position in `volumes` (or in `volumeClaimTemplates` for a StatefulSet claim).
    pub index: usize,
    pub path: String,
    /// The volume source field: `emptyDir`, `hostPath`, `configMap`, `secret`, `projected`,
    /// `persistentVolumeClaim`, `downwardAPI`, `ephemeral`, `volumeClaimTemplate`, ...
    pub source: String,
    /// A short description: the host path, the medium, the projected sources, the claim name.
    pub detail: String,
    /// The whole volume entry.
    pub extent: Span,
}

impl Volume {
    /// Volumes the kubelet always mounts read-only, whatever the mount says.
    pub fn is_read_only_source(&self) -> bool {
        matches!(
            self.source.as_str(),
            "configMap" | "secret" | "downwardAPI" | "projected"
        )
    }

    /// Volumes that start empty with every pod.
    pub fn starts_empty(&self) -> bool {
        matches!(self.source.as_str(), "emptyDir" | "ephemeral")
    }
}

/// Objects outside the pod that it refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    ServiceAccount,
    Service,
    /// A host outside the cluster (a domain name or an IP address).
    Host,
}

impl RefKind {
    /// The Kubernetes kind, or `Host`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::ConfigMap => "ConfigMap",
            RefKind::Secret => "Secret",
            RefKind::PersistentVolumeClaim => "PersistentVolumeClaim",
            RefKind::ServiceAccount => "ServiceAccount",
            RefKind::Service => "Service",
            RefKind::Host => "Host",
        }
    }

    /// Node kind in the DTO and the prefix of node ids.
    pub fn key(self) -> &'static str {
        match self {
            RefKind::ConfigMap => "configMap",
            RefKind::Secret => "secret",
            RefKind::PersistentVolumeClaim => "persistentVolumeClaim",
            RefKind::ServiceAccount => "serviceAccount",
            RefKind::Service => "service",
            RefKind::Host => "host",
        }
    }
}

/// Whether a referenced object is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefStatus {
    /// Defined in one of the analysed documents.
    Defined,
    /// Exists in every namespace (the `default` ServiceAccount, `kube-root-ca.crt`), or is created
    /// with the pod (a claim of an ephemeral volume or a StatefulSet claim template).
    Provided,
    /// Not in the documents, but every reference to it is `optional: true`.
    Optional,
    /// Not in the documents: it must exist in the cluster.
    Missing,
    /// A host outside the cluster: nothing to resolve.
    External,
}

impl RefStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RefStatus::Defined => "defined",
            RefStatus::Provided => "provided",
            RefStatus::Optional => "optional",
            RefStatus::Missing => "missing",
            RefStatus::External => "external",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: RefKind,
    pub namespace: String,
    pub status: RefStatus,
    /// Keys of a ConfigMap or Secret defined in the documents (for key checks).
    pub known_keys: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct Port {
    pub number: Option<u16>,
    /// The port's name (`http`), or the name a probe uses.
    pub port_name: String,
    pub protocol: String,
    /// `containerPort` declared in the container's `ports`; otherwise seen in a flag, a
    /// variable, the image's default, or only in a probe.
    pub declared: bool,
    /// How it is known: `ports[0]`, `--port`, `PORT`, `image default`, `probe`.
    pub origin: String,
    pub host_port: Option<u16>,
}

impl Port {
    pub fn label(&self) -> String {
        match (self.number, self.port_name.is_empty()) {
            (Some(n), true) => format!("{n}/{}", self.protocol),
            (Some(n), false) => format!("{n}/{} {}", self.protocol, self.port_name),
            (None, _) => self.port_name.clone(),
        }
    }
}

/// An edge with the span it came from.
#[derive(Clone, Debug)]
pub struct Edge {
    pub span: Span,
    /// Field path of the source (`spec.containers[0].volumeMounts[1]`).
    pub path: String,
    pub data: EdgeData,
}

/// How a container uses a mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Mounted read-only, or a read-write mount of a helper that consumes what others write.
    Reads,
    /// Mounted read-write: may write.
    Writes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    pub fn field(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "livenessProbe",
            ProbeKind::Readiness => "readinessProbe",
            ProbeKind::Startup => "startupProbe",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "liveness",
            ProbeKind::Readiness => "readiness",
            ProbeKind::Startup => "startup",
        }
    }
}

#[derive(Clone, Debug)]
pub enum EdgeData {
    /// `to` starts after `from` has completed (a plain init container) or started (a sidecar).
    Startup { after_completion: bool },
    /// Container → volume.
    Mount {
        mount_path: String,
        sub_path: String,
        read_only: bool,
        access: Access,
        /// A raw block device (`volumeDevices`), not a file system mount.
        device: bool,
    },
    /// Container → ConfigMap or Secret, through `env` (`variables` and `keys` in pairs) or
    /// `envFrom` (`all_keys`).
    Env {
        variables: Vec<String>,
        keys: Vec<String>,
        optional: bool,
        all_keys: bool,
        /// Spans of the key values, parallel to `keys`.
        key_spans: Vec<Span>,
        /// Whether each key's reference is optional, parallel to `keys`.
        key_optional: Vec<bool>,
    },
    /// Volume → the object it is made from (ConfigMap, Secret, claim, ServiceAccount token).
    VolumeSource {
        keys: Vec<String>,
        optional: bool,
        key_spans: Vec<Span>,
        /// What the volume takes when no keys are listed: `all keys`, `claim`, `login`.
        whole: &'static str,
    },
    /// Container → one of its ports.
    Exposes,
    /// Container → the port its probe hits.
    Probe { probe: ProbeKind },
    /// Container → Service or host it waits for in a loop, or port on localhost.
    Waits {
        tool: String,
        host: String,
        port: Option<u16>,
    },
    /// Container → port of another container (`localhost:<port>`), or → a Service by URL.
    TalksTo { via: String, address: String },
    /// Pod → its ServiceAccount.
    UsesServiceAccount,
    /// Pod → a Secret in `imagePullSecrets`.
    PullsWith,
}

impl EdgeData {
    pub fn key(&self) -> &'static str {
        match self {
            EdgeData::Startup { .. } => "startup",
            EdgeData::Mount { .. } => "mount",
            EdgeData::Env { all_keys: true, .. } => "envFrom",
            EdgeData::Env { .. } => "env",
            EdgeData::VolumeSource { .. } => "volumeSource",
            EdgeData::Exposes => "exposes",
            EdgeData::Probe { .. } => "probe",
            EdgeData::Waits { .. } => "waits",
            EdgeData::TalksTo { .. } => "talksTo",
            EdgeData::UsesServiceAccount => "serviceAccount",
            EdgeData::PullsWith => "imagePullSecret",
        }
    }
}

/// A multi-container pattern recognised in the pod, with the facts behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub kind: PatternKind,
    /// The helper container the label is about.
    pub container: NodeIndex,
    /// The containers it works with (the app).
    pub with: Vec<NodeIndex>,
    pub evidence: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PatternKind {
    Sidecar,
    Adapter,
    Ambassador,
    InitFetcher,
    LegacySidecar,
}

impl PatternKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PatternKind::Sidecar => "sidecar",
            PatternKind::Adapter => "adapter",
            PatternKind::Ambassador => "ambassador",
            PatternKind::InitFetcher => "initFetcher",
            PatternKind::LegacySidecar => "legacySidecar",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            PatternKind::Sidecar => "sidecar",
            PatternKind::Adapter => "adapter",
            PatternKind::Ambassador => "ambassador",
            PatternKind::InitFetcher => "init fetcher",
            PatternKind::LegacySidecar => "legacy sidecar",
        }
    }
}

/// Lists longer than this are sorted with the standard library's sort.
pub const SORT_SMALL_MAX: usize = 64;

/// A stable sort: insertion sort for the short lists of a typical pod (one small function per call
/// site keeps the WebAssembly build smaller), the standard library's stable sort past
/// [`SORT_SMALL_MAX`] items so that a hostile pod (100,000 containers) stays O(n log n). Both give
/// the same order.
pub fn sort_small<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    if v.len() > SORT_SMALL_MAX {
        v.sort_by(|a, b| {
            if less(a, b) {
                std::cmp::Ordering::Less
            } else if less(b, a) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        return;
    }
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

impl PodGraph {
    pub fn node(&self, i: NodeIndex) -> &Node {
        &self.graph[i]
    }

    pub fn container(&self, i: NodeIndex) -> Option<&Container> {
        match &self.graph[i].data {
            NodeData::Container(c) => Some(c),
            _ => None,
        }
    }

    /// Container nodes in startup order (init and sidecars, then apps, then ephemeral).
    /// [`PodGraph::containers`] grouped by [`Role::phase`], in start order within each phase.
    pub fn containers_by_phase(&self) -> [Vec<NodeIndex>; 3] {
        let mut phases: [Vec<NodeIndex>; 3] = Default::default();
        for c in self.containers() {
            if let Some(info) = self.container(c) {
                phases[info.role.phase()].push(c);
            }
        }
        phases
    }

    pub fn containers(&self) -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|i| self.container(*i).is_some())
            .collect();
        let key = |i: &NodeIndex| {
            self.container(*i).map_or((true, 0, true, 0), |c| {
                (
                    c.role == Role::Ephemeral,
                    c.step,
                    c.role == Role::App,
                    c.index,
                )
            })
        };
        sort_small(&mut out, |a, b| key(a) < key(b));
        out
    }

    pub fn nodes_where(&self, f: impl Fn(&NodeData) -> bool) -> Vec<NodeIndex> {
        self.graph
            .node_indices()
            .filter(|i| f(&self.graph[*i].data))
            .collect()
    }

    /// Edges leaving `from`, in insertion order.
    pub fn out_edges(&self, from: NodeIndex) -> Vec<EdgeIndex> {
        let mut out: Vec<EdgeIndex> = self
            .graph
            .edges_directed(from, petgraph::Direction::Outgoing)
            .map(|e| petgraph::visit::EdgeRef::id(&e))
            .collect();
        // petgraph lists the newest edge first.
        out.reverse();
        sort_small(&mut out, |a, b| a < b);
        out
    }

    /// Edges entering `to`, in insertion order.
    pub fn in_edges(&self, to: NodeIndex) -> Vec<EdgeIndex> {
        let mut out: Vec<EdgeIndex> = self
            .graph
            .edges_directed(to, petgraph::Direction::Incoming)
            .map(|e| petgraph::visit::EdgeRef::id(&e))
            .collect();
        // petgraph lists the newest edge first.
        out.reverse();
        sort_small(&mut out, |a, b| a < b);
        out
    }

    pub fn endpoints(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.graph.edge_endpoints(e).expect("edge")
    }

    /// Two containers run at the same time at some point.
    pub fn run_together(&self, a: NodeIndex, b: NodeIndex) -> bool {
        let (Some(x), Some(y)) = (self.container(a), self.container(b)) else {
            return false;
        };
        if a == b || x.role == Role::Ephemeral || y.role == Role::Ephemeral {
            return false;
        }
        let long = |c: &Container| matches!(c.role, Role::Sidecar | Role::App);
        match (long(x), long(y)) {
            (true, true) => true,
            // A plain init container runs beside the sidecars started before it.
            (true, false) => x.role == Role::Sidecar && x.step < y.step,
            (false, true) => y.role == Role::Sidecar && y.step < x.step,
            (false, false) => false,
        }
    }

    /// `a` is running (or has completed, for a plain init container) before `b` starts.
    pub fn starts_before(&self, a: NodeIndex, b: NodeIndex) -> bool {
        match (self.container(a), self.container(b)) {
            (Some(x), Some(y)) => x.step < y.step,
            _ => false,
        }
    }
}
