//! Services (`v1`): what `ValidateService` checks on create, after v1 defaulting
//! (`SetDefaults_Service`: `type` ClusterIP, `sessionAffinity` None, each port's `protocol` TCP and
//! `targetPort` its `port`, `externalTrafficPolicy` Cluster on externally reachable Services,
//! `internalTrafficPolicy` Cluster, `allocateLoadBalancerNodePorts` true on LoadBalancers).
//!
//! Checked: the name as a DNS-1035 label (`metadata.name: Invalid value: "2web": a DNS-1035 label
//! must consist of …`), `spec.ports` (required unless headless or ExternalName; each port's name,
//! number, protocol, `targetPort` and `appProtocol`; no two with the same protocol and port), the
//! selector's labels, `type` and `sessionAffinity`, what each type allows (`clusterIP: None` only
//! on ClusterIP Services; `externalName` on ExternalName ones, which take no cluster IPs or IP
//! families; `nodePort` not on ClusterIP; `loadBalancerSourceRanges` and
//! `allocateLoadBalancerNodePorts` only on LoadBalancers), `externalIPs`, and the traffic
//! policies. The server's create warnings for Services come too (fields a type ignores, the
//! deprecated topology annotation, non-standard IP addresses).
//!
//! Not checked: what the cluster's IP and port allocators decide before validation (cluster IPs
//! in the service range, IP families and their policy, node ports in the node-port range, the
//! health-check node port), since they depend on the cluster's configuration.

use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::validate::meta::{self, NameRule};
use crate::validate::pod::EMPTY_MAP;
use crate::validate::podspec::legacy_ip_errors;
use crate::validate::warnings::{NON_STANDARD_IP, ip_warning_text};
use crate::validate::workloads::json;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Checks a Service's `spec.ports`: present (unless the Service is headless
    /// or an ExternalName), each with a DNS-label `name` (required when there are several, and
    /// unique), a `port` from 1 to 65535, a protocol of `TCP`, `UDP` or `SCTP`, a `targetPort`
    /// that is a port number or an IANA port name, a qualified-name `appProtocol`, no `nodePort`
    /// on a ClusterIP Service, and no two ports with the same protocol and port.
    ///
    /// **Why it matters** The API server rejects the Service; a missing `port` is 0, which is
    /// never valid.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - {port: 80, targetPort: http}
    /// - {port: 443, targetPort: https}   # two ports, no names: both are required
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - {name: http, port: 80, targetPort: http}
    /// - {name: https, port: 443, targetPort: https}
    /// ```
    ///
    /// **Fix** Name every port of a multi-port Service, and give each its number.
    ///
    /// **Kubernetes source** `ValidateService` and `validateServicePort` in
    /// `pkg/apis/core/validation/validation.go`.
    SERVICE_PORTS,
    "PS2230",
    "service-ports",
    Error,
    "a Service's ports are named, numbered and unique"
);
rule!(
    /// **What it does** Checks a Service's `type` (`ClusterIP`, `NodePort`, `LoadBalancer` or
    /// `ExternalName`), `sessionAffinity` (`None` or `ClientIP`, with a timeout from 1 to 86400
    /// seconds) and what each type allows: `clusterIP: None` only on ClusterIP Services; an
    /// ExternalName Service needs a DNS `externalName` and takes no cluster IPs or IP families;
    /// `loadBalancerSourceRanges` and `allocateLoadBalancerNodePorts` only on LoadBalancers;
    /// `externalTrafficPolicy` (`Cluster` or `Local`) only on externally reachable Services, and
    /// `healthCheckNodePort` only with `Local` on a LoadBalancer; `internalTrafficPolicy` is
    /// `Cluster` or `Local`; the `service.kubernetes.io/topology-mode` annotation agrees with the
    /// older `service.kubernetes.io/topology-aware-hints`.
    ///
    /// **Why it matters** The API server rejects the Service.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {type: NodePort, clusterIP: None}
    /// ```
    ///
    /// ```yaml
    /// spec: {type: ClusterIP, clusterIP: None}   # a headless Service
    /// ```
    ///
    /// **Fix** Pick the type that matches the fields, or drop the fields the type does not take.
    ///
    /// **Kubernetes source** `ValidateService`, `validateServiceExternalTrafficPolicy`,
    /// `validateServiceInternalTrafficFieldsValue` and `validateClientIPAffinityConfig` in
    /// `pkg/apis/core/validation/validation.go`.
    SERVICE_TYPE,
    "PS2231",
    "service-type",
    Error,
    "a Service's type, session affinity and traffic policies are supported and consistent"
);
rule!(
    /// **What it does** Checks each of a Service's `externalIPs` is an IP address that is not
    /// unspecified, loopback or link-local.
    ///
    /// **Why it matters** The API server rejects the Service: kube-proxy cannot route such an
    /// address to it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   externalIPs: [127.0.0.1]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   externalIPs: [203.0.113.10]
    /// ```
    ///
    /// **Fix** Give the node or load-balancer address that clients reach.
    ///
    /// **Kubernetes source** `ValidateService` (`IsValidIPForLegacyField`, `ValidateNonSpecialIP`)
    /// in `pkg/apis/core/validation/validation.go`.
    SERVICE_EXTERNAL_IPS,
    "PS2233",
    "service-external-ips",
    Error,
    "a Service's external IPs are routable IP addresses"
);
rule!(
    /// **What it does** Warns, as the API server does on create, about a Service field its type
    /// ignores (`externalIPs` on an ExternalName Service, `externalName` on any other) and about
    /// the deprecated `service.kubernetes.io/topology-aware-hints` annotation.
    ///
    /// **Why it matters** The field does nothing: whoever wrote it expected it to.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {type: ClusterIP, externalName: db.example.com}
    /// ```
    ///
    /// ```yaml
    /// spec: {type: ExternalName, externalName: db.example.com}
    /// ```
    ///
    /// **Fix** Remove the field, or change the type to the one that uses it; use the
    /// `service.kubernetes.io/topology-mode` annotation.
    ///
    /// **Kubernetes source** `GetWarningsForService` in `pkg/api/service/warnings.go`.
    SERVICE_IGNORED_FIELD,
    "PS3025",
    "service-field-ignored",
    Warning,
    "a Service field its type ignores, or a deprecated Service annotation"
);

pub const RULES: &[&Rule] = &[
    &SERVICE_PORTS,
    &SERVICE_TYPE,
    &SERVICE_EXTERNAL_IPS,
    &SERVICE_IGNORED_FIELD,
];

const TOPOLOGY_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
/// `supportedServiceType`, sorted as the server lists them.
const TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
/// `supportedPortProtocols`, sorted.
const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];
/// `core.MaxClientIPServiceAffinitySeconds`
const MAX_AFFINITY_SECONDS: i64 = 86400;

/// One port after defaulting.
struct Port<'d> {
    node: &'d Node,
    name: &'d str,
    protocol: &'d str,
    number: i64,
    target: Target<'d>,
    on_node: i64,
}

enum Target<'d> {
    Int(i64),
    Name(&'d str),
}

impl<'d> Port<'d> {
    fn of(node: &'d Node) -> Port<'d> {
        let port = node.i64_of("port").unwrap_or(0);
        let protocol = match node.str_of("protocol") {
            "" => "TCP",
            p => p,
        };
        // `targetPort` 0 or "" is defaulted to `port`.
        let target = match node.get("targetPort").map(|t| &t.value) {
            Some(Value::Str(s)) if !s.is_empty() => Target::Name(s),
            Some(_) if node.i64_of("targetPort").is_some_and(|t| t != 0) => {
                Target::Int(node.i64_of("targetPort").unwrap_or(0))
            }
            _ => Target::Int(port),
        };
        Port {
            node,
            name: node.str_of("name"),
            protocol,
            number: port,
            target,
            on_node: node.i64_of("nodePort").unwrap_or(0),
        }
    }

    /// The value or, when the key is absent, the port's mapping.
    fn span(&self, key: &str) -> Span {
        super::at_or(self.node, key, self.node.head())
    }

    /// The internal `core.ServicePort{Protocol, Port}` key of the duplicate check, as JSON.
    fn key_json(&self) -> String {
        let mut out = String::from("{\"Name\":\"\",\"Protocol\":");
        json::push_str(&mut out, self.protocol);
        out.push_str(&format!(
            ",\"AppProtocol\":null,\"Port\":{},\"TargetPort\":0,\"NodePort\":0}}",
            self.number
        ));
        out
    }
}

pub fn validate(ctx: &mut Ctx, root: &Node) {
    let meta_node = root.map_of("metadata").unwrap_or(&EMPTY_MAP);
    let meta_path = Path::ROOT.child("metadata");
    meta::validate_object_meta(ctx, root, meta_node, &meta_path, NameRule::Dns1035, true);
    let annotations = meta_node.map_of("annotations");
    let hints = meta::annotation(annotations, TOPOLOGY_HINTS);
    let mode = meta::annotation(annotations, TOPOLOGY_MODE);
    if let (Some(hints), Some(mode)) = (hints, mode)
        && hints != mode
    {
        let ap = meta_path.child("annotations");
        ctx.invalid(
            &SERVICE_TYPE,
            &ap.key(TOPOLOGY_MODE),
            annotations.map_or(meta_node.head(), |a| a.at(TOPOLOGY_MODE)),
            mode,
            format!("must match annotations[{TOPOLOGY_HINTS}] when both are specified"),
        );
    }

    let spec = root.map_of("spec").unwrap_or(&EMPTY_MAP);
    let sp = Path::ROOT.child("spec");
    let spec_span = |key: &str| {
        if spec.get(key).is_some() {
            spec.at(key)
        } else if root.get("spec").is_some() {
            root.key_at("spec")
        } else {
            root.head()
        }
    };
    let ty = match spec.str_of("type") {
        "" => "ClusterIP",
        t => t,
    };
    // The create path copies `clusterIP` into `clusterIPs` (and the first of `clusterIPs` into
    // `clusterIP`) before validating.
    let cluster_ips: Vec<&str> = {
        let listed: Vec<&str> = spec
            .seq_of("clusterIPs")
            .iter()
            .filter_map(Node::as_str)
            .collect();
        match spec.str_of("clusterIP") {
            "" => listed,
            ip if listed.is_empty() => vec![ip],
            _ => listed,
        }
    };
    let (cluster_ips_span, cluster_ip0_span) = if spec.get("clusterIPs").is_some() {
        let first = spec
            .seq_of("clusterIPs")
            .first()
            .map_or(spec.at("clusterIPs"), |n| n.span);
        (spec.at("clusterIPs"), first)
    } else {
        (spec_span("clusterIP"), spec_span("clusterIP"))
    };
    let headless = cluster_ips.first() == Some(&"None");
    let ports: Vec<Port> = spec.seq_of("ports").iter().map(Port::of).collect();
    let pp = sp.child("ports");

    if ports.is_empty() && !headless && ty != "ExternalName" {
        ctx.required(&SERVICE_PORTS, &pp, spec_span("ports"));
    }
    match ty {
        "LoadBalancer" | "NodePort" if headless => {
            let cp = sp.child("clusterIPs");
            ctx.invalid(
                &SERVICE_TYPE,
                &cp.index(0),
                cluster_ip0_span,
                "None",
                format!("may not be set to 'None' for {ty} services"),
            );
        }
        "ExternalName" => {
            if !cluster_ips.is_empty() {
                ctx.forbidden(
                    &SERVICE_TYPE,
                    &sp.child("clusterIPs"),
                    cluster_ips_span,
                    "may not be set for ExternalName services",
                );
            }
            if !spec.seq_of("ipFamilies").is_empty() {
                ctx.forbidden(
                    &SERVICE_TYPE,
                    &sp.child("ipFamilies"),
                    spec.at("ipFamilies"),
                    "may not be set for ExternalName services",
                );
            }
            if spec.get("ipFamilyPolicy").is_some_and(|p| !p.is_null()) {
                ctx.forbidden(
                    &SERVICE_TYPE,
                    &sp.child("ipFamilyPolicy"),
                    spec.at("ipFamilyPolicy"),
                    "may not be set for ExternalName services",
                );
            }
            // A CNAME may end with a dot (fully qualified).
            let cname = spec.str_of("externalName");
            let cname = cname.strip_suffix('.').unwrap_or(cname);
            let ep = sp.child("externalName");
            if cname.is_empty() {
                ctx.required(&SERVICE_TYPE, &ep, spec_span("externalName"));
            } else {
                let msgs = format::dns1123_subdomain(cname);
                if !msgs.is_empty() {
                    ctx.invalid_each(
                        &SERVICE_TYPE,
                        &ep,
                        spec.at("externalName"),
                        &ErrValue::from(cname),
                        msgs,
                    );
                }
            }
        }
        _ => {}
    }

    let mut names = std::collections::HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        let ip = pp.index(i);
        validate_port(ctx, port, ports.len() > 1, &mut names, &ip);
    }

    if let Some(selector) = spec.get("selector") {
        meta::validate_labels(ctx, Some(selector), &sp.child("selector"));
    }

    let affinity = match spec.str_of("sessionAffinity") {
        "" => "None",
        a => a,
    };
    let ap = sp.child("sessionAffinity");
    match affinity {
        "None" => {}
        "ClientIP" => {
            // Defaulted to 10800 seconds when absent.
            let config = spec.map_of("sessionAffinityConfig");
            let client = config.and_then(|c| c.map_of("clientIP"));
            if let Some(timeout) = client.and_then(|c| c.i64_of("timeoutSeconds"))
                && !(timeout > 0 && timeout <= MAX_AFFINITY_SECONDS)
                && let Some(client) = client
            {
                let cfg = sp.child("sessionAffinityConfig");
                let cp = cfg.child("clientIP");
                ctx.invalid(
                    &SERVICE_TYPE,
                    &cp.child("timeoutSeconds"),
                    client.at("timeoutSeconds"),
                    timeout,
                    format!("must be greater than 0 and less than {MAX_AFFINITY_SECONDS}"),
                );
            }
        }
        other => ctx.not_supported(
            &SERVICE_TYPE,
            &ap,
            spec.at("sessionAffinity"),
            other,
            &["ClientIP", "None"],
        ),
    }

    let external_ips = spec.seq_of("externalIPs");
    let ep = sp.child("externalIPs");
    for (i, ip_node) in external_ips.iter().enumerate() {
        let ip = ip_node.as_str().unwrap_or("");
        let idx = ep.index(i);
        let msgs = legacy_ip_errors(ip);
        if msgs.is_empty() {
            for msg in special_ip_errors(ip) {
                ctx.invalid(&SERVICE_EXTERNAL_IPS, &idx, ip_node.span, ip, msg);
            }
        } else {
            ctx.invalid_each(
                &SERVICE_EXTERNAL_IPS,
                &idx,
                ip_node.span,
                &ErrValue::from(ip),
                msgs,
            );
        }
    }

    if !TYPES.contains(&ty) {
        ctx.not_supported(
            &SERVICE_TYPE,
            &sp.child("type"),
            spec.at("type"),
            ty,
            &TYPES,
        );
    }

    if ty == "ClusterIP" {
        for (i, port) in ports.iter().enumerate() {
            if port.on_node != 0 {
                let ip = pp.index(i);
                ctx.forbidden(
                    &SERVICE_PORTS,
                    &ip.child("nodePort"),
                    port.span("nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                );
            }
        }
    }

    let mut seen = std::collections::HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        if !seen.insert((port.protocol, port.number)) {
            ctx.duplicate(
                &SERVICE_PORTS,
                &pp.index(i),
                port.node.head(),
                ErrValue::Raw(port.key_json()),
            );
        }
    }

    // The server prints this path with a capital L.
    if !spec.seq_of("loadBalancerSourceRanges").is_empty() && ty != "LoadBalancer" {
        ctx.forbidden(
            &SERVICE_TYPE,
            &sp.child("LoadBalancerSourceRanges"),
            spec.at("loadBalancerSourceRanges"),
            "may only be used when `type` is 'LoadBalancer'",
        );
    }
    if spec
        .get("allocateLoadBalancerNodePorts")
        .is_some_and(|n| !n.is_null())
        && ty != "LoadBalancer"
    {
        ctx.forbidden(
            &SERVICE_TYPE,
            &sp.child("allocateLoadBalancerNodePorts"),
            spec.at("allocateLoadBalancerNodePorts"),
            "may only be used when `type` is 'LoadBalancer'",
        );
    }

    let externally_accessible =
        ty == "LoadBalancer" || ty == "NodePort" || (ty == "ClusterIP" && !external_ips.is_empty());
    let etp = spec.str_of("externalTrafficPolicy");
    let etp_path = sp.child("externalTrafficPolicy");
    if !externally_accessible {
        if !etp.is_empty() {
            ctx.invalid(
                &SERVICE_TYPE,
                &etp_path,
                spec.at("externalTrafficPolicy"),
                etp,
                "may only be set for externally-accessible services",
            );
        }
    } else if !etp.is_empty() && etp != "Cluster" && etp != "Local" {
        ctx.not_supported(
            &SERVICE_TYPE,
            &etp_path,
            spec.at("externalTrafficPolicy"),
            etp,
            &["Cluster", "Local"],
        );
    }
    let needs_health_check = ty == "LoadBalancer" && etp == "Local";
    if let Some(hc) = spec.i64_of("healthCheckNodePort")
        && hc != 0
        && !needs_health_check
    {
        ctx.invalid(
            &SERVICE_TYPE,
            &sp.child("healthCheckNodePort"),
            spec.at("healthCheckNodePort"),
            hc,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        );
    }
    if let Some(itp) = spec.opt_str("internalTrafficPolicy")
        && itp != "Cluster"
        && itp != "Local"
    {
        ctx.not_supported(
            &SERVICE_TYPE,
            &sp.child("internalTrafficPolicy"),
            spec.at("internalTrafficPolicy"),
            itp,
            &["Cluster", "Local"],
        );
    }

    warnings(ctx, meta_node, spec, ty, &sp);
}

fn validate_port<'d>(
    ctx: &mut Ctx,
    port: &Port<'d>,
    require_name: bool,
    names: &mut std::collections::HashSet<&'d str>,
    path: &Path,
) {
    let np = path.child("name");
    if require_name && port.name.is_empty() {
        ctx.required(&SERVICE_PORTS, &np, port.span("name"));
    } else if !port.name.is_empty() {
        let msgs = format::dns1123_label(port.name);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &SERVICE_PORTS,
                &np,
                port.span("name"),
                &ErrValue::from(port.name),
                msgs,
            );
        }
        if !names.insert(port.name) {
            ctx.duplicate(&SERVICE_PORTS, &np, port.span("name"), port.name);
        }
    }
    for msg in format::port_num(port.number) {
        ctx.invalid(
            &SERVICE_PORTS,
            &path.child("port"),
            port.span("port"),
            port.number,
            msg,
        );
    }
    if !PROTOCOLS.contains(&port.protocol) {
        ctx.not_supported(
            &SERVICE_PORTS,
            &path.child("protocol"),
            port.span("protocol"),
            port.protocol,
            &PROTOCOLS,
        );
    }
    let tp = path.child("targetPort");
    // A defaulted target port is reported where `port` is.
    let target_span = if port.node.get("targetPort").is_some() {
        port.span("targetPort")
    } else {
        port.span("port")
    };
    match port.target {
        Target::Int(n) => {
            for msg in format::port_num(n) {
                ctx.invalid(&SERVICE_PORTS, &tp, target_span, n, msg);
            }
        }
        Target::Name(name) => {
            let msgs = format::port_name(name);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &SERVICE_PORTS,
                    &tp,
                    target_span,
                    &ErrValue::from(name),
                    msgs,
                );
            }
        }
    }
    if let Some(app) = port.node.opt_str("appProtocol") {
        let msgs = format::qualified_name(app);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &SERVICE_PORTS,
                &path.child("appProtocol"),
                port.span("appProtocol"),
                &ErrValue::from(app),
                msgs,
            );
        }
    }
}

/// `ValidateNonSpecialIP` for an address that parses.
fn special_ip_errors(ip: &str) -> Vec<String> {
    let Ok(addr) = ip.parse::<std::net::IpAddr>() else {
        return Vec::new();
    };
    let addr = match addr {
        std::net::IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or(std::net::IpAddr::V6(v6), std::net::IpAddr::V4),
        v4 @ std::net::IpAddr::V4(_) => v4,
    };
    let mut errs = Vec::new();
    if addr.is_unspecified() {
        errs.push(format!("may not be unspecified ({ip})"));
    }
    if addr.is_loopback() {
        errs.push("may not be in the loopback range (127.0.0.0/8, ::1/128)".to_string());
    }
    let (link_local, link_local_multicast) = match addr {
        std::net::IpAddr::V4(v4) => (v4.is_link_local(), v4.octets()[..3] == [224, 0, 0]),
        std::net::IpAddr::V6(v6) => (
            v6.segments()[0] & 0xffc0 == 0xfe80,
            v6.segments()[0] & 0xff0f == 0xff02,
        ),
    };
    if link_local {
        errs.push("may not be in the link-local range (169.254.0.0/16, fe80::/10)".to_string());
    }
    if link_local_multicast {
        errs.push(
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)".to_string(),
        );
    }
    errs
}

/// `GetWarningsForService` on create.
fn warnings(ctx: &mut Ctx, meta_node: &Node, spec: &Node, ty: &str, sp: &Path) {
    let annotations = meta_node.map_of("annotations");
    if let Some(annotations) = annotations
        && annotations.get(TOPOLOGY_HINTS).is_some()
    {
        ctx.warn(
            &SERVICE_IGNORED_FIELD,
            &Path::ROOT,
            annotations.key_at(TOPOLOGY_HINTS),
            format!(
                "annotation {TOPOLOGY_HINTS} is deprecated, please use {TOPOLOGY_MODE} instead"
            ),
        );
    }
    let ep = sp.child("externalIPs");
    for (i, ip) in spec.seq_of("externalIPs").iter().enumerate() {
        if let Some(msg) = ip.as_str().and_then(ip_warning_text) {
            ctx.warn(&NON_STANDARD_IP, &ep.index(i), ip.span, msg);
        }
    }
    if let Some(lb) = spec.opt_str("loadBalancerIP").filter(|s| !s.is_empty())
        && let Some(msg) = ip_warning_text(lb)
    {
        ctx.warn(
            &NON_STANDARD_IP,
            &sp.child("loadBalancerIP"),
            spec.at("loadBalancerIP"),
            msg,
        );
    }
    if ty == "ExternalName" && !spec.seq_of("externalIPs").is_empty() {
        ctx.warn(
            &SERVICE_IGNORED_FIELD,
            &Path::ROOT,
            spec.key_at("externalIPs"),
            "spec.externalIPs is ignored when spec.type is \"ExternalName\"",
        );
    }
    if ty != "ExternalName" && !spec.str_of("externalName").is_empty() {
        ctx.warn(
            &SERVICE_IGNORED_FIELD,
            &Path::ROOT,
            spec.key_at("externalName"),
            "spec.externalName is ignored when spec.type is not \"ExternalName\"",
        );
    }
}
