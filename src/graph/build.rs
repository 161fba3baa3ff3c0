//! Building the graph of one pod spec from its document tree.
//!
//! Nodes and edges are added in a fixed order (containers, volumes, mounts, environment, ports,
//! probes, waits and talks-to, then pod-level references), so ids and output are deterministic.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use super::catalog::Catalog;
use super::model::{
    Access, Container, Edge, EdgeData, Node, NodeData, PodGraph, Port, ProbeKind, RefKind,
    RefStatus, Reference, Role, Volume, sort_small,
};
use super::shell::{self, CommandLine};
use crate::source::Span;
use crate::yaml::Node as Tree;

/// Where the pod spec of a kind sits: the template (holding `metadata` and `spec`) and the path
/// of the spec. `None` for kinds without pods.
pub fn locate<'t>(kind: &str, root: &'t Tree) -> Option<(&'t Tree, &'t Tree, &'static str)> {
    let spec = root.map_of("spec");
    let (holder, path) = match kind {
        "Pod" => (Some(root), "spec"),
        "Deployment"
        | "ReplicaSet"
        | "DaemonSet"
        | "StatefulSet"
        | "Job"
        | "ReplicationController" => (
            spec.and_then(|s| s.map_of("template")),
            "spec.template.spec",
        ),
        "CronJob" => (
            spec.and_then(|s| s.map_of("jobTemplate"))
                .and_then(|j| j.map_of("spec"))
                .and_then(|s| s.map_of("template")),
            "spec.jobTemplate.spec.template.spec",
        ),
        "PodTemplate" => (root.map_of("template"), "template.spec"),
        _ => return None,
    };
    let holder = holder?;
    let pod_spec = holder.map_of("spec")?;
    Some((holder, pod_spec, path))
}

/// Images whose server listens on a well-known port when nothing overrides it.
const IMAGE_PORTS: &[(&str, u16)] = &[
    ("nginx", 80),
    ("httpd", 80),
    ("redis", 6379),
    ("memcached", 11211),
    ("postgres", 5432),
    ("mysql", 3306),
    ("mariadb", 3306),
    ("mongo", 27017),
];

/// Environment variables that tell a process which port to listen on.
const PORT_VARIABLES: &[&str] = &["PORT", "SERVER_PORT", "HTTP_PORT", "LISTEN_PORT"];

/// ConfigMaps every namespace has.
const PROVIDED_CONFIG_MAPS: &[&str] = &["kube-root-ca.crt", "openshift-service-ca.crt"];

struct Builder<'a> {
    graph: DiGraph<Node, Edge>,
    // One map type for all three keeps the WebAssembly build small.
    /// How often each node id was given (repeated names in invalid specs).
    ids: HashMap<String, u32>,
    /// Reference nodes by `kind:name`.
    refs: HashMap<String, u32>,
    /// Volume nodes by name.
    volumes: HashMap<String, u32>,
    catalog: &'a Catalog,
    namespace: String,
}

/// Builds the graph of the pod in one document (`None` when the document holds no pod spec).
pub fn build(
    document: usize,
    item: Option<usize>,
    kind: &str,
    root: &Tree,
    catalog: &Catalog,
) -> Option<PodGraph> {
    let (holder, spec, spec_path) = locate(kind, root)?;
    let object_meta = root.map_of("metadata");
    let name = object_meta.map_or("", |m| m.str_of("name")).to_string();
    let namespace = object_meta
        .map_or("", |m| m.str_of("namespace"))
        .to_string();
    let restart_policy = spec
        .opt_str("restartPolicy")
        .filter(|p| !p.is_empty())
        .unwrap_or("Always")
        .to_string();
    let span = if kind == "Pod" {
        root.key_at("spec")
    } else {
        holder.key_at("spec")
    };
    let mut b = Builder {
        graph: DiGraph::new(),
        ids: HashMap::new(),
        refs: HashMap::new(),
        volumes: HashMap::new(),
        catalog,
        namespace: namespace.clone(),
    };
    let pod = b.add_node("pod".into(), name.clone(), span, NodeData::Pod);
    let (containers, lines) = b.add_containers(spec, spec_path);
    b.add_volumes(spec, spec_path);
    if kind == "StatefulSet" {
        b.add_claim_templates(root);
    }
    for (node, tree) in &containers {
        b.add_mounts(*node, tree);
    }
    for (node, tree) in &containers {
        b.add_env(*node, tree);
    }
    for ((node, tree), line) in containers.iter().zip(&lines) {
        b.add_ports(*node, tree, line);
    }
    for (node, tree) in &containers {
        b.add_probes(*node, tree);
    }
    for ((node, tree), line) in containers.iter().zip(&lines) {
        b.add_waits(*node, line);
        b.add_talks(*node, tree, line);
    }
    b.add_pod_references(pod, spec, spec_path);
    b.resolve_references();
    let mut graph = PodGraph {
        document,
        item,
        kind: kind.to_string(),
        name,
        namespace,
        spec_path: spec_path.to_string(),
        span,
        restart_policy,
        graph: b.graph,
        pod,
        main: None,
        patterns: Vec::new(),
    };
    let annotations = holder
        .map_of("metadata")
        .and_then(|m| m.map_of("annotations"));
    let default_container = annotations
        .map_or("", |a| a.str_of("kubectl.kubernetes.io/default-container"))
        .to_string();
    graph.main = super::patterns::main_container(&graph, &default_container);
    graph.patterns = super::patterns::detect(&mut graph);
    Some(graph)
}

impl Builder<'_> {
    fn add_node(&mut self, id: String, name: String, span: Span, data: NodeData) -> NodeIndex {
        // Invalid specs may repeat names; ids stay unique.
        let id = if let Some(count) = self.ids.get_mut(&id) {
            *count += 1;
            format!("{id}~{count}")
        } else {
            self.ids.insert(id.clone(), 1);
            id
        };
        self.graph.add_node(Node {
            id,
            name,
            span,
            data,
        })
    }

    fn add_edge(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        span: Span,
        path: String,
        data: EdgeData,
    ) {
        self.graph.add_edge(from, to, Edge { span, path, data });
    }

    /// The container nodes with their trees, and their command lines.
    fn add_containers<'t>(
        &mut self,
        spec: &'t Tree,
        spec_path: &str,
    ) -> (Vec<(NodeIndex, &'t Tree)>, Vec<CommandLine<'t>>) {
        let mut out = Vec::new();
        let mut lines = Vec::new();
        let inits = spec.seq_of("initContainers");
        let mut previous: Option<(NodeIndex, bool)> = None;
        for (list, role_of) in [
            ("initContainers", None),
            ("containers", Some(Role::App)),
            ("ephemeralContainers", Some(Role::Ephemeral)),
        ] {
            let mut apps = Vec::new();
            for (i, tree) in spec.seq_of(list).iter().enumerate() {
                let role = role_of.unwrap_or_else(|| {
                    if tree.str_of("restartPolicy") == "Always" {
                        Role::Sidecar
                    } else {
                        Role::Init
                    }
                });
                let step = match role {
                    Role::Init | Role::Sidecar => i + 1,
                    Role::App => inits.len() + 1,
                    Role::Ephemeral => 0,
                };
                let name = tree.str_of("name").to_string();
                let line = CommandLine::of(tree);
                let mut command = line
                    .items
                    .iter()
                    .map(|(_, _, n)| display_word(n))
                    .collect::<Vec<_>>()
                    .join(" ");
                if !line.known_program && !command.is_empty() {
                    // Only args: they follow the image's own entrypoint.
                    command = format!("… {command}");
                }
                let lifetime = shell::lifetime(tree, &line);
                let only_reads = shell::only_reads(&line);
                let image = tree.str_of("image").to_string();
                let container = Container {
                    role,
                    index: i,
                    path: format!("{spec_path}.{list}[{i}]"),
                    step,
                    helper: super::patterns::helper_kind(&name, &image),
                    image,
                    name_span: tree.at("name"),
                    extent: tree.span,
                    image_span: tree.at("image"),
                    has_startup_probe: tree.get("startupProbe").is_some(),
                    has_readiness_probe: tree.get("readinessProbe").is_some(),
                    command,
                    lifetime,
                    only_reads,
                    run_as_user: tree
                        .map_of("securityContext")
                        .and_then(|s| s.i64_of("runAsUser"))
                        .or_else(|| {
                            spec.map_of("securityContext")
                                .and_then(|s| s.i64_of("runAsUser"))
                        }),
                };
                let span = tree.at("name");
                let node = self.add_node(
                    format!("container:{name}"),
                    name,
                    span,
                    NodeData::Container(container),
                );
                match role {
                    Role::Init | Role::Sidecar => {
                        if let Some((prev, completes)) = previous {
                            self.add_edge(
                                prev,
                                node,
                                span,
                                format!("{spec_path}.{list}[{i}]"),
                                EdgeData::Startup {
                                    after_completion: completes,
                                },
                            );
                        }
                        previous = Some((node, role == Role::Init));
                    }
                    Role::App => apps.push((node, span, i)),
                    Role::Ephemeral => {}
                }
                out.push((node, tree));
                lines.push(line);
            }
            if let Some((prev, completes)) = previous {
                for (node, span, i) in apps {
                    self.add_edge(
                        prev,
                        node,
                        span,
                        format!("{spec_path}.containers[{i}]"),
                        EdgeData::Startup {
                            after_completion: completes,
                        },
                    );
                }
            }
        }
        (out, lines)
    }

    fn add_volumes(&mut self, spec: &Tree, spec_path: &str) {
        for (i, v) in spec.seq_of("volumes").iter().enumerate() {
            let name = v.str_of("name").to_string();
            let source_entry = v.entries().iter().find(|e| e.key != "name");
            let source = source_entry.map_or("", |e| e.key.as_str()).to_string();
            let body = source_entry.map(|e| &e.value);
            let path = format!("{spec_path}.volumes[{i}]");
            let detail = body.map_or_else(String::new, |b| volume_detail(&source, b));
            let node = self.add_node(
                format!("volume:{name}"),
                name.clone(),
                v.at("name"),
                NodeData::Volume(Volume {
                    index: i,
                    path: path.clone(),
                    source: source.clone(),
                    detail,
                    extent: v.span,
                }),
            );
            self.volumes.entry(name).or_insert(node.index() as u32);
            let Some(body) = body else { continue };
            let source_path = format!("{path}.{source}");
            match source.as_str() {
                "configMap" => {
                    self.source_ref(node, RefKind::ConfigMap, body, "name", &source_path);
                }
                "secret" => {
                    self.source_ref(node, RefKind::Secret, body, "secretName", &source_path);
                }
                "persistentVolumeClaim" => {
                    self.source_ref(
                        node,
                        RefKind::PersistentVolumeClaim,
                        body,
                        "claimName",
                        &source_path,
                    );
                }
                "projected" => {
                    for (j, s) in body.seq_of("sources").iter().enumerate() {
                        let sp = format!("{source_path}.sources[{j}]");
                        if let Some(cm) = s.map_of("configMap") {
                            self.source_ref(
                                node,
                                RefKind::ConfigMap,
                                cm,
                                "name",
                                &format!("{sp}.configMap"),
                            );
                        }
                        if let Some(secret) = s.map_of("secret") {
                            self.source_ref(
                                node,
                                RefKind::Secret,
                                secret,
                                "name",
                                &format!("{sp}.secret"),
                            );
                        }
                        if let Some(token) = s.map_of("serviceAccountToken") {
                            let account = Self::service_account_name(spec);
                            let target =
                                self.reference(RefKind::ServiceAccount, &account, Span::EMPTY);
                            self.add_edge(
                                node,
                                target,
                                s.key_at("serviceAccountToken"),
                                format!("{sp}.serviceAccountToken"),
                                // The file the token is written to, in place of keys.
                                EdgeData::VolumeSource {
                                    keys: vec![token.str_of("path").to_string()],
                                    optional: false,
                                    key_spans: vec![token.at("path")],
                                    whole: "token",
                                },
                            );
                        }
                    }
                }
                _ => {
                    // Plugins that log in with a Secret (csi, cephfs, rbd, iscsi, flexVolume, ...).
                    for key in ["nodePublishSecretRef", "secretRef"] {
                        if let Some(secret) = body.map_of(key) {
                            self.source_ref(
                                node,
                                RefKind::Secret,
                                secret,
                                "name",
                                &format!("{source_path}.{key}"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn service_account_name(spec: &Tree) -> String {
        let name = spec
            .opt_str("serviceAccountName")
            .filter(|n| !n.is_empty())
            .or_else(|| spec.opt_str("serviceAccount").filter(|n| !n.is_empty()))
            .unwrap_or("default");
        name.to_string()
    }

    /// A volume made from a ConfigMap, Secret or claim named by `field` of `body`.
    fn source_ref(
        &mut self,
        volume: NodeIndex,
        kind: RefKind,
        body: &Tree,
        field: &str,
        path: &str,
    ) {
        let name = body.str_of(field);
        if name.is_empty() {
            return;
        }
        let mut keys = Vec::new();
        let mut key_spans = Vec::new();
        for item in body.seq_of("items") {
            keys.push(item.str_of("key").to_string());
            key_spans.push(item.at("key"));
        }
        let optional = body.bool_of("optional") == Some(true);
        let span = body.at(field);
        let target = self.reference(kind, name, span);
        self.add_edge(
            volume,
            target,
            span,
            format!("{path}.{field}"),
            EdgeData::VolumeSource {
                keys,
                optional,
                key_spans,
                whole: match kind {
                    RefKind::PersistentVolumeClaim => "claim",
                    _ if field == "name" && path.ends_with("Ref") => "login",
                    _ => "all keys",
                },
            },
        );
    }

    /// The node of a referenced object, created on first use.
    fn reference(&mut self, kind: RefKind, name: &str, span: Span) -> NodeIndex {
        let key = format!("{}:{name}", kind.key());
        if let Some(node) = self.refs.get(&key).map(|i| NodeIndex::new(*i as usize)) {
            if self.graph[node].span.is_empty() {
                self.graph[node].span = span;
            }
            return node;
        }
        let status = if kind == RefKind::Host {
            RefStatus::External
        } else {
            RefStatus::Missing
        };
        let node = self.add_node(
            key.clone(),
            name.to_string(),
            span,
            NodeData::Reference(Reference {
                kind,
                namespace: self.namespace.clone(),
                status,
                known_keys: None,
            }),
        );
        self.refs.insert(key, node.index() as u32);
        node
    }

    fn add_claim_templates(&mut self, root: &Tree) {
        let templates = root
            .map_of("spec")
            .map_or(&[][..], |s| s.seq_of("volumeClaimTemplates"));
        for (i, t) in templates.iter().enumerate() {
            let meta = t.map_of("metadata");
            let name = meta.map_or("", |m| m.str_of("name")).to_string();
            if name.is_empty() || self.volumes.contains_key(&name) {
                continue;
            }
            let storage = t
                .map_of("spec")
                .and_then(|s| s.map_of("resources"))
                .and_then(|r| r.map_of("requests"))
                .and_then(|r| r.get("storage"))
                .and_then(|s| s.as_str().map(str::to_string).or_else(|| s.number_text()))
                .unwrap_or_default();
            let detail = if storage.is_empty() {
                "a claim per replica".to_string()
            } else {
                format!("a claim per replica, {storage}")
            };
            let node = self.add_node(
                format!("volume:{name}"),
                name.clone(),
                meta.map_or(t.head(), |m| m.at("name")),
                NodeData::Volume(Volume {
                    index: i,
                    path: format!("spec.volumeClaimTemplates[{i}]"),
                    source: "volumeClaimTemplate".into(),
                    detail,
                    extent: t.span,
                }),
            );
            self.volumes.insert(name, node.index() as u32);
        }
    }

    fn add_mounts(&mut self, container: NodeIndex, tree: &Tree) {
        let path = self.container_path(container);
        for (field, device) in [("volumeMounts", false), ("volumeDevices", true)] {
            for (j, m) in tree.seq_of(field).iter().enumerate() {
                let Some(volume) = self
                    .volumes
                    .get(m.str_of("name"))
                    .map(|i| NodeIndex::new(*i as usize))
                else {
                    continue;
                };
                let always_read_only = match &self.graph[volume].data {
                    NodeData::Volume(v) => v.is_read_only_source(),
                    _ => false,
                };
                let read_only = m.bool_of("readOnly") == Some(true) || always_read_only;
                let reader = match &self.graph[container].data {
                    NodeData::Container(c) => c.only_reads,
                    _ => false,
                };
                let mount_path = if device {
                    m.str_of("devicePath")
                } else {
                    m.str_of("mountPath")
                };
                let sub_path = m
                    .opt_str("subPath")
                    .filter(|s| !s.is_empty())
                    .or_else(|| m.opt_str("subPathExpr"))
                    .unwrap_or("");
                self.add_edge(
                    container,
                    volume,
                    m.at("name"),
                    format!("{path}.{field}[{j}]"),
                    EdgeData::Mount {
                        mount_path: mount_path.to_string(),
                        sub_path: sub_path.to_string(),
                        read_only,
                        access: if read_only || reader {
                            Access::Reads
                        } else {
                            Access::Writes
                        },
                        device,
                    },
                );
            }
        }
    }

    fn container_path(&self, container: NodeIndex) -> String {
        match &self.graph[container].data {
            NodeData::Container(c) => c.path.clone(),
            _ => String::new(),
        }
    }

    fn add_env(&mut self, container: NodeIndex, tree: &Tree) {
        let path = self.container_path(container);
        // One edge per referenced object, listing the variables and keys taken from it.
        let mut grouped: Vec<(
            RefKind,
            String,
            Span,
            String,
            Vec<String>,
            Vec<String>,
            Vec<Span>,
            Vec<bool>,
        )> = Vec::new();
        for (j, e) in tree.seq_of("env").iter().enumerate() {
            let Some(from) = e.map_of("valueFrom") else {
                continue;
            };
            for (field, kind) in [
                ("configMapKeyRef", RefKind::ConfigMap),
                ("secretKeyRef", RefKind::Secret),
            ] {
                let Some(r) = from.map_of(field) else {
                    continue;
                };
                let name = r.str_of("name");
                if name.is_empty() {
                    continue;
                }
                let optional = r.bool_of("optional") == Some(true);
                let variable = e.str_of("name").to_string();
                let key = r.str_of("key").to_string();
                if let Some(g) = grouped.iter_mut().find(|g| g.0 == kind && g.1 == name) {
                    g.4.push(variable);
                    g.5.push(key);
                    g.6.push(r.at("key"));
                    g.7.push(optional);
                } else {
                    grouped.push((
                        kind,
                        name.to_string(),
                        r.at("name"),
                        format!("{path}.env[{j}].valueFrom.{field}"),
                        vec![variable],
                        vec![key],
                        vec![r.at("key")],
                        vec![optional],
                    ));
                }
            }
        }
        for (kind, name, span, edge_path, variables, keys, key_spans, key_optional) in grouped {
            let optional = key_optional.iter().all(|o| *o);
            let target = self.reference(kind, &name, span);
            self.add_edge(
                container,
                target,
                span,
                edge_path,
                EdgeData::Env {
                    variables,
                    keys,
                    optional,
                    all_keys: false,
                    key_spans,
                    key_optional,
                },
            );
        }
        for (j, e) in tree.seq_of("envFrom").iter().enumerate() {
            for (field, kind) in [
                ("configMapRef", RefKind::ConfigMap),
                ("secretRef", RefKind::Secret),
            ] {
                let Some(r) = e.map_of(field) else { continue };
                let name = r.str_of("name");
                if name.is_empty() {
                    continue;
                }
                let span = r.at("name");
                let target = self.reference(kind, name, span);
                let prefix = e.str_of("prefix");
                self.add_edge(
                    container,
                    target,
                    span,
                    format!("{path}.envFrom[{j}].{field}"),
                    EdgeData::Env {
                        variables: if prefix.is_empty() {
                            Vec::new()
                        } else {
                            vec![format!("{prefix}*")]
                        },
                        keys: Vec::new(),
                        optional: r.bool_of("optional") == Some(true),
                        all_keys: true,
                        key_spans: Vec::new(),
                        key_optional: Vec::new(),
                    },
                );
            }
        }
    }

    fn port_node(
        &mut self,
        container: NodeIndex,
        port: Port,
        span: Span,
        path: String,
    ) -> NodeIndex {
        let owner = self.graph[container].name.clone();
        let key = match port.number {
            Some(n) => format!("{n}/{}", port.protocol),
            None => port.port_name.clone(),
        };
        let node = self.add_node(
            format!("port:{owner}:{key}"),
            port.label(),
            span,
            NodeData::Port(port),
        );
        self.add_edge(container, node, span, path, EdgeData::Exposes);
        node
    }

    /// The port nodes of a container.
    fn ports_of(&self, container: NodeIndex) -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = self
            .graph
            .edges_directed(container, petgraph::Direction::Outgoing)
            .filter(|e| matches!(e.weight().data, EdgeData::Exposes))
            .map(|e| petgraph::visit::EdgeRef::target(&e))
            .collect();
        out.reverse();
        sort_small(&mut out, |a, b| a < b);
        out
    }

    fn add_ports(&mut self, container: NodeIndex, tree: &Tree, line: &CommandLine) {
        let path = self.container_path(container);
        let mut numbers: Vec<u16> = Vec::new();
        for (j, p) in tree.seq_of("ports").iter().enumerate() {
            let number = p
                .i64_of("containerPort")
                .and_then(|n| u16::try_from(n).ok());
            let protocol = p
                .opt_str("protocol")
                .filter(|s| !s.is_empty())
                .unwrap_or("TCP")
                .to_string();
            if let Some(n) = number {
                numbers.push(n);
            }
            let port = Port {
                number,
                port_name: p.str_of("name").to_string(),
                protocol,
                declared: true,
                origin: format!("ports[{j}]"),
                host_port: p
                    .i64_of("hostPort")
                    .and_then(|n| u16::try_from(n).ok())
                    .filter(|n| *n > 0),
            };
            self.port_node(
                container,
                port,
                p.at("containerPort"),
                format!("{path}.ports[{j}]"),
            );
        }
        // Ports the process is told to bind, by flags or variables.
        let mut inferred: Vec<(u16, String, Span, String)> = shell::binds(line)
            .into_iter()
            .map(|b| {
                let span = line.span_of(b.origin, b.port.to_string().len());
                (
                    b.port,
                    b.via,
                    span,
                    format!("{path}.{}", CommandLine::item_path(b.origin)),
                )
            })
            .collect();
        let env = tree.seq_of("env");
        // The last definition of a variable wins: the index of each name's last definition.
        let last: std::collections::HashMap<&str, usize> = env
            .iter()
            .enumerate()
            .map(|(j, e)| (e.str_of("name"), j))
            .collect();
        for (j, e) in env.iter().enumerate() {
            let name = e.str_of("name");
            let redefined = last.get(name).is_some_and(|at| *at != j);
            if PORT_VARIABLES.contains(&name) && !redefined {
                let value = e.get("value");
                if let Some(n) = value
                    .and_then(|v| v.as_str().map(str::to_string).or_else(|| v.number_text()))
                    .and_then(|v| v.parse::<u16>().ok())
                    .filter(|n| *n > 0)
                {
                    inferred.push((
                        n,
                        name.to_string(),
                        e.at("value"),
                        format!("{path}.env[{j}]"),
                    ));
                }
            }
        }
        if numbers.is_empty() && !line.explicit {
            let base = shell::image_base(tree.str_of("image"));
            if let Some((_, n)) = IMAGE_PORTS.iter().find(|(image, _)| *image == base) {
                inferred.push((
                    *n,
                    "image default".into(),
                    tree.at("image"),
                    format!("{path}.image"),
                ));
            }
        }
        for (n, via, span, edge_path) in inferred {
            if numbers.contains(&n) {
                continue;
            }
            numbers.push(n);
            let port = Port {
                number: Some(n),
                port_name: String::new(),
                protocol: "TCP".into(),
                declared: false,
                origin: via,
                host_port: None,
            };
            self.port_node(container, port, span, edge_path);
        }
    }

    /// The container's port with this number (TCP) or name.
    fn find_port(
        &self,
        container: NodeIndex,
        number: Option<u16>,
        name: &str,
    ) -> Option<NodeIndex> {
        self.ports_of(container)
            .into_iter()
            .find(|p| match &self.graph[*p].data {
                NodeData::Port(port) => match number {
                    Some(n) => port.number == Some(n) && port.protocol == "TCP",
                    None => !name.is_empty() && port.port_name == name,
                },
                _ => false,
            })
    }

    /// The declared port with this number on any container (sidecars and apps first).
    fn port_anywhere(&self, number: u16, except: Option<NodeIndex>) -> Option<NodeIndex> {
        let mut containers: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|i| matches!(self.graph[*i].data, NodeData::Container(_)) && Some(*i) != except)
            .collect();
        let key = |i: &NodeIndex| match &self.graph[*i].data {
            NodeData::Container(c) => (
                c.role == Role::Init,
                c.role == Role::Ephemeral,
                c.step,
                c.index,
            ),
            _ => (true, true, 0, 0),
        };
        sort_small(&mut containers, |a, b| key(a) < key(b));
        containers
            .into_iter()
            .find_map(|c| self.find_port(c, Some(number), ""))
    }

    fn add_probes(&mut self, container: NodeIndex, tree: &Tree) {
        let path = self.container_path(container);
        for kind in [
            ProbeKind::Startup,
            ProbeKind::Liveness,
            ProbeKind::Readiness,
        ] {
            let Some(probe) = tree.map_of(kind.field()) else {
                continue;
            };
            let Some((handler, port_node)) = ["httpGet", "tcpSocket", "grpc"]
                .iter()
                .find_map(|h| probe.map_of(h).and_then(|b| b.get("port").map(|p| (*h, p))))
            else {
                continue;
            };
            let (number, name) = match (port_node.as_i64(), port_node.as_str()) {
                (Some(n), _) => (u16::try_from(n).ok(), String::new()),
                (None, Some(s)) => match s.parse::<u16>() {
                    Ok(n) => (Some(n), String::new()),
                    Err(_) => (None, s.to_string()),
                },
                _ => continue,
            };
            if number.is_none() && name.is_empty() {
                continue;
            }
            let target = self
                .find_port(container, number, &name)
                .or_else(|| number.and_then(|n| self.port_anywhere(n, Some(container))));
            let span = port_node.span;
            let edge_path = format!("{path}.{}.{handler}.port", kind.field());
            let target = target.unwrap_or_else(|| {
                let port = Port {
                    number,
                    port_name: name.clone(),
                    protocol: "TCP".into(),
                    declared: false,
                    origin: "probe".into(),
                    host_port: None,
                };
                self.port_node(container, port, span, edge_path.clone())
            });
            self.add_edge(
                container,
                target,
                span,
                edge_path,
                EdgeData::Probe { probe: kind },
            );
        }
    }

    fn add_waits(&mut self, container: NodeIndex, line: &CommandLine) {
        let path = self.container_path(container);
        for wait in shell::waits(line) {
            let span = line.span_of(wait.origin, wait.host.len());
            let edge_path = format!("{path}.{}", CommandLine::item_path(wait.origin));
            let target = match classify_host(&wait.host) {
                HostKind::Local => wait
                    .port
                    .and_then(|p| self.port_anywhere(p, Some(container))),
                HostKind::Service(name) => Some(self.reference(RefKind::Service, &name, span)),
                HostKind::External => Some(self.reference(RefKind::Host, &wait.host, span)),
            };
            if let Some(target) = target {
                self.add_edge(
                    container,
                    target,
                    span,
                    edge_path,
                    EdgeData::Waits {
                        tool: wait.tool,
                        host: wait.host,
                        port: wait.port,
                    },
                );
            }
        }
    }

    fn add_talks(&mut self, container: NodeIndex, tree: &Tree, line: &CommandLine) {
        let path = self.container_path(container);
        let mut seen: Vec<NodeIndex> = Vec::new();
        // localhost:<port> in variables and on the command line: another container's port.
        let mut local: Vec<(u16, String, String, Span, String)> = Vec::new();
        for (j, e) in tree.seq_of("env").iter().enumerate() {
            let Some(value) = e.get("value") else {
                continue;
            };
            let Some(text) = value.as_str() else { continue };
            for (start, end, port) in shell::local_addresses(text) {
                local.push((
                    port,
                    e.str_of("name").to_string(),
                    text[start..end].to_string(),
                    shell::sub_span(value, start, end - start),
                    format!("{path}.env[{j}].value"),
                ));
            }
        }
        for w in line.words() {
            for (start, end, port) in shell::local_addresses(&w.text) {
                let origin = shell::Origin {
                    offset: w.origin.offset + start,
                    ..w.origin
                };
                local.push((
                    port,
                    w.origin.field.to_string(),
                    w.text[start..end].to_string(),
                    line.span_of(origin, end - start),
                    format!("{path}.{}", CommandLine::item_path(w.origin)),
                ));
            }
        }
        for (port, via, address, span, edge_path) in local {
            let Some(target) = self.port_anywhere(port, Some(container)) else {
                continue;
            };
            if seen.contains(&target) || self.find_port(container, Some(port), "").is_some() {
                continue;
            }
            seen.push(target);
            self.add_edge(
                container,
                target,
                span,
                edge_path,
                EdgeData::TalksTo { via, address },
            );
        }
        // Addresses of Services in variables (`DB_HOST=mydb`, `API_URL=http://api:8080`).
        for (j, e) in tree.seq_of("env").iter().enumerate() {
            let Some(value) = e.get("value") else {
                continue;
            };
            let Some(text) = value.as_str() else { continue };
            let name = e.str_of("name");
            let Some((host, start)) = service_address(name, text) else {
                continue;
            };
            let HostKind::Service(service) = classify_host(&host) else {
                continue;
            };
            let span = shell::sub_span(value, start, host.len());
            let target = self.reference(RefKind::Service, &service, span);
            if seen.contains(&target) {
                continue;
            }
            seen.push(target);
            self.add_edge(
                container,
                target,
                span,
                format!("{path}.env[{j}].value"),
                EdgeData::TalksTo {
                    via: name.to_string(),
                    address: text.to_string(),
                },
            );
        }
    }

    fn add_pod_references(&mut self, pod: NodeIndex, spec: &Tree, spec_path: &str) {
        let account = Self::service_account_name(spec);
        let field = if spec
            .opt_str("serviceAccountName")
            .is_some_and(|n| !n.is_empty())
        {
            "serviceAccountName"
        } else if spec
            .opt_str("serviceAccount")
            .is_some_and(|n| !n.is_empty())
        {
            "serviceAccount"
        } else {
            ""
        };
        let span = if field.is_empty() {
            self.graph[pod].span
        } else {
            spec.at(field)
        };
        let target = self.reference(RefKind::ServiceAccount, &account, span);
        if !field.is_empty() {
            self.graph[target].span = span;
        }
        self.add_edge(
            pod,
            target,
            span,
            format!(
                "{spec_path}.{}",
                if field.is_empty() {
                    "serviceAccountName"
                } else {
                    field
                }
            ),
            EdgeData::UsesServiceAccount,
        );
        for (i, s) in spec.seq_of("imagePullSecrets").iter().enumerate() {
            let name = s.str_of("name");
            if name.is_empty() {
                continue;
            }
            let target = self.reference(RefKind::Secret, name, s.at("name"));
            self.add_edge(
                pod,
                target,
                s.at("name"),
                format!("{spec_path}.imagePullSecrets[{i}].name"),
                EdgeData::PullsWith,
            );
        }
    }

    fn resolve_references(&mut self) {
        let nodes: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|n| matches!(self.graph[*n].data, NodeData::Reference(_)))
            .collect();
        for node in nodes {
            let optional_everywhere =
                self.graph
                    .edges_directed(node, petgraph::Direction::Incoming)
                    .all(|e| match &e.weight().data {
                        EdgeData::Env { optional, .. }
                        | EdgeData::VolumeSource { optional, .. } => *optional,
                        _ => false,
                    });
            let name = self.graph[node].name.clone();
            let NodeData::Reference(r) = &mut self.graph[node].data else {
                continue;
            };
            if r.kind == RefKind::Host {
                continue;
            }
            if let Some(defined) = self.catalog.lookup(r.kind, &r.namespace, &name) {
                r.status = RefStatus::Defined;
                r.known_keys.clone_from(&defined.keys);
            } else if (r.kind == RefKind::ServiceAccount && name == "default")
                || (r.kind == RefKind::ConfigMap && PROVIDED_CONFIG_MAPS.contains(&name.as_str()))
            {
                r.status = RefStatus::Provided;
            } else if optional_everywhere {
                r.status = RefStatus::Optional;
            } else {
                r.status = RefStatus::Missing;
            }
        }
    }
}

/// A command word for display: strings as they are, numbers as written.
fn display_word(node: &Tree) -> String {
    let text = node
        .as_str()
        .map_or_else(|| node.number_text().unwrap_or_default(), str::to_string);
    if text.is_empty() || text.contains([' ', '\t', '\n', '\'', '"']) {
        format!("'{}'", text.replace('\n', " ").replace('\'', "'\\''"))
    } else {
        text
    }
}

fn volume_detail(source: &str, body: &Tree) -> String {
    match source {
        "hostPath" => {
            let kind = body.str_of("type");
            if kind.is_empty() {
                body.str_of("path").to_string()
            } else {
                format!("{} ({kind})", body.str_of("path"))
            }
        }
        "emptyDir" => {
            let mut parts = Vec::new();
            if body.str_of("medium") == "Memory" {
                parts.push("in memory".to_string());
            }
            if let Some(limit) = body
                .get("sizeLimit")
                .and_then(|s| s.as_str().map(str::to_string).or_else(|| s.number_text()))
            {
                parts.push(format!("limit {limit}"));
            }
            parts.join(", ")
        }
        "configMap" => body.str_of("name").to_string(),
        "secret" => body.str_of("secretName").to_string(),
        "persistentVolumeClaim" => body.str_of("claimName").to_string(),
        "projected" => body
            .seq_of("sources")
            .iter()
            .filter_map(|s| s.entries().first())
            .map(|e| match e.key.as_str() {
                "configMap" | "secret" => format!("{} {}", e.key, e.value.str_of("name")),
                "serviceAccountToken" => "serviceAccountToken".to_string(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        "downwardAPI" => {
            let n = body.seq_of("items").len();
            format!("{n} item{}", if n == 1 { "" } else { "s" })
        }
        "nfs" => format!("{}:{}", body.str_of("server"), body.str_of("path")),
        "csi" => body.str_of("driver").to_string(),
        "image" => body.str_of("reference").to_string(),
        "ephemeral" => "a claim per pod".to_string(),
        _ => String::new(),
    }
}

enum HostKind {
    Local,
    Service(String),
    External,
}

/// Common top-level domains: `name.<tld>` is a host on the internet, not `service.namespace`.
const TLDS: &[&str] = &[
    "com",
    "org",
    "net",
    "io",
    "dev",
    "app",
    "cloud",
    "co",
    "ai",
    "us",
    "uk",
    "de",
    "eu",
    "fr",
    "info",
    "biz",
    "me",
    "sh",
    "tech",
    "internal",
    "local",
    "localdomain",
    "example",
    "test",
];

/// A host name seen in a command or variable: localhost, a Service (`db`, `db.ns`,
/// `db.ns.svc.cluster.local`), or a host outside the cluster.
fn classify_host(host: &str) -> HostKind {
    let host = host.trim_end_matches('.');
    if matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0") {
        return HostKind::Local;
    }
    let ip = host.contains(':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if ip {
        return HostKind::External;
    }
    let short = host
        .strip_suffix(".svc.cluster.local")
        .or_else(|| host.strip_suffix(".svc"))
        .unwrap_or(host);
    let labels: Vec<&str> = short.split('.').collect();
    let in_cluster = short.len() < host.len();
    let name_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !l.starts_with('-')
            && l.chars().next().is_some_and(|c| c.is_ascii_lowercase())
    };
    match labels.as_slice() {
        [name] if name_ok(name) => HostKind::Service((*name).to_string()),
        [name, ns] if name_ok(name) && name_ok(ns) && (in_cluster || !TLDS.contains(ns)) => {
            HostKind::Service((*name).to_string())
        }
        _ => HostKind::External,
    }
}

/// Variables whose value is the address of a service.
fn service_address(name: &str, value: &str) -> Option<(String, usize)> {
    let upper = name.to_ascii_uppercase();
    let named = [
        "_HOST",
        "_ADDR",
        "_ADDRESS",
        "_URL",
        "_URI",
        "_ENDPOINT",
        "_SERVER",
        "_SERVICE",
    ]
    .iter()
    .any(|s| upper.ends_with(s));
    if value.contains(['$', ' ', ',', '{']) || value.is_empty() {
        return None;
    }
    let (host, _) = shell::url_host(value).or_else(|| {
        if named && !value.contains(['/', ':']) {
            Some((value.to_string(), None))
        } else {
            None
        }
    })?;
    if !named && !value.contains("://") {
        return None;
    }
    let start = value.find(&host)?;
    Some((host, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert!(matches!(classify_host("mydb"), HostKind::Service(n) if n == "mydb"));
        assert!(matches!(classify_host("mydb.prod"), HostKind::Service(n) if n == "mydb"));
        assert!(matches!(
            classify_host("mydb.prod.svc.cluster.local"),
            HostKind::Service(n) if n == "mydb"
        ));
        assert!(matches!(classify_host("example.com"), HostKind::External));
        assert!(matches!(classify_host("10.0.0.1"), HostKind::External));
        assert!(matches!(classify_host("localhost"), HostKind::Local));
    }

    #[test]
    fn service_addresses() {
        assert_eq!(service_address("DB_HOST", "mydb"), Some(("mydb".into(), 0)));
        assert_eq!(
            service_address("API", "http://api:8080/x"),
            Some(("api".into(), 7))
        );
        assert_eq!(service_address("GREETING", "hello"), None);
        assert_eq!(service_address("DB_HOST", "$(HOST)"), None);
    }
}
