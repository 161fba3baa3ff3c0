//! Multi-container patterns, each with the facts that led to it.
//!
//! - **sidecar**: a long-running helper that shares a volume or localhost with the app (a log
//!   shipper reading the app's log folder, a syncer writing files the app reads).
//! - **adapter**: a helper that reads the app's output (a shared volume the app writes, or the
//!   app's port on localhost) and exposes it in another form, on a port of its own (an exporter).
//! - **ambassador**: the app talks to localhost and the helper, a proxy, carries it outward.
//! - **init fetcher**: an init container writes a volume that a later container reads.
//! - **legacy sidecar**: a helper in `containers` that could be a native sidecar
//!   (`initContainers` with `restartPolicy: Always`): started before the app, stopped after it,
//!   and never holding a Job open.

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::model::{Access, EdgeData, NodeData, Pattern, PatternKind, PodGraph, RefKind, Role};

/// What a helper's image or name says it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelperKind {
    LogShipper,
    Proxy,
    Exporter,
    Syncer,
}

impl HelperKind {
    pub fn describe(self) -> &'static str {
        match self {
            HelperKind::LogShipper => "a log shipper",
            HelperKind::Proxy => "a proxy",
            HelperKind::Exporter => "an exporter",
            HelperKind::Syncer => "a file syncer",
        }
    }
}

const KEYWORDS: &[(&str, HelperKind)] = &[
    ("exporter", HelperKind::Exporter),
    ("adapter", HelperKind::Exporter),
    ("statsd", HelperKind::Exporter),
    ("prometheus-to-sd", HelperKind::Exporter),
    ("filebeat", HelperKind::LogShipper),
    ("fluent-bit", HelperKind::LogShipper),
    ("fluentbit", HelperKind::LogShipper),
    ("fluentd", HelperKind::LogShipper),
    ("logstash", HelperKind::LogShipper),
    ("promtail", HelperKind::LogShipper),
    ("logspout", HelperKind::LogShipper),
    ("vector", HelperKind::LogShipper),
    ("log-shipper", HelperKind::LogShipper),
    ("log-forwarder", HelperKind::LogShipper),
    ("logging-agent", HelperKind::LogShipper),
    ("envoy", HelperKind::Proxy),
    ("istio-proxy", HelperKind::Proxy),
    ("proxyv2", HelperKind::Proxy),
    ("linkerd-proxy", HelperKind::Proxy),
    ("linkerd2-proxy", HelperKind::Proxy),
    ("haproxy", HelperKind::Proxy),
    ("oauth2-proxy", HelperKind::Proxy),
    ("cloud-sql-proxy", HelperKind::Proxy),
    ("cloudsql-proxy", HelperKind::Proxy),
    ("cloud_sql_proxy", HelperKind::Proxy),
    ("kube-rbac-proxy", HelperKind::Proxy),
    ("pgbouncer", HelperKind::Proxy),
    ("twemproxy", HelperKind::Proxy),
    ("socat", HelperKind::Proxy),
    ("stunnel", HelperKind::Proxy),
    ("ambassador", HelperKind::Proxy),
    ("git-sync", HelperKind::Syncer),
    ("configmap-reload", HelperKind::Syncer),
    ("config-reloader", HelperKind::Syncer),
    ("consul-template", HelperKind::Syncer),
    ("vault-agent", HelperKind::Syncer),
];

/// Words of a container name that say what it is.
const NAME_WORDS: &[(&str, HelperKind)] = &[
    ("log", HelperKind::LogShipper),
    ("logs", HelperKind::LogShipper),
    ("logger", HelperKind::LogShipper),
    ("logging", HelperKind::LogShipper),
    ("shipper", HelperKind::LogShipper),
    ("proxy", HelperKind::Proxy),
    ("ambassador", HelperKind::Proxy),
    ("exporter", HelperKind::Exporter),
    ("adapter", HelperKind::Exporter),
    ("metrics", HelperKind::Exporter),
    ("sync", HelperKind::Syncer),
    ("syncer", HelperKind::Syncer),
    ("reloader", HelperKind::Syncer),
];

/// The helper kind an image repository or a container name suggests.
pub fn helper_kind(name: &str, image: &str) -> Option<HelperKind> {
    let repository = super::shell::image_repository(image).to_ascii_lowercase();
    if let Some((_, kind)) = KEYWORDS.iter().find(|(k, _)| repository.contains(k)) {
        return Some(*kind);
    }
    let name = name.to_ascii_lowercase();
    if let Some((_, kind)) = KEYWORDS.iter().find(|(k, _)| name.contains(k)) {
        return Some(*kind);
    }
    name.split(['-', '_', '.']).find_map(|w| {
        NAME_WORDS
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, kind)| *kind)
    })
}

/// The matching keyword, for evidence.
fn helper_keyword(name: &str, image: &str) -> Option<&'static str> {
    let repository = super::shell::image_repository(image).to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    KEYWORDS
        .iter()
        .find(|(k, _)| repository.contains(k) || name.contains(k))
        .map(|(k, _)| *k)
        .or_else(|| {
            name.split(['-', '_', '.'])
                .find_map(|w| NAME_WORDS.iter().find(|(k, _)| *k == w).map(|(k, _)| *k))
        })
}

/// The main application container: the `kubectl.kubernetes.io/default-container`, else the
/// first regular container that does not look like a helper, else the first.
pub fn main_container(graph: &PodGraph, default_container: &str) -> Option<NodeIndex> {
    let apps: Vec<NodeIndex> = graph
        .containers()
        .into_iter()
        .filter(|i| graph.container(*i).is_some_and(|c| c.role == Role::App))
        .collect();
    apps.iter()
        .find(|i| !default_container.is_empty() && graph.node(**i).name == default_container)
        .or_else(|| {
            apps.iter()
                .find(|i| graph.container(**i).is_some_and(|c| c.helper.is_none()))
        })
        .or_else(|| apps.first())
        .copied()
}

struct Mount {
    volume: NodeIndex,
    edge: petgraph::graph::EdgeIndex,
    path: String,
    access: Access,
}

fn mounts(graph: &PodGraph, container: NodeIndex) -> Vec<Mount> {
    graph
        .out_edges(container)
        .into_iter()
        .filter_map(|e| match &graph.graph[e].data {
            EdgeData::Mount {
                mount_path, access, ..
            } => Some(Mount {
                volume: graph.endpoints(e).1,
                edge: e,
                path: mount_path.clone(),
                access: *access,
            }),
            _ => None,
        })
        .collect()
}

/// Ports of `to` that `from` talks to on localhost, with the address.
fn local_links(graph: &PodGraph, from: NodeIndex, to: NodeIndex) -> Vec<String> {
    graph
        .graph
        .edges_directed(from, petgraph::Direction::Outgoing)
        .filter_map(|e| match &e.weight().data {
            EdgeData::TalksTo { address, .. } | EdgeData::Waits { host: address, .. } => {
                let port = e.target();
                let owner = graph
                    .graph
                    .edges_directed(port, petgraph::Direction::Incoming)
                    .find(|p| matches!(p.weight().data, EdgeData::Exposes))
                    .map(|p| p.source());
                (owner == Some(to)).then(|| address.clone())
            }
            _ => None,
        })
        .collect()
}

/// Services or outside hosts a container reaches.
fn outward(graph: &PodGraph, from: NodeIndex) -> Vec<String> {
    graph
        .graph
        .edges_directed(from, petgraph::Direction::Outgoing)
        .filter(|e| {
            matches!(
                e.weight().data,
                EdgeData::TalksTo { .. } | EdgeData::Waits { .. }
            )
        })
        .filter_map(|e| match &graph.graph[e.target()].data {
            NodeData::Reference(r) if matches!(r.kind, RefKind::Service | RefKind::Host) => {
                Some(graph.graph[e.target()].name.clone())
            }
            _ => None,
        })
        .collect()
}

fn declared_ports(graph: &PodGraph, container: NodeIndex) -> Vec<String> {
    graph
        .out_edges(container)
        .into_iter()
        .filter(|e| matches!(graph.graph[*e].data, EdgeData::Exposes))
        .filter_map(|e| match &graph.graph[graph.endpoints(e).1].data {
            NodeData::Port(p) if p.declared => p.number.map(|n| n.to_string()),
            _ => None,
        })
        .collect()
}

/// Recognises the patterns of a pod. Read-write mounts of helpers that consume what the app
/// writes (log shippers, exporters) are marked as reads.
pub fn detect(graph: &mut PodGraph) -> Vec<Pattern> {
    let mut patterns = Vec::new();
    let Some(main) = graph.main else {
        return patterns;
    };
    let main_name = graph.node(main).name.clone();
    let main_mounts = mounts(graph, main);
    let mut consumer_mounts = Vec::new();
    let helpers: Vec<NodeIndex> = graph
        .containers()
        .into_iter()
        .filter(|i| *i != main)
        .filter(|i| {
            graph
                .container(*i)
                .is_some_and(|c| matches!(c.role, Role::App | Role::Sidecar))
        })
        .collect();
    for helper in helpers {
        let node = graph.node(helper);
        let name = node.name.clone();
        let c = graph.container(helper).expect("container");
        let role = c.role;
        let kind = c.helper;
        let keyword = helper_keyword(&name, &c.image);
        let image = c.image.clone();
        let mut evidence = Vec::new();
        let mut reads_app_output = false;
        let mut shares = false;
        for m in mounts(graph, helper) {
            let Some(app) = main_mounts.iter().find(|a| a.volume == m.volume) else {
                continue;
            };
            shares = true;
            let volume = graph.node(m.volume).name.clone();
            let consumer = app.access == Access::Writes
                && matches!(kind, Some(HelperKind::LogShipper | HelperKind::Exporter));
            let helper_access = if consumer { Access::Reads } else { m.access };
            if consumer && m.access == Access::Writes {
                consumer_mounts.push(m.edge);
            }
            if app.access == Access::Writes && helper_access == Access::Reads {
                reads_app_output = true;
            }
            evidence.push(format!(
                "shares volume `{volume}`: `{main_name}` {} it at {}, `{name}` {} it at {}",
                verb(app.access),
                app.path,
                verb(helper_access),
                m.path
            ));
        }
        let app_calls_helper = local_links(graph, main, helper);
        let helper_calls_app = local_links(graph, helper, main);
        for address in &app_calls_helper {
            evidence.push(format!(
                "`{main_name}` talks to {address}, served by `{name}`"
            ));
        }
        for address in &helper_calls_app {
            evidence.push(format!(
                "`{name}` talks to {address}, served by `{main_name}`"
            ));
        }
        if let (Some(kind), Some(keyword)) = (kind, keyword) {
            evidence.push(format!(
                "`{name}` looks like {} ({keyword})",
                kind.describe()
            ));
        }
        let ports = declared_ports(graph, helper);
        let targets = outward(graph, helper);
        // A mesh proxy is reached through iptables rules an init container sets up.
        let redirect = if kind == Some(HelperKind::Proxy) {
            traffic_redirector(graph, helper)
        } else {
            None
        };
        if let Some(init) = &redirect {
            evidence.push(format!(
                "`{init}` redirects the pod's traffic through `{name}` (iptables)"
            ));
        }
        let linked = shares
            || !app_calls_helper.is_empty()
            || !helper_calls_app.is_empty()
            || redirect.is_some();
        if !linked {
            continue;
        }
        let label = if !app_calls_helper.is_empty()
            && (kind == Some(HelperKind::Proxy) || !targets.is_empty())
        {
            if !targets.is_empty() {
                evidence.push(format!("`{name}` connects to {}", targets.join(", ")));
            }
            PatternKind::Ambassador
        } else if (reads_app_output || !helper_calls_app.is_empty())
            && (kind == Some(HelperKind::Exporter) || (kind.is_none() && !ports.is_empty()))
        {
            // A syncer or log shipper that calls the app (a reload webhook) and serves its own
            // metrics is still a sidecar: it does not re-expose what the app produces.
            if !ports.is_empty() {
                evidence.push(format!("`{name}` exposes port {}", ports.join(", ")));
            }
            PatternKind::Adapter
        } else {
            PatternKind::Sidecar
        };
        evidence.push(if role == Role::Sidecar {
            format!(
                "`{name}` is a native sidecar: it starts before `{main_name}` and stops after it"
            )
        } else {
            format!("`{name}` runs beside `{main_name}` for the pod's lifetime")
        });
        patterns.push(Pattern {
            kind: label,
            container: helper,
            with: vec![main],
            evidence,
        });
        if role == Role::App {
            let job = matches!(graph.kind.as_str(), "Job" | "CronJob");
            let mut why = vec![format!(
                "`{name}` ({image}) is {} {} in `containers`, so it starts together with `{main_name}` and is not ordered at shutdown",
                if label == PatternKind::Adapter || label == PatternKind::Ambassador {
                    "an"
                } else {
                    "a"
                },
                label.title()
            )];
            if job {
                why.push(format!(
                    "in a {} it keeps the pod running after `{main_name}` finishes",
                    graph.kind
                ));
            }
            why.push(format!(
                "as a native sidecar (`initContainers` with `restartPolicy: Always`) it would start before `{main_name}` and stop after it"
            ));
            patterns.push(Pattern {
                kind: PatternKind::LegacySidecar,
                container: helper,
                with: vec![main],
                evidence: why,
            });
        }
    }
    for e in consumer_mounts {
        if let EdgeData::Mount { access, .. } = &mut graph.graph[e].data {
            *access = Access::Reads;
        }
    }
    patterns.extend(init_fetchers(graph));
    patterns
}

/// Service meshes whose init container and proxy carry the mesh's name in their image or name.
const MESHES: &[&str] = &["istio", "linkerd", "kuma", "consul", "appmesh", "osm"];

fn mesh_of(name: &str, image: &str) -> Option<&'static str> {
    let text = format!("{name} {image}").to_ascii_lowercase();
    MESHES.iter().copied().find(|m| text.contains(m))
}

/// The user an iptables init container's rules let through unredirected: the proxy's own user
/// (`istio-iptables -u 1337`, linkerd's `proxy-init --proxy-uid 2102`).
fn exempt_user(command: &str) -> Option<i64> {
    let words: Vec<&str> = command
        .split([' ', '=', '"', '\''])
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|w| {
        matches!(w[0], "-u" | "--proxy-uid" | "--proxy-user-id" | "--uid")
            .then(|| w[1].parse().ok())
            .flatten()
    })
}

/// The init container that redirects the pod's traffic through `proxy` (`istio-init`,
/// `linkerd-init`, a `proxy-init` image, or a command that runs iptables), if its rules name that
/// proxy: the user they exempt is the one `proxy` runs as, or both belong to the same mesh. A
/// redirector of one mesh says nothing about another proxy in the pod (an app's own envoy).
fn traffic_redirector(graph: &PodGraph, proxy: NodeIndex) -> Option<String> {
    let target = graph.container(proxy)?;
    let target_mesh = mesh_of(&graph.node(proxy).name, &target.image);
    graph.containers().into_iter().find_map(|i| {
        let c = graph.container(i)?;
        if c.role != Role::Init {
            return None;
        }
        let name = &graph.node(i).name;
        let image = c.image.to_ascii_lowercase();
        let redirects = image.contains("proxy-init")
            || image.contains("proxyinit")
            || name.ends_with("istio-init")
            || name == "linkerd-init"
            || c.command.contains("iptables");
        if !redirects {
            return None;
        }
        let by_user = exempt_user(&c.command).is_some_and(|uid| target.run_as_user == Some(uid));
        let by_mesh = target_mesh.is_some() && mesh_of(name, &c.image) == target_mesh;
        (by_user || by_mesh).then(|| name.clone())
    })
}

fn verb(access: Access) -> &'static str {
    match access {
        Access::Reads => "reads",
        Access::Writes => "writes",
    }
}

/// Tools that fetch or prepare files.
const FETCH_TOOLS: &[&str] = &[
    "git", "wget", "curl", "cp", "tar", "unzip", "gsutil", "aws", "rsync", "helm", "mc",
];

fn init_fetchers(graph: &PodGraph) -> Vec<Pattern> {
    let mut out = Vec::new();
    for init in graph.containers() {
        let Some(c) = graph.container(init) else {
            continue;
        };
        if c.role != Role::Init {
            continue;
        }
        let name = &graph.node(init).name;
        let mut evidence = Vec::new();
        let mut with = Vec::new();
        for m in mounts(graph, init) {
            if m.access != Access::Writes {
                continue;
            }
            let volume = &graph.node(m.volume).name;
            let readers: Vec<(NodeIndex, String)> = graph
                .in_edges(m.volume)
                .into_iter()
                .filter_map(|e| {
                    let (from, _) = graph.endpoints(e);
                    let reader = graph.container(from)?;
                    if from == init || reader.step <= c.step || reader.role == Role::Ephemeral {
                        return None;
                    }
                    match &graph.graph[e].data {
                        EdgeData::Mount { mount_path, .. } => Some((from, mount_path.clone())),
                        _ => None,
                    }
                })
                .collect();
            if readers.is_empty() {
                continue;
            }
            evidence.push(format!("`{name}` writes volume `{volume}` at {}", m.path));
            // Readers grouped by where they mount it.
            let mut paths: Vec<&str> = readers.iter().map(|(_, p)| p.as_str()).collect();
            super::model::sort_small(&mut paths, |a, b| a < b);
            paths.dedup();
            for path in paths {
                let names: Vec<String> = readers
                    .iter()
                    .filter(|(_, p)| p == path)
                    .map(|(r, _)| format!("`{}`", graph.node(*r).name))
                    .collect();
                evidence.push(format!(
                    "{} {} it at {path} after `{name}` has finished",
                    names.join(", "),
                    if names.len() == 1 { "mounts" } else { "mount" }
                ));
            }
            for (reader, _) in readers {
                if !with.contains(&reader) {
                    with.push(reader);
                }
            }
        }
        if with.is_empty() {
            continue;
        }
        let tools: Vec<&str> = FETCH_TOOLS
            .iter()
            .copied()
            .filter(|t| c.command.split([' ', '\'', ';', '&', '|']).any(|w| w == *t))
            .collect();
        if !tools.is_empty() {
            evidence.push(format!("`{name}` runs {}", tools.join(", ")));
        }
        out.push(Pattern {
            kind: PatternKind::InitFetcher,
            container: init,
            with,
            evidence,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_kinds() {
        assert_eq!(
            helper_kind("sidecar", "kodekloud/filebeat-configured"),
            Some(HelperKind::LogShipper)
        );
        assert_eq!(helper_kind("app", "kodekloud/event-simulator"), None);
        assert_eq!(
            helper_kind("metrics", "example/x:1"),
            Some(HelperKind::Exporter)
        );
        assert_eq!(
            helper_kind("db-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2"),
            Some(HelperKind::Proxy)
        );
        assert_eq!(helper_kind("login", "example/login"), None);
    }
}
