//! Label selectors (`metav1/validation.ValidateLabelSelector`) and the `matchLabelKeys` /
//! `mismatchLabelKeys` of pod (anti-)affinity terms and topology spread constraints.
//!
//! # Label selectors (used by affinity terms, topology spread and workload selectors)
//! - `matchLabels` is checked like labels (`ValidateLabels`, see the metadata rules), at
//!   `<selector>.matchLabels`.
//! - `PS2027` label-selector-requirement — each `matchExpressions[i]`:
//!   `In`/`NotIn` need values (`<selector>.matchExpressions[0].values: Required value: must be
//!   specified when `operator` is 'In' or 'NotIn'`); `Exists`/`DoesNotExist` take none
//!   (`Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'`); any other
//!   operator (`Gt`, `in`, …) is `<selector>.matchExpressions[0].operator: Invalid value: "in": not
//!   a valid selector operator`; the key must be a qualified name
//!   (`…matchExpressions[0].key: Invalid value: …: name part …`); each value must be a label value
//!   (`…matchExpressions[0].values[1]: Invalid value: …`).
//!
//! # matchLabelKeys and mismatchLabelKeys (`ValidateMatchLabelKeysAndMismatchLabelKeys`)
//! - `PS2026` match-label-keys — the keys need a `labelSelector` (`<term>.matchLabelKeys:
//!   Forbidden: must not be specified when labelSelector is not set`), must be qualified names
//!   (`<term>.matchLabelKeys[0]: Invalid value: …`), a key may not be in both lists
//!   (`<term>.matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and
//!   mismatchLabelKeys`), and a `matchLabelKeys` key may not already be in the selector:
//!   `<term>[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector` (sic: the
//!   index of the key is appended to the term's own path).
//!
//! For a Pod (not a template) the API server first merges the keys into the selector
//! (`PrepareForCreate`): for each `matchLabelKeys` key the pod's labels have it appends
//! `{key: k, operator: In, values: [<label value>]}` (`NotIn` for `mismatchLabelKeys`) to
//! `matchExpressions`. So a key that is both in `matchLabelKeys` and in the selector is an error
//! for a Pod that carries that label, and the merged expressions are validated too.

use crate::rule;
use crate::source::Span;
use crate::validate::{Ctx, Path, format, meta};
use crate::yaml::Node;

rule!(
    /// **What it does** Checks `matchLabelKeys` and `mismatchLabelKeys` of affinity terms and topology
    /// spread constraints: a `labelSelector` must be given, keys are qualified names, no key in both
    /// lists, and no `matchLabelKeys` key already in the selector (for Pods, after the server merges the
    /// keys into the selector).
    ///
    /// **Why it matters** The keys are merged into the selector with the pod's own label values; a key
    /// the selector already constrains would conflict, and the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// topologySpreadConstraints:
    /// - maxSkew: 1
    ///   topologyKey: topology.kubernetes.io/zone
    ///   whenUnsatisfiable: DoNotSchedule
    ///   matchLabelKeys: [pod-template-hash]
    /// ```
    ///
    /// ```yaml
    /// topologySpreadConstraints:
    /// - maxSkew: 1
    ///   topologyKey: topology.kubernetes.io/zone
    ///   whenUnsatisfiable: DoNotSchedule
    ///   labelSelector: {matchLabels: {app: web}}
    ///   matchLabelKeys: [pod-template-hash]
    /// ```
    ///
    /// **Fix** Add the `labelSelector`, and keep each key in one place only.
    ///
    /// **Kubernetes source** `ValidateMatchLabelKeysAndMismatchLabelKeys` (and
    /// `validateMatchLabelKeysInTopologySpread`) in `pkg/apis/core/validation/validation.go`.
    MATCH_LABEL_KEYS,
    "PS2026",
    "match-label-keys",
    Error,
    "matchLabelKeys and mismatchLabelKeys need a labelSelector, valid keys, and no key in both lists or already in the selector"
);
rule!(
    /// **What it does** Checks each `matchExpressions` entry of a label selector: operator `In`,
    /// `NotIn`, `Exists` or `DoesNotExist`; values for `In`/`NotIn` and none for the others; a
    /// qualified-name key and label-value values.
    ///
    /// **Why it matters** A malformed expression is rejected; `Gt` or lower-case `in` are common slips
    /// from node selectors.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// labelSelector:
    ///   matchExpressions:
    ///   - {key: app, operator: in, values: [web]}
    /// ```
    ///
    /// ```yaml
    /// labelSelector:
    ///   matchExpressions:
    ///   - {key: app, operator: In, values: [web]}
    /// ```
    ///
    /// **Fix** Spell the operator exactly and give values only where it takes them.
    ///
    /// **Kubernetes source** `ValidateLabelSelectorRequirement` (via `ValidateLabelSelector`) in
    /// `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go`.
    LABEL_SELECTOR_REQUIREMENT,
    "PS2027",
    "label-selector-requirement",
    Error,
    "label selector expressions need a valid key, a known operator and matching values"
);

/// `metav1/validation.LabelSelectorValidationOptions`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SelectorOptions {
    /// `AllowInvalidLabelValueInSelector`: skip the label-value check of `matchExpressions`
    /// values. The server only sets it on updates of objects that already had such a value, so
    /// it is `false` on create.
    pub allow_invalid_label_value: bool,
}

/// `ValidateLabelSelector(selector, opts, path)`: `selector` is the `LabelSelector` mapping
/// (call it only when the field is present and not `null`; a nil selector has no errors) and
/// `path` is the selector's own path (e.g. `spec.selector`).
pub fn validate_label_selector(ctx: &mut Ctx, selector: &Node, path: &Path, opts: SelectorOptions) {
    validate_selector_with(ctx, selector, &[], path, opts);
}

/// A requirement the API server merged into a Pod's selector from `matchLabelKeys` (`In`) or
/// `mismatchLabelKeys` (`NotIn`) before validation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MergedRequirement<'a> {
    pub key: &'a str,
    pub operator: &'static str,
    pub value: &'a str,
    /// The `matchLabelKeys` entry it comes from.
    pub span: Span,
}

/// The requirements `PrepareForCreate` appends to a Pod's selector: `key In (value)` for each
/// `match_keys` key found in `labels`, then `key NotIn (value)` for each `mismatch_keys` key.
pub(crate) fn merged_requirements<'a>(
    labels: Option<&'a Node>,
    match_keys: &'a [Node],
    mismatch_keys: &'a [Node],
) -> Vec<MergedRequirement<'a>> {
    let mut merged = Vec::new();
    let Some(labels) = labels else {
        return merged;
    };
    for (keys, operator) in [(match_keys, "In"), (mismatch_keys, "NotIn")] {
        for key_node in keys {
            let key = key_node.as_str().unwrap_or("");
            if let Some(entry) = labels.entry(key) {
                merged.push(MergedRequirement {
                    key,
                    operator,
                    value: entry.value.as_str().unwrap_or(""),
                    span: key_node.span,
                });
            }
        }
    }
    merged
}

/// `ValidateLabelSelector` of a selector that also carries `merged` requirements after its own
/// `matchExpressions`.
pub(crate) fn validate_selector_with(
    ctx: &mut Ctx,
    selector: &Node,
    merged: &[MergedRequirement],
    path: &Path,
    opts: SelectorOptions,
) {
    meta::validate_labels(ctx, selector.get("matchLabels"), &path.child("matchLabels"));
    let exprs_path = path.child("matchExpressions");
    let exprs = selector.seq_of("matchExpressions");
    for (i, expr) in exprs.iter().enumerate() {
        let values = expr.seq_of("values");
        validate_requirement(
            ctx,
            &exprs_path.index(i),
            Requirement {
                key: expr.str_of("key"),
                key_span: expr.at("key"),
                operator: expr.str_of("operator"),
                operator_span: expr.at("operator"),
                values_span: expr.at("values"),
            },
            values.iter().map(|v| (v.as_str().unwrap_or(""), v.span)),
            opts,
        );
    }
    for (k, m) in merged.iter().enumerate() {
        validate_requirement(
            ctx,
            &exprs_path.index(exprs.len() + k),
            Requirement {
                key: m.key,
                key_span: m.span,
                operator: m.operator,
                operator_span: m.span,
                values_span: m.span,
            },
            std::iter::once((m.value, m.span)),
            opts,
        );
    }
}

#[derive(Clone, Copy)]
struct Requirement<'a> {
    key: &'a str,
    key_span: Span,
    operator: &'a str,
    operator_span: Span,
    values_span: Span,
}

/// `ValidateLabelSelectorRequirement`
fn validate_requirement<'a>(
    ctx: &mut Ctx,
    path: &Path,
    req: Requirement<'a>,
    values: impl ExactSizeIterator<Item = (&'a str, Span)>,
    opts: SelectorOptions,
) {
    match req.operator {
        "In" | "NotIn" => {
            if values.len() == 0 {
                ctx.required_detail(
                    &LABEL_SELECTOR_REQUIREMENT,
                    &path.child("values"),
                    req.values_span,
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
        }
        "Exists" | "DoesNotExist" => {
            if values.len() > 0 {
                ctx.forbidden(
                    &LABEL_SELECTOR_REQUIREMENT,
                    &path.child("values"),
                    req.values_span,
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                );
            }
        }
        _ => ctx.invalid(
            &LABEL_SELECTOR_REQUIREMENT,
            &path.child("operator"),
            req.operator_span,
            req.operator,
            "not a valid selector operator",
        ),
    }
    super::invalid_str(
        ctx,
        &LABEL_SELECTOR_REQUIREMENT,
        &path.child("key"),
        req.key_span,
        req.key,
        format::qualified_name(req.key),
    );
    if !opts.allow_invalid_label_value {
        let values_path = path.child("values");
        for (i, (value, span)) in values.enumerate() {
            super::invalid_str(
                ctx,
                &LABEL_SELECTOR_REQUIREMENT,
                &values_path.index(i),
                span,
                value,
                format::label_value(value),
            );
        }
    }
}

/// `ValidateMatchLabelKeysAndMismatchLabelKeys(path, matchLabelKeys, mismatchLabelKeys,
/// selector)`: `path` is the term's (or constraint's) path, `node` the term itself, `selector`
/// its `labelSelector` (with the `merged` requirements of a Pod).
pub(crate) fn validate_match_label_keys(
    ctx: &mut Ctx,
    node: &Node,
    path: &Path,
    selector: Option<&Node>,
    merged: &[MergedRequirement],
) {
    let match_keys = node.seq_of("matchLabelKeys");
    let mismatch_keys = node.seq_of("mismatchLabelKeys");
    for field in ["matchLabelKeys", "mismatchLabelKeys"] {
        let keys = node.seq_of(field);
        if keys.is_empty() {
            continue;
        }
        let at = path.child(field);
        if selector.is_none() {
            ctx.forbidden(
                &MATCH_LABEL_KEYS,
                &at,
                node.key_at(field),
                "must not be specified when labelSelector is not set",
            );
            continue;
        }
        for (i, key_node) in keys.iter().enumerate() {
            let key = key_node.as_str().unwrap_or("");
            super::invalid_str(
                ctx,
                &MATCH_LABEL_KEYS,
                &at.index(i),
                key_node.span,
                key,
                format::qualified_name(key),
            );
        }
    }
    if let Some(selector) = selector {
        if !match_keys.is_empty() {
            // The index of a key is its last position in matchLabelKeys (a Go map overwrites).
            let index_of = |key: &str| {
                match_keys
                    .iter()
                    .rposition(|k| k.as_str().unwrap_or("") == key)
            };
            let mut seen: Vec<&str> = selector
                .map_of("matchLabels")
                .map(|m| m.entries().iter().map(|e| e.key.as_str()).collect())
                .unwrap_or_default();
            let own = selector
                .seq_of("matchExpressions")
                .iter()
                .map(|e| (e.str_of("key"), e.at("key")));
            let added = merged.iter().map(|m| (m.key, m.span));
            for (key, span) in own.chain(added) {
                if let Some(i) = index_of(key) {
                    if seen.contains(&key) {
                        ctx.invalid(
                            &MATCH_LABEL_KEYS,
                            &path.index(i),
                            span,
                            key,
                            "exists in both matchLabelKeys and labelSelector",
                        );
                    }
                }
                seen.push(key);
            }
        }
    }
    if !mismatch_keys.is_empty() {
        let at = path.child("matchLabelKeys");
        for (i, key_node) in match_keys.iter().enumerate() {
            let key = key_node.as_str().unwrap_or("");
            if mismatch_keys
                .iter()
                .any(|k| k.as_str().unwrap_or("") == key)
            {
                ctx.invalid(
                    &MATCH_LABEL_KEYS,
                    &at.index(i),
                    key_node.span,
                    key,
                    "exists in both matchLabelKeys and mismatchLabelKeys",
                );
            }
        }
    }
}
