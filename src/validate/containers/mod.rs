//! Containers: `spec.containers`, `spec.initContainers` and `spec.ephemeralContainers`, as the
//! Kubernetes 1.36 API server checks them on create (`validateContainers`,
//! `validateInitContainers`, `validateEphemeralContainers`, `validateContainerCommon`).
//!
//! `<c>` below is a container's path, e.g. `spec.containers[0]` for a Pod or
//! `spec.template.spec.initContainers[1]` for a Deployment.
//!
//! Every container, whatever its kind, is checked in this order (`validateContainerCommon`):
//! name, image, `terminationMessagePolicy`, ports, env, envFrom, volumeMounts, volumeDevices,
//! `imagePullPolicy`, resources and resizePolicy (see the resources rules), securityContext.
//!
//! - **PS1215** `spec.containers: Required value` when a pod has no regular container (the other
//!   container checks are then skipped).
//! - **PS1201** `<c>.name: Required value` for a missing name; **PS1202** a name that is not a DNS
//!   label: `<c>.name: Invalid value: "MyApp": a lowercase RFC 1123 label must consist of lower
//!   case alphanumeric characters or '-', and must start and end with an alphanumeric character
//!   (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
//!   (also `must be no more than 63 characters`, `must not contain dots`).
//! - **PS1203** `<c>.name: Duplicate value: "web"`: regular container names are unique among
//!   themselves (empty names count); an init container may not reuse a regular or earlier init
//!   name; an ephemeral container may not reuse any name.
//! - **PS1204** `<c>.image: Required value` when `image` is missing or empty (a single space passes
//!   here). **PS1205** Pods only (and every ephemeral container): `<c>.image: Invalid value: " x":
//!   must not have leading or trailing whitespace`. The image reference itself is never parsed.
//! - **PS1206** `<c>.terminationMessagePolicy: Unsupported value: "x": supported values: "File",
//!   "FallbackToLogsOnError"` (absent means `File`).
//! - **PS1207** `<c>.imagePullPolicy: Unsupported value: "x": supported values: "Always",
//!   "IfNotPresent", "Never"` (absent is defaulted from the image tag).
//! - **PS1208** container restart policy (ContainerRestartRules, beta and on since 1.35): on a
//!   regular or init container `restartPolicy` may be `Always`, `Never` or `OnFailure`
//!   (`<c>.restartPolicy: Unsupported value: "x": supported values: "Always", "Never",
//!   "OnFailure"`), and it is required when rules are given (`<c>.restartPolicy: Required value:
//!   must specify restartPolicy when restart rules are used`).
//! - **PS1209** `<c>.restartPolicyRules`: at most 20 rules (`Too many: 21: must have at most 20
//!   items`); `…restartPolicyRules[k].action: Unsupported value: "x": supported values:
//!   "Restart", "RestartAllContainers"` (RestartAllContainersOnContainerExits, beta and on in
//!   1.36); `…exitCodes: Required value: must be specified`; `…exitCodes.operator: Unsupported
//!   value: "x": supported values: "In", "NotIn"`; at most 255 `…exitCodes.values`.
//! - **PS1210** an init container that is not a sidecar (`restartPolicy: Always`) may not have
//!   `lifecycle`, `livenessProbe`, `readinessProbe` or `startupProbe`:
//!   `spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without
//!   restartPolicy=Always`. Sidecars get them checked like regular containers.
//! - **PS1211** `spec.initContainers[i].resizePolicy[j].restartPolicy: Invalid value:
//!   "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`.
//! - **PS1212** ephemeral containers may only set the debugging fields: `ports`, `resources`,
//!   `resizePolicy`, `restartPolicy`, `restartPolicyRules`, probes and `lifecycle` give
//!   `spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container`;
//!   **PS1213** so do `volumeMounts[j].subPath` and `…subPathExpr`; **PS1214**
//!   `…targetContainerName: Not found: "x"` when it names no regular or init container.
//!   (Ephemeral containers cannot be set on create at all; that error comes from the pod rules.)
//!
//! Ports (PS13xx, see `ports.rs`), env and envFrom (PS14xx, `env.rs`), volumeMounts and
//! volumeDevices (PS15xx, `mounts.rs`), probes and lifecycle hooks (PS17xx, `probes.rs`) and the
//! container securityContext (PS18xx, `security.rs`) are documented in their files.

mod env;
mod mounts;
mod ports;
mod probes;
mod security;

use super::format;
use super::pod::PodScope;
use super::volumes::VolumeSet;
use super::{Ctx, ErrValue, Path};
use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::yaml::Node;

pub use env::validate_file_key_ref_volumes;

rule!(
    /// **What it does** Reports a container (regular, init or ephemeral) with no `name`, or an empty one.
    ///
    /// **Why it matters** The API server rejects the pod with `<c>.name: Required value`: names are how
    /// the kubelet, `kubectl logs -c` and mounts of the pod refer to a container.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - image: nginx
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: nginx
    /// ```
    ///
    /// **Fix** Give every container a short, lower-case name unique within the pod.
    ///
    /// **Kubernetes source** `validateContainerCommon` (via `validateContainers`, `validateInitContainers`,
    /// `validateEphemeralContainers`) in `pkg/apis/core/validation/validation.go`.
    CONTAINER_NAME_REQUIRED,
    "PS1201",
    "container-name-required",
    Error,
    "every container needs a name"
);
rule!(
    /// **What it does** Checks that a container name is a DNS-1123 label: lower-case letters, digits
    /// and `-`, starting and ending with a letter or digit, at most 63 characters, no dots.
    ///
    /// **Why it matters** The API server rejects the pod (`a lowercase RFC 1123 label must consist
    /// of…`); capitals and underscores are the usual cause.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: MyApp
    ///   image: nginx
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: my-app
    ///   image: nginx
    /// ```
    ///
    /// **Fix** Lower-case the name and replace `_`, `.` and spaces by `-`.
    ///
    /// **Kubernetes source** `validateContainerCommon` checking the name with `IsDNS1123Label`
    /// (`ValidateDNS1123Label`) in `pkg/apis/core/validation/validation.go`.
    CONTAINER_NAME_FORMAT,
    "PS1202",
    "container-name-format",
    Error,
    "container names must be DNS-1123 labels (lower case, digits and '-', at most 63 characters)"
);
rule!(
    /// **What it does** Reports a container name used twice in one pod: regular names are unique among
    /// themselves, an init container may not reuse a regular or earlier init name, and an ephemeral
    /// container may not reuse any name.
    ///
    /// **Why it matters** The API server rejects the pod with `Duplicate value`; container names are
    /// the key for status, logs and restarts.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// initContainers:
    /// - name: web
    ///   image: busybox
    /// containers:
    /// - name: web
    ///   image: nginx
    /// ```
    ///
    /// ```yaml
    /// initContainers:
    /// - name: web-init
    ///   image: busybox
    /// containers:
    /// - name: web
    ///   image: nginx
    /// ```
    ///
    /// **Fix** Rename one of the containers.
    ///
    /// **Kubernetes source** `validateContainers`, `validateInitContainers` and
    /// `validateEphemeralContainers` (their `allNames` sets) in `pkg/apis/core/validation/validation.go`.
    CONTAINER_NAME_DUPLICATE,
    "PS1203",
    "container-name-duplicate",
    Error,
    "container names must be unique across regular, init and ephemeral containers"
);
rule!(
    /// **What it does** Reports a container whose `image` is missing or empty.
    ///
    /// **Why it matters** The API server rejects the pod, or the workload whose template it is,
    /// with `<c>.image: Required value`: there is nothing for the kubelet to pull.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: nginx:1.27
    /// ```
    ///
    /// **Fix** Name the image to run, with a tag or digest.
    ///
    /// **Kubernetes source** `validateContainerCommon` (and `validateContainersOnlyForPod` for pods) in
    /// `pkg/apis/core/validation/validation.go`.
    CONTAINER_IMAGE_REQUIRED,
    "PS1204",
    "container-image-required",
    Error,
    "every container needs an image"
);
rule!(
    /// **What it does** For Pods and ephemeral containers, reports an image with leading or trailing
    /// whitespace (`" nginx"`). Templates of workloads are not checked for this.
    ///
    /// **Why it matters** The API server rejects the pod (`must not have leading or trailing
    /// whitespace`); the kubelet could never pull such a reference anyway.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: "nginx "
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: nginx
    /// ```
    ///
    /// **Fix** Remove the spaces (often from a templated `{{ .Values.image }} ` with a stray blank).
    ///
    /// **Kubernetes source** `validateContainerOnlyForPod` (called from `validateContainersOnlyForPod`)
    /// in `pkg/apis/core/validation/validation.go`.
    CONTAINER_IMAGE_WHITESPACE,
    "PS1205",
    "container-image-whitespace",
    Error,
    "a pod's container image may not have leading or trailing whitespace"
);
rule!(
    /// **What it does** Checks `terminationMessagePolicy` is `File` or `FallbackToLogsOnError`
    /// (case-sensitive; absent means `File`).
    ///
    /// **Why it matters** Any other value is rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - name: web
    ///   image: nginx
    ///   terminationMessagePolicy: logs
    /// ```
    ///
    /// ```yaml
    /// - name: web
    ///   image: nginx
    ///   terminationMessagePolicy: FallbackToLogsOnError
    /// ```
    ///
    /// **Fix** Use one of the two spellings exactly.
    ///
    /// **Kubernetes source** `validateContainerCommon` (the `TerminationMessagePolicy` switch) in
    /// `pkg/apis/core/validation/validation.go`.
    TERMINATION_MESSAGE_POLICY,
    "PS1206",
    "termination-message-policy",
    Error,
    "terminationMessagePolicy must be File or FallbackToLogsOnError"
);
rule!(
    /// **What it does** Checks `imagePullPolicy` is `Always`, `IfNotPresent` or `Never` (case-sensitive).
    ///
    /// **Why it matters** Any other value (`always`, `IfNotExists`) is rejected with `Unsupported value`.
    /// When absent it is defaulted from the tag (`Always` for `:latest` or no tag).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - name: web
    ///   image: nginx:1.27
    ///   imagePullPolicy: always
    /// ```
    ///
    /// ```yaml
    /// - name: web
    ///   image: nginx:1.27
    ///   imagePullPolicy: Always
    /// ```
    ///
    /// **Fix** Use one of the three values exactly, or leave it out.
    ///
    /// **Kubernetes source** `validatePullPolicy` in `pkg/apis/core/validation/validation.go`.
    IMAGE_PULL_POLICY,
    "PS1207",
    "image-pull-policy",
    Error,
    "imagePullPolicy must be Always, IfNotPresent or Never"
);
rule!(
    /// **What it does** Checks a container's own `restartPolicy` is `Always`, `Never` or `OnFailure`,
    /// and that it is present when `restartPolicyRules` are given.
    ///
    /// **Why it matters** The API server rejects other values with `Unsupported value`, and rules
    /// without a policy with `must specify restartPolicy when restart rules are used`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// - name: worker
    ///   image: busybox
    ///   restartPolicyRules:
    ///   - action: Restart
    ///     exitCodes: {operator: In, values: [42]}
    /// ```
    ///
    /// ```yaml
    /// - name: worker
    ///   image: busybox
    ///   restartPolicy: Never
    ///   restartPolicyRules:
    ///   - action: Restart
    ///     exitCodes: {operator: In, values: [42]}
    /// ```
    ///
    /// **Fix** Set `restartPolicy` on the container to one of the three values.
    ///
    /// **Kubernetes source** `validateContainerRestartPolicy` in `pkg/apis/core/validation/validation.go`.
    CONTAINER_RESTART_POLICY,
    "PS1208",
    "container-restart-policy",
    Error,
    "a container restartPolicy must be Always, Never or OnFailure, and is required with restart rules"
);
rule!(
    /// **What it does** Checks `restartPolicyRules`: at most 20 rules, each with `action` `Restart` or
    /// `RestartAllContainers`, an `exitCodes` block with operator `In` or `NotIn`, and at most 255 values.
    ///
    /// **Why it matters** A malformed rule is rejected on create; a missing `exitCodes` says nothing
    /// about when the rule applies.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// restartPolicy: Never
    /// restartPolicyRules:
    /// - action: restart
    /// ```
    ///
    /// ```yaml
    /// restartPolicy: Never
    /// restartPolicyRules:
    /// - action: Restart
    ///   exitCodes: {operator: In, values: [42]}
    /// ```
    ///
    /// **Fix** Spell the action and operator exactly and give the exit codes.
    ///
    /// **Kubernetes source** `validateContainerRestartPolicyRules` (within
    /// `validateContainerRestartPolicy`) in `pkg/apis/core/validation/validation.go`.
    CONTAINER_RESTART_RULES,
    "PS1209",
    "container-restart-rules",
    Error,
    "restartPolicyRules need a supported action and exitCodes with operator In or NotIn"
);
rule!(
    /// **What it does** Reports `lifecycle`, `livenessProbe`, `readinessProbe` or `startupProbe` on an
    /// init container that is not a sidecar (no `restartPolicy: Always`).
    ///
    /// **Why it matters** Ordinary init containers run to completion one after another, so probes and
    /// hooks mean nothing there; the API server rejects them with `may not be set for init containers
    /// without restartPolicy=Always`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// initContainers:
    /// - name: migrate
    ///   image: migrate
    ///   readinessProbe:
    ///     exec: {command: [cat, /tmp/ready]}
    /// ```
    ///
    /// ```yaml
    /// initContainers:
    /// - name: proxy
    ///   image: envoy
    ///   restartPolicy: Always
    ///   readinessProbe:
    ///     tcpSocket: {port: 15000}
    /// ```
    ///
    /// **Fix** Drop the probe, or make the container a sidecar with `restartPolicy: Always`.
    ///
    /// **Kubernetes source** `validateInitContainers` in `pkg/apis/core/validation/validation.go`.
    INIT_CONTAINER_FORBIDDEN_FIELD,
    "PS1210",
    "init-container-probes-lifecycle",
    Error,
    "init containers other than sidecars may not have probes or lifecycle hooks"
);
rule!(
    /// **What it does** Reports a `resizePolicy` entry with `restartPolicy: RestartContainer` on an init
    /// container that is not a sidecar.
    ///
    /// **Why it matters** Only running containers can be resized; an init container that has finished
    /// cannot be restarted for it, so the API server rejects the setting.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// initContainers:
    /// - name: setup
    ///   image: busybox
    ///   resizePolicy:
    ///   - {resourceName: cpu, restartPolicy: RestartContainer}
    /// ```
    ///
    /// ```yaml
    /// initContainers:
    /// - name: setup
    ///   image: busybox
    /// ```
    ///
    /// **Fix** Remove the resize policy, or make the container a sidecar (`restartPolicy: Always`).
    ///
    /// **Kubernetes source** `validateInitContainers` (the resize policy check) in
    /// `pkg/apis/core/validation/validation.go`.
    INIT_CONTAINER_RESIZE_RESTART,
    "PS1211",
    "init-container-resize-restart",
    Error,
    "a non-sidecar init container may not use the RestartContainer resize policy"
);
rule!(
    /// **What it does** Reports fields an ephemeral (debug) container may not set: `ports`,
    /// `resources`, `resizePolicy`, `restartPolicy`, `restartPolicyRules`, probes and `lifecycle`.
    ///
    /// **Why it matters** Ephemeral containers are added to a running pod without rescheduling it, so
    /// nothing that needs resources or health management is allowed (`cannot be set for an Ephemeral
    /// Container`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ephemeralContainers:
    /// - name: debug
    ///   image: busybox
    ///   ports:
    ///   - containerPort: 8080
    /// ```
    ///
    /// ```yaml
    /// ephemeralContainers:
    /// - name: debug
    ///   image: busybox
    ///   stdin: true
    ///   tty: true
    /// ```
    ///
    /// **Fix** Remove the field; debug containers share the pod's resources and network.
    ///
    /// **Kubernetes source** `validateEphemeralContainers` with `validateFieldAllowList` in
    /// `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_FORBIDDEN_FIELD,
    "PS1212",
    "ephemeral-container-field",
    Error,
    "ephemeral containers may not set ports, resources, probes, lifecycle or restart policies"
);
rule!(
    /// **What it does** Reports `subPath` or `subPathExpr` in an ephemeral container's `volumeMounts`.
    ///
    /// **Why it matters** Sub-path mounts need setup before a container starts that the kubelet does
    /// not do for ephemeral containers; the API server forbids them.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ephemeralContainers:
    /// - name: debug
    ///   image: busybox
    ///   volumeMounts:
    ///   - {name: data, mountPath: /data, subPath: logs}
    /// ```
    ///
    /// ```yaml
    /// ephemeralContainers:
    /// - name: debug
    ///   image: busybox
    ///   volumeMounts:
    ///   - {name: data, mountPath: /data}
    /// ```
    ///
    /// **Fix** Mount the whole volume and look in the sub-folder.
    ///
    /// **Kubernetes source** `validateEphemeralContainers` in `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_SUBPATH,
    "PS1213",
    "ephemeral-container-subpath",
    Error,
    "ephemeral containers may not mount volumes with subPath or subPathExpr"
);
rule!(
    /// **What it does** Checks an ephemeral container's `targetContainerName` names a regular or init
    /// container of the pod.
    ///
    /// **Why it matters** The target's process namespace is what the debug container joins; an unknown
    /// name is rejected with `Not found`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - {name: web, image: nginx}
    /// ephemeralContainers:
    /// - {name: debug, image: busybox, targetContainerName: app}
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - {name: web, image: nginx}
    /// ephemeralContainers:
    /// - {name: debug, image: busybox, targetContainerName: web}
    /// ```
    ///
    /// **Fix** Use the name of an existing container, or drop `targetContainerName`.
    ///
    /// **Kubernetes source** `validateEphemeralContainers` in `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_TARGET,
    "PS1214",
    "ephemeral-target-container",
    Error,
    "an ephemeral container's targetContainerName must name a regular or init container"
);
rule!(
    /// **What it does** Reports a pod (or pod template) with no regular container in `containers`.
    /// Init and ephemeral containers do not count.
    ///
    /// **Why it matters** The API server rejects it with `spec.containers: Required value`, and the
    /// other container checks are skipped.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   initContainers:
    ///   - {name: setup, image: busybox}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   initContainers:
    ///   - {name: setup, image: busybox}
    ///   containers:
    ///   - {name: web, image: nginx}
    /// ```
    ///
    /// **Fix** Add at least one container (check the indentation of `containers:` too).
    ///
    /// **Kubernetes source** `validateContainers` in `pkg/apis/core/validation/validation.go`.
    CONTAINERS_REQUIRED,
    "PS1215",
    "containers-required",
    Error,
    "a pod needs at least one regular container"
);

pub const RULES: &[&Rule] = &[
    &CONTAINER_NAME_REQUIRED,
    &CONTAINER_NAME_FORMAT,
    &CONTAINER_NAME_DUPLICATE,
    &CONTAINER_IMAGE_REQUIRED,
    &CONTAINER_IMAGE_WHITESPACE,
    &TERMINATION_MESSAGE_POLICY,
    &IMAGE_PULL_POLICY,
    &CONTAINER_RESTART_POLICY,
    &CONTAINER_RESTART_RULES,
    &INIT_CONTAINER_FORBIDDEN_FIELD,
    &INIT_CONTAINER_RESIZE_RESTART,
    &EPHEMERAL_FORBIDDEN_FIELD,
    &EPHEMERAL_SUBPATH,
    &EPHEMERAL_TARGET,
    &CONTAINERS_REQUIRED,
    &ports::PORT_NAME,
    &ports::PORT_NAME_DUPLICATE,
    &ports::CONTAINER_PORT_REQUIRED,
    &ports::CONTAINER_PORT_RANGE,
    &ports::HOST_PORT_RANGE,
    &ports::PORT_PROTOCOL,
    &ports::HOST_PORT_CONFLICT,
    &env::ENV_NAME_REQUIRED,
    &env::ENV_NAME_FORMAT,
    &env::ENV_VALUE_FROM,
    &env::ENV_FIELD_REF,
    &env::ENV_RESOURCE_FIELD_REF,
    &env::ENV_KEY_REF,
    &env::ENV_FILE_KEY_REF,
    &env::ENV_FROM_PREFIX,
    &env::ENV_FROM_SOURCE,
    &env::ENV_FILE_KEY_REF_VOLUME,
    &mounts::MOUNT_NAME_REQUIRED,
    &mounts::MOUNT_NOT_FOUND,
    &mounts::MOUNT_PATH,
    &mounts::MOUNT_DEVICE_OVERLAP,
    &mounts::MOUNT_SUBPATH,
    &mounts::MOUNT_PROPAGATION,
    &mounts::RECURSIVE_READ_ONLY,
    &mounts::DEVICE_NAME,
    &mounts::DEVICE_SOURCE,
    &mounts::DEVICE_NOT_FOUND,
    &mounts::DEVICE_PATH,
    &mounts::DEVICE_MOUNT_OVERLAP,
    &probes::HANDLER_COUNT,
    &probes::EXEC_COMMAND,
    &probes::HANDLER_PORT,
    &probes::HTTP_SCHEME,
    &probes::HTTP_HEADER,
    &probes::PROBE_NEGATIVE,
    &probes::PROBE_GRACE_PERIOD,
    &probes::PROBE_SUCCESS_THRESHOLD,
    &probes::SLEEP_SECONDS,
    &security::PRIVILEGED,
    &security::RUN_AS_USER,
    &security::RUN_AS_GROUP,
    &security::PROC_MOUNT,
    &security::PROC_MOUNT_HOST_USERS,
    &security::SECCOMP_PROFILE,
    &security::PRIVILEGE_ESCALATION,
    &security::WINDOWS_OPTIONS,
    &security::APPARMOR_PROFILE,
];

/// Which list a container belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Regular,
    Init,
    Ephemeral,
}

/// What the container checks need to know about the pod spec, read once per list.
#[derive(Clone, Copy, Debug)]
pub(super) struct Facts {
    /// `terminationGracePeriodSeconds` (defaulted to 30).
    pub grace: i64,
    /// `hostUsers` (nil means true: the host's user namespace).
    pub host_users: bool,
    /// `hostNetwork`: for Pods, a zero `hostPort` of a regular or init container is defaulted to
    /// its `containerPort`.
    pub host_network: bool,
    /// A Pod rather than a template.
    pub is_pod: bool,
}

impl Facts {
    fn of(scope: &PodScope) -> Facts {
        let spec = scope.spec;
        Facts {
            grace: spec.i64_of("terminationGracePeriodSeconds").unwrap_or(30),
            host_users: spec.bool_of("hostUsers").unwrap_or(true),
            host_network: spec.bool_of("hostNetwork").unwrap_or(false),
            is_pod: scope.is_pod,
        }
    }
}

/// The span of field `key` of `node`, or `fallback` when `node` is an empty placeholder.
fn span_or(node: &Node, key: &str, fallback: Span) -> Span {
    if node.entry(key).is_none() && node.head().is_empty() {
        fallback
    } else {
        node.at(key)
    }
}

/// `spec.containers` (`path` is the pod spec's path).
pub fn validate_containers(ctx: &mut Ctx, scope: &PodScope, volumes: &VolumeSet, path: &Path) {
    let list_path = path.child("containers");
    let containers = scope.spec.seq_of("containers");
    if containers.is_empty() {
        ctx.required(
            &CONTAINERS_REQUIRED,
            &list_path,
            span_or(scope.spec, "containers", scope.spec_span),
        );
        return;
    }
    let facts = Facts::of(scope);
    // Names of the earlier containers (a set: a pod may list 100,000 of them).
    let mut names = std::collections::HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let cp = list_path.index(i);
        validate_container_common(ctx, scope, &facts, volumes, c, &cp, Kind::Regular);
        let name = c.str_of("name");
        if !names.insert(name) {
            ctx.duplicate(
                &CONTAINER_NAME_DUPLICATE,
                &cp.child("name"),
                c.at("name"),
                name,
            );
        }
        validate_hooks_and_probes(ctx, &facts, c, &cp);
        validate_restart_policy(ctx, c, &cp);
    }
    ports::check_host_port_conflicts(ctx, &facts, containers, &list_path, Kind::Regular);
}

/// `spec.initContainers`
pub fn validate_init_containers(ctx: &mut Ctx, scope: &PodScope, volumes: &VolumeSet, path: &Path) {
    let inits = scope.spec.seq_of("initContainers");
    if inits.is_empty() {
        return;
    }
    let list_path = path.child("initContainers");
    let facts = Facts::of(scope);
    let regular: std::collections::HashSet<&str> = scope
        .spec
        .seq_of("containers")
        .iter()
        .map(|c| c.str_of("name"))
        .collect();
    let mut earlier = std::collections::HashSet::new();
    for (i, c) in inits.iter().enumerate() {
        let cp = list_path.index(i);
        validate_container_common(ctx, scope, &facts, volumes, c, &cp, Kind::Init);
        validate_restart_policy(ctx, c, &cp);
        let sidecar = c.opt_str("restartPolicy") == Some("Always");
        // Regular names (even empty ones) and earlier non-empty init names are taken.
        let name = c.str_of("name");
        let taken_by_init = !name.is_empty() && !earlier.insert(name);
        if regular.contains(name) || taken_by_init {
            ctx.duplicate(
                &CONTAINER_NAME_DUPLICATE,
                &cp.child("name"),
                c.at("name"),
                name,
            );
        }
        // Init containers run one at a time, so host ports are only checked within each; the
        // server passes a one-element list, hence the `[0]` in every such path (sic).
        ports::check_host_port_conflicts(
            ctx,
            &facts,
            std::slice::from_ref(c),
            &list_path,
            Kind::Init,
        );
        if sidecar {
            validate_hooks_and_probes(ctx, &facts, c, &cp);
        } else {
            for field in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if c.get(field).is_some() {
                    ctx.forbidden(
                        &INIT_CONTAINER_FORBIDDEN_FIELD,
                        &cp.child(field),
                        c.key_at(field),
                        "may not be set for init containers without restartPolicy=Always",
                    );
                }
            }
            let rp = cp.child("resizePolicy");
            for (j, p) in c.seq_of("resizePolicy").iter().enumerate() {
                if p.str_of("restartPolicy") == "RestartContainer" {
                    let pj = rp.index(j);
                    ctx.invalid(
                        &INIT_CONTAINER_RESIZE_RESTART,
                        &pj.child("restartPolicy"),
                        p.at("restartPolicy"),
                        "RestartContainer",
                        "must not be set to 'RestartContainer' for non-sidecar initContainers",
                    );
                }
            }
        }
    }
}

/// The fields an ephemeral container may not set, in the order of the Go struct, with their
/// JSON names (the server lower-cases the first letter of the Go name, which gives the same).
const EPHEMERAL_DISALLOWED: [&str; 9] = [
    "ports",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
];

/// Whether a field holds something other than Go's zero value after decoding: present and not
/// null (an empty list or map is not nil), except `resources`, a struct that is zero when none of
/// its own fields is set.
fn is_non_zero(c: &Node, field: &str) -> bool {
    match c.get(field) {
        None => false,
        Some(value) if field == "resources" => ["limits", "requests", "claims"]
            .iter()
            .any(|k| value.get(k).is_some()),
        Some(_) => true,
    }
}

/// `spec.ephemeralContainers`
pub fn validate_ephemeral_containers(
    ctx: &mut Ctx,
    scope: &PodScope,
    volumes: &VolumeSet,
    path: &Path,
) {
    let ephemeral = scope.spec.seq_of("ephemeralContainers");
    if ephemeral.is_empty() {
        return;
    }
    let list_path = path.child("ephemeralContainers");
    let facts = Facts::of(scope);
    let others: std::collections::HashSet<&str> = scope
        .spec
        .seq_of("containers")
        .iter()
        .chain(scope.spec.seq_of("initContainers"))
        .map(|c| c.str_of("name"))
        .collect();
    let mut names = others.clone();
    for (i, c) in ephemeral.iter().enumerate() {
        let cp = list_path.index(i);
        validate_container_common(ctx, scope, &facts, volumes, c, &cp, Kind::Ephemeral);
        validate_container_only_for_pod(ctx, c, &cp);
        let name = c.str_of("name");
        if !names.insert(name) {
            ctx.duplicate(
                &CONTAINER_NAME_DUPLICATE,
                &cp.child("name"),
                c.at("name"),
                name,
            );
        }
        let target = c.str_of("targetContainerName");
        if !target.is_empty() && !others.contains(&target) {
            ctx.not_found(
                &EPHEMERAL_TARGET,
                &cp.child("targetContainerName"),
                c.at("targetContainerName"),
                target,
            );
        }
        for field in EPHEMERAL_DISALLOWED {
            if is_non_zero(c, field) {
                ctx.forbidden(
                    &EPHEMERAL_FORBIDDEN_FIELD,
                    &cp.child(field),
                    c.key_at(field),
                    "cannot be set for an Ephemeral Container",
                );
            }
        }
        let mp = cp.child("volumeMounts");
        for (j, m) in c.seq_of("volumeMounts").iter().enumerate() {
            let mj = mp.index(j);
            for field in ["subPath", "subPathExpr"] {
                if !m.str_of(field).is_empty() {
                    ctx.forbidden(
                        &EPHEMERAL_SUBPATH,
                        &mj.child(field),
                        m.key_at(field),
                        "cannot be set for an Ephemeral Container",
                    );
                }
            }
        }
    }
}

/// `validateContainersOnlyForPod` for regular and init containers: the checks a Pod gets but a
/// pod template does not. The server runs them after the whole pod spec (after
/// `ValidatePodSpec`), so the pod rules call this at that point; `spec_path` is `spec`.
pub fn validate_containers_only_for_pod(ctx: &mut Ctx, scope: &PodScope, spec_path: &Path) {
    for list in ["containers", "initContainers"] {
        let list_path = spec_path.child(list);
        for (i, c) in scope.spec.seq_of(list).iter().enumerate() {
            validate_container_only_for_pod(ctx, c, &list_path.index(i));
        }
    }
}

/// `validateContainerOnlyForPod`: the image may not have surrounding whitespace.
fn validate_container_only_for_pod(ctx: &mut Ctx, c: &Node, cp: &Path) {
    let image = c.str_of("image");
    if image.trim().len() != image.len() {
        ctx.invalid(
            &CONTAINER_IMAGE_WHITESPACE,
            &cp.child("image"),
            c.at("image"),
            image,
            "must not have leading or trailing whitespace",
        );
    }
}

/// `validateContainerCommon`
fn validate_container_common(
    ctx: &mut Ctx,
    scope: &PodScope,
    facts: &Facts,
    volumes: &VolumeSet,
    c: &Node,
    cp: &Path,
    kind: Kind,
) {
    let name = c.str_of("name");
    if name.is_empty() {
        ctx.required(&CONTAINER_NAME_REQUIRED, &cp.child("name"), c.at("name"));
    } else {
        let msgs = format::dns1123_label(name);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &CONTAINER_NAME_FORMAT,
                &cp.child("name"),
                c.at("name"),
                &ErrValue::from(name),
                msgs,
            );
        }
    }
    if c.str_of("image").is_empty() {
        ctx.required(&CONTAINER_IMAGE_REQUIRED, &cp.child("image"), c.at("image"));
    }
    // An empty policy is defaulted to `File` before validation.
    let policy = c.str_of("terminationMessagePolicy");
    if !policy.is_empty() && policy != "File" && policy != "FallbackToLogsOnError" {
        ctx.not_supported(
            &TERMINATION_MESSAGE_POLICY,
            &cp.child("terminationMessagePolicy"),
            c.at("terminationMessagePolicy"),
            policy,
            &["File", "FallbackToLogsOnError"],
        );
    }
    ports::validate_ports(ctx, facts, c, &cp.child("ports"), kind);
    env::validate_env(ctx, c, &cp.child("env"));
    env::validate_env_from(ctx, c, &cp.child("envFrom"));
    mounts::validate_volume_mounts(ctx, volumes, c, &cp.child("volumeMounts"));
    mounts::validate_volume_devices(ctx, volumes, c, &cp.child("volumeDevices"));
    // An empty policy is defaulted from the image tag before validation.
    let pull = c.str_of("imagePullPolicy");
    if !pull.is_empty() && !matches!(pull, "Always" | "IfNotPresent" | "Never") {
        ctx.not_supported(
            &IMAGE_PULL_POLICY,
            &cp.child("imagePullPolicy"),
            c.at("imagePullPolicy"),
            pull,
            &["Always", "IfNotPresent", "Never"],
        );
    }
    super::resources::validate_container_resources(ctx, scope, c, cp);
    if let Some(sc) = c.get("securityContext") {
        security::validate_security_context(ctx, facts, sc, &cp.child("securityContext"));
    }
}

/// Lifecycle hooks and probes of a regular container or a sidecar.
fn validate_hooks_and_probes(ctx: &mut Ctx, facts: &Facts, c: &Node, cp: &Path) {
    if let Some(lifecycle) = c.get("lifecycle") {
        probes::validate_lifecycle(ctx, facts, lifecycle, &cp.child("lifecycle"));
    }
    if let Some(probe) = c.get("livenessProbe") {
        probes::validate_probe(
            ctx,
            probe,
            &cp.child("livenessProbe"),
            probes::ProbeKind::Liveness,
        );
    }
    if let Some(probe) = c.get("readinessProbe") {
        probes::validate_probe(
            ctx,
            probe,
            &cp.child("readinessProbe"),
            probes::ProbeKind::Readiness,
        );
    }
    if let Some(probe) = c.get("startupProbe") {
        probes::validate_probe(
            ctx,
            probe,
            &cp.child("startupProbe"),
            probes::ProbeKind::Startup,
        );
    }
}

/// `validateContainerRestartPolicy` (regular containers) and `validateInitContainerRestartPolicy`
/// (init containers): with ContainerRestartRules and RestartAllContainersOnContainerExits both
/// on, as in 1.36, the two come to the same checks.
fn validate_restart_policy(ctx: &mut Ctx, c: &Node, cp: &Path) {
    let rules = c.seq_of("restartPolicyRules");
    match c.opt_str("restartPolicy") {
        None if rules.is_empty() => return,
        None => ctx.required_detail(
            &CONTAINER_RESTART_POLICY,
            &cp.child("restartPolicy"),
            c.at("restartPolicyRules"),
            "must specify restartPolicy when restart rules are used",
        ),
        Some("Always" | "Never" | "OnFailure") => {}
        Some(policy) => ctx.not_supported(
            &CONTAINER_RESTART_POLICY,
            &cp.child("restartPolicy"),
            c.at("restartPolicy"),
            policy,
            &["Always", "Never", "OnFailure"],
        ),
    }
    let rules_path = cp.child("restartPolicyRules");
    if rules.len() > 20 {
        ctx.too_many(
            &CONTAINER_RESTART_RULES,
            &rules_path,
            c.key_at("restartPolicyRules"),
            rules.len(),
            20,
        );
    }
    for (k, rule) in rules.iter().enumerate() {
        let rp = rules_path.index(k);
        let action = rule.str_of("action");
        if action != "Restart" && action != "RestartAllContainers" {
            ctx.not_supported(
                &CONTAINER_RESTART_RULES,
                &rp.child("action"),
                rule.at("action"),
                action,
                &["Restart", "RestartAllContainers"],
            );
        }
        let exit_codes_path = rp.child("exitCodes");
        if let Some(exit_codes) = rule.get("exitCodes") {
            let operator = exit_codes.str_of("operator");
            if operator != "In" && operator != "NotIn" {
                ctx.not_supported(
                    &CONTAINER_RESTART_RULES,
                    &exit_codes_path.child("operator"),
                    exit_codes.at("operator"),
                    operator,
                    &["In", "NotIn"],
                );
            }
            let values = exit_codes.seq_of("values");
            if values.len() > 255 {
                ctx.too_many(
                    &CONTAINER_RESTART_RULES,
                    &exit_codes_path.child("values"),
                    exit_codes.key_at("values"),
                    values.len(),
                    255,
                );
            }
        } else {
            ctx.required_detail(
                &CONTAINER_RESTART_RULES,
                &exit_codes_path,
                rule.at("exitCodes"),
                "must be specified",
            );
        }
    }
}

#[cfg(test)]
mod tests;
