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
    PORT_NAME,
    "PS1301",
    "port-name",
    Error,
    "a container port name must be an IANA service name (at most 15 characters, a-z, 0-9 and '-', with a letter)"
);
rule!(
    PORT_NAME_DUPLICATE,
    "PS1302",
    "port-name-duplicate",
    Error,
    "port names must be unique within a container"
);
rule!(
    CONTAINER_PORT_REQUIRED,
    "PS1303",
    "container-port-required",
    Error,
    "every container port needs a containerPort"
);
rule!(
    CONTAINER_PORT_RANGE,
    "PS1304",
    "container-port-range",
    Error,
    "containerPort must be between 1 and 65535"
);
rule!(
    HOST_PORT_RANGE,
    "PS1305",
    "host-port-range",
    Error,
    "hostPort must be between 1 and 65535"
);
rule!(
    PORT_PROTOCOL,
    "PS1306",
    "port-protocol",
    Error,
    "a port protocol must be TCP, UDP or SCTP"
);
rule!(
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
    for (j, port) in ports.iter().enumerate() {
        let pp = path.index(j);
        let name = port.str_of("name");
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
            } else if ports[..j].iter().any(|other| other.str_of("name") == name) {
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
    let mut seen: Vec<String> = Vec::new();
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
                seen.push(key);
            }
        }
    }
}
