//! `.podscope.yaml`: a project's settings, found upward from each checked file (or given with
//! `--config`). Every key is optional; a key Podscope does not know, or a value it cannot use,
//! is an error naming the key and its line, so a typo never silently does nothing.
//!
//! ```yaml
//! profile: all                 # best-practice checks: none, default or all
//! podSecurity: restricted      # Pod Security level every namespace enforces and warns
//! allowPrivileged: true        # the API server's --allow-privileged
//! rules:                       # per rule, by code or name: off, error, warning or info
//!   PS6009: error
//!   readiness-probe-missing: off
//! ignore:                      # files not to check, as globs relative to this file's folder
//!   - "charts/**/templates/**"
//! ```
//!
//! Command-line flags win over the file; `--rule` settings are applied after the file's.

use std::collections::BTreeMap;

use crate::options::{Level, Profile, RuleSetting};
use crate::source::{LineIndex, Span};
use crate::yaml::{self, Node, Value};

/// The name looked for in each folder, from the checked file's up to the root.
pub const FILE_NAME: &str = ".podscope.yaml";

/// What a `.podscope.yaml` sets (absent keys are `None` or empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub profile: Option<Profile>,
    pub pod_security: Option<Level>,
    pub allow_privileged: Option<bool>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub ignore: Vec<String>,
}

const KEYS: &[&str] = &[
    "profile",
    "podSecurity",
    "allowPrivileged",
    "rules",
    "ignore",
];

/// Reads a config file's text. The error says which key on which line is wrong.
pub fn parse(text: &str) -> Result<Config, String> {
    let lines = LineIndex::new(text);
    let line = |span: Span| lines.position(text, span.start()).line;
    let parsed = yaml::parse_document(text, Span::new(0, text.len()));
    if let Some(error) = parsed.error {
        return Err(error.message);
    }
    let mut config = Config::default();
    let Some(root) = parsed.root else {
        return Ok(config);
    };
    let Value::Map(entries) = &root.value else {
        return Err(format!(
            "line {}: expected a mapping of settings ({})",
            line(root.span),
            KEYS.join(", ")
        ));
    };
    let choice = |entry: &yaml::Entry, choices: &[&str]| -> Result<String, String> {
        match entry.value.as_str() {
            Some(value) if choices.contains(&value) => Ok(value.to_string()),
            _ => Err(format!(
                "line {}: {} must be one of {}",
                line(entry.value.span),
                entry.key,
                choices.join(", ")
            )),
        }
    };
    for entry in entries {
        match entry.key.as_str() {
            "profile" => {
                config.profile = Some(match choice(entry, &["none", "default", "all"])?.as_str() {
                    "none" => Profile::None,
                    "all" => Profile::All,
                    _ => Profile::Default,
                });
            }
            "podSecurity" => {
                let value = choice(entry, &["privileged", "baseline", "restricted"])?;
                config.pod_security = Level::parse(&value);
            }
            "allowPrivileged" => {
                config.allow_privileged = Some(entry.value.as_bool().ok_or_else(|| {
                    format!(
                        "line {}: allowPrivileged must be true or false",
                        line(entry.value.span)
                    )
                })?);
            }
            "rules" => config.rules = rules(&entry.value, &line)?,
            "ignore" => {
                let Value::Seq(items) = &entry.value.value else {
                    return Err(format!(
                        "line {}: ignore must be a list of globs",
                        line(entry.value.span)
                    ));
                };
                for item in items {
                    let glob = item.as_str().ok_or_else(|| {
                        format!(
                            "line {}: each ignore entry is a glob string",
                            line(item.span)
                        )
                    })?;
                    config.ignore.push(glob.to_string());
                }
            }
            other => {
                let hint = KEYS
                    .iter()
                    .filter(|k| strsim::levenshtein(k, other) <= 2)
                    .map(|k| format!(" (did you mean \"{k}\"?)"))
                    .next()
                    .unwrap_or_default();
                return Err(format!(
                    "line {}: unknown key \"{other}\"{hint}; the keys are {}",
                    line(entry.key_span),
                    KEYS.join(", ")
                ));
            }
        }
    }
    Ok(config)
}

fn rules(node: &Node, line: &dyn Fn(Span) -> u32) -> Result<BTreeMap<String, RuleSetting>, String> {
    let Value::Map(entries) = &node.value else {
        return Err(format!(
            "line {}: rules must map rule codes or names to off, error, warning or info",
            line(node.span)
        ));
    };
    let mut out = BTreeMap::new();
    for entry in entries {
        if crate::rules::lookup(&entry.key).is_none() {
            let close = crate::rules::suggestions(&entry.key);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            };
            return Err(format!(
                "line {}: rules: \"{}\" is not a Podscope rule{hint}",
                line(entry.key_span),
                entry.key
            ));
        }
        // `off` is read by YAML 1.1 as the boolean false; accept both spellings.
        let setting = match (&entry.value.value, entry.value.as_str()) {
            (Value::Bool(false), _) | (_, Some("off")) => RuleSetting::Off,
            (_, Some("error")) => RuleSetting::Error,
            (_, Some("warning")) => RuleSetting::Warning,
            (_, Some("info")) => RuleSetting::Info,
            _ => {
                return Err(format!(
                    "line {}: rules: {} must be off, error, warning or info",
                    line(entry.value.span),
                    entry.key
                ));
            }
        };
        out.insert(entry.key.clone(), setting);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read() {
        let config = parse("profile: all\npodSecurity: restricted\nallowPrivileged: false\nrules:\n  PS6009: error\n  readiness-probe-missing: off\nignore:\n  - \"charts/**\"\n").unwrap();
        assert_eq!(config.profile, Some(Profile::All));
        assert_eq!(config.pod_security, Some(Level::Restricted));
        assert_eq!(config.allow_privileged, Some(false));
        assert_eq!(config.rules["PS6009"], RuleSetting::Error);
        assert_eq!(config.rules["readiness-probe-missing"], RuleSetting::Off);
        assert_eq!(config.ignore, ["charts/**"]);
        assert_eq!(parse("# nothing yet\n").unwrap(), Config::default());
    }

    #[test]
    fn mistakes_name_the_key_and_line() {
        assert_eq!(
            parse("profile: all\nprofil: default\n").unwrap_err(),
            "line 2: unknown key \"profil\" (did you mean \"profile\"?); the keys are profile, podSecurity, allowPrivileged, rules, ignore"
        );
        assert_eq!(
            parse("podSecurity: strict\n").unwrap_err(),
            "line 1: podSecurity must be one of privileged, baseline, restricted"
        );
        assert!(
            parse("rules:\n  PS12O2: off\n").unwrap_err().starts_with(
                "line 2: rules: \"PS12O2\" is not a Podscope rule (did you mean PS1202"
            )
        );
        assert_eq!(
            parse("rules:\n  PS1202: loud\n").unwrap_err(),
            "line 2: rules: PS1202 must be off, error, warning or info"
        );
        assert!(
            parse("ignore: charts\n")
                .unwrap_err()
                .contains("ignore must be a list")
        );
    }
}
