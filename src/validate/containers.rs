//! Containers (`validateContainers`, `validateInitContainers`, `validateEphemeralContainers`,
//! `validateContainerCommon`): TODO(helper) — see spec §7.

use super::pod::PodScope;
use super::volumes::VolumeSet;
use super::{Ctx, Path};

pub const RULES: &[&crate::rules::Rule] = &[];

/// `spec.containers` (`path` is the pod spec's path).
pub fn validate_containers(_ctx: &mut Ctx, _scope: &PodScope, _volumes: &VolumeSet, _path: &Path) {}

/// `spec.initContainers`
pub fn validate_init_containers(
    _ctx: &mut Ctx,
    _scope: &PodScope,
    _volumes: &VolumeSet,
    _path: &Path,
) {
}

/// `spec.ephemeralContainers`
pub fn validate_ephemeral_containers(
    _ctx: &mut Ctx,
    _scope: &PodScope,
    _volumes: &VolumeSet,
    _path: &Path,
) {
}
