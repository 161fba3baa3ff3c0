//! Best practices: the checks teams otherwise run kube-linter, kube-score, Polaris or checkov
//! for, with each peer's id in the rule's `equivalents` so a team can migrate and we can measure.
//!
//! `PS6xxx` look at one workload's pod template; `PS7xxx` (in [`objects`]) at how the objects
//! of one input refer to each other. They run on every document whose tree could be read, also
//! when the API server would reject it for another reason, and never change the server's
//! verdict. Which of them run is the profile's choice ([`Profile`]): `default` is the high-signal
//! set a team can adopt on day one; `all` adds the hygiene checks that peers report by the dozen
//! on a typical chart.

pub mod objects;
pub mod pod;

use crate::diagnostic::Rule;
pub use crate::options::Profile;
use crate::source::Span;

impl Profile {
    pub fn runs(self, rule: &Rule) -> bool {
        match self {
            Profile::None => false,
            Profile::Default => DEFAULT_PROFILE.contains(&rule.code),
            Profile::All => true,
        }
    }
}

/// The `default` profile: findings that are almost always real risks or broken references
/// (privileged containers, host namespaces, dangerous capabilities, sensitive host paths,
/// secrets written into the manifest, references to nothing), and none of the hygiene checks
/// (image tags, probes, resources, read-only root, pull policy) that flood a first run on
/// tutorials and charts. `all` has those too.
pub const DEFAULT_PROFILE: &[&str] = &[
    "PS6001", "PS6011", "PS6012", "PS6013", "PS6016", "PS6017", "PS6027", "PS6028", "PS7001",
    "PS7002", "PS7004", "PS7006",
];

pub const RULES: &[&Rule] = &[
    &pod::PRIVILEGED,
    &pod::RUN_AS_ROOT,
    &pod::PRIVILEGE_ESCALATION,
    &pod::WRITABLE_ROOT_FS,
    &pod::CPU_REQUESTS,
    &pod::CPU_LIMITS,
    &pod::MEMORY_REQUESTS,
    &pod::MEMORY_LIMITS,
    &pod::IMAGE_TAG,
    &pod::PULL_POLICY,
    &pod::HOST_NETWORK,
    &pod::HOST_PID,
    &pod::HOST_IPC,
    &pod::HOST_PORT,
    &pod::HOST_PATH,
    &pod::SENSITIVE_HOST_PATH,
    &pod::DANGEROUS_CAPABILITIES,
    &pod::INSECURE_CAPABILITIES,
    &pod::PROC_MOUNT,
    &pod::LIVENESS_PROBE,
    &pod::READINESS_PROBE,
    &pod::SECCOMP,
    &objects::REPLICAS,
    &objects::AUTOMOUNT_TOKEN,
    &objects::HPA_MIN_REPLICAS,
    &objects::NETWORK_POLICY,
    &pod::ENV_SECRET,
    &pod::HOST_PROCESS,
    &pod::LINUX_HARDENING,
    &objects::SERVICE_SELECTS_NOTHING,
    &objects::SERVICE_TARGET_PORT,
    &objects::PDB_SELECTS_NOTHING,
    &objects::HPA_TARGET,
    &objects::STATEFULSET_SERVICE,
    &objects::INGRESS_BACKEND,
    &objects::NETWORK_POLICY_SELECTS_NOTHING,
];

/// One best-practice finding, in Podscope's words.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub message: String,
    pub path: String,
    pub span: Span,
    pub help: String,
}
