//! PodDisruptionBudgets (`policy/v1`): what `ValidatePodDisruptionBudget` checks on create. The
//! name is only checked as a path segment (`metadata.name: Invalid value: "a/b": may not contain
//! '/'`): the PDB validation does not call `ValidateObjectMeta` with a name rule, so only the
//! generic create checks apply. `minAvailable` and `maxUnavailable` are each a non-negative
//! integer or a percentage up to 100%, and not both set; the selector is a label selector;
//! `unhealthyPodEvictionPolicy` is `IfHealthyBudget` or `AlwaysAllow`.

use crate::diagnostic::Rule;
use crate::rule;
use crate::validate::meta::NameRule;
use crate::validate::pod::EMPTY_MAP;
use crate::validate::podspec::{SelectorOptions, validate_label_selector};
use crate::validate::workloads::json;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Checks a PodDisruptionBudget sets at most one of `minAvailable` and
    /// `maxUnavailable`, each a non-negative integer or a percentage (`50%`) up to 100%.
    ///
    /// **Why it matters** The API server rejects the budget: `"2"` without `%` is neither, and
    /// the two fields contradict each other.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {minAvailable: 1, maxUnavailable: 1}
    /// ```
    ///
    /// ```yaml
    /// spec: {maxUnavailable: 1}
    /// ```
    ///
    /// **Fix** Keep one of the two, as an integer or a percentage.
    ///
    /// **Kubernetes source** `ValidatePodDisruptionBudgetSpec` (`ValidatePositiveIntOrPercent`,
    /// `IsNotMoreThan100Percent`) in `pkg/apis/policy/validation/validation.go`.
    PDB_BUDGET,
    "PS2240",
    "pdb-budget",
    Error,
    "a PodDisruptionBudget sets one of minAvailable and maxUnavailable, as an integer or a percentage"
);
rule!(
    /// **What it does** Checks a PodDisruptionBudget's `unhealthyPodEvictionPolicy` is
    /// `IfHealthyBudget` or `AlwaysAllow`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {unhealthyPodEvictionPolicy: Always}
    /// ```
    ///
    /// ```yaml
    /// spec: {unhealthyPodEvictionPolicy: AlwaysAllow}
    /// ```
    ///
    /// **Fix** Use one of the two supported policies, or leave the field out (`IfHealthyBudget`).
    ///
    /// **Kubernetes source** `ValidatePodDisruptionBudgetSpec` in
    /// `pkg/apis/policy/validation/validation.go`.
    PDB_EVICTION_POLICY,
    "PS2241",
    "pdb-eviction-policy",
    Error,
    "unhealthyPodEvictionPolicy is IfHealthyBudget or AlwaysAllow"
);

pub const RULES: &[&Rule] = &[&PDB_BUDGET, &PDB_EVICTION_POLICY];

pub fn validate(ctx: &mut Ctx, root: &Node) {
    super::object_meta(ctx, root, NameRule::PathSegment);
    let spec = root.map_of("spec").unwrap_or(&EMPTY_MAP);
    let sp = Path::ROOT.child("spec");
    let min = spec.get("minAvailable").filter(|n| !n.is_null());
    let max = spec.get("maxUnavailable").filter(|n| !n.is_null());
    if min.is_some() && max.is_some() {
        ctx.invalid(
            &PDB_BUDGET,
            &sp,
            root.key_at("spec"),
            ErrValue::Raw(spec_json(spec)),
            "minAvailable and maxUnavailable cannot be both set",
        );
    }
    for (key, node) in [("minAvailable", min), ("maxUnavailable", max)] {
        if let Some(node) = node {
            int_or_percent(ctx, node, &sp.child(key));
        }
    }
    if let Some(selector) = spec.get("selector").filter(|s| s.is_map()) {
        validate_label_selector(
            ctx,
            selector,
            &sp.child("selector"),
            SelectorOptions::default(),
        );
    }
    if let Some(policy) = spec.opt_str("unhealthyPodEvictionPolicy")
        && policy != "IfHealthyBudget"
        && policy != "AlwaysAllow"
    {
        ctx.not_supported(
            &PDB_EVICTION_POLICY,
            &sp.child("unhealthyPodEvictionPolicy"),
            spec.at("unhealthyPodEvictionPolicy"),
            policy,
            &["AlwaysAllow", "IfHealthyBudget"],
        );
    }
}

/// `ValidatePositiveIntOrPercent` then `IsNotMoreThan100Percent`.
fn int_or_percent(ctx: &mut Ctx, node: &Node, path: &Path) {
    if let Value::Str(s) = &node.value {
        let msgs = format::percent(s);
        let value = ErrValue::Raw(json::string(s));
        if !msgs.is_empty() {
            ctx.invalid_each(&PDB_BUDGET, path, node.span, &value, msgs);
        } else if s[..s.len() - 1].parse::<u64>().map_or(true, |p| p > 100) {
            ctx.invalid(
                &PDB_BUDGET,
                path,
                node.span,
                value,
                "must not be greater than 100%",
            );
        }
    } else {
        let i = node.as_i64().unwrap_or(0);
        if i < 0 {
            ctx.invalid(
                &PDB_BUDGET,
                path,
                node.span,
                i,
                "must be greater than or equal to 0",
            );
        }
    }
}

/// The internal `policy.PodDisruptionBudgetSpec` as JSON (Go field names: internal types have
/// no JSON tags).
fn spec_json(spec: &Node) -> String {
    let int_or_string = |key: &str| {
        spec.get(key)
            .filter(|n| !n.is_null())
            .map_or_else(|| "null".to_string(), json::int_or_string)
    };
    let policy = spec
        .opt_str("unhealthyPodEvictionPolicy")
        .map_or_else(|| "null".to_string(), json::string);
    format!(
        "{{\"MinAvailable\":{},\"Selector\":{},\"MaxUnavailable\":{},\"UnhealthyPodEvictionPolicy\":{policy}}}",
        int_or_string("minAvailable"),
        json::label_selector(spec.get("selector")),
        int_or_string("maxUnavailable"),
    )
}
