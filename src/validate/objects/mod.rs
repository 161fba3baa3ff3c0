//! The objects around the pods that Podscope validates (with their create-time warnings):
//! Services, PodDisruptionBudgets, HorizontalPodAutoscalers, NetworkPolicies and Ingresses.
//! Each file is one kind (or two close ones) and documents what it checks and what it leaves out.

pub mod autoscaling;
pub mod disruption;
pub mod networking;
pub mod service;

use crate::diagnostic::Rule;
use crate::source::Span;
use crate::yaml::Node;

use super::meta::{self, NameRule};
use super::{Ctx, ErrValue, Path};

/// Validates `root` when it is one of these kinds; `false` when it is not.
pub fn validate_object(ctx: &mut Ctx, kind: &str, root: &Node) -> bool {
    match kind {
        "Service" => service::validate(ctx, root),
        "PodDisruptionBudget" => disruption::validate(ctx, root),
        "HorizontalPodAutoscaler" => {
            autoscaling::validate(ctx, root, root.str_of("apiVersion") == "autoscaling/v1");
        }
        "NetworkPolicy" => networking::network_policy(ctx, root),
        "Ingress" => networking::ingress(ctx, root),
        _ => return false,
    }
    true
}

/// `ValidateObjectMeta` with the kind's name rule; returns the metadata mapping.
fn object_meta<'d>(ctx: &mut Ctx, root: &'d Node, name: NameRule) -> &'d Node {
    meta::validate_metadata_of(ctx, root, name)
}

/// The value's span, or `fallback` when the key is absent.
fn at_or(node: &Node, key: &str, fallback: Span) -> Span {
    if node.get(key).is_some() {
        node.at(key)
    } else {
        fallback
    }
}

/// A string field that must be set (`Required` with `detail`, at `fallback` when absent) and,
/// when set, pass `check` (one `Invalid` per message).
#[allow(clippy::too_many_arguments)]
fn required_then(
    ctx: &mut Ctx,
    rule: &'static Rule,
    node: &Node,
    key: &str,
    path: &Path,
    fallback: Span,
    detail: &str,
    check: fn(&str) -> Vec<String>,
) {
    let value = node.str_of(key);
    if value.is_empty() {
        ctx.required_detail(rule, path, at_or(node, key, fallback), detail);
        return;
    }
    let msgs = check(value);
    if !msgs.is_empty() {
        ctx.invalid_each(rule, path, node.at(key), &ErrValue::from(value), msgs);
    }
}

/// A path segment name (`kind`, `name` of a reference): not `.` or `..`, no `/` or `%`.
fn path_segment(value: &str) -> Vec<String> {
    super::format::path_segment_name(value, false)
}
