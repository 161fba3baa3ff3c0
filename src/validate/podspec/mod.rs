//! Pod spec fields besides containers, volumes and resources: what `ValidatePodSpec` checks
//! after the containers (spec §6 steps 3 and 8–32, §9, §10, §11), in the server's order.
//!
//! Paths below are for a Pod (`spec.…`); in a workload they start with the template's spec path
//! (`spec.template.spec.…`). Values are printed as the server prints them: strings quoted,
//! numbers and booleans bare.
//!
//! # Resource claims (`spec.resourceClaims`, DRA, GA in 1.34)
//! - `PS2001` resource-claim-name — each claim needs a `name`: `spec.resourceClaims[0].name:
//!   Required value`; unique: `Duplicate value: "gpu"`; a DNS-1123 label: `Invalid value: "GPU":
//!   a lowercase RFC 1123 label must consist of …`.
//! - `PS2002` resource-claim-source — exactly one source: `spec.resourceClaims[0]: Invalid value:
//!   {"Name":"gpu",…}: at most one of `resourceClaimName` or `resourceClaimTemplateName`
//!   may be specified`, or `…: must specify one of: `resourceClaimName`,
//!   `resourceClaimTemplateName``.
//! - `PS2003` resource-claim-reference — `resourceClaimName` / `resourceClaimTemplateName` must be
//!   DNS subdomains (`Invalid value: "My_Claim": a lowercase RFC 1123 subdomain …`).
//! - `PS2004` resource-claim-static-pod — a Pod with the `kubernetes.io/config.mirror` annotation
//!   cannot use claims: `Forbidden: static pods do not support resource claims` (the server gives
//!   this error an empty field path).
//!
//! # Host network, restart and DNS policy
//! - `PS2005` host-network-host-port — with `hostNetwork: true` a container port's `hostPort`
//!   must equal its `containerPort`: `spec.containers[0].ports[0].hostPort: Invalid value: 8080:
//!   must match `containerPort` when `hostNetwork` is true`. Pods get `hostPort` defaulted to
//!   `containerPort` first and templates allow 0, so only an explicit different port fails.
//!   Regular containers only.
//! - `PS2006` restart-policy — `spec.restartPolicy: Unsupported value: "Sometimes": supported
//!   values: "Always", "OnFailure", "Never"` (absent or `""` is defaulted to `Always`).
//! - `PS2007` dns-policy — `spec.dnsPolicy: Unsupported value: "ClusterFirstWithHostNetwork":
//!   supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"`.
//! - `spec.nodeSelector` is checked like labels (`ValidateLabels`, see the metadata rules).
//!
//! Pod security context, host namespaces and `spec.os`: see `podspec/security.rs`. Affinity,
//! tolerations, topology spread and gates: `podspec/scheduling.rs`. Label selectors and
//! matchLabelKeys: [`selector`]. DNS policy, DNS config and host aliases: `podspec/dns.rs`.
//!
//! # Names and scalar fields
//! - `PS2052` hostname-override — `spec.hostnameOverride` (HostnameOverride, beta in 1.35) may
//!   not be combined with `setHostnameAsFQDN: true` or `hostNetwork: true` (`Forbidden: may not be
//!   specified when setHostnameAsFQDN is true` / `… when hostNetwork is true`), is at most 64
//!   bytes (`Too long`), and must be a DNS subdomain.
//! - `PS2053` service-account-name — `spec.serviceAccountName` (or the deprecated
//!   `spec.serviceAccount` when the former is empty) must be a DNS subdomain:
//!   `spec.serviceAccountName: Invalid value: "KSA_NAME": a lowercase RFC 1123 subdomain …`.
//!   Pods without one get `default` from the ServiceAccount admission plugin.
//! - `PS2054` node-name — `spec.nodeName` must be a DNS subdomain.
//! - `PS2055` active-deadline-seconds — `spec.activeDeadlineSeconds: Invalid value: 0: must be
//!   between 1 and 2147483647, inclusive`.
//! - `PS2056` hostname / `PS2057` subdomain — DNS-1123 labels when set.
//! - `PS2058` priority-class-name — a DNS subdomain when set.
//! - `PS2059` runtime-class-name — a DNS subdomain whenever present (even `""`).
//! - `PS2060` preemption-policy — `spec.preemptionPolicy: Required value` for `""`, else
//!   `Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"`.

mod dns;
mod scheduling;
mod security;
pub mod selector;

pub use dns::legacy_ip_errors;
pub use selector::{SelectorOptions, validate_label_selector};

use super::pod::PodScope;
use super::{Ctx, ErrValue, Path, format};
use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::yaml::Node;

rule!(
    /// **What it does** Checks each `spec.resourceClaims` entry has a `name` that is a DNS-1123 label
    /// and unique in the pod.
    ///
    /// **Why it matters** Containers refer to claims by this name in `resources.claims`; the API server
    /// rejects a missing, malformed or repeated one.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resourceClaims:
    /// - name: GPU
    ///   resourceClaimTemplateName: gpu-template
    /// ```
    ///
    /// ```yaml
    /// resourceClaims:
    /// - name: gpu
    ///   resourceClaimTemplateName: gpu-template
    /// ```
    ///
    /// **Fix** Use a unique lower-case name.
    ///
    /// **Kubernetes source** `validatePodResourceClaim` (via `validatePodResourceClaims`) in
    /// `pkg/apis/core/validation/validation.go`.
    RESOURCE_CLAIM_NAME,
    "PS2001",
    "resource-claim-name",
    Error,
    "pod resource claims need a name that is a unique DNS-1123 label"
);
rule!(
    /// **What it does** Checks each pod resource claim sets exactly one of `resourceClaimName` and
    /// `resourceClaimTemplateName`.
    ///
    /// **Why it matters** The claim is either an existing ResourceClaim or one made from a template per
    /// pod; the API server rejects neither and both.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resourceClaims:
    /// - name: gpu
    /// ```
    ///
    /// ```yaml
    /// resourceClaims:
    /// - name: gpu
    ///   resourceClaimTemplateName: gpu-template
    /// ```
    ///
    /// **Fix** Name the claim or the claim template, not both.
    ///
    /// **Kubernetes source** `validatePodResourceClaim` in `pkg/apis/core/validation/validation.go`.
    RESOURCE_CLAIM_SOURCE,
    "PS2002",
    "resource-claim-source",
    Error,
    "a pod resource claim sets exactly one of resourceClaimName and resourceClaimTemplateName"
);
rule!(
    /// **What it does** Checks `resourceClaimName` and `resourceClaimTemplateName` are DNS subdomains.
    ///
    /// **Why it matters** They name API objects; a name like `My_Claim` can never exist and is
    /// rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resourceClaims:
    /// - name: gpu
    ///   resourceClaimName: My_Claim
    /// ```
    ///
    /// ```yaml
    /// resourceClaims:
    /// - name: gpu
    ///   resourceClaimName: my-claim
    /// ```
    ///
    /// **Fix** Use the object's real, lower-case name.
    ///
    /// **Kubernetes source** `validatePodResourceClaim` with `ValidateResourceClaimName` in
    /// `pkg/apis/core/validation/validation.go`.
    RESOURCE_CLAIM_REFERENCE,
    "PS2003",
    "resource-claim-reference",
    Error,
    "resourceClaimName and resourceClaimTemplateName must be DNS subdomains"
);
rule!(
    /// **What it does** Reports `spec.resourceClaims` on a static (mirror) pod, one with the
    /// `kubernetes.io/config.mirror` annotation.
    ///
    /// **Why it matters** Static pods are run by the kubelet without the scheduler, which allocates
    /// claims; the API server refuses them (`static pods do not support resource claims`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   annotations: {kubernetes.io/config.mirror: "abc"}
    /// spec:
    ///   resourceClaims:
    ///   - {name: gpu, resourceClaimName: gpu}
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: gpu-job
    /// spec:
    ///   resourceClaims:
    ///   - {name: gpu, resourceClaimName: gpu}
    /// ```
    ///
    /// **Fix** Run the pod through the API server (a Deployment or Job), not as a static pod.
    ///
    /// **Kubernetes source** `validatePodResourceClaims` (the mirror-pod check in `ValidatePodSpec`) in
    /// `pkg/apis/core/validation/validation.go`.
    RESOURCE_CLAIM_STATIC_POD,
    "PS2004",
    "resource-claim-static-pod",
    Error,
    "static (mirror) pods cannot use resource claims"
);
rule!(
    /// **What it does** With `hostNetwork: true`, checks each regular container port's explicit
    /// `hostPort` equals its `containerPort`.
    ///
    /// **Why it matters** On the host network there is no port mapping: the process binds the node's
    /// port directly, so a different hostPort is rejected (`must match containerPort when hostNetwork is
    /// true`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostNetwork: true
    /// containers:
    /// - name: dns
    ///   image: coredns
    ///   ports: [{containerPort: 53, hostPort: 5353}]
    /// ```
    ///
    /// ```yaml
    /// hostNetwork: true
    /// containers:
    /// - name: dns
    ///   image: coredns
    ///   ports: [{containerPort: 53}]
    /// ```
    ///
    /// **Fix** Drop `hostPort` or make it the same as `containerPort`.
    ///
    /// **Kubernetes source** `validatePodHostNetworkDeps` in `pkg/apis/core/validation/validation.go`.
    HOST_NETWORK_HOST_PORT,
    "PS2005",
    "host-network-host-port",
    Error,
    "with hostNetwork, a container port's hostPort must equal its containerPort"
);
rule!(
    /// **What it does** Checks `spec.restartPolicy` is `Always`, `OnFailure` or `Never` (absent means
    /// `Always`).
    ///
    /// **Why it matters** Any other value (`always`, `Sometimes`) is rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   restartPolicy: on-failure
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   restartPolicy: OnFailure
    /// ```
    ///
    /// **Fix** Use one of the three values exactly.
    ///
    /// **Kubernetes source** `validateRestartPolicy` in `pkg/apis/core/validation/validation.go`.
    RESTART_POLICY,
    "PS2006",
    "restart-policy",
    Error,
    "restartPolicy must be Always, OnFailure or Never"
);
rule!(
    /// **What it does** Checks `spec.hostnameOverride`: not with `setHostnameAsFQDN: true` or
    /// `hostNetwork: true`, at most 64 bytes, and a DNS subdomain.
    ///
    /// **Why it matters** The override replaces the pod's hostname; with the node's network or an FQDN
    /// hostname it cannot apply, and the API server rejects the pod.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   hostnameOverride: build-agent
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostnameOverride: build-agent
    /// ```
    ///
    /// **Fix** Remove one of the conflicting settings, and keep the name short and lower-case.
    ///
    /// **Kubernetes source** `validatePodHostName` (from `ValidatePodSpec`) in
    /// `pkg/apis/core/validation/validation.go`.
    HOSTNAME_OVERRIDE,
    "PS2052",
    "hostname-override",
    Error,
    "hostnameOverride must be a DNS subdomain of at most 64 bytes, without setHostnameAsFQDN or hostNetwork"
);
rule!(
    /// **What it does** Checks `spec.serviceAccountName` (or the deprecated `serviceAccount` when that
    /// is empty) is a DNS subdomain.
    ///
    /// **Why it matters** It names a ServiceAccount object; `KSA_NAME` or capitals are rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   serviceAccountName: Build_Bot
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   serviceAccountName: build-bot
    /// ```
    ///
    /// **Fix** Use the ServiceAccount's real name.
    ///
    /// **Kubernetes source** `ValidatePodSpec` with `ValidateServiceAccountName` in
    /// `pkg/apis/core/validation/validation.go`.
    SERVICE_ACCOUNT_NAME,
    "PS2053",
    "service-account-name",
    Error,
    "serviceAccountName must be a DNS subdomain"
);
rule!(
    /// **What it does** Checks `spec.nodeName` is a DNS subdomain when set.
    ///
    /// **Why it matters** It names a Node; a malformed name is rejected and could never be bound.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   nodeName: Worker_1
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   nodeName: worker-1
    /// ```
    ///
    /// **Fix** Use the node's name as `kubectl get nodes` prints it, or use a nodeSelector instead.
    ///
    /// **Kubernetes source** `ValidatePodSpec` with `ValidateNodeName` in
    /// `pkg/apis/core/validation/validation.go`.
    NODE_NAME,
    "PS2054",
    "node-name",
    Error,
    "nodeName must be a DNS subdomain"
);
rule!(
    /// **What it does** Checks `spec.activeDeadlineSeconds` is between 1 and 2147483647.
    ///
    /// **Why it matters** Zero or a negative deadline would kill the pod at once; the API server
    /// rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   activeDeadlineSeconds: 0
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   activeDeadlineSeconds: 600
    /// ```
    ///
    /// **Fix** Use a positive number of seconds, or remove the field for no deadline.
    ///
    /// **Kubernetes source** `ValidatePodSpec` (the `ActiveDeadlineSeconds` range check) in
    /// `pkg/apis/core/validation/validation.go`.
    ACTIVE_DEADLINE_SECONDS,
    "PS2055",
    "active-deadline-seconds",
    Error,
    "activeDeadlineSeconds must be between 1 and 2147483647"
);
rule!(
    /// **What it does** Checks `spec.hostname` is a DNS-1123 label when set.
    ///
    /// **Why it matters** It becomes the pod's hostname and its DNS name under a headless Service; dots
    /// and capitals are rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostname: db.primary
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostname: db-primary
    ///   subdomain: db
    /// ```
    ///
    /// **Fix** Use one label; put the domain part in `subdomain`.
    ///
    /// **Kubernetes source** `ValidatePodSpec` with `ValidateDNS1123Label` in
    /// `pkg/apis/core/validation/validation.go`.
    HOSTNAME,
    "PS2056",
    "hostname",
    Error,
    "hostname must be a DNS-1123 label"
);
rule!(
    /// **What it does** Checks `spec.subdomain` is a DNS-1123 label when set.
    ///
    /// **Why it matters** It must match the name of a headless Service, itself a label; a dotted value
    /// is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   subdomain: db.svc
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   subdomain: db
    /// ```
    ///
    /// **Fix** Use the headless Service's name.
    ///
    /// **Kubernetes source** `ValidatePodSpec` with `ValidateDNS1123Label` in
    /// `pkg/apis/core/validation/validation.go`.
    SUBDOMAIN,
    "PS2057",
    "subdomain",
    Error,
    "subdomain must be a DNS-1123 label"
);
rule!(
    /// **What it does** Checks `spec.priorityClassName` is a DNS subdomain when set.
    ///
    /// **Why it matters** It names a PriorityClass; a malformed name is rejected on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   priorityClassName: High_Priority
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   priorityClassName: high-priority
    /// ```
    ///
    /// **Fix** Use the PriorityClass's name.
    ///
    /// **Kubernetes source** `ValidatePodSpec` with `ValidateDNS1123Subdomain` in
    /// `pkg/apis/core/validation/validation.go`.
    PRIORITY_CLASS_NAME,
    "PS2058",
    "priority-class-name",
    Error,
    "priorityClassName must be a DNS subdomain"
);
rule!(
    /// **What it does** Checks `spec.runtimeClassName` is a DNS subdomain whenever it is present, even
    /// as `""`.
    ///
    /// **Why it matters** It names a RuntimeClass; an empty string is not "no runtime class" here but an
    /// invalid name.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   runtimeClassName: ""
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   runtimeClassName: gvisor
    /// ```
    ///
    /// **Fix** Name a RuntimeClass, or remove the field.
    ///
    /// **Kubernetes source** `ValidateRuntimeClassName` (from `ValidatePodSpec`) in
    /// `pkg/apis/core/validation/validation.go`.
    RUNTIME_CLASS_NAME,
    "PS2059",
    "runtime-class-name",
    Error,
    "runtimeClassName must be a DNS subdomain"
);
rule!(
    /// **What it does** Checks `spec.preemptionPolicy` is `PreemptLowerPriority` or `Never`.
    ///
    /// **Why it matters** An empty or other value is rejected (`Required value` / `Unsupported value`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   preemptionPolicy: Always
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   preemptionPolicy: Never
    /// ```
    ///
    /// **Fix** Use one of the two values, or remove the field (the PriorityClass then decides).
    ///
    /// **Kubernetes source** `validatePreemptionPolicy` in `pkg/apis/core/validation/validation.go`.
    PREEMPTION_POLICY,
    "PS2060",
    "preemption-policy",
    Error,
    "preemptionPolicy must be PreemptLowerPriority or Never"
);

/// Every rule of this area, in code order.
pub const RULES: &[&Rule] = &[
    &RESOURCE_CLAIM_NAME,
    &RESOURCE_CLAIM_SOURCE,
    &RESOURCE_CLAIM_REFERENCE,
    &RESOURCE_CLAIM_STATIC_POD,
    &HOST_NETWORK_HOST_PORT,
    &RESTART_POLICY,
    &dns::DNS_POLICY,
    &security::POD_SECURITY_IDS,
    &security::SHARE_PROCESS_NAMESPACE_HOST_PID,
    &security::SYSCTL_NAME,
    &security::SYSCTL_HOST_NAMESPACE,
    &security::FS_GROUP_CHANGE_POLICY,
    &security::SECCOMP_PROFILE,
    &security::WINDOWS_OPTIONS,
    &security::APPARMOR_PROFILE,
    &security::SUPPLEMENTAL_GROUPS_POLICY,
    &security::SELINUX_CHANGE_POLICY,
    &scheduling::NODE_AFFINITY_TERMS,
    &scheduling::NODE_SELECTOR_REQUIREMENT,
    &scheduling::NODE_FIELD_SELECTOR_REQUIREMENT,
    &scheduling::AFFINITY_WEIGHT,
    &scheduling::POD_AFFINITY_NAMESPACES,
    &scheduling::POD_AFFINITY_TOPOLOGY_KEY,
    &selector::MATCH_LABEL_KEYS,
    &selector::LABEL_SELECTOR_REQUIREMENT,
    &dns::DNS_CONFIG_REQUIRED,
    &dns::DNS_NAMESERVERS,
    &dns::DNS_SEARCHES,
    &dns::DNS_OPTION_NAME,
    &dns::HOST_ALIAS_IP,
    &dns::HOST_ALIAS_HOSTNAME,
    &scheduling::READINESS_GATE,
    &scheduling::SCHEDULING_GATE,
    &scheduling::SPREAD_MAX_SKEW,
    &scheduling::SPREAD_TOPOLOGY_KEY,
    &scheduling::SPREAD_WHEN_UNSATISFIABLE,
    &scheduling::SPREAD_DUPLICATE,
    &scheduling::SPREAD_MIN_DOMAINS,
    &scheduling::SPREAD_NODE_POLICY,
    &security::HOST_PROCESS_CONSISTENCY,
    &security::HOST_PROCESS_HOST_NETWORK,
    &security::HOST_PROCESS_PRIVILEGED,
    &security::HOST_USERS_HOST_NAMESPACES,
    &security::HOST_USERS_VOLUME_DEVICES,
    &HOSTNAME_OVERRIDE,
    &SERVICE_ACCOUNT_NAME,
    &NODE_NAME,
    &ACTIVE_DEADLINE_SECONDS,
    &HOSTNAME,
    &SUBDOMAIN,
    &PRIORITY_CLASS_NAME,
    &RUNTIME_CLASS_NAME,
    &PREEMPTION_POLICY,
    &scheduling::TOLERATION_KEY,
    &scheduling::TOLERATION_EMPTY_KEY,
    &scheduling::TOLERATION_SECONDS_EFFECT,
    &scheduling::TOLERATION_VALUE,
    &scheduling::TOLERATION_OPERATOR,
    &scheduling::TOLERATION_EFFECT,
    &security::OS_NAME,
    &security::LINUX_WINDOWS_OPTIONS,
    &security::WINDOWS_POD_FIELDS,
];

/// The annotation that marks a static (mirror) pod.
const MIRROR_POD_ANNOTATION: &str = "kubernetes.io/config.mirror";

/// `Invalid` errors, one per message of a format check, with the string `value`.
pub(crate) fn invalid_str(
    ctx: &mut Ctx,
    rule: &'static Rule,
    path: &Path,
    span: Span,
    value: &str,
    messages: Vec<String>,
) {
    if !messages.is_empty() {
        ctx.invalid_each(
            rule,
            path,
            span,
            &ErrValue::Str(value.to_string()),
            messages,
        );
    }
}

/// A `[]string` as the server prints it in an error (Go's JSON): `["a","b"]`.
pub(crate) fn go_string_slice(items: &[Node]) -> ErrValue {
    let quoted: Vec<String> = items
        .iter()
        .map(|n| crate::compat::json::string(n.as_str().unwrap_or("")))
        .collect();
    ErrValue::Raw(format!("[{}]", quoted.join(",")))
}

/// Visits every container of the spec as `podshelper.VisitContainersWithPath` does: init
/// containers, then regular containers, then ephemeral containers.
pub(crate) fn for_each_container(spec: &Node, path: &Path, mut visit: impl FnMut(&Node, &Path)) {
    for field in ["initContainers", "containers", "ephemeralContainers"] {
        let list = path.child(field);
        for (i, container) in spec.seq_of(field).iter().enumerate() {
            let at = list.index(i);
            visit(container, &at);
        }
    }
}

/// The spec's value of a boolean field (absent and `null` are `false`).
pub(crate) fn flag(node: &Node, key: &str) -> bool {
    node.bool_of(key).unwrap_or(false)
}

/// `validatePodResourceClaims` (`path` is the pod spec's path).
pub fn validate_resource_claims(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let claims = scope.spec.seq_of("resourceClaims");
    if claims.is_empty() {
        return;
    }
    let list = path.child("resourceClaims");
    // Only a Pod passes its metadata (templates validate with a nil ObjectMeta).
    let static_pod = scope.is_pod
        && scope
            .meta
            .map_of("annotations")
            .is_some_and(|a| a.entry(MIRROR_POD_ANNOTATION).is_some());
    let mut names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, claim) in claims.iter().enumerate() {
        let at = list.index(i);
        if static_pod {
            ctx.forbidden(
                &RESOURCE_CLAIM_STATIC_POD,
                &Path::ROOT,
                claim.head(),
                "static pods do not support resource claims",
            );
            continue;
        }
        let name_path = at.child("name");
        let name = claim.str_of("name");
        if name.is_empty() {
            ctx.required(&RESOURCE_CLAIM_NAME, &name_path, claim.at("name"));
        } else if names.contains(&name) {
            ctx.duplicate(&RESOURCE_CLAIM_NAME, &name_path, claim.at("name"), name);
        } else {
            invalid_str(
                ctx,
                &RESOURCE_CLAIM_NAME,
                &name_path,
                claim.at("name"),
                name,
                format::dns1123_label(name),
            );
            names.insert(name);
        }
        let claim_name = claim.opt_str("resourceClaimName");
        let template_name = claim.opt_str("resourceClaimTemplateName");
        if claim_name.is_some() == template_name.is_some() {
            let value = ErrValue::Raw(crate::compat::json::go_struct(
                claim,
                &[
                    ("Name", "name", crate::compat::json::GoField::Str),
                    (
                        "ResourceClaimName",
                        "resourceClaimName",
                        crate::compat::json::GoField::OptStr,
                    ),
                    (
                        "ResourceClaimTemplateName",
                        "resourceClaimTemplateName",
                        crate::compat::json::GoField::OptStr,
                    ),
                ],
            ));
            let detail = if claim_name.is_some() {
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"
            } else {
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
            };
            ctx.invalid(&RESOURCE_CLAIM_SOURCE, &at, claim.head(), value, detail);
        }
        for (field, value) in [
            ("resourceClaimName", claim_name),
            ("resourceClaimTemplateName", template_name),
        ] {
            if let Some(value) = value {
                invalid_str(
                    ctx,
                    &RESOURCE_CLAIM_REFERENCE,
                    &at.child(field),
                    claim.at(field),
                    value,
                    format::dns1123_subdomain(value),
                );
            }
        }
    }
}

/// Steps 8–32 of `ValidatePodSpec` (except pod-level resources and overhead): host ports with
/// hostNetwork, restartPolicy, dnsPolicy, nodeSelector, securityContext, affinity, dnsConfig,
/// readinessGates, schedulingGates, topologySpreadConstraints, Windows hostProcess, hostUsers,
/// hostnameOverride, serviceAccountName, nodeName, activeDeadlineSeconds, hostname, subdomain,
/// tolerations, hostAliases, priorityClassName, runtimeClassName, preemptionPolicy, os.
pub fn validate_spec_fields(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let spec = scope.spec;
    validate_host_network_ports(ctx, spec, path);
    validate_restart_policy(ctx, spec, path);
    dns::validate_dns_policy(ctx, spec, path);
    super::meta::validate_labels(ctx, spec.get("nodeSelector"), &path.child("nodeSelector"));
    security::validate_pod_security_context(ctx, scope, path);
    // imagePullSecrets: v1 references only have a name, which is only checked by warnings.
    scheduling::validate_affinity(ctx, scope, path);
    dns::validate_dns_config(ctx, spec, path);
    scheduling::validate_readiness_gates(ctx, spec, path);
    scheduling::validate_scheduling_gates(ctx, spec, path);
    scheduling::validate_topology_spread(ctx, scope, path);
    security::validate_windows_host_process(ctx, scope, path);
    security::validate_host_users(ctx, spec, path);
    validate_hostname_override(ctx, spec, path);
    validate_names(ctx, scope, path);
    scheduling::validate_tolerations(ctx, spec, path);
    dns::validate_host_aliases(ctx, spec, path);
    validate_classes(ctx, spec, path);
    // spec.overhead is checked with the resources.
    security::validate_os(ctx, spec, path);
}

/// `validatePodHostNetworkDeps`
fn validate_host_network_ports(ctx: &mut Ctx, spec: &Node, path: &Path) {
    if !flag(spec, "hostNetwork") {
        return;
    }
    let containers = path.child("containers");
    for (i, container) in spec.seq_of("containers").iter().enumerate() {
        let at = containers.index(i);
        let ports = at.child("ports");
        for (j, port) in container.seq_of("ports").iter().enumerate() {
            // Pods: a zero hostPort is defaulted to containerPort; templates allow zero.
            let host_port = port.i64_of("hostPort").unwrap_or(0);
            let container_port = port.i64_of("containerPort").unwrap_or(0);
            if host_port != 0 && host_port != container_port {
                let port_path = ports.index(j);
                ctx.invalid(
                    &HOST_NETWORK_HOST_PORT,
                    &port_path.child("hostPort"),
                    port.at("hostPort"),
                    host_port,
                    "must match `containerPort` when `hostNetwork` is true",
                );
            }
        }
    }
}

/// `validateRestartPolicy` (absent or `""` is defaulted to `Always`).
fn validate_restart_policy(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let policy = spec.str_of("restartPolicy");
    if !matches!(policy, "" | "Always" | "OnFailure" | "Never") {
        ctx.not_supported(
            &RESTART_POLICY,
            &path.child("restartPolicy"),
            spec.at("restartPolicy"),
            policy,
            &["Always", "OnFailure", "Never"],
        );
    }
}

/// `validatePodHostName` (HostnameOverride, beta and on by default since 1.35).
fn validate_hostname_override(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let Some(name) = spec.opt_str("hostnameOverride") else {
        return;
    };
    let at = path.child("hostnameOverride");
    let span = spec.at("hostnameOverride");
    if flag(spec, "setHostnameAsFQDN") {
        ctx.forbidden(
            &HOSTNAME_OVERRIDE,
            &at,
            span,
            "may not be specified when setHostnameAsFQDN is true",
        );
    }
    if flag(spec, "hostNetwork") {
        ctx.forbidden(
            &HOSTNAME_OVERRIDE,
            &at,
            span,
            "may not be specified when hostNetwork is true",
        );
    }
    if name.len() > 64 {
        ctx.too_long(&HOSTNAME_OVERRIDE, &at, span, 64);
    }
    invalid_str(
        ctx,
        &HOSTNAME_OVERRIDE,
        &at,
        span,
        name,
        format::dns1123_subdomain(name),
    );
}

/// serviceAccountName, nodeName, activeDeadlineSeconds, hostname and subdomain.
fn validate_names(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let spec = scope.spec;
    // Conversion copies the deprecated `serviceAccount` when `serviceAccountName` is empty;
    // the ServiceAccount admission plugin gives Pods without either the valid `default`.
    let (account, field) = match spec.str_of("serviceAccountName") {
        "" => (spec.str_of("serviceAccount"), "serviceAccount"),
        name => (name, "serviceAccountName"),
    };
    if !account.is_empty() {
        invalid_str(
            ctx,
            &SERVICE_ACCOUNT_NAME,
            &path.child("serviceAccountName"),
            spec.at(field),
            account,
            format::dns1123_subdomain(account),
        );
    }
    let node_name = spec.str_of("nodeName");
    if !node_name.is_empty() {
        invalid_str(
            ctx,
            &NODE_NAME,
            &path.child("nodeName"),
            spec.at("nodeName"),
            node_name,
            format::dns1123_subdomain(node_name),
        );
    }
    if let Some(seconds) = spec.i64_of("activeDeadlineSeconds") {
        if !(1..=i64::from(i32::MAX)).contains(&seconds) {
            ctx.invalid(
                &ACTIVE_DEADLINE_SECONDS,
                &path.child("activeDeadlineSeconds"),
                spec.at("activeDeadlineSeconds"),
                seconds,
                format::inclusive_range_error(1, i64::from(i32::MAX)),
            );
        }
    }
    for (field, rule) in [("hostname", &HOSTNAME), ("subdomain", &SUBDOMAIN)] {
        let value = spec.str_of(field);
        if !value.is_empty() {
            invalid_str(
                ctx,
                rule,
                &path.child(field),
                spec.at(field),
                value,
                format::dns1123_label(value),
            );
        }
    }
}

/// priorityClassName, runtimeClassName and preemptionPolicy.
fn validate_classes(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let priority_class = spec.str_of("priorityClassName");
    if !priority_class.is_empty() {
        invalid_str(
            ctx,
            &PRIORITY_CLASS_NAME,
            &path.child("priorityClassName"),
            spec.at("priorityClassName"),
            priority_class,
            format::dns1123_subdomain(priority_class),
        );
    }
    if let Some(runtime_class) = spec.opt_str("runtimeClassName") {
        invalid_str(
            ctx,
            &RUNTIME_CLASS_NAME,
            &path.child("runtimeClassName"),
            spec.at("runtimeClassName"),
            runtime_class,
            format::dns1123_subdomain(runtime_class),
        );
    }
    if let Some(policy) = spec.opt_str("preemptionPolicy") {
        let at = path.child("preemptionPolicy");
        match policy {
            "PreemptLowerPriority" | "Never" => {}
            "" => ctx.required(&PREEMPTION_POLICY, &at, spec.at("preemptionPolicy")),
            _ => ctx.not_supported(
                &PREEMPTION_POLICY,
                &at,
                spec.at("preemptionPolicy"),
                policy,
                &["PreemptLowerPriority", "Never"],
            ),
        }
    }
}

#[cfg(test)]
mod tests;
