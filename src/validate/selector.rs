//! Label selectors (`metav1.LabelSelector`): `ValidateLabelSelector`, and the conversion
//! `LabelSelectorAsSelector` with its matching semantics.
//!
//! - `<sel>.matchLabels`: keys and values checked as labels, at the un-keyed path
//!   (`spec.selector.matchLabels: Invalid value: "a b": name part must consist of …`).
//! - `<sel>.matchExpressions[i].operator`: `In`, `NotIn`, `Exists` or `DoesNotExist`, else
//!   `Invalid value: "in": not a valid selector operator`.
//! - `<sel>.matchExpressions[i].values`: `Required value: must be specified when `operator` is
//!   'In' or 'NotIn'`, or `Forbidden: may not be specified when `operator` is 'Exists' or
//!   'DoesNotExist'`; each value must be a label value
//!   (`<sel>.matchExpressions[i].values[j]: Invalid value: …`) unless the caller allows invalid
//!   values (pod affinity of an old object; never on create of a workload).
//! - `<sel>.matchExpressions[i].key`: a qualified name.
//!
//! A missing selector selects nothing; an empty one (`{}`) selects everything; a selector that
//! does not convert (any of the errors above) is reported by the workload as
//! `invalid label selector`.

use crate::validate::{Ctx, ErrValue, Path, format, meta};
use crate::rule;
use crate::rules::Rule;
use crate::yaml::Node;

rule!(SELECTOR_OPERATOR, "PS2150", "label-selector-operator", Error, "a label selector expression operator must be In, NotIn, Exists or DoesNotExist");
rule!(SELECTOR_VALUES, "PS2151", "label-selector-values", Error, "label selector values must be given for In and NotIn, absent for Exists and DoesNotExist, and be valid label values");
rule!(SELECTOR_KEY, "PS2152", "label-selector-key", Error, "a label selector expression key must be a valid label key");

pub const RULES: &[&Rule] = &[&SELECTOR_OPERATOR, &SELECTOR_VALUES, &SELECTOR_KEY];

/// `ValidateLabelSelector(selector, opts, path)`: `selector` is the selector mapping.
pub fn validate_label_selector(ctx: &mut Ctx, selector: &Node, path: &Path, allow_invalid_values: bool) {
    meta::validate_labels(ctx, selector.get("matchLabels"), &path.child("matchLabels"));
    let exprs_path = path.child("matchExpressions");
    for (i, expr) in selector.seq_of("matchExpressions").iter().enumerate() {
        let expr_path = exprs_path.index(i);
        let values = expr.seq_of("values");
        let values_path = expr_path.child("values");
        match expr.str_of("operator") {
            "In" | "NotIn" => {
                if values.is_empty() {
                    let span = if expr.entry("values").is_some() { expr.key_at("values") } else { expr.at("operator") };
                    ctx.required_detail(&SELECTOR_VALUES, &values_path, span, "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    ctx.forbidden(&SELECTOR_VALUES, &values_path, expr.key_at("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
            op => {
                ctx.invalid(&SELECTOR_OPERATOR, &expr_path.child("operator"), expr.at("operator"), op, "not a valid selector operator");
            }
        }
        let key = expr.str_of("key");
        let msgs = format::qualified_name(key);
        if !msgs.is_empty() {
            ctx.invalid_each(&SELECTOR_KEY, &expr_path.child("key"), expr.at("key"), &ErrValue::from(key), msgs);
        }
        if !allow_invalid_values {
            for (j, v) in values.iter().enumerate() {
                let value = v.as_str().unwrap_or("");
                let msgs = format::label_value(value);
                if !msgs.is_empty() {
                    ctx.invalid_each(&SELECTOR_VALUES, &values_path.index(j), v.span, &ErrValue::from(value), msgs);
                }
            }
        }
    }
}

/// Whether `LabelSelectorAsSelector` accepts the selector (every key, value and operator valid).
pub fn selector_converts(selector: &Node) -> bool {
    if let Some(labels) = selector.map_of("matchLabels") {
        for e in labels.entries() {
            if !format::qualified_name(&e.key).is_empty() || !format::label_value(e.value.as_str().unwrap_or("")).is_empty() {
                return false;
            }
        }
    }
    for expr in selector.seq_of("matchExpressions") {
        let values = expr.seq_of("values");
        let ok_op = match expr.str_of("operator") {
            "In" | "NotIn" => !values.is_empty(),
            "Exists" | "DoesNotExist" => values.is_empty(),
            _ => false,
        };
        if !ok_op || !format::qualified_name(expr.str_of("key")).is_empty() {
            return false;
        }
        if values.iter().any(|v| !format::label_value(v.as_str().unwrap_or("")).is_empty()) {
            return false;
        }
    }
    true
}

/// Whether the selector has no requirement at all (`{}`: selects everything).
pub fn selector_is_empty(selector: &Node) -> bool {
    selector.map_of("matchLabels").is_none_or(|m| m.entries().is_empty()) && selector.seq_of("matchExpressions").is_empty()
}

/// The value of label `key` (a `null` value reads as `""`), if present.
fn label<'a>(labels: Option<&'a Node>, key: &str) -> Option<&'a str> {
    let labels = labels?;
    labels.entries().iter().rev().find(|e| e.key == key).map(|e| e.value.as_str().unwrap_or(""))
}

/// `selector.Matches(labels.Set(labels))` for a selector that converts: `None` (a missing
/// selector) matches nothing, an empty selector matches everything.
pub fn selector_matches(selector: Option<&Node>, labels: Option<&Node>) -> bool {
    selector_matches_with(selector, |key| label(labels, key))
}

/// [`selector_matches`] with the labels given by a lookup function.
pub fn selector_matches_with<'a>(selector: Option<&Node>, lookup: impl Fn(&str) -> Option<&'a str>) -> bool {
    let Some(selector) = selector else {
        return false;
    };
    if let Some(ml) = selector.map_of("matchLabels") {
        for e in ml.entries() {
            if lookup(&e.key) != Some(e.value.as_str().unwrap_or("")) {
                return false;
            }
        }
    }
    for expr in selector.seq_of("matchExpressions") {
        let have = lookup(expr.str_of("key"));
        let in_values = |v: &str| expr.seq_of("values").iter().any(|x| x.as_str().unwrap_or("") == v);
        let ok = match expr.str_of("operator") {
            "In" => have.is_some_and(in_values),
            "NotIn" => have.is_none_or(|v| !in_values(v)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Options;

    fn node(yaml: &str) -> Node {
        crate::yaml::parse_document(yaml, crate::source::Span::new(0, yaml.len())).root.unwrap()
    }

    #[test]
    fn matching() {
        let labels = node("app: web\ntier: front\n");
        assert!(selector_matches(Some(&node("matchLabels: {app: web}")), Some(&labels)));
        assert!(!selector_matches(Some(&node("matchLabels: {app: db}")), Some(&labels)));
        assert!(selector_matches(Some(&node("{}")), None));
        assert!(!selector_matches(None, Some(&labels)));
        assert!(selector_matches(Some(&node("matchExpressions: [{key: tier, operator: In, values: [front, back]}]")), Some(&labels)));
        assert!(selector_matches(Some(&node("matchExpressions: [{key: x, operator: NotIn, values: [a]}]")), Some(&labels)));
        assert!(!selector_matches(Some(&node("matchExpressions: [{key: app, operator: DoesNotExist}]")), Some(&labels)));
    }

    #[test]
    fn validation_messages() {
        let options = Options::default();
        let mut ctx = Ctx::new(&options);
        let sel = node("matchExpressions:\n- {key: a, operator: in, values: [x]}\n- {key: b, operator: In}\n- {key: c, operator: Exists, values: [y]}\n");
        let spec = Path::ROOT.child("spec");
        validate_label_selector(&mut ctx, &sel, &spec.child("selector"), false);
        let msgs: Vec<String> = ctx.errors.iter().map(crate::validate::FieldError::message).collect();
        assert_eq!(
            msgs,
            vec![
                "spec.selector.matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator",
                "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ]
        );
        assert!(!selector_converts(&sel));
    }
}
