//! Workloads and other kinds: TODO(helper) — see spec §15.

use super::Ctx;
use crate::yaml::Node;

pub const RULES: &[&crate::rules::Rule] = &[];

/// Validates an object of `kind` that is not a Pod.
pub fn validate_object(_ctx: &mut Ctx, _kind: &str, _root: &Node) {}
