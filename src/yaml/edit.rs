//! Text edits that set a field in a block-style YAML mapping, keeping the document's own
//! indentation: what quick fixes are made of. Flow mappings (`{a: 1}`) are left alone (no edit):
//! rewriting them safely is not worth guessing at.

pub use crate::diagnostic::Fix;
use crate::source::Span;
use crate::yaml::Node;

impl Fix {
    /// A fix that sets `keys` below `map` to `value` (see [`set_field`]), if it can be written.
    pub fn set(
        title: &str,
        text: &str,
        map: &Node,
        keys: &[&str],
        value: &str,
        certain: bool,
    ) -> Option<Fix> {
        set_field(text, map, keys, value).map(|edit| Fix {
            title: title.to_string(),
            edits: vec![edit],
            certain,
        })
    }
}

/// The edit that makes `keys` (a path of mapping keys below `map`) hold `value` (YAML text):
/// the existing value is replaced, or the missing keys are inserted as new lines after the
/// mapping's first entry, at its indentation. `None` when a mapping on the way is written in
/// flow style, is not a mapping, or is empty.
pub fn set_field(text: &str, map: &Node, keys: &[&str], value: &str) -> Option<(Span, String)> {
    let (last, parents) = keys.split_last()?;
    let mut current = map;
    let mut missing: &[&str] = &[];
    for (i, key) in parents.iter().enumerate() {
        match current.get(key) {
            Some(child) if child.is_map() => current = child,
            Some(_) => return None,
            None => {
                missing = &keys[i..];
                break;
            }
        }
    }
    if missing.is_empty() {
        if let Some(existing) = current.get(last) {
            return Some((existing.span, value.to_string()));
        }
        missing = std::slice::from_ref(last);
    }
    if text.as_bytes().get(current.span.start()) == Some(&b'{') {
        return None;
    }
    let first = current.entries().first()?;
    let line_start = text[..first.key_span.start()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let column = first.key_span.start() - line_start;
    let mut insertion = String::new();
    for (depth, key) in missing.iter().enumerate() {
        insertion.push('\n');
        insertion.push_str(&" ".repeat(column + 2 * depth));
        insertion.push_str(key);
        insertion.push(':');
        if depth + 1 == missing.len() {
            insertion.push(' ');
            insertion.push_str(value);
        }
    }
    // After the line on which the first entry ends (its value may span several lines).
    let end = first.value.span.end().max(first.key_span.end());
    let at = text[end..].find('\n').map_or(text.len(), |i| end + i);
    Some((Span::new(at, at), insertion))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: Option<(Span, String)>) -> String {
        let (span, new) = edit.expect("an edit");
        format!("{}{}{}", &text[..span.start()], new, &text[span.end()..])
    }

    fn container(text: &str) -> Node {
        let parsed = crate::yaml::parse_document(text, Span::new(0, text.len()));
        let root = parsed.root.unwrap();
        root.get("spec").unwrap().seq_of("containers")[0].clone()
    }

    #[test]
    fn inserts_missing_mappings_at_the_entrys_indentation() {
        let text = "spec:\n  containers:\n  - name: app # the web server\n    image: nginx\n";
        let c = container(text);
        let fixed = apply(
            text,
            set_field(
                text,
                &c,
                &["securityContext", "allowPrivilegeEscalation"],
                "false",
            ),
        );
        assert_eq!(
            fixed,
            "spec:\n  containers:\n  - name: app # the web server\n    securityContext:\n      allowPrivilegeEscalation: false\n    image: nginx\n"
        );
    }

    #[test]
    fn adds_to_an_existing_block_mapping_and_replaces_a_wrong_value() {
        let text = "spec:\n  containers:\n  - name: app\n    securityContext:\n      runAsUser: 10\n      allowPrivilegeEscalation: true\n";
        let c = container(text);
        let fixed = apply(
            text,
            set_field(
                text,
                &c,
                &["securityContext", "allowPrivilegeEscalation"],
                "false",
            ),
        );
        assert!(
            fixed.ends_with("      allowPrivilegeEscalation: false\n"),
            "{fixed}"
        );
        let fixed = apply(
            text,
            set_field(
                text,
                &c,
                &["securityContext", "capabilities", "drop"],
                "[ALL]",
            ),
        );
        assert_eq!(
            fixed,
            "spec:\n  containers:\n  - name: app\n    securityContext:\n      runAsUser: 10\n      capabilities:\n        drop: [ALL]\n      allowPrivilegeEscalation: true\n"
        );
    }

    #[test]
    fn leaves_flow_mappings_alone() {
        let text = "spec:\n  containers:\n  - name: app\n    securityContext: {runAsUser: 10}\n";
        let c = container(text);
        assert_eq!(
            set_field(
                text,
                &c,
                &["securityContext", "allowPrivilegeEscalation"],
                "false"
            ),
            None
        );
        let text = "spec:\n  containers:\n  - {name: app, image: nginx}\n";
        let c = container(text);
        assert_eq!(set_field(text, &c, &["securityContext", "x"], "1"), None);
    }
}
