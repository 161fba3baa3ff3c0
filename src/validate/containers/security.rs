//! Container securityContext (`ValidateSecurityContext`, path `<c>.securityContext`), with the
//! seccomp, AppArmor and Windows option checks it shares with the pod securityContext.
//!
//! - **PS1801** `<c>.securityContext.privileged: Forbidden: disallowed by cluster policy` when the
//!   API server runs without `--allow-privileged` (Podscope's default emulates a cluster that
//!   allows it, as kubeadm, kind and managed clusters do).
//! - **PS1802** / **PS1803** `…runAsUser: Invalid value: -1: must be between 0 and 2147483647,
//!   inclusive` (also `runAsGroup`; 1.36 still bounds both at 2^31-1).
//! - **PS1804** `…procMount: Unsupported value: "Other": supported values: "Default", "Unmasked"`.
//! - **PS1805** `…procMount: Invalid value: "Unmasked": `hostUsers` must be false to use
//!   `Unmasked`` unless the pod sets `hostUsers: false`.
//! - **PS1806** `…seccompProfile.type: Required value: type is required when seccompProfile is
//!   set`; `…type: Unsupported value: "x": supported values: "Localhost", "RuntimeDefault",
//!   "Unconfined"`; `Localhost` needs `…localhostProfile: Required value: must be set when seccomp
//!   type is Localhost`, a relative path without `..`; other types may not set it (`…: Invalid
//!   value: {"Type":…}: can only be set when seccomp type is Localhost`; structs print as Go's JSON
//!   of the internal type).
//! - **PS1807** `allowPrivilegeEscalation: false` with `privileged: true`, or with
//!   `capabilities.add` containing `CAP_SYS_ADMIN`: `<c>.securityContext: Invalid value:
//!   {"Capabilities":…}: cannot set `allowPrivilegeEscalation` to false and `privileged` to
//!   true` (the value is Go's JSON of the internal struct: Go field names, `null` for what is
//!   unset).
//! - **PS1808** `…windowsOptions`: `gmsaCredentialSpecName` a DNS subdomain, `gmsaCredentialSpec`
//!   non-empty and under 64 KiB, `runAsUserName` non-empty, without control characters, at most
//!   one backslash, a NetBIOS or DNS domain under 256 characters, a user of 1–104 characters that
//!   is not only dots or spaces and has none of `"/\:;|=,+*?<>@[]`.
//! - **PS1809** `…appArmorProfile.type: Required value: type is required when appArmorProfile is
//!   set`; `…type: Unsupported value`; `Localhost` needs a `localhostProfile` (`Required value:
//!   must be set when AppArmor type is Localhost`), not padded with whitespace, at most 4095 bytes;
//!   other types may not set it (`…: Invalid value: "x": can only be set when AppArmor type is
//!   Localhost`).

use super::Facts;
use crate::rule;
use crate::validate::{Ctx, ErrValue, Path, format, profiles};
use crate::yaml::Node;

rule!(
    /// **What it does** Reports `securityContext.privileged: true` when the API server is taken to run
    /// without `--allow-privileged` (`podscope check --disallow-privileged`). By default Podscope
    /// assumes a cluster that allows privileged containers, as kubeadm, kind and managed clusters do.
    ///
    /// **Why it matters** Such a cluster rejects the pod with `Forbidden: disallowed by cluster policy`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: agent
    ///   image: agent
    ///   securityContext: {privileged: true}
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: agent
    ///   image: agent
    ///   securityContext:
    ///     capabilities: {add: [NET_ADMIN]}
    /// ```
    ///
    /// **Fix** Grant the few capabilities the container needs instead of full privilege.
    ///
    /// **Kubernetes source** `ValidateSecurityContext` (`capabilities.Get().AllowPrivileged`) in
    /// `pkg/apis/core/validation/validation.go`.
    PRIVILEGED,
    "PS1801",
    "privileged-disallowed",
    Error,
    "privileged containers are refused by an API server without --allow-privileged"
);
rule!(
    /// **What it does** Checks a container's `runAsUser` is between 0 and 2147483647.
    ///
    /// **Why it matters** The API server rejects negative or larger user IDs (`must be between 0 and
    /// 2147483647, inclusive`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {runAsUser: -1}
    /// ```
    ///
    /// ```yaml
    /// securityContext: {runAsUser: 1000}
    /// ```
    ///
    /// **Fix** Use a real, non-negative UID (and `runAsNonRoot: true` for "not root").
    ///
    /// **Kubernetes source** `ValidateSecurityContext` with `ValidateNonnegativeField` /
    /// `IsValidUserID` in `pkg/apis/core/validation/validation.go`.
    RUN_AS_USER,
    "PS1802",
    "run-as-user-range",
    Error,
    "runAsUser must be between 0 and 2147483647"
);
rule!(
    /// **What it does** Checks a container's `runAsGroup` is between 0 and 2147483647.
    ///
    /// **Why it matters** The API server rejects other group IDs on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {runAsGroup: 4294967295}
    /// ```
    ///
    /// ```yaml
    /// securityContext: {runAsGroup: 3000}
    /// ```
    ///
    /// **Fix** Use a GID in range.
    ///
    /// **Kubernetes source** `ValidateSecurityContext` with `IsValidGroupID` in
    /// `pkg/apis/core/validation/validation.go`.
    RUN_AS_GROUP,
    "PS1803",
    "run-as-group-range",
    Error,
    "runAsGroup must be between 0 and 2147483647"
);
rule!(
    /// **What it does** Checks `securityContext.procMount` is `Default` or `Unmasked`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {procMount: unmasked}
    /// ```
    ///
    /// ```yaml
    /// securityContext: {procMount: Unmasked}
    /// ```
    ///
    /// **Fix** Use one of the two values exactly (and see PS1805 for `Unmasked`).
    ///
    /// **Kubernetes source** `ValidateProcMountType` (via `ValidateSecurityContext`) in
    /// `pkg/apis/core/validation/validation.go`.
    PROC_MOUNT,
    "PS1804",
    "proc-mount-type",
    Error,
    "procMount must be Default or Unmasked"
);
rule!(
    /// **What it does** Reports `procMount: Unmasked` in a pod that does not set `hostUsers: false`.
    ///
    /// **Why it matters** An unmasked `/proc` is only safe inside a user namespace; the API server
    /// rejects it otherwise (`hostUsers must be false to use Unmasked`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   containers:
    ///   - name: builder
    ///     image: buildkit
    ///     securityContext: {procMount: Unmasked}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostUsers: false
    ///   containers:
    ///   - name: builder
    ///     image: buildkit
    ///     securityContext: {procMount: Unmasked}
    /// ```
    ///
    /// **Fix** Run the pod in a user namespace with `hostUsers: false`, or drop `procMount`.
    ///
    /// **Kubernetes source** `ValidateSecurityContext` (the `ProcMount` / `hostUsers` check) in
    /// `pkg/apis/core/validation/validation.go`.
    PROC_MOUNT_HOST_USERS,
    "PS1805",
    "proc-mount-unmasked-host-users",
    Error,
    "procMount Unmasked needs the pod to set hostUsers: false"
);
rule!(
    /// **What it does** Checks a `seccompProfile`: `type` given and one of `RuntimeDefault`,
    /// `Unconfined`, `Localhost`; `Localhost` needs a relative `localhostProfile` without `..`, the
    /// other types may not have one.
    ///
    /// **Why it matters** The API server rejects an incomplete or contradictory profile on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   seccompProfile: {type: Localhost}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}
    /// ```
    ///
    /// **Fix** Use `RuntimeDefault`, or give a Localhost profile its path relative to the kubelet's
    /// seccomp folder.
    ///
    /// **Kubernetes source** `validateSeccompProfileField` in `pkg/apis/core/validation/validation.go`.
    SECCOMP_PROFILE,
    "PS1806",
    "seccomp-profile",
    Error,
    "a seccompProfile needs a valid type, and a relative localhostProfile exactly when the type is Localhost"
);
rule!(
    /// **What it does** Reports `allowPrivilegeEscalation: false` together with `privileged: true` or a
    /// `CAP_SYS_ADMIN` capability.
    ///
    /// **Why it matters** Privileged containers and CAP_SYS_ADMIN always allow escalation, so the
    /// setting cannot hold; the API server rejects the combination.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   privileged: true
    ///   allowPrivilegeEscalation: false
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   allowPrivilegeEscalation: false
    ///   capabilities: {drop: [ALL]}
    /// ```
    ///
    /// **Fix** Drop `privileged` (and CAP_SYS_ADMIN), or drop `allowPrivilegeEscalation: false`.
    ///
    /// **Kubernetes source** `ValidateSecurityContext` (`AllowPrivilegeEscalation` checks) in
    /// `pkg/apis/core/validation/validation.go`.
    PRIVILEGE_ESCALATION,
    "PS1807",
    "privilege-escalation-conflict",
    Error,
    "allowPrivilegeEscalation: false contradicts privileged: true and the CAP_SYS_ADMIN capability"
);
rule!(
    /// **What it does** Checks `securityContext.windowsOptions`: `gmsaCredentialSpecName` a DNS
    /// subdomain, `gmsaCredentialSpec` non-empty and under 64 KiB, and `runAsUserName` a well-formed
    /// `DOMAIN\user` (at most one backslash, no control or forbidden characters, user of 1–104
    /// characters).
    ///
    /// **Why it matters** Windows nodes cannot use a malformed account or GMSA spec; the API server
    /// rejects them on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {runAsUserName: "NT AUTHORITY\\\\Local Service"}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {runAsUserName: "NT AUTHORITY\\Local Service"}
    /// ```
    ///
    /// **Fix** Write the user as `DOMAIN\user` with a single backslash (doubled inside YAML double
    /// quotes).
    ///
    /// **Kubernetes source** `validateWindowsSecurityContextOptions` in
    /// `pkg/apis/core/validation/validation.go`.
    WINDOWS_OPTIONS,
    "PS1808",
    "windows-options",
    Error,
    "windowsOptions need a valid GMSA credential spec name and spec, and a valid runAsUserName"
);
rule!(
    /// **What it does** Checks an `appArmorProfile`: `type` given and one of `RuntimeDefault`,
    /// `Unconfined`, `Localhost`; `Localhost` needs a `localhostProfile` (not padded, at most 4095
    /// bytes) and the other types may not have one.
    ///
    /// **Why it matters** The API server rejects an incomplete or contradictory profile.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile: {type: RuntimeDefault, localhostProfile: k8s-nginx}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile: {type: Localhost, localhostProfile: k8s-nginx}
    /// ```
    ///
    /// **Fix** Use `Localhost` with the profile's name, or another type without a name.
    ///
    /// **Kubernetes source** `validateAppArmorProfileField` in `pkg/apis/core/validation/validation.go`.
    APPARMOR_PROFILE,
    "PS1809",
    "apparmor-profile",
    Error,
    "an appArmorProfile needs a valid type, and a localhostProfile exactly when the type is Localhost"
);

const MAX_ID: i64 = 2_147_483_647;

/// The internal `core.SecurityContext`, as the server prints it in an error (Go's JSON of it).
fn render_security_context(sc: &Node) -> ErrValue {
    use crate::compat::json::GoField::{OptBool, OptInt, OptStr, Str, StrList, Struct};
    const PROFILE: &[(&str, &str, crate::compat::json::GoField)] = &[
        ("Type", "type", Str),
        ("LocalhostProfile", "localhostProfile", OptStr),
    ];
    const FIELDS: &[(&str, &str, crate::compat::json::GoField)] = &[
        (
            "Capabilities",
            "capabilities",
            Struct(&[("Add", "add", StrList), ("Drop", "drop", StrList)]),
        ),
        ("Privileged", "privileged", OptBool),
        (
            "SELinuxOptions",
            "seLinuxOptions",
            Struct(&[
                ("User", "user", Str),
                ("Role", "role", Str),
                ("Type", "type", Str),
                ("Level", "level", Str),
            ]),
        ),
        (
            "WindowsOptions",
            "windowsOptions",
            Struct(&[
                ("GMSACredentialSpecName", "gmsaCredentialSpecName", OptStr),
                ("GMSACredentialSpec", "gmsaCredentialSpec", OptStr),
                ("RunAsUserName", "runAsUserName", OptStr),
                ("HostProcess", "hostProcess", OptBool),
            ]),
        ),
        ("RunAsUser", "runAsUser", OptInt),
        ("RunAsGroup", "runAsGroup", OptInt),
        ("RunAsNonRoot", "runAsNonRoot", OptBool),
        ("ReadOnlyRootFilesystem", "readOnlyRootFilesystem", OptBool),
        (
            "AllowPrivilegeEscalation",
            "allowPrivilegeEscalation",
            OptBool,
        ),
        ("ProcMount", "procMount", OptStr),
        ("SeccompProfile", "seccompProfile", Struct(PROFILE)),
        ("AppArmorProfile", "appArmorProfile", Struct(PROFILE)),
    ];
    ErrValue::Raw(crate::compat::json::go_struct(sc, FIELDS))
}

/// `ValidateSecurityContext` (`path` is `<c>.securityContext`).
pub(super) fn validate_security_context(ctx: &mut Ctx, facts: &Facts, sc: &Node, path: &Path) {
    let privileged = sc.bool_of("privileged");
    if privileged == Some(true) && !ctx.options.allow_privileged {
        ctx.forbidden(
            &PRIVILEGED,
            &path.child("privileged"),
            sc.at("privileged"),
            "disallowed by cluster policy",
        );
    }
    for (field, rule) in [("runAsUser", &RUN_AS_USER), ("runAsGroup", &RUN_AS_GROUP)] {
        if let Some(id) = sc.i64_of(field)
            && !(0..=MAX_ID).contains(&id)
        {
            ctx.invalid(
                rule,
                &path.child(field),
                sc.at(field),
                id,
                format::inclusive_range_error(0, MAX_ID),
            );
        }
    }
    if let Some(proc_mount) = sc.opt_str("procMount") {
        let pp = path.child("procMount");
        if proc_mount != "Default" && proc_mount != "Unmasked" {
            ctx.not_supported(
                &PROC_MOUNT,
                &pp,
                sc.at("procMount"),
                proc_mount,
                &["Default", "Unmasked"],
            );
        }
        if facts.host_users && proc_mount == "Unmasked" {
            ctx.invalid(
                &PROC_MOUNT_HOST_USERS,
                &pp,
                sc.at("procMount"),
                proc_mount,
                "`hostUsers` must be false to use `Unmasked`",
            );
        }
    }
    if let Some(profile) = sc.get("seccompProfile") {
        profiles::seccomp(
            ctx,
            &SECCOMP_PROFILE,
            profile,
            &path.child("seccompProfile"),
        );
    }
    if sc.bool_of("allowPrivilegeEscalation") == Some(false) {
        if privileged == Some(true) {
            ctx.invalid(
                &PRIVILEGE_ESCALATION,
                path,
                sc.at("allowPrivilegeEscalation"),
                render_security_context(sc),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            );
        }
        if let Some(caps) = sc.get("capabilities") {
            for cap in caps.seq_of("add") {
                if cap.as_str() == Some("CAP_SYS_ADMIN") {
                    ctx.invalid(&PRIVILEGE_ESCALATION, path, cap.span, render_security_context(sc), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
                }
            }
        }
    }
    if let Some(options) = sc.get("windowsOptions") {
        profiles::windows_options(
            ctx,
            &WINDOWS_OPTIONS,
            options,
            &path.child("windowsOptions"),
        );
    }
    if let Some(profile) = sc.get("appArmorProfile") {
        profiles::apparmor(
            ctx,
            &APPARMOR_PROFILE,
            profile,
            &path.child("appArmorProfile"),
        );
    }
}
