//! Label selector semantics (`metav1.LabelSelectorAsSelector` and `labels.Selector.Matches`) for
//! the workload checks: whether a selector converts, whether it is empty, and which labels it
//! selects. A missing selector selects nothing; an empty one (`{}`) selects everything. The
//! validation of a selector's contents is `podspec::validate_label_selector`.

use crate::validate::format;
use crate::yaml::Node;

/// Whether `LabelSelectorAsSelector` accepts the selector (every key, value and operator valid).
pub fn selector_converts(selector: &Node) -> bool {
    if let Some(labels) = selector.map_of("matchLabels") {
        for e in labels.entries() {
            if !format::qualified_name(&e.key).is_empty()
                || !format::label_value(e.value.as_str().unwrap_or("")).is_empty()
            {
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
        if values
            .iter()
            .any(|v| !format::label_value(v.as_str().unwrap_or("")).is_empty())
        {
            return false;
        }
    }
    true
}

/// Whether the selector has no requirement at all (`{}`: selects everything).
pub fn selector_is_empty(selector: &Node) -> bool {
    selector
        .map_of("matchLabels")
        .is_none_or(|m| m.entries().is_empty())
        && selector.seq_of("matchExpressions").is_empty()
}

/// The value of label `key` (a `null` value reads as `""`), if present.
fn label<'a>(labels: Option<&'a Node>, key: &str) -> Option<&'a str> {
    let labels = labels?;
    labels
        .entries()
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map(|e| e.value.as_str().unwrap_or(""))
}

/// `selector.Matches(labels.Set(labels))` for a selector that converts: `None` (a missing
/// selector) matches nothing, an empty selector matches everything.
pub fn selector_matches(selector: Option<&Node>, labels: Option<&Node>) -> bool {
    selector_matches_with(selector, |key| label(labels, key))
}

/// [`selector_matches`] with the labels given by a lookup function.
pub fn selector_matches_with<'a>(
    selector: Option<&Node>,
    lookup: impl Fn(&str) -> Option<&'a str>,
) -> bool {
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
        let in_values = |v: &str| {
            expr.seq_of("values")
                .iter()
                .any(|x| x.as_str().unwrap_or("") == v)
        };
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

    fn node(yaml: &str) -> Node {
        crate::yaml::parse_document(yaml, crate::source::Span::new(0, yaml.len()))
            .root
            .unwrap()
    }

    #[test]
    fn matching() {
        let labels = node("app: web\ntier: front\n");
        assert!(selector_matches(
            Some(&node("matchLabels: {app: web}")),
            Some(&labels)
        ));
        assert!(!selector_matches(
            Some(&node("matchLabels: {app: db}")),
            Some(&labels)
        ));
        assert!(selector_matches(Some(&node("{}")), None));
        assert!(!selector_matches(None, Some(&labels)));
        assert!(selector_matches(
            Some(&node(
                "matchExpressions: [{key: tier, operator: In, values: [front, back]}]"
            )),
            Some(&labels)
        ));
        assert!(selector_matches(
            Some(&node(
                "matchExpressions: [{key: x, operator: NotIn, values: [a]}]"
            )),
            Some(&labels)
        ));
        assert!(!selector_matches(
            Some(&node(
                "matchExpressions: [{key: app, operator: DoesNotExist}]"
            )),
            Some(&labels)
        ));
    }
}
