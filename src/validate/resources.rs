//! Resources: TODO(helper) — see spec §7.7, §7.8, §6.2.

use super::pod::PodScope;
use super::{Ctx, Path};
use crate::yaml::Node;

pub const RULES: &[&crate::rules::Rule] = &[];

/// `<container>.resources` (`path` is the container's path). Called by the container checks.
pub fn validate_container_resources(
    _ctx: &mut Ctx,
    _scope: &PodScope,
    _container: &Node,
    _path: &Path,
) {
}

/// Pod-level `spec.resources` and `spec.overhead` (`path` is the pod spec's path).
pub fn validate_pod_resources(_ctx: &mut Ctx, _scope: &PodScope, _path: &Path) {}
