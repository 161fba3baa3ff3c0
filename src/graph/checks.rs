//! Podscope's own checks of how a pod will behave (codes `PS5xxx`). The API server accepts all
//! of these pods; they fail or misbehave when they run. Each check reads the pod graph, so it
//! sees across containers, volumes and the other documents of the input.
//!
//! Checks never repeat a warning the API server already returns: two containers declaring the
//! same `containerPort` is `PS3016`, so [`PORT_CONFLICT`] only reports conflicts that involve a
//! port the manifest does not declare.

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::model::{
    Access, Container, EdgeData, NodeData, PatternKind, PodGraph, RefKind, RefStatus, Role,
};
use super::shell::Lifetime;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Rule;
use crate::options::{Options, RuleSetting};
use crate::rule;
use crate::source::Span;

rule!(
    /// **What it does** Finds containers that exit as soon as they start while the pod restarts
    /// them: regular containers under `restartPolicy: Always` (the default, and the only policy
    /// of Deployments, StatefulSets, DaemonSets and ReplicaSets) and native sidecars, which are
    /// always restarted. A container exits at once when it runs an image whose default command is
    /// a shell or an interpreter (busybox, alpine, ubuntu, python, ...) with no command, or a
    /// command made only of short commands (`echo`, `date`, `ls`, ...).
    ///
    /// **Why it matters** The kubelet restarts the container again and again with a growing
    /// back-off: the pod shows `CrashLoopBackOff` and never becomes ready.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: lemon
    ///   image: busybox
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: lemon
    ///   image: busybox
    ///   command: [sleep, infinity]
    /// ```
    ///
    /// **Fix** Give it a long-running command (`command: ["sleep", "infinity"]`), or run
    /// one-off work as an init container or in a Job.
    CRASH_LOOP,
    "PS5001",
    "crash-loop",
    Warning,
    "a container that exits at once under restartPolicy Always and will crash-loop"
);
rule!(
    /// **What it does** Finds two containers that run at the same time and will listen on the
    /// same port, where at least one of the two ports is not declared in `ports` but comes from a
    /// flag (`--port=8080`, `--listen=:9090`), a `PORT`-style variable or the image's well-known
    /// default (nginx 80, redis 6379, postgres 5432, ...). Two declared ports are the API server's
    /// own warning (PS3016) and are not repeated.
    ///
    /// **Why it matters** All containers of a pod share one network namespace. The second one to
    /// bind the port fails with "address already in use".
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: nginx
    /// - name: proxy
    ///   image: envoy
    ///   args: [--port=80]
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: nginx
    /// - name: proxy
    ///   image: envoy
    ///   args: [--port=8080]
    /// ```
    ///
    /// **Fix** Move one of them to another port.
    PORT_CONFLICT,
    "PS5002",
    "port-conflict",
    Warning,
    "two containers will listen on the same port of the pod's shared network"
);
rule!(
    /// **What it does** Finds `httpGet` and `tcpSocket` probes that name their port (`port: http`)
    /// when the probed container declares no port of that name. A probe on a port *number* is
    /// never reported, declared or not: the kubelet connects to the pod's IP address, and a
    /// container may serve a port it does not list in `ports` (listing is informational), so an
    /// undeclared number works (this was measured on published manifests: every undeclared number
    /// there was a working probe).
    ///
    /// **Why it matters** The kubelet resolves a port name in the probed container's own `ports`
    /// only (not in the other containers'). When the name is not there the probe errors with
    /// `port <name> not found` every time, and counts as failed: a liveness probe restarts the
    /// container again and again, a readiness probe keeps the pod out of its Services, a startup
    /// probe never lets the container start. The API server checks only that the name is well
    /// formed, so it accepts the pod.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - name: web
    ///   image: app
    ///   ports: [{name: http, containerPort: 8080}]
    ///   readinessProbe:
    ///     httpGet: {path: /ready, port: htp}
    /// ```
    ///
    /// ```yaml
    /// - name: web
    ///   image: app
    ///   ports: [{name: http, containerPort: 8080}]
    ///   readinessProbe:
    ///     httpGet: {path: /ready, port: http}
    /// ```
    ///
    /// **Fix** Declare the named port in the probed container, or use the port number.
    PROBE_PORT_UNDECLARED,
    "PS5003",
    "probe-port-undeclared",
    Warning,
    "a probe names a port the probed container does not declare, so it always fails"
);
rule!(
    /// **What it does** Finds probes whose port is declared by another container of the pod.
    ///
    /// **Why it matters** Probes connect to the pod's IP address, so the probe tests whichever
    /// container listens on that port: the probed container may be restarted, or marked ready,
    /// because of another container's health.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: app
    ///   livenessProbe: {tcpSocket: {port: 9901}}
    /// - name: proxy
    ///   image: envoy
    ///   ports: [{containerPort: 9901}]
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: app
    ///   ports: [{containerPort: 8080}]
    ///   livenessProbe: {tcpSocket: {port: 8080}}
    /// - name: proxy
    ///   image: envoy
    ///   ports: [{containerPort: 9901}]
    /// ```
    ///
    /// **Fix** Probe a port the container itself serves.
    PROBE_PORT_OTHER_CONTAINER,
    "PS5004",
    "probe-port-other-container",
    Info,
    "a probe that checks a port another container declares"
);
rule!(
    /// **What it does** Finds volumes in `spec.volumes` that no container mounts
    /// (`volumeMounts`) or attaches (`volumeDevices`).
    ///
    /// **Why it matters** The volume is set up for nothing (a claim is still bound, a Secret
    /// still has to exist), and the mount that was meant is usually missing or misspelt.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - {name: cache, emptyDir: {}}
    /// containers:
    /// - {name: web, image: nginx}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - {name: cache, emptyDir: {}}
    /// containers:
    /// - name: web
    ///   image: nginx
    ///   volumeMounts: [{name: cache, mountPath: /var/cache/nginx}]
    /// ```
    ///
    /// **Fix** Mount it where it is needed, or remove it.
    VOLUME_UNUSED,
    "PS5005",
    "unused-volume",
    Warning,
    "a volume that no container mounts"
);
rule!(
    /// **What it does** Finds `emptyDir` and generic ephemeral volumes that every container
    /// mounts read-only.
    ///
    /// **Why it matters** These volumes start empty with each pod; when nobody can write them
    /// they stay empty, and the containers reading them find nothing.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - {name: html, emptyDir: {}}
    /// containers:
    /// - name: web
    ///   image: nginx
    ///   volumeMounts: [{name: html, mountPath: /usr/share/nginx/html, readOnly: true}]
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - {name: html, emptyDir: {}}
    /// initContainers:
    /// - name: fetch
    ///   image: alpine/git
    ///   args: [clone, "https://example.com/site.git", /html]
    ///   volumeMounts: [{name: html, mountPath: /html}]
    /// containers:
    /// - name: web
    ///   image: nginx
    ///   volumeMounts: [{name: html, mountPath: /usr/share/nginx/html, readOnly: true}]
    /// ```
    ///
    /// **Fix** Mount the volume read-write in the container that fills it (often an init
    /// container).
    VOLUME_NEVER_WRITTEN,
    "PS5006",
    "volume-never-written",
    Warning,
    "a volume that starts empty and that every container mounts read-only"
);
rule!(
    /// **What it does** Finds two containers that run at the same time and mount the same
    /// volume read-write at the same mount path and sub-path.
    ///
    /// **Why it matters** Both may write the same files at once (the same PID file, cache or
    /// log), which corrupts them. Usually one of the two only needs to read.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: postgres
    ///   image: postgres:16
    ///   volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
    /// - name: backup
    ///   image: example.com/pg-backup:1.0
    ///   volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: postgres
    ///   image: postgres:16
    ///   volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
    /// - name: backup
    ///   image: example.com/pg-backup:1.0
    ///   volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data, readOnly: true}]
    /// ```
    ///
    /// **Fix** Mount it read-only (`readOnly: true`) in the container that only reads,
    /// or give each writer its own `subPath`.
    VOLUME_SHARED_WRITERS,
    "PS5007",
    "volume-shared-writers",
    Info,
    "two containers that run together write the same volume at the same path"
);
rule!(
    /// **What it does** Finds containers, usually init containers, whose command waits in a
    /// loop for a host (`until nslookup mydb`, `while ! nc -z mydb 5432`, `pg_isready -h mydb`,
    /// `wait-for-it mydb:5432`) that looks like a Service in the cluster, when none of the
    /// analysed documents defines that Service.
    ///
    /// **Why it matters** The pod stays in `Init` for as long as the Service does not exist.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// initContainers:
    /// - name: wait-db
    ///   image: busybox
    ///   command: [sh, -c, "until nslookup mydb; do sleep 2; done"]
    /// ```
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: mydb}
    /// spec:
    ///   selector: {app: mydb}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// **Fix** Add the Service to the manifests, or make sure it exists in the namespace
    /// before the pod starts.
    WAIT_FOR_UNDEFINED_SERVICE,
    "PS5008",
    "wait-for-undefined-service",
    Warning,
    "a container waits for a Service that no document defines"
);
rule!(
    /// **What it does** Finds an init container or sidecar that waits for, or talks to,
    /// `localhost:<port>` served by a container that only starts after it: an app container, or a
    /// sidecar declared later.
    ///
    /// **Why it matters** Init containers run one after another and app containers start only
    /// when all of them have finished: a plain init container that waits for an app container
    /// waits forever, and the pod never starts.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// initContainers:
    /// - name: wait-api
    ///   image: busybox
    ///   command: [sh, -c, "until nc -z localhost 8080; do sleep 1; done"]
    /// containers:
    /// - name: api
    ///   image: api
    ///   ports: [{containerPort: 8080}]
    /// ```
    ///
    /// ```yaml
    /// initContainers:
    /// - name: api
    ///   image: api
    ///   restartPolicy: Always
    ///   ports: [{containerPort: 8080}]
    /// containers:
    /// - name: client
    ///   image: client
    /// ```
    ///
    /// **Fix** Make the server a native sidecar (`initContainers` with
    /// `restartPolicy: Always`) declared before the container that needs it.
    DEPENDENCY_STARTS_LATER,
    "PS5009",
    "dependency-starts-later",
    Warning,
    "a container depends on a port served by a container that starts after it"
);
rule!(
    /// **What it does** Finds helper containers in `containers` of a Job or CronJob that keep
    /// running: proxies, log shippers, exporters, syncers, or commands such as `sleep infinity`
    /// or `tail -f`.
    ///
    /// **Why it matters** A Job completes when all of its pod's containers have exited. A
    /// helper that never exits keeps the Job running forever after the main container is done.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///       - {name: task, image: task}
    ///       - {name: proxy, image: cloud-sql-proxy}
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       initContainers:
    ///       - {name: proxy, image: cloud-sql-proxy, restartPolicy: Always}
    ///       containers:
    ///       - {name: task, image: task}
    /// ```
    ///
    /// **Fix** Make the helper a native sidecar: move it to `initContainers` with
    /// `restartPolicy: Always` (Kubernetes 1.29+). The kubelet stops it once the main containers
    /// have finished.
    JOB_LONG_RUNNING_SIDECAR,
    "PS5010",
    "job-long-running-sidecar",
    Warning,
    "a long-running helper in containers of a Job keeps the Job from completing"
);
rule!(
    /// **What it does** Finds native sidecars without a `startupProbe` that a later container
    /// depends on: it talks to the sidecar's port on localhost, or reads a volume the sidecar
    /// writes.
    ///
    /// **Why it matters** The kubelet starts the next container as soon as a sidecar has
    /// started, unless the sidecar has a `startupProbe`; then it waits for the probe to succeed.
    /// Without one, the app may start before the sidecar is ready and fail its first requests.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// initContainers:
    /// - name: proxy
    ///   image: envoy
    ///   restartPolicy: Always
    ///   ports: [{containerPort: 15001}]
    /// containers:
    /// - name: app
    ///   image: app
    ///   env: [{name: UPSTREAM, value: "localhost:15001"}]
    /// ```
    ///
    /// ```yaml
    /// initContainers:
    /// - name: proxy
    ///   image: envoy
    ///   restartPolicy: Always
    ///   ports: [{containerPort: 15001}]
    ///   startupProbe: {tcpSocket: {port: 15001}}
    /// containers:
    /// - name: app
    ///   image: app
    ///   env: [{name: UPSTREAM, value: "localhost:15001"}]
    /// ```
    ///
    /// **Fix** Add a `startupProbe` to the sidecar (for example `tcpSocket` on the port
    /// the app uses).
    SIDECAR_WITHOUT_STARTUP_PROBE,
    "PS5011",
    "sidecar-without-startup-probe",
    Warning,
    "a native sidecar that later containers depend on has no startupProbe"
);
rule!(
    /// **What it does** Lists the ConfigMaps, Secrets, PersistentVolumeClaims and
    /// ServiceAccounts a pod refers to that are not among the analysed documents (and not
    /// optional, and not one every namespace has, such as `kube-root-ca.crt` or the `default`
    /// ServiceAccount). Reported once per object, at its first reference.
    ///
    /// **Why it matters** It may well exist in the cluster, so this is only a note; if it does
    /// not, the pod waits in `ContainerCreating` (ConfigMaps, Secrets), stays `Pending` (claims),
    /// or is refused (ServiceAccounts).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: app
    ///   envFrom: [{configMapRef: {name: app-config}}]
    /// ```
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: app-config}
    /// data: {LOG_LEVEL: info}
    /// ```
    ///
    /// **Fix** Include the object in the manifests, or mark the reference
    /// `optional: true` when the pod can run without it.
    REFERENCE_NOT_IN_DOCUMENTS,
    "PS5012",
    "reference-not-in-documents",
    Info,
    "a ConfigMap, Secret, claim or ServiceAccount that the analysed documents do not define"
);
rule!(
    /// **What it does** Finds `configMapKeyRef`/`secretKeyRef` variables and `items` of
    /// configMap, secret and projected volumes whose key is not in the ConfigMap or Secret
    /// defined in the analysed documents (unless the reference is optional).
    ///
    /// **Why it matters** The container cannot start (`CreateContainerConfigError`), or the
    /// volume cannot be mounted, until the key exists.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: ConfigMap
    /// metadata: {name: app}
    /// data: {log-level: info}
    /// ---
    /// env:
    /// - name: LOG_LEVEL
    ///   valueFrom: {configMapKeyRef: {name: app, key: loglevel}}
    /// ```
    ///
    /// ```yaml
    /// kind: ConfigMap
    /// metadata: {name: app}
    /// data: {log-level: info}
    /// ---
    /// env:
    /// - name: LOG_LEVEL
    ///   valueFrom: {configMapKeyRef: {name: app, key: log-level}}
    /// ```
    ///
    /// **Fix** Fix the key, add it to the object, or mark the reference `optional: true`.
    REFERENCE_MISSING_KEY,
    "PS5013",
    "reference-missing-key",
    Warning,
    "a reference to a key that the ConfigMap or Secret does not have"
);

pub const RULES: &[&Rule] = &[
    &CRASH_LOOP,
    &PORT_CONFLICT,
    &PROBE_PORT_UNDECLARED,
    &PROBE_PORT_OTHER_CONTAINER,
    &VOLUME_UNUSED,
    &VOLUME_NEVER_WRITTEN,
    &VOLUME_SHARED_WRITERS,
    &WAIT_FOR_UNDEFINED_SERVICE,
    &DEPENDENCY_STARTS_LATER,
    &JOB_LONG_RUNNING_SIDECAR,
    &SIDECAR_WITHOUT_STARTUP_PROBE,
    &REFERENCE_NOT_IN_DOCUMENTS,
    &REFERENCE_MISSING_KEY,
];

/// The user turned this rule off.
pub fn is_off(rule: &Rule, options: &Options) -> bool {
    if options.rules.is_empty() {
        return false;
    }
    let setting = options
        .rules
        .get(rule.code)
        .or_else(|| options.rules.get(rule.name));
    setting == Some(&RuleSetting::Off)
}

struct Sink<'a> {
    out: &'a mut Vec<Diagnostic>,
    options: &'a Options,
    document: usize,
}

impl Sink<'_> {
    fn on(&self, rule: &Rule) -> bool {
        !is_off(rule, self.options)
    }

    fn push(&mut self, rule: &'static Rule, span: Span, path: &str, message: String, help: String) {
        self.out.push(Diagnostic {
            rule,
            severity: rule.severity,
            message,
            path: path.to_string(),
            span,
            help: Some(help),
            document: Some(self.document),
            fixes: Vec::new(),
        });
    }
}

/// "init container", "sidecar", "container" or "ephemeral container".
fn what(c: &Container) -> &'static str {
    match c.role {
        Role::Init => "init container",
        Role::Sidecar => "sidecar",
        Role::App => "container",
        Role::Ephemeral => "ephemeral container",
    }
}

/// The container that declares (exposes) a port node.
fn owner(g: &PodGraph, port: NodeIndex) -> Option<NodeIndex> {
    g.graph
        .edges_directed(port, petgraph::Direction::Incoming)
        .find(|e| matches!(e.weight().data, EdgeData::Exposes))
        .map(|e| e.source())
}

/// Runs every enabled check on one pod graph.
pub fn run(g: &PodGraph, options: &Options, out: &mut Vec<Diagnostic>) {
    let mut sink = Sink {
        out,
        options,
        document: g.document,
    };
    if sink.on(&CRASH_LOOP) {
        crash_loop(g, &mut sink);
    }
    if sink.on(&PORT_CONFLICT) {
        port_conflict(g, &mut sink);
    }
    if sink.on(&PROBE_PORT_UNDECLARED) || sink.on(&PROBE_PORT_OTHER_CONTAINER) {
        probe_ports(g, &mut sink);
    }
    if sink.on(&VOLUME_UNUSED) || sink.on(&VOLUME_NEVER_WRITTEN) {
        volume_use(g, &mut sink);
    }
    if sink.on(&VOLUME_SHARED_WRITERS) {
        shared_writers(g, &mut sink);
    }
    if sink.on(&WAIT_FOR_UNDEFINED_SERVICE) || sink.on(&DEPENDENCY_STARTS_LATER) {
        dependencies(g, &mut sink);
    }
    if sink.on(&JOB_LONG_RUNNING_SIDECAR) {
        job_sidecars(g, &mut sink);
    }
    if sink.on(&SIDECAR_WITHOUT_STARTUP_PROBE) {
        sidecar_startup(g, &mut sink);
    }
    if sink.on(&REFERENCE_NOT_IN_DOCUMENTS) || sink.on(&REFERENCE_MISSING_KEY) {
        references(g, &mut sink);
    }
    // A rule that is on may still have been skipped with its sibling; drop what is off.
    sink.out.retain(|d| !is_off(d.rule, options));
}

fn crash_loop(g: &PodGraph, sink: &mut Sink) {
    // A Job's pods may not use restartPolicy Always; the API server already says so.
    if matches!(g.kind.as_str(), "Job" | "CronJob") {
        return;
    }
    for i in g.containers() {
        let c = g.container(i).expect("container");
        let restarts = match c.role {
            Role::Sidecar => true,
            Role::App => g.restart_policy == "Always",
            _ => false,
        };
        let Lifetime::ExitsAtOnce { why, span, path } = &c.lifetime else {
            continue;
        };
        if !restarts {
            continue;
        }
        let name = &g.node(i).name;
        let policy = if c.role == Role::Sidecar {
            "a native sidecar is always restarted"
        } else {
            "restartPolicy Always restarts it"
        };
        sink.push(
            &CRASH_LOOP,
            *span,
            &format!("{}.{path}", c.path),
            format!("{} \"{name}\" will crash-loop: it exits at once and {policy}", what(c)),
            format!("{why}; give it a long-running command (for example `command: [\"sleep\", \"infinity\"]`), or run one-off work in an init container or a Job"),
        );
    }
}

/// The ports a container listens on: (number, declared, span, path).
fn listens(g: &PodGraph, container: NodeIndex) -> Vec<(u16, bool, Span, String)> {
    g.out_edges(container)
        .into_iter()
        .filter(|e| matches!(g.graph[*e].data, EdgeData::Exposes))
        .filter_map(|e| {
            let port = g.endpoints(e).1;
            match &g.graph[port].data {
                NodeData::Port(p) if p.protocol == "TCP" && p.origin != "probe" => p
                    .number
                    .map(|n| (n, p.declared, g.graph[e].span, g.graph[e].path.clone())),
                _ => None,
            }
        })
        .collect()
}

/// Port comparisons that [`port_conflict`] makes at most, per pod. The containers that share a
/// port number are found through an index, so a pod costs its ports plus these comparisons, and
/// 50,000 containers all on one port cost a bounded amount (the first conflicts are reported).
pub const MAX_PORT_COMPARISONS: usize = 10_000;
/// Port conflicts reported at most per pod (1,000 nginx containers would otherwise give 500,000).
pub const MAX_PORT_CONFLICTS: usize = 100;

fn port_conflict(g: &PodGraph, sink: &mut Sink) {
    let containers = g.containers();
    let ports: Vec<_> = containers.iter().map(|c| listens(g, *c)).collect();
    // Per container, each port number with the first of its bindings, sorted by number.
    let first: Vec<Vec<(u16, usize)>> = ports
        .iter()
        .map(|list| {
            let mut numbers: Vec<(u16, usize)> =
                list.iter().enumerate().map(|(i, p)| (p.0, i)).collect();
            numbers.sort_unstable();
            numbers.dedup_by_key(|(n, _)| *n);
            numbers
        })
        .collect();
    // Port number → the containers (positions in `containers`) that listen on it, in order.
    let mut listeners: std::collections::HashMap<u16, Vec<usize>> =
        std::collections::HashMap::new();
    for (at, numbers) in first.iter().enumerate() {
        for (number, _) in numbers {
            listeners.entry(*number).or_default().push(at);
        }
    }
    let (mut comparisons, mut reported) = (0usize, 0usize);
    for (b_at, b) in containers.iter().enumerate() {
        // The earlier containers that share a port number with `b`, in container order: the
        // only ones a comparison of every pair could report.
        let mut earlier: Vec<usize> = Vec::new();
        for (number, _) in &first[b_at] {
            let list = &listeners[number];
            let end = list.partition_point(|at| *at < b_at);
            earlier.extend_from_slice(&list[..end]);
            if earlier.len() > MAX_PORT_COMPARISONS {
                break;
            }
        }
        earlier.sort_unstable();
        earlier.dedup();
        for a_at in earlier {
            comparisons += ports[b_at].len().max(1);
            if comparisons > MAX_PORT_COMPARISONS {
                return;
            }
            let a = &containers[a_at];
            if !g.run_together(*a, *b) {
                continue;
            }
            for (number, b_declared, span, path) in &ports[b_at] {
                let Ok(found) = first[a_at].binary_search_by_key(number, |(n, _)| *n) else {
                    continue;
                };
                let (_, a_declared, a_span, a_path) = &ports[a_at][first[a_at][found].1];
                if *a_declared && *b_declared {
                    continue;
                }
                // Point at the binding that is not declared (the one the manifest hides).
                let (span, path) = if *b_declared {
                    (*a_span, a_path)
                } else {
                    (*span, path)
                };
                reported += 1;
                if reported > MAX_PORT_CONFLICTS {
                    return;
                }
                let (an, bn) = (&g.node(*a).name, &g.node(*b).name);
                sink.push(
                    &PORT_CONFLICT,
                    span,
                    path,
                    format!("containers \"{an}\" and \"{bn}\" will both listen on port {number}"),
                    format!("the containers of a pod share one network, so the second to bind port {number} fails with \"address already in use\"; move one of them to another port"),
                );
            }
        }
    }
}

fn probe_ports(g: &PodGraph, sink: &mut Sink) {
    for i in g.containers() {
        let c = g.container(i).expect("container");
        let name = &g.node(i).name;
        for e in g.out_edges(i) {
            let EdgeData::Probe { probe } = g.graph[e].data else {
                continue;
            };
            let port = g.endpoints(e).1;
            let NodeData::Port(p) = &g.graph[port].data else {
                continue;
            };
            let edge = &g.graph[e];
            let probe_field = probe.field();
            if !p.declared && p.origin == "probe" {
                if !sink.on(&PROBE_PORT_UNDECLARED) {
                    continue;
                }
                // An undeclared port number works (the kubelet probes the pod's address):
                // only an unresolvable name is a certain failure.
                if p.number.is_none() {
                    sink.push(
                        &PROBE_PORT_UNDECLARED,
                        edge.span,
                        &edge.path,
                        format!("{probe_field} of \"{name}\" uses port name \"{}\", which \"{name}\" does not declare", p.port_name),
                        format!("the kubelet looks the name up in the probed container's own ports, so this probe always fails (\"port {} not found\"); add `{{name: {}, containerPort: <port>}}` to the ports of \"{name}\", or use the port number", p.port_name, p.port_name),
                    );
                }
            } else if let Some(o) = owner(g, port).filter(|o| *o != i) {
                if !sink.on(&PROBE_PORT_OTHER_CONTAINER) || c.role == Role::Ephemeral {
                    continue;
                }
                let other = &g.node(o).name;
                let n = p
                    .number
                    .map_or_else(|| p.port_name.clone(), |n| n.to_string());
                let how = if p.declared { "declares" } else { "listens on" };
                sink.push(
                    &PROBE_PORT_OTHER_CONTAINER,
                    edge.span,
                    &edge.path,
                    format!("{probe_field} of \"{name}\" checks port {n}, which \"{other}\" {how}"),
                    format!("probes connect to the pod's address, so this one tests \"{other}\" rather than \"{name}\"; point it at a port \"{name}\" serves"),
                );
            }
        }
    }
}

fn volume_use(g: &PodGraph, sink: &mut Sink) {
    for v in g.nodes_where(|d| matches!(d, NodeData::Volume(_))) {
        let NodeData::Volume(volume) = &g.graph[v].data else {
            continue;
        };
        if volume.source == "volumeClaimTemplate" {
            continue;
        }
        let node = g.node(v);
        let mounts: Vec<&EdgeData> = g
            .in_edges(v)
            .into_iter()
            .map(|e| &g.graph[e].data)
            .filter(|d| matches!(d, EdgeData::Mount { .. }))
            .collect();
        if mounts.is_empty() {
            if sink.on(&VOLUME_UNUSED) {
                sink.push(
                    &VOLUME_UNUSED,
                    node.span,
                    &format!("{}.name", volume.path),
                    format!("volume \"{}\" is not mounted by any container", node.name),
                    format!("mount it where it is needed (`volumeMounts: [{{name: {}, mountPath: ...}}]`), or remove it", node.name),
                );
            }
            continue;
        }
        let all_read_only = mounts.iter().all(|d| {
            matches!(
                d,
                EdgeData::Mount {
                    read_only: true,
                    ..
                }
            )
        });
        if volume.starts_empty() && all_read_only && sink.on(&VOLUME_NEVER_WRITTEN) {
            sink.push(
                &VOLUME_NEVER_WRITTEN,
                node.span,
                &format!("{}.name", volume.path),
                format!("volume \"{}\" starts empty and every container mounts it read-only, so it stays empty", node.name),
                "mount it read-write (without `readOnly: true`) in the container that should fill it, often an init container".into(),
            );
        }
    }
}

fn shared_writers(g: &PodGraph, sink: &mut Sink) {
    for v in g.nodes_where(|d| matches!(d, NodeData::Volume(_))) {
        let NodeData::Volume(volume) = &g.graph[v].data else {
            continue;
        };
        if volume.is_read_only_source() {
            continue;
        }
        let writers: Vec<(NodeIndex, petgraph::graph::EdgeIndex, &str, &str)> = g
            .in_edges(v)
            .into_iter()
            .filter_map(|e| match &g.graph[e].data {
                EdgeData::Mount {
                    mount_path,
                    sub_path,
                    access: Access::Writes,
                    device: false,
                    ..
                } => Some((g.endpoints(e).0, e, mount_path.as_str(), sub_path.as_str())),
                _ => None,
            })
            .collect();
        // Writers by mount path and subPath, in order: the earlier writers a writer is compared
        // with (at most MAX_PORT_COMPARISONS comparisons per volume).
        let mut by_place: std::collections::HashMap<(&str, &str), Vec<NodeIndex>> =
            std::collections::HashMap::new();
        let mut comparisons = 0usize;
        for (b, e, path, sub) in &writers {
            let earlier = by_place
                .entry((path.trim_end_matches('/'), sub))
                .or_default();
            let found = earlier.iter().copied().find(|a| {
                comparisons += 1;
                comparisons <= MAX_PORT_COMPARISONS && a != b && g.run_together(*a, *b)
            });
            earlier.push(*b);
            let Some(a) = found else {
                continue;
            };
            let edge = &g.graph[*e];
            let (an, bn, vn) = (&g.node(a).name, &g.node(*b).name, &g.node(v).name);
            sink.push(
                &VOLUME_SHARED_WRITERS,
                edge.span,
                &edge.path,
                format!("containers \"{an}\" and \"{bn}\" both write volume \"{vn}\" at {path}"),
                "both may write the same files at once; mount it read-only (`readOnly: true`) where it is only read, or give each writer its own `subPath`".into(),
            );
        }
    }
}

fn dependencies(g: &PodGraph, sink: &mut Sink) {
    for i in g.containers() {
        let c = g.container(i).expect("container");
        let name = &g.node(i).name;
        for e in g.out_edges(i) {
            let edge = &g.graph[e];
            let target = g.endpoints(e).1;
            match (&edge.data, &g.graph[target].data) {
                (EdgeData::Waits { host, .. }, NodeData::Reference(r))
                    if r.kind == RefKind::Service && r.status == RefStatus::Missing =>
                {
                    if !sink.on(&WAIT_FOR_UNDEFINED_SERVICE) {
                        continue;
                    }
                    let service = &g.graph[target].name;
                    let consequence = if c.role == Role::Init {
                        "the pod stays in Init until it resolves"
                    } else {
                        "the container keeps waiting until it resolves"
                    };
                    sink.push(
                        &WAIT_FOR_UNDEFINED_SERVICE,
                        edge.span,
                        &edge.path,
                        format!("{} \"{name}\" waits for service \"{service}\", which no document defines", what(c)),
                        format!("{consequence}; add the Service `{service}` to these manifests, or make sure it exists before the pod starts (the command waits for `{host}`)"),
                    );
                }
                (
                    EdgeData::Waits { host: address, .. } | EdgeData::TalksTo { address, .. },
                    NodeData::Port(p),
                ) => {
                    if !sink.on(&DEPENDENCY_STARTS_LATER)
                        || !matches!(c.role, Role::Init | Role::Sidecar)
                    {
                        continue;
                    }
                    let Some(server) = owner(g, target) else {
                        continue;
                    };
                    let Some(s) = g.container(server) else {
                        continue;
                    };
                    if s.role == Role::Ephemeral || !g.starts_before(i, server) {
                        continue;
                    }
                    let waits = matches!(edge.data, EdgeData::Waits { .. });
                    let sn = &g.node(server).name;
                    let port = p.number.map_or_else(String::new, |n| format!(":{n}"));
                    let consequence = match (waits, c.role, s.role) {
                        (true, Role::Init, Role::App) => format!(
                            "app containers start only after every init container has finished, so \"{name}\" waits forever and the pod never starts"
                        ),
                        (true, _, _) => format!(
                            "\"{sn}\" starts only after \"{name}\", so \"{name}\" waits forever and the pod never starts"
                        ),
                        (false, _, _) => {
                            format!("\"{sn}\" is not running yet when \"{name}\" runs")
                        }
                    };
                    let address = if address.contains(':') || port.is_empty() {
                        address.clone()
                    } else {
                        format!("{address}{port}")
                    };
                    sink.push(
                        &DEPENDENCY_STARTS_LATER,
                        edge.span,
                        &edge.path,
                        format!("{} \"{name}\" {} {address}, served by \"{sn}\", which starts after it", what(c), if waits { "waits for" } else { "talks to" }),
                        format!("{consequence}; run \"{sn}\" as a native sidecar (`initContainers` with `restartPolicy: Always`) declared before \"{name}\""),
                    );
                }
                _ => {}
            }
        }
    }
}

fn job_sidecars(g: &PodGraph, sink: &mut Sink) {
    if !matches!(g.kind.as_str(), "Job" | "CronJob") {
        return;
    }
    let apps: Vec<NodeIndex> = g
        .containers()
        .into_iter()
        .filter(|i| g.container(*i).is_some_and(|c| c.role == Role::App))
        .collect();
    if apps.len() < 2 {
        return;
    }
    for i in apps {
        if Some(i) == g.main {
            continue;
        }
        let c = g.container(i).expect("container");
        let name = &g.node(i).name;
        let patterned = g.patterns.iter().any(|p| {
            p.container == i
                && matches!(
                    p.kind,
                    PatternKind::Sidecar | PatternKind::Adapter | PatternKind::Ambassador
                )
        });
        let reason = if c.lifetime == Lifetime::LongRunning {
            "its command keeps running".to_string()
        } else if let Some(kind) = c.helper {
            format!("it looks like {}, which keeps running", kind.describe())
        } else if patterned {
            "it is a helper that runs beside the main container".to_string()
        } else {
            continue;
        };
        sink.push(
            &JOB_LONG_RUNNING_SIDECAR,
            c.name_span,
            &format!("{}.name", c.path),
            format!("container \"{name}\" keeps running, so the {} never completes", g.kind),
            format!("{reason}; a Job completes only when all of its containers have exited, so make \"{name}\" a native sidecar: move it to `initContainers` with `restartPolicy: Always` (Kubernetes 1.29+), and it is stopped when the main containers finish"),
        );
    }
}

fn sidecar_startup(g: &PodGraph, sink: &mut Sink) {
    for s in g.containers() {
        let c = g.container(s).expect("container");
        if c.role != Role::Sidecar || c.has_startup_probe {
            continue;
        }
        let name = &g.node(s).name;
        // Who depends on it: a later container that talks to its ports, or reads what it writes.
        let mut dependents: Vec<(NodeIndex, String)> = Vec::new();
        for e in g.out_edges(s) {
            let target = g.endpoints(e).1;
            match &g.graph[e].data {
                EdgeData::Exposes => {
                    for u in g.in_edges(target) {
                        let (user, _) = g.endpoints(u);
                        if user != s
                            && matches!(
                                g.graph[u].data,
                                EdgeData::TalksTo { .. } | EdgeData::Waits { .. }
                            )
                            && g.starts_before(s, user)
                        {
                            let port = match &g.graph[target].data {
                                NodeData::Port(p) => p.number,
                                _ => None,
                            };
                            let how = port
                                .map_or_else(|| "its port".to_string(), |n| format!("port {n}"));
                            dependents.push((user, how));
                        }
                    }
                }
                EdgeData::Mount {
                    access: Access::Writes,
                    ..
                } => {
                    for u in g.in_edges(target) {
                        let (user, _) = g.endpoints(u);
                        if user != s
                            && g.starts_before(s, user)
                            && matches!(
                                g.graph[u].data,
                                EdgeData::Mount {
                                    access: Access::Reads,
                                    ..
                                }
                            )
                        {
                            dependents.push((user, format!("volume \"{}\"", g.node(target).name)));
                        }
                    }
                }
                _ => {}
            }
        }
        let Some((user, how)) = dependents.first() else {
            continue;
        };
        let un = &g.node(*user).name;
        let port_hint = listens(g, s).first().map_or_else(String::new, |(n, ..)| {
            format!(" (for example `tcpSocket: {{port: {n}}}`)")
        });
        sink.push(
            &SIDECAR_WITHOUT_STARTUP_PROBE,
            c.name_span,
            &format!("{}.name", c.path),
            format!("sidecar \"{name}\" has no startupProbe, so \"{un}\" may start before it is ready"),
            format!("\"{un}\" uses {how} of \"{name}\"; the kubelet starts the next container as soon as a sidecar has started unless it has a startupProbe, so add one{port_hint}"),
        );
    }
}

fn references(g: &PodGraph, sink: &mut Sink) {
    for r in g.nodes_where(|d| matches!(d, NodeData::Reference(_))) {
        let NodeData::Reference(reference) = &g.graph[r].data else {
            continue;
        };
        let name = &g.node(r).name;
        let kind = reference.kind.as_str();
        let edges = g.in_edges(r);
        if reference.status == RefStatus::Missing
            && !matches!(reference.kind, RefKind::Service | RefKind::Host)
            && sink.on(&REFERENCE_NOT_IN_DOCUMENTS)
        {
            // The first reference in the text.
            let first = edges
                .iter()
                .map(|e| &g.graph[*e])
                .filter(|e| !e.span.is_empty())
                .min_by_key(|e| e.span.start);
            if let Some(edge) = first {
                let consequence = match reference.kind {
                    RefKind::PersistentVolumeClaim => {
                        "the pod stays Pending until the claim exists"
                    }
                    RefKind::ServiceAccount => {
                        "the API server refuses the pod if the ServiceAccount does not exist"
                    }
                    _ => "containers that need it wait in ContainerCreating until it exists",
                };
                let optional = if matches!(reference.kind, RefKind::ConfigMap | RefKind::Secret) {
                    ", or mark the reference `optional: true` if the pod can run without it"
                } else {
                    ""
                };
                sink.push(
                    &REFERENCE_NOT_IN_DOCUMENTS,
                    edge.span,
                    &edge.path,
                    format!("no document defines {kind} \"{name}\""),
                    format!("it must exist in the pod's namespace: {consequence}; add it to the manifests{optional}"),
                );
            }
        }
        let Some(keys) = &reference.known_keys else {
            continue;
        };
        if !sink.on(&REFERENCE_MISSING_KEY) {
            continue;
        }
        for e in edges {
            let edge = &g.graph[e];
            let (wanted, spans, optional, volume) = match &edge.data {
                EdgeData::Env {
                    keys,
                    key_spans,
                    key_optional,
                    all_keys: false,
                    ..
                } => (keys, key_spans, key_optional.clone(), false),
                EdgeData::VolumeSource {
                    keys,
                    key_spans,
                    optional,
                    ..
                } => (keys, key_spans, vec![*optional; keys.len()], true),
                _ => continue,
            };
            for ((key, span), optional) in wanted.iter().zip(spans).zip(optional) {
                if optional || key.is_empty() || keys.contains(key) {
                    continue;
                }
                let consequence = if volume {
                    "the volume cannot be mounted"
                } else {
                    "the container cannot start (CreateContainerConfigError)"
                };
                sink.push(
                    &REFERENCE_MISSING_KEY,
                    *span,
                    &edge.path,
                    format!("key \"{key}\" is not in {kind} \"{name}\""),
                    format!("{consequence} until the key exists; {kind} \"{name}\" has {}; fix the key, add it, or mark the reference `optional: true`", list_keys(keys)),
                );
            }
        }
    }
}

fn list_keys(keys: &[String]) -> String {
    match keys.len() {
        0 => "no keys".into(),
        1..=6 => format!(
            "the keys {}",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        n => format!("{n} keys"),
    }
}
