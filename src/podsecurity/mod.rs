//! Pod Security admission, as kube-apiserver 1.36 applies it after validation.
//!
//! The PodSecurity admission plugin reads each namespace's `pod-security.kubernetes.io/enforce`
//! and `warn` labels (with their `-version` labels). A Pod that violates the enforced level is
//! rejected: `pods "web" is forbidden: violates PodSecurity "restricted:latest": ...`. A Pod that
//! violates the warned level, and any workload whose pod template violates it, is admitted with
//! the warning `would violate PodSecurity "restricted:latest": ...`. Workloads are never rejected.
//! A request that is rejected gets no Pod Security warning. Only objects that pass validation
//! reach admission.
//!
//! The `audit` mode (`pod-security.kubernetes.io/audit` and `audit-version`) is deliberately
//! ignored: for it the server only adds an annotation to its audit log and returns nothing to
//! the client (no warning, no rejection), so Podscope, which shows what the client sees, shows
//! nothing for it either.
//!
//! Where the levels come from, as Podscope decides it: `--pod-security LEVEL` is the admission
//! configuration's default for both modes (every namespace enforces and warns it); a
//! `kind: Namespace` document in the same input overrides each mode it has a label for, for the
//! documents in that namespace (`metadata.namespace`, else `default`). Audit mode prints nothing
//! to the user and is not modelled. Version labels (`enforce-version: v1.25`) are echoed in the
//! messages and choose each control's revision as the plugin does (see [`checks::evaluate`]).

pub mod checks;

pub use checks::{Level, PodView, Violation, evaluate};

use crate::diagnostic::Rule;
use crate::yaml::Node;

pub const RULES: &[&Rule] = checks::RULES;

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        Some(match text {
            "privileged" => Level::Privileged,
            "baseline" => Level::Baseline,
            "restricted" => Level::Restricted,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Privileged => "privileged",
            Level::Baseline => "baseline",
            Level::Restricted => "restricted",
        }
    }
}

/// One mode's level and version, as the plugin prints it: `restricted:latest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelVersion {
    pub level: Level,
    pub version: String,
}

impl LevelVersion {
    pub fn latest(level: Level) -> LevelVersion {
        LevelVersion {
            level,
            version: "latest".into(),
        }
    }

    pub fn label(&self) -> String {
        format!("{}:{}", self.level.as_str(), self.version)
    }

    /// The policy version's minor number, which decides each control's revision: `v1.N` is N,
    /// `latest` (and a minor too large to count) is `u32::MAX`, newer than every version.
    pub fn minor(&self) -> u32 {
        self.version
            .strip_prefix("v1.")
            .map_or(u32::MAX, |minor| minor.parse().unwrap_or(u32::MAX))
    }
}

/// What a namespace enforces and warns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub enforce: LevelVersion,
    pub warn: LevelVersion,
}

impl Policy {
    /// Every namespace enforcing and warning `level` (the `--pod-security` setting).
    pub fn uniform(level: Level) -> Policy {
        Policy {
            enforce: LevelVersion::latest(level),
            warn: LevelVersion::latest(level),
        }
    }

    /// The policy of a namespace whose labels are `labels`: each level or version label
    /// overrides the default's, independently of the other (as the plugin's label parsing
    /// does). An unknown enforce level reads as `restricted` (the plugin fails closed), an
    /// unknown warn level as `privileged` (it fails open for warnings); a version that is not
    /// `latest` or `v1.N` (N without a leading zero) reads as `latest`.
    pub fn with_labels(&self, labels: &Node) -> Policy {
        let mode = |name: &str, default: &LevelVersion, invalid: Level| -> LevelVersion {
            let key = format!("pod-security.kubernetes.io/{name}");
            let level = match labels.opt_str(&key) {
                Some(text) => Level::parse(text).unwrap_or(invalid),
                None => default.level,
            };
            let version = match labels.opt_str(&format!("{key}-version")) {
                Some(text) if valid_version(text) => text.to_string(),
                Some(_) => "latest".to_string(),
                None => default.version.clone(),
            };
            LevelVersion { level, version }
        };
        Policy {
            enforce: mode("enforce", &self.enforce, Level::Restricted),
            warn: mode("warn", &self.warn, Level::Privileged),
        }
    }
}

/// `latest` or `v1.N`, N a decimal number without a leading zero.
fn valid_version(text: &str) -> bool {
    text == "latest"
        || text.strip_prefix("v1.").is_some_and(|minor| {
            !minor.is_empty()
                && minor.bytes().all(|b| b.is_ascii_digit())
                && (minor == "0" || !minor.starts_with('0'))
        })
}

/// The pod of an object the plugin checks, with where its spec sits; `None` for other kinds.
pub fn pod_view<'a>(kind: &str, root: &'a Node) -> Option<PodView<'a>> {
    let (template, path) = match kind {
        "Pod" => {
            return Some(PodView {
                meta: root.map_of("metadata"),
                spec: root.map_of("spec")?,
                path: "spec".into(),
                is_pod: true,
            });
        }
        "PodTemplate" => (root.map_of("template")?, "template"),
        "ReplicationController"
        | "ReplicaSet"
        | "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "Job" => (root.map_of("spec")?.map_of("template")?, "spec.template"),
        "CronJob" => (
            root.map_of("spec")?
                .map_of("jobTemplate")?
                .map_of("spec")?
                .map_of("template")?,
            "spec.jobTemplate.spec.template",
        ),
        _ => return None,
    };
    Some(PodView {
        meta: template.map_of("metadata"),
        spec: template.map_of("spec")?,
        path: format!("{path}.spec"),
        is_pod: false,
    })
}

/// The combined text of the plugin's message: every violated control, `reason (detail)`.
pub fn joined(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(Violation::text)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
