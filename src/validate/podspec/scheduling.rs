//! Scheduling fields: affinity, readiness and scheduling gates, topology spread constraints and
//! tolerations (`validateAffinity`, `validateReadinessGates`, `validateSchedulingGates`,
//! `validateTopologySpreadConstraints`, `ValidateTolerations`; spec §10).
//!
//! # Node affinity (`spec.affinity.nodeAffinity`)
//! - `PS2020` node-affinity-terms — a `requiredDuringSchedulingIgnoredDuringExecution` needs
//!   terms: `….nodeSelectorTerms: Required value: must have at least one node selector term`.
//! - `PS2021` node-selector-requirement — in each term's `matchExpressions[j]`: `In`/`NotIn` need
//!   values (`….values: Required value: must be specified when `operator` is 'In' or 'NotIn'`),
//!   `Exists`/`DoesNotExist` take none (`Forbidden: may not be specified when `operator` is
//!   'Exists' or 'DoesNotExist'`), `Gt`/`Lt` take exactly one (`Required value: must be specified
//!   single value when `operator` is 'Lt' or 'Gt'`), other operators are `….operator: Invalid
//!   value: "in": not a valid selector operator`; the key must be a qualified name; in required
//!   terms each value must be a label value (`….values[0]: Invalid value: …`).
//! - `PS2022` node-field-selector-requirement — `matchFields[j]` only allow `In`/`NotIn` with
//!   exactly one value (`Required value: must be only one value when `operator` is 'In' or
//!   'NotIn' for node field selector`), the key `metadata.name` (`….key: Invalid value: "name":
//!   not a valid field selector key`), and values that are DNS subdomains.
//! - `PS2023` affinity-weight — preferred terms: `….preferredDuringSchedulingIgnoredDuringExecution[0].weight:
//!   Invalid value: 0: must be in the range 1-100` (node, pod and anti affinity).
//!
//! # Pod (anti-)affinity terms
//! - `labelSelector` and `namespaceSelector` are label selectors (see `podspec/selector.rs`).
//! - `PS2024` pod-affinity-namespaces — each `namespaces` entry must be a DNS-1123 label,
//!   reported at `<term>.namespace` (sic: singular, no index).
//! - `matchLabelKeys` / `mismatchLabelKeys`: see `podspec/selector.rs`.
//! - `PS2025` pod-affinity-topology-key — `<term>.topologyKey: Required value: can not be empty`
//!   (plus the qualified-name messages for `""`), or the qualified-name messages.
//!
//! # Gates
//! - `PS2036` readiness-gate — `spec.readinessGates[0].conditionType` must be a qualified name.
//! - `PS2037` scheduling-gate — `spec.schedulingGates[0]` (sic: no `.name`) must be a unique
//!   qualified name: `Invalid value: …` / `Duplicate value: "example.com/gate"`.
//!
//! # Topology spread constraints (`spec.topologySpreadConstraints[i]`)
//! - `PS2040` topology-spread-max-skew — `….maxSkew: Invalid value: 0: must be greater than zero`.
//! - `PS2041` topology-spread-topology-key — `….topologyKey: Required value: can not be empty`.
//! - `PS2042` topology-spread-when-unsatisfiable — `….whenUnsatisfiable: Unsupported value:
//!   "DoNotSCHEDULE": supported values: "DoNotSchedule", "ScheduleAnyway"`.
//! - `PS2043` topology-spread-duplicate — on the first of two constraints with the same pair:
//!   `spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value:
//!   "{zone, DoNotSchedule}"`.
//! - `PS2044` topology-spread-min-domains — `….minDomains: Invalid value: 0: must be greater than
//!   zero`; `….minDomains: Invalid value: 2: can only use minDomains if
//!   whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`.
//! - `PS2045` topology-spread-node-policy — `nodeAffinityPolicy` / `nodeTaintsPolicy`:
//!   `Unsupported value: "honor": supported values: "Honor", "Ignore"`.
//! - `matchLabelKeys` (with the selector merge of Pods) and `labelSelector`: see
//!   `podspec/selector.rs`.
//!
//! # Tolerations (`spec.tolerations[i]`)
//! - `PS2061` toleration-key — a non-empty `key` must be a qualified name.
//! - `PS2062` toleration-empty-key — `….operator: Invalid value: "Equal": operator must be Exists
//!   when `key` is empty, which means "match all values and all keys"`.
//! - `PS2063` toleration-seconds-effect — `….effect: Invalid value: "NoSchedule": effect must be
//!   'NoExecute' when `tolerationSeconds` is set`.
//! - `PS2064` toleration-value — with `Equal` (or no operator) the value must be a label value,
//!   all messages joined with `;` in one error; with `Exists` it must be empty (`value must be
//!   empty when `operator` is 'Exists'`). Both are reported at `….operator` (sic).
//! - `PS2065` toleration-operator — `….operator: Unsupported value: "equal": supported values:
//!   "Equal", "Exists"`; `Lt`/`Gt` need the alpha TaintTolerationComparisonOperators gate:
//!   `Unsupported value: "Gt": supported values: "Equal", "Exists", "Lt", "Gt"`.
//! - `PS2066` toleration-effect — `….effect: Unsupported value: "NoExec": supported values:
//!   "NoSchedule", "PreferNoSchedule", "NoExecute"`.

use super::invalid_str;
use super::selector::{
    MergedRequirement, SelectorOptions, merged_requirements, validate_match_label_keys,
    validate_selector_with,
};
use crate::rule;
use crate::validate::pod::{EMPTY_MAP, PodScope};
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::Node;

rule!(
    /// **What it does** Reports a `requiredDuringSchedulingIgnoredDuringExecution` node affinity with
    /// no `nodeSelectorTerms`.
    ///
    /// **Why it matters** A required node selector with no terms would match no node; the API server
    /// rejects it (`must have at least one node selector term`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// affinity:
    ///   nodeAffinity:
    ///     requiredDuringSchedulingIgnoredDuringExecution:
    ///       nodeSelectorTerms: []
    /// ```
    ///
    /// ```yaml
    /// affinity:
    ///   nodeAffinity:
    ///     requiredDuringSchedulingIgnoredDuringExecution:
    ///       nodeSelectorTerms:
    ///       - matchExpressions:
    ///         - {key: kubernetes.io/arch, operator: In, values: [arm64]}
    /// ```
    ///
    /// **Fix** Add a term, or remove the required affinity.
    ///
    /// **Kubernetes source** `ValidateNodeSelector` (via `validateNodeAffinity`) in
    /// `pkg/apis/core/validation/validation.go`.
    NODE_AFFINITY_TERMS,
    "PS2020",
    "node-affinity-terms",
    Error,
    "required node affinity needs at least one node selector term"
);
rule!(
    /// **What it does** Checks node-affinity `matchExpressions`: `In`/`NotIn` need values,
    /// `Exists`/`DoesNotExist` take none, `Gt`/`Lt` take exactly one; the key is a qualified name and,
    /// in required terms, values are label values.
    ///
    /// **Why it matters** The API server rejects a malformed requirement; `Gt` with two values or
    /// `Exists` with values are the usual mistakes.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// matchExpressions:
    /// - {key: node.kubernetes.io/instance-type, operator: Exists, values: [m5.large]}
    /// ```
    ///
    /// ```yaml
    /// matchExpressions:
    /// - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}
    /// ```
    ///
    /// **Fix** Match the values to the operator.
    ///
    /// **Kubernetes source** `ValidateNodeSelectorRequirement` in `pkg/apis/core/validation/validation.go`.
    NODE_SELECTOR_REQUIREMENT,
    "PS2021",
    "node-selector-requirement",
    Error,
    "node selector expressions need a valid key, a known operator and matching values"
);
rule!(
    /// **What it does** Checks node-affinity `matchFields`: only the key `metadata.name`, operator `In`
    /// or `NotIn`, and exactly one value that is a DNS subdomain.
    ///
    /// **Why it matters** Node fields other than the name cannot be selected; the API server rejects
    /// anything else.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// matchFields:
    /// - {key: name, operator: In, values: [worker-1, worker-2]}
    /// ```
    ///
    /// ```yaml
    /// matchFields:
    /// - {key: metadata.name, operator: In, values: [worker-1]}
    /// ```
    ///
    /// **Fix** Use `metadata.name` with one node per term (add terms for more nodes).
    ///
    /// **Kubernetes source** `ValidateNodeFieldSelectorRequirement` in
    /// `pkg/apis/core/validation/validation.go`.
    NODE_FIELD_SELECTOR_REQUIREMENT,
    "PS2022",
    "node-field-selector-requirement",
    Error,
    "node field selectors match metadata.name with In or NotIn and a single node name"
);
rule!(
    /// **What it does** Checks each preferred node, pod or anti-affinity term has a `weight` from 1 to
    /// 100.
    ///
    /// **Why it matters** The scheduler adds the weights of matching preferences; zero or over 100 is
    /// rejected (`must be in the range 1-100`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// preferredDuringSchedulingIgnoredDuringExecution:
    /// - weight: 0
    ///   preference:
    ///     matchExpressions: [{key: disk, operator: In, values: [ssd]}]
    /// ```
    ///
    /// ```yaml
    /// preferredDuringSchedulingIgnoredDuringExecution:
    /// - weight: 50
    ///   preference:
    ///     matchExpressions: [{key: disk, operator: In, values: [ssd]}]
    /// ```
    ///
    /// **Fix** Give a weight between 1 and 100.
    ///
    /// **Kubernetes source** `validatePreferredSchedulingTerms` and `validateWeightedPodAffinityTerms`
    /// in `pkg/apis/core/validation/validation.go`.
    AFFINITY_WEIGHT,
    "PS2023",
    "affinity-weight",
    Error,
    "preferred affinity terms need a weight between 1 and 100"
);
rule!(
    /// **What it does** Checks each entry of a pod (anti-)affinity term's `namespaces` is a DNS-1123
    /// label.
    ///
    /// **Why it matters** These are namespace names; a malformed one is rejected (and could never
    /// match).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// podAffinityTerm:
    ///   namespaces: [Team_A]
    ///   topologyKey: kubernetes.io/hostname
    /// ```
    ///
    /// ```yaml
    /// podAffinityTerm:
    ///   namespaces: [team-a]
    ///   topologyKey: kubernetes.io/hostname
    /// ```
    ///
    /// **Fix** Use real namespace names, or a `namespaceSelector`.
    ///
    /// **Kubernetes source** `validatePodAffinityTerm` in `pkg/apis/core/validation/validation.go`.
    POD_AFFINITY_NAMESPACES,
    "PS2024",
    "pod-affinity-namespaces",
    Error,
    "pod affinity term namespaces must be DNS-1123 labels"
);
rule!(
    /// **What it does** Checks a pod (anti-)affinity term has a `topologyKey` that is a qualified name.
    ///
    /// **Why it matters** The key says which nodes count as "together" (same host, same zone); without
    /// it the term means nothing, and the API server rejects it (`can not be empty`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// podAntiAffinity:
    ///   requiredDuringSchedulingIgnoredDuringExecution:
    ///   - labelSelector: {matchLabels: {app: web}}
    /// ```
    ///
    /// ```yaml
    /// podAntiAffinity:
    ///   requiredDuringSchedulingIgnoredDuringExecution:
    ///   - labelSelector: {matchLabels: {app: web}}
    ///     topologyKey: kubernetes.io/hostname
    /// ```
    ///
    /// **Fix** Add a node label key such as `kubernetes.io/hostname` or `topology.kubernetes.io/zone`.
    ///
    /// **Kubernetes source** `validatePodAffinityTerm` in `pkg/apis/core/validation/validation.go`.
    POD_AFFINITY_TOPOLOGY_KEY,
    "PS2025",
    "pod-affinity-topology-key",
    Error,
    "pod affinity terms need a topologyKey that is a qualified name"
);
rule!(
    /// **What it does** Checks each `spec.readinessGates[i].conditionType` is a qualified name.
    ///
    /// **Why it matters** The gate names a pod condition a controller sets; a malformed type is
    /// rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// readinessGates:
    /// - conditionType: "lb ready"
    /// ```
    ///
    /// ```yaml
    /// readinessGates:
    /// - conditionType: target-health.elbv2.k8s.aws/web
    /// ```
    ///
    /// **Fix** Use the condition type the controller documents.
    ///
    /// **Kubernetes source** `validateReadinessGates` in `pkg/apis/core/validation/validation.go`.
    READINESS_GATE,
    "PS2036",
    "readiness-gate",
    Error,
    "readiness gate condition types must be qualified names"
);
rule!(
    /// **What it does** Checks each `spec.schedulingGates` name is a qualified name and unique.
    ///
    /// **Why it matters** Controllers remove gates by name before the pod is scheduled; the API server
    /// rejects malformed and repeated names.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// schedulingGates:
    /// - name: example.com/quota
    /// - name: example.com/quota
    /// ```
    ///
    /// ```yaml
    /// schedulingGates:
    /// - name: example.com/quota
    /// - name: example.com/approval
    /// ```
    ///
    /// **Fix** Give each gate one distinct, well-formed name.
    ///
    /// **Kubernetes source** `validateSchedulingGates` in `pkg/apis/core/validation/validation.go`.
    SCHEDULING_GATE,
    "PS2037",
    "scheduling-gate",
    Error,
    "scheduling gate names must be unique qualified names"
);
rule!(
    /// **What it does** Checks a topology spread constraint's `maxSkew` is greater than zero.
    ///
    /// **Why it matters** Zero skew cannot be satisfied; the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// topologySpreadConstraints:
    /// - maxSkew: 0
    ///   topologyKey: topology.kubernetes.io/zone
    ///   whenUnsatisfiable: DoNotSchedule
    /// ```
    ///
    /// ```yaml
    /// topologySpreadConstraints:
    /// - maxSkew: 1
    ///   topologyKey: topology.kubernetes.io/zone
    ///   whenUnsatisfiable: DoNotSchedule
    /// ```
    ///
    /// **Fix** Use 1 for the most even spread.
    ///
    /// **Kubernetes source** `validateTopologySpreadConstraints` in
    /// `pkg/apis/core/validation/validation.go`.
    SPREAD_MAX_SKEW,
    "PS2040",
    "topology-spread-max-skew",
    Error,
    "topology spread maxSkew must be greater than zero"
);
rule!(
    /// **What it does** Checks a topology spread constraint has a non-empty `topologyKey` that is a
    /// qualified name.
    ///
    /// **Why it matters** The key is the node label that defines the domains to spread over; without it
    /// the API server rejects the constraint.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   whenUnsatisfiable: ScheduleAnyway
    /// ```
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: kubernetes.io/hostname
    ///   whenUnsatisfiable: ScheduleAnyway
    /// ```
    ///
    /// **Fix** Add the node label key to spread over.
    ///
    /// **Kubernetes source** `validateTopologySpreadConstraints` in
    /// `pkg/apis/core/validation/validation.go`.
    SPREAD_TOPOLOGY_KEY,
    "PS2041",
    "topology-spread-topology-key",
    Error,
    "topology spread constraints need a topologyKey"
);
rule!(
    /// **What it does** Checks `whenUnsatisfiable` is `DoNotSchedule` or `ScheduleAnyway`.
    ///
    /// **Why it matters** Other spellings are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: kubernetes.io/hostname
    ///   whenUnsatisfiable: DoNotSCHEDULE
    /// ```
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: kubernetes.io/hostname
    ///   whenUnsatisfiable: DoNotSchedule
    /// ```
    ///
    /// **Fix** Use one of the two values exactly.
    ///
    /// **Kubernetes source** `validateTopologySpreadConstraints` (`supportedScheduleActions`) in
    /// `pkg/apis/core/validation/validation.go`.
    SPREAD_WHEN_UNSATISFIABLE,
    "PS2042",
    "topology-spread-when-unsatisfiable",
    Error,
    "whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway"
);
rule!(
    /// **What it does** Reports two topology spread constraints with the same `topologyKey` and
    /// `whenUnsatisfiable`.
    ///
    /// **Why it matters** The scheduler keys constraints by that pair; the API server rejects the
    /// duplicate.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
    /// - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
    /// ```
    ///
    /// ```yaml
    /// - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
    /// - {maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}
    /// ```
    ///
    /// **Fix** Merge the two constraints, or spread over different keys.
    ///
    /// **Kubernetes source** `ValidateSpreadConstraintNotRepeat` (via
    /// `validateTopologySpreadConstraints`) in `pkg/apis/core/validation/validation.go`.
    SPREAD_DUPLICATE,
    "PS2043",
    "topology-spread-duplicate",
    Error,
    "no two topology spread constraints may share topologyKey and whenUnsatisfiable"
);
rule!(
    /// **What it does** Checks `minDomains` is greater than zero and used only with
    /// `whenUnsatisfiable: DoNotSchedule`.
    ///
    /// **Why it matters** `minDomains` only changes how skew is counted for hard constraints; the API
    /// server rejects it elsewhere.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: zone
    ///   whenUnsatisfiable: ScheduleAnyway
    ///   minDomains: 3
    /// ```
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: zone
    ///   whenUnsatisfiable: DoNotSchedule
    ///   minDomains: 3
    /// ```
    ///
    /// **Fix** Make the constraint `DoNotSchedule`, or drop `minDomains`.
    ///
    /// **Kubernetes source** `validateMinDomains` (via `validateTopologySpreadConstraints`) in
    /// `pkg/apis/core/validation/validation.go`.
    SPREAD_MIN_DOMAINS,
    "PS2044",
    "topology-spread-min-domains",
    Error,
    "minDomains must be greater than zero and only used with whenUnsatisfiable DoNotSchedule"
);
rule!(
    /// **What it does** Checks `nodeAffinityPolicy` and `nodeTaintsPolicy` are `Honor` or `Ignore`.
    ///
    /// **Why it matters** Other spellings are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: zone
    ///   whenUnsatisfiable: DoNotSchedule
    ///   nodeTaintsPolicy: honor
    /// ```
    ///
    /// ```yaml
    /// - maxSkew: 1
    ///   topologyKey: zone
    ///   whenUnsatisfiable: DoNotSchedule
    ///   nodeTaintsPolicy: Honor
    /// ```
    ///
    /// **Fix** Capitalise the value.
    ///
    /// **Kubernetes source** `validateNodeInclusionPolicy` (via `validateTopologySpreadConstraints`) in
    /// `pkg/apis/core/validation/validation.go`.
    SPREAD_NODE_POLICY,
    "PS2045",
    "topology-spread-node-policy",
    Error,
    "nodeAffinityPolicy and nodeTaintsPolicy must be Honor or Ignore"
);
rule!(
    /// **What it does** Checks a non-empty toleration `key` is a qualified name.
    ///
    /// **Why it matters** Taint keys are qualified names; a key with spaces or several `/` can match
    /// no taint and is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// tolerations:
    /// - {key: "dedicated node", operator: Exists}
    /// ```
    ///
    /// ```yaml
    /// tolerations:
    /// - {key: dedicated, operator: Exists}
    /// ```
    ///
    /// **Fix** Use the taint's key as `kubectl describe node` shows it.
    ///
    /// **Kubernetes source** `ValidateTolerations` in `pkg/apis/core/validation/validation.go`.
    TOLERATION_KEY,
    "PS2061",
    "toleration-key",
    Error,
    "a toleration key must be a qualified name"
);
rule!(
    /// **What it does** Reports a toleration with an empty `key` whose operator is not `Exists`.
    ///
    /// **Why it matters** An empty key means "every taint", which only makes sense with `Exists`; the
    /// API server rejects `Equal`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// tolerations:
    /// - {operator: Equal, value: gpu}
    /// ```
    ///
    /// ```yaml
    /// tolerations:
    /// - {key: dedicated, operator: Equal, value: gpu}
    /// ```
    ///
    /// **Fix** Name the taint key, or use `operator: Exists` to tolerate everything.
    ///
    /// **Kubernetes source** `ValidateTolerations` in `pkg/apis/core/validation/validation.go`.
    TOLERATION_EMPTY_KEY,
    "PS2062",
    "toleration-empty-key",
    Error,
    "a toleration without a key must use operator Exists"
);
rule!(
    /// **What it does** Reports `tolerationSeconds` on a toleration whose `effect` is not `NoExecute`.
    ///
    /// **Why it matters** Only NoExecute taints evict running pods, so the delay only means something
    /// there; the API server rejects it elsewhere.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoSchedule, tolerationSeconds: 60}
    /// ```
    ///
    /// ```yaml
    /// - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
    /// ```
    ///
    /// **Fix** Use `effect: NoExecute`, or drop `tolerationSeconds`.
    ///
    /// **Kubernetes source** `ValidateTolerations` in `pkg/apis/core/validation/validation.go`.
    TOLERATION_SECONDS_EFFECT,
    "PS2063",
    "toleration-seconds-effect",
    Error,
    "tolerationSeconds needs effect NoExecute"
);
rule!(
    /// **What it does** Checks a toleration's `value`: a label value with `Equal` (or no operator),
    /// and empty with `Exists`.
    ///
    /// **Why it matters** `Exists` ignores values, so one given there is a mistake; a malformed value
    /// can match no taint. The API server rejects both.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - {key: dedicated, operator: Exists, value: gpu}
    /// ```
    ///
    /// ```yaml
    /// - {key: dedicated, operator: Equal, value: gpu}
    /// ```
    ///
    /// **Fix** Use `Equal` with a value, or `Exists` without one.
    ///
    /// **Kubernetes source** `ValidateTolerations` in `pkg/apis/core/validation/validation.go`.
    TOLERATION_VALUE,
    "PS2064",
    "toleration-value",
    Error,
    "a toleration value must be a label value with Equal, and empty with Exists"
);
rule!(
    /// **What it does** Checks a toleration's `operator` is `Equal` or `Exists` (`Lt`/`Gt` only with
    /// an alpha feature gate).
    ///
    /// **Why it matters** Lower-case or other operators are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - {key: dedicated, operator: equal, value: gpu}
    /// ```
    ///
    /// ```yaml
    /// - {key: dedicated, operator: Equal, value: gpu}
    /// ```
    ///
    /// **Fix** Capitalise the operator.
    ///
    /// **Kubernetes source** `ValidateTolerations` in `pkg/apis/core/validation/validation.go`.
    TOLERATION_OPERATOR,
    "PS2065",
    "toleration-operator",
    Error,
    "a toleration operator must be Equal or Exists"
);
rule!(
    /// **What it does** Checks a toleration's `effect` is `NoSchedule`, `PreferNoSchedule` or
    /// `NoExecute` (or empty, meaning all).
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - {key: dedicated, operator: Exists, effect: NoExec}
    /// ```
    ///
    /// ```yaml
    /// - {key: dedicated, operator: Exists, effect: NoExecute}
    /// ```
    ///
    /// **Fix** Use one of the three effects exactly, or leave it empty.
    ///
    /// **Kubernetes source** `ValidateTolerations` (`validateTaintEffect`) in
    /// `pkg/apis/core/validation/validation.go`.
    TOLERATION_EFFECT,
    "PS2066",
    "toleration-effect",
    Error,
    "a toleration effect must be NoSchedule, PreferNoSchedule or NoExecute"
);

const REQUIRED: &str = "requiredDuringSchedulingIgnoredDuringExecution";
const PREFERRED: &str = "preferredDuringSchedulingIgnoredDuringExecution";

/// `validateAffinity`
pub(super) fn validate_affinity(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let Some(affinity) = scope.spec.map_of("affinity") else {
        return;
    };
    let at = path.child("affinity");
    if let Some(node) = affinity.map_of("nodeAffinity") {
        validate_node_affinity(ctx, node, &at.child("nodeAffinity"));
    }
    for field in ["podAffinity", "podAntiAffinity"] {
        if let Some(pod) = affinity.map_of(field) {
            validate_pod_affinity(ctx, scope, pod, &at.child(field));
        }
    }
}

/// `validateNodeAffinity`
fn validate_node_affinity(ctx: &mut Ctx, affinity: &Node, path: &Path) {
    if let Some(required) = affinity.map_of(REQUIRED) {
        let terms_path = path.child(REQUIRED);
        let terms_path = terms_path.child("nodeSelectorTerms");
        let terms = required.seq_of("nodeSelectorTerms");
        if terms.is_empty() {
            ctx.required_detail(
                &NODE_AFFINITY_TERMS,
                &terms_path,
                required.at("nodeSelectorTerms"),
                "must have at least one node selector term",
            );
        }
        for (i, term) in terms.iter().enumerate() {
            validate_node_selector_term(ctx, term, true, &terms_path.index(i));
        }
    }
    let preferred_path = path.child(PREFERRED);
    for (i, term) in affinity.seq_of(PREFERRED).iter().enumerate() {
        let at = preferred_path.index(i);
        check_weight(ctx, term, &at);
        // Invalid label values are always allowed in preferred terms.
        let preference = term.map_of("preference").unwrap_or(&EMPTY_MAP);
        validate_node_selector_term(ctx, preference, false, &at.child("preference"));
    }
}

fn check_weight(ctx: &mut Ctx, term: &Node, path: &Path) {
    let weight = term.i64_of("weight").unwrap_or(0);
    if !(1..=100).contains(&weight) {
        ctx.invalid(
            &AFFINITY_WEIGHT,
            &path.child("weight"),
            term.at("weight"),
            weight,
            "must be in the range 1-100",
        );
    }
}

/// `ValidateNodeSelectorTerm`
fn validate_node_selector_term(ctx: &mut Ctx, term: &Node, check_values: bool, path: &Path) {
    let exprs = path.child("matchExpressions");
    for (j, req) in term.seq_of("matchExpressions").iter().enumerate() {
        validate_node_selector_requirement(ctx, req, check_values, &exprs.index(j));
    }
    let fields = path.child("matchFields");
    for (j, req) in term.seq_of("matchFields").iter().enumerate() {
        validate_node_field_requirement(ctx, req, &fields.index(j));
    }
}

/// `ValidateNodeSelectorRequirement`
fn validate_node_selector_requirement(ctx: &mut Ctx, req: &Node, check_values: bool, path: &Path) {
    let operator = req.str_of("operator");
    let values = req.seq_of("values");
    let values_path = path.child("values");
    let rule = &NODE_SELECTOR_REQUIREMENT;
    match operator {
        "In" | "NotIn" => {
            if values.is_empty() {
                ctx.required_detail(
                    rule,
                    &values_path,
                    req.at("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                ctx.forbidden(
                    rule,
                    &values_path,
                    req.key_at("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                );
            }
        }
        "Gt" | "Lt" => {
            if values.len() != 1 {
                ctx.required_detail(
                    rule,
                    &values_path,
                    req.at("values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                );
            }
        }
        _ => ctx.invalid(
            rule,
            &path.child("operator"),
            req.at("operator"),
            operator,
            "not a valid selector operator",
        ),
    }
    let key = req.str_of("key");
    invalid_str(
        ctx,
        rule,
        &path.child("key"),
        req.at("key"),
        key,
        format::qualified_name(key),
    );
    if check_values {
        for (i, value) in values.iter().enumerate() {
            let v = value.as_str().unwrap_or("");
            invalid_str(
                ctx,
                rule,
                &values_path.index(i),
                value.span,
                v,
                format::label_value(v),
            );
        }
    }
}

/// `ValidateNodeFieldSelectorRequirement`
fn validate_node_field_requirement(ctx: &mut Ctx, req: &Node, path: &Path) {
    let rule = &NODE_FIELD_SELECTOR_REQUIREMENT;
    let operator = req.str_of("operator");
    let values = req.seq_of("values");
    let values_path = path.child("values");
    if matches!(operator, "In" | "NotIn") {
        if values.len() != 1 {
            ctx.required_detail(
                rule,
                &values_path,
                req.at("values"),
                "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
            );
        }
    } else {
        ctx.invalid(
            rule,
            &path.child("operator"),
            req.at("operator"),
            operator,
            "not a valid selector operator",
        );
    }
    let key = req.str_of("key");
    if key == "metadata.name" {
        for (i, value) in values.iter().enumerate() {
            let v = value.as_str().unwrap_or("");
            invalid_str(
                ctx,
                rule,
                &values_path.index(i),
                value.span,
                v,
                format::dns1123_subdomain(v),
            );
        }
    } else {
        ctx.invalid(
            rule,
            &path.child("key"),
            req.at("key"),
            key,
            "not a valid field selector key",
        );
    }
}

/// `validatePodAffinity` / `validatePodAntiAffinity`
fn validate_pod_affinity(ctx: &mut Ctx, scope: &PodScope, affinity: &Node, path: &Path) {
    let required = path.child(REQUIRED);
    for (i, term) in affinity.seq_of(REQUIRED).iter().enumerate() {
        validate_pod_affinity_term(ctx, scope, term, &required.index(i));
    }
    let preferred = path.child(PREFERRED);
    for (j, weighted) in affinity.seq_of(PREFERRED).iter().enumerate() {
        let at = preferred.index(j);
        check_weight(ctx, weighted, &at);
        let term = weighted.map_of("podAffinityTerm").unwrap_or(&EMPTY_MAP);
        validate_pod_affinity_term(ctx, scope, term, &at.child("podAffinityTerm"));
    }
}

/// `validatePodAffinityTerm`, after the Pod's `PrepareForCreate` merged `matchLabelKeys` and
/// `mismatchLabelKeys` into the label selector.
fn validate_pod_affinity_term(ctx: &mut Ctx, scope: &PodScope, term: &Node, path: &Path) {
    let selector = term.map_of("labelSelector");
    let merged: Vec<MergedRequirement> = match selector {
        Some(_) if scope.is_pod => merged_requirements(
            scope.meta.map_of("labels"),
            term.seq_of("matchLabelKeys"),
            term.seq_of("mismatchLabelKeys"),
        ),
        _ => Vec::new(),
    };
    let opts = SelectorOptions::default();
    if let Some(selector) = selector {
        validate_selector_with(ctx, selector, &merged, &path.child("labelSelector"), opts);
    }
    if let Some(selector) = term.map_of("namespaceSelector") {
        validate_selector_with(ctx, selector, &[], &path.child("namespaceSelector"), opts);
    }
    let namespace_path = path.child("namespace");
    for ns in term.seq_of("namespaces") {
        let name = ns.as_str().unwrap_or("");
        invalid_str(
            ctx,
            &POD_AFFINITY_NAMESPACES,
            &namespace_path,
            ns.span,
            name,
            format::dns1123_label(name),
        );
    }
    validate_match_label_keys(ctx, term, path, selector, &merged);
    let key_path = path.child("topologyKey");
    let key = term.str_of("topologyKey");
    if key.is_empty() {
        ctx.required_detail(
            &POD_AFFINITY_TOPOLOGY_KEY,
            &key_path,
            term.at("topologyKey"),
            "can not be empty",
        );
    }
    invalid_str(
        ctx,
        &POD_AFFINITY_TOPOLOGY_KEY,
        &key_path,
        term.at("topologyKey"),
        key,
        format::qualified_name(key),
    );
}

/// `validateReadinessGates`
pub(super) fn validate_readiness_gates(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let list = path.child("readinessGates");
    for (i, gate) in spec.seq_of("readinessGates").iter().enumerate() {
        let at = list.index(i);
        let condition = gate.str_of("conditionType");
        invalid_str(
            ctx,
            &READINESS_GATE,
            &at.child("conditionType"),
            gate.at("conditionType"),
            condition,
            format::qualified_name(condition),
        );
    }
}

/// `validateSchedulingGates`
pub(super) fn validate_scheduling_gates(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let list = path.child("schedulingGates");
    let gates = spec.seq_of("schedulingGates");
    let mut earlier = std::collections::HashSet::new();
    for (i, gate) in gates.iter().enumerate() {
        let at = list.index(i);
        let name = gate.str_of("name");
        let taken = !earlier.insert(name);
        invalid_str(
            ctx,
            &SCHEDULING_GATE,
            &at,
            gate.at("name"),
            name,
            format::qualified_name(name),
        );
        if taken {
            ctx.duplicate(&SCHEDULING_GATE, &at, gate.at("name"), name);
        }
    }
}

/// `validateTopologySpreadConstraints` with the MatchLabelKeysInPodTopologySpreadSelectorMerge
/// behaviour (on by default): for a Pod, `matchLabelKeys` are merged into the selector first.
pub(super) fn validate_topology_spread(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let list = path.child("topologySpreadConstraints");
    let constraints = scope.spec.seq_of("topologySpreadConstraints");
    for (i, c) in constraints.iter().enumerate() {
        let at = list.index(i);
        let skew = c.i64_of("maxSkew").unwrap_or(0);
        if skew <= 0 {
            ctx.invalid(
                &SPREAD_MAX_SKEW,
                &at.child("maxSkew"),
                c.at("maxSkew"),
                skew,
                "must be greater than zero",
            );
        }
        let key = c.str_of("topologyKey");
        if key.is_empty() {
            ctx.required_detail(
                &SPREAD_TOPOLOGY_KEY,
                &at.child("topologyKey"),
                c.at("topologyKey"),
                "can not be empty",
            );
        }
        let action = c.str_of("whenUnsatisfiable");
        if !matches!(action, "DoNotSchedule" | "ScheduleAnyway") {
            ctx.not_supported(
                &SPREAD_WHEN_UNSATISFIABLE,
                &at.child("whenUnsatisfiable"),
                c.at("whenUnsatisfiable"),
                action,
                &["DoNotSchedule", "ScheduleAnyway"],
            );
        }
        let repeated = constraints[i + 1..]
            .iter()
            .any(|o| o.str_of("topologyKey") == key && o.str_of("whenUnsatisfiable") == action);
        if repeated {
            ctx.duplicate(
                &SPREAD_DUPLICATE,
                &at.child("{topologyKey, whenUnsatisfiable}"),
                c.head(),
                format!("{{{key}, {action}}}"),
            );
        }
        if let Some(min) = c.i64_of("minDomains") {
            let min_path = at.child("minDomains");
            if min <= 0 {
                ctx.invalid(
                    &SPREAD_MIN_DOMAINS,
                    &min_path,
                    c.at("minDomains"),
                    min,
                    "must be greater than zero",
                );
            }
            if action != "DoNotSchedule" {
                ctx.invalid(
                    &SPREAD_MIN_DOMAINS,
                    &min_path,
                    c.at("minDomains"),
                    min,
                    format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                );
            }
        }
        for field in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(policy) = c.opt_str(field) {
                if !matches!(policy, "Honor" | "Ignore") {
                    ctx.not_supported(
                        &SPREAD_NODE_POLICY,
                        &at.child(field),
                        c.at(field),
                        policy,
                        &["Honor", "Ignore"],
                    );
                }
            }
        }
        let selector = c.map_of("labelSelector");
        let merged: Vec<MergedRequirement> = match selector {
            Some(_) if scope.is_pod => {
                merged_requirements(scope.meta.map_of("labels"), c.seq_of("matchLabelKeys"), &[])
            }
            _ => Vec::new(),
        };
        validate_match_label_keys(ctx, c, &at, selector, &merged);
        if let Some(selector) = selector {
            validate_selector_with(
                ctx,
                selector,
                &merged,
                &at.child("labelSelector"),
                SelectorOptions::default(),
            );
        }
    }
}

/// `ValidateTolerations`
pub(super) fn validate_tolerations(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let list = path.child("tolerations");
    for (i, t) in spec.seq_of("tolerations").iter().enumerate() {
        let at = list.index(i);
        let key = t.str_of("key");
        let operator = t.str_of("operator");
        let value = t.str_of("value");
        let effect = t.str_of("effect");
        let operator_path = at.child("operator");
        if !key.is_empty() {
            invalid_str(
                ctx,
                &TOLERATION_KEY,
                &at.child("key"),
                t.at("key"),
                key,
                format::qualified_name(key),
            );
        }
        if key.is_empty() && operator != "Exists" {
            ctx.invalid(
                &TOLERATION_EMPTY_KEY,
                &operator_path,
                t.at("operator"),
                operator,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if t.get("tolerationSeconds").is_some() && effect != "NoExecute" {
            ctx.invalid(
                &TOLERATION_SECONDS_EFFECT,
                &at.child("effect"),
                t.at("effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match operator {
            "Equal" | "" => {
                let errs = format::label_value(value);
                if !errs.is_empty() {
                    ctx.invalid(
                        &TOLERATION_VALUE,
                        &operator_path,
                        t.at("value"),
                        value,
                        errs.join(";"),
                    );
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    ctx.invalid(
                        &TOLERATION_VALUE,
                        &operator_path,
                        t.at("value"),
                        value,
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            // Numeric comparisons need the TaintTolerationComparisonOperators gate (alpha).
            "Lt" | "Gt" => ctx.not_supported(
                &TOLERATION_OPERATOR,
                &operator_path,
                t.at("operator"),
                operator,
                &["Equal", "Exists", "Lt", "Gt"],
            ),
            _ => ctx.not_supported(
                &TOLERATION_OPERATOR,
                &operator_path,
                t.at("operator"),
                operator,
                &["Equal", "Exists"],
            ),
        }
        if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute")
        {
            ctx.not_supported(
                &TOLERATION_EFFECT,
                &at.child("effect"),
                t.at("effect"),
                ErrValue::Str(effect.to_string()),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}
