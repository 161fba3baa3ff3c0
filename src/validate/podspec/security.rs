//! The pod security context, host namespaces, Windows options and `spec.os`
//! (`validatePodSpecSecurityContext`, `validateWindowsHostProcessPod`, `validateHostUsers`,
//! `validateOS`, `validateLinux`, `validateWindows`; spec §9).
//!
//! In the internal types `hostNetwork`, `hostPID`, `hostIPC`, `shareProcessNamespace` and
//! `hostUsers` live in the security context, so some paths below are not where the field is
//! written (e.g. `spec.securityContext.shareProcessNamespace`).
//!
//! # Pod security context (`spec.securityContext`)
//! - `PS2010` pod-security-ids — `fsGroup`, `runAsUser`, `runAsGroup` and each
//!   `supplementalGroups[i]` must be between 0 and 2147483647:
//!   `spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647,
//!   inclusive`.
//! - `PS2011` share-process-namespace-host-pid — `spec.securityContext.shareProcessNamespace:
//!   Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled`.
//! - `PS2012` sysctl-name — `spec.securityContext.sysctls[0].name: Required value`; a name that
//!   is too long or malformed: `Invalid value: "net..core": must have at most 253 characters and
//!   match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`; a
//!   repeated valid name: `Duplicate value: "net.core.somaxconn"`.
//! - `PS2013` sysctl-host-namespace — a `net.*` sysctl with `hostNetwork: true` (`Invalid value:
//!   "net.core.somaxconn": may not be specified when 'hostNetwork' is true`), an IPC sysctl
//!   (`kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`) with `hostIPC: true` (`… when
//!   'hostIPC' is true`).
//! - `PS2014` fs-group-change-policy — `Unsupported value: "Never": supported values: "Always",
//!   "OnRootMismatch"`.
//! - `PS2015` pod-seccomp-profile — `seccompProfile.type: Required value: type is required when
//!   seccompProfile is set`, or `Unsupported value: "runtime/default": supported values:
//!   "Localhost", "RuntimeDefault", "Unconfined"`; `Localhost` needs `localhostProfile`
//!   (`Required value: must be set when seccomp type is Localhost`), which must be a relative
//!   path without `..` (`must be a relative path`, `must not contain '..'`); other types may not
//!   set it (`seccompProfile.localhostProfile: Invalid value: {"Type":…}: can only be
//!   set when seccomp type is Localhost`).
//! - `PS2016` pod-windows-options — `windowsOptions.gmsaCredentialSpecName` must be a DNS subdomain;
//!   `gmsaCredentialSpec` may not be empty (`gmsaCredentialSpec cannot be an empty string`) nor
//!   over 64 KiB; `runAsUserName`: `runAsUserName cannot be an empty string`, `… cannot contain
//!   control characters`, `… cannot contain more than one backslash`, `runAsUserName's Domain
//!   length must be under 256 characters`, `runAsUserName's Domain doesn't match the NetBios nor
//!   the DNS format`, `runAsUserName's User cannot be empty`, `… User length must not be longer
//!   than 104 characters`, `… User cannot contain only periods or spaces`, `… User cannot contain
//!   the following characters: "/\:;|=,+*?<>@[]`.
//! - `PS2017` pod-apparmor-profile — `appArmorProfile.type: Required value: type is required when
//!   appArmorProfile is set` or `Unsupported value: …: supported values: "Localhost",
//!   "RuntimeDefault", "Unconfined"`; `Localhost` needs a `localhostProfile` (`Required value:
//!   must be set when AppArmor type is Localhost`) without surrounding whitespace (`must not be
//!   padded with whitespace`) of at most 4095 bytes (`Too long`); other types may not set it
//!   (`Invalid value: "x": can only be set when AppArmor type is Localhost`).
//! - `PS2018` supplemental-groups-policy — `Unsupported value: "Replace": supported values:
//!   "Merge", "Strict"`.
//! - `PS2019` selinux-change-policy — only `Recursive` while the SELinuxMount gate is off (as in
//!   1.36): `spec.securityContext.seLinuxChangePolicy: Unsupported value: "MountOption":
//!   supported values: "Recursive"`.
//!
//! # Windows hostProcess containers (`validateWindowsHostProcessPod`)
//! - `PS2046` host-process-consistency — a container's `hostProcess` must equal the pod's when
//!   both are set (`spec.containers[0].securityContext.windowsOptions.hostProcess: Invalid value:
//!   false: pod hostProcess value must be identical if both are specified, was true`); if any
//!   container is a hostProcess container (explicitly or inherited), all must be:
//!   `spec: Invalid value: "": If pod contains any hostProcess containers then all containers
//!   must be HostProcess containers`.
//! - `PS2047` host-process-host-network — `spec.hostNetwork: Invalid value: false: hostNetwork
//!   must be true if pod contains any hostProcess containers`.
//! - `PS2048` host-process-privileged — with `--allow-privileged=false`: `spec: Forbidden:
//!   hostProcess containers are disallowed by cluster policy`.
//!
//! # User namespaces (`validateHostUsers`; UserNamespacesSupport is GA in 1.36)
//! - `PS2050` host-users-host-namespaces — with `hostUsers: false`: `spec.hostNetwork: Forbidden:
//!   when `hostUsers` is false` (UserNamespacesHostNetworkSupport is still alpha),
//!   `spec.HostPID: Forbidden: …`, `spec.HostIPC: Forbidden: …` (sic: capitalised).
//! - `PS2051` host-users-volume-devices — `spec.containers[0].volumeDevices: Forbidden: when
//!   `hostUsers` is false`.
//!
//! # spec.os (`validateOS`, then `validateLinux` / `validateWindows`)
//! - `PS2067` os-name — `spec.os.name: Required value: cannot be empty`; `spec.os: Unsupported
//!   value: "Linux": supported values: "linux", "windows"` (sic: path without `.name`).
//! - `PS2068` linux-windows-options — `os.name: linux` forbids `windowsOptions` in the pod's and
//!   every container's security context: `Forbidden: windows options cannot be set for a linux
//!   pod`.
//! - `PS2069` windows-pod-fields — `os.name: windows` forbids the Linux-only settings: in
//!   `spec.securityContext` `appArmorProfile`, `seLinuxOptions`, `seccompProfile`, `fsGroup`,
//!   `fsGroupChangePolicy`, `sysctls`, `runAsUser`, `runAsGroup`, `supplementalGroups`,
//!   `supplementalGroupsPolicy`, `seLinuxChangePolicy`; `spec.hostUsers`, `spec.hostPID`,
//!   `spec.hostIPC`, `spec.shareProcessNamespace`; and in each container's security context
//!   `appArmorProfile`, `seLinuxOptions`, `seccompProfile`, `capabilities`,
//!   `readOnlyRootFilesystem`, `privileged`, `allowPrivilegeEscalation`, `procMount`, `runAsUser`,
//!   `runAsGroup`: `Forbidden: cannot be set for a windows pod`.

use super::{flag, for_each_container};
use crate::rule;
use crate::validate::pod::PodScope;
use crate::validate::profiles;
use crate::validate::{Ctx, Path, format};
use crate::yaml::Node;

rule!(
    /// **What it does** Checks the pod security context's `fsGroup`, `runAsUser`, `runAsGroup` and each
    /// `supplementalGroups` entry are between 0 and 2147483647.
    ///
    /// **Why it matters** The API server rejects IDs outside that range on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   runAsUser: -1
    ///   fsGroup: 2000
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 1000
    ///   fsGroup: 2000
    /// ```
    ///
    /// **Fix** Use non-negative IDs; `runAsNonRoot: true` expresses "not root".
    ///
    /// **Kubernetes source** `validatePodSpecSecurityContext` in `pkg/apis/core/validation/validation.go`.
    POD_SECURITY_IDS,
    "PS2010",
    "pod-security-ids",
    Error,
    "fsGroup, runAsUser, runAsGroup and supplementalGroups must be between 0 and 2147483647"
);
rule!(
    /// **What it does** Reports `shareProcessNamespace: true` together with `hostPID: true`.
    ///
    /// **Why it matters** A pod either shares one process namespace among its containers or uses the
    /// node's; it cannot do both, and the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostPID: true
    ///   shareProcessNamespace: true
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   shareProcessNamespace: true
    /// ```
    ///
    /// **Fix** Keep the one you need.
    ///
    /// **Kubernetes source** `validatePodSpecSecurityContext` in `pkg/apis/core/validation/validation.go`.
    SHARE_PROCESS_NAMESPACE_HOST_PID,
    "PS2011",
    "share-process-namespace-host-pid",
    Error,
    "shareProcessNamespace and hostPID cannot both be enabled"
);
rule!(
    /// **What it does** Checks each `securityContext.sysctls` entry has a well-formed `name` (dotted or
    /// slashed lower-case segments, at most 253 characters) given only once.
    ///
    /// **Why it matters** The API server rejects missing, malformed and repeated sysctl names.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// sysctls:
    /// - {name: net.core.somaxconn, value: "1024"}
    /// - {name: net.core.somaxconn, value: "4096"}
    /// ```
    ///
    /// ```yaml
    /// sysctls:
    /// - {name: net.core.somaxconn, value: "4096"}
    /// ```
    ///
    /// **Fix** Set each sysctl once, spelled as in `/proc/sys` with dots.
    ///
    /// **Kubernetes source** `validateSysctls` (via `validatePodSpecSecurityContext`) in
    /// `pkg/apis/core/validation/validation.go`.
    SYSCTL_NAME,
    "PS2012",
    "sysctl-name",
    Error,
    "sysctl names must be present, well-formed and unique"
);
rule!(
    /// **What it does** Reports a `net.*` sysctl in a pod with `hostNetwork: true`, and an IPC sysctl
    /// (`kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`) with `hostIPC: true`.
    ///
    /// **Why it matters** Those sysctls are per namespace; with the host's namespace they would change
    /// the node itself, so the API server rejects them.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostNetwork: true
    /// securityContext:
    ///   sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}]
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}]
    /// ```
    ///
    /// **Fix** Drop `hostNetwork`/`hostIPC`, or configure the node instead.
    ///
    /// **Kubernetes source** `validateSysctls` in `pkg/apis/core/validation/validation.go`.
    SYSCTL_HOST_NAMESPACE,
    "PS2013",
    "sysctl-host-namespace",
    Error,
    "namespaced sysctls cannot be set when the pod shares the host's network or IPC namespace"
);
rule!(
    /// **What it does** Checks `securityContext.fsGroupChangePolicy` is `Always` or `OnRootMismatch`.
    ///
    /// **Why it matters** Other values (`Never`) are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   fsGroup: 2000
    ///   fsGroupChangePolicy: Never
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   fsGroup: 2000
    ///   fsGroupChangePolicy: OnRootMismatch
    /// ```
    ///
    /// **Fix** Use `OnRootMismatch` to skip the recursive chown when the root already matches.
    ///
    /// **Kubernetes source** `validateFSGroupChangePolicy` in `pkg/apis/core/validation/validation.go`.
    FS_GROUP_CHANGE_POLICY,
    "PS2014",
    "fs-group-change-policy",
    Error,
    "fsGroupChangePolicy must be Always or OnRootMismatch"
);
rule!(
    /// **What it does** Checks the pod-level `seccompProfile`: a `type` among `RuntimeDefault`,
    /// `Unconfined`, `Localhost`; `Localhost` with a relative `localhostProfile` without `..`, other
    /// types without one.
    ///
    /// **Why it matters** The API server rejects incomplete or contradictory profiles.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   seccompProfile: {type: runtime/default}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Use the field values, not the old annotation spelling.
    ///
    /// **Kubernetes source** `validateSeccompProfileField` (via `validatePodSpecSecurityContext`) in
    /// `pkg/apis/core/validation/validation.go`.
    SECCOMP_PROFILE,
    "PS2015",
    "pod-seccomp-profile",
    Error,
    "the pod seccompProfile needs a known type, and a relative localhostProfile exactly when the type is Localhost"
);
rule!(
    /// **What it does** Checks the pod-level `windowsOptions` like a container's: GMSA spec name and
    /// content, and a well-formed `runAsUserName`.
    ///
    /// **Why it matters** The API server rejects malformed Windows identities on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {runAsUserName: ""}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {runAsUserName: ContainerUser}
    /// ```
    ///
    /// **Fix** Give a real user (`DOMAIN\user` or a local name) or remove the field.
    ///
    /// **Kubernetes source** `validateWindowsSecurityContextOptions` (via
    /// `validatePodSpecSecurityContext`) in `pkg/apis/core/validation/validation.go`.
    WINDOWS_OPTIONS,
    "PS2016",
    "pod-windows-options",
    Error,
    "the pod windowsOptions need a well-formed gMSA credential spec and runAsUserName"
);
rule!(
    /// **What it does** Checks the pod-level `appArmorProfile`: a supported `type`, a
    /// `localhostProfile` exactly when the type is `Localhost`, not padded and at most 4095 bytes.
    ///
    /// **Why it matters** The API server rejects incomplete or contradictory profiles.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile: {type: Localhost}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile: {type: Localhost, localhostProfile: k8s-apparmor-example}
    /// ```
    ///
    /// **Fix** Name the profile loaded on the nodes, or use `RuntimeDefault`.
    ///
    /// **Kubernetes source** `validateAppArmorProfileField` (via `validatePodSpecSecurityContext`) in
    /// `pkg/apis/core/validation/validation.go`.
    APPARMOR_PROFILE,
    "PS2017",
    "pod-apparmor-profile",
    Error,
    "the pod appArmorProfile needs a known type, and a localhostProfile exactly when the type is Localhost"
);
rule!(
    /// **What it does** Checks `securityContext.supplementalGroupsPolicy` is `Merge` or `Strict`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   supplementalGroupsPolicy: Replace
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   supplementalGroupsPolicy: Strict
    /// ```
    ///
    /// **Fix** Use `Strict` to ignore the image's `/etc/group`, `Merge` to add to it.
    ///
    /// **Kubernetes source** `validateSupplementalGroupsPolicy` in
    /// `pkg/apis/core/validation/validation.go`.
    SUPPLEMENTAL_GROUPS_POLICY,
    "PS2018",
    "supplemental-groups-policy",
    Error,
    "supplementalGroupsPolicy must be Merge or Strict"
);
rule!(
    /// **What it does** Checks `securityContext.seLinuxChangePolicy`; with the SELinuxMount gate off (as
    /// in 1.36) only `Recursive` is accepted.
    ///
    /// **Why it matters** `MountOption` needs a feature gate the default API server does not enable,
    /// so the pod is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   seLinuxChangePolicy: MountOption
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   seLinuxChangePolicy: Recursive
    /// ```
    ///
    /// **Fix** Use `Recursive` or remove the field.
    ///
    /// **Kubernetes source** `validateSELinuxChangePolicy` in `pkg/apis/core/validation/validation.go`.
    SELINUX_CHANGE_POLICY,
    "PS2019",
    "selinux-change-policy",
    Error,
    "seLinuxChangePolicy must be Recursive while the SELinuxMount feature is off"
);
rule!(
    /// **What it does** Checks Windows `hostProcess`: a container's value equals the pod's when both are
    /// set, and if any container is a hostProcess container, all are.
    ///
    /// **Why it matters** HostProcess containers run on the host, not in a container; a pod cannot mix
    /// the two, and the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {hostProcess: true}
    /// containers:
    /// - name: agent
    ///   image: agent
    ///   securityContext:
    ///     windowsOptions: {hostProcess: false}
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {hostProcess: true}
    /// containers:
    /// - name: agent
    ///   image: agent
    /// ```
    ///
    /// **Fix** Set `hostProcess` once at pod level, or on every container.
    ///
    /// **Kubernetes source** `validateWindowsHostProcessPod` in `pkg/apis/core/validation/validation.go`.
    HOST_PROCESS_CONSISTENCY,
    "PS2046",
    "host-process-consistency",
    Error,
    "pod and container hostProcess settings must agree, and either all or none of the containers are hostProcess"
);
rule!(
    /// **What it does** Reports a pod with hostProcess containers that does not set
    /// `hostNetwork: true`.
    ///
    /// **Why it matters** HostProcess containers always use the node's network; the API server requires
    /// that to be said (`hostNetwork must be true`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     windowsOptions: {hostProcess: true}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   securityContext:
    ///     windowsOptions: {hostProcess: true}
    /// ```
    ///
    /// **Fix** Add `hostNetwork: true`.
    ///
    /// **Kubernetes source** `validateWindowsHostProcessPod` in `pkg/apis/core/validation/validation.go`.
    HOST_PROCESS_HOST_NETWORK,
    "PS2047",
    "host-process-host-network",
    Error,
    "a pod with hostProcess containers must use hostNetwork"
);
rule!(
    /// **What it does** Reports hostProcess containers when the API server is taken to run without
    /// `--allow-privileged` (`podscope check --disallow-privileged`).
    ///
    /// **Why it matters** HostProcess containers are privileged; such a cluster rejects them (`hostProcess
    /// containers are disallowed by cluster policy`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   securityContext:
    ///     windowsOptions: {hostProcess: true}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     windowsOptions: {runAsUserName: ContainerUser}
    /// ```
    ///
    /// **Fix** Run the work as an ordinary Windows container, or on a cluster that allows privileged
    /// pods.
    ///
    /// **Kubernetes source** `validateWindowsHostProcessPod` (`capabilities.Get().AllowPrivileged`) in
    /// `pkg/apis/core/validation/validation.go`.
    HOST_PROCESS_PRIVILEGED,
    "PS2048",
    "host-process-privileged",
    Error,
    "hostProcess containers need an API server that allows privileged containers"
);
rule!(
    /// **What it does** With `hostUsers: false`, reports `hostNetwork`, `hostPID` or `hostIPC`.
    ///
    /// **Why it matters** A user namespace cannot be combined with the host's network, PID or IPC
    /// namespace; the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   hostUsers: false
    ///   hostPID: true
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   hostUsers: false
    /// ```
    ///
    /// **Fix** Drop the host namespace, or run with `hostUsers: true`.
    ///
    /// **Kubernetes source** `validateHostUsers` in `pkg/apis/core/validation/validation.go`.
    HOST_USERS_HOST_NAMESPACES,
    "PS2050",
    "host-users-host-namespaces",
    Error,
    "a pod with hostUsers false cannot use hostNetwork, hostPID or hostIPC"
);
rule!(
    /// **What it does** With `hostUsers: false`, reports containers with `volumeDevices`.
    ///
    /// **Why it matters** Raw block devices cannot be ID-mapped into a user namespace; the API server
    /// forbids them.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostUsers: false
    /// containers:
    /// - name: db
    ///   image: db
    ///   volumeDevices: [{name: disk, devicePath: /dev/xvda}]
    /// ```
    ///
    /// ```yaml
    /// hostUsers: false
    /// containers:
    /// - name: db
    ///   image: db
    ///   volumeMounts: [{name: disk, mountPath: /data}]
    /// ```
    ///
    /// **Fix** Mount a file-system volume instead, or leave the pod in the host user namespace.
    ///
    /// **Kubernetes source** `validateHostUsers` in `pkg/apis/core/validation/validation.go`.
    HOST_USERS_VOLUME_DEVICES,
    "PS2051",
    "host-users-volume-devices",
    Error,
    "a pod with hostUsers false cannot use volumeDevices"
);
rule!(
    /// **What it does** Checks `spec.os.name` is given and is `linux` or `windows` (lower case).
    ///
    /// **Why it matters** The API server rejects empty and other values (`Linux` included).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   os: {name: Linux}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   os: {name: linux}
    /// ```
    ///
    /// **Fix** Use `linux` or `windows`.
    ///
    /// **Kubernetes source** `validateOS` in `pkg/apis/core/validation/validation.go`.
    OS_NAME,
    "PS2067",
    "os-name",
    Error,
    "os.name must be linux or windows"
);
rule!(
    /// **What it does** With `os.name: linux`, reports `windowsOptions` in the pod's or any container's
    /// security context.
    ///
    /// **Why it matters** Windows settings cannot apply to a Linux pod; the API server rejects them.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   os: {name: linux}
    ///   securityContext:
    ///     windowsOptions: {runAsUserName: ContainerUser}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   os: {name: linux}
    ///   securityContext:
    ///     runAsUser: 1000
    /// ```
    ///
    /// **Fix** Remove the Windows options, or set `os.name: windows`.
    ///
    /// **Kubernetes source** `validateLinux` in `pkg/apis/core/validation/validation.go`.
    LINUX_WINDOWS_OPTIONS,
    "PS2068",
    "linux-windows-options",
    Error,
    "windowsOptions cannot be set for a linux pod"
);
rule!(
    /// **What it does** With `os.name: windows`, reports the Linux-only settings: pod `fsGroup`,
    /// `runAsUser`, `sysctls`, `seccompProfile`, `seLinuxOptions`, `hostPID`, `hostIPC`, `hostUsers`,
    /// `shareProcessNamespace` and others, and container `privileged`, `capabilities`,
    /// `readOnlyRootFilesystem`, `runAsUser` and others.
    ///
    /// **Why it matters** Windows has no such concepts; the API server rejects them (`cannot be set for a
    /// windows pod`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   os: {name: windows}
    ///   securityContext:
    ///     runAsUser: 1000
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   os: {name: windows}
    ///   securityContext:
    ///     windowsOptions: {runAsUserName: ContainerUser}
    /// ```
    ///
    /// **Fix** Use `windowsOptions` for identities and remove the Linux fields.
    ///
    /// **Kubernetes source** `validateWindows` in `pkg/apis/core/validation/validation.go`.
    WINDOWS_POD_FIELDS,
    "PS2069",
    "windows-pod-fields",
    Error,
    "Linux-only security settings and host namespaces cannot be set for a windows pod"
);

const MAX_ID: i64 = i32::MAX as i64;

/// `validatePodSpecSecurityContext`
pub(super) fn validate_pod_security_context(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let spec = scope.spec;
    let at = path.child("securityContext");
    let sc = spec.map_of("securityContext");
    if let Some(sc) = sc {
        for field in ["fsGroup", "runAsUser", "runAsGroup"] {
            if let Some(id) = sc.i64_of(field) {
                check_id(ctx, &at.child(field), sc.at(field), id);
            }
        }
        let groups = at.child("supplementalGroups");
        for (g, gid) in sc.seq_of("supplementalGroups").iter().enumerate() {
            if let Some(id) = gid.as_i64() {
                check_id(ctx, &groups.index(g), gid.span, id);
            }
        }
    }
    if flag(spec, "shareProcessNamespace") && flag(spec, "hostPID") {
        ctx.invalid(
            &SHARE_PROCESS_NAMESPACE_HOST_PID,
            &at.child("shareProcessNamespace"),
            spec.at("shareProcessNamespace"),
            true,
            "ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    let Some(sc) = sc else {
        return;
    };
    validate_sysctls(ctx, spec, sc, &at.child("sysctls"));
    if let Some(policy) = sc.opt_str("fsGroupChangePolicy") {
        if !matches!(policy, "Always" | "OnRootMismatch") {
            ctx.not_supported(
                &FS_GROUP_CHANGE_POLICY,
                &at.child("fsGroupChangePolicy"),
                sc.at("fsGroupChangePolicy"),
                policy,
                &["Always", "OnRootMismatch"],
            );
        }
    }
    if let Some(profile) = sc.map_of("seccompProfile") {
        profiles::seccomp(ctx, &SECCOMP_PROFILE, profile, &at.child("seccompProfile"));
    }
    if let Some(options) = sc.map_of("windowsOptions") {
        profiles::windows_options(ctx, &WINDOWS_OPTIONS, options, &at.child("windowsOptions"));
    }
    if let Some(profile) = sc.map_of("appArmorProfile") {
        profiles::apparmor(
            ctx,
            &APPARMOR_PROFILE,
            profile,
            &at.child("appArmorProfile"),
        );
    }
    if let Some(policy) = sc.opt_str("supplementalGroupsPolicy") {
        if !matches!(policy, "Merge" | "Strict") {
            ctx.not_supported(
                &SUPPLEMENTAL_GROUPS_POLICY,
                &at.child("supplementalGroupsPolicy"),
                sc.at("supplementalGroupsPolicy"),
                policy,
                &["Merge", "Strict"],
            );
        }
    }
    if let Some(policy) = sc.opt_str("seLinuxChangePolicy") {
        // AllowOnlyRecursiveSELinuxChangePolicy: SELinuxMount is off by default in 1.36.
        if policy != "Recursive" {
            ctx.not_supported(
                &SELINUX_CHANGE_POLICY,
                &at.child("seLinuxChangePolicy"),
                sc.at("seLinuxChangePolicy"),
                policy,
                &["Recursive"],
            );
        }
    }
}

/// `IsValidUserID` / `IsValidGroupID`
fn check_id(ctx: &mut Ctx, path: &Path, span: crate::source::Span, id: i64) {
    if !(0..=MAX_ID).contains(&id) {
        ctx.invalid(
            &POD_SECURITY_IDS,
            path,
            span,
            id,
            format::inclusive_range_error(0, MAX_ID),
        );
    }
}

/// `validateSysctls` with `ValidateHostSysctl` (`path` is `spec.securityContext.sysctls`).
fn validate_sysctls(ctx: &mut Ctx, spec: &Node, sc: &Node, path: &Path) {
    let sysctls = sc.seq_of("sysctls");
    if sysctls.is_empty() {
        return;
    }
    let host_network = flag(spec, "hostNetwork");
    let host_ipc = flag(spec, "hostIPC");
    let mut names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, sysctl) in sysctls.iter().enumerate() {
        let at = path.index(i);
        let name_path = at.child("name");
        let name = sysctl.str_of("name");
        let span = sysctl.at("name");
        if name.is_empty() {
            ctx.required(&SYSCTL_NAME, &name_path, span);
        } else if !is_valid_sysctl_name(name) {
            ctx.invalid(
                &SYSCTL_NAME,
                &name_path,
                span,
                name,
                r"must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$",
            );
        } else if names.contains(&name) {
            ctx.duplicate(&SYSCTL_NAME, &name_path, span, name);
        }
        match sysctl_namespace(name) {
            SysctlNamespace::Net if host_network => ctx.invalid(
                &SYSCTL_HOST_NAMESPACE,
                &name_path,
                span,
                name,
                "may not be specified when 'hostNetwork' is true",
            ),
            SysctlNamespace::Ipc if host_ipc => ctx.invalid(
                &SYSCTL_HOST_NAMESPACE,
                &name_path,
                span,
                name,
                "may not be specified when 'hostIPC' is true",
            ),
            _ => {}
        }
        names.insert(name);
    }
}

/// `IsValidSysctlName`: at most 253 characters, segments `[a-z0-9]([-_a-z0-9]*[a-z0-9])?`
/// separated by `.` or `/`.
fn is_valid_sysctl_name(name: &str) -> bool {
    let segment = |s: &str| {
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty()
            && alnum(b[0])
            && alnum(b[b.len() - 1])
            && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_')
    };
    name.len() <= 253 && name.split(['.', '/']).all(segment)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SysctlNamespace {
    Net,
    Ipc,
    Unknown,
}

/// `utilsysctl.GetNamespace`: names with `/` separators are read with `.`; only the part before
/// a `*` counts.
fn sysctl_namespace(name: &str) -> SysctlNamespace {
    let normalized: std::borrow::Cow<str> = match name.find(['.', '/']) {
        Some(i) if name.as_bytes()[i] == b'/' => name
            .chars()
            .map(|c| match c {
                '.' => '/',
                '/' => '.',
                c => c,
            })
            .collect::<String>()
            .into(),
        _ => name.into(),
    };
    let name = normalized.split('*').next().unwrap_or("");
    match name {
        "kernel.sem"
        | "kernel.shmall"
        | "kernel.shmmax"
        | "kernel.shmmni"
        | "kernel.shm_rmid_forced"
        | "kernel.shm"
        | "kernel.msgmax"
        | "kernel.msgmnb"
        | "kernel.msgmni"
        | "kernel.msg" => SysctlNamespace::Ipc,
        _ if name.starts_with("net.") => SysctlNamespace::Net,
        _ if name.starts_with("fs.mqueue.") => SysctlNamespace::Ipc,
        _ => SysctlNamespace::Unknown,
    }
}

/// The container's `securityContext.windowsOptions.hostProcess`, if set.
fn container_host_process(container: &Node) -> Option<bool> {
    container
        .map_of("securityContext")?
        .map_of("windowsOptions")?
        .bool_of("hostProcess")
}

/// `validateWindowsHostProcessPod`
pub(super) fn validate_windows_host_process(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let spec = scope.spec;
    let pod_host_process = spec
        .map_of("securityContext")
        .and_then(|sc| sc.map_of("windowsOptions"))
        .and_then(|w| w.bool_of("hostProcess"));
    let mut containers = 0;
    let mut host_process = 0;
    for_each_container(spec, path, |container, at| {
        containers += 1;
        let own = container_host_process(container);
        if let (Some(pod), Some(own)) = (pod_host_process, own) {
            if pod != own {
                let sc = at.child("securityContext");
                let options = sc.child("windowsOptions");
                let span = container
                    .map_of("securityContext")
                    .and_then(|sc| sc.map_of("windowsOptions"))
                    .map_or(container.head(), |w| w.at("hostProcess"));
                ctx.invalid(
                    &HOST_PROCESS_CONSISTENCY,
                    &options.child("hostProcess"),
                    span,
                    own,
                    format!(
                        "pod hostProcess value must be identical if both are specified, was {pod}"
                    ),
                );
            }
        }
        if own.unwrap_or(false) || (own.is_none() && pod_host_process == Some(true)) {
            host_process += 1;
        }
    });
    if host_process == 0 {
        return;
    }
    if host_process != containers {
        ctx.invalid(
            &HOST_PROCESS_CONSISTENCY,
            path,
            scope.spec_span,
            "",
            "If pod contains any hostProcess containers then all containers must be HostProcess containers",
        );
    }
    let host_network = flag(spec, "hostNetwork");
    if !host_network {
        ctx.invalid(
            &HOST_PROCESS_HOST_NETWORK,
            &path.child("hostNetwork"),
            spec.entry("hostNetwork")
                .map_or(scope.spec_span, |_| spec.at("hostNetwork")),
            false,
            "hostNetwork must be true if pod contains any hostProcess containers",
        );
    }
    if !ctx.options.allow_privileged {
        ctx.forbidden(
            &HOST_PROCESS_PRIVILEGED,
            path,
            scope.spec_span,
            "hostProcess containers are disallowed by cluster policy",
        );
    }
}

/// `validateHostUsers`
pub(super) fn validate_host_users(ctx: &mut Ctx, spec: &Node, path: &Path) {
    const DETAIL: &str = "when `hostUsers` is false";
    if spec.bool_of("hostUsers") != Some(false) {
        return;
    }
    // UserNamespacesHostNetworkSupport is alpha (off) in 1.36.
    for (field, path_name) in [
        ("hostNetwork", "hostNetwork"),
        ("hostPID", "HostPID"),
        ("hostIPC", "HostIPC"),
    ] {
        if flag(spec, field) {
            ctx.forbidden(
                &HOST_USERS_HOST_NAMESPACES,
                &path.child(path_name),
                spec.at(field),
                DETAIL,
            );
        }
    }
    for_each_container(spec, path, |container, at| {
        if !container.seq_of("volumeDevices").is_empty() {
            ctx.forbidden(
                &HOST_USERS_VOLUME_DEVICES,
                &at.child("volumeDevices"),
                container.key_at("volumeDevices"),
                DETAIL,
            );
        }
    });
}

/// `validateOS`, then `validateLinux` or `validateWindows`.
pub(super) fn validate_os(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let Some(os) = spec.map_of("os") else {
        return;
    };
    let at = path.child("os");
    match os.str_of("name") {
        "" => ctx.required_detail(
            &OS_NAME,
            &at.child("name"),
            os.at("name"),
            "cannot be empty",
        ),
        "linux" => validate_linux(ctx, spec, path),
        "windows" => validate_windows(ctx, spec, path),
        name => ctx.not_supported(&OS_NAME, &at, os.at("name"), name, &["linux", "windows"]),
    }
}

/// `validateLinux`
fn validate_linux(ctx: &mut Ctx, spec: &Node, path: &Path) {
    const DETAIL: &str = "windows options cannot be set for a linux pod";
    if let Some(sc) = spec.map_of("securityContext") {
        if sc.get("windowsOptions").is_some() {
            let at = path.child("securityContext");
            ctx.forbidden(
                &LINUX_WINDOWS_OPTIONS,
                &at.child("windowsOptions"),
                sc.key_at("windowsOptions"),
                DETAIL,
            );
        }
    }
    for_each_container(spec, path, |container, at| {
        if let Some(sc) = container.map_of("securityContext") {
            if sc.get("windowsOptions").is_some() {
                let sc_path = at.child("securityContext");
                ctx.forbidden(
                    &LINUX_WINDOWS_OPTIONS,
                    &sc_path.child("windowsOptions"),
                    sc.key_at("windowsOptions"),
                    DETAIL,
                );
            }
        }
    });
}

/// `validateWindows`
fn validate_windows(ctx: &mut Ctx, spec: &Node, path: &Path) {
    const DETAIL: &str = "cannot be set for a windows pod";
    let sc_path = path.child("securityContext");
    let sc = spec.map_of("securityContext");
    let in_sc = |field: &str| sc.is_some_and(|sc| sc.get(field).is_some());
    let forbid = |ctx: &mut Ctx, at: &Path, span| {
        ctx.forbidden(&WINDOWS_POD_FIELDS, at, span, DETAIL);
    };
    let sc_span = |field: &str| sc.map_or(spec.head(), |sc| sc.key_at(field));
    for field in ["appArmorProfile", "seLinuxOptions"] {
        if in_sc(field) {
            forbid(ctx, &sc_path.child(field), sc_span(field));
        }
    }
    if spec.get("hostUsers").is_some() {
        forbid(ctx, &path.child("hostUsers"), spec.key_at("hostUsers"));
    }
    for field in ["hostPID", "hostIPC"] {
        if flag(spec, field) {
            forbid(ctx, &path.child(field), spec.key_at(field));
        }
    }
    for field in ["seccompProfile", "fsGroup", "fsGroupChangePolicy"] {
        if in_sc(field) {
            forbid(ctx, &sc_path.child(field), sc_span(field));
        }
    }
    if sc.is_some_and(|sc| !sc.seq_of("sysctls").is_empty()) {
        forbid(ctx, &sc_path.child("sysctls"), sc_span("sysctls"));
    }
    if spec.get("shareProcessNamespace").is_some() {
        forbid(
            ctx,
            &path.child("shareProcessNamespace"),
            spec.key_at("shareProcessNamespace"),
        );
    }
    for field in [
        "runAsUser",
        "runAsGroup",
        "supplementalGroups",
        "supplementalGroupsPolicy",
        "seLinuxChangePolicy",
    ] {
        if in_sc(field) {
            forbid(ctx, &sc_path.child(field), sc_span(field));
        }
    }
    for_each_container(spec, path, |container, at| {
        let Some(sc) = container.map_of("securityContext") else {
            return;
        };
        let sc_path = at.child("securityContext");
        for field in [
            "appArmorProfile",
            "seLinuxOptions",
            "seccompProfile",
            "capabilities",
            "readOnlyRootFilesystem",
            "privileged",
            "allowPrivilegeEscalation",
            "procMount",
            "runAsUser",
            "runAsGroup",
        ] {
            if sc.get(field).is_some() {
                forbid(ctx, &sc_path.child(field), sc.key_at(field));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{SysctlNamespace, is_valid_sysctl_name, sysctl_namespace};

    #[test]
    fn sysctl_names_and_namespaces() {
        assert!(is_valid_sysctl_name("net.core.somaxconn"));
        assert!(is_valid_sysctl_name("net/ipv4/conf/eno2.100/rp_filter"));
        assert!(is_valid_sysctl_name("kernel.shm_rmid_forced"));
        assert!(!is_valid_sysctl_name("net..core"));
        assert!(!is_valid_sysctl_name("Net.core"));
        assert!(!is_valid_sysctl_name("net.core."));
        assert_eq!(sysctl_namespace("net.core.somaxconn"), SysctlNamespace::Net);
        assert_eq!(
            sysctl_namespace("net/ipv4/ip_forward"),
            SysctlNamespace::Net
        );
        assert_eq!(sysctl_namespace("kernel.shmmax"), SysctlNamespace::Ipc);
        assert_eq!(sysctl_namespace("fs.mqueue.msg_max"), SysctlNamespace::Ipc);
        assert_eq!(sysctl_namespace("kernel.msgmax"), SysctlNamespace::Ipc);
        assert_eq!(sysctl_namespace("kernel.sem"), SysctlNamespace::Ipc);
        assert_eq!(sysctl_namespace("kernel.pid_max"), SysctlNamespace::Unknown);
        assert_eq!(sysctl_namespace("netfilter"), SysctlNamespace::Unknown);
    }
}
