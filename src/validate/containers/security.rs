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
//!   value: core.SeccompProfile{…}: can only be set when seccomp type is Localhost`).
//! - **PS1807** `allowPrivilegeEscalation: false` with `privileged: true`, or with
//!   `capabilities.add` containing `CAP_SYS_ADMIN`: `<c>.securityContext: Invalid value:
//!   core.SecurityContext{…}: cannot set `allowPrivilegeEscalation` to false and `privileged` to
//!   true` (the value is Go's `%#v` of the struct; its pointer addresses differ on every run).
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
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::Node;

rule!(
    PRIVILEGED,
    "PS1801",
    "privileged-disallowed",
    Error,
    "privileged containers are refused by an API server without --allow-privileged"
);
rule!(
    RUN_AS_USER,
    "PS1802",
    "run-as-user-range",
    Error,
    "runAsUser must be between 0 and 2147483647"
);
rule!(
    RUN_AS_GROUP,
    "PS1803",
    "run-as-group-range",
    Error,
    "runAsGroup must be between 0 and 2147483647"
);
rule!(
    PROC_MOUNT,
    "PS1804",
    "proc-mount-type",
    Error,
    "procMount must be Default or Unmasked"
);
rule!(
    PROC_MOUNT_HOST_USERS,
    "PS1805",
    "proc-mount-unmasked-host-users",
    Error,
    "procMount Unmasked needs the pod to set hostUsers: false"
);
rule!(
    SECCOMP_PROFILE,
    "PS1806",
    "seccomp-profile",
    Error,
    "a seccompProfile needs a valid type, and a relative localhostProfile exactly when the type is Localhost"
);
rule!(
    PRIVILEGE_ESCALATION,
    "PS1807",
    "privilege-escalation-conflict",
    Error,
    "allowPrivilegeEscalation: false contradicts privileged: true and the CAP_SYS_ADMIN capability"
);
rule!(
    WINDOWS_OPTIONS,
    "PS1808",
    "windows-options",
    Error,
    "windowsOptions need a valid GMSA credential spec name and spec, and a valid runAsUserName"
);
rule!(
    APPARMOR_PROFILE,
    "PS1809",
    "apparmor-profile",
    Error,
    "an appArmorProfile needs a valid type, and a localhostProfile exactly when the type is Localhost"
);

const MAX_ID: i64 = 2_147_483_647;

/// Go's `%#v` of a pointer field: nil, or an address (which differs on every run).
fn go_pointer(node: &Node, key: &str, ty: &str) -> String {
    if node.get(key).is_some() {
        format!("(*{ty})(0xc000000000)")
    } else {
        format!("(*{ty})(nil)")
    }
}

/// Go's `%#v` of an internal `core.SecurityContext`.
fn render_security_context(sc: &Node) -> ErrValue {
    const FIELDS: [(&str, &str, &str); 12] = [
        ("Capabilities", "capabilities", "core.Capabilities"),
        ("Privileged", "privileged", "bool"),
        ("SELinuxOptions", "seLinuxOptions", "core.SELinuxOptions"),
        (
            "WindowsOptions",
            "windowsOptions",
            "core.WindowsSecurityContextOptions",
        ),
        ("RunAsUser", "runAsUser", "int64"),
        ("RunAsGroup", "runAsGroup", "int64"),
        ("RunAsNonRoot", "runAsNonRoot", "bool"),
        ("ReadOnlyRootFilesystem", "readOnlyRootFilesystem", "bool"),
        (
            "AllowPrivilegeEscalation",
            "allowPrivilegeEscalation",
            "bool",
        ),
        ("ProcMount", "procMount", "core.ProcMountType"),
        ("SeccompProfile", "seccompProfile", "core.SeccompProfile"),
        ("AppArmorProfile", "appArmorProfile", "core.AppArmorProfile"),
    ];
    let fields: Vec<String> = FIELDS
        .iter()
        .map(|(go, json, ty)| format!("{go}:{}", go_pointer(sc, json, ty)))
        .collect();
    ErrValue::Raw(format!("core.SecurityContext{{{}}}", fields.join(", ")))
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
        validate_seccomp_profile(ctx, profile, &path.child("seccompProfile"));
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
        validate_windows_options(ctx, options, &path.child("windowsOptions"));
    }
    if let Some(profile) = sc.get("appArmorProfile") {
        validate_apparmor_profile(ctx, profile, &path.child("appArmorProfile"));
    }
}

/// `validateSeccompProfileField` of a present `seccompProfile` (`path` is its path); shared with
/// the pod securityContext.
pub fn validate_seccomp_profile(ctx: &mut Ctx, profile: &Node, path: &Path) {
    let ty = profile.str_of("type");
    match ty {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => ctx.required_detail(
            &SECCOMP_PROFILE,
            &path.child("type"),
            profile.at("type"),
            "type is required when seccompProfile is set",
        ),
        other => ctx.not_supported(
            &SECCOMP_PROFILE,
            &path.child("type"),
            profile.at("type"),
            other,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
    }
    let lp = path.child("localhostProfile");
    let local = profile.opt_str("localhostProfile");
    if ty == "Localhost" {
        match local {
            None => ctx.required_detail(
                &SECCOMP_PROFILE,
                &lp,
                profile.at("localhostProfile"),
                "must be set when seccomp type is Localhost",
            ),
            Some(p) => {
                if p.starts_with('/') {
                    ctx.invalid(
                        &SECCOMP_PROFILE,
                        &lp,
                        profile.at("localhostProfile"),
                        p,
                        "must be a relative path",
                    );
                }
                if super::env::has_backsteps(p) {
                    ctx.invalid(
                        &SECCOMP_PROFILE,
                        &lp,
                        profile.at("localhostProfile"),
                        p,
                        "must not contain '..'",
                    );
                }
            }
        }
    } else if local.is_some() {
        let value = ErrValue::Raw(format!(
            "core.SeccompProfile{{Type:{}, LocalhostProfile:(*string)(0xc000000000)}}",
            crate::validate::go_quote(ty)
        ));
        ctx.invalid(
            &SECCOMP_PROFILE,
            &lp,
            profile.at("localhostProfile"),
            value,
            "can only be set when seccomp type is Localhost",
        );
    }
}

/// `ValidateAppArmorProfileField` of a present `appArmorProfile`; shared with the pod
/// securityContext.
pub fn validate_apparmor_profile(ctx: &mut Ctx, profile: &Node, path: &Path) {
    let lp = path.child("localhostProfile");
    let local = profile.opt_str("localhostProfile");
    match profile.str_of("type") {
        "Localhost" => match local {
            None => ctx.required_detail(
                &APPARMOR_PROFILE,
                &lp,
                profile.at("localhostProfile"),
                "must be set when AppArmor type is Localhost",
            ),
            Some(p) => {
                let trimmed = p.trim();
                if trimmed != p {
                    ctx.invalid(
                        &APPARMOR_PROFILE,
                        &lp,
                        profile.at("localhostProfile"),
                        p,
                        "must not be padded with whitespace",
                    );
                } else if trimmed.is_empty() {
                    ctx.required_detail(
                        &APPARMOR_PROFILE,
                        &lp,
                        profile.at("localhostProfile"),
                        "must be set when AppArmor type is Localhost",
                    );
                }
                if p.len() > 4095 {
                    ctx.too_long(&APPARMOR_PROFILE, &lp, profile.at("localhostProfile"), 4095);
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(p) = local {
                ctx.invalid(
                    &APPARMOR_PROFILE,
                    &lp,
                    profile.at("localhostProfile"),
                    p,
                    "can only be set when AppArmor type is Localhost",
                );
            }
        }
        "" => ctx.required_detail(
            &APPARMOR_PROFILE,
            &path.child("type"),
            profile.at("type"),
            "type is required when appArmorProfile is set",
        ),
        other => ctx.not_supported(
            &APPARMOR_PROFILE,
            &path.child("type"),
            profile.at("type"),
            other,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
    }
}

/// `^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$`
fn is_netbios_domain(domain: &str) -> bool {
    let forbidden = |c: char| matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
    let mut chars = domain.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if forbidden(first) || first == '.' {
        return false;
    }
    let rest: Vec<char> = chars.collect();
    rest.len() <= 14 && !rest.iter().any(|c| forbidden(*c))
}

/// `^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`
fn is_dns_domain(domain: &str) -> bool {
    domain.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    })
}

/// `validateWindowsSecurityContextOptions` of a present `windowsOptions`; shared with the pod
/// securityContext.
pub fn validate_windows_options(ctx: &mut Ctx, options: &Node, path: &Path) {
    if let Some(name) = options.opt_str("gmsaCredentialSpecName") {
        let msgs = format::dns1123_subdomain(name);
        if !msgs.is_empty() {
            let np = path.child("gmsaCredentialSpecName");
            ctx.invalid_each(
                &WINDOWS_OPTIONS,
                &np,
                options.at("gmsaCredentialSpecName"),
                &ErrValue::from(name),
                msgs,
            );
        }
    }
    if let Some(spec) = options.opt_str("gmsaCredentialSpec") {
        let sp = path.child("gmsaCredentialSpec");
        if spec.is_empty() {
            ctx.invalid(
                &WINDOWS_OPTIONS,
                &sp,
                options.at("gmsaCredentialSpec"),
                spec,
                "gmsaCredentialSpec cannot be an empty string",
            );
        } else if spec.len() > 64 * 1024 {
            ctx.invalid(
                &WINDOWS_OPTIONS,
                &sp,
                options.at("gmsaCredentialSpec"),
                spec,
                "gmsaCredentialSpec size must be under 64 KiB",
            );
        }
    }
    if let Some(user_name) = options.opt_str("runAsUserName") {
        let up = path.child("runAsUserName");
        let span = options.at("runAsUserName");
        for message in run_as_user_name_errors(user_name) {
            ctx.invalid(&WINDOWS_OPTIONS, &up, span, user_name, message);
        }
    }
}

fn run_as_user_name_errors(user_name: &str) -> Vec<&'static str> {
    if user_name.is_empty() {
        return vec!["runAsUserName cannot be an empty string"];
    }
    if user_name.chars().any(|c| c.is_ascii_control()) {
        return vec!["runAsUserName cannot contain control characters"];
    }
    let parts: Vec<&str> = user_name.split('\\').collect();
    if parts.len() > 2 {
        return vec!["runAsUserName cannot contain more than one backslash"];
    }
    let (domain, user) = if parts.len() == 1 {
        (None, parts[0])
    } else {
        (Some(parts[0]), parts[1])
    };
    let mut errors = Vec::new();
    if domain.is_some_and(|d| d.len() >= 256) {
        errors.push("runAsUserName's Domain length must be under 256 characters");
    }
    if let Some(d) = domain
        && !(is_netbios_domain(d) || is_dns_domain(d))
    {
        errors.push("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
    }
    if user.is_empty() {
        errors.push("runAsUserName's User cannot be empty");
    } else if user.len() > 104 {
        errors.push("runAsUserName's User length must not be longer than 104 characters");
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        errors.push("runAsUserName's User cannot contain only periods or spaces");
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        errors.push(
            "runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]",
        );
    }
    errors
}
