//! The public data shapes (DTOs) shared by the CLI's JSON output, the WebAssembly API and the
//! editor integrations. Positions are converted here, once: 1-based lines, 1-based columns in
//! UTF-16 code units (as JavaScript and VS Code count), byte offsets, and UTF-16 offsets.
//!
//! On wasm32 every DTO also derives `Tsify`, which writes its TypeScript declaration into the
//! package's `.d.ts`; a type added here (or nested in one) must derive it too, and the package
//! test type-checks the declarations, so a forgotten derive fails `npm test`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analyze::{Analysis, Diagnostic, Document, Verdict};
use crate::diagnostic::{Rule, Severity};
use crate::diagram::{Format, Theme, View};
use crate::graph::PodGraphDto;
use crate::graph::app::AppGraphDto;
use crate::options::{Options, RuleSetting};
pub use crate::source::{PositionDto, Positions, RangeDto};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticDto {
    /// Stable code, e.g. `PS1201`.
    pub code: String,
    /// Rule name, e.g. `container-name`.
    pub rule: String,
    /// `error` (the API server rejects it), `warning` (it warns, or it will misbehave), `info`.
    pub severity: Severity,
    pub message: String,
    /// Field path, e.g. `spec.containers[0].name` (empty for the whole document).
    pub path: String,
    pub help: Option<String>,
    /// Index of the document within the file.
    pub document: Option<usize>,
    pub range: RangeDto,
    /// Edits that fix the finding, best first (editors offer them as quick fixes).
    pub fixes: Vec<FixDto>,
}

/// A quick fix: its title, its edits, and whether it is certain (an editor's preferred fix).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FixDto {
    pub title: String,
    pub edits: Vec<EditDto>,
    pub preferred: bool,
}

/// Replace `range` (empty for an insertion) with `new_text`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EditDto {
    pub range: RangeDto,
    pub new_text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DocumentDto {
    pub index: usize,
    /// For an item of a `kind: List` document, its index in `items`.
    pub item: Option<usize>,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub verdict: Verdict,
    pub range: RangeDto,
}

/// Everything found in one text: the result of the JavaScript API's `analyze`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AnalysisDto {
    pub documents: Vec<DocumentDto>,
    pub diagnostics: Vec<DiagnosticDto>,
    /// One graph per pod or pod template, with its patterns.
    pub graphs: Vec<PodGraphDto>,
    /// The whole input one level up: workloads, Services, Ingress routes, config objects,
    /// budgets and autoscalers (what the `app` view draws).
    pub application: AppGraphDto,
}

/// One rule of the registry, for `rules()`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RuleDto {
    pub code: String,
    pub name: String,
    /// The severity it is reported with unless the user's options change it.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: String,
    /// Documentation in Markdown: the rule's doc comment, else what its code range means.
    pub documentation: String,
    /// The same check in other tools (`polaris: runAsPrivileged`, `pss: baseline/privileged`, ...).
    pub equivalents: Vec<String>,
    /// `security`, `reliability`, `api-server`, `pod-security`, `best-practice` or `input`.
    pub tags: Vec<String>,
    /// GitHub code scanning's `security-severity` (`"8.0"`, `"5.0"`) for security findings.
    pub security_severity: Option<String>,
    /// Where the rule's documentation is published.
    pub help_uri: String,
}

/// Options of `analyze`, as a user writes them in JavaScript.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalyzeOptionsDto {
    /// Per-rule settings, by code (`PS3016`) or name (`duplicate-port-definition`): `off` or a severity.
    #[serde(default)]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, RuleSetting>")
    )]
    pub rules: Option<BTreeMap<String, RuleSetting>>,
    /// The API server's `--allow-privileged` (default true, as on kubeadm, kind and managed clusters).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub allow_privileged: Option<bool>,
    /// The Pod Security level every namespace enforces and warns (default `privileged`: none).
    /// `kind: Namespace` documents of the input may set their own with the
    /// `pod-security.kubernetes.io/enforce` and `warn` labels.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub pod_security: Option<crate::podsecurity::Level>,
    /// Which best-practice checks run (default `default`).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub profile: Option<crate::lint::Profile>,
}

/// Options of `render`: which document, which picture, which format and theme.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenderOptionsDto {
    /// Index of the document (as in `DocumentDto.index`); default: the first with a pod.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub document: Option<usize>,
    /// Default `pod`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub view: Option<View>,
    /// Default `svg`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub format: Option<Format>,
    /// Default `light`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub theme: Option<Theme>,
}

/// Options of the stateless `render(text, options)`: the analysis's and the drawing's in one
/// object, so the findings it draws follow the user's settings.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalyzeRenderOptionsDto {
    /// As in `AnalyzeOptionsDto.rules`.
    #[serde(default)]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, RuleSetting>")
    )]
    pub rules: Option<BTreeMap<String, RuleSetting>>,
    /// As in `AnalyzeOptionsDto.allowPrivileged`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub allow_privileged: Option<bool>,
    /// As in `AnalyzeOptionsDto.podSecurity`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub pod_security: Option<crate::podsecurity::Level>,
    /// As in `AnalyzeOptionsDto.profile`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub profile: Option<crate::lint::Profile>,
    /// As in `RenderOptionsDto.document`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub document: Option<usize>,
    /// As in `RenderOptionsDto.view`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub view: Option<View>,
    /// As in `RenderOptionsDto.format`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub format: Option<Format>,
    /// As in `RenderOptionsDto.theme`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub theme: Option<Theme>,
}

impl AnalyzeRenderOptionsDto {
    /// The analysis's options and the drawing's.
    pub fn split(self) -> (AnalyzeOptionsDto, RenderOptionsDto) {
        (
            AnalyzeOptionsDto {
                rules: self.rules,
                allow_privileged: self.allow_privileged,
                pod_security: self.pod_security,
                profile: self.profile,
            },
            RenderOptionsDto {
                document: self.document,
                view: self.view,
                format: self.format,
                theme: self.theme,
            },
        )
    }
}

impl AnalyzeOptionsDto {
    /// The core's options; rejects rule keys that name no rule (a typo would silently do nothing).
    pub fn to_options(&self) -> Result<Options, String> {
        let mut options = Options::default();
        if let Some(allow) = self.allow_privileged {
            options.allow_privileged = allow;
        }
        if let Some(level) = self.pod_security {
            options.pod_security = level;
        }
        if let Some(profile) = self.profile {
            options.profile = profile;
        }
        if let Some(rules) = &self.rules {
            if let Some(key) = unknown_rules(rules.keys()).first() {
                return Err(format!(
                    "options.rules: unknown rule \"{key}\" (use a code such as \"PS3016\" or a name such as \"duplicate-port-definition\"; rules() lists them)"
                ));
            }
            options.rules.clone_from(rules);
        }
        Ok(options)
    }
}

/// The keys of `rules` settings that name no rule (by code or by name), in the order given: what
/// [`AnalyzeOptionsDto::to_options`] rejects.
pub fn unknown_rules<'k>(keys: impl IntoIterator<Item = &'k String>) -> Vec<String> {
    let known = crate::rules::all();
    keys.into_iter()
        .filter(|key| {
            !known
                .iter()
                .any(|r| r.code == key.as_str() || r.name == key.as_str())
        })
        .cloned()
        .collect()
}

impl RenderOptionsDto {
    pub fn to_options(&self) -> crate::diagram::RenderOptions {
        crate::diagram::RenderOptions {
            document: self.document,
            view: self.view.unwrap_or(View::Pod),
            format: self.format.unwrap_or(Format::Svg),
            theme: self.theme.unwrap_or(Theme::Light),
        }
    }
}

impl DiagnosticDto {
    pub fn new(d: &Diagnostic, positions: &Positions) -> DiagnosticDto {
        DiagnosticDto {
            code: d.rule.code.to_string(),
            rule: d.rule.name.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            path: d.path.clone(),
            help: d.help.clone(),
            document: d.document,
            range: positions.range(d.span),
            fixes: d
                .fixes
                .iter()
                .map(|f| FixDto {
                    title: f.title.clone(),
                    edits: f
                        .edits
                        .iter()
                        .map(|(span, text)| EditDto {
                            range: positions.range(*span),
                            new_text: text.clone(),
                        })
                        .collect(),
                    preferred: f.certain,
                })
                .collect(),
        }
    }
}

impl DocumentDto {
    pub fn new(d: &Document, positions: &Positions) -> DocumentDto {
        DocumentDto {
            index: d.index,
            item: d.item,
            api_version: d.api_version.clone(),
            kind: d.kind.clone(),
            name: d.name.clone(),
            verdict: d.verdict,
            range: positions.range(d.span),
        }
    }
}

impl AnalysisDto {
    pub fn new(text: &str, analysis: &Analysis) -> AnalysisDto {
        let positions = Positions::new(text);
        let pods = crate::graph::graphs(analysis);
        AnalysisDto {
            documents: analysis
                .documents
                .iter()
                .filter(|d| !d.empty)
                .map(|d| DocumentDto::new(d, &positions))
                .collect(),
            diagnostics: analysis
                .diagnostics
                .iter()
                .map(|d| DiagnosticDto::new(d, &positions))
                .collect(),
            graphs: pods
                .iter()
                .map(|g| PodGraphDto::new(g, &positions))
                .collect(),
            application: AppGraphDto::new(&crate::graph::app::build(analysis, &pods), &positions),
        }
    }
}

impl RuleDto {
    pub fn new(rule: &Rule) -> RuleDto {
        RuleDto {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            severity: rule.severity,
            summary: rule.summary.to_string(),
            documentation: if rule.docs.trim().is_empty() {
                format!("{}.\n\n{}", capitalised(rule.summary), origin(rule.code))
            } else {
                rule.markdown()
            },
            equivalents: rule.equivalents.iter().map(ToString::to_string).collect(),
            tags: rule.tags().iter().map(ToString::to_string).collect(),
            security_severity: rule.security_severity().map(ToString::to_string),
            help_uri: rule.help_uri(),
        }
    }

    /// Every rule, in code order.
    pub fn all() -> Vec<RuleDto> {
        crate::rules::all()
            .iter()
            .copied()
            .map(RuleDto::new)
            .collect()
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// What a code's range says about where a finding comes from (see `rules.rs`).
fn origin(code: &str) -> &'static str {
    match code.get(2..3) {
        Some("0") => {
            "Found while reading the text and decoding it into a Kubernetes object, before any validation."
        }
        Some("1" | "2") => {
            "The Kubernetes API server rejects the object on create with this error."
        }
        Some("3") => "The Kubernetes API server accepts the object but returns this warning.",
        _ => "Podscope's own check of how the pod will behave; the API server does not check it.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn utf16_offsets_index_the_javascript_string() {
        let text = "a: é\n# 😀 日本\nb: x\n";
        let positions = Positions::new(text);
        let x = text.find('x').unwrap();
        let range = positions.range(Span::new(x, x + 1));
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(range.start, PositionDto { line: 3, column: 4 });
        assert_eq!(
            String::from_utf16(&utf16[range.start_offset as usize..range.end_offset as usize])
                .unwrap(),
            "x"
        );
        let ascii = Positions::new("a: b\nc: d\n").range(Span::new(8, 9));
        assert_eq!((ascii.start_offset, ascii.end_offset), (8, 9));
    }

    #[test]
    fn options_reject_unknown_rules_and_apply_known_ones() {
        let unknown = AnalyzeOptionsDto {
            rules: Some(BTreeMap::from([("PS9999".to_string(), RuleSetting::Off)])),
            allow_privileged: None,
            pod_security: None,
            profile: None,
        };
        assert!(unknown.to_options().unwrap_err().contains("PS9999"));
        let known = AnalyzeOptionsDto {
            rules: Some(BTreeMap::from([(
                "duplicate-key".to_string(),
                RuleSetting::Warning,
            )])),
            allow_privileged: Some(false),
            pod_security: Some(crate::podsecurity::Level::Restricted),
            profile: Some(crate::lint::Profile::All),
        };
        let core = known.to_options().unwrap();
        assert_eq!(
            unknown_rules(&[
                "PS0005".to_string(),
                "PS9999".into(),
                "duplicate-key".into(),
                "nope".into()
            ]),
            ["PS9999", "nope"]
        );
        assert!(!core.allow_privileged);
        assert_eq!(core.pod_security, crate::podsecurity::Level::Restricted);
        assert_eq!(core.rules["duplicate-key"], RuleSetting::Warning);
    }
}
