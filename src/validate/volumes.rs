//! Volumes (`ValidateVolumes`): TODO(helper) — see spec §8.

use std::collections::HashMap;

use super::pod::PodScope;
use super::{Ctx, Path};
use crate::yaml::Node;

pub const RULES: &[&crate::rules::Rule] = &[];

/// The volumes that passed validation, by name (mounts of any other name are `Not found`).
#[derive(Debug, Default)]
pub struct VolumeSet<'d> {
    pub by_name: HashMap<&'d str, &'d Node>,
}

/// Validates `spec.volumes` (`path` is `…spec.volumes`) and returns the valid ones.
pub fn validate_volumes<'d>(_ctx: &mut Ctx, scope: &PodScope<'d>, _path: &Path) -> VolumeSet<'d> {
    let mut set = VolumeSet::default();
    for v in scope.spec.seq_of("volumes") {
        let name = v.str_of("name");
        if !name.is_empty() {
            set.by_name.entry(name).or_insert(v);
        }
    }
    set
}
