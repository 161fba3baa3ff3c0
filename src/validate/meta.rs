//! Object metadata (`ValidateObjectMeta`), pod-specific annotations
//! (`ValidatePodSpecificAnnotations`) and the create-time consistency of the seccomp and AppArmor
//! annotations with their fields.
//!
//! # ObjectMeta (in this order)
//! - `metadata.generateName`: the name rule of the kind with a trailing `-` allowed, one
//!   `Invalid value` per message. The server then generates the name (`generateName` + 5 random
//!   characters), so a missing `name` is fine when `generateName` is set.
//! - `metadata.name`: `Required value: name or generateName is required`, else the kind's name
//!   rule (a DNS-1123 subdomain; a DNS-1123 label for StatefulSets), e.g.
//!   `metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of …`.
//! - `metadata.namespace`: filled in from the request (`default`) when absent; when set it must
//!   be a DNS-1123 label.
//! - `metadata.generation`: `must be greater than or equal to 0` (kinds whose strategy does not
//!   reset it on create).
//! - `metadata.labels` (the path is not keyed): each key a qualified name, each value a label
//!   value: `metadata.labels: Invalid value: "kubelinter@stackrox.com": a valid label must be an
//!   empty string or consist of …`.
//! - `metadata.annotations`: each key (lower-cased) a qualified name; all keys and values
//!   together at most 256 KiB: `metadata.annotations: Too long: may not be more than 262144 bytes`.
//! - `metadata.ownerReferences.apiVersion|kind|name|uid` (not indexed): `version must not be
//!   empty`, `must not be empty`; a `v1` `Event` cannot be an owner; only one reference may be
//!   the controller.
//! - `metadata.finalizers`: qualified names (path not indexed); `orphan` and
//!   `foregroundDeletion` not both; `metadata.finalizers[i]`: a name without `/` must be
//!   `kubernetes`, `orphan` or `foregroundDeletion` (`name is neither a standard finalizer name
//!   nor is it fully qualified`).
//! - `metadata.managedFields[i]`: `operation` must be `Apply` or `Update`, `fieldsType`
//!   `FieldsV1`, `manager` at most 128 bytes of printable characters.
//!
//! # Pod-specific annotations (Pods at `metadata.annotations`, templates at `<template>.annotations`)
//! - `[kubernetes.io/config.mirror]`: `must set spec.nodeName if mirror pod annotation is set`.
//! - `scheduler.alpha.kubernetes.io/tolerations`: JSON for a list of tolerations (the
//!   decoder's message, e.g. `metadata.annotations: Invalid value:
//!   "scheduler.alpha.kubernetes.io/tolerations": unexpected end of JSON input`). Gap: the
//!   decoded tolerations are not yet checked against `ValidateTolerations` (the server reports
//!   them at `metadata.annotations.scheduler.alpha.kubernetes.io/tolerations[i]`), nor are
//!   field type mismatches inside an element.
//! - `[controller.kubernetes.io/pod-deletion-cost]`: `must be a 32bit integer`.
//! - `.seccomp.security.alpha.kubernetes.io/pod` and `.container.seccomp.security.alpha.kubernetes.io/<c>`
//!   (sic: not keyed): `runtime/default`, `docker/default`, `unconfined` or `localhost/<relative
//!   path>`, else `must be a valid seccomp profile` (`must be a relative path`, `must not contain
//!   '..'` for the localhost path).
//! - `[container.apparmor.security.beta.kubernetes.io/<c>]`: `<c>` must be a container of the pod
//!   (`Invalid value: "<c>": container not found`); the value `""`, `runtime/default`,
//!   `unconfined` or `localhost/…` (`invalid AppArmor profile name: "<v>"`).
//!
//! # Annotation and field consistency (on create, Pods and templates)
//! When both a seccomp annotation and the matching `seccompProfile` field are set, they must
//! agree: `spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and
//! field must match` (or `…localhostProfile: Forbidden: seccomp profile in annotation and field
//! must match`); likewise per container. The AppArmor annotation of a container is compared with
//! the container's (or the pod's) `appArmorProfile` (`apparmor type in annotation and field must
//! match`), except for Windows pods. For a Pod the server first copies a valid annotation into a
//! container without its own field, so only explicit conflicts remain.

use super::pod::PodScope;
use super::workloads::json;
use super::{Ctx, ErrValue, Path, format};
use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Checks `metadata.name`: present unless `generateName` is set, and valid for the
    /// kind (a DNS-1123 subdomain; a DNS-1123 label for StatefulSets and a few others).
    ///
    /// **Why it matters** The API server rejects an object without a name (`name or generateName is
    /// required`) or with capitals, `_` or spaces in it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   name: Web_Server
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: web-server
    /// ```
    ///
    /// **Fix** Use lower-case letters, digits, `-` (and `.` where subdomains are allowed).
    ///
    /// **Kubernetes source** `ValidateObjectMeta` (`ValidateObjectMetaAccessor` with the kind's name
    /// function, e.g. `ValidatePodName`) in `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    META_NAME,
    "PS1101",
    "metadata-name",
    Error,
    "metadata.name (or generateName) is required and must be a valid name for the kind"
);
rule!(
    /// **What it does** Checks `metadata.generateName` follows the kind's name rule, allowing a
    /// trailing `-`.
    ///
    /// **Why it matters** The server appends five random characters to it; a prefix that breaks the
    /// name rule is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   generateName: Build_
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   generateName: build-
    /// ```
    ///
    /// **Fix** Use a lower-case prefix ending in `-`.
    ///
    /// **Kubernetes source** `ValidateObjectMetaAccessor` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    META_GENERATE_NAME,
    "PS1102",
    "metadata-generate-name",
    Error,
    "metadata.generateName must be a valid name prefix for the kind"
);
rule!(
    /// **What it does** Checks a given `metadata.namespace` is a DNS-1123 label.
    ///
    /// **Why it matters** Namespaces are labels; `Team.A` or `team_a` is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: Team_A
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: team-a
    /// ```
    ///
    /// **Fix** Use the namespace's real name, or leave it out to use the current one.
    ///
    /// **Kubernetes source** `ValidateObjectMetaAccessor` (`ValidateNamespaceName`) in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    META_NAMESPACE,
    "PS1103",
    "metadata-namespace",
    Error,
    "metadata.namespace must be a DNS-1123 label"
);
rule!(
    /// **What it does** Checks `metadata.generation` is not negative, for kinds whose create strategy
    /// keeps it.
    ///
    /// **Why it matters** The API server rejects a negative generation (`must be greater than or equal
    /// to 0`); it is usually copied from another object's output.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   generation: -1
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    /// ```
    ///
    /// **Fix** Remove `generation`; the server maintains it.
    ///
    /// **Kubernetes source** `ValidateObjectMetaAccessor` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    META_GENERATION,
    "PS1104",
    "metadata-generation",
    Error,
    "metadata.generation must not be negative"
);
rule!(
    /// **What it does** Checks every label key (in `metadata.labels`, template labels,
    /// `nodeSelector` and selectors' `matchLabels`) is a qualified name: an optional DNS prefix and
    /// `/`, then at most 63 characters of letters, digits, `-`, `_`, `.`, starting and ending
    /// alphanumeric.
    ///
    /// **Why it matters** The API server rejects keys like `app name` or `-tier`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// labels:
    ///   "app name": web
    /// ```
    ///
    /// ```yaml
    /// labels:
    ///   app.kubernetes.io/name: web
    /// ```
    ///
    /// **Fix** Use `-` or `.` instead of spaces, and a DNS prefix for your own keys.
    ///
    /// **Kubernetes source** `ValidateLabels` (`ValidateLabelName`, `IsQualifiedName`) in
    /// `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go`.
    LABEL_KEY,
    "PS1105",
    "label-key",
    Error,
    "label keys must be qualified names (an optional DNS subdomain prefix and a name of at most 63 characters)"
);
rule!(
    /// **What it does** Checks every label value is empty or at most 63 characters of letters, digits,
    /// `-`, `_`, `.`, starting and ending alphanumeric.
    ///
    /// **Why it matters** E-mail addresses, URLs, versions with `+` and long values are rejected;
    /// those belong in annotations.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// labels:
    ///   owner: team@example.com
    /// ```
    ///
    /// ```yaml
    /// labels:
    ///   owner: team-platform
    /// annotations:
    ///   example.com/owner-email: team@example.com
    /// ```
    ///
    /// **Fix** Shorten or simplify the value, or move it to an annotation.
    ///
    /// **Kubernetes source** `ValidateLabels` (`IsValidLabelValue`) in
    /// `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go`.
    LABEL_VALUE,
    "PS1106",
    "label-value",
    Error,
    "label values must be empty or at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric"
);
rule!(
    /// **What it does** Checks every annotation key (lower-cased) is a qualified name.
    ///
    /// **Why it matters** The API server rejects keys with spaces, several `/` or over-long names.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   "example.com/build/id": "42"
    /// ```
    ///
    /// ```yaml
    /// annotations:
    ///   example.com/build-id: "42"
    /// ```
    ///
    /// **Fix** Use one `prefix/name` with a DNS prefix.
    ///
    /// **Kubernetes source** `ValidateAnnotations` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    ANNOTATION_KEY,
    "PS1107",
    "annotation-key",
    Error,
    "annotation keys must be qualified names"
);
rule!(
    /// **What it does** Checks the annotations' keys and values together stay within 256 KiB
    /// (262144 bytes).
    ///
    /// **Why it matters** The API server rejects bigger annotations (`Too long: may not be more than
    /// 262144 bytes`); `kubectl apply`'s last-applied annotation on a large object often hits it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   example.com/payload: "<300 KiB of JSON>"
    /// ```
    ///
    /// ```yaml
    /// annotations:
    ///   example.com/payload-ref: configmap/payload
    /// ```
    ///
    /// **Fix** Move large data into a ConfigMap, or use `kubectl apply --server-side`.
    ///
    /// **Kubernetes source** `ValidateAnnotationsSize` (via `ValidateAnnotations`) in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    ANNOTATIONS_SIZE,
    "PS1108",
    "annotations-size",
    Error,
    "all annotations together must not exceed 256 KiB"
);
rule!(
    /// **What it does** Checks each `metadata.ownerReferences` entry has `apiVersion`, `kind`, `name`
    /// and `uid`, and does not name a v1 `Event` as owner.
    ///
    /// **Why it matters** The garbage collector follows these references; incomplete ones are rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ownerReferences:
    /// - apiVersion: apps/v1
    ///   kind: ReplicaSet
    ///   name: web-5d8f
    /// ```
    ///
    /// ```yaml
    /// ownerReferences:
    /// - apiVersion: apps/v1
    ///   kind: ReplicaSet
    ///   name: web-5d8f
    ///   uid: 0b6a2c1e-3f4d-4e5a-9b8c-7d6e5f4a3b2c
    /// ```
    ///
    /// **Fix** Let controllers set owner references, or give all four fields.
    ///
    /// **Kubernetes source** `validateOwnerReference` (via `ValidateOwnerReferences`) in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    OWNER_REFERENCE,
    "PS1109",
    "owner-reference",
    Error,
    "owner references need apiVersion, kind, name and uid, and cannot point at an Event"
);
rule!(
    /// **What it does** Reports more than one owner reference with `controller: true`.
    ///
    /// **Why it matters** An object has at most one managing controller; the API server rejects two.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ownerReferences:
    /// - {apiVersion: apps/v1, kind: ReplicaSet, name: a, uid: "1", controller: true}
    /// - {apiVersion: apps/v1, kind: ReplicaSet, name: b, uid: "2", controller: true}
    /// ```
    ///
    /// ```yaml
    /// ownerReferences:
    /// - {apiVersion: apps/v1, kind: ReplicaSet, name: a, uid: "1", controller: true}
    /// - {apiVersion: apps/v1, kind: ReplicaSet, name: b, uid: "2"}
    /// ```
    ///
    /// **Fix** Mark only one owner as the controller.
    ///
    /// **Kubernetes source** `ValidateOwnerReferences` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    OWNER_CONTROLLER,
    "PS1110",
    "owner-reference-controller",
    Error,
    "only one owner reference can be the controller"
);
rule!(
    /// **What it does** Checks each finalizer is a qualified name, and that one without a `/` is a
    /// standard one (`kubernetes`, `orphan`, `foregroundDeletion`).
    ///
    /// **Why it matters** The API server rejects unqualified custom finalizers (`name is neither a
    /// standard finalizer name nor is it fully qualified`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// finalizers: [cleanup]
    /// ```
    ///
    /// ```yaml
    /// finalizers: [example.com/cleanup]
    /// ```
    ///
    /// **Fix** Prefix your finalizer with a domain you own.
    ///
    /// **Kubernetes source** `ValidateFinalizers` and `validateKubeFinalizerName` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go` and
    /// `pkg/apis/core/validation/validation.go`.
    FINALIZER_NAME,
    "PS1111",
    "finalizer-name",
    Error,
    "finalizers must be qualified names, fully qualified unless a standard finalizer"
);
rule!(
    /// **What it does** Reports both `orphan` and `foregroundDeletion` finalizers on one object.
    ///
    /// **Why it matters** They ask for opposite treatment of dependants (keep them / delete them
    /// first); the API server rejects the pair.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// finalizers: [orphan, foregroundDeletion]
    /// ```
    ///
    /// ```yaml
    /// finalizers: [foregroundDeletion]
    /// ```
    ///
    /// **Fix** Keep one, or let `kubectl delete --cascade` choose.
    ///
    /// **Kubernetes source** `ValidateFinalizers` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    FINALIZER_CONFLICT,
    "PS1112",
    "finalizers-conflict",
    Error,
    "the orphan and foregroundDeletion finalizers cannot both be set"
);
rule!(
    /// **What it does** Checks each `metadata.managedFields` entry: `operation` `Apply` or `Update`,
    /// `fieldsType` `FieldsV1`, `manager` at most 128 printable bytes.
    ///
    /// **Why it matters** Malformed entries are rejected; they usually come from editing the output of
    /// `kubectl get -o yaml` by hand.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// managedFields:
    /// - manager: kubectl
    ///   operation: Patch
    ///   fieldsType: FieldsV1
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    /// ```
    ///
    /// **Fix** Remove `managedFields` from manifests; the server maintains them.
    ///
    /// **Kubernetes source** `ValidateManagedFields` in
    /// `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`.
    MANAGED_FIELDS,
    "PS1113",
    "managed-fields",
    Error,
    "managedFields entries need a valid operation, fieldsType and manager"
);
rule!(
    /// **What it does** Reports the `kubernetes.io/config.mirror` annotation on a pod without
    /// `spec.nodeName`.
    ///
    /// **Why it matters** Mirror pods stand for static pods already running on a node; the API server
    /// requires the node (`must set spec.nodeName if mirror pod annotation is set`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   annotations: {kubernetes.io/config.mirror: "abc"}
    /// spec:
    ///   containers: [{name: web, image: nginx}]
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers: [{name: web, image: nginx}]
    /// ```
    ///
    /// **Fix** Remove the annotation; only the kubelet creates mirror pods.
    ///
    /// **Kubernetes source** `ValidatePodSpecificAnnotations` in `pkg/apis/core/validation/validation.go`.
    MIRROR_POD,
    "PS1120",
    "mirror-pod-annotation",
    Error,
    "the mirror pod annotation requires spec.nodeName"
);
rule!(
    /// **What it does** Checks the `controller.kubernetes.io/pod-deletion-cost` annotation is a 32-bit
    /// integer.
    ///
    /// **Why it matters** ReplicaSets read it to pick pods to remove on scale-down; anything else is
    /// rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   controller.kubernetes.io/pod-deletion-cost: high
    /// ```
    ///
    /// ```yaml
    /// annotations:
    ///   controller.kubernetes.io/pod-deletion-cost: "100"
    /// ```
    ///
    /// **Fix** Use a quoted integer.
    ///
    /// **Kubernetes source** `ValidatePodSpecificAnnotations` (with
    /// `GetDeletionCostFromPodAnnotations`) in `pkg/apis/core/validation/validation.go`.
    DELETION_COST,
    "PS1121",
    "pod-deletion-cost",
    Error,
    "the pod deletion cost annotation must be a 32-bit integer"
);
rule!(
    /// **What it does** Checks the deprecated seccomp annotations (`seccomp.security.alpha.kubernetes.io/pod`,
    /// `container.seccomp.security.alpha.kubernetes.io/<c>`) hold `runtime/default`, `docker/default`,
    /// `unconfined` or `localhost/<relative path>`.
    ///
    /// **Why it matters** The API server rejects other values (`must be a valid seccomp profile`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   seccomp.security.alpha.kubernetes.io/pod: RuntimeDefault
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Use `securityContext.seccompProfile` instead of the annotation.
    ///
    /// **Kubernetes source** `ValidateSeccompPodAnnotations` (via `ValidatePodSpecificAnnotations`) in
    /// `pkg/apis/core/validation/validation.go`.
    SECCOMP_ANNOTATION,
    "PS1122",
    "seccomp-annotation",
    Error,
    "seccomp annotations must name a valid profile"
);
rule!(
    /// **What it does** Checks the container named in a `container.apparmor.security.beta.kubernetes.io/<c>`
    /// annotation exists in the pod.
    ///
    /// **Why it matters** The API server rejects an annotation for an unknown container (`container not
    /// found`), usually left behind after a rename.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   container.apparmor.security.beta.kubernetes.io/app: runtime/default
    /// spec:
    ///   containers: [{name: web, image: nginx}]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx
    ///     securityContext:
    ///       appArmorProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Move the profile to the container's `securityContext.appArmorProfile`.
    ///
    /// **Kubernetes source** `ValidateAppArmorPodAnnotations` (via `ValidatePodSpecificAnnotations`) in
    /// `pkg/apis/core/validation/validation.go`.
    APPARMOR_CONTAINER,
    "PS1123",
    "apparmor-annotation-container",
    Error,
    "an AppArmor annotation must name a container of the pod"
);
rule!(
    /// **What it does** Checks an AppArmor annotation's value is `runtime/default`, `unconfined` or
    /// `localhost/<profile>`.
    ///
    /// **Why it matters** The API server rejects other values (`invalid AppArmor profile name`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   container.apparmor.security.beta.kubernetes.io/web: RuntimeDefault
    /// ```
    ///
    /// ```yaml
    /// annotations:
    ///   container.apparmor.security.beta.kubernetes.io/web: runtime/default
    /// ```
    ///
    /// **Fix** Use the annotation spelling, or better the `appArmorProfile` field.
    ///
    /// **Kubernetes source** `ValidateAppArmorProfileFormat` (via `ValidateAppArmorPodAnnotations`) in
    /// `pkg/apis/core/validation/validation.go`.
    APPARMOR_PROFILE,
    "PS1124",
    "apparmor-annotation-profile",
    Error,
    "an AppArmor annotation must be runtime/default, unconfined or localhost/<profile>"
);
rule!(
    /// **What it does** Reports a seccomp annotation and the matching `seccompProfile` field (pod or
    /// container) that disagree.
    ///
    /// **Why it matters** On create both are kept in sync; a conflict is rejected (`seccomp type in
    /// annotation and field must match`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     seccomp.security.alpha.kubernetes.io/pod: unconfined
    /// spec:
    ///   securityContext:
    ///     seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Remove the annotation and keep the field.
    ///
    /// **Kubernetes source** `validateSeccompAnnotationsAndFields` (from `ValidatePodCreate` /
    /// `validatePodMetadataAndSpec`) in `pkg/apis/core/validation/validation.go`.
    SECCOMP_MISMATCH,
    "PS1125",
    "seccomp-annotation-field-mismatch",
    Error,
    "a seccomp annotation and the seccompProfile field must agree"
);
rule!(
    /// **What it does** Checks the `scheduler.alpha.kubernetes.io/tolerations` annotation is JSON for a
    /// list of tolerations.
    ///
    /// **Why it matters** The API server decodes it and rejects the pod with the decoder's message
    /// (`unexpected end of JSON input`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   scheduler.alpha.kubernetes.io/tolerations: '[{"key": "dedicated"'
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   tolerations:
    ///   - {key: dedicated, operator: Exists}
    /// ```
    ///
    /// **Fix** Use `spec.tolerations`; the annotation is a relic of alpha times.
    ///
    /// **Kubernetes source** `ValidatePodSpecificAnnotations` (`GetTolerationsFromPodAnnotations`) in
    /// `pkg/apis/core/validation/validation.go`.
    TOLERATIONS_ANNOTATION_JSON,
    "PS1127",
    "tolerations-annotation",
    Error,
    "the legacy tolerations annotation must hold a JSON list of tolerations"
);
rule!(
    /// **What it does** Reports a container's AppArmor annotation that disagrees with its (or the
    /// pod's) `appArmorProfile` field; Windows pods are exempt.
    ///
    /// **Why it matters** The API server rejects the conflict on create (`apparmor type in annotation and
    /// field must match`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     container.apparmor.security.beta.kubernetes.io/web: unconfined
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx
    ///     securityContext:
    ///       appArmorProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx
    ///     securityContext:
    ///       appArmorProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Remove the annotation and keep the field.
    ///
    /// **Kubernetes source** `validateAppArmorAnnotationsAndFieldsMatchOnCreate` in
    /// `pkg/apis/core/validation/validation.go`.
    APPARMOR_MISMATCH,
    "PS1126",
    "apparmor-annotation-field-mismatch",
    Error,
    "an AppArmor annotation and the appArmorProfile field must agree"
);

pub const RULES: &[&Rule] = &[
    &META_NAME,
    &META_GENERATE_NAME,
    &META_NAMESPACE,
    &META_GENERATION,
    &LABEL_KEY,
    &LABEL_VALUE,
    &ANNOTATION_KEY,
    &ANNOTATIONS_SIZE,
    &OWNER_REFERENCE,
    &OWNER_CONTROLLER,
    &FINALIZER_NAME,
    &FINALIZER_CONFLICT,
    &MANAGED_FIELDS,
    &MIRROR_POD,
    &DELETION_COST,
    &SECCOMP_ANNOTATION,
    &APPARMOR_CONTAINER,
    &APPARMOR_PROFILE,
    &SECCOMP_MISMATCH,
    &APPARMOR_MISMATCH,
    &TOLERATIONS_ANNOTATION_JSON,
];

/// `TotalAnnotationSizeLimitB`
pub const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

pub const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
pub const SECCOMP_CONTAINER_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
pub const APPARMOR_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";
const MIRROR_ANNOTATION: &str = "kubernetes.io/config.mirror";
const TOLERATIONS_ANNOTATION: &str = "scheduler.alpha.kubernetes.io/tolerations";
const DELETION_COST_ANNOTATION: &str = "controller.kubernetes.io/pod-deletion-cost";

/// The suffix the server appends to `generateName` is 5 characters of
/// `bcdfghjklmnpqrstvwxz2456789`; `xxxxx` stands in for them.
const GENERATED_SUFFIX: &str = "xxxxx";

/// How `metadata.name` is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    Subdomain,
    Label,
    /// DNS-1035: a label that starts with a letter (Services).
    Dns1035,
    /// Only what every create checks (`path.ValidatePathSegmentName`): not `.` or `..`, no `/`
    /// or `%` (PodDisruptionBudgets).
    PathSegment,
}

impl NameRule {
    fn check(self, name: &str, prefix: bool) -> Vec<String> {
        match self {
            NameRule::Subdomain => format::name_is_dns_subdomain(name, prefix),
            NameRule::Label => format::name_is_dns_label(name, prefix),
            NameRule::Dns1035 => format::name_is_dns1035_label(name, prefix),
            NameRule::PathSegment => format::path_segment_name(name, prefix),
        }
    }
}

/// The name the object gets: `name`, or `generateName` plus the generated suffix.
pub fn effective_name(meta: &Node) -> std::borrow::Cow<'_, str> {
    let name = meta.str_of("name");
    let generate = meta.str_of("generateName");
    if name.is_empty() && !generate.is_empty() {
        let base = if generate.len() > 58 {
            truncate(generate, 58)
        } else {
            generate
        };
        std::borrow::Cow::Owned(format!("{base}{GENERATED_SUFFIX}"))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

fn truncate(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Kinds whose create strategy sets `metadata.generation` to 1 (so a negative one never fails).
fn generation_reset(kind: &str) -> bool {
    matches!(
        kind,
        "Pod"
            | "ReplicationController"
            | "Deployment"
            | "ReplicaSet"
            | "DaemonSet"
            | "StatefulSet"
            | "Job"
            | "CronJob"
            | "PodDisruptionBudget"
            | "NetworkPolicy"
            | "Ingress"
    )
}

/// `ValidateObjectMeta` for the `metadata` of the object `root` (at `metadata`, namespaced);
/// returns the metadata mapping (empty when absent).
pub fn validate_metadata_of<'d>(ctx: &mut Ctx, root: &'d Node, name: NameRule) -> &'d Node {
    let meta_node = root
        .map_of("metadata")
        .unwrap_or(&crate::validate::pod::EMPTY_MAP);
    validate_object_meta(
        ctx,
        root,
        meta_node,
        &Path::ROOT.child("metadata"),
        name,
        true,
    );
    meta_node
}

/// `ValidateObjectMeta` for the object `root` whose `metadata` is `meta` (at `path`).
pub fn validate_object_meta(
    ctx: &mut Ctx,
    root: &Node,
    meta: &Node,
    path: &Path,
    name: NameRule,
    namespaced: bool,
) {
    let generate = meta.str_of("generateName");
    if !generate.is_empty() {
        let msgs = name.check(generate, true);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &META_GENERATE_NAME,
                &path.child("generateName"),
                meta.at("generateName"),
                &ErrValue::from(generate),
                msgs,
            );
        }
    }
    let name_path = path.child("name");
    let given = meta.str_of("name");
    if given.is_empty() && generate.is_empty() {
        let span = if meta.entry("name").is_some() {
            meta.key_at("name")
        } else {
            root.key_at("metadata")
        };
        ctx.required_detail(
            &META_NAME,
            &name_path,
            span,
            "name or generateName is required",
        );
    } else {
        let effective = effective_name(meta);
        let msgs = name.check(&effective, false);
        if !msgs.is_empty() {
            let span = if given.is_empty() {
                meta.at("generateName")
            } else {
                meta.at("name")
            };
            ctx.invalid_each(
                &META_NAME,
                &name_path,
                span,
                &ErrValue::from(effective.as_ref()),
                msgs,
            );
        }
    }
    if namespaced {
        let ns = meta.str_of("namespace");
        if !ns.is_empty() {
            let msgs = format::dns1123_label(ns);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &META_NAMESPACE,
                    &path.child("namespace"),
                    meta.at("namespace"),
                    &ErrValue::from(ns),
                    msgs,
                );
            }
        }
    }
    if !generation_reset(root.str_of("kind")) {
        if let Some(g) = meta.i64_of("generation").filter(|g| *g < 0) {
            ctx.invalid(
                &META_GENERATION,
                &path.child("generation"),
                meta.at("generation"),
                g,
                "must be greater than or equal to 0",
            );
        }
    }
    validate_labels(ctx, meta.get("labels"), &path.child("labels"));
    validate_annotations(ctx, meta.get("annotations"), &path.child("annotations"));
    validate_owner_references(ctx, meta, &path.child("ownerReferences"));
    validate_finalizers(ctx, meta, &path.child("finalizers"));
    validate_managed_fields(ctx, meta, &path.child("managedFields"));
}

/// `ValidateLabels` at `path` (the labels map itself; errors are not keyed).
pub fn validate_labels(ctx: &mut Ctx, labels: Option<&Node>, path: &Path) {
    let Some(labels) = labels.filter(|l| l.is_map()) else {
        return;
    };
    if labels.entries().is_empty() {
        return;
    }
    for (key, value, key_span) in json::sorted_entries(labels) {
        let msgs = format::qualified_name(key);
        if !msgs.is_empty() {
            let span = key_span;
            ctx.invalid_each(&LABEL_KEY, path, span, &ErrValue::from(key), msgs);
        }
        let v = json::map_value(value);
        let msgs = format::label_value(v);
        if !msgs.is_empty() {
            let span = if value.span.is_empty() {
                key_span
            } else {
                value.span
            };
            ctx.invalid_each(&LABEL_VALUE, path, span, &ErrValue::from(v), msgs);
        }
    }
}

/// `ValidateAnnotations` at `path`.
pub fn validate_annotations(ctx: &mut Ctx, annotations: Option<&Node>, path: &Path) {
    let Some(annotations) = annotations.filter(|a| a.is_map()) else {
        return;
    };
    if annotations.entries().is_empty() {
        return;
    }
    let mut total = 0usize;
    for (key, value, key_span) in json::sorted_entries(annotations) {
        let lower = key.to_lowercase();
        let msgs = format::qualified_name(&lower);
        if !msgs.is_empty() {
            ctx.invalid_each(&ANNOTATION_KEY, path, key_span, &ErrValue::from(key), msgs);
        }
        total += key.len() + json::map_value(value).len();
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        ctx.too_long(
            &ANNOTATIONS_SIZE,
            path,
            annotations.span,
            TOTAL_ANNOTATION_SIZE_LIMIT,
        );
    }
}

fn validate_owner_references(ctx: &mut Ctx, meta: &Node, path: &Path) {
    let refs = meta.seq_of("ownerReferences");
    let mut first_controller: Option<String> = None;
    for r in refs {
        let api_version = r.str_of("apiVersion");
        let kind = r.str_of("kind");
        let (group, version) = parse_group_version(api_version);
        if version.is_empty() {
            ctx.invalid(
                &OWNER_REFERENCE,
                &path.child("apiVersion"),
                r.at("apiVersion"),
                api_version,
                "version must not be empty",
            );
        }
        if kind.is_empty() {
            ctx.invalid(
                &OWNER_REFERENCE,
                &path.child("kind"),
                r.at("kind"),
                kind,
                "must not be empty",
            );
        }
        if r.str_of("name").is_empty() {
            ctx.invalid(
                &OWNER_REFERENCE,
                &path.child("name"),
                r.at("name"),
                r.str_of("name"),
                "must not be empty",
            );
        }
        if r.str_of("uid").is_empty() {
            ctx.invalid(
                &OWNER_REFERENCE,
                &path.child("uid"),
                r.at("uid"),
                r.str_of("uid"),
                "must not be empty",
            );
        }
        if group.is_empty() && version == "v1" && kind == "Event" {
            ctx.invalid(
                &OWNER_REFERENCE,
                path,
                r.head(),
                ErrValue::Raw(owner_reference_json(r)),
                "/v1, Kind=Event is disallowed from being an owner",
            );
        }
        if r.bool_of("controller") == Some(true) {
            let current = format!("{}/{}", kind, r.str_of("name"));
            if let Some(first) = &first_controller {
                let list: Vec<String> = refs.iter().map(owner_reference_json).collect();
                ctx.invalid(
                    &OWNER_CONTROLLER,
                    path,
                    r.at("controller"),
                    ErrValue::Raw(format!("[{}]", list.join(","))),
                    format!("Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}"),
                );
            } else {
                first_controller = Some(current);
            }
        }
    }
}

/// `schema.ParseGroupVersion` as `FromAPIVersionAndKind` uses it (a parse error gives no version).
fn parse_group_version(s: &str) -> (&str, &str) {
    if s.is_empty() {
        return ("", "");
    }
    match s.split_once('/') {
        None => ("", s),
        Some((g, v)) if !v.contains('/') => (g, v),
        Some(_) => ("", ""),
    }
}

/// `metav1.OwnerReference` as JSON.
fn owner_reference_json(r: &Node) -> String {
    let mut out = String::from("{\"apiVersion\":");
    json::push_str(&mut out, r.str_of("apiVersion"));
    out.push_str(",\"kind\":");
    json::push_str(&mut out, r.str_of("kind"));
    out.push_str(",\"name\":");
    json::push_str(&mut out, r.str_of("name"));
    out.push_str(",\"uid\":");
    json::push_str(&mut out, r.str_of("uid"));
    if let Some(c) = r.bool_of("controller") {
        out.push_str(&format!(",\"controller\":{c}"));
    }
    if let Some(b) = r.bool_of("blockOwnerDeletion") {
        out.push_str(&format!(",\"blockOwnerDeletion\":{b}"));
    }
    out.push('}');
    out
}

fn validate_finalizers(ctx: &mut Ctx, meta: &Node, path: &Path) {
    let finalizers = meta.seq_of("finalizers");
    let (mut orphan, mut foreground) = (false, false);
    for f in finalizers {
        let name = f.as_str().unwrap_or("");
        let msgs = format::qualified_name(name);
        if !msgs.is_empty() {
            ctx.invalid_each(&FINALIZER_NAME, path, f.span, &ErrValue::from(name), msgs);
        }
        orphan |= name == "orphan";
        foreground |= name == "foregroundDeletion";
    }
    if orphan && foreground {
        ctx.invalid(
            &FINALIZER_CONFLICT,
            path,
            meta.key_at("finalizers"),
            ErrValue::Raw(json::string_list(meta.get("finalizers"))),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
    for (i, f) in finalizers.iter().enumerate() {
        let name = f.as_str().unwrap_or("");
        if !name.contains('/') && !matches!(name, "kubernetes" | "orphan" | "foregroundDeletion") {
            ctx.invalid(
                &FINALIZER_NAME,
                &path.index(i),
                f.span,
                name,
                "name is neither a standard finalizer name nor is it fully qualified",
            );
        }
    }
}

fn validate_managed_fields(ctx: &mut Ctx, meta: &Node, path: &Path) {
    for (i, entry) in meta.seq_of("managedFields").iter().enumerate() {
        let p = path.index(i);
        let op = entry.str_of("operation");
        if !matches!(op, "Apply" | "Update") {
            ctx.invalid(
                &MANAGED_FIELDS,
                &p.child("operation"),
                entry.at("operation"),
                op,
                "must be `Apply` or `Update`",
            );
        }
        let ft = entry.str_of("fieldsType");
        if !ft.is_empty() && ft != "FieldsV1" {
            ctx.invalid(
                &MANAGED_FIELDS,
                &p.child("fieldsType"),
                entry.at("fieldsType"),
                ft,
                "must be `FieldsV1`",
            );
        }
        let manager = entry.str_of("manager");
        if !manager.is_empty() {
            let mp = p.child("manager");
            if manager.len() > 128 {
                ctx.too_long(&MANAGED_FIELDS, &mp, entry.at("manager"), 128);
            }
            for (pos, c) in manager.char_indices() {
                if !is_go_printable(c) {
                    ctx.invalid(
                        &MANAGED_FIELDS,
                        &mp,
                        entry.at("manager"),
                        manager,
                        format!(
                            "invalid character {} (at position {pos})",
                            go_unicode_verb(c)
                        ),
                    );
                }
            }
        }
        let sub = entry.str_of("subresource");
        if sub.len() > 256 {
            ctx.too_long(
                &MANAGED_FIELDS,
                &p.child("subresource"),
                entry.at("subresource"),
                256,
            );
        }
    }
}

/// Go's `unicode.IsPrint` (approximated: no controls, no separators other than the ASCII space).
fn is_go_printable(c: char) -> bool {
    c == ' '
        || !(c.is_control()
            || c.is_whitespace()
            || matches!(c as u32, 0xad | 0x2028 | 0x2029 | 0xfeff | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064))
}

/// Go's `%#U`: `U+0009` (plus ` 'c'` for printable characters).
fn go_unicode_verb(c: char) -> String {
    if is_go_printable(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// The annotation `key` of a mapping of annotations (`None` when absent; `null` reads as `""`).
pub fn annotation<'a>(annotations: Option<&'a Node>, key: &str) -> Option<&'a str> {
    let a = annotations?;
    a.entries()
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map(|e| json::map_value(&e.value))
}

/// `ValidatePodSpecificAnnotations` at `path`.
pub fn validate_pod_annotations(
    ctx: &mut Ctx,
    scope: &PodScope,
    annotations: Option<&Node>,
    path: &Path,
) {
    let Some(annotations) = annotations.filter(|a| a.is_map()) else {
        return;
    };
    if let Some(value) = annotation(Some(annotations), MIRROR_ANNOTATION) {
        if scope.spec.str_of("nodeName").is_empty() {
            let span = annotations.at(MIRROR_ANNOTATION);
            ctx.invalid(
                &MIRROR_POD,
                &path.key(MIRROR_ANNOTATION),
                span,
                value,
                "must set spec.nodeName if mirror pod annotation is set",
            );
        }
    }
    if let Some(value) =
        annotation(Some(annotations), TOLERATIONS_ANNOTATION).filter(|v| !v.is_empty())
    {
        let err = match json::go_json_kinds(value.as_bytes()) {
            Err(e) => Some(e),
            Ok(("array" | "null", elements)) => elements
                .iter()
                .find(|k| !matches!(**k, "object" | "null"))
                .map(|k| {
                    format!("json: cannot unmarshal {k} into Go value of type core.Toleration")
                }),
            Ok((k, _)) => Some(format!(
                "json: cannot unmarshal {k} into Go value of type []core.Toleration"
            )),
        };
        if let Some(e) = err {
            let span = annotations.at(TOLERATIONS_ANNOTATION);
            ctx.invalid(
                &TOLERATIONS_ANNOTATION_JSON,
                path,
                span,
                TOLERATIONS_ANNOTATION,
                e,
            );
        }
    }
    if let Some(value) = annotation(Some(annotations), DELETION_COST_ANNOTATION) {
        if !valid_deletion_cost(value) {
            let span = annotations.at(DELETION_COST_ANNOTATION);
            ctx.invalid(
                &DELETION_COST,
                &path.key(DELETION_COST_ANNOTATION),
                span,
                value,
                "must be a 32bit integer",
            );
        }
    }
    let entries = json::sorted_entries(annotations);
    if let Some(value) = annotation(Some(annotations), SECCOMP_POD_ANNOTATION) {
        validate_seccomp_profile(
            ctx,
            value,
            &path.child(SECCOMP_POD_ANNOTATION),
            annotations.at(SECCOMP_POD_ANNOTATION),
        );
    }
    for (key, value, key_span) in &entries {
        if key.starts_with(SECCOMP_CONTAINER_PREFIX) {
            let span = if value.span.is_empty() {
                *key_span
            } else {
                value.span
            };
            validate_seccomp_profile(ctx, json::map_value(value), &path.child(key), span);
        }
    }
    // The container names, once (a lookup per annotation would be quadratic on big inputs).
    let containers: std::collections::HashSet<&str> = visit_containers(scope.spec)
        .map(|(_, _, c)| c.str_of("name"))
        .collect();
    for (key, value, key_span) in &entries {
        let Some(container) = key.strip_prefix(APPARMOR_PREFIX) else {
            continue;
        };
        let key_path = path.key(key);
        if !containers.contains(container) {
            ctx.invalid(
                &APPARMOR_CONTAINER,
                &key_path,
                *key_span,
                container,
                "container not found",
            );
        }
        let profile = json::map_value(value);
        if !(profile.is_empty()
            || profile == "runtime/default"
            || profile == "unconfined"
            || profile.starts_with("localhost/"))
        {
            let span = if value.span.is_empty() {
                *key_span
            } else {
                value.span
            };
            ctx.invalid(
                &APPARMOR_PROFILE,
                &key_path,
                span,
                profile,
                format!(
                    "invalid AppArmor profile name: {}",
                    super::go_quote(profile)
                ),
            );
        }
    }
}

/// `GetDeletionCostFromPodAnnotations` accepts the value.
fn valid_deletion_cost(value: &str) -> bool {
    let b = value.as_bytes();
    let first_ok = b.is_empty() || b[0] == b'-' || value == "0" || (b[0] >= b'1' && b[0] <= b'9');
    first_ok && value.parse::<i32>().is_ok() && !value.starts_with('+')
}

/// `ValidateSeccompProfile`
fn validate_seccomp_profile(ctx: &mut Ctx, p: &str, path: &Path, span: Span) {
    if matches!(p, "runtime/default" | "docker/default" | "unconfined") {
        return;
    }
    if let Some(rest) = p.strip_prefix("localhost/") {
        if rest.starts_with('/') {
            ctx.invalid(
                &SECCOMP_ANNOTATION,
                path,
                span,
                rest,
                "must be a relative path",
            );
        }
        if rest.split('/').any(|part| part == "..") {
            ctx.invalid(
                &SECCOMP_ANNOTATION,
                path,
                span,
                rest,
                "must not contain '..'",
            );
        }
        return;
    }
    ctx.invalid(
        &SECCOMP_ANNOTATION,
        path,
        span,
        p,
        "must be a valid seccomp profile",
    );
}

/// A container of any kind by name.
pub fn find_container<'d>(spec: &'d Node, name: &str) -> Option<&'d Node> {
    ["initContainers", "containers", "ephemeralContainers"]
        .iter()
        .flat_map(|k| spec.seq_of(k))
        .find(|c| c.str_of("name") == name)
}

/// The containers of a pod spec in the server's visit order (init, regular, ephemeral), with the
/// field name of their list and their index.
pub fn visit_containers(spec: &Node) -> impl Iterator<Item = (&'static str, usize, &Node)> {
    ["initContainers", "containers", "ephemeralContainers"]
        .into_iter()
        .flat_map(move |k| {
            spec.seq_of(k)
                .iter()
                .enumerate()
                .map(move |(i, c)| (k, i, c))
        })
}

/// Seccomp/AppArmor annotation versus field consistency on create (`spec_path` is the pod spec's).
pub fn validate_annotation_field_consistency(ctx: &mut Ctx, scope: &PodScope, spec_path: &Path) {
    let annotations = scope.meta.get("annotations").filter(|a| a.is_map());
    let Some(annotations) = annotations else {
        return;
    };
    let spec = scope.spec;
    let by_key = crate::yaml::KeyIndex::new(Some(annotations));
    let pod_sc = spec.map_of("securityContext");
    if let Some(profile) = pod_sc.and_then(|sc| sc.map_of("seccompProfile")) {
        if let Some(ann) = annotation(Some(annotations), SECCOMP_POD_ANNOTATION) {
            let sc_path = spec_path.child("securityContext");
            let sp = sc_path.child("seccompProfile");
            seccomp_match(ctx, ann, profile, &sp);
        }
    }
    for (list, i, c) in visit_containers(spec) {
        let Some(profile) = c
            .map_of("securityContext")
            .and_then(|sc| sc.map_of("seccompProfile"))
        else {
            continue;
        };
        let key = format!("{SECCOMP_CONTAINER_PREFIX}{}", c.str_of("name"));
        if let Some(ann) = by_key.value(&key) {
            let lp = spec_path.child(list);
            let cp = lp.index(i);
            let scp = cp.child("securityContext");
            let sp = scp.child("seccompProfile");
            seccomp_match(ctx, ann, profile, &sp);
        }
    }
    if spec
        .map_of("os")
        .is_some_and(|os| os.str_of("name") == "windows")
    {
        return;
    }
    let pod_profile = pod_sc.and_then(|sc| sc.map_of("appArmorProfile"));
    for (list, i, c) in visit_containers(spec) {
        let key = format!("{APPARMOR_PREFIX}{}", c.str_of("name"));
        let Some(ann) = by_key.value(&key) else {
            continue;
        };
        let own = c
            .map_of("securityContext")
            .and_then(|sc| sc.map_of("appArmorProfile"));
        if own.is_none() && scope.is_pod && apparmor_field_for_annotation(ann).is_some() {
            // The Pod strategy copies the annotation into the container's field first.
            continue;
        }
        let Some(profile) = own.or(pod_profile) else {
            continue;
        };
        let lp = spec_path.child(list);
        let cp = lp.index(i);
        let scp = cp.child("securityContext");
        let ap = scp.child("appArmorProfile");
        let ty = profile.str_of("type");
        let type_mismatch = match ty {
            "Unconfined" => ann != "unconfined",
            "RuntimeDefault" => ann != "runtime/default",
            "Localhost" => !ann.starts_with("localhost/"),
            _ => false,
        };
        if type_mismatch {
            ctx.forbidden(
                &APPARMOR_MISMATCH,
                &ap.child("type"),
                profile.at("type"),
                "apparmor type in annotation and field must match",
            );
        } else if ty == "Localhost"
            && profile.opt_str("localhostProfile") != ann.strip_prefix("localhost/")
        {
            ctx.forbidden(
                &APPARMOR_MISMATCH,
                &ap.child("localhostProfile"),
                profile.at("localhostProfile"),
                "apparmor profile in annotation and field must match",
            );
        }
    }
}

fn seccomp_match(ctx: &mut Ctx, ann: &str, profile: &Node, path: &Path) {
    let ty = profile.str_of("type");
    let type_mismatch = match ty {
        "Unconfined" => ann != "unconfined",
        "RuntimeDefault" => ann != "runtime/default" && ann != "docker/default",
        "Localhost" => !ann.starts_with("localhost/"),
        _ => false,
    };
    if type_mismatch {
        ctx.forbidden(
            &SECCOMP_MISMATCH,
            &path.child("type"),
            profile.at("type"),
            "seccomp type in annotation and field must match",
        );
    } else if ty == "Localhost"
        && profile.opt_str("localhostProfile") != ann.strip_prefix("localhost/")
    {
        ctx.forbidden(
            &SECCOMP_MISMATCH,
            &path.child("localhostProfile"),
            profile.at("localhostProfile"),
            "seccomp profile in annotation and field must match",
        );
    }
}

/// The `appArmorProfile` the Pod strategy derives from an annotation (`apparmorFieldForAnnotation`
/// followed by `ValidateAppArmorProfileField`): `None` when the annotation gives no valid field.
/// The value is (type, localhost profile).
pub fn apparmor_field_for_annotation(ann: &str) -> Option<(&'static str, Option<&str>)> {
    match ann {
        "unconfined" => Some(("Unconfined", None)),
        "runtime/default" => Some(("RuntimeDefault", None)),
        _ => {
            let profile = ann.strip_prefix("localhost/").filter(|p| !p.is_empty())?;
            if profile.trim() != profile || profile.len() > 4095 {
                return None;
            }
            Some(("Localhost", Some(profile)))
        }
    }
}

/// Whether an `appArmorProfile` mapping equals a derived (type, localhost profile).
pub fn apparmor_profile_equals(profile: Option<&Node>, derived: (&str, Option<&str>)) -> bool {
    profile.is_some_and(|p| {
        p.str_of("type") == derived.0 && p.opt_str("localhostProfile") == derived.1
    })
}

/// `true` for a mapping value that is present and not `null`.
pub fn is_set(node: &Node, key: &str) -> bool {
    node.get(key)
        .is_some_and(|v| !matches!(v.value, Value::Null))
}

#[cfg(test)]
mod tests {
    use crate::analyze::analyze;
    use crate::validate::Options;

    fn errors(yaml: &str) -> Vec<String> {
        analyze(yaml, &Options::default()).documents[0]
            .server_errors
            .clone()
    }

    #[test]
    fn name_and_labels() {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    owner: kubelinter@stackrox.com\n";
        assert_eq!(
            errors(yaml),
            vec![
                "metadata.name: Required value: name or generateName is required",
                "metadata.labels: Invalid value: \"kubelinter@stackrox.com\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            ]
        );
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cm-\n";
        assert!(errors(yaml).is_empty());
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vttablet-{{uid}}\n";
        assert_eq!(errors(yaml).len(), 1);
    }

    #[test]
    fn finalizers_and_owners() {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  finalizers: [orphan, foregroundDeletion, foo]\n  ownerReferences:\n  - {apiVersion: v1, kind: Event, name: e, uid: u}\n";
        assert_eq!(
            errors(yaml),
            vec![
                "metadata.ownerReferences: Invalid value: {\"apiVersion\":\"v1\",\"kind\":\"Event\",\"name\":\"e\",\"uid\":\"u\"}: /v1, Kind=Event is disallowed from being an owner",
                "metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\",\"foo\"]: finalizer orphan and foregroundDeletion cannot be both set",
                "metadata.finalizers[2]: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified",
            ]
        );
    }

    #[test]
    fn apparmor_annotations() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/container1: runtime/default\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
        assert!(errors(yaml).contains(&"metadata.annotations[container.apparmor.security.beta.kubernetes.io/container1]: Invalid value: \"container1\": container not found".to_string()));
    }
}
