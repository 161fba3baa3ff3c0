//! Best practices for one workload's pod template (`PS6001`–`PS6029`).
//!
//! Each check reads the pod as written (no defaulting beyond what the field's absence means),
//! reports in Podscope's words and points at the offending field, or at the container's name
//! when a setting is missing.

use crate::compat::go_quote;
use crate::diagnostic::Rule;
use crate::lint::{Finding, Profile};
use crate::podsecurity::PodView;
use crate::rule;
use crate::source::Span;
use crate::yaml::Node;

rule!(
    /// **What it does** Reports a container with `securityContext.privileged: true`.
    ///
    /// **Why it matters** A privileged container has every capability and every device of its
    /// node: one compromised process owns the node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {privileged: true}   # reported
    /// ```
    ///
    /// ```yaml
    /// securityContext: {privileged: false}   # or leave it out
    /// ```
    ///
    /// **Fix** Remove `privileged` and add only the capabilities the process needs.
    PRIVILEGED,
    "PS6001",
    "privileged-container",
    Warning,
    "a container runs privileged",
    equivalents = [
        "kube-linter: privileged-container",
        "polaris: runAsPrivileged",
        "kube-score: container-security-context-privileged",
        "checkov: CKV_K8S_16",
        "pss: baseline/privileged",
    ]
);
rule!(
    /// **What it does** Reports a container that may run as root: neither it nor the pod sets
    /// `runAsNonRoot: true` or a non-zero `runAsUser`.
    ///
    /// **Why it matters** Root in a container is root on the node if the process escapes.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: nginx:1.27   # no runAsNonRoot or runAsUser here or on the pod: reported
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: app
    ///   image: nginx:1.27
    ///   securityContext: {runAsNonRoot: true, runAsUser: 10001}
    /// ```
    ///
    /// **Fix** Set `runAsNonRoot: true` (and a `runAsUser` if the image's user is root).
    RUN_AS_ROOT,
    "PS6002",
    "run-as-root",
    Warning,
    "a container may run as root",
    equivalents = [
        "kube-linter: run-as-non-root",
        "polaris: runAsRootAllowed",
        "kube-score: container-security-context-user-group-id",
        "checkov: CKV_K8S_23",
        "pss: restricted/runAsNonRoot",
    ]
);
rule!(
    /// **What it does** Reports a container whose `securityContext.allowPrivilegeEscalation`
    /// is not `false`.
    ///
    /// **Why it matters** Without it a process can gain privileges through set-user-ID binaries.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {allowPrivilegeEscalation: true}   # reported, and so is leaving it out
    /// ```
    ///
    /// ```yaml
    /// securityContext: {allowPrivilegeEscalation: false}
    /// ```
    ///
    /// **Fix** Add `allowPrivilegeEscalation: false` to the container's securityContext.
    PRIVILEGE_ESCALATION,
    "PS6003",
    "privilege-escalation-allowed",
    Warning,
    "a container allows privilege escalation",
    equivalents = [
        "kube-linter: privilege-escalation-container",
        "polaris: privilegeEscalationAllowed",
        "checkov: CKV_K8S_20",
        "pss: restricted/allowPrivilegeEscalation",
    ]
);
rule!(
    /// **What it does** Reports a container without `readOnlyRootFilesystem: true`.
    ///
    /// **Why it matters** A writable image lets an attacker drop tools and change binaries;
    /// a read-only one forces writes into declared volumes, which the pod graph shows.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {readOnlyRootFilesystem: false}   # reported, and so is leaving it out
    /// ```
    ///
    /// ```yaml
    /// securityContext: {readOnlyRootFilesystem: true}
    /// ```
    ///
    /// **Fix** Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the process writes.
    WRITABLE_ROOT_FS,
    "PS6004",
    "writable-root-filesystem",
    Warning,
    "a container's root file system is writable",
    equivalents = [
        "kube-linter: no-read-only-root-fs",
        "polaris: notReadOnlyRootFilesystem",
        "kube-score: container-security-context-readonlyrootfilesystem",
        "checkov: CKV_K8S_22",
    ]
);
rule!(
    /// **What it does** Reports a container without `resources.requests.cpu`. A CPU limit alone
    /// is enough: the server then defaults the request to the limit.
    ///
    /// **Why it matters** The scheduler places pods by their requests; without one the pod can
    /// land on a full node and be starved.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources: {requests: {memory: 128Mi}}   # no requests.cpu: reported
    /// ```
    ///
    /// ```yaml
    /// resources: {requests: {cpu: 100m, memory: 128Mi}}
    /// ```
    ///
    /// **Fix** Set a CPU request near the container's normal use.
    CPU_REQUESTS,
    "PS6005",
    "cpu-requests-missing",
    Warning,
    "a container has no CPU request",
    equivalents = [
        "kube-linter: unset-cpu-requirements",
        "polaris: cpuRequestsMissing",
        "kube-score: container-resources",
        "checkov: CKV_K8S_10",
    ]
);
rule!(
    /// **What it does** Reports a container without `resources.limits.cpu`.
    ///
    /// **Why it matters** Without a limit one busy container can take every core of its node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources: {requests: {cpu: 100m}}   # no limits.cpu: reported
    /// ```
    ///
    /// ```yaml
    /// resources: {requests: {cpu: 100m}, limits: {cpu: "1"}}
    /// ```
    ///
    /// **Fix** Set a CPU limit (or knowingly turn this rule off where throttling hurts more).
    CPU_LIMITS,
    "PS6006",
    "cpu-limits-missing",
    Warning,
    "a container has no CPU limit",
    equivalents = [
        "kube-linter: unset-cpu-requirements",
        "polaris: cpuLimitsMissing",
        "kube-score: container-resources",
        "checkov: CKV_K8S_11",
    ]
);
rule!(
    /// **What it does** Reports a container without `resources.requests.memory`. A memory limit
    /// alone is enough: the server then defaults the request to the limit.
    ///
    /// **Why it matters** Memory is not compressible: a pod scheduled without a request can be
    /// the first one evicted or OOM-killed.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources: {requests: {cpu: 100m}}   # no requests.memory: reported
    /// ```
    ///
    /// ```yaml
    /// resources: {requests: {cpu: 100m, memory: 128Mi}}
    /// ```
    ///
    /// **Fix** Set a memory request near the container's working set.
    MEMORY_REQUESTS,
    "PS6007",
    "memory-requests-missing",
    Warning,
    "a container has no memory request",
    equivalents = [
        "kube-linter: unset-memory-requirements",
        "polaris: memoryRequestsMissing",
        "kube-score: container-resources",
        "checkov: CKV_K8S_12",
    ]
);
rule!(
    /// **What it does** Reports a container without `resources.limits.memory`.
    ///
    /// **Why it matters** A leaking container without a limit takes its node's memory, and
    /// the kernel then kills whatever it chooses.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources: {requests: {memory: 128Mi}}   # no limits.memory: reported
    /// ```
    ///
    /// ```yaml
    /// resources: {requests: {memory: 128Mi}, limits: {memory: 256Mi}}
    /// ```
    ///
    /// **Fix** Set a memory limit.
    MEMORY_LIMITS,
    "PS6008",
    "memory-limits-missing",
    Warning,
    "a container has no memory limit",
    equivalents = [
        "kube-linter: unset-memory-requirements",
        "polaris: memoryLimitsMissing",
        "kube-score: container-resources",
        "checkov: CKV_K8S_13",
    ]
);
rule!(
    /// **What it does** Reports an image with no tag or the `:latest` tag (an image pinned by
    /// digest is fine).
    ///
    /// **Why it matters** The same manifest then runs different code on different days and
    /// nodes, and a rollback cannot go back.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// image: nginx:latest   # reported, and so is nginx (no tag)
    /// ```
    ///
    /// ```yaml
    /// image: nginx:1.27.3   # or pinned by digest: nginx@sha256:...
    /// ```
    ///
    /// **Fix** Pin a version tag or a digest.
    IMAGE_TAG,
    "PS6009",
    "image-tag-not-pinned",
    Warning,
    "an image has no tag or the :latest tag",
    equivalents = [
        "kube-linter: latest-tag",
        "polaris: tagNotSpecified",
        "kube-score: container-image-tag",
        "checkov: CKV_K8S_14",
    ]
);
rule!(
    /// **What it does** Reports a container whose `imagePullPolicy` is not `Always`, after the
    /// server's defaulting: an image with no tag or `:latest` and no policy gets `Always`, so it
    /// is not reported (unlike Polaris, which reads the field as written; the floating tag itself
    /// is PS6009's finding).
    ///
    /// **Why it matters** With a cached image a node may run an old build under a moved tag,
    /// and skips the registry's authorisation check.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// imagePullPolicy: IfNotPresent   # reported, and so is leaving it out
    /// ```
    ///
    /// ```yaml
    /// imagePullPolicy: Always
    /// ```
    ///
    /// **Fix** Set `imagePullPolicy: Always`, or pin images by digest and turn this rule off.
    PULL_POLICY,
    "PS6010",
    "image-pull-policy-not-always",
    Warning,
    "a container's imagePullPolicy is not Always",
    equivalents = [
        "polaris: pullPolicyNotAlways",
        "kube-score: container-image-pull-policy",
        "checkov: CKV_K8S_15",
    ]
);
rule!(
    /// **What it does** Reports `hostNetwork: true`.
    ///
    /// **Why it matters** The pod sees and binds the node's network interfaces, bypassing
    /// network policies.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {hostNetwork: true}   # reported
    /// ```
    ///
    /// ```yaml
    /// spec: {hostNetwork: false}   # or leave it out
    /// ```
    ///
    /// **Fix** Remove it; expose ports through a Service.
    HOST_NETWORK,
    "PS6011",
    "host-network",
    Warning,
    "the pod uses the node's network namespace",
    equivalents = [
        "kube-linter: host-network",
        "polaris: hostNetworkSet",
        "checkov: CKV_K8S_19",
        "pss: baseline/hostNamespaces",
    ]
);
rule!(
    /// **What it does** Reports `hostPID: true`.
    ///
    /// **Why it matters** The pod sees, and may signal or trace, every process on the node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {hostPID: true}   # reported
    /// ```
    ///
    /// ```yaml
    /// spec: {hostPID: false}   # or leave it out
    /// ```
    ///
    /// **Fix** Remove it.
    HOST_PID,
    "PS6012",
    "host-pid",
    Warning,
    "the pod uses the node's process namespace",
    equivalents = [
        "kube-linter: host-pid",
        "polaris: hostPIDSet",
        "checkov: CKV_K8S_17",
        "pss: baseline/hostNamespaces",
    ]
);
rule!(
    /// **What it does** Reports `hostIPC: true`.
    ///
    /// **Why it matters** The pod shares the node's shared memory and semaphores with every
    /// process on it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {hostIPC: true}   # reported
    /// ```
    ///
    /// ```yaml
    /// spec: {hostIPC: false}   # or leave it out
    /// ```
    ///
    /// **Fix** Remove it.
    HOST_IPC,
    "PS6013",
    "host-ipc",
    Warning,
    "the pod uses the node's IPC namespace",
    equivalents = [
        "kube-linter: host-ipc",
        "polaris: hostIPCSet",
        "checkov: CKV_K8S_18",
        "pss: baseline/hostNamespaces",
    ]
);
rule!(
    /// **What it does** Reports a container port with a `hostPort`.
    ///
    /// **Why it matters** The pod binds the node's own address, bypassing Services and
    /// network policies, and only one such pod fits on a node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports: [{containerPort: 80, hostPort: 80}]   # reported
    /// ```
    ///
    /// ```yaml
    /// ports: [{containerPort: 80}]
    /// ```
    ///
    /// **Fix** Remove `hostPort`; use a Service.
    HOST_PORT,
    "PS6014",
    "host-port",
    Warning,
    "a container binds a port of the node",
    equivalents = [
        "polaris: hostPortSet",
        "checkov: CKV_K8S_26",
        "pss: baseline/hostPorts",
    ]
);
rule!(
    /// **What it does** Reports any `hostPath` volume.
    ///
    /// **Why it matters** The pod reads (and unless mounted read-only, writes) the node's files,
    /// and it depends on what is on that one node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes: [{name: logs, hostPath: {path: /var/log}}]   # reported
    /// ```
    ///
    /// ```yaml
    /// volumes: [{name: logs, emptyDir: {}}]
    /// ```
    ///
    /// **Fix** Use an emptyDir, ConfigMap, Secret or PersistentVolumeClaim.
    HOST_PATH,
    "PS6015",
    "host-path-mount",
    Warning,
    "the pod mounts a path of the node",
    equivalents = [
        "polaris: hostPathSet",
        "pss: baseline/hostPathVolumes",
    ]
);
rule!(
    /// **What it does** Reports a hostPath volume of a sensitive node path: `/`, `/etc`,
    /// `/root`, `/boot`, `/dev`, `/proc`, `/sys`, `/var/lib/kubelet`, `/var/lib/docker`,
    /// `/var/run`, `/run`, and the container runtimes' sockets.
    ///
    /// **Why it matters** Through these a pod can read the node's credentials or start
    /// containers of its own outside Kubernetes.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes: [{name: docker, hostPath: {path: /var/run/docker.sock}}]   # reported
    /// ```
    ///
    /// ```yaml
    /// volumes: [{name: scratch, emptyDir: {}}]
    /// ```
    ///
    /// **Fix** Do not mount it; if an agent truly needs it, isolate that agent in its own
    /// namespace and silence the finding there with a reason.
    SENSITIVE_HOST_PATH,
    "PS6016",
    "sensitive-host-path",
    Warning,
    "the pod mounts a sensitive path of the node",
    equivalents = [
        "kube-linter: sensitive-host-mounts",
        "kube-linter: docker-sock",
        "checkov: CKV_K8S_27",
    ]
);
rule!(
    /// **What it does** Reports a container that adds `SYS_ADMIN`, `NET_ADMIN` or `ALL`.
    ///
    /// **Why it matters** These are most of root's power: mounting file systems, changing the
    /// network, loading programs into the kernel.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// capabilities: {add: [SYS_ADMIN]}   # reported
    /// ```
    ///
    /// ```yaml
    /// capabilities: {drop: [ALL]}
    /// ```
    ///
    /// **Fix** Remove the capability; find the narrower one the process needs.
    DANGEROUS_CAPABILITIES,
    "PS6017",
    "dangerous-capabilities",
    Warning,
    "a container adds SYS_ADMIN, NET_ADMIN or ALL",
    equivalents = [
        "polaris: dangerousCapabilities",
        "checkov: CKV_K8S_39",
        "pss: baseline/capabilities",
    ]
);
rule!(
    /// **What it does** Reports a container that keeps the runtime's default capabilities:
    /// it neither drops `ALL` nor drops each of `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`,
    /// `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `NET_RAW`, `SETFCAP`, `SETGID`, `SETPCAP`,
    /// `SETUID` and `SYS_CHROOT`, or adds one of them back (or `ALL`).
    ///
    /// **Why it matters** `NET_RAW` alone allows spoofing on the pod network; most processes
    /// need none of these.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// capabilities: {drop: [NET_RAW]}   # reported: the other defaults are kept
    /// ```
    ///
    /// ```yaml
    /// capabilities: {drop: [ALL]}
    /// ```
    ///
    /// **Fix** Drop `ALL` and add back only what the process needs.
    INSECURE_CAPABILITIES,
    "PS6018",
    "capabilities-not-dropped",
    Warning,
    "a container keeps default capabilities it rarely needs",
    equivalents = [
        "kube-linter: drop-net-raw-capability",
        "polaris: insecureCapabilities",
        "checkov: CKV_K8S_28",
        "checkov: CKV_K8S_37",
        "pss: restricted/capabilities",
    ]
);
rule!(
    /// **What it does** Reports a `securityContext.procMount` other than `Default` (`Unmasked`).
    ///
    /// **Why it matters** It exposes the parts of `/proc` that the runtime hides.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {procMount: Unmasked}   # reported
    /// ```
    ///
    /// ```yaml
    /// securityContext: {procMount: Default}   # or leave it out
    /// ```
    ///
    /// **Fix** Remove it.
    PROC_MOUNT,
    "PS6019",
    "proc-mount-unmasked",
    Warning,
    "a container unmasks /proc",
    equivalents = ["polaris: procMount", "pss: baseline/procMount"]
);
rule!(
    /// **What it does** Reports an app container (not an init container) of a long-running
    /// workload without a `livenessProbe`. Jobs and CronJobs are not reported: their pods end.
    ///
    /// **Why it matters** Without one a hung process is never restarted.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: example.com/web:1.0   # no livenessProbe: reported (in a Deployment)
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: example.com/web:1.0
    ///   livenessProbe: {httpGet: {path: /healthz, port: 8080}}
    /// ```
    ///
    /// **Fix** Add a liveness probe that fails only when a restart would help.
    LIVENESS_PROBE,
    "PS6020",
    "liveness-probe-missing",
    Warning,
    "a container has no liveness probe",
    equivalents = [
        "kube-linter: no-liveness-probe",
        "polaris: livenessProbeMissing",
        "kube-score: pod-probes",
        "checkov: CKV_K8S_8",
    ]
);
rule!(
    /// **What it does** Reports an app container of a long-running workload that declares a
    /// port but has no `readinessProbe`. Sharper than the peers: a container that serves no port
    /// receives no traffic, so readiness means nothing for it; Jobs and CronJobs are not reported.
    ///
    /// **Why it matters** Without one a Service sends traffic to the pod as soon as it starts,
    /// before it can answer.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: example.com/web:1.0
    ///   ports: [{containerPort: 8080}]   # a port but no readinessProbe: reported
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: example.com/web:1.0
    ///   ports: [{containerPort: 8080}]
    ///   readinessProbe: {httpGet: {path: /ready, port: 8080}}
    /// ```
    ///
    /// **Fix** Add a readiness probe.
    READINESS_PROBE,
    "PS6021",
    "readiness-probe-missing",
    Warning,
    "a container that serves a port has no readiness probe",
    equivalents = [
        "kube-linter: no-readiness-probe",
        "polaris: readinessProbeMissing",
        "kube-score: pod-probes",
        "checkov: CKV_K8S_9",
    ]
);
rule!(
    /// **What it does** Reports a container with no seccomp profile of type `RuntimeDefault`
    /// or `Localhost`, on itself or on the pod.
    ///
    /// **Why it matters** Without a profile every system call is allowed, including the rare
    /// ones most kernel exploits need.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   securityContext: {seccompProfile: {type: Unconfined}}   # reported, and so is no profile
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext: {seccompProfile: {type: RuntimeDefault}}
    /// ```
    ///
    /// **Fix** Set `seccompProfile: {type: RuntimeDefault}` on the pod.
    SECCOMP,
    "PS6022",
    "seccomp-profile-missing",
    Warning,
    "a container runs without a seccomp profile",
    equivalents = [
        "kube-score: container-seccomp-profile",
        "checkov: CKV_K8S_31",
        "pss: restricted/seccompProfile",
    ]
);
rule!(
    /// **What it does** Reports a literal `env` value that looks like a secret: the variable's
    /// name has a word such as `password`, `secret`, `token`, `credentials` or names a key
    /// (`API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `*_KEY_CONTENT`), or the value holds a PEM
    /// private key. Names about a secret rather than holding one (`*_TOKEN_FILE`, `*_PATH`,
    /// `*_URL`, `MYSQL_ALLOW_EMPTY_PASSWORD`) and values that are paths or switches (`/var/run/..`,
    /// `true`, `yes`) are not reported: published manifests (Linkerd's proxy) set them.
    ///
    /// **Why it matters** The manifest ends up in Git, in `kubectl get -o yaml` and in every
    /// backup; a Secret can be access-controlled and rotated.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - name: DB_PASSWORD
    ///   value: hunter2   # reported
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: DB_PASSWORD
    ///   valueFrom: {secretKeyRef: {name: db, key: password}}
    /// ```
    ///
    /// **Fix** Move the value into a Secret and use `valueFrom.secretKeyRef`.
    ENV_SECRET,
    "PS6027",
    "secret-in-env-literal",
    Warning,
    "a secret is written into an env value",
    equivalents = [
        "kube-linter: env-var-secret",
        "polaris: sensitiveContainerEnvVar",
    ]
);

rule!(
    /// **What it does** Reports a Windows HostProcess pod or container:
    /// `securityContext.windowsOptions.hostProcess: true` on the pod or on a container.
    ///
    /// **Why it matters** A HostProcess container runs as a process of the Windows node, outside
    /// any container isolation, with the node's network and file system: like `privileged` on
    /// Linux, one compromised process owns the node.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {hostProcess: true}   # reported
    /// ```
    ///
    /// ```yaml
    /// securityContext:
    ///   windowsOptions: {hostProcess: false}   # or leave it out
    /// ```
    ///
    /// **Fix** Run the workload as a normal Windows container; keep HostProcess pods to node
    /// agents in namespaces that allow the `privileged` Pod Security level.
    HOST_PROCESS,
    "PS6028",
    "host-process",
    Warning,
    "a pod or container runs as a Windows HostProcess",
    equivalents = ["polaris: hostProcess", "pss: baseline/hostProcess"]
);

rule!(
    /// **What it does** Reports a container confined by none of the Linux hardening mechanisms:
    /// no seccomp profile (`RuntimeDefault` or `Localhost`, the container's own overriding the
    /// pod's), no AppArmor profile (the `appArmorProfile` field or the older
    /// `container.apparmor.security.beta.kubernetes.io/<container>` annotation), no SELinux
    /// options, and no dropped capabilities. Weaker than PS6022 on purpose: it accepts any one of
    /// them, for clusters that confine containers with AppArmor or SELinux instead of seccomp.
    /// Windows pods (`os.name: windows`, or HostProcess) are not reported.
    ///
    /// **Why it matters** An unconfined process can use every system call and every capability
    /// the runtime grants by default: the whole attack surface of the kernel.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: example.com/web:1.0   # no seccomp, AppArmor, SELinux or dropped capabilities: reported
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: example.com/web:1.0
    ///   securityContext: {seccompProfile: {type: RuntimeDefault}}
    /// ```
    ///
    /// **Fix** Set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext, or an
    /// AppArmor or SELinux profile, or drop capabilities.
    LINUX_HARDENING,
    "PS6029",
    "no-linux-hardening",
    Warning,
    "a container is confined by no seccomp, AppArmor or SELinux profile and drops no capability",
    equivalents = ["polaris: linuxHardening"]
);

/// The `windowsOptions` of a security context that asks for a HostProcess.
fn host_process(sc: Option<&Node>) -> Option<&Node> {
    sc.and_then(|s| s.map_of("windowsOptions"))
        .filter(|w| w.bool_of("hostProcess") == Some(true))
}

/// Kinds whose pods are expected to end: probes mean little for them.
fn terminates(kind: &str) -> bool {
    matches!(kind, "Job" | "CronJob")
}

struct Container<'a> {
    node: &'a Node,
    path: String,
    name: &'a str,
    init: bool,
}

fn containers<'a>(view: &PodView<'a>) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for (field, init) in [("initContainers", true), ("containers", false)] {
        for (i, node) in view.spec.seq_of(field).iter().enumerate() {
            out.push(Container {
                node,
                path: format!("{}.{field}[{i}]", view.path),
                name: node.str_of("name"),
                init,
            });
        }
    }
    out
}

struct Out<'a> {
    profile: Profile,
    findings: &'a mut Vec<Finding>,
}

impl Out<'_> {
    fn push(&mut self, rule: &'static Rule, message: String, path: String, span: Span, help: &str) {
        if self.profile.runs(rule) {
            self.findings.push(Finding {
                rule,
                message,
                path,
                span,
                help: help.to_string(),
            });
        }
    }
}

/// The checks of one workload's pod.
pub fn check(kind: &str, view: &PodView, profile: Profile, findings: &mut Vec<Finding>) {
    let mut out = Out { profile, findings };
    let pod_sc = view.spec.map_of("securityContext");
    for (field, rule, what) in [
        ("hostNetwork", &HOST_NETWORK, "network"),
        ("hostPID", &HOST_PID, "process"),
        ("hostIPC", &HOST_IPC, "IPC"),
    ] {
        if view.spec.bool_of(field) == Some(true) {
            out.push(
                rule,
                format!("the pod uses the node's {what} namespace ({field}: true)"),
                format!("{}.{field}", view.path),
                view.spec.at(field),
                &format!("remove `{field}`"),
            );
        }
    }
    host_paths(&mut out, view);
    if let Some(windows) = host_process(pod_sc) {
        out.push(
            &HOST_PROCESS,
            "the pod runs as a Windows HostProcess (windowsOptions.hostProcess: true): its containers run on the node, unisolated".into(),
            format!("{}.securityContext.windowsOptions.hostProcess", view.path),
            windows.at("hostProcess"),
            "remove `hostProcess: true`",
        );
    }
    let pod_non_root = pod_sc.and_then(non_root);
    let pod_seccomp = pod_sc.and_then(seccomp_confined);
    for c in containers(view) {
        let sc = c.node.map_of("securityContext");
        let at_name = || c.node.at("name");
        let quoted = go_quote(c.name);
        if let Some(windows) = host_process(sc) {
            out.push(
                &HOST_PROCESS,
                format!("container {quoted} runs as a Windows HostProcess: it runs on the node, unisolated"),
                format!("{}.securityContext.windowsOptions.hostProcess", c.path),
                windows.at("hostProcess"),
                "remove `hostProcess: true`",
            );
        }
        if let Some(sc) = sc.filter(|s| s.bool_of("privileged") == Some(true)) {
            out.push(
                &PRIVILEGED,
                format!("container {quoted} runs privileged: it has every capability and device of the node"),
                format!("{}.securityContext.privileged", c.path),
                sc.at("privileged"),
                "remove `privileged: true`; add only the capabilities the process needs",
            );
        }
        // The container's own setting wins over the pod's.
        if sc.and_then(non_root).or(pod_non_root) != Some(true) {
            out.push(
                &RUN_AS_ROOT,
                format!("container {quoted} may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser"),
                format!("{}.name", c.path),
                at_name(),
                "set `runAsNonRoot: true` in the pod's securityContext",
            );
        }
        if sc.and_then(|s| s.bool_of("allowPrivilegeEscalation")) != Some(false) {
            let (path, span) = field_or_name(&c, sc, "allowPrivilegeEscalation");
            out.push(
                &PRIVILEGE_ESCALATION,
                format!("container {quoted} allows privilege escalation: securityContext.allowPrivilegeEscalation is not false"),
                path,
                span,
                "add `allowPrivilegeEscalation: false` to the container's securityContext",
            );
        }
        if sc.and_then(|s| s.bool_of("readOnlyRootFilesystem")) != Some(true) {
            let (path, span) = field_or_name(&c, sc, "readOnlyRootFilesystem");
            out.push(
                &WRITABLE_ROOT_FS,
                format!("container {quoted} has a writable root file system"),
                path,
                span,
                "set `readOnlyRootFilesystem: true` and mount an emptyDir where the process writes",
            );
        }
        resources(&mut out, &c);
        image(&mut out, &c);
        capabilities(&mut out, &c, sc);
        if let Some(sc) = sc.filter(|s| s.opt_str("procMount").is_some_and(|p| p != "Default")) {
            out.push(
                &PROC_MOUNT,
                format!(
                    "container {quoted} asks for a non-default /proc (procMount: {})",
                    sc.str_of("procMount")
                ),
                format!("{}.securityContext.procMount", c.path),
                sc.at("procMount"),
                "remove `procMount`",
            );
        }
        for (i, port) in c.node.seq_of("ports").iter().enumerate() {
            if let Some(host) = port.i64_of("hostPort").filter(|p| *p != 0) {
                out.push(
                    &HOST_PORT,
                    format!("container {quoted} binds port {host} of the node (hostPort)"),
                    format!("{}.ports[{i}].hostPort", c.path),
                    port.at("hostPort"),
                    "remove `hostPort` and reach the port through a Service",
                );
            }
        }
        if !c.init && !terminates(kind) {
            if c.node.get("livenessProbe").is_none() {
                out.push(
                    &LIVENESS_PROBE,
                    format!("container {quoted} has no liveness probe: a hung process is never restarted"),
                    format!("{}.name", c.path),
                    at_name(),
                    "add a `livenessProbe`",
                );
            }
            if c.node.get("readinessProbe").is_none() && !c.node.seq_of("ports").is_empty() {
                out.push(
                    &READINESS_PROBE,
                    format!("container {quoted} serves a port but has no readiness probe: traffic reaches it before it can answer"),
                    format!("{}.name", c.path),
                    at_name(),
                    "add a `readinessProbe`",
                );
            }
        }
        if sc.and_then(seccomp_confined).or(pod_seccomp) != Some(true) {
            out.push(
                &SECCOMP,
                format!("container {quoted} runs without a seccomp profile"),
                format!("{}.name", c.path),
                at_name(),
                "set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext",
            );
        }
        if !hardened(view, &c, pod_sc) {
            out.push(
                &LINUX_HARDENING,
                format!("container {quoted} is confined by no seccomp, AppArmor or SELinux profile and drops no capability"),
                format!("{}.name", c.path),
                at_name(),
                "set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext",
            );
        }
        env_secrets(&mut out, &c);
    }
}

/// Whether a container is confined by at least one Linux hardening mechanism (Windows pods
/// have none to use, and count as confined).
fn hardened(view: &PodView, c: &Container, pod_sc: Option<&Node>) -> bool {
    if view
        .spec
        .map_of("os")
        .is_some_and(|os| os.str_of("name") == "windows")
        || host_process(pod_sc).is_some()
    {
        return true;
    }
    let sc = c.node.map_of("securityContext");
    // The container's own setting wins over the pod's.
    let own_or_pod = |key: &str| {
        sc.and_then(|s| s.map_of(key))
            .or_else(|| pod_sc.and_then(|s| s.map_of(key)))
    };
    let confining = |profile: Option<&Node>| {
        profile.is_some_and(|p| matches!(p.str_of("type"), "RuntimeDefault" | "Localhost"))
    };
    if confining(own_or_pod("seccompProfile")) || confining(own_or_pod("appArmorProfile")) {
        return true;
    }
    let annotation = format!("container.apparmor.security.beta.kubernetes.io/{}", c.name);
    if view
        .meta
        .and_then(|m| m.map_of("annotations"))
        .and_then(|a| a.opt_str(&annotation))
        .is_some_and(|v| v == "runtime/default" || v.starts_with("localhost/"))
    {
        return true;
    }
    let selinux = |sc: Option<&Node>| {
        sc.and_then(|s| s.map_of("seLinuxOptions"))
            .is_some_and(|o| {
                ["user", "role", "type", "level"]
                    .iter()
                    .any(|k| !o.str_of(k).is_empty())
            })
    };
    if selinux(sc) || selinux(pod_sc) {
        return true;
    }
    sc.and_then(|s| s.map_of("capabilities"))
        .is_some_and(|caps| !caps.seq_of("drop").is_empty())
}

/// What a security context says about running as root: `Some(true)` for `runAsNonRoot: true`
/// or a non-zero `runAsUser`, `Some(false)` for `runAsNonRoot: false` or `runAsUser: 0`, `None`
/// when it says nothing.
fn non_root(sc: &Node) -> Option<bool> {
    match (sc.bool_of("runAsNonRoot"), sc.i64_of("runAsUser")) {
        (_, Some(0)) | (Some(false), None) => Some(false),
        (Some(true), _) => Some(true),
        (_, Some(user)) => Some(user > 0),
        (None, None) => None,
    }
}

/// Whether a security context's seccomp profile confines (`RuntimeDefault`, `Localhost`), or
/// `None` when it sets none.
fn seccomp_confined(sc: &Node) -> Option<bool> {
    sc.map_of("seccompProfile")
        .map(|p| matches!(p.str_of("type"), "RuntimeDefault" | "Localhost"))
}

/// The field when it is set (to a wrong value), else the container's name.
fn field_or_name(c: &Container, sc: Option<&Node>, field: &str) -> (String, Span) {
    match sc.filter(|s| s.get(field).is_some()) {
        Some(s) => (format!("{}.securityContext.{field}", c.path), s.at(field)),
        None => (format!("{}.name", c.path), c.node.at("name")),
    }
}

fn resources(out: &mut Out, c: &Container) {
    let resources = c.node.map_of("resources");
    let quoted = go_quote(c.name);
    for (list, resource, rule, what) in [
        ("requests", "cpu", &CPU_REQUESTS, "CPU request"),
        ("limits", "cpu", &CPU_LIMITS, "CPU limit"),
        ("requests", "memory", &MEMORY_REQUESTS, "memory request"),
        ("limits", "memory", &MEMORY_LIMITS, "memory limit"),
    ] {
        let in_list = |list: &str| {
            resources
                .and_then(|r| r.map_of(list))
                .is_some_and(|l| l.get(resource).is_some())
        };
        // A request left out is defaulted from the limit when the pod is created.
        let set = in_list(list) || (list == "requests" && in_list("limits"));
        if !set {
            let (path, span) = match resources {
                Some(r) => (format!("{}.resources", c.path), r.head()),
                None => (format!("{}.name", c.path), c.node.at("name")),
            };
            out.push(
                rule,
                format!("container {quoted} has no {what} (resources.{list}.{resource})"),
                path,
                span,
                &format!("set `resources.{list}.{resource}`"),
            );
        }
    }
}

fn image(out: &mut Out, c: &Container) {
    let quoted = go_quote(c.name);
    if let Some(node) = c.node.get("image")
        && let Some(image) = node.as_str()
        && !image.contains('@')
    {
        // The tag follows the last `:` after the last `/` (a registry may have a port).
        let last = image.rsplit('/').next().unwrap_or(image);
        let problem = match last.rsplit_once(':') {
            None => Some("has no tag"),
            Some((_, "latest")) => Some("uses the :latest tag"),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            out.push(
                &IMAGE_TAG,
                format!("container {quoted}'s image {} {problem}: what runs changes whenever the tag moves", go_quote(image)),
                format!("{}.image", c.path),
                node.span,
                "pin a version tag or a digest (`image@sha256:...`)",
            );
        }
    }
    // The server defaults the policy to Always for an untagged or :latest image.
    let floating = c
        .node
        .get("image")
        .and_then(Node::as_str)
        .is_some_and(|image| {
            !image.contains('@')
                && image
                    .rsplit('/')
                    .next()
                    .unwrap_or(image)
                    .rsplit_once(':')
                    .is_none_or(|(_, tag)| tag == "latest")
        });
    let policy = c.node.opt_str("imagePullPolicy").unwrap_or(if floating {
        "Always"
    } else {
        "IfNotPresent"
    });
    if policy != "Always" {
        let (path, span) = match c.node.get("imagePullPolicy") {
            Some(n) => (format!("{}.imagePullPolicy", c.path), n.span),
            None => (format!("{}.name", c.path), c.node.at("name")),
        };
        out.push(
            &PULL_POLICY,
            format!("container {quoted}'s imagePullPolicy is not Always: a node may run a stale cached image"),
            path,
            span,
            "set `imagePullPolicy: Always`",
        );
    }
}

const DANGEROUS: &[&str] = &["SYS_ADMIN", "NET_ADMIN", "ALL"];
const INSECURE: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn capabilities(out: &mut Out, c: &Container, sc: Option<&Node>) {
    let quoted = go_quote(c.name);
    let caps = sc.and_then(|s| s.map_of("capabilities"));
    let names = |list: &str| -> Vec<(String, Span)> {
        caps.map_or(&[][..], |c| c.seq_of(list))
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s.to_ascii_uppercase(), n.span)))
            .collect()
    };
    let added = names("add");
    let dropped = names("drop");
    for (i, (cap, span)) in added.iter().enumerate() {
        if DANGEROUS.contains(&cap.as_str()) {
            out.push(
                &DANGEROUS_CAPABILITIES,
                format!("container {quoted} adds the capability {}", go_quote(cap)),
                format!("{}.securityContext.capabilities.add[{i}]", c.path),
                *span,
                "remove the capability; find the narrower one the process needs",
            );
        }
    }
    let drops_all = dropped.iter().any(|(d, _)| d == "ALL");
    let drops_each = INSECURE
        .iter()
        .all(|cap| dropped.iter().any(|(d, _)| d == cap));
    // Adding back NET_BIND_SERVICE after dropping ALL is what the restricted level allows.
    let adds_back = added.iter().find(|(a, _)| {
        a == "ALL" || (INSECURE.contains(&a.as_str()) && !(drops_all && a == "NET_BIND_SERVICE"))
    });
    if let Some((cap, span)) = adds_back {
        out.push(
            &INSECURE_CAPABILITIES,
            format!("container {quoted} adds the capability {}", go_quote(cap)),
            format!("{}.securityContext.capabilities.add", c.path),
            *span,
            "drop ALL and add back only what the process needs",
        );
    } else if !drops_all && !drops_each {
        let (path, span) = match caps {
            Some(caps) => (
                format!("{}.securityContext.capabilities", c.path),
                caps.head(),
            ),
            None => (format!("{}.name", c.path), c.node.at("name")),
        };
        out.push(
            &INSECURE_CAPABILITIES,
            format!("container {quoted} keeps the runtime's default capabilities (NET_RAW among them): it does not drop ALL"),
            path,
            span,
            "add `capabilities: {drop: [ALL]}` to the container's securityContext",
        );
    }
}

/// Node paths through which a pod can take over its node.
const SENSITIVE_PATHS: &[&str] = &[
    "/",
    "/etc",
    "/root",
    "/boot",
    "/dev",
    "/proc",
    "/sys",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/run",
    "/run",
    "/var/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
    "/var/run/containerd/containerd.sock",
];

fn host_paths(out: &mut Out, view: &PodView) {
    for (i, volume) in view.spec.seq_of("volumes").iter().enumerate() {
        let Some(host) = volume.map_of("hostPath") else {
            continue;
        };
        let path = host.str_of("path");
        let name = go_quote(volume.str_of("name"));
        let trimmed = if path.len() > 1 {
            path.trim_end_matches('/')
        } else {
            path
        };
        if SENSITIVE_PATHS.contains(&trimmed) {
            out.push(
                &SENSITIVE_HOST_PATH,
                format!(
                    "volume {name} mounts the node's {}: a pod with it can take over the node",
                    go_quote(path)
                ),
                format!("{}.volumes[{i}].hostPath.path", view.path),
                host.at("path"),
                "do not mount it; isolate an agent that truly needs it",
            );
        }
        out.push(
            &HOST_PATH,
            format!("volume {name} mounts the node's path {}", go_quote(path)),
            format!("{}.volumes[{i}].hostPath", view.path),
            volume.key_at("hostPath"),
            "use an emptyDir, ConfigMap, Secret or PersistentVolumeClaim",
        );
    }
}

/// Does an env variable's name say it holds a secret?
fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['_', '-', '.']).collect();
    let secret_word = |w: &str| {
        matches!(
            w,
            "password"
                | "passwd"
                | "pwd"
                | "secret"
                | "token"
                | "apikey"
                | "credential"
                | "credentials"
        ) || w.ends_with("password")
            || w.ends_with("secret")
            || w.ends_with("token")
    };
    // A name that says the value is about a secret rather than the secret itself: where it is
    // (`*_TOKEN_FILE`, `*_PASSWORD_PATH`), or a switch (`MYSQL_ALLOW_EMPTY_PASSWORD`).
    let about = |w: &str| {
        matches!(
            w,
            "file"
                | "path"
                | "dir"
                | "url"
                | "uri"
                | "host"
                | "port"
                | "name"
                | "user"
                | "username"
                | "enabled"
                | "mode"
                | "type"
                | "length"
                | "location"
                | "endpoint"
                | "id"
                | "allow"
                | "enable"
                | "empty"
                | "require"
                | "required"
                | "policy"
                | "ttl"
        )
    };
    if words.iter().any(|w| about(w)) {
        return false;
    }
    words.iter().any(|w| secret_word(w))
        || words.windows(2).any(|pair| {
            pair[1] == "key"
                && matches!(
                    pair[0],
                    "api" | "access" | "private" | "secret" | "signing" | "encryption"
                )
                || pair[0] == "key" && pair[1] == "content"
        })
}

fn env_secrets(out: &mut Out, c: &Container) {
    for (i, env) in c.node.seq_of("env").iter().enumerate() {
        let Some(value) = env.get("value") else {
            continue;
        };
        let text = value.as_str().unwrap_or("");
        if text.is_empty() {
            continue;
        }
        let name = env.str_of("name");
        // A path or a switch is no secret, whatever the name says.
        let plain_setting = text.starts_with('/')
            || matches!(
                text.to_ascii_lowercase().as_str(),
                "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1"
            );
        let why = if text.contains("PRIVATE KEY") {
            "holds a private key"
        } else if secret_name(name) && !plain_setting {
            "looks like a secret"
        } else {
            continue;
        };
        out.push(
            &ENV_SECRET,
            format!(
                "env {} of container {} {why}, written into the manifest",
                go_quote(name),
                go_quote(c.name)
            ),
            format!("{}.env[{i}].value", c.path),
            value.span,
            "move the value into a Secret and use `valueFrom.secretKeyRef`",
        );
    }
}
