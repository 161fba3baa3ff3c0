//! DNS policy, DNS config and host aliases (`validateDNSPolicy`, `validatePodDNSConfig`,
//! `ValidateHostAliases`).
//!
//! - `PS2007` dns-policy — `spec.dnsPolicy: Unsupported value: "ClusterFirstWithHostNetwork":
//!   supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"` (absent or
//!   `""` is defaulted to `ClusterFirst`).
//! - `PS2030` dns-config-required — `dnsPolicy: None` needs a `dnsConfig`
//!   (`spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None`) with a
//!   nameserver (`spec.dnsConfig.nameservers: Required value: must provide at least one DNS
//!   nameserver when `dnsPolicy` is None`); either error ends the DNS checks.
//! - `PS2031` dns-nameservers — at most 3 (`spec.dnsConfig.nameservers: Invalid value:
//!   ["1.1.1.1",…]: must not have more than 3 nameservers`), each an IP address
//!   (`spec.dnsConfig.nameservers[0]: Invalid value: "dns.local": must be a valid IP address,
//!   (e.g. 10.9.8.7 or 2001:db8::ffff)`).
//! - `PS2032` dns-searches — at most 32 (`must not have more than 32 search paths`), at most 2048
//!   characters joined with spaces (`must not have more than 2048 characters (including spaces)
//!   in the search list`), each (but `.`, after removing one trailing dot) a DNS subdomain that
//!   may contain underscores (RelaxedDNSSearchValidation, GA in 1.34):
//!   `spec.dnsConfig.searches[0]: Invalid value: "Corp.Example": a lowercase RFC 1123 subdomain
//!   must consist of lower case alphanumeric characters, '_', '-' or '.', …`.
//! - `PS2033` dns-option-name — `spec.dnsConfig.options[0]: Required value: must not be empty`
//!   (sic: no `.name`).
//! - `PS2034` host-alias-ip — `spec.hostAliases[0].ip: Invalid value: "": must be a valid IP
//!   address, (e.g. 10.9.8.7 or 2001:db8::ffff)`.
//! - `PS2035` host-alias-hostname — `spec.hostAliases[0].hostnames[0]` must be a DNS subdomain.
//!
//! IP addresses are checked as the server checks these "legacy" fields with
//! StrictIPCIDRValidation (beta, on by default since 1.36): `010.0.0.1` fails with `must not
//! have leading 0s`, `::ffff:10.0.0.1` with `must not be an IPv4-mapped IPv6 address`.

use super::{go_string_slice, invalid_str};
use crate::compat::ip::parse_ip;
use crate::rule;
use crate::validate::format::{self, max_len_error, regex_error};
use crate::validate::{Ctx, Path};
use crate::yaml::Node;

rule!(
    /// **What it does** Checks `spec.dnsPolicy` is `ClusterFirstWithHostNet`, `ClusterFirst`, `Default`
    /// or `None` (absent means `ClusterFirst`).
    ///
    /// **Why it matters** Misspellings such as `ClusterFirstWithHostNetwork` are rejected with
    /// `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   dnsPolicy: ClusterFirstWithHostNetwork
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   dnsPolicy: ClusterFirstWithHostNet
    /// ```
    ///
    /// **Fix** Use one of the four values exactly.
    ///
    /// **Kubernetes source** `validateDNSPolicy` in `pkg/apis/core/validation/validation.go`.
    DNS_POLICY,
    "PS2007",
    "dns-policy",
    Error,
    "dnsPolicy must be ClusterFirstWithHostNet, ClusterFirst, Default or None"
);
rule!(
    /// **What it does** With `dnsPolicy: None`, checks a `dnsConfig` with at least one nameserver is
    /// given.
    ///
    /// **Why it matters** `None` gives the pod no DNS settings of its own; without nameservers it could
    /// resolve nothing, so the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   dnsPolicy: None
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   dnsPolicy: None
    ///   dnsConfig:
    ///     nameservers: [10.0.0.10]
    /// ```
    ///
    /// **Fix** Add `dnsConfig.nameservers`, or use `ClusterFirst`.
    ///
    /// **Kubernetes source** `validatePodDNSConfig` in `pkg/apis/core/validation/validation.go`.
    DNS_CONFIG_REQUIRED,
    "PS2030",
    "dns-config-required",
    Error,
    "dnsPolicy None needs a dnsConfig with at least one nameserver"
);
rule!(
    /// **What it does** Checks `dnsConfig.nameservers`: at most 3, each an IP address (no host names,
    /// leading zeros or IPv4-mapped IPv6).
    ///
    /// **Why it matters** `resolv.conf` takes at most three nameserver addresses; the API server rejects
    /// more, and names.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// dnsConfig:
    ///   nameservers: [dns.corp.local]
    /// ```
    ///
    /// ```yaml
    /// dnsConfig:
    ///   nameservers: [10.0.0.10]
    /// ```
    ///
    /// **Fix** Give up to three IP addresses.
    ///
    /// **Kubernetes source** `validatePodDNSConfig` with `IsValidIPForLegacyField` in
    /// `pkg/apis/core/validation/validation.go`.
    DNS_NAMESERVERS,
    "PS2031",
    "dns-nameservers",
    Error,
    "dnsConfig has at most 3 nameservers, each an IP address"
);
rule!(
    /// **What it does** Checks `dnsConfig.searches`: at most 32 domains, at most 2048 characters in
    /// all, each a lower-case DNS subdomain (underscores allowed, `.` alone allowed).
    ///
    /// **Why it matters** The resolver's search list has these limits; the API server rejects the pod
    /// otherwise.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// dnsConfig:
    ///   searches: [Corp.Example.com]
    /// ```
    ///
    /// ```yaml
    /// dnsConfig:
    ///   searches: [corp.example.com]
    /// ```
    ///
    /// **Fix** Lower-case the domains and keep the list short.
    ///
    /// **Kubernetes source** `validatePodDNSConfig` in `pkg/apis/core/validation/validation.go`.
    DNS_SEARCHES,
    "PS2032",
    "dns-searches",
    Error,
    "dnsConfig has at most 32 search domains of 2048 characters in all, each a DNS subdomain"
);
rule!(
    /// **What it does** Checks each `dnsConfig.options` entry has a non-empty `name`.
    ///
    /// **Why it matters** An option without a name writes nothing to `resolv.conf`; the API server
    /// rejects it (`must not be empty`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// dnsConfig:
    ///   options:
    ///   - value: "2"
    /// ```
    ///
    /// ```yaml
    /// dnsConfig:
    ///   options:
    ///   - name: ndots
    ///     value: "2"
    /// ```
    ///
    /// **Fix** Name the resolver option.
    ///
    /// **Kubernetes source** `validatePodDNSConfig` in `pkg/apis/core/validation/validation.go`.
    DNS_OPTION_NAME,
    "PS2033",
    "dns-option-name",
    Error,
    "dnsConfig options need a name"
);
rule!(
    /// **What it does** Checks each `hostAliases` entry's `ip` is a valid IP address.
    ///
    /// **Why it matters** The entry becomes a line of `/etc/hosts`; a name or malformed address is
    /// rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostAliases:
    /// - ip: db.local
    ///   hostnames: [db]
    /// ```
    ///
    /// ```yaml
    /// hostAliases:
    /// - ip: 10.1.2.3
    ///   hostnames: [db]
    /// ```
    ///
    /// **Fix** Write the address; the names go in `hostnames`.
    ///
    /// **Kubernetes source** `ValidateHostAliases` in `pkg/apis/core/validation/validation.go`.
    HOST_ALIAS_IP,
    "PS2034",
    "host-alias-ip",
    Error,
    "hostAliases need a valid IP address"
);
rule!(
    /// **What it does** Checks each `hostAliases[i].hostnames` entry is a DNS subdomain.
    ///
    /// **Why it matters** `/etc/hosts` names must be valid host names; capitals, spaces or `_` are
    /// rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostAliases:
    /// - ip: 10.1.2.3
    ///   hostnames: [DB_Primary]
    /// ```
    ///
    /// ```yaml
    /// hostAliases:
    /// - ip: 10.1.2.3
    ///   hostnames: [db-primary]
    /// ```
    ///
    /// **Fix** Use lower-case names with `-` and `.`.
    ///
    /// **Kubernetes source** `ValidateHostAliases` in `pkg/apis/core/validation/validation.go`.
    HOST_ALIAS_HOSTNAME,
    "PS2035",
    "host-alias-hostname",
    Error,
    "hostAliases hostnames must be DNS subdomains"
);

const MAX_NAMESERVERS: usize = 3;
const MAX_SEARCH_PATHS: usize = 32;
const MAX_SEARCH_CHARS: usize = 2048;

/// The effective `dnsPolicy` (defaulting turns absent and `""` into `ClusterFirst`).
fn dns_policy(spec: &Node) -> &str {
    match spec.str_of("dnsPolicy") {
        "" => "ClusterFirst",
        policy => policy,
    }
}

/// `validateDNSPolicy`
pub(super) fn validate_dns_policy(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let policy = dns_policy(spec);
    if !matches!(
        policy,
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None"
    ) {
        ctx.not_supported(
            &DNS_POLICY,
            &path.child("dnsPolicy"),
            spec.at("dnsPolicy"),
            policy,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        );
    }
}

/// `validatePodDNSConfig`
pub(super) fn validate_dns_config(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let at = path.child("dnsConfig");
    let config = spec.map_of("dnsConfig");
    if dns_policy(spec) == "None" {
        let Some(config) = config else {
            ctx.required_detail(
                &DNS_CONFIG_REQUIRED,
                &at,
                spec.at("dnsPolicy"),
                "must provide `dnsConfig` when `dnsPolicy` is None",
            );
            return;
        };
        if config.seq_of("nameservers").is_empty() {
            ctx.required_detail(
                &DNS_CONFIG_REQUIRED,
                &at.child("nameservers"),
                config.at("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            );
            return;
        }
    }
    let Some(config) = config else {
        return;
    };
    let nameservers = config.seq_of("nameservers");
    let ns_path = at.child("nameservers");
    if nameservers.len() > MAX_NAMESERVERS {
        ctx.invalid(
            &DNS_NAMESERVERS,
            &ns_path,
            config.key_at("nameservers"),
            go_string_slice(nameservers),
            format!("must not have more than {MAX_NAMESERVERS} nameservers"),
        );
    }
    for (i, ns) in nameservers.iter().enumerate() {
        let ip = ns.as_str().unwrap_or("");
        invalid_str(
            ctx,
            &DNS_NAMESERVERS,
            &ns_path.index(i),
            ns.span,
            ip,
            legacy_ip_errors(ip),
        );
    }
    let searches = config.seq_of("searches");
    let search_path = at.child("searches");
    if searches.len() > MAX_SEARCH_PATHS {
        ctx.invalid(
            &DNS_SEARCHES,
            &search_path,
            config.key_at("searches"),
            go_string_slice(searches),
            format!("must not have more than {MAX_SEARCH_PATHS} search paths"),
        );
    }
    let joined: usize = searches
        .iter()
        .map(|s| s.as_str().unwrap_or("").len())
        .sum::<usize>()
        + searches.len().saturating_sub(1);
    if joined > MAX_SEARCH_CHARS {
        ctx.invalid(
            &DNS_SEARCHES,
            &search_path,
            config.key_at("searches"),
            go_string_slice(searches),
            format!(
                "must not have more than {MAX_SEARCH_CHARS} characters (including spaces) in the search list"
            ),
        );
    }
    for (i, search) in searches.iter().enumerate() {
        let domain = search.as_str().unwrap_or("");
        if domain == "." {
            continue;
        }
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        invalid_str(
            ctx,
            &DNS_SEARCHES,
            &search_path.index(i),
            search.span,
            domain,
            dns1123_subdomain_with_underscore(domain),
        );
    }
    let options_path = at.child("options");
    for (i, option) in config.seq_of("options").iter().enumerate() {
        if option.str_of("name").is_empty() {
            ctx.required_detail(
                &DNS_OPTION_NAME,
                &options_path.index(i),
                option.at("name"),
                "must not be empty",
            );
        }
    }
}

/// `ValidateHostAliases`
pub(super) fn validate_host_aliases(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let list = path.child("hostAliases");
    for (i, alias) in spec.seq_of("hostAliases").iter().enumerate() {
        let at = list.index(i);
        let ip = alias.str_of("ip");
        invalid_str(
            ctx,
            &HOST_ALIAS_IP,
            &at.child("ip"),
            alias.at("ip"),
            ip,
            legacy_ip_errors(ip),
        );
        let hostnames = at.child("hostnames");
        for (j, hostname) in alias.seq_of("hostnames").iter().enumerate() {
            let name = hostname.as_str().unwrap_or("");
            invalid_str(
                ctx,
                &HOST_ALIAS_HOSTNAME,
                &hostnames.index(j),
                hostname.span,
                name,
                format::dns1123_subdomain(name),
            );
        }
    }
}

/// `IsDNS1123SubdomainWithUnderscore`
pub(crate) fn dns1123_subdomain_with_underscore(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > format::DNS1123_SUBDOMAIN_MAX {
        errs.push(max_len_error(format::DNS1123_SUBDOMAIN_MAX));
    }
    if value.is_empty() || !value.split('.').all(is_underscore_label) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
            "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
            &["example.com"],
        ));
    }
    errs
}

/// `_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?`
fn is_underscore_label(label: &str) -> bool {
    let b = label.strip_prefix('_').unwrap_or(label).as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty()
        && alnum(b[0])
        && alnum(b[b.len() - 1])
        && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_')
}

const INVALID_IP: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/// `IsValidIPForLegacyField(path, value, strictValidation=true)`: the messages for an IP
/// address in a field that predates strict validation (StrictIPCIDRValidation is on in 1.36).
pub fn legacy_ip_errors(value: &str) -> Vec<String> {
    let Some(ip) = parse_ip(value, false) else {
        return vec![INVALID_IP.to_string()];
    };
    let mut errs = Vec::new();
    match parse_ip(value, true) {
        None => errs.push("must not have leading 0s".to_string()),
        Some(_) if is_ipv4_mapped(&ip) && value.contains(':') => {
            errs.push("must not be an IPv4-mapped IPv6 address".to_string());
        }
        Some(_) => {}
    }
    errs
}

fn is_ipv4_mapped(ip: &[u8; 16]) -> bool {
    ip[..10].iter().all(|&b| b == 0) && ip[10] == 0xff && ip[11] == 0xff
}

#[cfg(test)]
mod tests {
    use super::legacy_ip_errors;

    #[test]
    fn ip_addresses_like_the_server() {
        for ok in [
            "10.0.0.1",
            "0.0.0.0",
            "2001:db8::ffff",
            "::",
            "::1",
            "fe80::1:2:3:4",
            "1:2:3:4:5:6:7:8",
            "::1.2.3.4",
            "FE80:0:0:0:0:0:0:0abc",
        ] {
            assert!(legacy_ip_errors(ok).is_empty(), "{ok}");
        }
        for bad in [
            "",
            "dns.local",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "1::2::3",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8:9",
            "10.0.0.1/24",
            "fe80::1%eth0",
            " 10.0.0.1",
        ] {
            assert_eq!(
                legacy_ip_errors(bad),
                vec!["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
                "{bad}"
            );
        }
        assert_eq!(
            legacy_ip_errors("010.0.0.1"),
            vec!["must not have leading 0s"]
        );
        assert_eq!(
            legacy_ip_errors("::ffff:10.0.0.1"),
            vec!["must not be an IPv4-mapped IPv6 address"]
        );
        assert_eq!(
            legacy_ip_errors("::ffff:a00:1"),
            vec!["must not be an IPv4-mapped IPv6 address"]
        );
    }
}
