//! API-server warnings: TODO(helper) — see spec §14.

use super::pod::PodScope;
use super::{Ctx, Path};

pub const RULES: &[&crate::rules::Rule] = &[];

/// `GetWarningsForPod` / `GetWarningsForPodTemplate`: `path` is the root for a Pod, or the
/// template path (`spec.template`) for a workload.
pub fn pod_warnings(_ctx: &mut Ctx, _scope: &PodScope, _path: &Path) {}
