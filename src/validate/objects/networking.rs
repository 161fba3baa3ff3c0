//! NetworkPolicies and Ingresses (`networking.k8s.io/v1`): what `ValidateNetworkPolicy` and
//! `ValidateIngressCreate` check on create, after defaulting (a NetworkPolicy port's protocol is
//! TCP; no `policyTypes` is `[Ingress]`, plus `Egress` when there are egress rules). Both names
//! are DNS subdomains.
//!
//! NetworkPolicy: the pod selector and each peer's selectors are label selectors; a peer sets
//! something, and an `ipBlock` alone; `ipBlock.cidr` is a CIDR (strictly: no leading zeros, no
//! IPv4-mapped IPv6, no bits past the prefix) and each `except` a strict subset of it; ports have
//! a protocol of TCP, UDP or SCTP, a port number or name, and an `endPort` only after a numeric
//! `port`, not below it; at most two `policyTypes`, each `Ingress` or `Egress`.
//!
//! Ingress: rules or a default backend; rule hosts are DNS names (a leading `*.` allowed), not IP
//! addresses; each HTTP path has a `pathType` (`Exact`, `Prefix`, `ImplementationSpecific`), and
//! an `Exact` or `Prefix` path is absolute without `//`, `/./`, `/../` or encoded slashes; each
//! backend is a Service (a DNS-label name and a port name or number) or a resource, not both;
//! TLS hosts and secret names, and `ingressClassName`, are DNS names; the
//! `kubernetes.io/ingress.class` annotation, when both are set, matches `ingressClassName`. The
//! server warns about that annotation: it is deprecated.

use super::{at_or, path_segment, required_then};
use crate::compat::ip::parse_ip;
use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::validate::meta::{self, NameRule};
use crate::validate::pod::EMPTY_MAP;
use crate::validate::podspec::{SelectorOptions, validate_label_selector};
use crate::validate::workloads::json;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Checks a NetworkPolicy's ports: protocol `TCP`, `UDP` or `SCTP`, a port
    /// number (1–65535) or IANA port name, and an `endPort` only after a numeric `port`, not
    /// below it.
    ///
    /// **Why it matters** The API server rejects the policy.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports: [{port: http, endPort: 8090}]
    /// ```
    ///
    /// ```yaml
    /// ports: [{port: 8080, endPort: 8090}]
    /// ```
    ///
    /// **Fix** Give ranges as numbers, and named ports without `endPort`.
    ///
    /// **Kubernetes source** `ValidateNetworkPolicyPort` in
    /// `pkg/apis/networking/validation/validation.go`.
    NETWORK_POLICY_PORT,
    "PS2260",
    "network-policy-port",
    Error,
    "a NetworkPolicy port has a supported protocol, a port number or name, and a sound range"
);
rule!(
    /// **What it does** Checks each NetworkPolicy peer (`from`, `to`): it sets a pod selector, a
    /// namespace selector or an `ipBlock`, and an `ipBlock` only on its own, whose `cidr` is a
    /// CIDR in strict form and whose `except` ranges lie strictly inside it.
    ///
    /// **Why it matters** The API server rejects the policy: an empty peer matches nothing, and a
    /// sloppy CIDR is ambiguous.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// from: [{ipBlock: {cidr: 10.0.0.1/8, except: [192.168.0.0/16]}}]
    /// ```
    ///
    /// ```yaml
    /// from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    /// ```
    ///
    /// **Fix** Write the network address of the range, and exceptions inside it.
    ///
    /// **Kubernetes source** `ValidateNetworkPolicyPeer` and `ValidateIPBlock` in
    /// `pkg/apis/networking/validation/validation.go`.
    NETWORK_POLICY_PEER,
    "PS2261",
    "network-policy-peer",
    Error,
    "a NetworkPolicy peer selects something, and an ipBlock is a strict CIDR on its own"
);
rule!(
    /// **What it does** Checks a NetworkPolicy's `policyTypes`: at most two, each `Ingress` or
    /// `Egress`.
    ///
    /// **Why it matters** The API server rejects the policy.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// policyTypes: [ingress]
    /// ```
    ///
    /// ```yaml
    /// policyTypes: [Ingress]
    /// ```
    ///
    /// **Fix** Capitalise the type.
    ///
    /// **Kubernetes source** `ValidateNetworkPolicySpec` in
    /// `pkg/apis/networking/validation/validation.go`.
    NETWORK_POLICY_TYPES,
    "PS2262",
    "network-policy-types",
    Error,
    "a NetworkPolicy's policyTypes are Ingress or Egress"
);
rule!(
    /// **What it does** Checks an Ingress's rules: a rule or a default backend; hosts that are
    /// DNS names (a leading `*.` allowed), not IP addresses; HTTP paths with a `pathType` of
    /// `Exact`, `Prefix` or `ImplementationSpecific`, absolute, and (for `Exact` and `Prefix`)
    /// without `//`, `/./`, `/../`, `%2f` or a trailing `/.` or `/..`.
    ///
    /// **Why it matters** The API server rejects the Ingress.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// rules:
    /// - host: shop.example.com
    ///   http: {paths: [{path: api, backend: {service: {name: api, port: {number: 80}}}}]}
    /// ```
    ///
    /// ```yaml
    /// rules:
    /// - host: shop.example.com
    ///   http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}
    /// ```
    ///
    /// **Fix** Give every path a `pathType` and a leading `/`.
    ///
    /// **Kubernetes source** `ValidateIngressSpec`, `validateIngressRules` and
    /// `validateHTTPIngressPath` in `pkg/apis/networking/validation/validation.go`.
    INGRESS_RULES,
    "PS2270",
    "ingress-rules",
    Error,
    "an Ingress has rules or a default backend, DNS hosts and typed absolute paths"
);
rule!(
    /// **What it does** Checks each Ingress backend: a Service (a DNS-label name, and a port name
    /// or number, not both) or a resource (a kind and a name, and a DNS `apiGroup`), not both.
    ///
    /// **Why it matters** The API server rejects the Ingress.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// backend: {service: {name: web, port: {name: http, number: 80}}}
    /// ```
    ///
    /// ```yaml
    /// backend: {service: {name: web, port: {name: http}}}
    /// ```
    ///
    /// **Fix** Name the Service's port or give its number.
    ///
    /// **Kubernetes source** `validateIngressBackend` in
    /// `pkg/apis/networking/validation/validation.go`.
    INGRESS_BACKEND,
    "PS2271",
    "ingress-backend",
    Error,
    "an Ingress backend is a Service with one port, or a resource"
);
rule!(
    /// **What it does** Checks an Ingress's TLS hosts and secret names and its
    /// `ingressClassName` are DNS names, and that the `kubernetes.io/ingress.class` annotation,
    /// when `ingressClassName` is set too, names the same class.
    ///
    /// **Why it matters** The API server rejects the Ingress.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   ingressClassName: Nginx
    ///   tls: [{hosts: [shop.example.com], secretName: shop_tls}]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   ingressClassName: nginx
    ///   tls: [{hosts: [shop.example.com], secretName: shop-tls}]
    /// ```
    ///
    /// **Fix** Use the lower-case names of the IngressClass and the Secret.
    ///
    /// **Kubernetes source** `ValidateIngressSpec`, `validateIngressTLS` and
    /// `ValidateIngressCreate` in `pkg/apis/networking/validation/validation.go`.
    INGRESS_TLS_CLASS,
    "PS2272",
    "ingress-tls-and-class",
    Error,
    "an Ingress's TLS hosts, secret names and class are DNS names"
);
rule!(
    /// **What it does** Warns, as the API server does on create, about the
    /// `kubernetes.io/ingress.class` annotation.
    ///
    /// **Why it matters** The annotation is deprecated: controllers read `spec.ingressClassName`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   annotations: {kubernetes.io/ingress.class: nginx}
    /// ```
    ///
    /// ```yaml
    /// spec: {ingressClassName: nginx}
    /// ```
    ///
    /// **Fix** Move the class into `spec.ingressClassName`.
    ///
    /// **Kubernetes source** `GetWarningsForIngress` (the ingress strategy's
    /// `WarningsOnCreate`) in `pkg/registry/networking/ingress/strategy.go`.
    INGRESS_CLASS_ANNOTATION,
    "PS3026",
    "ingress-class-annotation",
    Warning,
    "the deprecated kubernetes.io/ingress.class annotation"
);

pub const RULES: &[&Rule] = &[
    &NETWORK_POLICY_PORT,
    &NETWORK_POLICY_PEER,
    &NETWORK_POLICY_TYPES,
    &INGRESS_RULES,
    &INGRESS_BACKEND,
    &INGRESS_TLS_CLASS,
    &INGRESS_CLASS_ANNOTATION,
];

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

fn object_meta<'d>(ctx: &mut Ctx, root: &'d Node) -> &'d Node {
    super::object_meta(ctx, root, NameRule::Subdomain)
}

pub fn network_policy(ctx: &mut Ctx, root: &Node) {
    object_meta(ctx, root);
    let spec = root.map_of("spec").unwrap_or(&EMPTY_MAP);
    let sp = Path::ROOT.child("spec");
    if let Some(selector) = spec.get("podSelector").filter(|s| s.is_map()) {
        validate_label_selector(
            ctx,
            selector,
            &sp.child("podSelector"),
            SelectorOptions::default(),
        );
    }
    for (rules_key, peers_key) in [("ingress", "from"), ("egress", "to")] {
        let rp = sp.child(rules_key);
        for (i, rule) in spec.seq_of(rules_key).iter().enumerate() {
            let ip = rp.index(i);
            let pp = ip.child("ports");
            for (j, port) in rule.seq_of("ports").iter().enumerate() {
                network_policy_port(ctx, port, &pp.index(j));
            }
            let peers = ip.child(peers_key);
            for (k, peer) in rule.seq_of(peers_key).iter().enumerate() {
                network_policy_peer(ctx, peer, &peers.index(k));
            }
        }
    }
    let types = spec.seq_of("policyTypes");
    let tp = sp.child("policyTypes");
    if types.len() > 2 {
        ctx.invalid(
            &NETWORK_POLICY_TYPES,
            &tp,
            spec.at("policyTypes"),
            ErrValue::Raw(json::string_list(spec.get("policyTypes"))),
            "may not specify more than two policyTypes",
        );
        return;
    }
    for (i, ty) in types.iter().enumerate() {
        let value = ty.as_str().unwrap_or("");
        if value != "Ingress" && value != "Egress" {
            ctx.not_supported(
                &NETWORK_POLICY_TYPES,
                &tp.index(i),
                ty.span,
                value,
                &["Ingress", "Egress"],
            );
        }
    }
}

fn network_policy_port(ctx: &mut Ctx, port: &Node, path: &Path) {
    let protocol = port.opt_str("protocol").unwrap_or("TCP");
    if !matches!(protocol, "TCP" | "UDP" | "SCTP") {
        ctx.not_supported(
            &NETWORK_POLICY_PORT,
            &path.child("protocol"),
            port.at("protocol"),
            protocol,
            &["TCP", "UDP", "SCTP"],
        );
    }
    let end = port.i64_of("endPort");
    let ep = path.child("endPort");
    let pp = path.child("port");
    match port.get("port").filter(|n| !n.is_null()).map(|n| &n.value) {
        Some(Value::Str(name)) => {
            if end.is_some() {
                ctx.invalid(
                    &NETWORK_POLICY_PORT,
                    &ep,
                    port.at("endPort"),
                    end.unwrap_or(0),
                    "may not be specified when `port` is non-numeric",
                );
            }
            let msgs = format::port_name(name);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &NETWORK_POLICY_PORT,
                    &pp,
                    port.at("port"),
                    &ErrValue::from(name.as_str()),
                    msgs,
                );
            }
        }
        Some(_) => {
            let number = port.i64_of("port").unwrap_or(0);
            for msg in format::port_num(number) {
                ctx.invalid(&NETWORK_POLICY_PORT, &pp, port.at("port"), number, msg);
            }
            if let Some(end) = end {
                let span = port.at("endPort");
                if end < number {
                    ctx.invalid(
                        &NETWORK_POLICY_PORT,
                        &ep,
                        span,
                        end,
                        "must be greater than or equal to `port`",
                    );
                }
                for msg in format::port_num(end) {
                    ctx.invalid(&NETWORK_POLICY_PORT, &ep, span, end, msg);
                }
            }
        }
        None => {
            if let Some(end) = end {
                ctx.invalid(
                    &NETWORK_POLICY_PORT,
                    &ep,
                    port.at("endPort"),
                    end,
                    "may not be specified when `port` is not specified",
                );
            }
        }
    }
}

fn network_policy_peer(ctx: &mut Ctx, peer: &Node, path: &Path) {
    let mut peers = 0;
    for key in ["podSelector", "namespaceSelector"] {
        if let Some(selector) = peer.get(key).filter(|s| s.is_map()) {
            peers += 1;
            validate_label_selector(ctx, selector, &path.child(key), SelectorOptions::default());
        }
    }
    let block = peer.map_of("ipBlock");
    if let Some(block) = block {
        peers += 1;
        ip_block(ctx, block, &path.child("ipBlock"), peer.at("ipBlock"));
    }
    if peers == 0 {
        ctx.required_detail(
            &NETWORK_POLICY_PEER,
            path,
            peer.head(),
            "must specify a peer",
        );
    } else if block.is_some() && peers > 1 {
        ctx.forbidden(
            &NETWORK_POLICY_PEER,
            path,
            peer.key_at("ipBlock"),
            "may not specify both ipBlock and another peer",
        );
    }
}

fn ip_block(ctx: &mut Ctx, block: &Node, path: &Path, head: Span) {
    let cidr = block.str_of("cidr");
    let cp = path.child("cidr");
    if cidr.is_empty() {
        ctx.required(&NETWORK_POLICY_PEER, &cp, at_or(block, "cidr", head));
        return;
    }
    let msgs = cidr_errors(cidr);
    if !msgs.is_empty() {
        ctx.invalid_each(
            &NETWORK_POLICY_PEER,
            &cp,
            block.at("cidr"),
            &ErrValue::from(cidr),
            msgs,
        );
    }
    let Some(outer) = parse_cidr(cidr, false) else {
        return;
    };
    let xp = path.child("except");
    for (i, except) in block.seq_of("except").iter().enumerate() {
        let value = except.as_str().unwrap_or("");
        let ip = xp.index(i);
        let msgs = cidr_errors(value);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &NETWORK_POLICY_PEER,
                &ip,
                except.span,
                &ErrValue::from(value),
                msgs,
            );
        }
        let Some(inner) = parse_cidr(value, false) else {
            continue;
        };
        if !outer.contains(&inner.network()) || outer.bits_of_prefix() >= inner.bits_of_prefix() {
            ctx.invalid(
                &NETWORK_POLICY_PEER,
                &ip,
                except.span,
                value,
                "must be a strict subset of `cidr`",
            );
        }
    }
}

/// A parsed CIDR: the address (16-byte form) and the prefix length in that form.
#[derive(Clone, Copy)]
struct Cidr {
    ip: [u8; 16],
    /// The prefix length counted over 128 bits (an IPv4 prefix plus 96).
    prefix: u32,
    v4: bool,
}

impl Cidr {
    fn bit(ip: &[u8; 16], i: u32) -> bool {
        ip[(i / 8) as usize] & (0x80 >> (i % 8)) != 0
    }

    /// The network address: the address with the bits past the prefix cleared.
    fn network(&self) -> Cidr {
        let mut ip = self.ip;
        for i in self.prefix..128 {
            ip[(i / 8) as usize] &= !(0x80 >> (i % 8));
        }
        Cidr { ip, ..*self }
    }

    fn contains(&self, other: &Cidr) -> bool {
        self.v4 == other.v4
            && (0..self.prefix).all(|i| Cidr::bit(&self.ip, i) == Cidr::bit(&other.ip, i))
    }

    /// The prefix length as the CIDR was written (`Mask.Size()`).
    fn bits_of_prefix(&self) -> u32 {
        if self.v4 {
            self.prefix - 96
        } else {
            self.prefix
        }
    }
}

/// `netutils.ParseCIDRSloppy` (`strict == false`) or `netip.ParsePrefix`.
fn parse_cidr(s: &str, strict: bool) -> Option<Cidr> {
    let (addr, bits) = s.split_once('/')?;
    if bits.is_empty() || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if strict && bits.len() > 1 && bits.starts_with('0') {
        return None;
    }
    let prefix: u32 = bits.parse().ok()?;
    let v4 = addr.contains('.') && !addr.contains(':');
    let ip = parse_ip(addr, strict)?;
    let max = if v4 { 32 } else { 128 };
    if prefix > max {
        return None;
    }
    Some(Cidr {
        ip,
        prefix: if v4 { prefix + 96 } else { prefix },
        v4,
    })
}

/// `IsValidCIDRForLegacyField` with strict validation (StrictIPCIDRValidation, on in 1.36).
fn cidr_errors(s: &str) -> Vec<String> {
    let Some(sloppy) = parse_cidr(s, false) else {
        return vec!["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)".into()];
    };
    if parse_cidr(s, true).is_none() {
        return vec!["must not have leading 0s in IP or prefix length".into()];
    }
    let ip = &sloppy.ip;
    if !sloppy.v4 && ip[..10].iter().all(|&b| b == 0) && ip[10] == 0xff && ip[11] == 0xff {
        return vec!["must not have an IPv4-mapped IPv6 address".into()];
    }
    if sloppy.network().ip != sloppy.ip {
        return vec!["must not have bits set beyond the prefix length".into()];
    }
    Vec::new()
}

/// `IsWildcardDNS1123Subdomain`
fn wildcard_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > format::DNS1123_SUBDOMAIN_MAX {
        errs.push(format::max_len_error(format::DNS1123_SUBDOMAIN_MAX));
    }
    if !s
        .strip_prefix("*.")
        .is_some_and(format::matches_dns_subdomain)
    {
        errs.push(format::regex_error(
            "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
            "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
            &["*.example.com"],
        ));
    }
    errs
}

/// A host: a wildcard subdomain when it holds `*`, else a subdomain.
fn host_errors(host: &str) -> Vec<String> {
    if host.contains('*') {
        wildcard_subdomain(host)
    } else {
        format::dns1123_subdomain(host)
    }
}

pub fn ingress(ctx: &mut Ctx, root: &Node) {
    let meta_node = object_meta(ctx, root);
    let spec = root.map_of("spec").unwrap_or(&EMPTY_MAP);
    let sp = Path::ROOT.child("spec");
    let spec_head = if root.get("spec").is_some() {
        root.key_at("spec")
    } else {
        root.head()
    };
    let rules = spec.seq_of("rules");
    let default_backend = spec.map_of("defaultBackend");
    if rules.is_empty() && default_backend.is_none() {
        let value = if spec.get("rules").is_some_and(Node::is_seq) {
            "[]"
        } else {
            "null"
        };
        ctx.invalid(
            &INGRESS_RULES,
            &sp,
            spec_head,
            ErrValue::Raw(value.into()),
            "either `defaultBackend` or `rules` must be specified",
        );
    }
    if let Some(backend) = default_backend {
        ingress_backend(ctx, backend, &sp.child("defaultBackend"));
    }
    let rp = sp.child("rules");
    for (i, rule) in rules.iter().enumerate() {
        let ip = rp.index(i);
        let host = rule.str_of("host");
        if !host.is_empty() {
            let hp = ip.child("host");
            let span = rule.at("host");
            if parse_ip(host, false).is_some() {
                ctx.invalid(
                    &INGRESS_RULES,
                    &hp,
                    span,
                    host,
                    "must be a DNS name, not an IP address",
                );
            }
            let msgs = host_errors(host);
            if !msgs.is_empty() {
                ctx.invalid_each(&INGRESS_RULES, &hp, span, &ErrValue::from(host), msgs);
            }
        }
        if let Some(http) = rule.map_of("http") {
            let hp = ip.child("http");
            let pp = hp.child("paths");
            let paths = http.seq_of("paths");
            if paths.is_empty() {
                ctx.required(&INGRESS_RULES, &pp, at_or(http, "paths", rule.at("http")));
            }
            for (j, path) in paths.iter().enumerate() {
                http_path(ctx, path, &pp.index(j));
            }
        }
    }
    let tp = sp.child("tls");
    for (i, tls) in spec.seq_of("tls").iter().enumerate() {
        let ip = tp.index(i);
        let hosts = ip.child("hosts");
        for (j, host) in tls.seq_of("hosts").iter().enumerate() {
            let value = host.as_str().unwrap_or("");
            let msgs = host_errors(value);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &INGRESS_TLS_CLASS,
                    &hosts.index(j),
                    host.span,
                    &ErrValue::from(value),
                    msgs,
                );
            }
        }
        let secret = tls.str_of("secretName");
        if !secret.is_empty() {
            let msgs = format::dns1123_subdomain(secret);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &INGRESS_TLS_CLASS,
                    &ip.child("secretName"),
                    tls.at("secretName"),
                    &ErrValue::from(secret),
                    msgs,
                );
            }
        }
    }
    let class = spec.opt_str("ingressClassName");
    if let Some(class) = class {
        let msgs = format::dns1123_subdomain(class);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &INGRESS_TLS_CLASS,
                &sp.child("ingressClassName"),
                spec.at("ingressClassName"),
                &ErrValue::from(class),
                msgs,
            );
        }
    }
    let annotations = meta_node.map_of("annotations");
    if let Some(annotation) = meta::annotation(annotations, CLASS_ANNOTATION) {
        if let Some(class) = class
            && annotation != class
        {
            // The server prints this path without `metadata.`.
            let ap = Path::ROOT.child("annotations");
            ctx.invalid(
                &INGRESS_TLS_CLASS,
                &ap.child(CLASS_ANNOTATION),
                annotations.map_or(meta_node.head(), |a| a.at(CLASS_ANNOTATION)),
                annotation,
                "must match `ingressClassName` when both are specified",
            );
        }
        ctx.warn(
            &INGRESS_CLASS_ANNOTATION,
            &Path::ROOT,
            annotations.map_or(meta_node.head(), |a| a.key_at(CLASS_ANNOTATION)),
            format!("annotation \"{CLASS_ANNOTATION}\" is deprecated, please use 'spec.ingressClassName' instead"),
        );
    }
}

fn http_path(ctx: &mut Ctx, path: &Node, p: &Path) {
    let tp = p.child("pathType");
    let Some(ty) = path.opt_str("pathType") else {
        ctx.required_detail(
            &INGRESS_RULES,
            &tp,
            path.head(),
            "pathType must be specified",
        );
        return;
    };
    let value = path.str_of("path");
    let pp = p.child("path");
    let span = at_or(path, "path", path.at("pathType"));
    match ty {
        "Exact" | "Prefix" => {
            if !value.starts_with('/') {
                ctx.invalid(&INGRESS_RULES, &pp, span, value, "must be an absolute path");
            }
            if !value.is_empty() {
                for seq in ["//", "/./", "/../", "%2f", "%2F"] {
                    if value.contains(seq) {
                        ctx.invalid(
                            &INGRESS_RULES,
                            &pp,
                            span,
                            value,
                            format!("must not contain '{seq}'"),
                        );
                    }
                }
                for suffix in ["/..", "/."] {
                    if value.ends_with(suffix) {
                        ctx.invalid(
                            &INGRESS_RULES,
                            &pp,
                            span,
                            value,
                            format!("cannot end with '{suffix}'"),
                        );
                    }
                }
            }
        }
        "ImplementationSpecific" => {
            if !value.is_empty() && !value.starts_with('/') {
                ctx.invalid(&INGRESS_RULES, &pp, span, value, "must be an absolute path");
            }
        }
        other => ctx.not_supported(
            &INGRESS_RULES,
            &tp,
            path.at("pathType"),
            other,
            &["Exact", "ImplementationSpecific", "Prefix"],
        ),
    }
    let backend = path.map_of("backend").unwrap_or(&EMPTY_MAP);
    ingress_backend(ctx, backend, &p.child("backend"));
}

fn ingress_backend(ctx: &mut Ctx, backend: &Node, path: &Path) {
    let head = backend.head();
    let resource = backend.map_of("resource");
    let service = backend.map_of("service");
    match (resource, service) {
        (Some(_), Some(_)) => {
            ctx.invalid(
                &INGRESS_BACKEND,
                path,
                head,
                "",
                "cannot set both resource and service backends",
            );
        }
        (Some(resource), None) => {
            let rp = path.child("resource");
            if let Some(group) = resource.opt_str("apiGroup") {
                let msgs = format::dns1123_subdomain(group);
                if !msgs.is_empty() {
                    ctx.invalid_each(
                        &INGRESS_BACKEND,
                        &rp.child("apiGroup"),
                        resource.at("apiGroup"),
                        &ErrValue::from(group),
                        msgs,
                    );
                }
            }
            for key in ["kind", "name"] {
                required_then(
                    ctx,
                    &INGRESS_BACKEND,
                    resource,
                    key,
                    &rp.child(key),
                    backend.at("resource"),
                    "",
                    path_segment,
                );
            }
        }
        (None, Some(service)) => {
            let sp = path.child("service");
            required_then(
                ctx,
                &INGRESS_BACKEND,
                service,
                "name",
                &sp.child("name"),
                backend.at("service"),
                "",
                format::dns1123_label,
            );
            let port = service.map_of("port").unwrap_or(&EMPTY_MAP);
            let port_name = port.str_of("name");
            let number = port.i64_of("number").unwrap_or(0);
            let pp = sp.child("port");
            let port_span = at_or(service, "port", backend.at("service"));
            match (port_name.is_empty(), number != 0) {
                (false, true) => ctx.invalid(
                    &INGRESS_BACKEND,
                    path,
                    port_span,
                    "",
                    "cannot set both port name & port number",
                ),
                (false, false) => {
                    let msgs = format::port_name(port_name);
                    if !msgs.is_empty() {
                        ctx.invalid_each(
                            &INGRESS_BACKEND,
                            &pp.child("name"),
                            port.at("name"),
                            &ErrValue::from(port_name),
                            msgs,
                        );
                    }
                }
                (true, true) => {
                    for msg in format::port_num(number) {
                        ctx.invalid(
                            &INGRESS_BACKEND,
                            &pp.child("number"),
                            port.at("number"),
                            number,
                            msg,
                        );
                    }
                }
                (true, false) => {
                    ctx.required_detail(
                        &INGRESS_BACKEND,
                        path,
                        port_span,
                        "port name or number is required",
                    );
                }
            }
        }
        (None, None) => {
            ctx.invalid(
                &INGRESS_BACKEND,
                path,
                head,
                "",
                "resource or service backend is required",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cidr_errors, parse_cidr, wildcard_subdomain};

    #[test]
    fn cidrs_strictly_like_the_server() {
        for ok in [
            "10.0.0.0/8",
            "0.0.0.0/0",
            "2001:db8::/64",
            "::/0",
            "10.1.2.3/32",
        ] {
            assert!(cidr_errors(ok).is_empty(), "{ok}");
        }
        let invalid = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/8",
            "abc/8",
            "10.0.0.0/-1",
            "::/129",
            "",
        ] {
            assert_eq!(cidr_errors(bad), vec![invalid], "{bad}");
        }
        assert_eq!(
            cidr_errors("010.0.0.0/8"),
            vec!["must not have leading 0s in IP or prefix length"]
        );
        assert_eq!(
            cidr_errors("10.0.0.0/08"),
            vec!["must not have leading 0s in IP or prefix length"]
        );
        assert_eq!(
            cidr_errors("::ffff:10.0.0.0/104"),
            vec!["must not have an IPv4-mapped IPv6 address"]
        );
        assert_eq!(
            cidr_errors("10.0.0.1/8"),
            vec!["must not have bits set beyond the prefix length"]
        );
    }

    #[test]
    fn except_ranges_inside_the_block() {
        let outer = parse_cidr("10.0.0.0/8", false).unwrap();
        let inner = parse_cidr("10.1.0.0/16", false).unwrap();
        let other = parse_cidr("192.168.0.0/16", false).unwrap();
        let v6 = parse_cidr("::/0", false).unwrap();
        assert!(outer.contains(&inner.network()));
        assert!(!outer.contains(&other.network()));
        assert!(!v6.contains(&inner.network()), "families do not mix");
        assert_eq!((outer.bits_of_prefix(), inner.bits_of_prefix()), (8, 16));
    }

    #[test]
    fn wildcard_hosts() {
        assert!(wildcard_subdomain("*.example.com").is_empty());
        assert_eq!(wildcard_subdomain("*.*.example.com").len(), 1);
        assert_eq!(wildcard_subdomain("shop.*.com").len(), 1);
    }
}
