//! Container ports (`validateContainerPorts`, path `<c>.ports[j]`) and host-port conflicts
//! (`checkHostPortConflicts`).
//!
//! - **PS1301** a port name must be an IANA service name: `<c>.ports[0].name: Invalid value:
//!   "metrics-endpoint-x": must be no more than 15 characters` (also `must contain only
//!   alpha-numeric characters (a-z, 0-9), and hyphens (-)`, `must contain at least one letter
//!   (a-z)`, `must not contain consecutive hyphens`, `must not begin or end with a hyphen`).
//! - **PS1302** `<c>.ports[1].name: Duplicate value: "http"`: names are unique within one
//!   container (not across containers).
//! - **PS1303** `<c>.ports[j].containerPort: Required value` when it is missing or 0; **PS1304**
//!   `…containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`.
//! - **PS1305** `…hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive` for a
//!   non-zero hostPort. For a Pod with `hostNetwork: true` a missing hostPort of a regular or init
//!   container is first defaulted to its containerPort.
//! - **PS1306** `…protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"`
//!   (case-sensitive; absent means `TCP`).
//! - **PS1307** the same `<protocol>/<hostIP>/<hostPort>` twice among the regular containers:
//!   `spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`. Init containers are
//!   checked one at a time, and the server reports those at `spec.initContainers[0]…` whatever the
//!   container's index (sic). Duplicate containerPorts without hostPort are only warnings.

use super::{Facts, Kind};
use crate::rule;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::Node;

rule!(
    /// **What it does** Checks a container port `name` is an IANA service name: at most 15 characters,
    /// only `a-z`, `0-9` and `-`, at least one letter, no leading, trailing or doubled `-`.
    ///
    /// **Why it matters** Services and probes refer to ports by these names; the API server rejects a
    /// pod whose port name breaks the rule (`must be no more than 15 characters` is the usual one).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - name: metrics-endpoint
    ///   containerPort: 9090
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - name: metrics
    ///   containerPort: 9090
    /// ```
    ///
    /// **Fix** Shorten the name to 15 characters or fewer, lower case.
    ///
    /// **Kubernetes source** `validateContainerPorts` with `IsValidPortName` in
    /// `pkg/apis/core/validation/validation.go`.
    PORT_NAME,
    "PS1301",
    "port-name",
    Error,
    "a container port name must be an IANA service name (at most 15 characters, a-z, 0-9 and '-', with a letter)"
);
rule!(
    /// **What it does** Reports two ports of one container with the same name (the same name in two
    /// different containers is allowed).
    ///
    /// **Why it matters** A named port must resolve to one number; the API server rejects the pod with
    /// `Duplicate value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - {name: http, containerPort: 8080}
    /// - {name: http, containerPort: 8443}
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - {name: http, containerPort: 8080}
    /// - {name: https, containerPort: 8443}
    /// ```
    ///
    /// **Fix** Give each port of the container its own name.
    ///
    /// **Kubernetes source** `validateContainerPorts` (its `allNames` set) in
    /// `pkg/apis/core/validation/validation.go`.
    PORT_NAME_DUPLICATE,
    "PS1302",
    "port-name-duplicate",
    Error,
    "port names must be unique within a container"
);
rule!(
    /// **What it does** Reports a `ports` entry without `containerPort` (or with `0`).
    ///
    /// **Why it matters** The API server rejects it with `containerPort: Required value`; an entry that
    /// only has a `name` or `hostPort` declares nothing.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - name: http
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - name: http
    ///   containerPort: 8080
    /// ```
    ///
    /// **Fix** Add the port number the process listens on.
    ///
    /// **Kubernetes source** `validateContainerPorts` in `pkg/apis/core/validation/validation.go`.
    CONTAINER_PORT_REQUIRED,
    "PS1303",
    "container-port-required",
    Error,
    "every container port needs a containerPort"
);
rule!(
    /// **What it does** Checks `containerPort` is between 1 and 65535.
    ///
    /// **Why it matters** A TCP/UDP port outside that range cannot exist; the API server rejects it
    /// (`must be between 1 and 65535, inclusive`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 80800
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 8080
    /// ```
    ///
    /// **Fix** Use the real port number (a stray digit is the usual cause).
    ///
    /// **Kubernetes source** `validateContainerPorts` with `IsValidPortNum` in
    /// `pkg/apis/core/validation/validation.go`.
    CONTAINER_PORT_RANGE,
    "PS1304",
    "container-port-range",
    Error,
    "containerPort must be between 1 and 65535"
);
rule!(
    /// **What it does** Checks a non-zero `hostPort` is between 1 and 65535. For a Pod with
    /// `hostNetwork: true` an absent hostPort is first defaulted to the containerPort, so an
    /// out-of-range containerPort is reported here too.
    ///
    /// **Why it matters** The API server rejects the pod with `hostPort: Invalid value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 8080
    ///   hostPort: 70000
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 8080
    ///   hostPort: 8080
    /// ```
    ///
    /// **Fix** Use a port number in range, or drop `hostPort` (a Service is usually the better choice).
    ///
    /// **Kubernetes source** `validateContainerPorts` with `IsValidPortNum` in
    /// `pkg/apis/core/validation/validation.go`.
    HOST_PORT_RANGE,
    "PS1305",
    "host-port-range",
    Error,
    "hostPort must be between 1 and 65535"
);
rule!(
    /// **What it does** Checks a port's `protocol` is `TCP`, `UDP` or `SCTP`, case-sensitive (absent
    /// means `TCP`).
    ///
    /// **Why it matters** `tcp` or `HTTP` is rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 53
    ///   protocol: udp
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 53
    ///   protocol: UDP
    /// ```
    ///
    /// **Fix** Write the protocol in capitals; HTTP runs over `TCP`.
    ///
    /// **Kubernetes source** `validateContainerPorts` (`supportedPortProtocols`) in
    /// `pkg/apis/core/validation/validation.go`.
    PORT_PROTOCOL,
    "PS1306",
    "port-protocol",
    Error,
    "a port protocol must be TCP, UDP or SCTP"
);
rule!(
    /// **What it does** Reports the same protocol, `hostIP` and `hostPort` claimed twice among the pod's
    /// regular containers (init containers are checked one at a time).
    ///
    /// **Why it matters** Only one socket can bind a node port; the API server rejects the pod with
    /// `hostPort: Duplicate value: "TCP//8080"`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: a
    ///   image: nginx
    ///   ports: [{containerPort: 80, hostPort: 8080}]
    /// - name: b
    ///   image: nginx
    ///   ports: [{containerPort: 81, hostPort: 8080}]
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: a
    ///   image: nginx
    ///   ports: [{containerPort: 80, hostPort: 8080}]
    /// - name: b
    ///   image: nginx
    ///   ports: [{containerPort: 81, hostPort: 8081}]
    /// ```
    ///
    /// **Fix** Give each container its own host port, or drop the host ports and use a Service.
    ///
    /// **Kubernetes source** `checkHostPortConflicts` (via `AccumulateUniqueHostPorts`) in
    /// `pkg/apis/core/validation/validation.go`.
    HOST_PORT_CONFLICT,
    "PS1307",
    "host-port-conflict",
    Error,
    "two ports of the pod's containers claim the same host port, protocol and host IP"
);

/// The hostPort after defaulting: Pods with `hostNetwork` get their containerPort.
fn effective_host_port(facts: &Facts, port: &Node, kind: Kind) -> i64 {
    let host_port = port.i64_of("hostPort").unwrap_or(0);
    if host_port == 0 && facts.is_pod && facts.host_network && kind != Kind::Ephemeral {
        port.i64_of("containerPort").unwrap_or(0)
    } else {
        host_port
    }
}

/// Where a hostPort error points: the hostPort, or the containerPort it was defaulted from.
fn host_port_span(port: &Node) -> crate::source::Span {
    if port.get("hostPort").is_some() {
        port.at("hostPort")
    } else {
        port.at("containerPort")
    }
}

/// `validateContainerPorts` (`path` is `<c>.ports`).
pub(super) fn validate_ports(ctx: &mut Ctx, facts: &Facts, c: &Node, path: &Path, kind: Kind) {
    let ports = c.seq_of("ports");
    if ports.is_empty() {
        return;
    }
    // Names of the earlier ports (a set: the list may be long).
    let mut earlier = std::collections::HashSet::new();
    for (j, port) in ports.iter().enumerate() {
        let pp = path.index(j);
        let name = port.str_of("name");
        let taken = !earlier.insert(name);
        if !name.is_empty() {
            let msgs = format::port_name(name);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &PORT_NAME,
                    &pp.child("name"),
                    port.at("name"),
                    &ErrValue::from(name),
                    msgs,
                );
            } else if taken {
                // An earlier port with the same (valid) name took it.
                ctx.duplicate(
                    &PORT_NAME_DUPLICATE,
                    &pp.child("name"),
                    port.at("name"),
                    name,
                );
            }
        }
        let container_port = port.i64_of("containerPort").unwrap_or(0);
        if container_port == 0 {
            ctx.required(
                &CONTAINER_PORT_REQUIRED,
                &pp.child("containerPort"),
                port.at("containerPort"),
            );
        } else {
            for msg in format::port_num(container_port) {
                ctx.invalid(
                    &CONTAINER_PORT_RANGE,
                    &pp.child("containerPort"),
                    port.at("containerPort"),
                    container_port,
                    msg,
                );
            }
        }
        let host_port = effective_host_port(facts, port, kind);
        if host_port != 0 {
            for msg in format::port_num(host_port) {
                ctx.invalid(
                    &HOST_PORT_RANGE,
                    &pp.child("hostPort"),
                    host_port_span(port),
                    host_port,
                    msg,
                );
            }
        }
        // An empty protocol is defaulted to TCP.
        let protocol = port.str_of("protocol");
        if !protocol.is_empty() && !matches!(protocol, "TCP" | "UDP" | "SCTP") {
            ctx.not_supported(
                &PORT_PROTOCOL,
                &pp.child("protocol"),
                port.at("protocol"),
                protocol,
                &["SCTP", "TCP", "UDP"],
            );
        }
    }
}

/// `checkHostPortConflicts` over `containers` (`list_path` is the list's path; indexes count from
/// the start of `containers`).
pub(super) fn check_host_port_conflicts(
    ctx: &mut Ctx,
    facts: &Facts,
    containers: &[Node],
    list_path: &Path,
    kind: Kind,
) {
    let mut seen = std::collections::HashSet::new();
    for (ci, c) in containers.iter().enumerate() {
        let ports = c.seq_of("ports");
        if ports.is_empty() {
            continue;
        }
        let cp = list_path.index(ci);
        let pp = cp.child("ports");
        for (pi, port) in ports.iter().enumerate() {
            let host_port = effective_host_port(facts, port, kind);
            if host_port == 0 {
                continue;
            }
            let protocol = match port.str_of("protocol") {
                "" => "TCP",
                p => p,
            };
            let key = format!("{protocol}/{}/{host_port}", port.str_of("hostIP"));
            if seen.contains(&key) {
                let pj = pp.index(pi);
                ctx.duplicate(
                    &HOST_PORT_CONFLICT,
                    &pj.child("hostPort"),
                    host_port_span(port),
                    key,
                );
            } else {
                seen.insert(key);
            }
        }
    }
}
