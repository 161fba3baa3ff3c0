//! seccomp, AppArmor and Windows options, as the server checks them in both a container's and the
//! pod's `securityContext` (`validateSeccompProfileField`, `ValidateAppArmorProfileField`,
//! `validateWindowsSecurityContextOptions`). Each caller passes its own rule, so the codes say
//! where the problem is.

use super::{Ctx, ErrValue, Path, format};
use crate::diagnostic::Rule;
use crate::yaml::Node;

/// `validateSeccompProfileField` of a present `seccompProfile` (`path` is its path); shared with
/// the pod securityContext.
pub fn seccomp(ctx: &mut Ctx, rule: &'static Rule, profile: &Node, path: &Path) {
    let ty = profile.str_of("type");
    match ty {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => ctx.required_detail(
            rule,
            &path.child("type"),
            profile.at("type"),
            "type is required when seccompProfile is set",
        ),
        other => ctx.not_supported(
            rule,
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
                rule,
                &lp,
                profile.at("localhostProfile"),
                "must be set when seccomp type is Localhost",
            ),
            Some(p) => {
                if p.starts_with('/') {
                    ctx.invalid(
                        rule,
                        &lp,
                        profile.at("localhostProfile"),
                        p,
                        "must be a relative path",
                    );
                }
                if p.split('/').any(|part| part == "..") {
                    ctx.invalid(
                        rule,
                        &lp,
                        profile.at("localhostProfile"),
                        p,
                        "must not contain '..'",
                    );
                }
            }
        }
    } else if local.is_some() {
        let value = ErrValue::Raw(crate::compat::json::go_struct(
            profile,
            &[
                ("Type", "type", crate::compat::json::GoField::Str),
                (
                    "LocalhostProfile",
                    "localhostProfile",
                    crate::compat::json::GoField::OptStr,
                ),
            ],
        ));
        ctx.invalid(
            rule,
            &lp,
            profile.at("localhostProfile"),
            value,
            "can only be set when seccomp type is Localhost",
        );
    }
}

/// `ValidateAppArmorProfileField` of a present `appArmorProfile`; shared with the pod
/// securityContext.
pub fn apparmor(ctx: &mut Ctx, rule: &'static Rule, profile: &Node, path: &Path) {
    let lp = path.child("localhostProfile");
    let local = profile.opt_str("localhostProfile");
    match profile.str_of("type") {
        "Localhost" => match local {
            None => ctx.required_detail(
                rule,
                &lp,
                profile.at("localhostProfile"),
                "must be set when AppArmor type is Localhost",
            ),
            Some(p) => {
                let trimmed = p.trim();
                if trimmed != p {
                    ctx.invalid(
                        rule,
                        &lp,
                        profile.at("localhostProfile"),
                        p,
                        "must not be padded with whitespace",
                    );
                } else if trimmed.is_empty() {
                    ctx.required_detail(
                        rule,
                        &lp,
                        profile.at("localhostProfile"),
                        "must be set when AppArmor type is Localhost",
                    );
                }
                if p.len() > 4095 {
                    ctx.too_long(rule, &lp, profile.at("localhostProfile"), 4095);
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(p) = local {
                ctx.invalid(
                    rule,
                    &lp,
                    profile.at("localhostProfile"),
                    p,
                    "can only be set when AppArmor type is Localhost",
                );
            }
        }
        "" => ctx.required_detail(
            rule,
            &path.child("type"),
            profile.at("type"),
            "type is required when appArmorProfile is set",
        ),
        other => ctx.not_supported(
            rule,
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
pub fn windows_options(ctx: &mut Ctx, rule: &'static Rule, options: &Node, path: &Path) {
    if let Some(name) = options.opt_str("gmsaCredentialSpecName") {
        let msgs = format::dns1123_subdomain(name);
        if !msgs.is_empty() {
            let np = path.child("gmsaCredentialSpecName");
            ctx.invalid_each(
                rule,
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
                rule,
                &sp,
                options.at("gmsaCredentialSpec"),
                spec,
                "gmsaCredentialSpec cannot be an empty string",
            );
        } else if spec.len() > 64 * 1024 {
            ctx.invalid(
                rule,
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
            ctx.invalid(rule, &up, span, user_name, message);
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

#[cfg(test)]
mod tests {
    use super::run_as_user_name_errors;

    #[test]
    fn windows_user_names() {
        assert!(run_as_user_name_errors("ContainerUser").is_empty());
        assert!(run_as_user_name_errors(r"NT AUTHORITY\NETWORK SERVICE").is_empty());
        assert!(run_as_user_name_errors(r"corp.example.com\svc-app").is_empty());
        assert_eq!(
            run_as_user_name_errors(r"a\b\c"),
            vec!["runAsUserName cannot contain more than one backslash"]
        );
        assert_eq!(
            run_as_user_name_errors(r"dom\..."),
            vec!["runAsUserName's User cannot contain only periods or spaces"]
        );
        assert_eq!(
            run_as_user_name_errors(r"\user@x"),
            vec![
                "runAsUserName's Domain doesn't match the NetBios nor the DNS format",
                r#"runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]"#
            ]
        );
    }
}
