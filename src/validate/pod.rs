//! Pods and pod templates: the order in which the API server validates a pod spec
//! (`ValidatePodSpec`), the checks that apply only to Pods (`validatePodMetadataAndSpec`) or only
//! on create (`ValidatePodCreate`), and generic pod-template validation (`ValidatePodTemplateSpec`).
//!
//! - A Pod's `metadata` is checked as ObjectMeta (name a DNS subdomain) plus the pod-specific
//!   annotations; a template's `labels` and `annotations` are checked at `<template>.labels` and
//!   `<template>.annotations` (sic: not `.metadata.labels`).
//! - `spec.ephemeralContainers` cannot be set on create (`Forbidden: cannot be set on create`) and
//!   is never allowed in a template (`Forbidden: ephemeral containers not allowed in pod template`).
//! - `spec.nodeName` together with `spec.schedulingGates` is forbidden on create.

use super::{Ctx, Path, containers, meta, podspec, resources, volumes, warnings};
use crate::rule;
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Reports `spec.ephemeralContainers` in a Pod being created, or in any pod
    /// template.
    ///
    /// **Why it matters** Ephemeral containers are added to running pods through the
    /// `ephemeralcontainers` subresource (`kubectl debug`); the API server refuses them on create and in
    /// templates.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Pod
    /// spec:
    ///   containers: [{name: web, image: nginx}]
    ///   ephemeralContainers: [{name: debug, image: busybox}]
    /// ```
    ///
    /// ```yaml
    /// kind: Pod
    /// spec:
    ///   containers: [{name: web, image: nginx}]
    /// ```
    ///
    /// **Fix** Remove them from the manifest and use `kubectl debug -it <pod> --image=busybox` when
    /// needed.
    ///
    /// **Kubernetes source** `ValidatePodCreate` and `ValidatePodTemplateSpec` in
    /// `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_ON_CREATE,
    "PS1001",
    "ephemeral-containers-on-create",
    Error,
    "ephemeral containers cannot be set when a pod is created, nor in a pod template"
);
rule!(
    /// **What it does** Reports a Pod created with both `spec.nodeName` and `spec.schedulingGates`.
    ///
    /// **Why it matters** A pod with a node name bypasses the scheduler, so gates could never hold it
    /// back; the API server forbids the combination on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   nodeName: worker-1
    ///   schedulingGates: [{name: example.com/quota}]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   schedulingGates: [{name: example.com/quota}]
    /// ```
    ///
    /// **Fix** Use a node selector or affinity instead of `nodeName`, or drop the gates.
    ///
    /// **Kubernetes source** `ValidatePodCreate` in `pkg/apis/core/validation/validation.go`.
    NODE_NAME_WITH_GATES,
    "PS1002",
    "node-name-with-scheduling-gates",
    Error,
    "spec.nodeName cannot be set while scheduling gates remain"
);

pub const RULES: &[&crate::diagnostic::Rule] = &[&EPHEMERAL_ON_CREATE, &NODE_NAME_WITH_GATES];

/// An empty mapping, for an absent `spec` or `metadata`.
pub static EMPTY_MAP: Node = Node {
    value: Value::Map(Vec::new()),
    span: crate::source::Span::EMPTY,
    plain: false,
};

/// What the checks of one pod spec need to know about where it sits.
#[derive(Clone, Copy, Debug)]
pub struct PodScope<'d> {
    /// The pod spec (an empty mapping when absent).
    pub spec: &'d Node,
    /// The Pod's `metadata`, or the template's `metadata` (empty mapping when absent).
    pub meta: &'d Node,
    /// `opts.ResourceIsPod`: a Pod, not a template (pods get defaulting and checks templates skip).
    pub is_pod: bool,
    /// Where to point when the whole spec is meant (its key, or the object's first line).
    pub spec_span: crate::source::Span,
}

impl PodScope<'_> {
    pub fn pod_name(&self) -> &str {
        self.meta.str_of("name")
    }
}

/// `ValidatePodSpec` in the server's order.
pub fn validate_pod_spec(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let vols = volumes::validate_volumes(ctx, scope, &path.child("volumes"));
    podspec::validate_resource_claims(ctx, scope, path);
    containers::validate_containers(ctx, scope, &vols, path);
    containers::validate_init_containers(ctx, scope, &vols, path);
    containers::validate_ephemeral_containers(ctx, scope, &vols, path);
    resources::validate_pod_level_resources(ctx, scope, path);
    // Steps 8–30 and 32; overhead is step 31 but nothing between reads it, so it can follow.
    podspec::validate_spec_fields(ctx, scope, path);
    resources::validate_overhead(ctx, scope, path);
    containers::validate_file_key_ref_volumes(ctx, scope, path);
}

/// A Pod (kind `Pod`): metadata, spec, pod-only and create-only checks, and warnings.
pub fn validate_pod(ctx: &mut Ctx, root: &Node) {
    let meta_node = root.map_of("metadata").unwrap_or(&EMPTY_MAP);
    let spec = root.map_of("spec").unwrap_or(&EMPTY_MAP);
    let scope = PodScope {
        spec,
        meta: meta_node,
        is_pod: true,
        spec_span: root.key_at("spec"),
    };
    let metadata = Path::ROOT.child("metadata");
    meta::validate_object_meta(
        ctx,
        root,
        meta_node,
        &metadata,
        meta::NameRule::Subdomain,
        true,
    );
    meta::validate_pod_annotations(
        ctx,
        &scope,
        meta_node.get("annotations"),
        &metadata.child("annotations"),
    );
    let spec_path = Path::ROOT.child("spec");
    validate_pod_spec(ctx, &scope, &spec_path);
    containers::validate_containers_only_for_pod(ctx, &scope, &spec_path);
    let ephemeral = spec.seq_of("ephemeralContainers");
    if !ephemeral.is_empty() {
        ctx.forbidden(
            &EPHEMERAL_ON_CREATE,
            &spec_path.child("ephemeralContainers"),
            spec.key_at("ephemeralContainers"),
            "cannot be set on create",
        );
    }
    if !spec.str_of("nodeName").is_empty() && !spec.seq_of("schedulingGates").is_empty() {
        ctx.forbidden(
            &NODE_NAME_WITH_GATES,
            &spec_path.child("nodeName"),
            spec.at("nodeName"),
            "cannot be set until all schedulingGates have been cleared",
        );
    }
    meta::validate_annotation_field_consistency(ctx, &scope, &spec_path);
    warnings::pod_warnings(ctx, &scope, &Path::ROOT);
}

/// `ValidatePodTemplateSpec` at `path` (e.g. `spec.template`), plus the template's warnings.
pub fn validate_pod_template(ctx: &mut Ctx, template: &Node, path: &Path) {
    let meta_node = template.map_of("metadata").unwrap_or(&EMPTY_MAP);
    let spec = template.map_of("spec").unwrap_or(&EMPTY_MAP);
    let scope = PodScope {
        spec,
        meta: meta_node,
        is_pod: false,
        spec_span: template.key_at("spec"),
    };
    meta::validate_labels(ctx, meta_node.get("labels"), &path.child("labels"));
    meta::validate_annotations(
        ctx,
        meta_node.get("annotations"),
        &path.child("annotations"),
    );
    meta::validate_pod_annotations(
        ctx,
        &scope,
        meta_node.get("annotations"),
        &path.child("annotations"),
    );
    let spec_path = path.child("spec");
    validate_pod_spec(ctx, &scope, &spec_path);
    meta::validate_annotation_field_consistency(ctx, &scope, &spec_path);
    if !spec.seq_of("ephemeralContainers").is_empty() {
        ctx.forbidden(
            &EPHEMERAL_ON_CREATE,
            &spec_path.child("ephemeralContainers"),
            spec.key_at("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
    warnings::pod_warnings(ctx, &scope, path);
}
