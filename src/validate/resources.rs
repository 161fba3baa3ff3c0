//! Compute resources: container `resources` (`ValidateContainerResourceRequirements`), container
//! `resizePolicy` (`validateResizePolicy`), pod-level `spec.resources` (`validatePodResources`,
//! `PodLevelResources` is on in 1.36) and `spec.overhead` (`validateOverhead`).
//!
//! Before validation, defaulting rounds every value up to milli precision (`0.0001` → `1m`), and
//! for Pods (not templates) a container's `requests` are filled from its `limits` for every
//! resource that has a limit but no request. The server iterates the maps in random order; here
//! keys are checked in sorted order. `limits` are checked first, then `requests`.
//!
//! For each key of `<c>.resources.limits` and `<c>.resources.requests`:
//!
//! - **PS1601 resource-name**: the name must be a qualified name (each message of
//!   `IsQualifiedName`), a name without `/` must be a standard resource
//!   (`must be a standard resource type or fully qualified`) and one containers may use — `cpu`,
//!   `memory`, `ephemeral-storage`, `hugepages-<size>` (`must be a standard resource for
//!   containers`); a prefixed name outside `kubernetes.io/` must be a valid extended resource
//!   (`doesn't follow extended resource name standard`). The value is printed unquoted:
//!   `…limits[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified`.
//! - **PS1602 resource-quantity-negative**: `Invalid value: "-1": must be greater than or equal to 0`.
//! - **PS1603 resource-quantity-integer**: extended resources (`nvidia.com/gpu`) and object
//!   counts (`pods`, `services`, …) must be whole numbers:
//!   `…limits[nvidia.com/gpu]: Invalid value: 500m: must be an integer` (unquoted).
//! - **PS1604 hugepages-multiple**: `hugepages-<size>` must be a multiple of the page size:
//!   `Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`.
//! - **PS1605 request-equals-limit**: resources that cannot be overcommitted (hugepages and
//!   extended resources) need `request == limit`:
//!   `<c>.resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2`.
//! - **PS1606 request-exceeds-limit**:
//!   `<c>.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`.
//! - **PS1607 limit-required**: a request for a non-overcommittable resource without a limit:
//!   `<c>.resources.limits: Required value: Limit must be set for non overcommitable resources`.
//! - **PS1608 hugepages-need-cpu-or-memory**: `<c>.resources: Forbidden: HugePages require cpu or memory`.
//! - **PS1609 container-resource-claim**: `<c>.resources.claims[k]` needs a name
//!   (`Required value`), may not repeat a claim (`Duplicate value: "gpu"`), its `request` must be
//!   a DNS label, and the name must be one of `spec.resourceClaims`
//!   (`Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty`).
//!
//! `<c>.resizePolicy` (**PS1610 resize-policy**, `InPlacePodVerticalScaling` is GA): a resource may
//! appear once (`<c>.resizePolicy[1]: Duplicate value: cpu`); the resource name must be `cpu` or
//! `memory` and the policy `NotRequired` or `RestartContainer` (errors at `<c>.resizePolicy`,
//! not indexed); with pod `restartPolicy: Never` the policy must be `NotRequired`
//! (``Invalid value: "RestartContainer": must be 'NotRequired' when `restartPolicy` is 'Never'``).
//!
//! Pod-level `spec.resources`:
//!
//! - **PS1611 pod-resource-name**: `claims` cannot be set (`spec.resources.claims: Forbidden:
//!   claims cannot be set for Resources at pod-level`); names are checked as above, then must be
//!   supported at pod level: `Unsupported value: nvidia.com/gpu: supported values: "cpu",
//!   "hugepages-", "memory"`. Quantities and request/limit pairs are checked as for containers.
//! - **PS1612 pod-requests-cover-containers**: a pod-level request must be at least the
//!   containers' aggregate request (sum of regular and sidecar containers, or the largest init
//!   container step): `spec.resources.requests[cpu]: Invalid value: "500m": must be greater than
//!   or equal to aggregate container requests of 1`. For Pods, missing pod-level requests are
//!   defaulted (from the aggregate, or from the pod-level limit) when pod-level limits are set.
//! - **PS1613 pod-limits-cover-containers**: a container limit may not exceed the pod-level limit:
//!   `spec.resources.containers[0][cpu].limits: Invalid value: "2": must be less than or equal
//!   to pod limits of 1` (sic path).
//!
//! `spec.overhead` is checked like container limits, at `spec.overhead.limits[<name>]` (sic).

use std::cmp::Ordering;

use super::pod::PodScope;
use super::quantity::{self, Quantity};
use super::{Ctx, ErrValue, ErrorType, Path, format};
use crate::rule;
use crate::source::Span;
use crate::yaml::Node;

rule!(
    /// **What it does** Checks each key of a container's `limits` and `requests`: a qualified name; a
    /// name without `/` must be `cpu`, `memory`, `ephemeral-storage` or `hugepages-<size>`; a prefixed
    /// name must be a valid extended resource.
    ///
    /// **Why it matters** The API server rejects unknown bare names such as `gpu` or `storage`
    /// (`must be a standard resource type or fully qualified`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   limits: {gpu: 1}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   limits: {nvidia.com/gpu: 1}
    /// ```
    ///
    /// **Fix** Use the standard name, or the device plugin's fully qualified resource name.
    ///
    /// **Kubernetes source** `ValidateContainerResourceRequirements` (`validateContainerResourceName`)
    /// in `pkg/apis/core/validation/validation.go`.
    RESOURCE_NAME,
    "PS1601",
    "resource-name",
    Error,
    "resource names must be standard resources or valid extended resource names"
);
rule!(
    /// **What it does** Reports a negative request or limit.
    ///
    /// **Why it matters** The API server rejects it (`must be greater than or equal to 0`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   requests: {memory: -128Mi}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   requests: {memory: 128Mi}
    /// ```
    ///
    /// **Fix** Use a positive quantity, or remove the entry.
    ///
    /// **Kubernetes source** `ValidateResourceQuantityValue` (via
    /// `ValidateContainerResourceRequirements`) in `pkg/apis/core/validation/validation.go`.
    QUANTITY_NEGATIVE,
    "PS1602",
    "resource-quantity-negative",
    Error,
    "resource quantities may not be negative"
);
rule!(
    /// **What it does** Checks extended resources (`nvidia.com/gpu`) and object counts are whole
    /// numbers.
    ///
    /// **Why it matters** Devices cannot be shared in fractions; `500m` of a GPU is rejected (`must be
    /// an integer`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   limits: {nvidia.com/gpu: 500m}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   limits: {nvidia.com/gpu: 1}
    /// ```
    ///
    /// **Fix** Request whole devices.
    ///
    /// **Kubernetes source** `ValidateResourceQuantityValue` (`isIntegerResourceName`) in
    /// `pkg/apis/core/validation/validation.go`.
    QUANTITY_INTEGER,
    "PS1603",
    "resource-quantity-integer",
    Error,
    "extended resources and object counts must be whole numbers"
);
rule!(
    /// **What it does** Checks a `hugepages-<size>` quantity is a positive multiple of the page size.
    ///
    /// **Why it matters** Huge pages are allocated whole; `3Mi` of 2 MiB pages is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// limits: {hugepages-2Mi: 3Mi, memory: 1Gi}
    /// ```
    ///
    /// ```yaml
    /// limits: {hugepages-2Mi: 4Mi, memory: 1Gi}
    /// ```
    ///
    /// **Fix** Round the amount to a multiple of the page size.
    ///
    /// **Kubernetes source** `validateResourceQuantityHugePageValue` in
    /// `pkg/apis/core/validation/validation.go`.
    HUGEPAGES_MULTIPLE,
    "PS1604",
    "hugepages-multiple",
    Error,
    "hugepages quantities must be a multiple of the page size"
);
rule!(
    /// **What it does** For resources that cannot be overcommitted (huge pages, extended resources),
    /// checks the request equals the limit.
    ///
    /// **Why it matters** The scheduler hands these out exactly; the API server rejects a request
    /// different from the limit.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   requests: {nvidia.com/gpu: 1}
    ///   limits: {nvidia.com/gpu: 2}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   limits: {nvidia.com/gpu: 2}
    /// ```
    ///
    /// **Fix** Set only the limit (the request is defaulted to it) or make both equal.
    ///
    /// **Kubernetes source** `ValidateContainerResourceRequirements` in
    /// `pkg/apis/core/validation/validation.go`.
    REQUEST_EQUALS_LIMIT,
    "PS1605",
    "request-equals-limit",
    Error,
    "hugepages and extended resources need a request equal to the limit"
);
rule!(
    /// **What it does** Reports a request larger than the limit of the same resource.
    ///
    /// **Why it matters** A container could never get what it reserves; the API server rejects it
    /// (`must be less than or equal to cpu limit`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   requests: {cpu: "2"}
    ///   limits: {cpu: "1"}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   requests: {cpu: "1"}
    ///   limits: {cpu: "2"}
    /// ```
    ///
    /// **Fix** Raise the limit or lower the request (check `m` and `Mi` units).
    ///
    /// **Kubernetes source** `ValidateContainerResourceRequirements` in
    /// `pkg/apis/core/validation/validation.go`.
    REQUEST_EXCEEDS_LIMIT,
    "PS1606",
    "request-exceeds-limit",
    Error,
    "a resource request may not exceed its limit"
);
rule!(
    /// **What it does** Reports a request for a non-overcommittable resource (huge pages, extended
    /// resources) without a limit.
    ///
    /// **Why it matters** The API server rejects it (`Limit must be set for non overcommitable
    /// resources`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   requests: {nvidia.com/gpu: 1}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   limits: {nvidia.com/gpu: 1}
    /// ```
    ///
    /// **Fix** Give the limit (and drop the request, which then defaults to it).
    ///
    /// **Kubernetes source** `ValidateContainerResourceRequirements` in
    /// `pkg/apis/core/validation/validation.go`.
    LIMIT_REQUIRED,
    "PS1607",
    "limit-required",
    Error,
    "hugepages and extended resources need a limit when requested"
);
rule!(
    /// **What it does** Reports huge pages requested by a container with no cpu or memory request or
    /// limit.
    ///
    /// **Why it matters** Huge pages are accounted together with memory; the API server refuses them
    /// alone (`HugePages require cpu or memory`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   limits: {hugepages-2Mi: 100Mi}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   limits: {hugepages-2Mi: 100Mi, memory: 256Mi}
    /// ```
    ///
    /// **Fix** Add a memory (or cpu) request or limit.
    ///
    /// **Kubernetes source** `ValidateContainerResourceRequirements` in
    /// `pkg/apis/core/validation/validation.go`.
    HUGEPAGES_NEED_CPU_OR_MEMORY,
    "PS1608",
    "hugepages-need-cpu-or-memory",
    Error,
    "requesting hugepages needs a cpu or memory request or limit too"
);
rule!(
    /// **What it does** Checks a container's `resources.claims`: each has a `name` naming one of the
    /// pod's `spec.resourceClaims`, no claim twice, and a `request` that is a DNS label.
    ///
    /// **Why it matters** The API server rejects claims the pod does not declare (`must be one of the
    /// names in pod.spec.resourceClaims`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: train
    ///   image: trainer
    ///   resources:
    ///     claims: [{name: gpu}]
    /// ```
    ///
    /// ```yaml
    /// resourceClaims:
    /// - {name: gpu, resourceClaimTemplateName: gpu-template}
    /// containers:
    /// - name: train
    ///   image: trainer
    ///   resources:
    ///     claims: [{name: gpu}]
    /// ```
    ///
    /// **Fix** Declare the claim under `spec.resourceClaims`, or correct its name.
    ///
    /// **Kubernetes source** `validateResourceClaimNames` (via `ValidateContainerResourceRequirements`)
    /// in `pkg/apis/core/validation/validation.go`.
    RESOURCE_CLAIM_REFERENCE,
    "PS1609",
    "container-resource-claim",
    Error,
    "container resource claims must name a pod resource claim once"
);
rule!(
    /// **What it does** Checks `resizePolicy`: each resource (`cpu` or `memory`) once, policy
    /// `NotRequired` or `RestartContainer`, and only `NotRequired` when the pod's `restartPolicy` is
    /// `Never`.
    ///
    /// **Why it matters** The API server rejects malformed policies; a container of a `Never` pod
    /// cannot be restarted to resize.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// restartPolicy: Never
    /// containers:
    /// - name: job
    ///   image: job
    ///   resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]
    /// ```
    ///
    /// ```yaml
    /// restartPolicy: Never
    /// containers:
    /// - name: job
    ///   image: job
    ///   resizePolicy: [{resourceName: memory, restartPolicy: NotRequired}]
    /// ```
    ///
    /// **Fix** Use `NotRequired`, or list each resource once with a supported policy.
    ///
    /// **Kubernetes source** `validateResizePolicy` in `pkg/apis/core/validation/validation.go`.
    RESIZE_POLICY,
    "PS1610",
    "resize-policy",
    Error,
    "resize policies name cpu or memory once, with a supported restart policy"
);
rule!(
    /// **What it does** Checks pod-level `spec.resources`: no `claims`, and only `cpu`, `memory` and
    /// `hugepages-*` names.
    ///
    /// **Why it matters** Pod-level resources only support these; extended resources and claims belong
    /// to containers, and the API server rejects them here.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   resources:
    ///     limits: {nvidia.com/gpu: 1}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   resources:
    ///     limits: {cpu: "2", memory: 2Gi}
    /// ```
    ///
    /// **Fix** Move extended resources and claims to the containers.
    ///
    /// **Kubernetes source** `validatePodResources` in `pkg/apis/core/validation/validation.go`.
    POD_RESOURCE_NAME,
    "PS1611",
    "pod-resource-name",
    Error,
    "pod-level resources support only cpu, memory and hugepages, without claims"
);
rule!(
    /// **What it does** Checks a pod-level request is at least the containers' aggregate request
    /// (regular and sidecar containers together, or the largest init-container step).
    ///
    /// **Why it matters** The pod's budget must cover what its containers reserve; the API server
    /// rejects a smaller one.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   resources:
    ///     requests: {cpu: 500m}
    ///   containers:
    ///   - {name: a, image: a, resources: {requests: {cpu: "1"}}}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   resources:
    ///     requests: {cpu: "1"}
    ///   containers:
    ///   - {name: a, image: a, resources: {requests: {cpu: "1"}}}
    /// ```
    ///
    /// **Fix** Raise the pod-level request or lower the containers'.
    ///
    /// **Kubernetes source** `validatePodResources` (`validatePodResourceConsistency`) in
    /// `pkg/apis/core/validation/validation.go`.
    POD_REQUESTS_COVER_CONTAINERS,
    "PS1612",
    "pod-requests-cover-containers",
    Error,
    "pod-level requests must cover the containers' aggregate requests"
);
rule!(
    /// **What it does** Reports a container limit larger than the pod-level limit of the same resource.
    ///
    /// **Why it matters** The pod's cgroup caps all containers; a container limit above it could never
    /// be reached, and the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   resources:
    ///     limits: {memory: 1Gi}
    ///   containers:
    ///   - {name: a, image: a, resources: {limits: {memory: 2Gi}}}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   resources:
    ///     limits: {memory: 2Gi}
    ///   containers:
    ///   - {name: a, image: a, resources: {limits: {memory: 2Gi}}}
    /// ```
    ///
    /// **Fix** Lower the container limit or raise the pod's.
    ///
    /// **Kubernetes source** `validatePodResources` (`validatePodResourceConsistency`) in
    /// `pkg/apis/core/validation/validation.go`.
    POD_LIMITS_COVER_CONTAINERS,
    "PS1613",
    "pod-limits-cover-containers",
    Error,
    "container limits may not exceed pod-level limits"
);

pub const RULES: &[&crate::diagnostic::Rule] = &[
    &RESOURCE_NAME,
    &QUANTITY_NEGATIVE,
    &QUANTITY_INTEGER,
    &HUGEPAGES_MULTIPLE,
    &REQUEST_EQUALS_LIMIT,
    &REQUEST_EXCEEDS_LIMIT,
    &LIMIT_REQUIRED,
    &HUGEPAGES_NEED_CPU_OR_MEMORY,
    &RESOURCE_CLAIM_REFERENCE,
    &RESIZE_POLICY,
    &POD_RESOURCE_NAME,
    &POD_REQUESTS_COVER_CONTAINERS,
    &POD_LIMITS_COVER_CONTAINERS,
];

const HUGEPAGES_PREFIX: &str = "hugepages-";

/// One entry of a `ResourceList` after defaulting.
#[derive(Clone, Debug)]
struct Entry<'d> {
    name: &'d str,
    /// The value as written (before milli rounding), for pod-level request defaulting.
    raw: Quantity,
    /// The value after defaulting (rounded up to milli).
    q: Quantity,
    key_span: Span,
    value_span: Span,
}

/// A `ResourceList` node as sorted, deduplicated (last wins) entries.
fn read_list(list: Option<&Node>) -> Vec<Entry<'_>> {
    let Some(list) = list else { return Vec::new() };
    let entries = list.entries();
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    for e in entries {
        let Some(raw) = quantity::from_node(&e.value) else {
            continue;
        };
        let q = raw.round_up_milli();
        let value_span = if e.value.span.is_empty() {
            e.key_span
        } else {
            e.value.span
        };
        out.push(Entry {
            name: &e.key,
            raw,
            q,
            key_span: e.key_span,
            value_span,
        });
    }
    if out.windows(2).any(|w| w[0].name >= w[1].name) {
        out.sort_by(|a, b| a.name.cmp(b.name));
        out.dedup_by(|later, kept| {
            if later.name == kept.name {
                std::mem::swap(later, kept);
                true
            } else {
                false
            }
        });
    }
    out
}

fn find<'a, 'd>(list: &'a [Entry<'d>], name: &str) -> Option<&'a Entry<'d>> {
    list.binary_search_by(|e| e.name.cmp(name))
        .ok()
        .map(|i| &list[i])
}

/// Requests with the limits-only entries added (Pod defaulting, DEF-08).
fn with_defaulted_requests<'d>(requests: Vec<Entry<'d>>, limits: &[Entry<'d>]) -> Vec<Entry<'d>> {
    if limits.iter().all(|l| find(&requests, l.name).is_some()) {
        return requests;
    }
    let mut out = requests;
    for l in limits {
        if find(&out, l.name).is_none() {
            out.push(l.clone());
            out.sort_by(|a, b| a.name.cmp(b.name));
        }
    }
    out
}

fn is_hugepages(name: &str) -> bool {
    name.starts_with(HUGEPAGES_PREFIX)
}

/// `IsNativeResource`: unprefixed, or in the `kubernetes.io/` namespace.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `IsOvercommitAllowed`
fn is_overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// `IsExtendedResourceName`
fn is_extended(name: &str) -> bool {
    if is_native(name) || name.starts_with("requests.") {
        return false;
    }
    format::qualified_name(&format!("requests.{name}")).is_empty()
}

/// `IsStandardResourceName`
fn is_standard(name: &str) -> bool {
    matches!(
        name,
        "cpu"
            | "memory"
            | "ephemeral-storage"
            | "requests.cpu"
            | "requests.memory"
            | "requests.ephemeral-storage"
            | "limits.cpu"
            | "limits.memory"
            | "limits.ephemeral-storage"
            | "pods"
            | "resourcequotas"
            | "services"
            | "replicationcontrollers"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "storage"
            | "requests.storage"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || is_hugepages(name)
        || name.starts_with("requests.hugepages-")
}

/// `IsIntegerResourceName`
fn is_integer_resource(name: &str) -> bool {
    matches!(
        name,
        "pods"
            | "resourcequotas"
            | "services"
            | "replicationcontrollers"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || is_extended(name)
}

/// `IsSupportedPodLevelResource`
fn is_pod_level(name: &str) -> bool {
    name == "cpu" || name == "memory" || is_hugepages(name)
}

/// Which name check applies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Container,
    Pod,
}

/// `validateResourceName` messages (qualified name, then standard-or-qualified).
fn resource_name_messages(name: &str) -> (Vec<String>, bool) {
    let msgs = format::qualified_name(name);
    if !msgs.is_empty() {
        return (msgs, false);
    }
    if !name.contains('/') && !is_standard(name) {
        return (
            vec!["must be a standard resource type or fully qualified".to_string()],
            true,
        );
    }
    (Vec::new(), true)
}

fn check_name(ctx: &mut Ctx, level: Level, e: &Entry, path: &Path) {
    let value = ErrValue::Raw(e.name.to_string());
    let (msgs, _) = resource_name_messages(e.name);
    let had_errors = !msgs.is_empty();
    for m in msgs {
        ctx.push(
            &RESOURCE_NAME,
            path,
            e.key_span,
            ErrorType::Invalid,
            value.clone(),
            m,
        );
    }
    match level {
        Level::Container => {
            if !e.name.contains('/') {
                if !(matches!(e.name, "cpu" | "memory" | "ephemeral-storage")
                    || is_hugepages(e.name))
                {
                    ctx.push(
                        &RESOURCE_NAME,
                        path,
                        e.key_span,
                        ErrorType::Invalid,
                        value,
                        "must be a standard resource for containers",
                    );
                }
            } else if !is_native(e.name) && !is_extended(e.name) {
                ctx.push(
                    &RESOURCE_NAME,
                    path,
                    e.key_span,
                    ErrorType::Invalid,
                    value,
                    "doesn't follow extended resource name standard",
                );
            }
        }
        Level::Pod => {
            if !had_errors && !is_pod_level(e.name) {
                ctx.not_supported(
                    &POD_RESOURCE_NAME,
                    path,
                    e.key_span,
                    value,
                    &["cpu", "hugepages-", "memory"],
                );
            }
        }
    }
}

/// `ValidateResourceQuantityValue`
fn check_quantity(ctx: &mut Ctx, e: &Entry, path: &Path) {
    if e.q.is_negative() {
        ctx.invalid(
            &QUANTITY_NEGATIVE,
            path,
            e.value_span,
            e.q.to_string(),
            "must be greater than or equal to 0",
        );
    }
    if is_integer_resource(e.name) && e.q.milli_value() % 1000 != 0 {
        ctx.invalid(
            &QUANTITY_INTEGER,
            path,
            e.value_span,
            ErrValue::Raw(e.q.to_string()),
            "must be an integer",
        );
    }
}

/// `validateResourceQuantityHugePageValue`
fn check_hugepages(ctx: &mut Ctx, e: &Entry, path: &Path) {
    let divisible = quantity::parse(&e.name[HUGEPAGES_PREFIX.len()..]).is_ok_and(|page| {
        page.sign() > 0 && page.milli_value() % 1000 == 0 && {
            let size = page.value();
            size != 0 && e.q.value() % size == 0
        }
    });
    if !divisible {
        let q = e.q.to_string();
        let msg = format!("{q} is not positive integer multiple of {}", e.name);
        ctx.invalid(&HUGEPAGES_MULTIPLE, path, e.value_span, q, msg);
    }
}

/// The context of one `ResourceRequirements` check.
struct Requirements<'a, 'd> {
    level: Level,
    limits: &'a [Entry<'d>],
    requests: &'a [Entry<'d>],
    claims: Option<&'d Node>,
    pod_claims: &'a [&'d str],
}

/// Where requirement errors without an entry of their own point.
struct Anchors {
    /// `<c>.resources` (or `spec.overhead`).
    resources: Span,
    /// `<c>.resources.limits`
    limits: Span,
}

/// `validateResourceRequirements`
fn validate_requirements(ctx: &mut Ctx, req: &Requirements, path: &Path, anchors: &Anchors) {
    let Requirements {
        level,
        limits,
        requests,
        claims,
        pod_claims,
    } = *req;
    let lim_path = path.child("limits");
    let req_path = path.child("requests");
    let mut lim_cpu_mem = false;
    let mut req_cpu_mem = false;
    let mut lim_huge = false;
    let mut req_huge = false;
    for e in limits {
        let p = lim_path.key(e.name);
        check_name(ctx, level, e, &p);
        check_quantity(ctx, e, &p);
        if is_hugepages(e.name) {
            lim_huge = true;
            check_hugepages(ctx, e, &p);
        }
        if e.name == "cpu" || e.name == "memory" {
            lim_cpu_mem = true;
        }
    }
    for e in requests {
        let p = req_path.key(e.name);
        check_name(ctx, level, e, &p);
        check_quantity(ctx, e, &p);
        if let Some(limit) = find(limits, e.name) {
            let ord = e.q.cmp(&limit.q);
            if ord != Ordering::Equal && !is_overcommit_allowed(e.name) {
                let msg = format!("must be equal to {} limit of {}", e.name, limit.q);
                ctx.invalid(
                    &REQUEST_EQUALS_LIMIT,
                    &req_path,
                    e.value_span,
                    e.q.to_string(),
                    msg,
                );
            } else if ord == Ordering::Greater {
                let msg = format!(
                    "must be less than or equal to {} limit of {}",
                    e.name, limit.q
                );
                ctx.invalid(
                    &REQUEST_EXCEEDS_LIMIT,
                    &req_path,
                    e.value_span,
                    e.q.to_string(),
                    msg,
                );
            }
        } else if !is_overcommit_allowed(e.name) {
            let span = if anchors.limits == anchors.resources {
                e.key_span
            } else {
                anchors.limits
            };
            ctx.required_detail(
                &LIMIT_REQUIRED,
                &lim_path,
                span,
                "Limit must be set for non overcommitable resources",
            );
        }
        if is_hugepages(e.name) {
            req_huge = true;
            check_hugepages(ctx, e, &p);
        }
        if e.name == "cpu" || e.name == "memory" {
            req_cpu_mem = true;
        }
    }
    if !lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge) {
        ctx.forbidden(
            &HUGEPAGES_NEED_CPU_OR_MEMORY,
            path,
            anchors.resources,
            "HugePages require cpu or memory",
        );
    }
    if let Some(claims) = claims {
        validate_claim_names(ctx, claims, pod_claims, &path.child("claims"));
    }
}

/// `validateResourceClaimNames`
fn validate_claim_names(ctx: &mut Ctx, claims: &Node, pod_claims: &[&str], path: &Path) {
    use std::collections::{HashMap, HashSet};
    // Sets, not lists: a pod with many claims must not cost a search per claim.
    let known: HashSet<&str> = pod_claims.iter().copied().collect();
    let mut names: HashSet<String> = HashSet::new();
    // How many `name/request` keys each claim name has so far.
    let mut with_request: HashMap<String, usize> = HashMap::new();
    for (i, claim) in claims.items().iter().enumerate() {
        let p = path.index(i);
        let name = claim.str_of("name");
        let request = claim.str_of("request");
        if name.is_empty() {
            ctx.required(&RESOURCE_CLAIM_REFERENCE, &p, claim.at("name"));
            continue;
        }
        if names.contains(name) {
            ctx.duplicate(&RESOURCE_CLAIM_REFERENCE, &p, claim.at("name"), name);
        } else {
            let mut key = name.to_string();
            if !request.is_empty() {
                let rp = p.child("request");
                let value = ErrValue::from(request);
                ctx.invalid_each(
                    &RESOURCE_CLAIM_REFERENCE,
                    &rp,
                    claim.at("request"),
                    &value,
                    format::dns1123_label(request),
                );
                key = format!("{name}/{request}");
            }
            if names.contains(&key) {
                ctx.duplicate(&RESOURCE_CLAIM_REFERENCE, &p, claim.head(), key.as_str());
            } else if request.is_empty() {
                let overlaps = with_request.get(name).copied().unwrap_or(0);
                for _ in 0..overlaps {
                    ctx.duplicate(&RESOURCE_CLAIM_REFERENCE, &p, claim.at("name"), name);
                }
            }
            if !request.is_empty() {
                *with_request.entry(name.to_string()).or_default() += 1;
            }
            names.insert(key);
        }
        if !known.contains(name) {
            let detail = if pod_claims.is_empty() {
                "must be one of the names in pod.spec.resourceClaims which is empty".to_string()
            } else {
                let mut sorted = pod_claims.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                format!(
                    "must be one of the names in pod.spec.resourceClaims: {}",
                    sorted.join(", ")
                )
            };
            ctx.push(
                &RESOURCE_CLAIM_REFERENCE,
                &p,
                claim.at("name"),
                ErrorType::NotFound,
                ErrValue::from(name),
                detail,
            );
        }
    }
}

/// The names of `spec.resourceClaims` (`gatherPodResourceClaimNames`).
fn pod_claim_names(spec: &Node) -> Vec<&str> {
    spec.seq_of("resourceClaims")
        .iter()
        .map(|c| c.str_of("name"))
        .filter(|n| !n.is_empty())
        .collect()
}

/// A container's effective requests and limits after defaulting.
fn container_lists<'d>(scope: &PodScope, resources: &'d Node) -> (Vec<Entry<'d>>, Vec<Entry<'d>>) {
    let limits = read_list(resources.map_of("limits"));
    let mut requests = read_list(resources.map_of("requests"));
    // Pod defaulting fills requests from limits for regular and init containers only.
    let ephemeral = scope.spec.seq_of("ephemeralContainers").iter().any(|c| {
        c.get("resources")
            .is_some_and(|r| std::ptr::eq(r, resources))
    });
    if scope.is_pod && !ephemeral {
        requests = with_defaulted_requests(requests, &limits);
    }
    (limits, requests)
}

/// `<container>.resources` and `<container>.resizePolicy` (`path` is the container's path).
/// Called by the container checks for every container kind, right after `imagePullPolicy`.
pub fn validate_container_resources(
    ctx: &mut Ctx,
    scope: &PodScope,
    container: &Node,
    path: &Path,
) {
    if let Some(resources) = container.map_of("resources") {
        let (limits, requests) = container_lists(scope, resources);
        let claims = resources.get("claims");
        if !limits.is_empty()
            || !requests.is_empty()
            || claims.is_some_and(|c| !c.items().is_empty())
        {
            let pod_claims = pod_claim_names(scope.spec);
            let anchors = Anchors {
                resources: container.key_at("resources"),
                limits: resources.key_at("limits"),
            };
            let anchors = if resources.get("limits").is_none() {
                Anchors {
                    limits: anchors.resources,
                    ..anchors
                }
            } else {
                anchors
            };
            let req = Requirements {
                level: Level::Container,
                limits: &limits,
                requests: &requests,
                claims,
                pod_claims: &pod_claims,
            };
            validate_requirements(ctx, &req, &path.child("resources"), &anchors);
        }
    }
    validate_resize_policy(ctx, scope, container, path);
}

/// `validateResizePolicy`
fn validate_resize_policy(ctx: &mut Ctx, scope: &PodScope, container: &Node, path: &Path) {
    let policies = container.seq_of("resizePolicy");
    if policies.is_empty() {
        return;
    }
    let pod_never = scope.spec.str_of("restartPolicy") == "Never";
    let rp = path.child("resizePolicy");
    let mut seen: Vec<&str> = Vec::with_capacity(policies.len());
    for (i, p) in policies.iter().enumerate() {
        let name = p.str_of("resourceName");
        let policy = p.str_of("restartPolicy");
        if seen.contains(&name) {
            ctx.duplicate(
                &RESIZE_POLICY,
                &rp.index(i),
                p.at("resourceName"),
                ErrValue::Raw(name.to_string()),
            );
        }
        seen.push(name);
        match name {
            "cpu" | "memory" => {}
            "" => ctx.required(&RESIZE_POLICY, &rp, p.at("resourceName")),
            _ => ctx.not_supported(
                &RESIZE_POLICY,
                &rp,
                p.at("resourceName"),
                ErrValue::Raw(name.to_string()),
                &["cpu", "memory"],
            ),
        }
        match policy {
            "NotRequired" | "RestartContainer" => {}
            "" => ctx.required(&RESIZE_POLICY, &rp, p.at("restartPolicy")),
            _ => ctx.not_supported(
                &RESIZE_POLICY,
                &rp,
                p.at("restartPolicy"),
                policy,
                &["NotRequired", "RestartContainer"],
            ),
        }
        if pod_never && policy != "NotRequired" {
            ctx.invalid(
                &RESIZE_POLICY,
                &rp,
                p.at("restartPolicy"),
                policy,
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            );
        }
    }
}

/// Pod-level `spec.resources` and `spec.overhead` (`path` is the pod spec's path).
pub fn validate_pod_resources(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    validate_pod_level_resources(ctx, scope, path);
    validate_overhead(ctx, scope, path);
}

/// Pod-level `spec.resources` only (step 7 of `ValidatePodSpec`, right after the containers).
pub fn validate_pod_level_resources(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    if let Some(resources) = scope.spec.map_of("resources") {
        validate_pod_level(ctx, scope, resources, &path.child("resources"));
    }
}

/// `validateOverhead`: `spec.overhead` is checked as the limits of a container (path
/// `spec.overhead.limits[<name>]`).
pub fn validate_overhead(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let Some(overhead) = scope.spec.map_of("overhead") else {
        return;
    };
    let limits = read_list(Some(overhead));
    if limits.is_empty() {
        return;
    }
    let span = scope.spec.key_at("overhead");
    let anchors = Anchors {
        resources: span,
        limits: span,
    };
    let req = Requirements {
        level: Level::Container,
        limits: &limits,
        requests: &[],
        claims: None,
        pod_claims: &[],
    };
    validate_requirements(ctx, &req, &path.child("overhead"), &anchors);
}

/// A container's requests before and after rounding, with Pod defaulting.
fn effective_requests<'d>(scope: &PodScope, container: &'d Node) -> Vec<Entry<'d>> {
    container
        .map_of("resources")
        .map_or_else(Vec::new, |r| container_lists(scope, r).1)
}

/// A container's limits.
fn container_limits(container: &Node) -> Vec<Entry<'_>> {
    read_list(
        container
            .map_of("resources")
            .and_then(|r| r.map_of("limits")),
    )
}

/// Which container values an aggregate adds up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Requests,
    Limits,
}

/// A resource total being aggregated (raw and rounded in parallel).
#[derive(Clone)]
struct Total<'d> {
    name: &'d str,
    raw: Quantity,
    q: Quantity,
}

fn add_into<'d>(list: &mut Vec<Total<'d>>, entries: impl IntoIterator<Item = Total<'d>>) {
    for t in entries {
        match list.iter_mut().find(|x| x.name == t.name) {
            Some(x) => {
                x.raw = x.raw.add(&t.raw);
                x.q = x.q.add(&t.q);
            }
            None => list.push(t),
        }
    }
}

fn max_into<'d>(list: &mut Vec<Total<'d>>, entries: &[Total<'d>], rounded: bool) {
    for t in entries {
        match list.iter_mut().find(|x| x.name == t.name) {
            Some(x) => {
                let greater = if rounded { t.q > x.q } else { t.raw > x.raw };
                if greater {
                    *x = t.clone();
                }
            }
            None => list.push(t.clone()),
        }
    }
}

/// `AggregateContainerRequests` / `AggregateContainerLimits`: regular and sidecar containers add
/// up; an init container counts with the sidecars started before it; the pod needs the larger of
/// the two. `rounded` selects which values decide the maximum (rounded values are what validation
/// sees).
fn aggregate<'d>(scope: &PodScope<'d>, which: Which, rounded: bool) -> Vec<Total<'d>> {
    let totals = |c: &'d Node| -> Vec<Total<'d>> {
        let entries = match which {
            Which::Requests => effective_requests(scope, c),
            Which::Limits => container_limits(c),
        };
        entries
            .into_iter()
            .map(|e| Total {
                name: e.name,
                raw: e.raw,
                q: e.q,
            })
            .collect()
    };
    let mut result: Vec<Total> = Vec::new();
    for c in scope.spec.seq_of("containers") {
        add_into(&mut result, totals(c));
    }
    let mut sidecars: Vec<Total> = Vec::new();
    let mut init_max: Vec<Total> = Vec::new();
    for c in scope.spec.seq_of("initContainers") {
        let reqs = totals(c);
        let step = if c.str_of("restartPolicy") == "Always" {
            add_into(&mut result, reqs.iter().cloned());
            add_into(&mut sidecars, reqs);
            sidecars.clone()
        } else {
            let mut combined = reqs;
            add_into(&mut combined, sidecars.iter().cloned());
            combined
        };
        max_into(&mut init_max, &step, rounded);
    }
    max_into(&mut result, &init_max, rounded);
    result.sort_by(|a, b| a.name.cmp(b.name));
    result
}

/// Pod defaulting (`PodLevelResourcesFixUpdateDefaulting`, on in 1.36): a supported resource
/// without a pod-level limit gets the containers' aggregate limit when every container limits it.
fn default_pod_limits<'d>(scope: &PodScope<'d>, limits: &mut Vec<Entry<'d>>, head: Span) {
    let containers = scope.spec.seq_of("containers");
    let inits = scope.spec.seq_of("initContainers");
    let all: Vec<Vec<Entry<'d>>> = containers
        .iter()
        .chain(inits)
        .map(container_limits)
        .collect();
    let Some(first) = all.first() else { return };
    let candidates: Vec<&str> = first
        .iter()
        .map(|e| e.name)
        .filter(|n| is_pod_level(n) && find(limits, n).is_none())
        .filter(|n| all.iter().all(|c| find(c, n).is_some()))
        .collect();
    if candidates.is_empty() {
        return;
    }
    for t in aggregate(scope, Which::Limits, false) {
        if candidates.contains(&t.name) {
            let q = t.raw.round_up_milli();
            limits.push(Entry {
                name: t.name,
                raw: t.raw,
                q,
                key_span: head,
                value_span: head,
            });
        }
    }
    limits.sort_by(|a, b| a.name.cmp(b.name));
}

/// `validatePodResources`
fn validate_pod_level(ctx: &mut Ctx, scope: &PodScope, resources: &Node, path: &Path) {
    let mut limits = read_list(resources.map_of("limits"));
    let mut requests = read_list(resources.map_of("requests"));
    let head = scope.spec.key_at("resources");
    if scope.is_pod {
        default_pod_limits(scope, &mut limits, head);
    }
    if scope.is_pod && !limits.is_empty() {
        // defaultPodRequests: from the containers' aggregate, then from the pod-level limits.
        let mut added = false;
        for t in aggregate(scope, Which::Requests, false) {
            if find(&requests, t.name).is_none()
                && is_pod_level(t.name)
                && is_overcommit_allowed(t.name)
            {
                let q = t.raw.round_up_milli();
                requests.push(Entry {
                    name: t.name,
                    raw: t.raw,
                    q,
                    key_span: head,
                    value_span: head,
                });
                added = true;
            }
        }
        for l in &limits {
            if requests.iter().all(|r| r.name != l.name) && is_pod_level(l.name) {
                requests.push(l.clone());
                added = true;
            }
        }
        if added {
            requests.sort_by(|a, b| a.name.cmp(b.name));
        }
    }
    if resources.get("claims").is_some() {
        ctx.forbidden(
            &POD_RESOURCE_NAME,
            &path.child("claims"),
            resources.key_at("claims"),
            "claims cannot be set for Resources at pod-level",
        );
    }
    let pod_claims = pod_claim_names(scope.spec);
    let anchors = Anchors {
        resources: head,
        limits: if resources.get("limits").is_some() {
            resources.key_at("limits")
        } else {
            head
        },
    };
    let req = Requirements {
        level: Level::Pod,
        limits: &limits,
        requests: &requests,
        claims: resources.get("claims"),
        pod_claims: &pod_claims,
    };
    validate_requirements(ctx, &req, path, &anchors);

    // validatePodResourceConsistency
    let req_path = path.child("requests");
    for t in aggregate(scope, Which::Requests, true) {
        if !is_pod_level(t.name) {
            continue;
        }
        let pod_req = find(&requests, t.name);
        let zero = Quantity::zero();
        let pod_q = pod_req.map_or(&zero, |e| &e.q);
        if t.q > *pod_q {
            let span = pod_req.map_or(head, |e| e.value_span);
            let msg = format!(
                "must be greater than or equal to aggregate container requests of {}",
                t.q
            );
            ctx.invalid(
                &POD_REQUESTS_COVER_CONTAINERS,
                &req_path.key(t.name),
                span,
                pod_q.to_string(),
                msg,
            );
        }
    }
    let containers_path = path.child("containers");
    for (i, c) in scope.spec.seq_of("containers").iter().enumerate() {
        let Some(cres) = c.map_of("resources") else {
            continue;
        };
        let idx = containers_path.index(i);
        for e in read_list(cres.map_of("limits")) {
            let Some(pod_limit) = find(&limits, e.name) else {
                continue;
            };
            if e.q > pod_limit.q {
                let key = idx.key(e.name);
                let msg = format!(
                    "must be less than or equal to pod limits of {}",
                    pod_limit.q
                );
                ctx.invalid(
                    &POD_LIMITS_COVER_CONTAINERS,
                    &key.child("limits"),
                    e.value_span,
                    e.q.to_string(),
                    msg,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze;
    use crate::validate::{FieldError, Options};

    /// Runs the container resource checks (which the container checks call) and the pod-level
    /// checks on the first document, returning the server's messages.
    fn errors(yaml: &str) -> Vec<String> {
        let a = analyze(yaml, &Options::default());
        let doc = &a.documents[0];
        assert!(doc.strict_errors.is_empty(), "{:?}", doc.strict_errors);
        let root = doc.root.as_ref().expect("parsed");
        let options = Options::default();
        let mut ctx = Ctx::new(&options);
        let is_pod = doc.kind == "Pod";
        let spec_root = Path::ROOT.child("spec");
        let template = spec_root.child("template");
        let template_spec = template.child("spec");
        let (spec, meta, path) = if is_pod {
            (
                root.map_of("spec").expect("spec"),
                root.map_of("metadata").expect("metadata"),
                &spec_root,
            )
        } else {
            let t = root
                .map_of("spec")
                .and_then(|s| s.map_of("template"))
                .expect("template");
            (
                t.map_of("spec").expect("spec"),
                t.map_of("metadata")
                    .unwrap_or(&crate::validate::pod::EMPTY_MAP),
                &template_spec,
            )
        };
        let scope = PodScope {
            spec,
            meta,
            is_pod,
            spec_span: Span::EMPTY,
        };
        for kind in ["initContainers", "containers"] {
            let list = path.child(kind);
            for (i, c) in spec.seq_of(kind).iter().enumerate() {
                validate_container_resources(&mut ctx, &scope, c, &list.index(i));
            }
        }
        validate_pod_resources(&mut ctx, &scope, path);
        ctx.errors.iter().map(FieldError::message).collect()
    }

    fn pod(containers: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n{containers}")
    }

    fn one(resources: &str) -> String {
        pod(&format!(
            "  containers:\n  - name: app\n    image: nginx\n    resources:\n{resources}"
        ))
    }

    #[test]
    fn request_above_limit() {
        let e = errors(&one(
            "      limits:\n        cpu: 1\n      requests:\n        cpu: 2\n",
        ));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"
            ]
        );
    }

    #[test]
    fn negative_and_integer() {
        let e = errors(&one("      requests:\n        cpu: \"-1\"\n"));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"
            ]
        );
        let e = errors(&one("      limits:\n        nvidia.com/gpu: 500m\n"));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: 500m: must be an integer",
                "spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: 500m: must be an integer",
            ]
        );
    }

    #[test]
    fn templates_do_not_default_requests() {
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx\n        resources:\n          requests:\n            nvidia.com/gpu: 1\n";
        let e = errors(yaml);
        assert_eq!(
            e,
            vec![
                "spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"
            ]
        );
    }

    #[test]
    fn resource_names() {
        let e = errors(&one(
            "      limits:\n        gpu: 1\n        storage: 1Gi\n        requests.example.com/gpu: 1\n",
        ));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.limits[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified",
                "spec.containers[0].resources.limits[gpu]: Invalid value: gpu: must be a standard resource for containers",
                "spec.containers[0].resources.limits[requests.example.com/gpu]: Invalid value: requests.example.com/gpu: doesn't follow extended resource name standard",
                "spec.containers[0].resources.limits[storage]: Invalid value: storage: must be a standard resource for containers",
                "spec.containers[0].resources.requests[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified",
                "spec.containers[0].resources.requests[gpu]: Invalid value: gpu: must be a standard resource for containers",
                "spec.containers[0].resources.requests[requests.example.com/gpu]: Invalid value: requests.example.com/gpu: doesn't follow extended resource name standard",
                "spec.containers[0].resources.requests[storage]: Invalid value: storage: must be a standard resource for containers",
            ]
        );
    }

    #[test]
    fn hugepages() {
        let e = errors(&one("      limits:\n        hugepages-2Mi: 3Mi\n"));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi",
                "spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi",
                "spec.containers[0].resources: Forbidden: HugePages require cpu or memory",
            ]
        );
        let e = errors(&one(
            "      limits:\n        hugepages-2Mi: 4Mi\n        memory: 1Gi\n      requests:\n        hugepages-2Mi: 2Mi\n",
        ));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.requests: Invalid value: \"2Mi\": must be equal to hugepages-2Mi limit of 4Mi"
            ]
        );
    }

    #[test]
    fn valid_resources_and_rounding() {
        assert!(errors(&one("      limits:\n        cpu: 500m\n        memory: 128Mi\n      requests:\n        cpu: 0.25\n        memory: 64Mi\n")).is_empty());
        let e = errors(&one(
            "      limits:\n        cpu: 0.0001\n      requests:\n        cpu: 0.0011\n",
        ));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.requests: Invalid value: \"2m\": must be less than or equal to cpu limit of 1m"
            ]
        );
    }

    #[test]
    fn claims() {
        let e = errors(&one(
            "      claims:\n      - name: gpu\n      - name: gpu\n      - name: \"\"\n",
        ));
        assert_eq!(
            e,
            vec![
                "spec.containers[0].resources.claims[0]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims which is empty",
                "spec.containers[0].resources.claims[1]: Duplicate value: \"gpu\"",
                "spec.containers[0].resources.claims[1]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims which is empty",
                "spec.containers[0].resources.claims[2]: Required value",
            ]
        );
    }

    #[test]
    fn resize_policy() {
        let yaml = pod(
            "  restartPolicy: Never\n  containers:\n  - name: app\n    image: nginx\n    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: RestartContainer\n    - resourceName: cpu\n      restartPolicy: Sometimes\n    - resourceName: gpu\n      restartPolicy: NotRequired\n",
        );
        assert_eq!(
            errors(&yaml),
            vec![
                "spec.containers[0].resizePolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'",
                "spec.containers[0].resizePolicy[1]: Duplicate value: cpu",
                "spec.containers[0].resizePolicy: Unsupported value: \"Sometimes\": supported values: \"NotRequired\", \"RestartContainer\"",
                "spec.containers[0].resizePolicy: Invalid value: \"Sometimes\": must be 'NotRequired' when `restartPolicy` is 'Never'",
                "spec.containers[0].resizePolicy: Unsupported value: gpu: supported values: \"cpu\", \"memory\"",
            ]
        );
    }

    #[test]
    fn pod_level_resources() {
        let yaml = pod(
            "  resources:\n    limits:\n      cpu: 1\n      nvidia.com/gpu: 1\n    requests:\n      cpu: 500m\n  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests:\n        cpu: 800m\n      limits:\n        cpu: 2\n",
        );
        assert_eq!(
            errors(&yaml),
            vec![
                "spec.resources.limits[nvidia.com/gpu]: Unsupported value: nvidia.com/gpu: supported values: \"cpu\", \"hugepages-\", \"memory\"",
                "spec.resources.requests[cpu]: Invalid value: \"500m\": must be greater than or equal to aggregate container requests of 800m",
                "spec.resources.containers[0][cpu].limits: Invalid value: \"2\": must be less than or equal to pod limits of 1",
            ]
        );
        // Pods default missing pod-level limits from the containers' limits (1.36).
        let yaml = pod(
            "  resources:\n    requests:\n      cpu: 3\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      limits:\n        cpu: 1\n  - name: b\n    image: nginx\n    resources:\n      limits:\n        cpu: 1500m\n",
        );
        assert_eq!(
            errors(&yaml),
            vec![
                "spec.resources.requests: Invalid value: \"3\": must be less than or equal to cpu limit of 2500m"
            ]
        );
        // Pods default missing pod-level requests from the containers' aggregate.
        let ok = pod(
            "  resources:\n    limits:\n      cpu: 2\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests:\n        cpu: 500m\n  - name: b\n    image: nginx\n    resources:\n      requests:\n        cpu: 700m\n",
        );
        assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
    }

    #[test]
    fn overhead() {
        let yaml = pod(
            "  overhead:\n    cpu: \"-1\"\n    gpu: 1\n  containers:\n  - name: app\n    image: nginx\n",
        );
        assert_eq!(
            errors(&yaml),
            vec![
                "spec.overhead.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0",
                "spec.overhead.limits[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified",
                "spec.overhead.limits[gpu]: Invalid value: gpu: must be a standard resource for containers",
            ]
        );
    }
}
