//! API-server warnings (`Warning:` headers; the request still succeeds): the pod warnings of
//! `GetWarningsForPod` / `GetWarningsForPodTemplate`, the name warnings of the create
//! strategies, and the warnings of claims, StatefulSets, ServiceAccounts and Secrets.
//!
//! Paths are prefixed with the template path for workloads (`spec.template.`,
//! `spec.jobTemplate.spec.template.`). In the server's order:
//! - `metadata.name: this is used in the Pod's hostname, which can result in surprising
//!   behavior; a DNS label is recommended: [<messages>]` (Pods), `… this is used in Pod names and
//!   hostnames, …` (Deployments, ReplicaSets, DaemonSets, ReplicationControllers, Jobs,
//!   CronJobs): the name is a valid subdomain but not a DNS label (dots, or over 63 characters).
//! - `spec.nodeSelector[<key>]: deprecated since v1.14; use "kubernetes.io/os" instead` (and the
//!   other deprecated node labels, also as node-affinity keys:
//!   `…matchExpressions[j].key: beta.kubernetes.io/os is deprecated since v1.14; …`, and as
//!   topology keys); an invalid value in a preferred node-affinity term:
//!   `…values[k]: -1 is invalid, a valid label must be …`.
//! - `spec.topologySpreadConstraints[i].labelSelector: a null labelSelector results in matching
//!   no pod` (and for pod (anti-)affinity terms).
//! - `metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in
//!   v1.16+; use the "priorityClassName" field instead`; the sysctl annotations likewise.
//! - `spec.volumes[i].gitRepo: deprecated in v1.11, and disabled by default in v1.33+`, and the
//!   removed plugins (`photonPersistentDisk`, `scaleIO`, `flocker`, `storageOS`, `quobyte`,
//!   `glusterfs`, `cephfs`, `rbd`); fractional storage of an ephemeral volume's claim.
//! - `volume "<v>" (ConfigMap "<name>"): overlapping paths: "a/b" with "a"` (items of configMap,
//!   secret, downwardAPI and projected volumes that overwrite each other), and
//!   `volume "<v>" (Projected) has no sources provided`.
//! - `spec.hostAliases[i].ip: duplicate ip "<ip>"`, `spec.imagePullSecrets[i].name: duplicate
//!   name "<n>"`, `…: invalid empty name ""`.
//! - `…resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer`
//!   (memory and ephemeral-storage of overhead and of every container).
//! - `metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+;
//!   use the "seccompProfile" field instead` (and per container); for templates, an AppArmor
//!   annotation without a field: `deprecated since v1.30; use the "appArmorProfile" field
//!   instead` (for Pods the same text comes from the create strategy when it copies the
//!   annotation into the field).
//! - `spec.containers[i].env[j]: hides previous definition of "X", which may be dropped when
//!   using apply`.
//! - Ports across all containers (init, regular, ephemeral): `hostIP set without hostPort:
//!   {Name: HostPort:0 ContainerPort:80 Protocol:TCP HostIP:10.0.0.1}`; the same
//!   containerPort/protocol twice: `duplicate port definition with <other>`, `overlapping port
//!   definition with <other>` (one hostPort 0), `dangerously ambiguous port definition with
//!   <other>` (same hostPort, one hostIP empty); a port name used twice: `duplicate port name
//!   "http" with <other>, services and probes that select ports by name will use <other>`.
//! - `spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be
//!   treated as 1`.
//! - `spec.dnsConfig.nameservers[i]` / `spec.hostAliases[i].ip`: `non-standard IP address
//!   "05.06.07.08" will be considered invalid in a future Kubernetes release: use "5.6.7.8"`, or
//!   `IPv6 address "…" should be in RFC 5952 canonical format ("…")`.

use std::collections::{HashMap, HashSet};

use super::pod::PodScope;
use super::{Ctx, Path, format, meta};
use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::yaml::Node;

rule!(
    /// **What it does** Warns when a Pod's name is a valid DNS subdomain but not a DNS label (it has
    /// dots, or more than 63 characters).
    ///
    /// **Why it matters** The pod name becomes its hostname; the API server accepts it but warns
    /// (`this is used in the Pod's hostname, which can result in surprising behavior`), since a dotted
    /// hostname is cut at the first dot.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata:
    ///   name: web.v2
    /// ```
    ///
    /// ```yaml
    /// metadata:
    ///   name: web-v2
    /// ```
    ///
    /// **Fix** Use `-` instead of `.` and stay within 63 characters.
    ///
    /// **Kubernetes source** `podStrategy.WarningsOnCreate` (the name checked with
    /// `IsDNS1123Label`) in `pkg/registry/core/pod/strategy.go`.
    POD_NAME_NOT_LABEL,
    "PS3001",
    "pod-name-not-dns-label",
    Warning,
    "a Pod name that is not a DNS label is used as its hostname"
);
rule!(
    /// **What it does** Warns when a Deployment, ReplicaSet, DaemonSet, ReplicationController, Job or
    /// CronJob name is a valid subdomain but not a DNS label.
    ///
    /// **Why it matters** Pod names and hostnames are built from it (`this is used in Pod names and
    /// hostnames, which can result in surprising behavior`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: api.internal
    /// ```
    ///
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: api-internal
    /// ```
    ///
    /// **Fix** Use a DNS label: lower case, digits and `-`, at most 63 characters.
    ///
    /// **Kubernetes source** `WarningsOnCreate` of the apps and batch strategies (e.g.
    /// `pkg/registry/apps/deployment/strategy.go`, using `IsDNS1123Label`).
    WORKLOAD_NAME_NOT_LABEL,
    "PS3002",
    "workload-name-not-dns-label",
    Warning,
    "a workload name that is not a DNS label is used in Pod names and hostnames"
);
rule!(
    /// **What it does** Warns about deprecated node labels (`beta.kubernetes.io/os`,
    /// `beta.kubernetes.io/arch`, `failure-domain.beta.kubernetes.io/zone`, …) in `nodeSelector`, node
    /// affinity and topology keys.
    ///
    /// **Why it matters** Nodes may no longer carry these labels; the API server warns with the
    /// replacement (`deprecated since v1.14; use "kubernetes.io/os" instead`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// nodeSelector:
    ///   beta.kubernetes.io/os: linux
    /// ```
    ///
    /// ```yaml
    /// nodeSelector:
    ///   kubernetes.io/os: linux
    /// ```
    ///
    /// **Fix** Use the GA label the warning names.
    ///
    /// **Kubernetes source** `GetNodeLabelDeprecatedMessage` (via `warningsForPodSpecAndMeta`) in
    /// `pkg/api/pod/warnings.go`.
    DEPRECATED_NODE_LABEL,
    "PS3003",
    "deprecated-node-label",
    Warning,
    "a deprecated node label in a node selector, node affinity or topology key"
);
rule!(
    /// **What it does** Warns about a value in a preferred node-affinity term that is not a valid label
    /// value.
    ///
    /// **Why it matters** Preferred terms are not validated strictly, but no node label can have such a
    /// value, so the preference never matches.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// preference:
    ///   matchExpressions:
    ///   - {key: disk, operator: In, values: ["fast ssd"]}
    /// ```
    ///
    /// ```yaml
    /// preference:
    ///   matchExpressions:
    ///   - {key: disk, operator: In, values: [fast-ssd]}
    /// ```
    ///
    /// **Fix** Use the value the nodes are actually labelled with.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (preferred-term values checked with
    /// `IsValidLabelValue`) in `pkg/api/pod/warnings.go`.
    NODE_AFFINITY_VALUE,
    "PS3004",
    "node-affinity-invalid-value",
    Warning,
    "a preferred node-affinity value is not a valid label value"
);
rule!(
    /// **What it does** Warns about a topology spread constraint or pod (anti-)affinity term without a
    /// `labelSelector`.
    ///
    /// **Why it matters** A null selector matches no pod (`a null labelSelector results in matching no
    /// pod`), so the constraint or term has no effect.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// topologySpreadConstraints:
    /// - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
    /// ```
    ///
    /// ```yaml
    /// topologySpreadConstraints:
    /// - maxSkew: 1
    ///   topologyKey: zone
    ///   whenUnsatisfiable: DoNotSchedule
    ///   labelSelector: {matchLabels: {app: web}}
    /// ```
    ///
    /// **Fix** Select the pods to spread from or near, usually by the pod's own labels.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    NULL_LABEL_SELECTOR,
    "PS3005",
    "null-label-selector",
    Warning,
    "a missing labelSelector in a topology spread constraint or pod affinity term matches no pod"
);
rule!(
    /// **What it does** Warns about non-functional pod annotations: `scheduler.alpha.kubernetes.io/critical-pod`
    /// and the `security.alpha.kubernetes.io/sysctls` / `unsafe-sysctls` annotations.
    ///
    /// **Why it matters** They have done nothing for years (`non-functional in v1.16+`); the intent is
    /// silently lost.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   scheduler.alpha.kubernetes.io/critical-pod: ""
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   priorityClassName: system-cluster-critical
    /// ```
    ///
    /// **Fix** Use `priorityClassName` and `securityContext.sysctls`.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    DEPRECATED_ANNOTATION,
    "PS3006",
    "deprecated-pod-annotation",
    Warning,
    "an annotation that no longer has any effect"
);
rule!(
    /// **What it does** Warns about deprecated or removed volume plugins: `gitRepo`, `photonPersistentDisk`,
    /// `scaleIO`, `flocker`, `storageOS`, `quobyte`, `glusterfs`, `cephfs`, `rbd`, and fractional storage
    /// in an ephemeral volume's claim.
    ///
    /// **Why it matters** The API server accepts them with a warning, but recent kubelets cannot mount
    /// most of them: the pod would hang in ContainerCreating.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: src
    ///   gitRepo: {repository: "https://example.com/app.git"}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: src
    ///   emptyDir: {}
    /// ```
    ///
    /// **Fix** Use CSI drivers through PersistentVolumeClaims, or an init container for git.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    DEPRECATED_VOLUME,
    "PS3007",
    "deprecated-volume-plugin",
    Warning,
    "a deprecated or removed volume plugin"
);
rule!(
    /// **What it does** Warns when items of a configMap, secret, downwardAPI or projected volume write
    /// overlapping paths (`a/b` and `a`), and about a projected volume without sources.
    ///
    /// **Why it matters** One file overwrites or hides another in the volume; which one wins is
    /// undefined.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// configMap:
    ///   name: app
    ///   items:
    ///   - {key: conf, path: etc}
    ///   - {key: extra, path: etc/extra}
    /// ```
    ///
    /// ```yaml
    /// configMap:
    ///   name: app
    ///   items:
    ///   - {key: conf, path: etc/app.conf}
    ///   - {key: extra, path: etc/extra}
    /// ```
    ///
    /// **Fix** Give every item a path that is not a prefix folder of another.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (`checkVolumeMappingForOverlap`) in
    /// `pkg/api/pod/warnings.go`.
    OVERLAPPING_PATHS,
    "PS3008",
    "overlapping-volume-paths",
    Warning,
    "items of a configMap, secret, downwardAPI or projected volume overwrite each other"
);
rule!(
    /// **What it does** Warns about two `hostAliases` entries with the same IP.
    ///
    /// **Why it matters** The kubelet writes both lines to `/etc/hosts`; the names are better kept in
    /// one entry.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostAliases:
    /// - {ip: 10.1.2.3, hostnames: [db]}
    /// - {ip: 10.1.2.3, hostnames: [db-primary]}
    /// ```
    ///
    /// ```yaml
    /// hostAliases:
    /// - {ip: 10.1.2.3, hostnames: [db, db-primary]}
    /// ```
    ///
    /// **Fix** Merge the hostnames into one entry per IP.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    DUPLICATE_HOST_ALIAS,
    "PS3009",
    "duplicate-host-alias-ip",
    Warning,
    "the same IP in two hostAliases entries"
);
rule!(
    /// **What it does** Warns about an `imagePullSecrets` entry with an empty name, or a name listed
    /// twice.
    ///
    /// **Why it matters** An empty name refers to nothing (often a Helm value left empty); a duplicate
    /// is redundant.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// imagePullSecrets:
    /// - name: ""
    /// ```
    ///
    /// ```yaml
    /// imagePullSecrets:
    /// - name: registry-credentials
    /// ```
    ///
    /// **Fix** Name the Secret once, or remove the list.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    IMAGE_PULL_SECRET,
    "PS3010",
    "image-pull-secret-name",
    Warning,
    "an empty or repeated imagePullSecrets name"
);
rule!(
    /// **What it does** Warns about a memory or ephemeral-storage quantity that is a fraction of a byte,
    /// such as `1500m` (1.5 bytes) — usually meant as `1500Mi`.
    ///
    /// **Why it matters** The API server accepts it (`fractional byte value "1500m" is invalid, must be
    /// an integer`), and the container then gets almost no memory and is OOM-killed.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// resources:
    ///   limits: {memory: 512m}
    /// ```
    ///
    /// ```yaml
    /// resources:
    ///   limits: {memory: 512Mi}
    /// ```
    ///
    /// **Fix** Use `Mi`/`Gi` (or `M`/`G`) for memory; `m` means thousandths.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (`fractionalByteValue` checks) in
    /// `pkg/api/pod/warnings.go`.
    FRACTIONAL_BYTES,
    "PS3011",
    "fractional-byte-value",
    Warning,
    "a memory or storage quantity that is not a whole number of bytes"
);
rule!(
    /// **What it does** Warns about the seccomp annotations (`seccomp.security.alpha.kubernetes.io/pod`,
    /// `container.seccomp.security.alpha.kubernetes.io/<c>`).
    ///
    /// **Why it matters** They have no effect since v1.27 (`non-functional in v1.27+`); the profile is
    /// not applied.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   seccomp.security.alpha.kubernetes.io/pod: runtime/default
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Use the `seccompProfile` field.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    SECCOMP_ANNOTATION_DEPRECATED,
    "PS3012",
    "seccomp-annotation-deprecated",
    Warning,
    "a seccomp annotation without the seccompProfile field has no effect since v1.27"
);
rule!(
    /// **What it does** Warns about a container AppArmor annotation
    /// (`container.apparmor.security.beta.kubernetes.io/<c>`) with no matching `appArmorProfile` field.
    ///
    /// **Why it matters** The annotation is deprecated since v1.30 in favour of the field.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// annotations:
    ///   container.apparmor.security.beta.kubernetes.io/web: runtime/default
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - name: web
    ///   image: nginx
    ///   securityContext:
    ///     appArmorProfile: {type: RuntimeDefault}
    /// ```
    ///
    /// **Fix** Use `securityContext.appArmorProfile`.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go` (and
    /// `applyAppArmorVersionSkew` in `pkg/registry/core/pod/strategy.go` for Pods).
    APPARMOR_ANNOTATION_DEPRECATED,
    "PS3013",
    "apparmor-annotation-deprecated",
    Warning,
    "an AppArmor annotation instead of the appArmorProfile field"
);
rule!(
    /// **What it does** Warns when an env variable is defined twice in one container; the later
    /// definition hides the earlier.
    ///
    /// **Why it matters** The earlier value is dead, and `kubectl apply` may drop one of them when
    /// merging (`may be dropped when using apply`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - {name: LOG_LEVEL, value: info}
    /// - {name: LOG_LEVEL, value: debug}
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - {name: LOG_LEVEL, value: debug}
    /// ```
    ///
    /// **Fix** Keep one definition.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    ENV_HIDES,
    "PS3014",
    "env-hides-previous-definition",
    Warning,
    "an environment variable defined twice in a container"
);
rule!(
    /// **What it does** Warns about a port with `hostIP` but no `hostPort`.
    ///
    /// **Why it matters** `hostIP` only says where to bind a host port; without one it does nothing.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ports:
    /// - {containerPort: 80, hostIP: 10.0.0.1}
    /// ```
    ///
    /// ```yaml
    /// ports:
    /// - {containerPort: 80, hostPort: 8080, hostIP: 10.0.0.1}
    /// ```
    ///
    /// **Fix** Add the `hostPort`, or drop `hostIP`.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (`checkContainerPorts`) in
    /// `pkg/api/pod/warnings.go`.
    HOST_IP_WITHOUT_PORT,
    "PS3015",
    "host-ip-without-host-port",
    Warning,
    "a port with hostIP but no hostPort"
);
rule!(
    /// **What it does** Warns about the same `containerPort` and protocol declared twice across the
    /// pod's containers (`duplicate`, `overlapping` or `dangerously ambiguous port definition`).
    ///
    /// **Why it matters** All containers share one network namespace, so only one can listen there;
    /// the duplicate is a mistake or dead.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - {name: a, image: a, ports: [{containerPort: 8080}]}
    /// - {name: b, image: b, ports: [{containerPort: 8080}]}
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - {name: a, image: a, ports: [{containerPort: 8080}]}
    /// - {name: b, image: b, ports: [{containerPort: 9090}]}
    /// ```
    ///
    /// **Fix** Give each container its own port.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (`checkContainerPorts`) in
    /// `pkg/api/pod/warnings.go`.
    DUPLICATE_PORT,
    "PS3016",
    "duplicate-port-definition",
    Warning,
    "the same containerPort and protocol declared twice in the pod"
);
rule!(
    /// **What it does** Warns about a port name used by two containers of the pod.
    ///
    /// **Why it matters** Services and probes selecting the port by name will use the first one
    /// (`services and probes that select ports by name will use …`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// containers:
    /// - {name: a, image: a, ports: [{name: http, containerPort: 8080}]}
    /// - {name: b, image: b, ports: [{name: http, containerPort: 9090}]}
    /// ```
    ///
    /// ```yaml
    /// containers:
    /// - {name: a, image: a, ports: [{name: http, containerPort: 8080}]}
    /// - {name: b, image: b, ports: [{name: metrics, containerPort: 9090}]}
    /// ```
    ///
    /// **Fix** Give each port a pod-wide unique name.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (`checkContainerPorts`) in
    /// `pkg/api/pod/warnings.go`.
    DUPLICATE_PORT_NAME,
    "PS3017",
    "duplicate-port-name",
    Warning,
    "the same port name in two containers of the pod"
);
rule!(
    /// **What it does** Warns about a negative `spec.terminationGracePeriodSeconds`.
    ///
    /// **Why it matters** It is treated as 1 second (`negative values are invalid and will be treated as
    /// 1`), so containers are killed almost at once.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   terminationGracePeriodSeconds: -1
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   terminationGracePeriodSeconds: 30
    /// ```
    ///
    /// **Fix** Use zero or a positive number of seconds.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` in `pkg/api/pod/warnings.go`.
    NEGATIVE_GRACE_PERIOD,
    "PS3018",
    "negative-termination-grace-period",
    Warning,
    "a negative terminationGracePeriodSeconds is treated as 1"
);
rule!(
    /// **What it does** Warns about IP addresses in `dnsConfig.nameservers` and `hostAliases` that are
    /// accepted but not canonical: leading zeros (`05.06.07.08`), IPv4-mapped IPv6, or IPv6 not in RFC
    /// 5952 form.
    ///
    /// **Why it matters** Leading zeros are read as octal by some tools, and such addresses will be
    /// rejected in a future release.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// dnsConfig:
    ///   nameservers: [010.0.0.10]
    /// ```
    ///
    /// ```yaml
    /// dnsConfig:
    ///   nameservers: [10.0.0.10]
    /// ```
    ///
    /// **Fix** Write the address in its canonical form, as the warning suggests.
    ///
    /// **Kubernetes source** `warningsForPodSpecAndMeta` (`GetWarningsForIP`) in
    /// `pkg/api/pod/warnings.go`.
    NON_STANDARD_IP,
    "PS3019",
    "non-standard-ip",
    Warning,
    "an IP address with leading zeros, IPv4-mapped IPv6, or IPv6 not in canonical form"
);
rule!(
    /// **What it does** Warns about the `volume.beta.kubernetes.io/storage-class` annotation on a
    /// PersistentVolumeClaim.
    ///
    /// **Why it matters** It is deprecated since v1.8 in favour of `spec.storageClassName`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: PersistentVolumeClaim
    /// metadata:
    ///   annotations: {volume.beta.kubernetes.io/storage-class: fast}
    /// ```
    ///
    /// ```yaml
    /// kind: PersistentVolumeClaim
    /// spec:
    ///   storageClassName: fast
    /// ```
    ///
    /// **Fix** Move the class into `spec.storageClassName`.
    ///
    /// **Kubernetes source** `GetWarningsForPersistentVolumeClaim` in `pkg/api/persistentvolumeclaim/util.go`.
    PVC_STORAGE_CLASS_ANNOTATION,
    "PS3020",
    "pvc-storage-class-annotation",
    Warning,
    "the beta storage-class annotation instead of storageClassName"
);
rule!(
    /// **What it does** Warns about a negative `revisionHistoryLimit` on a StatefulSet.
    ///
    /// **Why it matters** A negative value keeps every ControllerRevision forever (`a value >= 0 is
    /// recommended`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: StatefulSet
    /// spec:
    ///   revisionHistoryLimit: -1
    /// ```
    ///
    /// ```yaml
    /// kind: StatefulSet
    /// spec:
    ///   revisionHistoryLimit: 10
    /// ```
    ///
    /// **Fix** Use a non-negative limit (10 is the default).
    ///
    /// **Kubernetes source** `statefulSetStrategy.WarningsOnCreate` in
    /// `pkg/registry/apps/statefulset/strategy.go`.
    NEGATIVE_REVISION_HISTORY,
    "PS3021",
    "statefulset-negative-revision-history",
    Warning,
    "a negative StatefulSet revisionHistoryLimit keeps every revision"
);
rule!(
    /// **What it does** Warns about the `kubernetes.io/enforce-mountable-secrets` annotation on a
    /// ServiceAccount.
    ///
    /// **Why it matters** It is deprecated since v1.32 (`prefer separate namespaces to isolate access
    /// to mounted secrets`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: ServiceAccount
    /// metadata:
    ///   name: build
    ///   annotations: {kubernetes.io/enforce-mountable-secrets: "true"}
    /// ```
    ///
    /// ```yaml
    /// kind: ServiceAccount
    /// metadata:
    ///   name: build
    ///   namespace: build-secrets
    /// ```
    ///
    /// **Fix** Isolate Secrets by namespace instead.
    ///
    /// **Kubernetes source** `serviceAccountStrategy.WarningsOnCreate` in
    /// `pkg/registry/core/serviceaccount/strategy.go`.
    MOUNTABLE_SECRETS,
    "PS3022",
    "service-account-mountable-secrets",
    Warning,
    "the deprecated enforce-mountable-secrets annotation of a ServiceAccount"
);
rule!(
    /// **What it does** Warns when a `kubernetes.io/tls` Secret's `tls.crt` or `tls.key` holds no PEM
    /// block of the right kind (a CERTIFICATE, a PRIVATE KEY).
    ///
    /// **Why it matters** Ingress controllers and servers cannot load the pair; the server warns with
    /// the message of Go's `tls.X509KeyPair`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Secret
    /// type: kubernetes.io/tls
    /// stringData:
    ///   tls.crt: "my-cert"
    ///   tls.key: "my-key"
    /// ```
    ///
    /// ```yaml
    /// kind: Secret
    /// type: kubernetes.io/tls
    /// stringData:
    ///   tls.crt: |
    ///     -----BEGIN CERTIFICATE-----
    ///     ...
    ///   tls.key: |
    ///     -----BEGIN PRIVATE KEY-----
    ///     ...
    /// ```
    ///
    /// **Fix** Put the PEM files themselves in the Secret (`kubectl create secret tls`).
    ///
    /// **Kubernetes source** `secretStrategy.WarningsOnCreate` (`tls.X509KeyPair`) in
    /// `pkg/registry/core/secret/strategy.go`.
    TLS_KEY_PAIR,
    "PS3023",
    "secret-tls-key-pair",
    Warning,
    "a kubernetes.io/tls Secret whose tls.crt or tls.key holds no PEM data of the right kind"
);
rule!(
    /// **What it does** Warns about an Indexed Job with more than 10^5 `completions` and more than 10^4
    /// `parallelism`.
    ///
    /// **Why it matters** The Job controller may not be able to track `completedIndexes` when many
    /// indexes fail.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   completionMode: Indexed
    ///   completions: 200000
    ///   parallelism: 20000
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   completionMode: Indexed
    ///   completions: 200000
    ///   parallelism: 5000
    /// ```
    ///
    /// **Fix** Lower the parallelism, or split the work into several Jobs.
    ///
    /// **Kubernetes source** `WarningsForJobSpec` in `pkg/api/job/warnings.go` (called by
    /// `jobStrategy.WarningsOnCreate`).
    INDEXED_JOB_LIMITS,
    "PS3024",
    "indexed-job-high-completions",
    Warning,
    "an Indexed Job with more than 10^5 completions and 10^4 parallelism"
);

pub const RULES: &[&Rule] = &[
    &POD_NAME_NOT_LABEL,
    &WORKLOAD_NAME_NOT_LABEL,
    &DEPRECATED_NODE_LABEL,
    &NODE_AFFINITY_VALUE,
    &NULL_LABEL_SELECTOR,
    &DEPRECATED_ANNOTATION,
    &DEPRECATED_VOLUME,
    &OVERLAPPING_PATHS,
    &DUPLICATE_HOST_ALIAS,
    &IMAGE_PULL_SECRET,
    &FRACTIONAL_BYTES,
    &SECCOMP_ANNOTATION_DEPRECATED,
    &APPARMOR_ANNOTATION_DEPRECATED,
    &ENV_HIDES,
    &HOST_IP_WITHOUT_PORT,
    &DUPLICATE_PORT,
    &DUPLICATE_PORT_NAME,
    &NEGATIVE_GRACE_PERIOD,
    &NON_STANDARD_IP,
    &PVC_STORAGE_CLASS_ANNOTATION,
    &NEGATIVE_REVISION_HISTORY,
    &MOUNTABLE_SECRETS,
    &TLS_KEY_PAIR,
    &INDEXED_JOB_LIMITS,
];

/// `GetNodeLabelDeprecatedMessage`
pub fn node_label_deprecated(key: &str) -> Option<&'static str> {
    Some(match key {
        "beta.kubernetes.io/arch" => "deprecated since v1.14; use \"kubernetes.io/arch\" instead",
        "beta.kubernetes.io/os" => "deprecated since v1.14; use \"kubernetes.io/os\" instead",
        "failure-domain.beta.kubernetes.io/region" => {
            "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead"
        }
        "failure-domain.beta.kubernetes.io/zone" => {
            "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead"
        }
        "beta.kubernetes.io/instance-type" => {
            "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead"
        }
        "node-role.kubernetes.io/master" => "use \"node-role.kubernetes.io/control-plane\" instead",
        _ => return None,
    })
}

/// Port pairs the duplicate-port warnings compare at most per pod (see `pod_warnings`).
const MAX_PORT_COMPARISONS: usize = 10_000;

const DEPRECATED_ANNOTATIONS: &[(&str, &str)] = &[
    (
        "scheduler.alpha.kubernetes.io/critical-pod",
        "non-functional in v1.16+; use the \"priorityClassName\" field instead",
    ),
    (
        "security.alpha.kubernetes.io/sysctls",
        "non-functional in v1.11+; use the \"sysctls\" field instead",
    ),
    (
        "security.alpha.kubernetes.io/unsafe-sysctls",
        "non-functional in v1.11+; use the \"sysctls\" field instead",
    ),
];

const DEPRECATED_VOLUMES: &[(&str, &str)] = &[
    (
        "photonPersistentDisk",
        "deprecated in v1.11, non-functional in v1.16+",
    ),
    (
        "gitRepo",
        "deprecated in v1.11, and disabled by default in v1.33+",
    ),
    ("scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
    ("flocker", "deprecated in v1.22, non-functional in v1.25+"),
    ("storageos", "deprecated in v1.22, non-functional in v1.25+"),
    ("quobyte", "deprecated in v1.22, non-functional in v1.25+"),
    ("glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
    ("", ""),
    ("cephfs", "deprecated in v1.28, non-functional in v1.31+"),
    ("rbd", "deprecated in v1.28, non-functional in v1.31+"),
];

/// The `%v` of a `[]string`: `[a b]`.
pub fn go_string_list(msgs: &[String]) -> String {
    format!("[{}]", msgs.join(" "))
}

/// The name warning of the workload strategies (`name` is the name the object gets).
pub fn workload_name_warning(ctx: &mut Ctx, name: &str, span: Span) {
    let msgs = format::dns1123_label(name);
    if !msgs.is_empty() {
        ctx.warn(
            &WORKLOAD_NAME_NOT_LABEL,
            &Path::ROOT.child("metadata").child("name"),
            span,
            format!("this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: {}", go_string_list(&msgs)),
        );
    }
}

/// A port seen earlier in the pod, for the duplicate checks.
struct PortBlock<'d> {
    path: String,
    host_ip: &'d str,
    host_port: i64,
}

/// What every step of [`pod_warnings`] reads.
struct PodWarn<'a> {
    scope: &'a PodScope<'a>,
    spec: &'a Node,
    annotations: Option<&'a Node>,
    meta_path: &'a Path<'a>,
    ann_path: &'a Path<'a>,
    spec_path: &'a Path<'a>,
}

/// `GetWarningsForPod` / `GetWarningsForPodTemplate`: `path` is the root for a Pod, or the
/// template path (`spec.template`) for a workload. The steps run in the server's order, so the
/// warnings come out in it.
pub fn pod_warnings(ctx: &mut Ctx, scope: &PodScope, path: &Path) {
    let meta_path = path.child("metadata");
    let ann_path = meta_path.child("annotations");
    let spec_path = path.child("spec");
    let w = PodWarn {
        scope,
        spec: scope.spec,
        annotations: scope.meta.get("annotations").filter(|a| a.is_map()),
        meta_path: &meta_path,
        ann_path: &ann_path,
        spec_path: &spec_path,
    };
    pod_name_warning(ctx, &w);
    deprecated_node_label_warnings(ctx, &w);
    deprecated_annotation_warnings(ctx, &w);
    volume_warnings(ctx, &w);
    repeated_field_warnings(ctx, &w);
    overhead_warnings(ctx, &w);
    container_warnings(ctx, &w);
    port_warnings(ctx, &w);
    grace_period_warning(ctx, &w);
    pod_affinity_warnings(ctx, &w);
    ip_warnings(ctx, &w);
}

/// The Pod's name (only on a Pod): a DNS label is recommended, and the AppArmor annotations.
fn pod_name_warning(ctx: &mut Ctx, w: &PodWarn) {
    let scope = w.scope;
    let meta_path = w.meta_path;
    let ann_path = w.ann_path;
    if scope.is_pod {
        pod_apparmor_warnings(ctx, scope, ann_path);
        let name = meta::effective_name(scope.meta);
        let msgs = format::dns1123_label(&name);
        if !msgs.is_empty() {
            ctx.warn(
                &POD_NAME_NOT_LABEL,
                &meta_path.child("name"),
                scope.meta.at("name"),
                format!("this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: {}", go_string_list(&msgs)),
            );
        }
    }
}

/// Deprecated node labels in the node selector, node affinity and topology spread constraints; topology spread constraints without a label selector.
fn deprecated_node_label_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let spec = w.spec;
    let spec_path = w.spec_path;
    // Deprecated node labels.
    if let Some(ns) = spec.map_of("nodeSelector") {
        let ns_path = spec_path.child("nodeSelector");
        for (key, _, key_span) in super::workloads::json::sorted_entries(ns) {
            if let Some(msg) = node_label_deprecated(key) {
                ctx.warn(&DEPRECATED_NODE_LABEL, &ns_path.key(key), key_span, msg);
            }
        }
    }
    if let Some(na) = spec
        .map_of("affinity")
        .and_then(|a| a.map_of("nodeAffinity"))
    {
        let aff_path = spec_path.child("affinity");
        let na_path = aff_path.child("nodeAffinity");
        if let Some(req) = na.map_of("requiredDuringSchedulingIgnoredDuringExecution") {
            let rp = na_path.child("requiredDuringSchedulingIgnoredDuringExecution");
            let tp = rp.child("nodeSelectorTerms");
            for (i, term) in req.seq_of("nodeSelectorTerms").iter().enumerate() {
                node_selector_term_warnings(ctx, term, &tp.index(i), false);
            }
        }
        let pp = na_path.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, term) in na
            .seq_of("preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            if let Some(pref) = term.map_of("preference") {
                let ip = pp.index(i);
                node_selector_term_warnings(ctx, pref, &ip.child("preference"), true);
            }
        }
    }
    let tsc_path = spec_path.child("topologySpreadConstraints");
    for (i, c) in spec.seq_of("topologySpreadConstraints").iter().enumerate() {
        let cp = tsc_path.index(i);
        let key = c.str_of("topologyKey");
        if let Some(msg) = node_label_deprecated(key) {
            ctx.warn(
                &DEPRECATED_NODE_LABEL,
                &cp.child("topologyKey"),
                c.at("topologyKey"),
                format!("{key} is {msg}"),
            );
        }
        if c.get("labelSelector").is_none() {
            ctx.warn(
                &NULL_LABEL_SELECTOR,
                &cp.child("labelSelector"),
                c.head(),
                "a null labelSelector results in matching no pod",
            );
        }
    }
}

/// Deprecated annotations.
fn deprecated_annotation_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let annotations = w.annotations;
    let ann_path = w.ann_path;
    // Deprecated annotations.
    for (key, msg) in DEPRECATED_ANNOTATIONS {
        if meta::annotation(annotations, key).is_some() {
            ctx.warn(
                &DEPRECATED_ANNOTATION,
                &ann_path.key(key),
                annotations.map_or(Span::EMPTY, |a| a.key_at(key)),
                *msg,
            );
        }
    }
}

/// Deprecated and removed volume plugins, ephemeral claims, overlapping paths in one volume.
fn volume_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let spec = w.spec;
    let spec_path = w.spec_path;
    // Deprecated and removed volume plugins, ephemeral claims.
    let vol_path = spec_path.child("volumes");
    for (i, v) in spec.seq_of("volumes").iter().enumerate() {
        let vp = vol_path.index(i);
        for (field, msg) in DEPRECATED_VOLUMES {
            if field.is_empty() {
                if let Some(spec) = v
                    .map_of("ephemeral")
                    .and_then(|e| e.map_of("volumeClaimTemplate"))
                    .and_then(|t| t.map_of("spec"))
                {
                    let ep = vp.child("ephemeral");
                    let tp = ep.child("volumeClaimTemplate");
                    pvc_spec_warnings(ctx, spec, &tp.child("spec"));
                }
                continue;
            }
            if v.map_of(field).is_some() {
                // The field is `storageos` in JSON, the path says `storageOS`.
                let name = if *field == "storageos" {
                    "storageOS"
                } else {
                    field
                };
                ctx.warn(&DEPRECATED_VOLUME, &vp.child(name), v.key_at(field), *msg);
            }
        }
    }
    overlapping_paths(ctx, spec);
}

/// Repeated hostAliases and imagePullSecrets, image pull Secrets without a name.
fn repeated_field_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let spec = w.spec;
    let spec_path = w.spec_path;
    // hostAliases and imagePullSecrets.
    warn_repeated_field(
        ctx,
        &DUPLICATE_HOST_ALIAS,
        spec,
        &spec_path.child("hostAliases"),
        "hostAliases",
        "ip",
    );
    let secrets = spec.seq_of("imagePullSecrets");
    let ips_path = spec_path.child("imagePullSecrets");
    warn_repeated_field(
        ctx,
        &IMAGE_PULL_SECRET,
        spec,
        &ips_path,
        "imagePullSecrets",
        "name",
    );
    for (i, s) in secrets.iter().enumerate() {
        if s.str_of("name").is_empty() {
            let sp = ips_path.index(i);
            ctx.warn(
                &IMAGE_PULL_SECRET,
                &sp.child("name"),
                s.at("name"),
                "invalid empty name \"\"",
            );
        }
    }
}

/// Fractional byte values in the overhead.
fn overhead_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let spec = w.spec;
    let spec_path = w.spec_path;
    // Fractional overhead.
    if let Some(overhead) = spec.map_of("overhead") {
        let op = spec_path.child("overhead");
        for r in ["memory", "ephemeral-storage"] {
            fractional_warning(ctx, overhead, r, &op);
        }
    }
}

/// Seccomp and AppArmor annotations without fields, fractional bytes in resources, environment variables that hide earlier ones.
fn container_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let scope = w.scope;
    let spec = w.spec;
    let annotations = w.annotations;
    let ann_path = w.ann_path;
    let spec_path = w.spec_path;
    // Seccomp annotations without fields.
    let pod_sc = spec.map_of("securityContext");
    if pod_sc.and_then(|sc| sc.map_of("seccompProfile")).is_none()
        && meta::annotation(annotations, meta::SECCOMP_POD_ANNOTATION).is_some()
    {
        ctx.warn(
            &SECCOMP_ANNOTATION_DEPRECATED,
            &ann_path.key(meta::SECCOMP_POD_ANNOTATION),
            annotations.map_or(Span::EMPTY, |a| a.key_at(meta::SECCOMP_POD_ANNOTATION)),
            "non-functional in v1.27+; use the \"seccompProfile\" field instead",
        );
    }
    let pod_apparmor = pod_sc.and_then(|sc| sc.map_of("appArmorProfile")).is_some();
    let by_key = crate::yaml::KeyIndex::new(annotations);
    for (list, i, c) in meta::visit_containers(spec) {
        let lp = spec_path.child(list);
        let cp = lp.index(i);
        let name = c.str_of("name");
        let sc = c.map_of("securityContext");
        if sc.and_then(|s| s.map_of("seccompProfile")).is_none() {
            let key = format!("{}{name}", meta::SECCOMP_CONTAINER_PREFIX);
            if by_key.value(&key).is_some() {
                let span = by_key.entry(&key).map_or(Span::EMPTY, |e| e.key_span);
                ctx.warn(
                    &SECCOMP_ANNOTATION_DEPRECATED,
                    &ann_path.key(&key),
                    span,
                    "non-functional in v1.27+; use the \"seccompProfile\" field instead",
                );
            }
        }
        if !scope.is_pod && !pod_apparmor && sc.and_then(|s| s.map_of("appArmorProfile")).is_none()
        {
            let key = format!("{}{name}", meta::APPARMOR_PREFIX);
            if by_key.value(&key).is_some() {
                let span = by_key.entry(&key).map_or(Span::EMPTY, |e| e.key_span);
                ctx.warn(
                    &APPARMOR_ANNOTATION_DEPRECATED,
                    &ann_path.key(&key),
                    span,
                    "deprecated since v1.30; use the \"appArmorProfile\" field instead",
                );
            }
        }
        if let Some(res) = c.map_of("resources") {
            let rp = cp.child("resources");
            let limits = res.map_of("limits");
            let requests = res.map_of("requests");
            let lim_path = rp.child("limits");
            let req_path = rp.child("requests");
            for r in ["memory", "ephemeral-storage"] {
                if let Some(l) = limits {
                    fractional_warning(ctx, l, r, &lim_path);
                }
                match requests.filter(|q| q.get(r).is_some()) {
                    Some(q) => fractional_warning(ctx, q, r, &req_path),
                    // Pods: a missing request is defaulted from the limit.
                    None if scope.is_pod && list != "ephemeralContainers" => {
                        if let Some(l) = limits {
                            if let Some(text) = l.get(r).and_then(fractional_bytes) {
                                ctx.warn(
                                    &FRACTIONAL_BYTES,
                                    &req_path.key(r),
                                    l.at(r),
                                    format!(
                                        "fractional byte value {} is invalid, must be an integer",
                                        super::go_quote(&text)
                                    ),
                                );
                            }
                        }
                    }
                    None => {}
                }
            }
        }
        let env = c.seq_of("env");
        if env.len() > 1 {
            let mut seen: HashSet<&str> = HashSet::new();
            let ep = cp.child("env");
            for (j, e) in env.iter().enumerate() {
                let n = e.str_of("name");
                if seen.contains(n) {
                    let reference = format!("$({n})");
                    let value = e.str_of("value");
                    if e.get("valueFrom").is_some()
                        || value == reference
                        || !value.contains(&reference)
                    {
                        ctx.warn(&ENV_HIDES, &ep.index(j), e.at("name"), format!("hides previous definition of {}, which may be dropped when using apply", super::go_quote(n)));
                    }
                } else {
                    seen.insert(n);
                }
            }
        }
    }
}

/// Ports: hostIP without hostPort, duplicate and overlapping ports, duplicate port names.
fn port_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let scope = w.scope;
    let spec = w.spec;
    let spec_path = w.spec_path;
    // Ports.
    let host_network = spec.bool_of("hostNetwork") == Some(true);
    let mut all_ports: HashMap<(i64, &str), Vec<PortBlock>> = HashMap::new();
    // The server compares every pair of ports with one number; past MAX_PORT_COMPARISONS per
    // pod (50,000 containers on one port) the rest are not compared, so the cost stays bounded.
    let mut comparisons = 0usize;
    for (list, i, c) in meta::visit_containers(spec) {
        let lp = spec_path.child(list);
        let cp = lp.index(i);
        let pp = cp.child("ports");
        for (j, port) in c.seq_of("ports").iter().enumerate() {
            let container_port = port.i64_of("containerPort").unwrap_or(0);
            let protocol = port
                .opt_str("protocol")
                .filter(|p| !p.is_empty())
                .unwrap_or("TCP");
            let host_ip = port.str_of("hostIP");
            let mut host_port = port.i64_of("hostPort").unwrap_or(0);
            if scope.is_pod && host_network && host_port == 0 && list != "ephemeralContainers" {
                host_port = container_port;
            }
            let this = pp.index(j).to_string();
            if !host_ip.is_empty() && host_port == 0 {
                ctx.warn(
                    &HOST_IP_WITHOUT_PORT,
                    &pp.index(j),
                    port.at("hostIP"),
                    format!("hostIP set without hostPort: {{Name:{} HostPort:{host_port} ContainerPort:{container_port} Protocol:{protocol} HostIP:{host_ip}}}", port.str_of("name")),
                );
            }
            let others = all_ports.entry((container_port, protocol)).or_default();
            let budget = MAX_PORT_COMPARISONS.saturating_sub(comparisons);
            comparisons += others.len().min(budget);
            for other in others.iter().take(budget) {
                let msg = if host_ip == other.host_ip && host_port == other.host_port {
                    Some("duplicate port definition with")
                } else if host_port == 0 || other.host_port == 0 {
                    Some("overlapping port definition with")
                } else if host_port == other.host_port
                    && (host_ip.is_empty() != other.host_ip.is_empty())
                {
                    Some("dangerously ambiguous port definition with")
                } else {
                    None
                };
                if let Some(msg) = msg {
                    ctx.warn(
                        &DUPLICATE_PORT,
                        &pp.index(j),
                        port.at("containerPort"),
                        format!("{msg} {}", other.path),
                    );
                }
            }
            others.push(PortBlock {
                path: this,
                host_ip,
                host_port,
            });
        }
    }
    let mut port_names: HashMap<&str, String> = HashMap::new();
    for (list, i, c) in meta::visit_containers(spec) {
        let lp = spec_path.child(list);
        let cp = lp.index(i);
        let pp = cp.child("ports");
        for (j, port) in c.seq_of("ports").iter().enumerate() {
            let name = port.str_of("name");
            if name.is_empty() {
                continue;
            }
            if let Some(other) = port_names.get(name) {
                ctx.warn(
                    &DUPLICATE_PORT_NAME,
                    &pp.index(j),
                    port.at("name"),
                    format!("duplicate port name {} with {other}, services and probes that select ports by name will use {other}", super::go_quote(name)),
                );
            } else {
                port_names.insert(name, pp.index(j).to_string());
            }
        }
    }
}

/// A negative termination grace period (pod templates only).
fn grace_period_warning(ctx: &mut Ctx, w: &PodWarn) {
    let scope = w.scope;
    let spec = w.spec;
    let spec_path = w.spec_path;
    // On a Pod the strategy has already set a negative grace period to 1 when the warnings
    // are made, so only pod templates get this one.
    if !scope.is_pod
        && spec
            .i64_of("terminationGracePeriodSeconds")
            .is_some_and(|t| t < 0)
    {
        ctx.warn(
            &NEGATIVE_GRACE_PERIOD,
            &spec_path.child("terminationGracePeriodSeconds"),
            spec.at("terminationGracePeriodSeconds"),
            "must be >= 0; negative values are invalid and will be treated as 1",
        );
    }
}

/// Pod (anti-)affinity terms without a label selector.
fn pod_affinity_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let spec = w.spec;
    let spec_path = w.spec_path;
    if let Some(aff) = spec.map_of("affinity") {
        let ap = spec_path.child("affinity");
        for kind in ["podAffinity", "podAntiAffinity"] {
            let Some(pa) = aff.map_of(kind) else { continue };
            let kp = ap.child(kind);
            let rp = kp.child("requiredDuringSchedulingIgnoredDuringExecution");
            for (i, t) in pa
                .seq_of("requiredDuringSchedulingIgnoredDuringExecution")
                .iter()
                .enumerate()
            {
                if t.get("labelSelector").is_none() {
                    let tp = rp.index(i);
                    ctx.warn(
                        &NULL_LABEL_SELECTOR,
                        &tp.child("labelSelector"),
                        t.head(),
                        "a null labelSelector results in matching no pod",
                    );
                }
            }
            let pp = kp.child("preferredDuringSchedulingIgnoredDuringExecution");
            for (i, t) in pa
                .seq_of("preferredDuringSchedulingIgnoredDuringExecution")
                .iter()
                .enumerate()
            {
                let term = t.map_of("podAffinityTerm");
                if term.is_none_or(|term| term.get("labelSelector").is_none()) {
                    let tp = pp.index(i);
                    let tt = tp.child("podAffinityTerm");
                    ctx.warn(
                        &NULL_LABEL_SELECTOR,
                        &tt.child("labelSelector"),
                        term.map_or(t.head(), Node::head),
                        "a null labelSelector results in matching no pod",
                    );
                }
            }
        }
    }
}

/// Non-standard IP addresses in the DNS config and host aliases.
fn ip_warnings(ctx: &mut Ctx, w: &PodWarn) {
    let spec = w.spec;
    let spec_path = w.spec_path;
    if let Some(dns) = spec.map_of("dnsConfig") {
        let dp = spec_path.child("dnsConfig");
        let np = dp.child("nameservers");
        for (i, ns) in dns.seq_of("nameservers").iter().enumerate() {
            ip_warning(ctx, ns.as_str().unwrap_or(""), &np.index(i), ns.span);
        }
    }
    let alias_path = spec_path.child("hostAliases");
    for (i, a) in spec.seq_of("hostAliases").iter().enumerate() {
        let ap = alias_path.index(i);
        ip_warning(ctx, a.str_of("ip"), &ap.child("ip"), a.at("ip"));
    }
}

fn node_selector_term_warnings(ctx: &mut Ctx, term: &Node, path: &Path, check_values: bool) {
    let mp = path.child("matchExpressions");
    for (i, e) in term.seq_of("matchExpressions").iter().enumerate() {
        let ep = mp.index(i);
        let key = e.str_of("key");
        if let Some(msg) = node_label_deprecated(key) {
            ctx.warn(
                &DEPRECATED_NODE_LABEL,
                &ep.child("key"),
                e.at("key"),
                format!("{key} is {msg}"),
            );
        }
        if check_values {
            let vp = ep.child("values");
            for (j, v) in e.seq_of("values").iter().enumerate() {
                let value = v.as_str().unwrap_or("");
                for msg in format::label_value(value) {
                    ctx.warn(
                        &NODE_AFFINITY_VALUE,
                        &vp.index(j),
                        v.span,
                        format!("{value} is invalid, {msg}"),
                    );
                }
            }
        }
    }
}

fn fractional_warning(ctx: &mut Ctx, list: &Node, resource: &str, path: &Path) {
    if let Some(text) = list.get(resource).and_then(fractional_bytes) {
        ctx.warn(
            &FRACTIONAL_BYTES,
            &path.key(resource),
            list.at(resource),
            format!(
                "fractional byte value {} is invalid, must be an integer",
                super::go_quote(&text)
            ),
        );
    }
}

/// `GetWarningsForPersistentVolumeClaimSpec(path, spec)`: fractional storage requests and limits.
pub fn pvc_spec_warnings(ctx: &mut Ctx, spec: &Node, path: &Path) {
    let Some(res) = spec.map_of("resources") else {
        return;
    };
    let rp = path.child("resources");
    if let Some(req) = res.map_of("requests") {
        fractional_warning(ctx, req, "storage", &rp.child("requests"));
    }
    if let Some(lim) = res.map_of("limits") {
        fractional_warning(ctx, lim, "storage", &rp.child("limits"));
    }
}

/// `GetWarningsForPersistentVolumeClaim`: the beta storage-class annotation, then the spec.
pub fn pvc_warnings(ctx: &mut Ctx, root: &Node) {
    const KEY: &str = "volume.beta.kubernetes.io/storage-class";
    let meta = root.map_of("metadata");
    let annotations = meta.and_then(|m| m.get("annotations"));
    if meta::annotation(annotations, KEY).is_some() {
        let ap = Path::ROOT.child("metadata");
        let span = annotations.map_or(Span::EMPTY, |a| a.key_at(KEY));
        ctx.warn(
            &PVC_STORAGE_CLASS_ANNOTATION,
            &ap.child("annotations").key(KEY),
            span,
            "deprecated since v1.8; use \"storageClassName\" attribute instead",
        );
    }
    if let Some(spec) = root.map_of("spec") {
        pvc_spec_warnings(ctx, spec, &Path::ROOT.child("spec"));
    }
}

/// The StatefulSet warnings besides the template's: claim templates and revisionHistoryLimit.
pub fn statefulset_warnings(ctx: &mut Ctx, spec: &Node) {
    let sp = Path::ROOT.child("spec");
    let vp = sp.child("volumeClaimTemplates");
    for (i, t) in spec.seq_of("volumeClaimTemplates").iter().enumerate() {
        if let Some(s) = t.map_of("spec") {
            // sic: the path omits `.spec`
            pvc_spec_warnings(ctx, s, &vp.index(i));
        }
    }
    if spec.i64_of("revisionHistoryLimit").is_some_and(|r| r < 0) {
        ctx.warn(
            &NEGATIVE_REVISION_HISTORY,
            &sp.child("revisionHistoryLimit"),
            spec.at("revisionHistoryLimit"),
            "a negative value retains all historical revisions; a value >= 0 is recommended",
        );
    }
}

/// `WarningsForJobSpec` besides the template's: Indexed Jobs with very high limits.
pub fn job_spec_warnings(ctx: &mut Ctx, spec: &Node, path: &Path) {
    if spec.str_of("completionMode") == "Indexed" {
        let completions = spec.i64_of("completions").unwrap_or(0);
        let parallelism = spec.i64_of("parallelism").unwrap_or(1);
        if completions > 100_000 && parallelism > 10_000 {
            ctx.warn(
                &INDEXED_JOB_LIMITS,
                path,
                spec.at("completionMode"),
                "In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail",
            );
        }
    }
}

/// The ServiceAccount strategy's warning.
pub fn service_account_warnings(ctx: &mut Ctx, root: &Node) {
    const KEY: &str = "kubernetes.io/enforce-mountable-secrets";
    let annotations = root.map_of("metadata").and_then(|m| m.get("annotations"));
    if meta::annotation(annotations, KEY).is_some() {
        let ap = Path::ROOT.child("metadata");
        let span = annotations.map_or(Span::EMPTY, |a| a.key_at(KEY));
        ctx.warn(
            &MOUNTABLE_SECRETS,
            &ap.child("annotations").key(KEY),
            span,
            "deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets",
        );
    }
}

/// The Secret strategy's warning for `kubernetes.io/tls` (the PEM-level part of
/// `tls.X509KeyPair`); `cert` and `key` are the decoded contents.
pub fn tls_secret_warning(ctx: &mut Ctx, cert: &[u8], key: &[u8], span: Span) {
    if let Some(m) = tls_key_pair_error(cert, key) {
        ctx.warn(&TLS_KEY_PAIR, &Path::ROOT, span, m);
    }
}

/// The PEM-level errors of `tls.X509KeyPair`.
fn tls_key_pair_error(cert: &[u8], key: &[u8]) -> Option<String> {
    let cert_types = pem_block_types(cert);
    if !cert_types.iter().any(|t| t == "CERTIFICATE") {
        return Some(if cert_types.is_empty() {
            "tls: failed to find any PEM data in certificate input".to_string()
        } else if cert_types.len() == 1 && cert_types[0].ends_with("PRIVATE KEY") {
            "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".to_string()
        } else {
            format!(
                "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{}]",
                cert_types.join(" ")
            )
        });
    }
    let key_types = pem_block_types(key);
    if key_types
        .iter()
        .any(|t| t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY"))
    {
        None
    } else if key_types.is_empty() {
        Some("tls: failed to find any PEM data in key input".to_string())
    } else if key_types.len() == 1 && key_types[0] == "CERTIFICATE" {
        Some(
            "tls: found a certificate rather than a key in the PEM for the private key".to_string(),
        )
    } else {
        Some(format!(
            "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{}]",
            key_types.join(" ")
        ))
    }
}

/// The types of the PEM blocks in `data`, in order.
fn pem_block_types(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut types = Vec::new();
    let mut rest: &str = &text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(end) = after.find("-----") else {
            break;
        };
        let ty = &after[..end];
        let tail = &after[end + 5..];
        let end_marker = format!("-----END {ty}-----");
        let Some(close) = tail.find(&end_marker) else {
            break;
        };
        types.push(ty.to_string());
        rest = &tail[close + end_marker.len()..];
    }
    types
}

/// `GetWarningsForIP` for a legacy IP field.
fn ip_warning(ctx: &mut Ctx, value: &str, path: &Path, span: Span) {
    if let Some(msg) = ip_warning_text(value) {
        ctx.warn(&NON_STANDARD_IP, path, span, msg);
    }
}

/// The warning text of `GetWarningsForIP`, if any.
pub fn ip_warning_text(value: &str) -> Option<String> {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    if value.contains(':') {
        // IPv6 (possibly with an embedded IPv4 tail, which may have leading zeros).
        let (head, tail) = value.rsplit_once(':')?;
        let (sloppy, strict_ok): (Ipv6Addr, bool) = if tail.contains('.') {
            let v4 = parse_ipv4_sloppy(tail)?;
            let normalized = format!("{head}:{v4}");
            (normalized.parse().ok()?, value.parse::<Ipv6Addr>().is_ok())
        } else {
            let a: Ipv6Addr = value.parse().ok()?;
            (a, true)
        };
        if let Some(v4) = sloppy.to_ipv4_mapped() {
            return Some(format!(
                "non-standard IP address {} will be considered invalid in a future Kubernetes release: use {}",
                super::go_quote(value),
                super::go_quote(&v4.to_string())
            ));
        }
        if !strict_ok {
            return Some(format!(
                "non-standard IP address {} will be considered invalid in a future Kubernetes release: use {}",
                super::go_quote(value),
                super::go_quote(&IpAddr::V6(sloppy).to_string())
            ));
        }
        let canonical = sloppy.to_string();
        if canonical != value {
            return Some(format!(
                "IPv6 address {} should be in RFC 5952 canonical format ({})",
                super::go_quote(value),
                super::go_quote(&canonical)
            ));
        }
        return None;
    }
    let v4: Ipv4Addr = parse_ipv4_sloppy(value)?;
    if value.parse::<Ipv4Addr>().is_err() {
        return Some(format!(
            "non-standard IP address {} will be considered invalid in a future Kubernetes release: use {}",
            super::go_quote(value),
            super::go_quote(&v4.to_string())
        ));
    }
    None
}

/// `netutils.ParseIPSloppy` for IPv4: four decimal parts up to 255, leading zeros allowed.
fn parse_ipv4_sloppy(s: &str) -> Option<std::net::Ipv4Addr> {
    crate::compat::ip::parse_ipv4(s, false).map(std::net::Ipv4Addr::from)
}

/// Overlapping paths inside one configMap, secret, downwardAPI or projected volume.
fn overlapping_paths(ctx: &mut Ctx, spec: &Node) {
    for v in spec.seq_of("volumes") {
        let vname = super::go_quote(v.str_of("name"));
        if let Some(cm) = v.map_of("configMap").filter(|c| c.get("items").is_some()) {
            let label = format!("ConfigMap {}", super::go_quote(cm.str_of("name")));
            let paths = cm
                .seq_of("items")
                .iter()
                .map(|i| (i.str_of("path"), String::new(), i.at("path")))
                .collect();
            for (body, span) in check_volume_mapping(paths) {
                ctx.warn(
                    &OVERLAPPING_PATHS,
                    &Path::ROOT,
                    span,
                    format!("volume {vname} ({label}): overlapping paths: {body}"),
                );
            }
        }
        if let Some(s) = v.map_of("secret").filter(|c| c.get("items").is_some()) {
            let label = format!("Secret {}", super::go_quote(s.str_of("secretName")));
            let paths = s
                .seq_of("items")
                .iter()
                .map(|i| (i.str_of("path"), String::new(), i.at("path")))
                .collect();
            for (body, span) in check_volume_mapping(paths) {
                ctx.warn(
                    &OVERLAPPING_PATHS,
                    &Path::ROOT,
                    span,
                    format!("volume {vname} ({label}): overlapping paths: {body}"),
                );
            }
        }
        if let Some(d) = v.map_of("downwardAPI").filter(|c| c.get("items").is_some()) {
            let paths = d
                .seq_of("items")
                .iter()
                .map(|i| (i.str_of("path"), String::new(), i.at("path")))
                .collect();
            for (body, span) in check_volume_mapping(paths) {
                ctx.warn(
                    &OVERLAPPING_PATHS,
                    &Path::ROOT,
                    span,
                    format!("volume {vname} (DownwardAPI): overlapping paths: {body}"),
                );
            }
        }
        if let Some(p) = v.map_of("projected") {
            let mut all = PathIndex::default();
            for source in p.seq_of("sources") {
                // clusterTrustBundle and podCertificate sources are dropped: their gates are off.
                let kinds = ["secret", "configMap", "downwardAPI", "serviceAccountToken"];
                if !kinds.iter().any(|k| source.get(k).is_some()) {
                    ctx.warn(
                        &OVERLAPPING_PATHS,
                        &Path::ROOT,
                        source.span,
                        format!("volume {vname} (Projected) has no sources provided"),
                    );
                    continue;
                }
                let mut paths: Vec<(&str, String, Span)> = Vec::new();
                if let Some(cm) = source
                    .map_of("configMap")
                    .filter(|c| c.get("items").is_some())
                {
                    let label = format!("ConfigMap {}", super::go_quote(cm.str_of("name")));
                    paths.extend(
                        cm.seq_of("items")
                            .iter()
                            .map(|i| (i.str_of("path"), label.clone(), i.at("path"))),
                    );
                } else if let Some(s) = source.map_of("secret").filter(|c| c.get("items").is_some())
                {
                    let label = format!("Secret {}", super::go_quote(s.str_of("name")));
                    paths.extend(
                        s.seq_of("items")
                            .iter()
                            .map(|i| (i.str_of("path"), label.clone(), i.at("path"))),
                    );
                } else if let Some(d) = source
                    .map_of("downwardAPI")
                    .filter(|c| c.get("items").is_some())
                {
                    paths.extend(
                        d.seq_of("items")
                            .iter()
                            .map(|i| (i.str_of("path"), "DownwardAPI".to_string(), i.at("path"))),
                    );
                } else if let Some(t) = source.map_of("serviceAccountToken") {
                    paths.push((
                        t.str_of("path"),
                        "ServiceAccountToken".to_string(),
                        t.at("path"),
                    ));
                }
                for (path, label, span) in paths {
                    let path = path.trim_end_matches('/').to_string();
                    let this = show_path(&path, &label);
                    for i in all.overlapping(&path) {
                        let (other, other_label) = &all.seen[i];
                        ctx.warn(
                            &OVERLAPPING_PATHS,
                            &Path::ROOT,
                            span,
                            format!(
                                "volume {vname} (Projected): overlapping paths: {this} with {}",
                                show_path(other, other_label)
                            ),
                        );
                    }
                    all.push(path, label);
                }
            }
        }
    }
}

fn show_path(path: &str, source: &str) -> String {
    if source.is_empty() {
        super::go_quote(path)
    } else {
        format!("{} ({source})", super::go_quote(path))
    }
}

/// `checkForOverlap` for two (trailing-slash-trimmed) paths, as the server compares each pair
/// (the test oracle for [`PathIndex`]).
#[cfg(test)]
fn overlaps(item: &str, path: &str) -> bool {
    if item.is_empty() || path.is_empty() {
        return false;
    }
    item == path
        || format!("{item}/").starts_with(&format!("{path}/"))
        || format!("{path}/").starts_with(&format!("{item}/"))
}

/// `checkVolumeMappingForOverlap`: each path against the earlier ones.
fn check_volume_mapping(paths: Vec<(&str, String, Span)>) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut seen = PathIndex::default();
    for (path, label, span) in paths {
        let path = path.trim_end_matches('/').to_string();
        for i in seen.overlapping(&path) {
            let (other, other_label) = &seen.seen[i];
            out.push((
                format!(
                    "{} with {}",
                    show_path(&path, &label),
                    show_path(other, other_label)
                ),
                span,
            ));
        }
        seen.push(path, label);
    }
    out
}

/// The paths seen so far, indexed so that finding the ones a new path overlaps (equal, above or
/// below it) costs its depth plus the matches, not a comparison with every earlier path: the
/// server compares all pairs, which on a volume of 20,000 items took 17 s. The server's output is
/// kept (each overlap, in the order the paths came), up to [`MAX_OVERLAPS`] per volume.
#[derive(Default)]
struct PathIndex {
    /// (path, source label), in the order they came.
    seen: Vec<(String, String)>,
    /// Index of each path in `seen`, by path.
    by_path: HashMap<String, Vec<usize>>,
    /// The same with a trailing `/`, sorted, for the paths below one.
    below: std::collections::BTreeMap<String, Vec<usize>>,
    reported: usize,
}

/// The most overlap warnings one volume gets (a hostile input could otherwise ask for billions).
const MAX_OVERLAPS: usize = 1000;

impl PathIndex {
    /// The earlier paths that `path` overlaps (as `overlaps` decides), in order.
    fn overlapping(&mut self, path: &str) -> Vec<usize> {
        if path.is_empty() || self.reported >= MAX_OVERLAPS {
            return Vec::new();
        }
        let mut found: Vec<usize> = Vec::new();
        // Paths above it: each prefix ending before a `/`.
        for (at, _) in path.match_indices('/') {
            if let Some(ids) = self.by_path.get(&path[..at]) {
                found.extend(ids);
            }
        }
        // The path itself and those below it.
        let key = format!("{path}/");
        for (other, ids) in self.below.range(key.clone()..) {
            if !other.starts_with(&key) {
                break;
            }
            found.extend(ids);
        }
        found.sort_unstable();
        found.dedup();
        found.truncate(MAX_OVERLAPS - self.reported);
        self.reported += found.len();
        found
    }

    fn push(&mut self, path: String, label: String) {
        let i = self.seen.len();
        if !path.is_empty() {
            self.by_path.entry(path.clone()).or_default().push(i);
            self.below.entry(format!("{path}/")).or_default().push(i);
        }
        self.seen.push((path, label));
    }
}

/// The AppArmor warnings the Pod strategy adds when it copies annotations into fields
/// (`applyAppArmorVersionSkew`).
fn pod_apparmor_warnings(ctx: &mut Ctx, scope: &PodScope, ann_path: &Path) {
    let spec = scope.spec;
    if spec
        .map_of("os")
        .is_some_and(|os| os.str_of("name") == "windows")
    {
        return;
    }
    let annotations = scope.meta.get("annotations").filter(|a| a.is_map());
    let pod_profile = spec
        .map_of("securityContext")
        .and_then(|sc| sc.map_of("appArmorProfile"));
    let by_key = crate::yaml::KeyIndex::new(annotations);
    for (_, _, c) in meta::visit_containers(spec) {
        let key = format!("{}{}", meta::APPARMOR_PREFIX, c.str_of("name"));
        let Some(ann) = by_key.value(&key) else {
            continue;
        };
        if c.map_of("securityContext")
            .and_then(|sc| sc.map_of("appArmorProfile"))
            .is_some()
        {
            continue;
        }
        let warn = match meta::apparmor_field_for_annotation(ann) {
            None => true,
            Some(derived) => !meta::apparmor_profile_equals(pod_profile, derived),
        };
        if warn {
            let span = by_key.entry(&key).map_or(Span::EMPTY, |e| e.key_span);
            ctx.warn(
                &APPARMOR_ANNOTATION_DEPRECATED,
                &ann_path.key(&key),
                span,
                "deprecated since v1.30; use the \"appArmorProfile\" field instead",
            );
        }
    }
}

/// For a fractional byte value: the value's text (`String()`) after defaulting rounded it up to
/// milli precision, e.g. `1500m`.
fn fractional_bytes(node: &Node) -> Option<String> {
    let q = super::quantity::from_node(node)?.round_up_milli();
    (q.milli_value() % 1000 != 0).then(|| q.to_string())
}

/// `<list>[i].<field>: duplicate <field> "<value>"` for each entry repeating an earlier value.
fn warn_repeated_field(
    ctx: &mut Ctx,
    rule: &'static Rule,
    spec: &Node,
    list_path: &Path,
    list: &str,
    field: &str,
) {
    let items = spec.seq_of(list);
    if items.len() < 2 {
        return;
    }
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let value = item.str_of(field);
        if !seen.insert(value) {
            let item_path = list_path.index(i);
            ctx.warn(
                rule,
                &item_path.child(field),
                item.at(field),
                format!("duplicate {field} {}", super::go_quote(value)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::analyze;
    use crate::validate::Options;

    fn warnings(yaml: &str) -> Vec<String> {
        analyze(yaml, &Options::default()).documents[0]
            .server_warnings
            .clone()
    }

    /// The index finds exactly the pairs the server's pairwise comparison finds, in its order.
    #[test]
    fn path_index_agrees_with_pairwise_overlap() {
        let paths = [
            "a", "a/b", "b", "a", "a/b/c", "ab", "a/bc", "/a", "/a/b", "", "c/d", "c", "a/b",
            "x/y/z", "x", "x/y",
        ];
        let mut index = super::PathIndex::default();
        for (i, path) in paths.iter().enumerate() {
            let pairwise: Vec<usize> = (0..i)
                .filter(|&j| super::overlaps(paths[j], path))
                .collect();
            assert_eq!(index.overlapping(path), pairwise, "{path}");
            index.push(path.to_string(), String::new());
        }
    }

    #[test]
    fn fractional_byte_texts() {
        let frac = |s: &str| {
            let text = format!("v: \"{s}\"\n");
            let doc = crate::yaml::parse_document(&text, crate::source::Span::new(0, text.len()));
            super::fractional_bytes(doc.root.unwrap().get("v").unwrap())
        };
        assert_eq!(frac("1.5").as_deref(), Some("1500m"));
        assert_eq!(frac("4m").as_deref(), Some("4m"));
        assert_eq!(frac("0.0001").as_deref(), Some("1m"));
        assert_eq!(frac("0.1Ki").as_deref(), Some("102400m"));
        assert_eq!(frac("0.5Gi"), None);
        assert_eq!(frac("4M"), None);
        assert_eq!(frac("1000m"), None);
    }

    #[test]
    fn ip_texts() {
        assert_eq!(
            super::ip_warning_text("05.06.07.08").unwrap(),
            "non-standard IP address \"05.06.07.08\" will be considered invalid in a future Kubernetes release: use \"5.6.7.8\""
        );
        assert_eq!(
            super::ip_warning_text("::ffff:1.2.3.4").unwrap(),
            "non-standard IP address \"::ffff:1.2.3.4\" will be considered invalid in a future Kubernetes release: use \"1.2.3.4\""
        );
        assert_eq!(
            super::ip_warning_text("2001:db8:0:0::2").unwrap(),
            "IPv6 address \"2001:db8:0:0::2\" should be in RFC 5952 canonical format (\"2001:db8::2\")"
        );
        assert!(super::ip_warning_text("10.0.0.1").is_none());
        assert!(super::ip_warning_text("2001:db8::2").is_none());
    }

    #[test]
    fn pod_warning_texts() {
        let yaml = r#"apiVersion: v1
kind: Pod
metadata:
  name: my.pod
spec:
  terminationGracePeriodSeconds: -1
  nodeSelector:
    beta.kubernetes.io/os: linux
  containers:
  - name: a
    image: nginx
    env:
    - {name: PORT, value: "1"}
    - {name: PORT, value: "2"}
    ports:
    - {containerPort: 80, name: http}
    resources:
      limits: {memory: 1500m}
  - name: b
    image: nginx
    ports:
    - {containerPort: 80, name: http}
"#;
        assert_eq!(
            warnings(yaml),
            vec![
                "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]",
                "spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \"kubernetes.io/os\" instead",
                "spec.containers[0].resources.limits[memory]: fractional byte value \"1500m\" is invalid, must be an integer",
                "spec.containers[0].resources.requests[memory]: fractional byte value \"1500m\" is invalid, must be an integer",
                "spec.containers[0].env[1]: hides previous definition of \"PORT\", which may be dropped when using apply",
                "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
                "spec.containers[1].ports[0]: duplicate port name \"http\" with spec.containers[0].ports[0], services and probes that select ports by name will use spec.containers[0].ports[0]",
                // No grace-period warning: on a Pod the strategy has made it 1 by then.
            ]
        );
    }

    #[test]
    fn overlapping_volume_paths() {
        let yaml = r"apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - {name: a, image: nginx}
  volumes:
  - name: Test
    configMap:
      name: foo
      items:
      - {key: foo, path: test}
      - {key: bar, path: test/app}
  - name: foo
    projected:
      sources:
      - downwardAPI:
          items:
          - {path: test, fieldRef: {fieldPath: metadata.name}}
      - serviceAccountToken: {path: test}
      - {}
";
        let w = warnings(yaml);
        assert!(w.contains(&"volume \"Test\" (ConfigMap \"foo\"): overlapping paths: \"test/app\" with \"test\"".to_string()), "{w:?}");
        assert!(w.contains(&"volume \"foo\" (Projected): overlapping paths: \"test\" (ServiceAccountToken) with \"test\" (DownwardAPI)".to_string()), "{w:?}");
        assert!(
            w.contains(&"volume \"foo\" (Projected) has no sources provided".to_string()),
            "{w:?}"
        );
    }
}
