//! The Pod Security Standards controls, as the API server's PodSecurity admission checks them
//! (k8s.io/pod-security-admission, policy version `latest` of Kubernetes 1.36).
//!
//! Each control is a rule of its own (`PS40xx` baseline, `PS41xx` restricted). A control reads
//! the pod's metadata and spec after defaulting, exactly as the admission plugin does, and when it
//! forbids the pod it gives the plugin's reason and detail (`allowPrivilegeEscalation != false`,
//! `container "app" must set securityContext.allowPrivilegeEscalation=false`), so the combined
//! message is the server's word for word. Containers are visited as the plugin visits them: init
//! containers, then containers, then ephemeral containers.

use std::collections::BTreeSet;

use crate::compat::go_quote;
use crate::diagnostic::Rule;
pub use crate::options::Level;
use crate::rule;
use crate::source::Span;
use crate::yaml::Node;
use crate::yaml::edit::Fix;

rule!(
    /// **What it does** Forbids Windows HostProcess containers: `securityContext.windowsOptions.hostProcess: true`
    /// on the pod or on any container.
    ///
    /// **Why it matters** A HostProcess container runs directly on the Windows host with the
    /// node's privileges; the `baseline` Pod Security level does not allow it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     windowsOptions: {hostProcess: true}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     windowsOptions: {runAsUserName: ContainerUser}
    /// ```
    ///
    /// **Fix** Remove `hostProcess`, or run the pod in a namespace at the `privileged` level.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_windowsHostProcess.go`.
    HOST_PROCESS,
    "PS4001",
    "pss-host-process",
    Error,
    "Pod Security baseline: Windows HostProcess containers are forbidden",
    equivalents = ["pss: baseline/hostProcess"]
);
rule!(
    /// **What it does** Forbids sharing the node's namespaces: `hostNetwork`, `hostPID` or
    /// `hostIPC` set to `true` in the pod spec.
    ///
    /// **Why it matters** A pod in the host's network, process or IPC namespace can see and
    /// reach everything on the node; the `baseline` level does not allow it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: true   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: false   # or leave it out
    /// ```
    ///
    /// **Fix** Remove the field (or set it to `false`).
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_hostNamespaces.go`.
    HOST_NAMESPACES,
    "PS4002",
    "pss-host-namespaces",
    Error,
    "Pod Security baseline: hostNetwork, hostPID and hostIPC are forbidden",
    equivalents = ["pss: baseline/hostNamespaces"]
);
rule!(
    /// **What it does** Forbids privileged containers: `securityContext.privileged: true`.
    ///
    /// **Why it matters** A privileged container has every capability and every device of the
    /// node; it disables almost every isolation mechanism.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   privileged: true   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities: {add: [NET_BIND_SERVICE]}
    /// ```
    ///
    /// **Fix** Remove `privileged`, and add only the capabilities the process needs.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_privileged.go`.
    PRIVILEGED,
    "PS4003",
    "pss-privileged",
    Error,
    "Pod Security baseline: privileged containers are forbidden",
    equivalents = ["pss: baseline/privileged"]
);
rule!(
    /// **What it does** Forbids adding capabilities beyond the container runtime's default set
    /// (`AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`,
    /// `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`).
    ///
    /// **Why it matters** Capabilities such as `SYS_ADMIN` or `NET_ADMIN` give a container
    /// most of root's power over the node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities: {add: [SYS_ADMIN]}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities: {add: [NET_BIND_SERVICE]}   # in the default set
    /// ```
    ///
    /// **Fix** Remove the capability from `capabilities.add`.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_capabilities_baseline.go`.
    CAPABILITIES_BASELINE,
    "PS4004",
    "pss-capabilities-baseline",
    Error,
    "Pod Security baseline: capabilities beyond the default set are forbidden",
    equivalents = ["pss: baseline/capabilities"]
);
rule!(
    /// **What it does** Forbids `hostPath` volumes.
    ///
    /// **Why it matters** A hostPath volume exposes the node's file system to the pod; a
    /// writable one lets it change the node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: logs
    ///   hostPath: {path: /var/log}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: logs
    ///   emptyDir: {}
    /// ```
    ///
    /// **Fix** Use an `emptyDir`, a ConfigMap, a Secret or a PersistentVolumeClaim instead.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_hostPathVolumes.go`.
    HOST_PATH_VOLUMES,
    "PS4005",
    "pss-host-path-volumes",
    Error,
    "Pod Security baseline: hostPath volumes are forbidden",
    equivalents = ["pss: baseline/hostPathVolumes"]
);
rule!(
    /// **What it does** Forbids `hostPort` on any container port.
    ///
    /// **Why it matters** A host port binds the node's own network interface, bypassing
    /// Services and network policies, and limits scheduling to one such pod per node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 80
    ///   hostPort: 80   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - containerPort: 80
    /// ```
    ///
    /// **Fix** Remove `hostPort` and expose the port through a Service.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_hostPorts.go`.
    HOST_PORTS,
    "PS4006",
    "pss-host-ports",
    Error,
    "Pod Security baseline: host ports are forbidden",
    equivalents = ["pss: baseline/hostPorts"]
);
rule!(
    /// **What it does** Forbids turning AppArmor off: an `appArmorProfile` of type
    /// `Unconfined` on the pod or a container, or a
    /// `container.apparmor.security.beta.kubernetes.io/*` annotation other than
    /// `runtime/default` or `localhost/*`.
    ///
    /// **Why it matters** The runtime's default AppArmor profile is one of the barriers
    /// between a container and its node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile: {type: Unconfined}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Use `RuntimeDefault` or a `Localhost` profile.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_appArmorProfile.go`.
    APPARMOR,
    "PS4007",
    "pss-apparmor",
    Error,
    "Pod Security baseline: an unconfined AppArmor profile is forbidden",
    equivalents = ["pss: baseline/appArmorProfile"]
);
rule!(
    /// **What it does** Restricts `seLinuxOptions`: the type must be empty, `container_t`,
    /// `container_init_t`, `container_kvm_t` or `container_engine_t`, and `user` and `role`
    /// must not be set.
    ///
    /// **Why it matters** A custom SELinux type or user can lift the confinement the runtime
    /// gives every container.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   seLinuxOptions: {type: spc_t}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   seLinuxOptions: {level: "s0:c123,c456"}
    /// ```
    ///
    /// **Fix** Remove the type, user and role; keep `level` if you need it.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_seLinuxOptions.go`.
    SELINUX,
    "PS4008",
    "pss-selinux",
    Error,
    "Pod Security baseline: custom SELinux types, users and roles are forbidden",
    equivalents = ["pss: baseline/seLinuxOptions"]
);
rule!(
    /// **What it does** Forbids `securityContext.procMount` other than `Default`. At `baseline`
    /// (policy v1.35 and later) a pod in its own user namespace (`hostUsers: false`) may set any
    /// value; at `restricted`, and before v1.35, no pod may.
    ///
    /// **Why it matters** `Unmasked` exposes the parts of `/proc` that the runtime hides.
    /// Since Kubernetes 1.33 validation itself refuses `Unmasked` without `hostUsers: false`,
    /// so at `baseline:latest` a pod that reaches admission passes; the control matters at
    /// `restricted` and at older policy versions.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   procMount: Unmasked   # forbidden at baseline unless hostUsers: false
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   procMount: Default   # or leave it out
    /// ```
    ///
    /// **Fix** Remove `procMount`, or set `hostUsers: false` on the pod.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_procMount_baseline.go` and
    /// `policy/check_procMount_restricted.go`.
    PROC_MOUNT,
    "PS4009",
    "pss-proc-mount",
    Error,
    "Pod Security baseline: an unmasked /proc is forbidden",
    equivalents = ["pss: baseline/procMount"]
);
rule!(
    /// **What it does** Forbids turning seccomp off: `seccompProfile.type: Unconfined` on the
    /// pod or a container.
    ///
    /// **Why it matters** Seccomp limits the system calls a container can make; `Unconfined`
    /// removes the filter.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   seccompProfile: {type: Unconfined}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Use `RuntimeDefault` (or a `Localhost` profile).
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_seccompProfile_baseline.go`.
    SECCOMP_BASELINE,
    "PS4010",
    "pss-seccomp-baseline",
    Error,
    "Pod Security baseline: an unconfined seccomp profile is forbidden",
    equivalents = ["pss: baseline/seccompProfile"]
);
rule!(
    /// **What it does** Allows only the safe sysctls in `spec.securityContext.sysctls`:
    /// `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`,
    /// `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`,
    /// `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`,
    /// `net.ipv4.tcp_keepalive_probes`, `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem`.
    ///
    /// **Why it matters** Other sysctls can affect every pod on the node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   sysctls: [{name: net.core.somaxconn, value: "1024"}]   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65000"}]   # a safe one
    /// ```
    ///
    /// **Fix** Remove the sysctl, or set it on the node.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_sysctls.go`.
    SYSCTLS,
    "PS4011",
    "pss-sysctls",
    Error,
    "Pod Security baseline: unsafe sysctls are forbidden",
    equivalents = ["pss: baseline/sysctls"]
);
rule!(
    /// **What it does** Forbids `host` in probes and lifecycle handlers (`httpGet.host`,
    /// `tcpSocket.host`).
    ///
    /// **Why it matters** The kubelet makes these requests from the node, so a host field lets
    /// a pod make the node reach any address on its behalf.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {host: 169.254.169.254, path: /, port: 80}   # forbidden at baseline
    /// ```
    ///
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /, port: 80}
    /// ```
    ///
    /// **Fix** Remove `host`: the probe then goes to the pod's own IP.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_hostProbesAndhostLifecycle.go`.
    PROBE_HOST,
    "PS4012",
    "pss-probe-host",
    Error,
    "Pod Security baseline: a host in probes and lifecycle handlers is forbidden",
    equivalents = ["pss: baseline/hostProbesAndHostLifecycle"]
);
rule!(
    /// **What it does** Allows only these volume types: `configMap`, `csi`, `downwardAPI`,
    /// `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and `secret`.
    ///
    /// **Why it matters** Other types (hostPath, NFS, iSCSI, cloud disks named in the pod)
    /// reach storage that the cluster's PersistentVolumes should mediate.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: data
    ///   nfs: {server: nfs.local, path: /export}   # forbidden at restricted
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: data
    ///   persistentVolumeClaim: {claimName: data}
    /// ```
    ///
    /// **Fix** Use a PersistentVolumeClaim bound to a PersistentVolume of that type.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_restrictedVolumes.go`.
    RESTRICTED_VOLUMES,
    "PS4101",
    "pss-restricted-volumes",
    Error,
    "Pod Security restricted: only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes",
    equivalents = ["pss: restricted/volumes"]
);
rule!(
    /// **What it does** Requires `securityContext.allowPrivilegeEscalation: false` on every
    /// container (not on Windows pods).
    ///
    /// **Why it matters** Without it a process can gain more privileges than its parent, for
    /// example through a set-user-ID binary.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: nginx
    ///   securityContext:
    ///     allowPrivilegeEscalation: true   # forbidden at restricted, and so is leaving it out
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: nginx
    ///   securityContext:
    ///     allowPrivilegeEscalation: false
    /// ```
    ///
    /// **Fix** Add `allowPrivilegeEscalation: false` to each container's securityContext.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_allowPrivilegeEscalation.go`.
    ALLOW_PRIVILEGE_ESCALATION,
    "PS4102",
    "pss-allow-privilege-escalation",
    Error,
    "Pod Security restricted: containers must set allowPrivilegeEscalation: false",
    equivalents = ["pss: restricted/allowPrivilegeEscalation"]
);
rule!(
    /// **What it does** Requires `runAsNonRoot: true`, on the pod or on every container, and
    /// forbids `runAsNonRoot: false` anywhere (unless the pod has `hostUsers: false`).
    ///
    /// **Why it matters** A process running as root in a container is root on the node if it
    /// escapes.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: false   # forbidden at restricted, and so is leaving it out
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    /// ```
    ///
    /// **Fix** Set `runAsNonRoot: true` on the pod's securityContext and use an image whose
    /// user is not root (or set `runAsUser`).
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_runAsNonRoot.go`.
    RUN_AS_NON_ROOT,
    "PS4103",
    "pss-run-as-non-root",
    Error,
    "Pod Security restricted: containers must run as non-root",
    equivalents = ["pss: restricted/runAsNonRoot"]
);
rule!(
    /// **What it does** Forbids `runAsUser: 0` on the pod or a container (unless the pod has
    /// `hostUsers: false`).
    ///
    /// **Why it matters** User 0 is root.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 0   # forbidden at restricted
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    /// ```
    ///
    /// **Fix** Use a non-zero user ID.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_runAsUser.go`.
    RUN_AS_USER,
    "PS4104",
    "pss-run-as-user",
    Error,
    "Pod Security restricted: runAsUser 0 is forbidden",
    equivalents = ["pss: restricted/runAsUser"]
);
rule!(
    /// **What it does** Requires a seccomp profile of type `RuntimeDefault` or `Localhost`,
    /// set on the pod or on every container (not on Windows pods).
    ///
    /// **Why it matters** Without a profile a container may make any system call, including
    /// the rarely used ones most kernel exploits need.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile: {type: Unconfined}   # forbidden at restricted, and so is leaving it out
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Add `seccompProfile: {type: RuntimeDefault}` to the pod's securityContext.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_seccompProfile_restricted.go`.
    SECCOMP_RESTRICTED,
    "PS4105",
    "pss-seccomp-restricted",
    Error,
    "Pod Security restricted: a RuntimeDefault or Localhost seccomp profile is required",
    equivalents = ["pss: restricted/seccompProfile"]
);
rule!(
    /// **What it does** Requires every container to drop `ALL` capabilities and to add none
    /// but `NET_BIND_SERVICE` (not on Windows pods).
    ///
    /// **Why it matters** Even the runtime's default capabilities (`NET_RAW`, `CHOWN`,
    /// `SETUID`, ...) are more than most processes need.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: [NET_ADMIN]   # forbidden at restricted: no drop of ALL, and an add beyond NET_BIND_SERVICE
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: [ALL]
    /// ```
    ///
    /// **Fix** Add `capabilities: {drop: [ALL]}` to each container's securityContext, and add
    /// back `NET_BIND_SERVICE` only if the process binds a port below 1024.
    ///
    /// **Kubernetes source** pod-security-admission `policy/check_capabilities_restricted.go`.
    CAPABILITIES_RESTRICTED,
    "PS4106",
    "pss-capabilities-restricted",
    Error,
    "Pod Security restricted: containers must drop ALL capabilities",
    equivalents = ["pss: restricted/capabilities"]
);

pub const RULES: &[&Rule] = &[
    &HOST_PROCESS,
    &HOST_NAMESPACES,
    &PRIVILEGED,
    &CAPABILITIES_BASELINE,
    &HOST_PATH_VOLUMES,
    &HOST_PORTS,
    &APPARMOR,
    &SELINUX,
    &PROC_MOUNT,
    &SECCOMP_BASELINE,
    &SYSCTLS,
    &PROBE_HOST,
    &RESTRICTED_VOLUMES,
    &ALLOW_PRIVILEGE_ESCALATION,
    &RUN_AS_NON_ROOT,
    &RUN_AS_USER,
    &SECCOMP_RESTRICTED,
    &CAPABILITIES_RESTRICTED,
];

/// The pod a control looks at: its metadata, its spec, and where the spec sits in the object.
pub struct PodView<'a> {
    pub meta: Option<&'a Node>,
    pub spec: &'a Node,
    /// Path of the spec in the object (`spec`, `spec.template.spec`, ...).
    pub path: String,
    /// A Pod (not a template): on create the server copies a container's AppArmor annotation
    /// into its empty `appArmorProfile` field before admission sees it.
    pub is_pod: bool,
}

/// One container as the plugin visits it.
struct Container<'a> {
    node: &'a Node,
    path: String,
    name: &'a str,
}

impl Container<'_> {
    fn security(&self) -> Option<&Node> {
        self.node.map_of("securityContext")
    }

    /// Where to point when the container lacks a setting: its name.
    fn anchor(&self) -> Span {
        self.node.at("name")
    }
}

/// A control's finding: the plugin's reason and detail, and where the editor points: the first
/// offending field of each container it names (or the container's name when a setting is
/// missing), and of the pod.
pub struct Violation {
    pub rule: &'static Rule,
    pub reason: String,
    pub detail: String,
    /// Each with its quick fix, where one can be written.
    pub places: Vec<(String, Span, Option<Fix>)>,
    pub help: String,
}

impl Violation {
    /// `reason (detail)`, as `AggregateCheckResult.ForbiddenDetail` writes one check.
    pub fn text(&self) -> String {
        if self.detail.is_empty() {
            self.reason.clone()
        } else {
            format!("{} ({})", self.reason, self.detail)
        }
    }
}

fn containers<'a>(view: &PodView<'a>) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for field in ["initContainers", "containers", "ephemeralContainers"] {
        for (i, node) in view.spec.seq_of(field).iter().enumerate() {
            out.push(Container {
                node,
                path: format!("{}.{field}[{i}]", view.path),
                name: node.str_of("name"),
            });
        }
    }
    out
}

fn pluralize<'s>(singular: &'s str, plural: &'s str, n: usize) -> &'s str {
    if n == 1 { singular } else { plural }
}

fn join_quote<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| go_quote(s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `container "a"` / `containers "a", "b"`.
fn containers_phrase(names: &[&str]) -> String {
    format!(
        "{} {}",
        pluralize("container", "containers", names.len()),
        join_quote(names)
    )
}

/// A pod in its own user namespace (`hostUsers: false`) is allowed what root in the host's
/// namespace is not.
fn in_user_namespace(view: &PodView) -> bool {
    view.spec.bool_of("hostUsers") == Some(false)
}

fn is_windows(view: &PodView) -> bool {
    view.spec
        .map_of("os")
        .is_some_and(|os| os.str_of("name") == "windows")
}

/// Collects the first offending place of a control: its path and span.
#[derive(Default)]
struct Spot(Vec<(String, Span, Option<Fix>)>);

impl Spot {
    /// Keeps the first offending field of each container (and of the pod itself).
    fn mark(&mut self, path: String, span: Span) {
        self.mark_fixed(path, span, None);
    }

    /// The same, with the quick fix for that place.
    fn mark_fixed(&mut self, path: String, span: Span, fix: Option<Fix>) {
        let owner = |p: &str| -> String {
            match p.find("ontainers[") {
                Some(at) => p[..=(at + p[at..].find(']').unwrap_or(0))].to_string(),
                None => String::new(),
            }
        };
        let this = owner(&path);
        if !self.0.iter().any(|(p, _, _)| owner(p) == this) {
            self.0.push((path, span, fix));
        }
    }
}

struct Found<'v> {
    view: &'v PodView<'v>,
    /// The policy version's minor number (`v1.N`); `latest` is `u32::MAX`.
    version: u32,
    /// The whole input, for the quick fixes' edits.
    text: &'v str,
    out: Vec<Violation>,
}

impl Found<'_> {
    /// Whether the policy version is `v1.minor` or later (`latest` is later than every version).
    fn since(&self, minor: u32) -> bool {
        self.version >= minor
    }

    fn push(&mut self, rule: &'static Rule, reason: &str, detail: String, spot: Spot, help: &str) {
        let mut places = spot.0;
        if places.is_empty() {
            places.push((self.view.path.clone(), self.view.spec.head(), None));
        }
        self.out.push(Violation {
            rule,
            reason: reason.to_string(),
            detail,
            places,
            help: help.to_string(),
        });
    }
}

/// Every control the level checks at a policy version, in the plugin's order: the baseline
/// controls in the order of their source files, then (for `restricted`) the restricted ones,
/// which replace the baseline capabilities, hostPath, seccomp and (from v1.35) procMount controls.
///
/// `version` is the policy version's minor number (`v1.N`), `u32::MAX` for `latest`. As the
/// plugin does, each control uses its newest revision at or below that version, and a control
/// newer than it is not checked (`runAsUser` before v1.23, host probes before v1.34). What
/// changes with the version:
///
/// | control | from |
/// | --- | --- |
/// | seccomp: the `securityContext.seccompProfile` fields, not the alpha annotations; restricted requires a profile | v1.19 |
/// | restricted capabilities (`drop: [ALL]`, add only `NET_BIND_SERVICE`) replace baseline's | v1.22 |
/// | restricted `runAsUser` must not be 0 | v1.23 |
/// | Windows pods (`spec.os.name: windows`) exempt from restricted privilege escalation, capabilities and seccomp | v1.25 |
/// | sysctl `net.ipv4.ip_local_reserved_ports` allowed | v1.27 |
/// | sysctls `net.ipv4.tcp_keepalive_time`, `tcp_fin_timeout`, `tcp_keepalive_intvl`, `tcp_keepalive_probes` allowed | v1.29 |
/// | SELinux type `container_engine_t` allowed | v1.31 |
/// | sysctls `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem` allowed | v1.32 |
/// | a `host` on probes and lifecycle handlers forbidden | v1.34 |
/// | a pod in its own user namespace (`hostUsers: false`) may set any procMount (baseline only) and is exempt from `runAsNonRoot` and `runAsUser` | v1.35 |
///
/// Image volumes (restricted) and the AppArmor fields are checked at every version: upstream
/// changed those controls' only revision (v1.0) in place.
pub fn evaluate(level: Level, version: u32, view: &PodView, text: &str) -> Vec<Violation> {
    if level == Level::Privileged {
        return Vec::new();
    }
    let restricted = level == Level::Restricted;
    let list = containers(view);
    let mut found = Found {
        view,
        version,
        text,
        out: Vec::new(),
    };
    app_armor(&mut found, &list);
    if !restricted || !found.since(22) {
        capabilities_baseline(&mut found, &list);
    }
    host_namespaces(&mut found);
    if !restricted {
        host_path_volumes(&mut found);
    }
    host_ports(&mut found, &list);
    if found.since(34) {
        probe_hosts(&mut found, &list);
    }
    privileged(&mut found, &list);
    if !restricted || !found.since(35) {
        let relaxed = !restricted && found.since(35);
        proc_mount(&mut found, &list, relaxed);
    }
    se_linux(&mut found, &list);
    if !found.since(19) {
        seccomp_annotations(&mut found, &list);
    } else if !restricted {
        seccomp_baseline(&mut found, &list);
    }
    sysctls(&mut found);
    host_process(&mut found, &list);
    if restricted {
        if found.since(8) {
            allow_privilege_escalation(&mut found, &list);
        }
        if found.since(22) {
            capabilities_restricted(&mut found, &list);
        }
        if found.since(35) {
            proc_mount(&mut found, &list, false);
        }
        restricted_volumes(&mut found);
        run_as_non_root(&mut found, &list);
        if found.since(23) {
            run_as_user(&mut found, &list);
        }
        if found.since(19) {
            seccomp_restricted(&mut found, &list);
        }
    }
    found.out
}

fn pod_security<'a>(view: &PodView<'a>) -> Option<&'a Node> {
    view.spec.map_of("securityContext")
}

fn pod_security_path(view: &PodView, field: &str) -> String {
    format!("{}.securityContext.{field}", view.path)
}

const APPARMOR_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn app_armor(found: &mut Found, list: &[Container]) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut setters: Vec<String> = Vec::new();
    let mut values = BTreeSet::new();
    let unconfined = |sc: Option<&Node>| {
        sc.and_then(|s| s.map_of("appArmorProfile"))
            .and_then(|p| p.get("type"))
            .filter(|t| t.as_str() == Some("Unconfined"))
            .map(|t| t.span)
    };
    if let Some(span) = unconfined(pod_security(view)) {
        setters.push("pod".into());
        values.insert("Unconfined".to_string());
        spot.mark(pod_security_path(view, "appArmorProfile.type"), span);
    }
    let by_key = crate::yaml::KeyIndex::new(view.meta.and_then(|m| m.map_of("annotations")));
    let annotation_of = |name: &str| by_key.entry(&format!("{APPARMOR_PREFIX}{name}"));
    let pod_profile = pod_security(view).and_then(|s| s.map_of("appArmorProfile"));
    let mut bad = Vec::new();
    for c in list {
        if let Some(span) = unconfined(c.security()) {
            bad.push(c.name);
            values.insert("Unconfined".to_string());
            spot.mark(
                format!("{}.securityContext.appArmorProfile.type", c.path),
                span,
            );
        } else if view.is_pod
            && !is_windows(view)
            && c.security()
                .and_then(|s| s.get("appArmorProfile"))
                .is_none()
            && pod_profile.is_none_or(|p| p.str_of("type") != "Unconfined")
            && let Some(entry) = annotation_of(c.name)
            && entry.value.as_str() == Some("unconfined")
        {
            // The field the server derives from the annotation.
            bad.push(c.name);
            values.insert("Unconfined".to_string());
            spot.mark(
                format!("metadata.annotations[{}]", entry.key),
                entry.value.span,
            );
        }
    }
    if !bad.is_empty() {
        setters.push(containers_phrase(&bad));
    }
    let mut annotations = Vec::new();
    if let Some(entries) = view.meta.and_then(|m| m.map_of("annotations")) {
        for e in entries.entries() {
            let value = e.value.as_str().unwrap_or("");
            let allowed =
                value.is_empty() || value == "runtime/default" || value.starts_with("localhost/");
            if e.key.starts_with(APPARMOR_PREFIX) && !allowed {
                annotations.push(format!("{}={}", e.key, go_quote(value)));
                spot.mark(format!("metadata.annotations[{}]", e.key), e.value.span);
            }
        }
    }
    let mut value_list: Vec<String> = values.into_iter().collect();
    if !annotations.is_empty() {
        annotations.sort();
        setters.push(pluralize("annotation", "annotations", annotations.len()).into());
        value_list.extend(annotations);
    }
    if setters.is_empty() {
        return;
    }
    let reason = pluralize(
        "forbidden AppArmor profile",
        "forbidden AppArmor profiles",
        value_list.len(),
    );
    found.push(
        &APPARMOR,
        reason,
        format!(
            "{} must not set AppArmor profile type to {}",
            setters.join(" and "),
            join_quote(&value_list)
        ),
        spot,
        "use `appArmorProfile: {type: RuntimeDefault}` or a Localhost profile",
    );
}

const DEFAULT_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// The container's `capabilities.add` entries, with their nodes.
fn added<'a>(c: &Container<'a>) -> &'a [Node] {
    c.node
        .map_of("securityContext")
        .and_then(|s| s.map_of("capabilities"))
        .map_or(&[], |caps| caps.seq_of("add"))
}

fn capabilities_baseline(found: &mut Found, list: &[Container]) {
    let mut spot = Spot::default();
    let mut bad = Vec::new();
    let mut caps = BTreeSet::new();
    for c in list {
        let mut valid = true;
        for (i, cap) in added(c).iter().enumerate() {
            let name = cap.as_str().unwrap_or("");
            if !DEFAULT_CAPABILITIES.contains(&name) {
                valid = false;
                caps.insert(name.to_string());
                spot.mark(
                    format!("{}.securityContext.capabilities.add[{i}]", c.path),
                    cap.span,
                );
            }
        }
        if !valid {
            bad.push(c.name);
        }
    }
    if bad.is_empty() {
        return;
    }
    let caps: Vec<String> = caps.into_iter().collect();
    found.push(
        &CAPABILITIES_BASELINE,
        "non-default capabilities",
        format!(
            "{} must not include {} in securityContext.capabilities.add",
            containers_phrase(&bad),
            join_quote(&caps)
        ),
        spot,
        "remove the capability from `capabilities.add`",
    );
}

fn host_namespaces(found: &mut Found) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut set = Vec::new();
    for field in ["hostNetwork", "hostPID", "hostIPC"] {
        if view.spec.bool_of(field) == Some(true) {
            set.push(format!("{field}=true"));
            spot.mark(format!("{}.{field}", view.path), view.spec.at(field));
        }
    }
    if set.is_empty() {
        return;
    }
    found.push(
        &HOST_NAMESPACES,
        "host namespaces",
        set.join(", "),
        spot,
        "remove hostNetwork, hostPID and hostIPC",
    );
}

fn host_path_volumes(found: &mut Found) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut names = Vec::new();
    for (i, volume) in view.spec.seq_of("volumes").iter().enumerate() {
        if volume.get("hostPath").is_some() {
            names.push(volume.str_of("name"));
            spot.mark(
                format!("{}.volumes[{i}].hostPath", view.path),
                volume.key_at("hostPath"),
            );
        }
    }
    if names.is_empty() {
        return;
    }
    found.push(
        &HOST_PATH_VOLUMES,
        "hostPath volumes",
        format!(
            "{} {}",
            pluralize("volume", "volumes", names.len()),
            join_quote(&names)
        ),
        spot,
        "use an emptyDir, ConfigMap, Secret or PersistentVolumeClaim volume instead",
    );
}

fn host_ports(found: &mut Found, list: &[Container]) {
    let mut spot = Spot::default();
    let mut bad = Vec::new();
    let mut ports = BTreeSet::new();
    for c in list {
        let mut valid = true;
        for (i, port) in c.node.seq_of("ports").iter().enumerate() {
            if let Some(host) = port.i64_of("hostPort").filter(|p| *p != 0) {
                valid = false;
                ports.insert(host.to_string());
                spot.mark(
                    format!("{}.ports[{i}].hostPort", c.path),
                    port.at("hostPort"),
                );
            }
        }
        if !valid {
            bad.push(c.name);
        }
    }
    if bad.is_empty() {
        return;
    }
    let ports: Vec<String> = ports.into_iter().collect();
    found.push(
        &HOST_PORTS,
        "hostPort",
        format!(
            "{} {} {} {}",
            containers_phrase(&bad),
            pluralize("uses", "use", bad.len()),
            pluralize("hostPort", "hostPorts", ports.len()),
            ports.join(", ")
        ),
        spot,
        "remove `hostPort` and reach the port through a Service",
    );
}

fn probe_hosts(found: &mut Found, list: &[Container]) {
    let mut spot = Spot::default();
    let mut bad = BTreeSet::new();
    let mut hosts = BTreeSet::new();
    for c in list {
        let mut check = |handler: Option<&Node>, path: String| {
            let Some(handler) = handler else { return };
            for action in ["httpGet", "tcpSocket"] {
                if let Some(host) = handler
                    .map_of(action)
                    .and_then(|a| a.get("host"))
                    .filter(|h| h.as_str().is_some_and(|s| !s.is_empty()))
                {
                    bad.insert(c.name.to_string());
                    hosts.insert(host.as_str().unwrap_or("").to_string());
                    spot.mark(format!("{path}.{action}.host"), host.span);
                }
            }
        };
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            check(c.node.map_of(probe), format!("{}.{probe}", c.path));
        }
        if let Some(lifecycle) = c.node.map_of("lifecycle") {
            for hook in ["postStart", "preStop"] {
                check(
                    lifecycle.map_of(hook),
                    format!("{}.lifecycle.{hook}", c.path),
                );
            }
        }
    }
    if bad.is_empty() {
        return;
    }
    let bad: Vec<String> = bad.into_iter().collect();
    let hosts: Vec<String> = hosts.into_iter().collect();
    found.push(
        &PROBE_HOST,
        "probe or lifecycle host",
        format!(
            "{} {} {} {} {}",
            pluralize("container", "containers", bad.len()),
            join_quote(&bad),
            pluralize("uses", "use", bad.len()),
            pluralize(
                "probe or lifecycle host",
                "probe or lifecycle hosts",
                hosts.len()
            ),
            join_quote(&hosts)
        ),
        spot,
        "remove `host`: probes and hooks then reach the pod's own IP",
    );
}

fn privileged(found: &mut Found, list: &[Container]) {
    let mut spot = Spot::default();
    let mut bad = Vec::new();
    for c in list {
        if let Some(sc) = c.security()
            && sc.bool_of("privileged") == Some(true)
        {
            bad.push(c.name);
            spot.mark(
                format!("{}.securityContext.privileged", c.path),
                sc.at("privileged"),
            );
        }
    }
    if bad.is_empty() {
        return;
    }
    found.push(
        &PRIVILEGED,
        "privileged",
        format!(
            "{} must not set securityContext.privileged=true",
            containers_phrase(&bad)
        ),
        spot,
        "remove `privileged: true`; add only the capabilities the process needs",
    );
}

/// `relaxed`: a pod in its own user namespace may set any procMount (baseline from v1.35; the
/// restricted revision of the control never relaxes).
fn proc_mount(found: &mut Found, list: &[Container], relaxed: bool) {
    if relaxed && in_user_namespace(found.view) {
        return;
    }
    let mut spot = Spot::default();
    let mut bad = Vec::new();
    let mut kinds = BTreeSet::new();
    for c in list {
        if let Some(sc) = c.security()
            && let Some(value) = sc.opt_str("procMount")
            && value != "Default"
        {
            bad.push(c.name);
            kinds.insert(value.to_string());
            spot.mark(
                format!("{}.securityContext.procMount", c.path),
                sc.at("procMount"),
            );
        }
    }
    if bad.is_empty() {
        return;
    }
    let kinds: Vec<String> = kinds.into_iter().collect();
    found.push(
        &PROC_MOUNT,
        "procMount",
        format!(
            "{} must not set securityContext.procMount to {}",
            containers_phrase(&bad),
            join_quote(&kinds)
        ),
        spot,
        "remove `procMount`, or set `hostUsers: false` on the pod",
    );
}

/// The SELinux types baseline allows, with the policy version from which each is allowed.
const SELINUX_TYPES: &[(&str, u32)] = &[
    ("", 0),
    ("container_t", 0),
    ("container_init_t", 0),
    ("container_kvm_t", 0),
    ("container_engine_t", 31),
];

fn se_linux(found: &mut Found, list: &[Container]) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut types = BTreeSet::new();
    let (mut set_user, mut set_role) = (false, false);
    let mut inspect = |sc: Option<&Node>, path: String, spot: &mut Spot| -> bool {
        let Some(options) = sc.and_then(|s| s.map_of("seLinuxOptions")) else {
            return false;
        };
        let mut valid = true;
        let kind = options.str_of("type");
        if !SELINUX_TYPES
            .iter()
            .any(|&(allowed, since)| allowed == kind && found.since(since))
        {
            valid = false;
            types.insert(kind.to_string());
            spot.mark(format!("{path}.seLinuxOptions.type"), options.at("type"));
        }
        if !options.str_of("user").is_empty() {
            valid = false;
            set_user = true;
            spot.mark(format!("{path}.seLinuxOptions.user"), options.at("user"));
        }
        if !options.str_of("role").is_empty() {
            valid = false;
            set_role = true;
            spot.mark(format!("{path}.seLinuxOptions.role"), options.at("role"));
        }
        valid
    };
    let mut setters: Vec<String> = Vec::new();
    if !inspect(
        pod_security(view),
        format!("{}.securityContext", view.path),
        &mut spot,
    ) && pod_security(view).is_some_and(|s| s.get("seLinuxOptions").is_some())
    {
        setters.push("pod".into());
    }
    let mut bad = Vec::new();
    for c in list {
        if c.security()
            .is_some_and(|s| s.get("seLinuxOptions").is_some())
            && !inspect(
                c.security(),
                format!("{}.securityContext", c.path),
                &mut spot,
            )
        {
            bad.push(c.name);
        }
    }
    if !bad.is_empty() {
        setters.push(containers_phrase(&bad));
    }
    if setters.is_empty() {
        return;
    }
    let mut data = Vec::new();
    if !types.is_empty() {
        let types: Vec<String> = types.into_iter().collect();
        data.push(format!(
            "{} {}",
            pluralize("type", "types", types.len()),
            join_quote(&types)
        ));
    }
    if set_user {
        data.push("user may not be set".to_string());
    }
    if set_role {
        data.push("role may not be set".to_string());
    }
    found.push(
        &SELINUX,
        "seLinuxOptions",
        format!(
            "{} set forbidden securityContext.seLinuxOptions: {}",
            setters.join(" and "),
            data.join("; ")
        ),
        spot,
        "remove the SELinux type, user and role",
    );
}

/// The `seccompProfile.type` node of a security context, if set.
fn seccomp_type(sc: Option<&Node>) -> Option<&Node> {
    sc.and_then(|s| s.map_of("seccompProfile"))
        .map(|p| p.get("type").unwrap_or(p))
}

/// The seccomp control of policy versions before v1.19: the alpha annotations
/// (`seccomp.security.alpha.kubernetes.io/pod` and
/// `container.seccomp.security.alpha.kubernetes.io/<container>`) must name `runtime/default`,
/// `docker/default` or a `localhost/` profile.
fn seccomp_annotations(found: &mut Found, list: &[Container]) {
    const POD_KEY: &str = "seccomp.security.alpha.kubernetes.io/pod";
    const CONTAINER_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
    let view = found.view;
    let Some(annotations) = view.meta.and_then(|m| m.map_of("annotations")) else {
        return;
    };
    let mut spot = Spot::default();
    let mut forbidden = BTreeSet::new();
    let mut check = |key: &str| {
        if let Some(entry) = annotations.entry(key) {
            let value = entry.value.as_str().unwrap_or("");
            let valid = matches!(value, "runtime/default" | "docker/default")
                || value.starts_with("localhost/");
            if !valid && forbidden.insert(format!("{key}={}", go_quote(value))) {
                spot.mark(format!("metadata.annotations[{key}]"), entry.value.span);
            }
        }
    };
    check(POD_KEY);
    for c in list {
        check(&format!("{CONTAINER_PREFIX}{}", c.name));
    }
    if forbidden.is_empty() {
        return;
    }
    let forbidden: Vec<String> = forbidden.into_iter().collect();
    found.push(
        &SECCOMP_BASELINE,
        "seccompProfile",
        format!(
            "forbidden {} {}",
            pluralize("annotation", "annotations", forbidden.len()),
            forbidden.join(", ")
        ),
        spot,
        "set the annotation to `runtime/default`, or use a newer policy version and `securityContext.seccompProfile`",
    );
}

fn seccomp_baseline(found: &mut Found, list: &[Container]) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut setters: Vec<String> = Vec::new();
    let is_unconfined = |n: &Node| n.as_str() == Some("Unconfined");
    if let Some(t) = seccomp_type(pod_security(view)).filter(|n| is_unconfined(n)) {
        setters.push("pod".into());
        spot.mark(pod_security_path(view, "seccompProfile.type"), t.span);
    }
    let mut bad = Vec::new();
    for c in list {
        if let Some(t) = seccomp_type(c.security()).filter(|n| is_unconfined(n)) {
            bad.push(c.name);
            spot.mark(
                format!("{}.securityContext.seccompProfile.type", c.path),
                t.span,
            );
        }
    }
    if !bad.is_empty() {
        setters.push(containers_phrase(&bad));
    }
    if setters.is_empty() {
        return;
    }
    found.push(
        &SECCOMP_BASELINE,
        "seccompProfile",
        format!(
            "{} must not set securityContext.seccompProfile.type to \"Unconfined\"",
            setters.join(" and ")
        ),
        spot,
        "use `seccompProfile: {type: RuntimeDefault}`",
    );
}

/// The sysctls baseline allows, with the policy version from which each is allowed.
const SAFE_SYSCTLS: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
];

fn sysctls(found: &mut Found) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut names = Vec::new();
    if let Some(sc) = pod_security(view) {
        for (i, sysctl) in sc.seq_of("sysctls").iter().enumerate() {
            let name = sysctl.str_of("name");
            if !SAFE_SYSCTLS
                .iter()
                .any(|&(safe, since)| safe == name && found.since(since))
            {
                names.push(name);
                spot.mark(
                    format!("{}.securityContext.sysctls[{i}].name", view.path),
                    sysctl.at("name"),
                );
            }
        }
    }
    if names.is_empty() {
        return;
    }
    found.push(
        &SYSCTLS,
        "forbidden sysctls",
        names.join(", "),
        spot,
        "remove the sysctl from the pod, or set it on the node",
    );
}

fn host_process(found: &mut Found, list: &[Container]) {
    let view = found.view;
    let mut spot = Spot::default();
    let host_process = |sc: Option<&Node>| {
        sc.and_then(|s| s.map_of("windowsOptions"))
            .filter(|w| w.bool_of("hostProcess") == Some(true))
            .map(|w| w.at("hostProcess"))
    };
    let mut setters: Vec<String> = Vec::new();
    if let Some(span) = host_process(pod_security(view)) {
        setters.push("pod".into());
        spot.mark(pod_security_path(view, "windowsOptions.hostProcess"), span);
    }
    let mut bad = Vec::new();
    for c in list {
        if let Some(span) = host_process(c.security()) {
            bad.push(c.name);
            spot.mark(
                format!("{}.securityContext.windowsOptions.hostProcess", c.path),
                span,
            );
        }
    }
    if !bad.is_empty() {
        setters.push(containers_phrase(&bad));
    }
    if setters.is_empty() {
        return;
    }
    found.push(
        &HOST_PROCESS,
        "hostProcess",
        format!(
            "{} must not set securityContext.windowsOptions.hostProcess=true",
            setters.join(" and ")
        ),
        spot,
        "remove `hostProcess`",
    );
}

fn allow_privilege_escalation(found: &mut Found, list: &[Container]) {
    if found.since(25) && is_windows(found.view) {
        return;
    }
    let mut spot = Spot::default();
    let mut bad = Vec::new();
    for c in list {
        let sc = c.security();
        if sc.and_then(|s| s.bool_of("allowPrivilegeEscalation")) != Some(false) {
            bad.push(c.name);
            let fix = Fix::set(
                "Set allowPrivilegeEscalation: false",
                found.text,
                c.node,
                &["securityContext", "allowPrivilegeEscalation"],
                "false",
                true,
            );
            match sc.filter(|s| s.get("allowPrivilegeEscalation").is_some()) {
                Some(s) => spot.mark_fixed(
                    format!("{}.securityContext.allowPrivilegeEscalation", c.path),
                    s.at("allowPrivilegeEscalation"),
                    fix,
                ),
                None => spot.mark_fixed(format!("{}.name", c.path), c.anchor(), fix),
            }
        }
    }
    if bad.is_empty() {
        return;
    }
    found.push(
        &ALLOW_PRIVILEGE_ESCALATION,
        "allowPrivilegeEscalation != false",
        format!(
            "{} must set securityContext.allowPrivilegeEscalation=false",
            containers_phrase(&bad)
        ),
        spot,
        "add `securityContext: {allowPrivilegeEscalation: false}` to the container",
    );
}

fn capabilities_restricted(found: &mut Found, list: &[Container]) {
    if found.since(25) && is_windows(found.view) {
        return;
    }
    let mut spot = Spot::default();
    let mut missing_drop = Vec::new();
    let mut adding = Vec::new();
    let mut forbidden = BTreeSet::new();
    for c in list {
        let drop_all = || {
            Fix::set(
                "Drop ALL capabilities",
                found.text,
                c.node,
                &["securityContext", "capabilities", "drop"],
                "[ALL]",
                true,
            )
        };
        let Some(caps) = c.security().and_then(|s| s.map_of("capabilities")) else {
            missing_drop.push(c.name);
            spot.mark_fixed(format!("{}.name", c.path), c.anchor(), drop_all());
            continue;
        };
        if !caps
            .seq_of("drop")
            .iter()
            .any(|d| d.as_str() == Some("ALL"))
        {
            missing_drop.push(c.name);
            spot.mark_fixed(
                format!("{}.securityContext.capabilities", c.path),
                caps.head(),
                drop_all(),
            );
        }
        let mut adds_forbidden = false;
        for (i, cap) in caps.seq_of("add").iter().enumerate() {
            let name = cap.as_str().unwrap_or("");
            if name != "NET_BIND_SERVICE" {
                adds_forbidden = true;
                forbidden.insert(name.to_string());
                spot.mark(
                    format!("{}.securityContext.capabilities.add[{i}]", c.path),
                    cap.span,
                );
            }
        }
        if adds_forbidden {
            adding.push(c.name);
        }
    }
    let mut details = Vec::new();
    if !missing_drop.is_empty() {
        details.push(format!(
            "{} must set securityContext.capabilities.drop=[\"ALL\"]",
            containers_phrase(&missing_drop)
        ));
    }
    if !adding.is_empty() {
        let forbidden: Vec<String> = forbidden.into_iter().collect();
        details.push(format!(
            "{} must not include {} in securityContext.capabilities.add",
            containers_phrase(&adding),
            join_quote(&forbidden)
        ));
    }
    if details.is_empty() {
        return;
    }
    found.push(
        &CAPABILITIES_RESTRICTED,
        "unrestricted capabilities",
        details.join("; "),
        spot,
        "add `capabilities: {drop: [ALL]}` to the container's securityContext; add back only NET_BIND_SERVICE",
    );
}

/// The volume source fields the restricted level refuses, with the names the plugin prints.
const RESTRICTED_VOLUME_TYPES: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "portworxVolume",
    "photonPersistentDisk",
    "scaleIO",
    "storageos",
];

const ALLOWED_VOLUME_TYPES: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

fn restricted_volumes(found: &mut Found) {
    let view = found.view;
    let mut spot = Spot::default();
    let mut names = Vec::new();
    let mut types = BTreeSet::new();
    for (i, volume) in view.spec.seq_of("volumes").iter().enumerate() {
        // A volume with no source is defaulted to an emptyDir before admission.
        let Some(kind) = RESTRICTED_VOLUME_TYPES
            .iter()
            .find(|t| volume.get(t).is_some())
        else {
            continue;
        };
        if ALLOWED_VOLUME_TYPES.iter().any(|t| volume.get(t).is_some()) {
            continue;
        }
        names.push(volume.str_of("name"));
        types.insert(kind.to_string());
        spot.mark(
            format!("{}.volumes[{i}].{kind}", view.path),
            volume.key_at(kind),
        );
    }
    if names.is_empty() {
        return;
    }
    let types: Vec<String> = types.into_iter().collect();
    found.push(
        &RESTRICTED_VOLUMES,
        "restricted volume types",
        format!(
            "{} {} {} {} {}",
            pluralize("volume", "volumes", names.len()),
            join_quote(&names),
            pluralize("uses", "use", names.len()),
            pluralize(
                "restricted volume type",
                "restricted volume types",
                types.len()
            ),
            join_quote(&types)
        ),
        spot,
        "use a PersistentVolumeClaim, or an emptyDir, ConfigMap, Secret, projected or CSI volume",
    );
}

fn run_as_non_root(found: &mut Found, list: &[Container]) {
    let view = found.view;
    if found.since(35) && in_user_namespace(view) {
        return;
    }
    let mut spot = Spot::default();
    let mut setters: Vec<String> = Vec::new();
    let mut pod_non_root = false;
    if let Some(sc) = pod_security(view)
        && let Some(value) = sc.bool_of("runAsNonRoot")
    {
        if value {
            pod_non_root = true;
        } else {
            setters.push("pod".into());
            spot.mark(
                pod_security_path(view, "runAsNonRoot"),
                sc.at("runAsNonRoot"),
            );
        }
    }
    let mut explicit = Vec::new();
    let mut implicit = Vec::new();
    let mut implicit_spot = Spot::default();
    for c in list {
        match c.security().and_then(|s| s.bool_of("runAsNonRoot")) {
            Some(false) => {
                explicit.push(c.name);
                let sc = c.security().expect("set above");
                spot.mark(
                    format!("{}.securityContext.runAsNonRoot", c.path),
                    sc.at("runAsNonRoot"),
                );
            }
            None if !pod_non_root => {
                implicit.push(c.name);
                // Suggested, not certain: the image's user must then not be root.
                let fix = Fix::set(
                    "Set runAsNonRoot: true on the pod",
                    found.text,
                    view.spec,
                    &["securityContext", "runAsNonRoot"],
                    "true",
                    false,
                );
                implicit_spot.mark_fixed(format!("{}.name", c.path), c.anchor(), fix);
            }
            Some(true) | None => {}
        }
    }
    if !explicit.is_empty() {
        setters.push(containers_phrase(&explicit));
    }
    let help = "set `runAsNonRoot: true` in the pod's securityContext (and use an image whose user is not root)";
    if !setters.is_empty() {
        found.push(
            &RUN_AS_NON_ROOT,
            "runAsNonRoot != true",
            format!(
                "{} must not set securityContext.runAsNonRoot=false",
                setters.join(" and ")
            ),
            spot,
            help,
        );
    } else if !implicit.is_empty() {
        found.push(
            &RUN_AS_NON_ROOT,
            "runAsNonRoot != true",
            format!(
                "pod or {} must set securityContext.runAsNonRoot=true",
                containers_phrase(&implicit)
            ),
            implicit_spot,
            help,
        );
    }
}

fn run_as_user(found: &mut Found, list: &[Container]) {
    let view = found.view;
    if found.since(35) && in_user_namespace(view) {
        return;
    }
    let mut spot = Spot::default();
    let mut setters: Vec<String> = Vec::new();
    if let Some(sc) = pod_security(view)
        && sc.i64_of("runAsUser") == Some(0)
    {
        setters.push("pod".into());
        spot.mark(pod_security_path(view, "runAsUser"), sc.at("runAsUser"));
    }
    let mut bad = Vec::new();
    for c in list {
        if let Some(sc) = c.security()
            && sc.i64_of("runAsUser") == Some(0)
        {
            bad.push(c.name);
            spot.mark(
                format!("{}.securityContext.runAsUser", c.path),
                sc.at("runAsUser"),
            );
        }
    }
    if !bad.is_empty() {
        setters.push(containers_phrase(&bad));
    }
    if setters.is_empty() {
        return;
    }
    found.push(
        &RUN_AS_USER,
        "runAsUser=0",
        format!("{} must not set runAsUser=0", setters.join(" and ")),
        spot,
        "use a non-zero user ID",
    );
}

fn seccomp_restricted(found: &mut Found, list: &[Container]) {
    let view = found.view;
    if found.since(25) && is_windows(view) {
        return;
    }
    let valid = |n: &Node| matches!(n.as_str(), Some("RuntimeDefault" | "Localhost"));
    let mut spot = Spot::default();
    let mut setters: Vec<String> = Vec::new();
    let mut values = BTreeSet::new();
    let mut pod_set = false;
    if let Some(t) = seccomp_type(pod_security(view)) {
        if valid(t) {
            pod_set = true;
        } else {
            setters.push("pod".into());
            values.insert(t.as_str().unwrap_or("").to_string());
            spot.mark(pod_security_path(view, "seccompProfile.type"), t.span);
        }
    }
    let mut explicit = Vec::new();
    let mut implicit = Vec::new();
    let mut implicit_spot = Spot::default();
    for c in list {
        match seccomp_type(c.security()) {
            Some(t) if !valid(t) => {
                explicit.push(c.name);
                values.insert(t.as_str().unwrap_or("").to_string());
                spot.mark(
                    format!("{}.securityContext.seccompProfile.type", c.path),
                    t.span,
                );
            }
            None if !pod_set => {
                implicit.push(c.name);
                let fix = Fix::set(
                    "Set seccompProfile: {type: RuntimeDefault} on the pod",
                    found.text,
                    view.spec,
                    &["securityContext", "seccompProfile", "type"],
                    "RuntimeDefault",
                    true,
                );
                implicit_spot.mark_fixed(format!("{}.name", c.path), c.anchor(), fix);
            }
            Some(_) | None => {}
        }
    }
    if !explicit.is_empty() {
        setters.push(containers_phrase(&explicit));
    }
    let help = "add `seccompProfile: {type: RuntimeDefault}` to the pod's securityContext";
    if !setters.is_empty() {
        let values: Vec<String> = values.into_iter().collect();
        found.push(
            &SECCOMP_RESTRICTED,
            "seccompProfile",
            format!(
                "{} must not set securityContext.seccompProfile.type to {}",
                setters.join(" and "),
                join_quote(&values)
            ),
            spot,
            help,
        );
    } else if !implicit.is_empty() {
        found.push(
            &SECCOMP_RESTRICTED,
            "seccompProfile",
            format!(
                "pod or {} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                containers_phrase(&implicit)
            ),
            implicit_spot,
            help,
        );
    }
}
