//! Workloads and the other kinds Podscope validates besides Pods: what the create strategies
//! and `Validate…` functions of the API server check (after v1 defaulting).
//!
//! # Pod templates
//! The template of every workload is checked like a pod (`ValidatePodTemplateSpec`, see
//! [`super::pod`]), at `spec.template` (`spec.jobTemplate.spec.template` for CronJobs,
//! `template` for PodTemplates). Workloads whose pods must keep running (ReplicationController,
//! ReplicaSet, Deployment, DaemonSet, StatefulSet) need `restartPolicy: Always`
//! (`spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values:
//! "Always"`) and no `activeDeadlineSeconds` (`Forbidden: activeDeadlineSeconds in ReplicaSet is
//! not Supported`; Deployments say ReplicaSet too). Jobs need `OnFailure` or `Never`; an omitted
//! restartPolicy is defaulted to `Always` first, so it fails with `Required value: valid values:
//! "OnFailure", "Never"`.
//!
//! # Selectors
//! Deployments, ReplicaSets, StatefulSets and Jobs with `manualSelector: true` need
//! `spec.selector` (`spec.selector: Required value`); `{}` is `empty selector is invalid for
//! deployment` (ReplicaSets say deployment too; `…for statefulset`, `…for daemonset`). The
//! selector must select the template's labels: `spec.template.metadata.labels: Invalid value:
//! {"app":"web"}: `selector` does not match template `labels`` (the labels are printed as JSON,
//! `null` when there are none; a missing selector matches nothing, so this error comes with the
//! Required one). ReplicationControllers use a plain map, defaulted from the template labels.
//! Jobs get a generated selector and labels (`controller-uid`, `job-name` and their
//! `batch.kubernetes.io/` forms); a selector given without `manualSelector: true` is `` `selector`
//! not auto-generated``; CronJob job templates may not have one (`` `selector` will be
//! auto-generated``).
//!
//! # Per kind
//! - Deployment: `replicas`, `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds`
//!   non-negative (`must be greater than or equal to 0`); `progressDeadlineSeconds` (default 600)
//!   greater than `minReadySeconds`; `strategy.type` `Recreate` (no `rollingUpdate`: `may not be
//!   specified when strategy `type` is 'Recreate'`) or `RollingUpdate` with `maxUnavailable` and
//!   `maxSurge` integers or percentages (`a valid percent string must be …`), not both 0 (`may
//!   not be 0 when `maxSurge` is 0`), `maxUnavailable` at most 100%.
//! - DaemonSet: `updateStrategy` `RollingUpdate` (exactly one of `maxUnavailable`, `maxSurge`
//!   non-zero) or `OnDelete`.
//! - StatefulSet: the name is a DNS label; `podManagementPolicy` `OrderedReady` or `Parallel`;
//!   `updateStrategy` `RollingUpdate` (`partition` ≥ 0, `maxUnavailable` not 0) or `OnDelete`;
//!   `persistentVolumeClaimRetentionPolicy` `Retain` or `Delete`; `ordinals.start` ≥ 0;
//!   `serviceName` a DNS label when set; each `volumeClaimTemplates[i].spec` checked as a claim's
//!   spec. The template is checked with a `persistentVolumeClaim` volume per claim template first
//!   (so mounts may name one, and the template's volumes follow at shifted indices) and without its
//!   `hostname`/`subdomain`, which the controller sets.
//! - Job: `parallelism`, `completions`, `activeDeadlineSeconds`, `backoffLimit`,
//!   `ttlSecondsAfterFinished`, `backoffLimitPerIndex`, `maxFailedIndexes` non-negative;
//!   `completionMode` `NonIndexed` or `Indexed` (Indexed needs `completions`, at most 100000
//!   `parallelism`, and a name that still makes DNS labels with the index appended);
//!   `podFailurePolicy`, `successPolicy`, `podReplacementPolicy`, `managedBy` as the server checks
//!   them.
//! - CronJob: `schedule` required and parsed as a standard cron expression (five fields, names
//!   for months and weekdays, `@daily`-style descriptors, `@every <duration>`; the parser's own
//!   messages such as `expected exactly 5 fields, found 6: [0 0 * * * *]`), no `TZ=` in it
//!   (`cannot use TZ or CRON_TZ in schedule, use timeZone field instead`); `timeZone` a known
//!   IANA zone (`unknown time zone Mars/Olympus`); the name at most 52 characters.
//! - ConfigMap: `data`/`binaryData` keys are config keys (`a valid config key must consist of
//!   alphanumeric characters, '-', '_' or '.'`), not in both; at most 1 MiB in all.
//! - Secret: `data`/`stringData` keys likewise; the keys the type needs (`data[tls.crt]: Required
//!   value`, `data[.dockerconfigjson]`, …) and well-formed JSON for docker configs.
//! - ServiceAccount: metadata only.
//! - PersistentVolumeClaim: `spec.accessModes` (`at least 1 access mode is required`, supported
//!   modes, `ReadWriteOncePod` alone), `spec.resources[storage]` (sic) required and positive,
//!   `storageClassName`, `volumeMode`, `dataSource`/`dataSourceRef`, `selector`.

pub mod json;

mod apps;
mod batch;
mod core;
mod cron;
mod tz;

// Label selector semantics (conversion, matching), usable by the pod spec checks too.

use super::{Ctx, ErrValue, Path, warnings};
use crate::diagnostic::Rule;
use crate::rule;
use crate::yaml::Node;

rule!(
    /// **What it does** Reports a Deployment, ReplicaSet, StatefulSet or DaemonSet (or a Job with
    /// `manualSelector: true`) without `spec.selector`.
    ///
    /// **Why it matters** In `apps/v1` the selector is not defaulted from the template; the API server
    /// rejects the object (`spec.selector: Required value`), together with a selector/labels mismatch.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata: {labels: {app: web}}
    /// ```
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    /// ```
    ///
    /// **Fix** Add a selector that matches the template's labels.
    ///
    /// **Kubernetes source** `ValidateDeploymentSpec`, `ValidateReplicaSetSpec`,
    /// `ValidateStatefulSetSpec`, `ValidateDaemonSetSpec` in `pkg/apis/apps/validation/validation.go`.
    SELECTOR_REQUIRED,
    "PS2101",
    "workload-selector-required",
    Error,
    "the workload needs spec.selector"
);
rule!(
    /// **What it does** Reports an empty selector `{}` on an apps workload.
    ///
    /// **Why it matters** An empty selector would select every pod in the namespace; the API server
    /// rejects it (`empty selector is invalid for deployment`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   selector: {}
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    /// ```
    ///
    /// **Fix** Select by the template's labels.
    ///
    /// **Kubernetes source** `ValidateDeploymentSpec` (and the ReplicaSet, StatefulSet, DaemonSet
    /// counterparts) in `pkg/apis/apps/validation/validation.go`.
    SELECTOR_EMPTY,
    "PS2102",
    "workload-selector-empty",
    Error,
    "an empty selector would select every pod"
);
rule!(
    /// **What it does** Reports a workload selector that cannot be converted into a selector: an invalid
    /// key, value or operator.
    ///
    /// **Why it matters** The controller could not match pods with it; the API server rejects it with
    /// the conversion error.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// selector:
    ///   matchExpressions:
    ///   - {key: app, operator: Equals, values: [web]}
    /// ```
    ///
    /// ```yaml
    /// selector:
    ///   matchExpressions:
    ///   - {key: app, operator: In, values: [web]}
    /// ```
    ///
    /// **Fix** Use `matchLabels`, or expressions with `In`, `NotIn`, `Exists`, `DoesNotExist`.
    ///
    /// **Kubernetes source** `metav1.LabelSelectorAsSelector` as called from `ValidateDeploymentSpec`
    /// and friends in `pkg/apis/apps/validation/validation.go`.
    SELECTOR_INVALID,
    "PS2103",
    "workload-selector-invalid",
    Error,
    "the selector cannot be used (an invalid key, value or operator)"
);
rule!(
    /// **What it does** Reports a workload whose selector does not select its own pod template's labels.
    ///
    /// **Why it matters** The controller would create pods it does not own and create more forever; the
    /// API server rejects it (`` `selector` does not match template `labels` ``).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// selector: {matchLabels: {app: web}}
    /// template:
    ///   metadata: {labels: {app: frontend}}
    /// ```
    ///
    /// ```yaml
    /// selector: {matchLabels: {app: web}}
    /// template:
    ///   metadata: {labels: {app: web}}
    /// ```
    ///
    /// **Fix** Make the template carry every label the selector requires.
    ///
    /// **Kubernetes source** `ValidateDeploymentSpec`, `ValidateReplicaSetSpec`,
    /// `ValidateReplicationControllerSpec`, `validateJobSpec` and others in the apps, core and batch
    /// `validation.go`.
    SELECTOR_MISMATCH,
    "PS2104",
    "selector-template-mismatch",
    Error,
    "the selector must select the pod template's labels"
);
rule!(
    /// **What it does** Reports a workload without `spec.template` (or a CronJob without
    /// `spec.jobTemplate.spec.template`).
    ///
    /// **Why it matters** There is nothing to create pods from; the API server rejects the object.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: ReplicaSet
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    /// ```
    ///
    /// ```yaml
    /// kind: ReplicaSet
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers: [{name: web, image: nginx}]
    /// ```
    ///
    /// **Fix** Add the pod template (check its indentation under `spec`).
    ///
    /// **Kubernetes source** `ValidatePodTemplateSpecForReplicaSet` and the other spec validators in
    /// `pkg/apis/apps/validation/validation.go`.
    TEMPLATE_REQUIRED,
    "PS2105",
    "workload-template-required",
    Error,
    "the workload needs spec.template"
);
rule!(
    /// **What it does** Checks the template's `restartPolicy` suits the workload: `Always` for
    /// Deployments, ReplicaSets, DaemonSets, StatefulSets and ReplicationControllers.
    ///
    /// **Why it matters** Their pods must run forever; `OnFailure` or `Never` is rejected
    /// (`supported values: "Always"`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    /// ```
    ///
    /// **Fix** Remove `restartPolicy` (it defaults to `Always`), or make the work a Job.
    ///
    /// **Kubernetes source** `ValidatePodTemplateSpecForReplicaSet` (and `ValidatePodTemplateSpecForStatefulSet`,
    /// `ValidateDaemonSetSpec`) in `pkg/apis/apps/validation/validation.go`.
    RESTART_POLICY,
    "PS2106",
    "workload-restart-policy",
    Error,
    "the template's restartPolicy must suit the workload (Always; OnFailure or Never for Jobs)"
);
rule!(
    /// **What it does** Reports `activeDeadlineSeconds` in the template of a Deployment, ReplicaSet,
    /// DaemonSet, StatefulSet or ReplicationController.
    ///
    /// **Why it matters** The deadline would kill every pod after that time and the controller would
    /// replace it, over and over; the API server forbids it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       activeDeadlineSeconds: 3600
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   activeDeadlineSeconds: 3600
    /// ```
    ///
    /// **Fix** Remove it, or run the work as a Job with its own `activeDeadlineSeconds`.
    ///
    /// **Kubernetes source** `ValidatePodTemplateSpecForReplicaSet` in
    /// `pkg/apis/apps/validation/validation.go`.
    ACTIVE_DEADLINE,
    "PS2107",
    "workload-active-deadline",
    Error,
    "long-running workloads cannot set activeDeadlineSeconds in their template"
);
rule!(
    /// **What it does** Checks replica counts, limits and durations are not negative: `replicas`,
    /// `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds`, `partition`,
    /// `ordinals.start`, Job `parallelism`, `completions`, `backoffLimit`, `ttlSecondsAfterFinished`,
    /// CronJob history limits and others.
    ///
    /// **Why it matters** The API server rejects them (`must be greater than or equal to 0`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   replicas: -1
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   replicas: 0
    /// ```
    ///
    /// **Fix** Use zero or a positive number.
    ///
    /// **Kubernetes source** `ValidateNonnegativeField` (from the apps and batch spec validators) in
    /// `pkg/apis/core/validation/validation.go`.
    NON_NEGATIVE,
    "PS2108",
    "non-negative-count",
    Error,
    "replica counts, limits and durations must not be negative"
);
rule!(
    /// **What it does** Checks a Deployment `strategy`: `Recreate` without `rollingUpdate`, or
    /// `RollingUpdate` whose `maxUnavailable` and `maxSurge` are not both zero.
    ///
    /// **Why it matters** A rollout with zero surge and zero unavailability could never progress; the
    /// API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// strategy:
    ///   type: RollingUpdate
    ///   rollingUpdate: {maxSurge: 0, maxUnavailable: 0}
    /// ```
    ///
    /// ```yaml
    /// strategy:
    ///   type: RollingUpdate
    ///   rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
    /// ```
    ///
    /// **Fix** Allow at least one extra or one missing pod, or use `Recreate` without `rollingUpdate`.
    ///
    /// **Kubernetes source** `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment` in
    /// `pkg/apis/apps/validation/validation.go`.
    DEPLOYMENT_STRATEGY,
    "PS2110",
    "deployment-strategy",
    Error,
    "a Deployment strategy is Recreate or RollingUpdate with valid surge and unavailability"
);
rule!(
    /// **What it does** Checks `maxUnavailable` and `maxSurge` are non-negative integers or percentages
    /// (`25%`), and unavailability at most 100%.
    ///
    /// **Why it matters** The API server rejects `25` written as `"25"` without `%`, negative values
    /// and percentages over 100.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// rollingUpdate: {maxUnavailable: "150%"}
    /// ```
    ///
    /// ```yaml
    /// rollingUpdate: {maxUnavailable: "25%"}
    /// ```
    ///
    /// **Fix** Use an integer or a percentage string up to `100%`.
    ///
    /// **Kubernetes source** `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent` in
    /// `pkg/apis/apps/validation/validation.go`.
    INT_OR_PERCENT,
    "PS2111",
    "int-or-percent",
    Error,
    "maxUnavailable and maxSurge are non-negative integers or percentages up to 100%"
);
rule!(
    /// **What it does** Checks a Deployment's `progressDeadlineSeconds` (600 by default) is greater than
    /// `minReadySeconds`.
    ///
    /// **Why it matters** Otherwise every rollout would be reported as failed before a pod could count
    /// as available.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   minReadySeconds: 900
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   minReadySeconds: 900
    ///   progressDeadlineSeconds: 1200
    /// ```
    ///
    /// **Fix** Raise `progressDeadlineSeconds` above `minReadySeconds`.
    ///
    /// **Kubernetes source** `ValidateDeploymentSpec` in `pkg/apis/apps/validation/validation.go`.
    PROGRESS_DEADLINE,
    "PS2112",
    "progress-deadline",
    Error,
    "progressDeadlineSeconds must exceed minReadySeconds"
);
rule!(
    /// **What it does** Checks a DaemonSet `updateStrategy`: `OnDelete`, or `RollingUpdate` with exactly
    /// one of `maxUnavailable` and `maxSurge` non-zero.
    ///
    /// **Why it matters** Both zero would block the rollout, both non-zero is not supported; the API
    /// server rejects either.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// updateStrategy:
    ///   type: RollingUpdate
    ///   rollingUpdate: {maxUnavailable: 0, maxSurge: 0}
    /// ```
    ///
    /// ```yaml
    /// updateStrategy:
    ///   type: RollingUpdate
    ///   rollingUpdate: {maxUnavailable: 1, maxSurge: 0}
    /// ```
    ///
    /// **Fix** Set one of the two to a non-zero value.
    ///
    /// **Kubernetes source** `ValidateDaemonSetUpdateStrategy` and `ValidateRollingUpdateDaemonSet` in
    /// `pkg/apis/apps/validation/validation.go`.
    DAEMONSET_STRATEGY,
    "PS2113",
    "daemonset-update-strategy",
    Error,
    "a DaemonSet update strategy is RollingUpdate (one of maxUnavailable, maxSurge non-zero) or OnDelete"
);
rule!(
    /// **What it does** Checks a StatefulSet's `podManagementPolicy` is `OrderedReady` or `Parallel`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   podManagementPolicy: parallel
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   podManagementPolicy: Parallel
    /// ```
    ///
    /// **Fix** Use one of the two values exactly.
    ///
    /// **Kubernetes source** `ValidateStatefulSetSpec` in `pkg/apis/apps/validation/validation.go`.
    STATEFULSET_POLICY,
    "PS2114",
    "statefulset-pod-management-policy",
    Error,
    "podManagementPolicy must be OrderedReady or Parallel"
);
rule!(
    /// **What it does** Checks a StatefulSet `updateStrategy`: `OnDelete` without `rollingUpdate`, or
    /// `RollingUpdate` with a non-negative `partition` and a `maxUnavailable` that is not zero.
    ///
    /// **Why it matters** The API server rejects other strategies and settings.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// updateStrategy:
    ///   type: OnDelete
    ///   rollingUpdate: {partition: 2}
    /// ```
    ///
    /// ```yaml
    /// updateStrategy:
    ///   type: RollingUpdate
    ///   rollingUpdate: {partition: 2}
    /// ```
    ///
    /// **Fix** Use `rollingUpdate` only with `type: RollingUpdate`.
    ///
    /// **Kubernetes source** `ValidateStatefulSetUpdateStrategy` in
    /// `pkg/apis/apps/validation/validation.go`.
    STATEFULSET_STRATEGY,
    "PS2115",
    "statefulset-update-strategy",
    Error,
    "a StatefulSet update strategy is RollingUpdate or OnDelete"
);
rule!(
    /// **What it does** Checks `persistentVolumeClaimRetentionPolicy.whenDeleted` and `whenScaled` are
    /// `Retain` or `Delete`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// persistentVolumeClaimRetentionPolicy:
    ///   whenDeleted: Keep
    /// ```
    ///
    /// ```yaml
    /// persistentVolumeClaimRetentionPolicy:
    ///   whenDeleted: Retain
    ///   whenScaled: Delete
    /// ```
    ///
    /// **Fix** Use `Retain` or `Delete`.
    ///
    /// **Kubernetes source** `ValidatePersistentVolumeClaimRetentionPolicy` in
    /// `pkg/apis/apps/validation/validation.go`.
    STATEFULSET_RETENTION,
    "PS2116",
    "statefulset-pvc-retention-policy",
    Error,
    "whenDeleted and whenScaled must be Retain or Delete"
);
rule!(
    /// **What it does** Checks a StatefulSet's `serviceName`, when set, is a DNS-1123 label.
    ///
    /// **Why it matters** The controller puts the name into each pod's `subdomain`, which must be a
    /// DNS label; the API server rejects the StatefulSet up front (`spec.serviceName: Invalid value`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   serviceName: Nginx_Headless
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   serviceName: nginx-headless
    /// ```
    ///
    /// **Fix** Use the name of the headless Service, in lower case letters, digits and `-`.
    ///
    /// **Kubernetes source** `ValidateStatefulSetSpec` in `pkg/apis/apps/validation/validation.go`.
    STATEFULSET_SERVICE_NAME,
    "PS2117",
    "statefulset-service-name",
    Error,
    "a StatefulSet serviceName is a DNS label"
);
rule!(
    /// **What it does** Checks a Job template's `restartPolicy` is `OnFailure` or `Never` (and `Never`
    /// when the Job has a `podFailurePolicy`).
    ///
    /// **Why it matters** An omitted policy defaults to `Always`, which Jobs refuse (`Required value:
    /// valid values: "OnFailure", "Never"`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       containers: [{name: task, image: task}]
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers: [{name: task, image: task}]
    /// ```
    ///
    /// **Fix** Set `restartPolicy: Never` (or `OnFailure`) in the template.
    ///
    /// **Kubernetes source** `validateJobSpec` / `ValidateJobTemplateSpec` in
    /// `pkg/apis/batch/validation/validation.go`.
    JOB_RESTART_POLICY,
    "PS2120",
    "job-restart-policy",
    Error,
    "a Job template's restartPolicy must be OnFailure or Never (Never with a podFailurePolicy)"
);
rule!(
    /// **What it does** Reports a Job `selector` given without `manualSelector: true`.
    ///
    /// **Why it matters** The Job controller generates a unique selector and labels (`controller-uid`,
    /// `job-name`); a hand-written one is rejected (`` `selector` not auto-generated ``).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   selector: {matchLabels: {app: task}}
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     metadata: {labels: {app: task}}
    /// ```
    ///
    /// **Fix** Remove the selector (or set `manualSelector: true` if you really manage it).
    ///
    /// **Kubernetes source** `validateGeneratedSelector` in `pkg/apis/batch/validation/validation.go`.
    JOB_SELECTOR,
    "PS2121",
    "job-generated-selector",
    Error,
    "a Job's selector and labels are generated unless manualSelector is true"
);
rule!(
    /// **What it does** Checks `completionMode` is `NonIndexed` or `Indexed`; `Indexed` needs
    /// `completions` and at most 100000 `parallelism`; per-index backoff settings need `Indexed`.
    ///
    /// **Why it matters** The API server rejects Indexed Jobs without a completion count and other
    /// inconsistent settings.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   completionMode: Indexed
    ///   parallelism: 5
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   completionMode: Indexed
    ///   completions: 10
    ///   parallelism: 5
    /// ```
    ///
    /// **Fix** Give `completions` for Indexed Jobs.
    ///
    /// **Kubernetes source** `validateJobSpec` in `pkg/apis/batch/validation/validation.go`.
    JOB_COMPLETION_MODE,
    "PS2122",
    "job-completion-mode",
    Error,
    "completionMode must be NonIndexed or Indexed, with the settings that mode needs"
);
rule!(
    /// **What it does** Checks `podFailurePolicy.rules`: a supported `action` (`FailJob`, `FailIndex`,
    /// `Ignore`, `Count`) and exactly one of `onExitCodes` and `onPodConditions`, each well formed.
    ///
    /// **Why it matters** The API server rejects rules that could not be evaluated.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// podFailurePolicy:
    ///   rules:
    ///   - action: Fail
    ///     onExitCodes: {operator: In, values: [42]}
    /// ```
    ///
    /// ```yaml
    /// podFailurePolicy:
    ///   rules:
    ///   - action: FailJob
    ///     onExitCodes: {operator: In, values: [42]}
    /// ```
    ///
    /// **Fix** Use a supported action and one condition per rule.
    ///
    /// **Kubernetes source** `validatePodFailurePolicy` (`validatePodFailurePolicyRule`) in
    /// `pkg/apis/batch/validation/validation.go`.
    JOB_POD_FAILURE_POLICY,
    "PS2123",
    "job-pod-failure-policy",
    Error,
    "podFailurePolicy rules need a valid action and exactly one of onExitCodes, onPodConditions"
);
rule!(
    /// **What it does** Checks `successPolicy`: only for `Indexed` Jobs, with rules that set
    /// `succeededIndexes` or `succeededCount` within `completions`.
    ///
    /// **Why it matters** The API server rejects a success policy that cannot be evaluated.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   completions: 5
    ///   successPolicy:
    ///     rules: [{succeededCount: 3}]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   completionMode: Indexed
    ///   completions: 5
    ///   successPolicy:
    ///     rules: [{succeededCount: 3}]
    /// ```
    ///
    /// **Fix** Make the Job Indexed and keep the counts within `completions`.
    ///
    /// **Kubernetes source** `validateSuccessPolicy` in `pkg/apis/batch/validation/validation.go`.
    JOB_SUCCESS_POLICY,
    "PS2124",
    "job-success-policy",
    Error,
    "successPolicy needs Indexed completion and valid rules"
);
rule!(
    /// **What it does** Checks `podReplacementPolicy` is `Failed` or `TerminatingOrFailed` (`Failed`
    /// when there is a `podFailurePolicy`).
    ///
    /// **Why it matters** The API server rejects other values.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   podReplacementPolicy: Terminating
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   podReplacementPolicy: Failed
    /// ```
    ///
    /// **Fix** Use one of the two values.
    ///
    /// **Kubernetes source** `validateJobSpec` in `pkg/apis/batch/validation/validation.go`.
    JOB_REPLACEMENT_POLICY,
    "PS2125",
    "job-pod-replacement-policy",
    Error,
    "podReplacementPolicy must be Failed or TerminatingOrFailed (Failed with a podFailurePolicy)"
);
rule!(
    /// **What it does** Checks a Job's `managedBy` is a domain-prefixed path of at most 63 characters.
    ///
    /// **Why it matters** It names the controller responsible for the Job (for example MultiKueue); a
    /// malformed value is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   managedBy: kueue
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   managedBy: kueue.x-k8s.io/multikueue
    /// ```
    ///
    /// **Fix** Use the controller's documented value, or omit it for the built-in Job controller.
    ///
    /// **Kubernetes source** `validateJobSpec` (with `IsDomainPrefixedPath`) in
    /// `pkg/apis/batch/validation/validation.go`.
    JOB_MANAGED_BY,
    "PS2126",
    "job-managed-by",
    Error,
    "managedBy must be a domain-prefixed path of at most 63 characters"
);
rule!(
    /// **What it does** For Indexed Jobs, checks the Job name with the last index appended still makes
    /// a DNS label (pod hostnames are `<job>-<index>`).
    ///
    /// **Why it matters** A long Job name would give pods invalid hostnames; the API server rejects the
    /// Job.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Job
    /// metadata:
    ///   name: a-very-long-job-name-for-the-nightly-data-processing-pipeline-x
    /// spec:
    ///   completionMode: Indexed
    ///   completions: 100
    /// ```
    ///
    /// ```yaml
    /// kind: Job
    /// metadata:
    ///   name: nightly-pipeline
    /// spec:
    ///   completionMode: Indexed
    ///   completions: 100
    /// ```
    ///
    /// **Fix** Shorten the name.
    ///
    /// **Kubernetes source** `ValidateJob` (the Indexed hostname check) in
    /// `pkg/apis/batch/validation/validation.go`.
    JOB_INDEXED_NAME,
    "PS2127",
    "job-indexed-hostname",
    Error,
    "an Indexed Job's name with the last index appended must be a DNS label"
);
rule!(
    /// **What it does** Checks a CronJob `schedule` is given and parses as a standard five-field cron
    /// expression (names, ranges, steps, `@daily`-style descriptors, `@every`), without a `TZ=` or
    /// `CRON_TZ=` prefix.
    ///
    /// **Why it matters** The API server rejects unparsable schedules with the parser's message (`expected
    /// exactly 5 fields, found 6`); a six-field (seconds) schedule from other cron tools is the classic
    /// mistake.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// schedule: "0 0 2 * * *"
    /// ```
    ///
    /// ```yaml
    /// schedule: "0 2 * * *"
    /// ```
    ///
    /// **Fix** Use five fields; set the zone in `timeZone`.
    ///
    /// **Kubernetes source** `validateScheduleFormat` (via `ValidateCronJobSpec`) in
    /// `pkg/apis/batch/validation/validation.go`.
    CRON_SCHEDULE,
    "PS2130",
    "cronjob-schedule",
    Error,
    "the schedule must be a standard cron expression without TZ"
);
rule!(
    /// **What it does** Checks a CronJob `timeZone` is a known IANA time zone.
    ///
    /// **Why it matters** The API server rejects unknown zones (`unknown time zone Mars/Olympus`);
    /// offsets such as `UTC+2` are a common slip.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// timeZone: Europe/Paris/Central
    /// ```
    ///
    /// ```yaml
    /// timeZone: Europe/Paris
    /// ```
    ///
    /// **Fix** Use a name from the tz database, like `Etc/UTC` or `America/New_York`.
    ///
    /// **Kubernetes source** `validateTimeZone` (via `ValidateCronJobSpec`) in
    /// `pkg/apis/batch/validation/validation.go`.
    CRON_TIME_ZONE,
    "PS2131",
    "cronjob-time-zone",
    Error,
    "timeZone must be a known IANA time zone"
);
rule!(
    /// **What it does** Checks a CronJob `concurrencyPolicy` is `Allow`, `Forbid` or `Replace`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// concurrencyPolicy: Never
    /// ```
    ///
    /// ```yaml
    /// concurrencyPolicy: Forbid
    /// ```
    ///
    /// **Fix** Use one of the three values exactly.
    ///
    /// **Kubernetes source** `ValidateCronJobSpec` in `pkg/apis/batch/validation/validation.go`.
    CRON_CONCURRENCY,
    "PS2132",
    "cronjob-concurrency-policy",
    Error,
    "concurrencyPolicy must be Allow, Forbid or Replace"
);
rule!(
    /// **What it does** Reports `selector` or `manualSelector` in a CronJob's job template.
    ///
    /// **Why it matters** Each Job the CronJob makes gets a generated selector; the API server rejects a
    /// fixed one (`` `selector` will be auto-generated ``).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// jobTemplate:
    ///   spec:
    ///     selector: {matchLabels: {app: report}}
    /// ```
    ///
    /// ```yaml
    /// jobTemplate:
    ///   spec:
    ///     template:
    ///       metadata: {labels: {app: report}}
    /// ```
    ///
    /// **Fix** Remove the selector and label the template instead.
    ///
    /// **Kubernetes source** `ValidateJobTemplateSpec` in `pkg/apis/batch/validation/validation.go`.
    CRON_JOB_SELECTOR,
    "PS2133",
    "cronjob-job-selector",
    Error,
    "a CronJob's job template cannot set selector or manualSelector"
);
rule!(
    /// **What it does** Checks a CronJob name has at most 52 characters.
    ///
    /// **Why it matters** Job names are the CronJob name plus an 11-character suffix and must fit in 63;
    /// the API server rejects longer names.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: CronJob
    /// metadata:
    ///   name: nightly-database-backup-for-the-customer-analytics-db
    /// ```
    ///
    /// ```yaml
    /// kind: CronJob
    /// metadata:
    ///   name: nightly-analytics-db-backup
    /// ```
    ///
    /// **Fix** Shorten the name to 52 characters or fewer.
    ///
    /// **Kubernetes source** `ValidateCronJobCreate` in `pkg/apis/batch/validation/validation.go`.
    CRON_NAME_LENGTH,
    "PS2134",
    "cronjob-name-length",
    Error,
    "a CronJob name has at most 52 characters (the Job names get a suffix)"
);
rule!(
    /// **What it does** Checks the keys of a ConfigMap's `data` and `binaryData` and a Secret's `data`
    /// and `stringData` are config keys: letters, digits, `-`, `_`, `.`, not `.` or `..`.
    ///
    /// **Why it matters** Keys become file names in volumes and variable names in `envFrom`; the API
    /// server rejects keys with `/` or spaces.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// data:
    ///   config/app.yaml: |
    ///     level: info
    /// ```
    ///
    /// ```yaml
    /// data:
    ///   app.yaml: |
    ///     level: info
    /// ```
    ///
    /// **Fix** Use a flat file name; use volume `items[].path` to place it in sub-folders.
    ///
    /// **Kubernetes source** `ValidateConfigMap` and `ValidateSecret` (`IsConfigMapKey`) in
    /// `pkg/apis/core/validation/validation.go`.
    CONFIG_KEY,
    "PS2201",
    "configmap-key",
    Error,
    "ConfigMap and Secret keys must be valid config keys"
);
rule!(
    /// **What it does** Reports a ConfigMap key present in both `data` and `binaryData`.
    ///
    /// **Why it matters** One key can hold only one value; the API server rejects the duplicate.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// data: {logo: "text"}
    /// binaryData: {logo: iVBORw0KGgo=}
    /// ```
    ///
    /// ```yaml
    /// binaryData: {logo: iVBORw0KGgo=}
    /// ```
    ///
    /// **Fix** Keep the key in one of the two maps.
    ///
    /// **Kubernetes source** `ValidateConfigMap` in `pkg/apis/core/validation/validation.go`.
    CONFIG_DUPLICATE_KEY,
    "PS2202",
    "configmap-duplicate-key",
    Error,
    "a ConfigMap key cannot be in both data and binaryData"
);
rule!(
    /// **What it does** Checks a ConfigMap's or Secret's data adds up to at most 1 MiB.
    ///
    /// **Why it matters** etcd objects are limited in size; the API server rejects bigger ones (`Too long:
    /// must have at most 1048576 bytes`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: ConfigMap
    /// binaryData:
    ///   model.bin: "<2 MiB of base64>"
    /// ```
    ///
    /// ```yaml
    /// kind: Pod
    /// spec:
    ///   volumes:
    ///   - name: model
    ///     image: {reference: registry.example.com/models/small:1}
    /// ```
    ///
    /// **Fix** Ship large files in an image volume, a PersistentVolume or object storage.
    ///
    /// **Kubernetes source** `ValidateConfigMap` and `ValidateSecret` in
    /// `pkg/apis/core/validation/validation.go`.
    CONFIG_SIZE,
    "PS2203",
    "configmap-size",
    Error,
    "a ConfigMap or Secret holds at most 1 MiB"
);
rule!(
    /// **What it does** Checks a typed Secret has the keys its type needs: `tls.crt` and `tls.key` for
    /// `kubernetes.io/tls`, `.dockerconfigjson` or `.dockercfg` for docker types, `username` or
    /// `password` for basic auth, `ssh-privatekey` for SSH auth.
    ///
    /// **Why it matters** The API server rejects the Secret (`data[tls.crt]: Required value`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Secret
    /// type: kubernetes.io/tls
    /// data:
    ///   cert.pem: LS0t...
    /// ```
    ///
    /// ```yaml
    /// kind: Secret
    /// type: kubernetes.io/tls
    /// data:
    ///   tls.crt: LS0t...
    ///   tls.key: LS0t...
    /// ```
    ///
    /// **Fix** Use the key names of the type, or `type: Opaque` for free-form data.
    ///
    /// **Kubernetes source** `ValidateSecret` in `pkg/apis/core/validation/validation.go`.
    SECRET_TYPE_KEYS,
    "PS2210",
    "secret-type-keys",
    Error,
    "a typed Secret needs the keys of its type"
);
rule!(
    /// **What it does** Checks a `kubernetes.io/dockerconfigjson` or `dockercfg` Secret holds a JSON
    /// object in its key.
    ///
    /// **Why it matters** The kubelet parses it to pull images; the API server rejects data that is not
    /// JSON.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// type: kubernetes.io/dockerconfigjson
    /// stringData:
    ///   .dockerconfigjson: "user:password"
    /// ```
    ///
    /// ```yaml
    /// type: kubernetes.io/dockerconfigjson
    /// stringData:
    ///   .dockerconfigjson: '{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNz"}}}'
    /// ```
    ///
    /// **Fix** Create it with `kubectl create secret docker-registry`.
    ///
    /// **Kubernetes source** `ValidateSecret` in `pkg/apis/core/validation/validation.go`.
    SECRET_DOCKER_JSON,
    "PS2211",
    "secret-docker-config-json",
    Error,
    "a docker config Secret must hold a JSON object"
);
rule!(
    /// **What it does** Checks a `kubernetes.io/service-account-token` Secret has the
    /// `kubernetes.io/service-account.name` annotation.
    ///
    /// **Why it matters** The token controller needs to know which ServiceAccount to fill in a token for;
    /// the API server rejects the Secret without it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// kind: Secret
    /// type: kubernetes.io/service-account-token
    /// metadata:
    ///   name: build-token
    /// ```
    ///
    /// ```yaml
    /// kind: Secret
    /// type: kubernetes.io/service-account-token
    /// metadata:
    ///   name: build-token
    ///   annotations: {kubernetes.io/service-account.name: build}
    /// ```
    ///
    /// **Fix** Name the ServiceAccount in the annotation (or use projected tokens instead).
    ///
    /// **Kubernetes source** `ValidateSecret` in `pkg/apis/core/validation/validation.go`.
    SECRET_SA_ANNOTATION,
    "PS2212",
    "secret-service-account-name",
    Error,
    "a service account token Secret needs the service-account.name annotation"
);
rule!(
    /// **What it does** Checks a claim's `accessModes`: at least one, each of `ReadWriteOnce`,
    /// `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod`, and `ReadWriteOncePod` alone.
    ///
    /// **Why it matters** The API server rejects a claim without or with unknown access modes.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   accessModes: [ReadWriteOne]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   accessModes: [ReadWriteOnce]
    /// ```
    ///
    /// **Fix** Use the exact mode names.
    ///
    /// **Kubernetes source** `ValidatePersistentVolumeClaimSpec` in
    /// `pkg/apis/core/validation/validation.go`.
    PVC_ACCESS_MODES,
    "PS2220",
    "pvc-access-modes",
    Error,
    "a claim needs supported access modes (ReadWriteOncePod alone)"
);
rule!(
    /// **What it does** Checks a claim has a positive `resources.requests.storage`.
    ///
    /// **Why it matters** The API server rejects a claim without a size (reported at
    /// `spec.resources[storage]`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   accessModes: [ReadWriteOnce]
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   accessModes: [ReadWriteOnce]
    ///   resources:
    ///     requests: {storage: 10Gi}
    /// ```
    ///
    /// **Fix** Request the storage size.
    ///
    /// **Kubernetes source** `ValidatePersistentVolumeClaimSpec` in
    /// `pkg/apis/core/validation/validation.go`.
    PVC_STORAGE,
    "PS2221",
    "pvc-storage-request",
    Error,
    "a claim needs a positive storage request"
);
rule!(
    /// **What it does** Checks `storageClassName` and `volumeAttributesClassName` are DNS subdomains
    /// when non-empty.
    ///
    /// **Why it matters** They name cluster objects; malformed names are rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   storageClassName: Fast_SSD
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   storageClassName: fast-ssd
    /// ```
    ///
    /// **Fix** Use the StorageClass's name from `kubectl get storageclass`.
    ///
    /// **Kubernetes source** `ValidatePersistentVolumeClaimSpec` in
    /// `pkg/apis/core/validation/validation.go`.
    PVC_CLASS_NAME,
    "PS2222",
    "pvc-class-name",
    Error,
    "storageClassName and volumeAttributesClassName must be DNS subdomains"
);
rule!(
    /// **What it does** Checks a claim's `volumeMode` is `Block` or `Filesystem`.
    ///
    /// **Why it matters** Other values are rejected with `Unsupported value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec:
    ///   volumeMode: block
    /// ```
    ///
    /// ```yaml
    /// spec:
    ///   volumeMode: Block
    /// ```
    ///
    /// **Fix** Capitalise the mode, or omit it for `Filesystem`.
    ///
    /// **Kubernetes source** `ValidatePersistentVolumeClaimSpec` in
    /// `pkg/apis/core/validation/validation.go`.
    PVC_VOLUME_MODE,
    "PS2223",
    "pvc-volume-mode",
    Error,
    "volumeMode must be Block or Filesystem"
);
rule!(
    /// **What it does** Checks `dataSource` and `dataSourceRef`: each has a `name` and `kind`, and when
    /// both are given they agree.
    ///
    /// **Why it matters** The provisioner would not know what to clone or restore; the API server
    /// rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// dataSource:
    ///   kind: VolumeSnapshot
    ///   apiGroup: snapshot.storage.k8s.io
    /// ```
    ///
    /// ```yaml
    /// dataSource:
    ///   name: nightly
    ///   kind: VolumeSnapshot
    ///   apiGroup: snapshot.storage.k8s.io
    /// ```
    ///
    /// **Fix** Name the snapshot or claim; give only one of the two fields, or the same in both.
    ///
    /// **Kubernetes source** `validateDataSource` and `validateDataSourceRef` (via
    /// `ValidatePersistentVolumeClaimSpec`) in `pkg/apis/core/validation/validation.go`.
    PVC_DATA_SOURCE,
    "PS2224",
    "pvc-data-source",
    Error,
    "dataSource and dataSourceRef need a name and kind, and must agree"
);

pub const RULES: &[&Rule] = &[
    &SELECTOR_REQUIRED,
    &SELECTOR_EMPTY,
    &SELECTOR_INVALID,
    &SELECTOR_MISMATCH,
    &TEMPLATE_REQUIRED,
    &RESTART_POLICY,
    &ACTIVE_DEADLINE,
    &NON_NEGATIVE,
    &DEPLOYMENT_STRATEGY,
    &INT_OR_PERCENT,
    &PROGRESS_DEADLINE,
    &DAEMONSET_STRATEGY,
    &STATEFULSET_POLICY,
    &STATEFULSET_STRATEGY,
    &STATEFULSET_RETENTION,
    &STATEFULSET_SERVICE_NAME,
    &JOB_RESTART_POLICY,
    &JOB_SELECTOR,
    &JOB_COMPLETION_MODE,
    &JOB_POD_FAILURE_POLICY,
    &JOB_SUCCESS_POLICY,
    &JOB_REPLACEMENT_POLICY,
    &JOB_MANAGED_BY,
    &JOB_INDEXED_NAME,
    &CRON_SCHEDULE,
    &CRON_TIME_ZONE,
    &CRON_CONCURRENCY,
    &CRON_JOB_SELECTOR,
    &CRON_NAME_LENGTH,
    &CONFIG_KEY,
    &CONFIG_DUPLICATE_KEY,
    &CONFIG_SIZE,
    &SECRET_TYPE_KEYS,
    &SECRET_DOCKER_JSON,
    &SECRET_SA_ANNOTATION,
    &PVC_ACCESS_MODES,
    &PVC_STORAGE,
    &PVC_CLASS_NAME,
    &PVC_VOLUME_MODE,
    &PVC_DATA_SOURCE,
];

/// Validates an object of `kind` that is not a Pod.
pub fn validate_object(ctx: &mut Ctx, kind: &str, root: &Node) {
    match kind {
        "PodTemplate" => core::pod_template(ctx, root),
        "ReplicationController" => core::replication_controller(ctx, root),
        "ReplicaSet" => apps::replica_set(ctx, root),
        "Deployment" => apps::deployment(ctx, root),
        "DaemonSet" => apps::daemon_set(ctx, root),
        "StatefulSet" => apps::stateful_set(ctx, root),
        "Job" => batch::job(ctx, root),
        "CronJob" => batch::cron_job(ctx, root),
        "ConfigMap" => core::config_map(ctx, root),
        "Secret" => core::secret(ctx, root),
        "ServiceAccount" => core::service_account(ctx, root),
        "PersistentVolumeClaim" => core::persistent_volume_claim(ctx, root),
        _ => {
            super::objects::validate_object(ctx, kind, root);
        }
    }
}

/// A mapping field, or (when absent) an empty mapping placed at `span`, so that diagnostics
/// about its missing contents point there.
pub(super) fn map_or_empty(
    node: Option<&Node>,
    span: crate::source::Span,
) -> std::borrow::Cow<'_, Node> {
    match node {
        Some(n) => std::borrow::Cow::Borrowed(n),
        None => std::borrow::Cow::Owned(Node::new(crate::yaml::Value::Map(Vec::new()), span)),
    }
}

/// `ValidateNonnegativeField` for the integer field `key` of `node`.
fn non_negative(ctx: &mut Ctx, node: &Node, key: &str, path: &Path) {
    if let Some(v) = node.i64_of(key).filter(|v| *v < 0) {
        ctx.invalid(
            &NON_NEGATIVE,
            &path.child(key),
            node.at(key),
            v,
            "must be greater than or equal to 0",
        );
    }
}

/// `spec.template.metadata.labels: Invalid value: <labels>: `selector` does not match template `labels``.
fn selector_mismatch(
    ctx: &mut Ctx,
    template: Option<&Node>,
    template_path: &Path,
    labels_json: String,
    span: crate::source::Span,
) {
    let meta_path = template_path.child("metadata");
    let span = template
        .and_then(|t| t.map_of("metadata"))
        .and_then(|m| m.entry("labels"))
        .map_or(span, |e| e.key_span);
    ctx.invalid(
        &SELECTOR_MISMATCH,
        &meta_path.child("labels"),
        span,
        ErrValue::Raw(labels_json),
        "`selector` does not match template `labels`",
    );
}

/// The template's labels mapping (`None` when absent or `null`).
fn template_labels(template: Option<&Node>) -> Option<&Node> {
    template
        .and_then(|t| t.map_of("metadata"))
        .and_then(|m| m.get("labels"))
        .filter(|l| l.is_map())
}

/// The name warning of the workload strategies.
fn name_warning(ctx: &mut Ctx, root: &Node) {
    let meta = root.map_of("metadata").unwrap_or(&super::pod::EMPTY_MAP);
    let name = super::meta::effective_name(meta);
    let span = if meta.entry("name").is_some() {
        meta.at("name")
    } else {
        root.key_at("metadata")
    };
    warnings::workload_name_warning(ctx, &name, span);
}

/// `restartPolicy` must be `Always` and `activeDeadlineSeconds` unset (`kind_word` names the
/// kind in the server's message).
fn long_running_template(
    ctx: &mut Ctx,
    template: Option<&Node>,
    template_path: &Path,
    kind_word: &str,
) {
    let spec = template.and_then(|t| t.map_of("spec"));
    let spec_path = template_path.child("spec");
    let policy = spec
        .and_then(|s| s.opt_str("restartPolicy"))
        .filter(|p| !p.is_empty())
        .unwrap_or("Always");
    if policy != "Always" {
        let span = spec.map_or(crate::source::Span::EMPTY, |s| s.at("restartPolicy"));
        ctx.not_supported(
            &RESTART_POLICY,
            &spec_path.child("restartPolicy"),
            span,
            policy,
            &["Always"],
        );
    }
    if let Some(s) = spec.filter(|s| s.get("activeDeadlineSeconds").is_some()) {
        ctx.forbidden(
            &ACTIVE_DEADLINE,
            &spec_path.child("activeDeadlineSeconds"),
            s.key_at("activeDeadlineSeconds"),
            format!("activeDeadlineSeconds in {kind_word} is not Supported"),
        );
    }
}

#[cfg(test)]
mod tests;
