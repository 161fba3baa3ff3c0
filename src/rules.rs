//! The registry of every diagnostic Podscope can emit, each with a stable code.
//!
//! Codes are never reused (retired codes are listed in `tests/rules.rs`). Ranges: `PS0xxx` reading
//! and decoding; `PS1xxx` and `PS2xxx` errors the Kubernetes API server raises on create (one code
//! per check, the area in the hundreds digit); `PS3xxx` warnings the API server returns; `PS5xxx`
//! Podscope's own checks of how a pod will behave.
//!
//! Every rule is documented by the doc comment on its declaration, in Markdown with the sections
//! `**What it does**`, `**Why it matters**`, `**Example**` (a bad and a fixed snippet), `**Fix**`
//! and, for the API server's checks, `**Kubernetes source**` (`tests/rules.rs` enforces them).

pub use crate::diagnostic::Rule;
pub use crate::diagnostic::Severity;

/// Every rule, in code order. Built once: the suppression pass asks for it on every analysis.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = Vec::new();
        for area in crate::validate::RULE_AREAS {
            rules.extend_from_slice(area);
        }
        rules.extend_from_slice(crate::input::RULES);
        rules.extend_from_slice(crate::graph::RULES);
        rules.extend_from_slice(crate::podsecurity::RULES);
        rules.extend_from_slice(crate::lint::RULES);
        rules.sort_by_key(|r| r.code);
        rules
    })
}

/// The rules standing for each peer tool's check (`"kube-linter: privileged-container"`).
pub fn by_equivalent() -> &'static std::collections::HashMap<&'static str, Vec<&'static Rule>> {
    static BY_PEER: std::sync::OnceLock<
        std::collections::HashMap<&'static str, Vec<&'static Rule>>,
    > = std::sync::OnceLock::new();
    BY_PEER.get_or_init(|| {
        let mut by_peer: std::collections::HashMap<&'static str, Vec<&'static Rule>> =
            std::collections::HashMap::new();
        for rule in all() {
            for equivalent in rule.equivalents {
                by_peer.entry(equivalent).or_default().push(rule);
            }
        }
        by_peer
    })
}

pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.code == code)
}

/// The rule with this code (`PS1202`, any case) or name (`container-image-required`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The codes and names closest to an unknown `code_or_name`, best first (at most three).
pub fn suggestions(code_or_name: &str) -> Vec<&'static str> {
    let wanted = code_or_name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = Vec::new();
    for rule in all() {
        for candidate in [rule.code, rule.name] {
            let distance = strsim::osa_distance(&wanted, &candidate.to_ascii_lowercase());
            // Codes are all six characters: one typo (or swap) is close. Names: about a third.
            let limit = if candidate == rule.code {
                1
            } else {
                (candidate.len() / 3).max(2)
            };
            if distance <= limit {
                scored.push((distance, candidate));
            }
        }
    }
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

impl Rule {
    /// The documentation as Markdown: each `///` line loses the one space after the slashes.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string()
    }

    /// What kind of finding this is, for SARIF consumers and filters: `security`,
    /// `reliability`, `api-server`, `pod-security`, `best-practice`, `input`.
    pub fn tags(&self) -> &'static [&'static str] {
        match self.code.get(2..3) {
            Some("0") => &["input"],
            Some("1" | "2" | "3") => &["api-server"],
            Some("4") => &["security", "pod-security"],
            Some("5") => &["reliability"],
            _ if SECURITY.contains(&self.code) => &["security", "best-practice"],
            _ => &["reliability", "best-practice"],
        }
    }

    /// GitHub code scanning's `security-severity` (0–10) for security findings: high for what
    /// hands a pod its node, medium for the rest.
    pub fn security_severity(&self) -> Option<&'static str> {
        if !self.tags().contains(&"security") {
            return None;
        }
        Some(if HIGH_SECURITY.contains(&self.code) {
            "8.0"
        } else {
            "5.0"
        })
    }

    /// Where the rule's documentation is published (`docs/rules.md`, generated from the docs).
    pub fn help_uri(&self) -> String {
        format!(
            "{}/blob/main/docs/rules.md#{}",
            env!("CARGO_PKG_REPOSITORY"),
            self.code.to_ascii_lowercase()
        )
    }
}

/// Best-practice checks about security (the others are about reliability).
const SECURITY: &[&str] = &[
    "PS6001", "PS6002", "PS6003", "PS6004", "PS6011", "PS6012", "PS6013", "PS6014", "PS6015",
    "PS6016", "PS6017", "PS6018", "PS6019", "PS6022", "PS6024", "PS6026", "PS6027", "PS6028",
    "PS6029", "PS7007",
];

/// Security findings through which a pod can take over its node.
const HIGH_SECURITY: &[&str] = &[
    "PS4001", "PS4002", "PS4003", "PS4004", "PS4005", "PS6001", "PS6011", "PS6012", "PS6016",
    "PS6017", "PS6028",
];

/// Every rule's documentation as one Markdown page (`docs/rules.md`; `podscope rules --format
/// markdown` prints it), with an anchor per code for SARIF's `helpUri` and the editors' links.
pub fn markdown_page() -> String {
    let mut out = String::from(
        "# Podscope rules\n\nGenerated by `podscope rules --format markdown`; do not edit by hand.\n",
    );
    for rule in all() {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {} {}\n\n{} · {} · {}\n",
            rule.code.to_ascii_lowercase(),
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.tags().join(", "),
            rule.summary
        ));
        if !rule.equivalents.is_empty() {
            out.push_str(&format!("\nSame as: {}\n", rule.equivalents.join("; ")));
        }
        out.push('\n');
        out.push_str(&rule.markdown());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let rules = super::all();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in rules {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 6 && rule.code.starts_with("PS"),
                "bad code {}",
                rule.code
            );
            assert!(
                !rule.summary.is_empty() && !rule.summary.ends_with('.'),
                "summary of {}",
                rule.code
            );
        }
    }
}
