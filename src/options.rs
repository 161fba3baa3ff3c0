//! What the user chooses: the API server's settings being emulated, per-rule settings, the Pod
//! Security level and the best-practice profile. Plain data at the bottom of the crate, so every
//! layer can read it; the behaviour of [`Level`] and [`Profile`] lives with their checks
//! ([`crate::podsecurity`], [`crate::lint`]).

/// Settings of the API server being emulated.
#[derive(Clone, Debug)]
pub struct Options {
    /// `--allow-privileged` (true on kubeadm, kind and managed clusters).
    pub allow_privileged: bool,
    /// Per-rule settings chosen by the user, by code (`PS5001`) or name (`crash-loop`). They
    /// change which diagnostics are shown and how severe; the server's verdict stays the server's.
    pub rules: std::collections::BTreeMap<String, RuleSetting>,
    /// The Pod Security level every namespace enforces and warns (`--pod-security`), unless a
    /// `kind: Namespace` document of the input labels it otherwise. `privileged` checks nothing.
    pub pod_security: Level,
    /// Which best-practice checks run (`--profile`).
    pub profile: Profile,
}

/// A user's setting for one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Error,
    Warning,
    Info,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            allow_privileged: true,
            rules: std::collections::BTreeMap::new(),
            pod_security: Level::Privileged,
            profile: Profile::Default,
        }
    }
}

/// The level a namespace enforces or warns.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Deserialize,
    serde::Serialize,
)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Privileged,
    Baseline,
    Restricted,
}

/// Which best-practice checks run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// None: only what the API server says and Podscope's run-time checks.
    None,
    /// The high-signal checks (see [`crate::lint::DEFAULT_PROFILE`]).
    #[default]
    Default,
    /// Every best-practice check.
    All,
}
