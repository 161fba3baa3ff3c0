//! Probes (`validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`,
//! `validateProbe`) and lifecycle hooks (`validateLifecycle`), both built on `validateHandler`.
//!
//! `<p>` is `<c>.livenessProbe`, `<c>.readinessProbe`, `<c>.startupProbe`,
//! `<c>.lifecycle.postStart` or `<c>.lifecycle.preStop`. Probes know `exec`, `httpGet`,
//! `tcpSocket` and `grpc`; hooks know `exec`, `httpGet`, `tcpSocket` and `sleep`.
//!
//! - **PS1701** exactly one handler: the second and later kinds, in that order, give
//!   `<p>.httpGet: Forbidden: may not specify more than 1 handler type`; none gives `<p>: Required
//!   value: must specify a handler type` (`lifecycle: {}` alone is fine).
//! - **PS1702** `<p>.exec.command: Required value` for an empty command.
//! - **PS1703** ports of `httpGet`, `tcpSocket` and `grpc`: a number must be 1–65535 (`<p>.httpGet.port:
//!   Invalid value: 0: must be between 1 and 65535, inclusive`), a name must be an IANA service
//!   name (`Invalid value: "8080": must contain at least one letter (a-z)`). Named ports need not
//!   exist in `ports`.
//! - **PS1704** `<p>.httpGet.scheme: Unsupported value: "http": supported values: "HTTP", "HTTPS"`
//!   (absent means `HTTP`; an absent path means `/`).
//! - **PS1705** header names, reported at `<p>.httpGet.httpHeaders` without index (sic):
//!   `Invalid value: "X Foo": a valid HTTP header must consist of alphanumeric characters or '-'
//!   (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`.
//! - **PS1706** `initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold`,
//!   `failureThreshold`: `<p>.periodSeconds: Invalid value: -1: must be greater than or equal to
//!   0` (zeros are defaulted to 1, 10, 1 and 3 first).
//! - **PS1707** `<p>.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`;
//!   readiness probes may not have one: `…: Invalid value: 10: must not be set for
//!   readinessProbes`.
//! - **PS1708** liveness and startup probes: `<p>.successThreshold: Invalid value: 2: must be 1`.
//! - **PS1709** `sleep` hooks (zero allowed in 1.36): `<c>.lifecycle.preStop.sleep: Invalid value:
//!   60: must be non-negative and less than terminationGracePeriodSeconds (30)` (the pod's grace
//!   period, 30 by default; equal is allowed).

use super::Facts;
use crate::rule;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::{Node, Value};

rule!(
    /// **What it does** Checks a probe or lifecycle hook has exactly one handler: for probes `exec`,
    /// `httpGet`, `tcpSocket` or `grpc`; for hooks `exec`, `httpGet`, `tcpSocket` or `sleep`.
    ///
    /// **Why it matters** With none the kubelet has nothing to run (`must specify a handler type`); with
    /// two it cannot choose (`may not specify more than 1 handler type`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /healthz, port: 8080}
    ///   tcpSocket: {port: 8080}
    /// ```
    ///
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /healthz, port: 8080}
    /// ```
    ///
    /// **Fix** Keep one handler per probe or hook.
    ///
    /// **Kubernetes source** `validateHandler` (from `validateProbe` and `validateLifecycle`) in
    /// `pkg/apis/core/validation/validation.go`.
    HANDLER_COUNT,
    "PS1701",
    "handler-count",
    Error,
    "a probe or lifecycle hook needs exactly one handler (exec, httpGet, tcpSocket, grpc or sleep)"
);
rule!(
    /// **What it does** Reports an `exec` handler with no `command` (or an empty list).
    ///
    /// **Why it matters** The API server rejects it with `exec.command: Required value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// livenessProbe:
    ///   exec: {}
    /// ```
    ///
    /// ```yaml
    /// livenessProbe:
    ///   exec:
    ///     command: [cat, /tmp/healthy]
    /// ```
    ///
    /// **Fix** Give the command as a list of arguments; use `[sh, -c, "..."]` for shell syntax.
    ///
    /// **Kubernetes source** `validateExecAction` in `pkg/apis/core/validation/validation.go`.
    EXEC_COMMAND,
    "PS1702",
    "exec-command-required",
    Error,
    "an exec handler needs a command"
);
rule!(
    /// **What it does** Checks the port of an `httpGet`, `tcpSocket` or `grpc` handler: a number must be
    /// 1–65535, a name must be a valid port name (so `"8080"` in quotes is wrong).
    ///
    /// **Why it matters** The API server rejects the pod; a quoted number is read as a name and fails
    /// `must contain at least one letter`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// readinessProbe:
    ///   httpGet: {path: /ready, port: "8080"}
    /// ```
    ///
    /// ```yaml
    /// readinessProbe:
    ///   httpGet: {path: /ready, port: 8080}
    /// ```
    ///
    /// **Fix** Write numbers unquoted, or use the name of a declared port.
    ///
    /// **Kubernetes source** `ValidatePortNumOrName` (via `validateHTTPGetAction`,
    /// `validateTCPSocketAction`, `validateGRPCAction`) in `pkg/apis/core/validation/validation.go`.
    HANDLER_PORT,
    "PS1703",
    "handler-port",
    Error,
    "a probe or hook port must be 1-65535 or an IANA service name"
);
rule!(
    /// **What it does** Checks `httpGet.scheme` is `HTTP` or `HTTPS` in capitals (absent means `HTTP`).
    ///
    /// **Why it matters** `http` or `https` is rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// httpGet: {path: /healthz, port: 8443, scheme: https}
    /// ```
    ///
    /// ```yaml
    /// httpGet: {path: /healthz, port: 8443, scheme: HTTPS}
    /// ```
    ///
    /// **Fix** Write the scheme in capitals.
    ///
    /// **Kubernetes source** `validateHTTPGetAction` in `pkg/apis/core/validation/validation.go`.
    HTTP_SCHEME,
    "PS1704",
    "http-scheme",
    Error,
    "an httpGet scheme must be HTTP or HTTPS"
);
rule!(
    /// **What it does** Checks the names in `httpGet.httpHeaders` are HTTP header names: letters,
    /// digits and `-` only.
    ///
    /// **Why it matters** A header name with a space, `_` or `:` is rejected on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// httpHeaders:
    /// - {name: "X Request Id", value: probe}
    /// ```
    ///
    /// ```yaml
    /// httpHeaders:
    /// - {name: X-Request-Id, value: probe}
    /// ```
    ///
    /// **Fix** Use `-` between the words of the header name; the value may contain anything.
    ///
    /// **Kubernetes source** `validateHTTPGetAction` with `IsHTTPHeaderName` in
    /// `pkg/apis/core/validation/validation.go`.
    HTTP_HEADER,
    "PS1705",
    "http-header-name",
    Error,
    "httpGet header names may only have letters, digits and '-'"
);
rule!(
    /// **What it does** Checks a probe's `initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`,
    /// `successThreshold` and `failureThreshold` are not negative (zeros are defaulted first).
    ///
    /// **Why it matters** The API server rejects negative timings (`must be greater than or equal to 0`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// livenessProbe:
    ///   tcpSocket: {port: 8080}
    ///   periodSeconds: -10
    /// ```
    ///
    /// ```yaml
    /// livenessProbe:
    ///   tcpSocket: {port: 8080}
    ///   periodSeconds: 10
    /// ```
    ///
    /// **Fix** Use zero or a positive number of seconds.
    ///
    /// **Kubernetes source** `validateProbe` in `pkg/apis/core/validation/validation.go`.
    PROBE_NEGATIVE,
    "PS1706",
    "probe-negative-field",
    Error,
    "probe delays, periods, timeouts and thresholds may not be negative"
);
rule!(
    /// **What it does** Checks a probe's own `terminationGracePeriodSeconds` is positive, and that
    /// readiness probes do not set one.
    ///
    /// **Why it matters** The field only applies when a failing liveness or startup probe kills the
    /// container; a readiness probe never does, and zero would skip graceful shutdown.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// readinessProbe:
    ///   httpGet: {path: /ready, port: 8080}
    ///   terminationGracePeriodSeconds: 10
    /// ```
    ///
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /healthz, port: 8080}
    ///   terminationGracePeriodSeconds: 10
    /// ```
    ///
    /// **Fix** Move it to the liveness or startup probe, or remove it.
    ///
    /// **Kubernetes source** `validateProbe` and `validateReadinessProbe` in
    /// `pkg/apis/core/validation/validation.go`.
    PROBE_GRACE_PERIOD,
    "PS1707",
    "probe-termination-grace-period",
    Error,
    "a probe's terminationGracePeriodSeconds must be positive, and readiness probes may not set it"
);
rule!(
    /// **What it does** Checks liveness and startup probes have `successThreshold` 1 (or unset).
    ///
    /// **Why it matters** One success is what ends a liveness failure or a startup phase; the API
    /// server rejects any other value with `must be 1`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// livenessProbe:
    ///   tcpSocket: {port: 8080}
    ///   successThreshold: 3
    /// ```
    ///
    /// ```yaml
    /// livenessProbe:
    ///   tcpSocket: {port: 8080}
    ///   failureThreshold: 3
    /// ```
    ///
    /// **Fix** Remove `successThreshold` (it only makes sense on readiness probes).
    ///
    /// **Kubernetes source** `validateLivenessProbe` and `validateStartupProbe` in
    /// `pkg/apis/core/validation/validation.go`.
    PROBE_SUCCESS_THRESHOLD,
    "PS1708",
    "probe-success-threshold",
    Error,
    "liveness and startup probes need successThreshold 1"
);
rule!(
    /// **What it does** Checks a `sleep` hook's `seconds` is not negative and not longer than the pod's
    /// `terminationGracePeriodSeconds` (30 by default).
    ///
    /// **Why it matters** A preStop sleep longer than the grace period would be cut short by SIGKILL;
    /// the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// terminationGracePeriodSeconds: 30
    /// containers:
    /// - name: web
    ///   image: nginx
    ///   lifecycle:
    ///     preStop: {sleep: {seconds: 60}}
    /// ```
    ///
    /// ```yaml
    /// terminationGracePeriodSeconds: 75
    /// containers:
    /// - name: web
    ///   image: nginx
    ///   lifecycle:
    ///     preStop: {sleep: {seconds: 60}}
    /// ```
    ///
    /// **Fix** Shorten the sleep or raise the pod's grace period.
    ///
    /// **Kubernetes source** `validateSleepAction` in `pkg/apis/core/validation/validation.go`.
    SLEEP_SECONDS,
    "PS1709",
    "sleep-seconds",
    Error,
    "a sleep hook must last between 0 and the pod's termination grace period"
);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

/// `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe`.
pub(super) fn validate_probe(ctx: &mut Ctx, probe: &Node, path: &Path, kind: ProbeKind) {
    validate_handler(
        ctx,
        None,
        probe,
        path,
        &["exec", "httpGet", "tcpSocket", "grpc"],
    );
    // Zero values are defaulted before validation; only negatives remain to be caught.
    for field in [
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ] {
        if let Some(value) = probe.i64_of(field)
            && value < 0
        {
            ctx.invalid(
                &PROBE_NEGATIVE,
                &path.child(field),
                probe.at(field),
                value,
                "must be greater than or equal to 0",
            );
        }
    }
    let grace = probe.i64_of("terminationGracePeriodSeconds");
    if let Some(value) = grace
        && value <= 0
    {
        ctx.invalid(
            &PROBE_GRACE_PERIOD,
            &path.child("terminationGracePeriodSeconds"),
            probe.at("terminationGracePeriodSeconds"),
            value,
            "must be greater than 0",
        );
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup => {
            let threshold = match probe.i64_of("successThreshold").unwrap_or(0) {
                0 => 1,
                t => t,
            };
            if threshold != 1 {
                ctx.invalid(
                    &PROBE_SUCCESS_THRESHOLD,
                    &path.child("successThreshold"),
                    probe.at("successThreshold"),
                    threshold,
                    "must be 1",
                );
            }
        }
        ProbeKind::Readiness => {
            if let Some(value) = grace {
                ctx.invalid(
                    &PROBE_GRACE_PERIOD,
                    &path.child("terminationGracePeriodSeconds"),
                    probe.at("terminationGracePeriodSeconds"),
                    value,
                    "must not be set for readinessProbes",
                );
            }
        }
    }
}

/// `validateLifecycle` (`path` is `<c>.lifecycle`). `stopSignal` (ContainerStopSignals, alpha in
/// 1.36) is dropped before validation.
pub(super) fn validate_lifecycle(ctx: &mut Ctx, facts: &Facts, lifecycle: &Node, path: &Path) {
    for hook in ["postStart", "preStop"] {
        if let Some(handler) = lifecycle.get(hook) {
            validate_handler(
                ctx,
                Some(facts),
                handler,
                &path.child(hook),
                &["exec", "httpGet", "tcpSocket", "sleep"],
            );
        }
    }
}

/// `validateHandler`: `kinds` in the server's check order; `facts` (for the grace period) is given
/// for lifecycle hooks.
fn validate_handler(
    ctx: &mut Ctx,
    facts: Option<&Facts>,
    handler: &Node,
    path: &Path,
    kinds: &[&str],
) {
    let mut handlers = 0;
    for &kind in kinds {
        let Some(action) = handler.get(kind) else {
            continue;
        };
        let kp = path.child(kind);
        if handlers > 0 {
            ctx.forbidden(
                &HANDLER_COUNT,
                &kp,
                handler.key_at(kind),
                "may not specify more than 1 handler type",
            );
            continue;
        }
        handlers += 1;
        match kind {
            "exec" => {
                if action.seq_of("command").is_empty() {
                    ctx.required(&EXEC_COMMAND, &kp.child("command"), action.at("command"));
                }
            }
            "httpGet" => validate_http_get(ctx, action, &kp),
            "tcpSocket" => validate_port(ctx, action, &kp.child("port")),
            "grpc" => {
                let port = action.i64_of("port").unwrap_or(0);
                for msg in format::port_num(port) {
                    ctx.invalid(
                        &HANDLER_PORT,
                        &kp.child("port"),
                        action.at("port"),
                        port,
                        msg,
                    );
                }
            }
            _ => {
                let seconds = action.i64_of("seconds").unwrap_or(0);
                if let Some(facts) = facts
                    && (seconds < 0 || seconds > facts.grace)
                {
                    let message = format!(
                        "must be non-negative and less than terminationGracePeriodSeconds ({})",
                        facts.grace
                    );
                    ctx.invalid(&SLEEP_SECONDS, &kp, action.at("seconds"), seconds, message);
                }
            }
        }
    }
    if handlers == 0 {
        ctx.required_detail(
            &HANDLER_COUNT,
            path,
            handler.head(),
            "must specify a handler type",
        );
    }
}

/// `validateHTTPGetAction` (`path` is `<p>.httpGet`).
fn validate_http_get(ctx: &mut Ctx, action: &Node, path: &Path) {
    validate_port(ctx, action, &path.child("port"));
    // An empty scheme is defaulted to HTTP.
    let scheme = action.str_of("scheme");
    if !scheme.is_empty() && scheme != "HTTP" && scheme != "HTTPS" {
        ctx.not_supported(
            &HTTP_SCHEME,
            &path.child("scheme"),
            action.at("scheme"),
            scheme,
            &["HTTP", "HTTPS"],
        );
    }
    let headers = action.seq_of("httpHeaders");
    if !headers.is_empty() {
        let hp = path.child("httpHeaders");
        for header in headers {
            let name = header.str_of("name");
            let msgs = format::http_header_name(name);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &HTTP_HEADER,
                    &hp,
                    header.at("name"),
                    &ErrValue::from(name),
                    msgs,
                );
            }
        }
    }
}

/// `ValidatePortNumOrName` of the IntOrString field `port` of `action` (absent is the number 0).
fn validate_port(ctx: &mut Ctx, action: &Node, path: &Path) {
    if let Some(Value::Str(name)) = action.get("port").map(|p| &p.value) {
        let msgs = format::port_name(name);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &HANDLER_PORT,
                path,
                action.at("port"),
                &ErrValue::from(name.as_str()),
                msgs,
            );
        }
    } else {
        let port = action.i64_of("port").unwrap_or(0);
        for msg in format::port_num(port) {
            ctx.invalid(&HANDLER_PORT, path, action.at("port"), port, msg);
        }
    }
}
