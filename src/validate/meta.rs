//! Object metadata: TODO(helper) — see spec §4, §5.

use super::pod::PodScope;
use super::{Ctx, Path};
use crate::yaml::Node;

pub const RULES: &[&crate::rules::Rule] = &[];

/// How `metadata.name` is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    Subdomain,
    Label,
}

/// `ValidateObjectMeta` for the object `root` whose `metadata` is `meta` (at `path`).
pub fn validate_object_meta(
    _ctx: &mut Ctx,
    _root: &Node,
    _meta: &Node,
    _path: &Path,
    _name: NameRule,
    _namespaced: bool,
) {
}

/// `ValidateLabels` at `path` (the labels map itself).
pub fn validate_labels(_ctx: &mut Ctx, _labels: Option<&Node>, _path: &Path) {}

/// `ValidateAnnotations` at `path`.
pub fn validate_annotations(_ctx: &mut Ctx, _annotations: Option<&Node>, _path: &Path) {}

/// `ValidatePodSpecificAnnotations` at `path`.
pub fn validate_pod_annotations(
    _ctx: &mut Ctx,
    _scope: &PodScope,
    _annotations: Option<&Node>,
    _path: &Path,
) {
}

/// Seccomp/AppArmor annotation versus field consistency on create (`spec_path` is the pod spec's).
pub fn validate_annotation_field_consistency(_ctx: &mut Ctx, _scope: &PodScope, _spec_path: &Path) {
}
