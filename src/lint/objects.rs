//! Best practices across the objects of one run (`PS6023`–`PS6026`, `PS7001`–`PS7007`):
//! replicas and autoscalers, service accounts, network policies, and references between
//! Services, Ingresses, PodDisruptionBudgets, autoscalers and the workloads they select.
//!
//! References resolve across every input of the run (the other inputs' objects are read, never
//! reported on). A reference check reports "points at nothing" only when the run holds objects
//! of the kind referred to in that namespace (a Service file on its own says nothing about
//! workloads elsewhere), and "selects nothing" not in a namespace holding a custom resource,
//! whose operator may make the pods. Labels a controller adds to its pods
//! (`statefulset.kubernetes.io/pod-name`, `pod-template-hash`, …) match a Service's selector.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use crate::compat::go_quote;
use crate::diagnostic::Rule;
use crate::lint::{Finding, Profile};
use crate::podsecurity::{PodView, pod_view};
use crate::rule;
use crate::source::Span;
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Reports a Deployment or StatefulSet with fewer than two replicas
    /// (an absent `replicas` is one), unless a HorizontalPodAutoscaler in the input scales it.
    ///
    /// **Why it matters** With one replica every rollout, node drain or crash is an outage.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec: {replicas: 1}   # reported, and so is leaving replicas out
    /// ```
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec: {replicas: 2}
    /// ```
    ///
    /// **Fix** Run at least two replicas, or let an autoscaler decide.
    REPLICAS,
    "PS6023",
    "single-replica",
    Warning,
    "a Deployment or StatefulSet runs fewer than two replicas",
    equivalents = [
        "polaris: deploymentMissingReplicas",
        "kube-linter: minimum-three-replicas",
    ]
);
rule!(
    /// **What it does** Reports a pod that mounts a service account token it may not need: the
    /// pod sets `automountServiceAccountToken: true`, or leaves it unset while its ServiceAccount
    /// (from the input, `default` when unnamed) does not set it to `false`.
    ///
    /// **Why it matters** A token in every container lets a compromised process call the API
    /// server as the pod.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {automountServiceAccountToken: true}   # reported, and so is unset unless the ServiceAccount says false
    /// ```
    ///
    /// ```yaml
    /// spec: {automountServiceAccountToken: false}
    /// ```
    ///
    /// **Fix** Set `automountServiceAccountToken: false` on the pod or its ServiceAccount, and
    /// mount a projected token only where the API is called.
    AUTOMOUNT_TOKEN,
    "PS6024",
    "service-account-token-mounted",
    Warning,
    "a pod mounts a service account token",
    equivalents = [
        "polaris: automountServiceAccountToken",
        "checkov: CKV_K8S_38",
    ]
);
rule!(
    /// **What it does** Reports a HorizontalPodAutoscaler whose `minReplicas` is below two
    /// (absent is one).
    ///
    /// **Why it matters** At quiet times the autoscaler scales the workload to one pod, and the
    /// next disruption is an outage.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {minReplicas: 1, maxReplicas: 10}   # reported, and so is leaving minReplicas out
    /// ```
    ///
    /// ```yaml
    /// spec: {minReplicas: 2, maxReplicas: 10}
    /// ```
    ///
    /// **Fix** Set `minReplicas: 2` or more.
    HPA_MIN_REPLICAS,
    "PS6025",
    "hpa-min-replicas",
    Warning,
    "an autoscaler may scale to a single replica",
    equivalents = [
        "kube-linter: hpa-minimum-three-replicas",
        "kube-score: horizontalpodautoscaler-replicas",
    ]
);
rule!(
    /// **What it does** When the input has NetworkPolicies, reports a workload in the same
    /// namespace that no policy selects for ingress, or none for egress. Policies without rules
    /// (deny all) count: unlike Polaris, Podscope does not require rules, since a deny-all
    /// policy is the safest one; and unlike Polaris it says nothing when the input has no
    /// NetworkPolicy at all (they are often kept in another repository).
    ///
    /// **Why it matters** An unselected pod accepts traffic from every pod of the cluster.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: NetworkPolicy
    /// spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}   # app: web not selected for egress: reported
    /// ```
    ///
    /// ```yaml
    /// kind: NetworkPolicy
    /// spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress, Egress]}
    /// ```
    ///
    /// **Fix** Add a NetworkPolicy whose `podSelector` selects the pod.
    NETWORK_POLICY,
    "PS6026",
    "network-policy-missing",
    Warning,
    "no NetworkPolicy of the input selects a workload",
    equivalents = [
        "polaris: missingNetworkPolicy",
        "kube-score: pod-networkpolicy",
    ]
);
rule!(
    /// **What it does** Reports a Service whose `selector` matches the pod labels of no
    /// workload of the run in its namespace (when the namespace has any workload, and no custom
    /// resource an operator could make the pods from). Labels the workload's controller adds to
    /// its pods (`statefulset.kubernetes.io/pod-name`) match.
    ///
    /// **Why it matters** The Service has no endpoints: every connection to it fails.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Service
    /// spec: {selector: {app: web}}   # but the pods are labelled app: frontend
    /// ```
    ///
    /// ```yaml
    /// kind: Service
    /// spec: {selector: {app: frontend}}
    /// ```
    ///
    /// **Fix** Make the selector match the pod template's labels.
    SERVICE_SELECTS_NOTHING,
    "PS7001",
    "service-selects-nothing",
    Warning,
    "a Service's selector matches no pod of the input",
    equivalents = [
        "kube-linter: dangling-service",
        "kube-score: service-targets-pod",
    ]
);
rule!(
    /// **What it does** Reports a Service port whose named `targetPort` no container of the
    /// selected pods declares. A numeric `targetPort` is not judged: a container's `ports` list
    /// is informational, and published manifests often leave out a metrics or admin port the
    /// process listens on (kube-score compares numbers too; that is its false alarm).
    ///
    /// **Why it matters** A name is resolved against the containers' declared ports: one that no
    /// container declares gives the Service no endpoints.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports: [{port: 80, targetPort: http}]   # the container's port is named "web"
    /// ```
    ///
    /// ```yaml
    /// ports: [{port: 80, targetPort: web}]
    /// ```
    ///
    /// **Fix** Use the container port's name or number.
    SERVICE_TARGET_PORT,
    "PS7002",
    "service-target-port-missing",
    Warning,
    "a Service's targetPort is declared by no selected container",
    equivalents = ["kube-linter: dangling-service", "kube-score: service-targets-pod"]
);
rule!(
    /// **What it does** Reports a PodDisruptionBudget that selects no workload of the input,
    /// or that allows no disruption (`maxUnavailable: 0`, or `minAvailable` equal to or above
    /// the selected workload's replicas).
    ///
    /// **Why it matters** The first blocks nothing; the second blocks every node drain.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}   # web runs 2 replicas: reported
    /// ```
    ///
    /// ```yaml
    /// spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
    /// ```
    ///
    /// **Fix** Select the workload's pod labels and leave room for one pod to go.
    PDB_SELECTS_NOTHING,
    "PS7003",
    "pdb-ineffective",
    Warning,
    "a PodDisruptionBudget selects nothing or allows no disruption",
    equivalents = [
        "kube-linter: dangling-pdb",
        "kube-linter: pdb-max-unavailable",
        "kube-linter: pdb-min-available",
    ]
);
rule!(
    /// **What it does** Reports a HorizontalPodAutoscaler whose `scaleTargetRef` names no
    /// workload of the input in its namespace (when the namespace has any workload).
    ///
    /// **Why it matters** The autoscaler scales nothing.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}   # the Deployment is called frontend
    /// ```
    ///
    /// ```yaml
    /// scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: frontend}
    /// ```
    ///
    /// **Fix** Name the workload's kind and name exactly.
    HPA_TARGET,
    "PS7004",
    "hpa-target-missing",
    Warning,
    "an autoscaler's target is not in the input",
    equivalents = ["kube-linter: dangling-horizontalpodautoscaler"]
);
rule!(
    /// **What it does** Reports a StatefulSet whose `serviceName` names no Service of the
    /// input, or a Service that is not headless (`clusterIP: None`), when the namespace has
    /// Services.
    ///
    /// **Why it matters** The pods' stable DNS names (`web-0.web`) come from that headless
    /// Service; without it they do not resolve.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Service
    /// metadata: {name: web}   # the StatefulSet's serviceName
    /// spec: {selector: {app: web}}   # not headless: reported
    /// ```
    ///
    /// ```yaml
    /// kind: Service
    /// metadata: {name: web}
    /// spec: {clusterIP: None, selector: {app: web}}
    /// ```
    ///
    /// **Fix** Create the headless Service and name it in `serviceName`.
    STATEFULSET_SERVICE,
    "PS7005",
    "statefulset-service-not-headless",
    Warning,
    "a StatefulSet's serviceName is not a headless Service of the input",
    equivalents = ["kube-score: statefulset-has-servicename"]
);
rule!(
    /// **What it does** Reports an Ingress backend whose Service is not in the input (when the
    /// namespace has Services), or whose port the Service does not have.
    ///
    /// **Why it matters** Requests for that path get a 503 from the ingress controller.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// backend: {service: {name: web, port: {number: 8080}}}   # the Service web has only port 80
    /// ```
    ///
    /// ```yaml
    /// backend: {service: {name: web, port: {number: 80}}}
    /// ```
    ///
    /// **Fix** Name an existing Service and one of its ports.
    INGRESS_BACKEND,
    "PS7006",
    "ingress-backend-missing",
    Warning,
    "an Ingress backend names a Service or port not in the input",
    equivalents = ["kube-linter: dangling-ingress"]
);
rule!(
    /// **What it does** Reports a NetworkPolicy whose `podSelector` (not empty) matches no
    /// workload of the input in its namespace (when the namespace has any workload).
    ///
    /// **Why it matters** The policy protects nothing, usually because of a label typo.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// podSelector: {matchLabels: {app: wbe}}   # a typo: no pod is labelled so
    /// ```
    ///
    /// ```yaml
    /// podSelector: {matchLabels: {app: web}}
    /// ```
    ///
    /// **Fix** Match the pod template's labels.
    NETWORK_POLICY_SELECTS_NOTHING,
    "PS7007",
    "network-policy-selects-nothing",
    Warning,
    "a NetworkPolicy selects no pod of the input",
    equivalents = ["kube-linter: dangling-networkpolicy"]
);

/// How many selector-against-labels comparisons one input may cost (see [`check`]).
const MAX_SELECTOR_COMPARISONS: usize = 1_000_000;

/// One object of the input, as the checks see it.
/// The kinds whose objects make pods (the workloads a Service, budget or policy selects).
pub const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "DaemonSet",
    "StatefulSet",
    "Job",
    "CronJob",
];

/// An object's namespace, `default` when it names none.
pub fn namespace_of(root: &Node) -> &str {
    root.map_of("metadata")
        .and_then(|m| m.opt_str("namespace"))
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
}

/// The `document` of an object read from another input of the run: the checks read it (a
/// Service's Deployment may be in the next file) but never report on it.
pub const OTHER_INPUT: usize = usize::MAX;

pub struct Object<'a> {
    pub document: usize,
    pub kind: &'a str,
    pub root: &'a Node,
}

impl Object<'_> {
    fn namespace(&self) -> &str {
        namespace_of(self.root)
    }

    fn name(&self) -> &str {
        self.root
            .map_of("metadata")
            .map_or("", |m| m.str_of("name"))
    }

    fn spec(&self) -> Option<&Node> {
        self.root.map_of("spec")
    }
}

struct Workload<'a> {
    object: &'a Object<'a>,
    view: PodView<'a>,
}

impl Workload<'_> {
    fn labels(&self) -> Option<&Node> {
        self.view.meta.and_then(|m| m.map_of("labels"))
    }

    fn replicas(&self) -> i64 {
        self.object
            .spec()
            .and_then(|s| s.i64_of("replicas"))
            .unwrap_or(1)
    }

    /// Container ports: (name, number).
    fn ports(&self) -> Vec<(&str, i64)> {
        ["initContainers", "containers"]
            .iter()
            .flat_map(|f| self.view.spec.seq_of(f))
            .flat_map(|c| c.seq_of("ports"))
            .map(|p| (p.str_of("name"), p.i64_of("containerPort").unwrap_or(0)))
            .collect()
    }
}

/// Does a `{key: value}` selector match `labels`?
pub fn map_selects(selector: &Node, labels: Option<&Node>) -> bool {
    selector
        .entries()
        .iter()
        .all(|e| labels.and_then(|l| l.opt_str(&e.key)) == e.value.as_str())
}

/// The labels a controller adds to the pods it makes, beyond its template's: a Service may
/// select one pod of a StatefulSet by `statefulset.kubernetes.io/pod-name`.
fn controller_label(kind: &str, key: &str) -> bool {
    match kind {
        "StatefulSet" => matches!(
            key,
            "statefulset.kubernetes.io/pod-name"
                | "apps.kubernetes.io/pod-index"
                | "controller-revision-hash"
        ),
        "DaemonSet" => matches!(key, "controller-revision-hash" | "pod-template-generation"),
        "Deployment" => key == "pod-template-hash",
        "Job" | "CronJob" => matches!(
            key,
            "job-name"
                | "controller-uid"
                | "batch.kubernetes.io/job-name"
                | "batch.kubernetes.io/controller-uid"
                | "batch.kubernetes.io/job-completion-index"
        ),
        _ => false,
    }
}

/// Does a Service's `{key: value}` selector select the workload's pods? A key the workload's
/// controller adds to its pods may match one of them.
fn service_selects(selector: &Node, kind: &str, labels: Option<&Node>) -> bool {
    selector.entries().iter().all(|e| {
        controller_label(kind, &e.key) || labels.and_then(|l| l.opt_str(&e.key)) == e.value.as_str()
    })
}

/// Does a LabelSelector (`matchLabels`, `matchExpressions`) match `labels`? An empty one
/// matches everything.
pub fn label_selects(selector: &Node, labels: Option<&Node>) -> bool {
    let labels_ok = selector
        .map_of("matchLabels")
        .is_none_or(|m| map_selects(m, labels));
    let expressions_ok = selector.seq_of("matchExpressions").iter().all(|e| {
        let value = labels.and_then(|l| l.opt_str(e.str_of("key")));
        let values: Vec<&str> = e.seq_of("values").iter().filter_map(Node::as_str).collect();
        match e.str_of("operator") {
            "In" => value.is_some_and(|v| values.contains(&v)),
            "NotIn" => value.is_none_or(|v| !values.contains(&v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    labels_ok && expressions_ok
}

struct Out<'a> {
    profile: Profile,
    findings: &'a mut Vec<(usize, Finding)>,
}

impl Out<'_> {
    fn push(
        &mut self,
        document: usize,
        rule: &'static Rule,
        message: String,
        path: &str,
        span: Span,
        help: &str,
    ) {
        if document != OTHER_INPUT && self.profile.runs(rule) {
            self.findings.push((
                document,
                Finding {
                    rule,
                    message,
                    path: path.to_string(),
                    span,
                    help: help.to_string(),
                },
            ));
        }
    }
}

/// The pod template labels of a workload (what its pods carry), without building a view.
fn template_labels<'a>(kind: &str, root: &'a Node) -> Option<&'a Node> {
    let template = match kind {
        "Pod" => return root.map_of("metadata")?.map_of("labels"),
        "CronJob" => root
            .map_of("spec")?
            .map_of("jobTemplate")?
            .map_of("spec")?
            .map_of("template")?,
        _ => root.map_of("spec")?.map_of("template")?,
    };
    template.map_of("metadata")?.map_of("labels")
}

/// The kinds of the other inputs' objects the checks of `local` may look at (see
/// [`wanted_from_run`]).
pub fn kinds_wanted_from_run(local: &[Object]) -> Vec<&'static str> {
    let has = |kinds: &[&str]| local.iter().any(|o| kinds.contains(&o.kind));
    let workloads_here = local.iter().any(|o| pod_view(o.kind, o.root).is_some());
    let mut kinds = Vec::new();
    if has(&[
        "Service",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
    ]) {
        kinds.extend(WORKLOAD_KINDS);
    }
    if has(&["StatefulSet", "Ingress"]) {
        kinds.push("Service");
    }
    if workloads_here || has(&["PodDisruptionBudget"]) {
        kinds.push("HorizontalPodAutoscaler");
    }
    if workloads_here {
        kinds.extend(["NetworkPolicy", "ServiceAccount"]);
    }
    kinds
}

/// Of the other inputs' objects of a run, those one of the checks of `local` can look at: the
/// workloads a Service, budget or policy here selects, or an autoscaler here names (and one per
/// namespace, which tells a check that the namespace has workloads); the Services, for a
/// StatefulSet or Ingress here; the autoscalers, policies and service accounts, for a workload
/// here. Reading all of them for every input made a folder's run quadratic.
pub fn wanted_from_run<'a>(local: &[Object], others: Vec<(&'a str, &'a Node)>) -> Vec<Object<'a>> {
    // What the local Services, budgets, policies and autoscalers select or name, by namespace.
    let subjects: Vec<&Object> = local
        .iter()
        .filter(|o| {
            matches!(
                o.kind,
                "Service" | "PodDisruptionBudget" | "NetworkPolicy" | "HorizontalPodAutoscaler"
            )
        })
        .collect();
    let mut represented: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (kind, root) in others {
        let object = Object {
            document: OTHER_INPUT,
            kind,
            root,
        };
        // The other kinds come only when a check here looks at them (`kinds_wanted_from_run`).
        if WORKLOAD_KINDS.contains(&kind) {
            if subjects.is_empty() {
                continue;
            }
            let ns = namespace_of(root);
            let mut in_namespace = subjects.iter().filter(|s| s.namespace() == ns).peekable();
            if in_namespace.peek().is_none() {
                continue;
            }
            let labels = template_labels(kind, root);
            let selected = in_namespace.any(|s| {
                let spec = s.spec();
                match s.kind {
                    "Service" => spec
                        .and_then(|sp| sp.map_of("selector"))
                        .is_some_and(|sel| service_selects(sel, kind, labels)),
                    "PodDisruptionBudget" => spec
                        .and_then(|sp| sp.map_of("selector"))
                        .is_some_and(|sel| label_selects(sel, labels)),
                    "NetworkPolicy" => spec
                        .and_then(|sp| sp.map_of("podSelector"))
                        .is_some_and(|sel| label_selects(sel, labels)),
                    _ => spec
                        .and_then(|sp| sp.map_of("scaleTargetRef"))
                        .is_some_and(|t| {
                            t.str_of("kind") == kind && t.str_of("name") == object.name()
                        }),
                }
            });
            if !selected {
                if represented.contains(&ns) {
                    continue;
                }
                represented.push(ns);
            }
        }
        out.push(object);
    }
    out
}

/// Every cross-object check over the objects of one input.
///
/// `objects` are this input's and, in a run of several inputs, the others' ([`OTHER_INPUT`]);
/// `operated` are the namespaces holding a custom resource, where an operator may make the pods
/// a Service, budget or policy selects, so "selects nothing" is not said there.
pub fn check(
    objects: &[Object],
    operated: &dyn Fn(&str) -> bool,
    profile: Profile,
) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    if profile == Profile::None {
        return findings;
    }
    let mut out = Out {
        profile,
        findings: &mut findings,
    };
    let workloads: Vec<Workload> = objects
        .iter()
        .filter_map(|o| pod_view(o.kind, o.root).map(|view| Workload { object: o, view }))
        .collect();
    // The objects checked are this input's; the others' are only looked at.
    let of_kind = |kind: &str| -> Vec<&Object> {
        objects
            .iter()
            .filter(|o| o.kind == kind && o.document != OTHER_INPUT)
            .collect()
    };
    let local_workloads: Vec<&Workload> = workloads
        .iter()
        .filter(|w| w.object.document != OTHER_INPUT)
        .collect();
    let operated_ns = |ns: &str| operated(ns);
    // Indexes by namespace, so each check looks only at its namespace's objects.
    let mut workloads_by_ns: HashMap<&str, Vec<&Workload>> = HashMap::new();
    for w in &workloads {
        workloads_by_ns
            .entry(w.object.namespace())
            .or_default()
            .push(w);
    }
    let mut services_by_ns: HashMap<&str, Vec<&Object>> = HashMap::new();
    for o in objects.iter().filter(|o| o.kind == "Service") {
        services_by_ns.entry(o.namespace()).or_default().push(o);
    }
    let workloads_in =
        |ns: &str| -> Vec<&Workload> { workloads_by_ns.get(ns).cloned().unwrap_or_default() };
    let services_in =
        |ns: &str| -> Vec<&Object> { services_by_ns.get(ns).cloned().unwrap_or_default() };
    let hpas: Vec<&Object> = of_kind("HorizontalPodAutoscaler");
    let scaled: HashSet<(&str, &str, &str)> = objects
        .iter()
        .filter(|o| o.kind == "HorizontalPodAutoscaler")
        .filter_map(|h| {
            let target = h.spec()?.map_of("scaleTargetRef")?;
            Some((h.namespace(), target.str_of("kind"), target.str_of("name")))
        })
        .collect();
    let targeted_by_hpa =
        |w: &Workload| scaled.contains(&(w.object.namespace(), w.object.kind, w.object.name()));
    // Pairwise selector matching is bounded, so a hostile input cannot make it quadratic: past
    // this many comparisons the remaining selector checks are skipped.
    let comparisons = Cell::new(0usize);
    let within_budget = || {
        comparisons.set(comparisons.get() + 1);
        comparisons.get() <= MAX_SELECTOR_COMPARISONS
    };
    let no_token: HashSet<(&str, &str)> = objects
        .iter()
        .filter(|o| {
            o.kind == "ServiceAccount"
                && o.root.bool_of("automountServiceAccountToken") == Some(false)
        })
        .map(|o| (o.namespace(), o.name()))
        .collect();

    for w in &local_workloads {
        let o = w.object;
        if matches!(o.kind, "Deployment" | "StatefulSet") && w.replicas() < 2 && !targeted_by_hpa(w)
        {
            let spec = o.spec().expect("a workload has a spec");
            let (path, span) = match spec.get("replicas") {
                Some(n) => ("spec.replicas", n.span),
                None => ("spec", o.root.key_at("spec")),
            };
            out.push(
                o.document,
                &REPLICAS,
                format!(
                    "{} {} runs {} replica: every rollout, drain or crash is an outage",
                    o.kind,
                    go_quote(o.name()),
                    w.replicas()
                ),
                path,
                span,
                "set `replicas: 2` or more, or scale it with a HorizontalPodAutoscaler",
            );
        }
        automount(&mut out, w, &no_token);
    }
    network_policies(&mut out, &local_workloads, objects, &within_budget);

    for service in of_kind("Service") {
        let Some(spec) = service.spec() else { continue };
        let Some(selector) = spec.map_of("selector").filter(|s| !s.entries().is_empty()) else {
            continue;
        };
        let candidates = workloads_in(service.namespace());
        if candidates.is_empty() {
            continue;
        }
        let selected: Vec<&&Workload> = candidates
            .iter()
            .filter(|w| within_budget() && service_selects(selector, w.object.kind, w.labels()))
            .collect();
        if comparisons.get() > MAX_SELECTOR_COMPARISONS {
            break;
        }
        if selected.is_empty() {
            if operated_ns(service.namespace()) {
                continue;
            }
            out.push(
                service.document,
                &SERVICE_SELECTS_NOTHING,
                format!("Service {} selects no pod of this input: its selector matches no pod template's labels", go_quote(service.name())),
                "spec.selector",
                selector.head(),
                "make the selector match the pod template's labels",
            );
            continue;
        }
        let ports: Vec<(&str, i64)> = selected.iter().flat_map(|w| w.ports()).collect();
        for (i, port) in spec.seq_of("ports").iter().enumerate() {
            let Some(target) = port.get("targetPort") else {
                continue;
            };
            // Containers need not declare the ports they listen on: only names are judged.
            let found = match &target.value {
                Value::Str(name) => ports.iter().any(|(n, _)| n == name),
                _ => true,
            };
            if !found {
                out.push(
                    service.document,
                    &SERVICE_TARGET_PORT,
                    format!(
                        "Service {} port {} targets {}, which no selected container declares",
                        go_quote(service.name()),
                        port.i64_of("port").unwrap_or(0),
                        target_text(target)
                    ),
                    &format!("spec.ports[{i}].targetPort"),
                    target.span,
                    "use the name or number of a port the container declares",
                );
            }
        }
    }

    for pdb in of_kind("PodDisruptionBudget") {
        let Some(spec) = pdb.spec() else { continue };
        let candidates = workloads_in(pdb.namespace());
        if candidates.is_empty() {
            continue;
        }
        let Some(selector) = spec.map_of("selector") else {
            continue;
        };
        let selected: Vec<&&Workload> = candidates
            .iter()
            .filter(|w| within_budget() && label_selects(selector, w.labels()))
            .collect();
        if comparisons.get() > MAX_SELECTOR_COMPARISONS {
            break;
        }
        if selected.is_empty() {
            if operated_ns(pdb.namespace()) {
                continue;
            }
            out.push(
                pdb.document,
                &PDB_SELECTS_NOTHING,
                format!(
                    "PodDisruptionBudget {} selects no pod of this input",
                    go_quote(pdb.name())
                ),
                "spec.selector",
                selector.head(),
                "match the workload's pod labels",
            );
        } else if spec
            .get("maxUnavailable")
            .is_some_and(|m| m.as_i64() == Some(0) || m.as_str() == Some("0%"))
        {
            out.push(
                pdb.document,
                &PDB_SELECTS_NOTHING,
                format!("PodDisruptionBudget {} allows no disruption (maxUnavailable: 0): it blocks every node drain", go_quote(pdb.name())),
                "spec.maxUnavailable",
                spec.at("maxUnavailable"),
                "allow at least one pod to go",
            );
        } else if let Some(min) = spec.get("minAvailable").and_then(Node::as_i64)
            // Only workloads with a replica count can be judged (not DaemonSets or Pods).
            && selected.iter().all(|w| {
                matches!(
                    w.object.kind,
                    "Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController"
                )
            })
        {
            let replicas: i64 = selected.iter().map(|w| w.replicas()).sum();
            if min >= replicas && !selected.iter().any(|w| targeted_by_hpa(w)) {
                out.push(
                    pdb.document,
                    &PDB_SELECTS_NOTHING,
                    format!("PodDisruptionBudget {} needs {min} pods available, but the selected workloads run {replicas}: it blocks every node drain", go_quote(pdb.name())),
                    "spec.minAvailable",
                    spec.at("minAvailable"),
                    "lower minAvailable below the replica count, or raise the replicas",
                );
            }
        }
    }

    for hpa in &hpas {
        let Some(spec) = hpa.spec() else { continue };
        let min = spec.i64_of("minReplicas").unwrap_or(1);
        if min < 2 {
            let (path, span) = match spec.get("minReplicas") {
                Some(n) => ("spec.minReplicas", n.span),
                None => ("spec", spec.head()),
            };
            out.push(
                hpa.document,
                &HPA_MIN_REPLICAS,
                format!(
                    "HorizontalPodAutoscaler {} may scale to {min} replica",
                    go_quote(hpa.name())
                ),
                path,
                span,
                "set `minReplicas: 2` or more",
            );
        }
        if let Some(target) = spec.map_of("scaleTargetRef")
            // An operator's resource with a scale subresource (an Argo Rollout) is no workload
            // of the input.
            && !crate::document::is_custom_api_version(target.str_of("apiVersion"))
            && !workloads_in(hpa.namespace()).is_empty()
            && !workloads_in(hpa.namespace()).iter().any(|w| {
                w.object.kind == target.str_of("kind") && w.object.name() == target.str_of("name")
            })
        {
            out.push(
                hpa.document,
                &HPA_TARGET,
                format!(
                    "HorizontalPodAutoscaler {} scales {} {}, which is not in this input",
                    go_quote(hpa.name()),
                    target.str_of("kind"),
                    go_quote(target.str_of("name"))
                ),
                "spec.scaleTargetRef.name",
                target.at("name"),
                "name the workload's kind and name exactly",
            );
        }
    }

    for set in local_workloads
        .iter()
        .filter(|w| w.object.kind == "StatefulSet")
    {
        let o = set.object;
        let Some(spec) = o.spec() else { continue };
        let Some(name) = spec.opt_str("serviceName").filter(|n| !n.is_empty()) else {
            continue;
        };
        if services_in(o.namespace()).is_empty() {
            continue;
        }
        let problem = match services_in(o.namespace())
            .into_iter()
            .find(|s| s.name() == name)
        {
            None => "names no Service of this input",
            Some(s) if s.spec().map_or("", |sp| sp.str_of("clusterIP")) != "None" => {
                "names a Service that is not headless (clusterIP: None)"
            }
            Some(_) => continue,
        };
        out.push(
            o.document,
            &STATEFULSET_SERVICE,
            format!(
                "StatefulSet {} serviceName {} {problem}: its pods' DNS names will not resolve",
                go_quote(o.name()),
                go_quote(name)
            ),
            "spec.serviceName",
            spec.at("serviceName"),
            "create a headless Service (clusterIP: None) with that name",
        );
    }

    for ingress in of_kind("Ingress") {
        let Some(spec) = ingress.spec() else { continue };
        if services_in(ingress.namespace()).is_empty() {
            continue;
        }
        let mut backends: Vec<(String, &Node)> = Vec::new();
        if let Some(b) = spec.map_of("defaultBackend") {
            backends.push(("spec.defaultBackend".into(), b));
        }
        for (r, rule) in spec.seq_of("rules").iter().enumerate() {
            if let Some(http) = rule.map_of("http") {
                for (p, path) in http.seq_of("paths").iter().enumerate() {
                    if let Some(b) = path.map_of("backend") {
                        backends.push((format!("spec.rules[{r}].http.paths[{p}].backend"), b));
                    }
                }
            }
        }
        for (path, backend) in backends {
            let Some(service) = backend.map_of("service") else {
                continue;
            };
            let name = service.str_of("name");
            let problem = match services_in(ingress.namespace())
                .into_iter()
                .find(|s| s.name() == name)
            {
                None => format!(
                    "names Service {}, which is not in this input",
                    go_quote(name)
                ),
                Some(s) => {
                    let port = service.map_of("port");
                    let ports = s.spec().map_or(&[][..], |sp| sp.seq_of("ports"));
                    let has = port.is_none_or(|p| {
                        ports
                            .iter()
                            .any(|sp| match (p.opt_str("name"), p.i64_of("number")) {
                                (Some(n), _) => sp.str_of("name") == n,
                                (None, Some(number)) => sp.i64_of("port") == Some(number),
                                (None, None) => true,
                            })
                    });
                    if has {
                        continue;
                    }
                    format!("names a port Service {} does not have", go_quote(name))
                }
            };
            out.push(
                ingress.document,
                &INGRESS_BACKEND,
                format!("Ingress {} backend {problem}", go_quote(ingress.name())),
                &format!("{path}.service.name"),
                service.at("name"),
                "name an existing Service and one of its ports",
            );
        }
    }

    for policy in of_kind("NetworkPolicy") {
        let Some(selector) = policy.spec().and_then(|s| s.map_of("podSelector")) else {
            continue;
        };
        if selector.entries().is_empty() {
            continue;
        }
        let candidates = workloads_in(policy.namespace());
        if candidates.is_empty() || operated_ns(policy.namespace()) {
            continue;
        }
        if !candidates
            .iter()
            .any(|w| label_selects(selector, w.labels()))
        {
            out.push(
                policy.document,
                &NETWORK_POLICY_SELECTS_NOTHING,
                format!(
                    "NetworkPolicy {} selects no pod of this input",
                    go_quote(policy.name())
                ),
                "spec.podSelector",
                selector.head(),
                "match the pod template's labels",
            );
        }
    }
    findings
}

fn target_text(target: &Node) -> String {
    match &target.value {
        Value::Str(s) => go_quote(s),
        Value::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

fn automount(out: &mut Out, w: &Workload, no_token: &HashSet<(&str, &str)>) {
    let spec = w.view.spec;
    let pod_setting = spec.bool_of("automountServiceAccountToken");
    let account = spec
        .opt_str("serviceAccountName")
        .filter(|n| !n.is_empty())
        .unwrap_or("default");
    let mounted = match pod_setting {
        Some(setting) => setting,
        None => !no_token.contains(&(w.object.namespace(), account)),
    };
    if !mounted {
        return;
    }
    let (path, span) = match spec.get("automountServiceAccountToken") {
        Some(n) => (
            format!("{}.automountServiceAccountToken", w.view.path),
            n.span,
        ),
        None => (w.view.path.clone(), w.view.spec.head()),
    };
    out.push(
        w.object.document,
        &AUTOMOUNT_TOKEN,
        format!("the pod mounts the token of service account {}, so every container can call the API server as it", go_quote(account)),
        &path,
        span,
        "set `automountServiceAccountToken: false` on the pod or its ServiceAccount",
    );
}

fn network_policies(
    out: &mut Out,
    workloads: &[&Workload],
    objects: &[Object],
    within_budget: &dyn Fn() -> bool,
) {
    let mut by_ns: HashMap<&str, Vec<&Object>> = HashMap::new();
    for o in objects.iter().filter(|o| o.kind == "NetworkPolicy") {
        by_ns.entry(o.namespace()).or_default().push(o);
    }
    if by_ns.is_empty() {
        return;
    }
    for w in workloads {
        let policies = by_ns
            .get(w.object.namespace())
            .map_or(&[][..], Vec::as_slice);
        // The directions a policy covers: its policyTypes, or by default Ingress, and Egress
        // when it has egress rules.
        let covers = |direction: &str| {
            policies.iter().any(|p| {
                p.spec().is_some_and(|spec| {
                    let types: Vec<&str> = spec
                        .seq_of("policyTypes")
                        .iter()
                        .filter_map(Node::as_str)
                        .collect();
                    let applies = if types.is_empty() {
                        direction == "Ingress" || spec.get("egress").is_some()
                    } else {
                        types.contains(&direction)
                    };
                    applies
                        && within_budget()
                        && spec
                            .map_of("podSelector")
                            .is_some_and(|s| label_selects(s, w.labels()))
                })
            })
        };
        let missing: Vec<&str> = ["ingress", "egress"]
            .into_iter()
            .filter(|d| !covers(if *d == "ingress" { "Ingress" } else { "Egress" }))
            .collect();
        if !missing.is_empty() {
            out.push(
                w.object.document,
                &NETWORK_POLICY,
                format!(
                    "no NetworkPolicy of this input selects {} {} for {}: its pods' traffic is not restricted",
                    w.object.kind,
                    go_quote(w.object.name()),
                    missing.join(" and ")
                ),
                w.view.path.trim_end_matches(".spec"),
                w.view.meta.map_or(w.view.spec.head(), Node::head),
                "add a NetworkPolicy whose podSelector selects the pod",
            );
        }
    }
}
