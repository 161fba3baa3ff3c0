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
//!   `persistentVolumeClaimRetentionPolicy` `Retain` or `Delete`; `ordinals.start` ≥ 0. Mounts
//!   may name a `volumeClaimTemplates` entry.
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
use crate::rule;
use crate::rules::Rule;
use crate::yaml::Node;

rule!(
    SELECTOR_REQUIRED,
    "PS2101",
    "workload-selector-required",
    Error,
    "the workload needs spec.selector"
);
rule!(
    SELECTOR_EMPTY,
    "PS2102",
    "workload-selector-empty",
    Error,
    "an empty selector would select every pod"
);
rule!(
    SELECTOR_INVALID,
    "PS2103",
    "workload-selector-invalid",
    Error,
    "the selector cannot be used (an invalid key, value or operator)"
);
rule!(
    SELECTOR_MISMATCH,
    "PS2104",
    "selector-template-mismatch",
    Error,
    "the selector must select the pod template's labels"
);
rule!(
    TEMPLATE_REQUIRED,
    "PS2105",
    "workload-template-required",
    Error,
    "the workload needs spec.template"
);
rule!(
    RESTART_POLICY,
    "PS2106",
    "workload-restart-policy",
    Error,
    "the template's restartPolicy must suit the workload (Always; OnFailure or Never for Jobs)"
);
rule!(
    ACTIVE_DEADLINE,
    "PS2107",
    "workload-active-deadline",
    Error,
    "long-running workloads cannot set activeDeadlineSeconds in their template"
);
rule!(
    NON_NEGATIVE,
    "PS2108",
    "non-negative-count",
    Error,
    "replica counts, limits and durations must not be negative"
);
rule!(
    DEPLOYMENT_STRATEGY,
    "PS2110",
    "deployment-strategy",
    Error,
    "a Deployment strategy is Recreate or RollingUpdate with valid surge and unavailability"
);
rule!(
    INT_OR_PERCENT,
    "PS2111",
    "int-or-percent",
    Error,
    "maxUnavailable and maxSurge are non-negative integers or percentages up to 100%"
);
rule!(
    PROGRESS_DEADLINE,
    "PS2112",
    "progress-deadline",
    Error,
    "progressDeadlineSeconds must exceed minReadySeconds"
);
rule!(
    DAEMONSET_STRATEGY,
    "PS2113",
    "daemonset-update-strategy",
    Error,
    "a DaemonSet update strategy is RollingUpdate (one of maxUnavailable, maxSurge non-zero) or OnDelete"
);
rule!(
    STATEFULSET_POLICY,
    "PS2114",
    "statefulset-pod-management-policy",
    Error,
    "podManagementPolicy must be OrderedReady or Parallel"
);
rule!(
    STATEFULSET_STRATEGY,
    "PS2115",
    "statefulset-update-strategy",
    Error,
    "a StatefulSet update strategy is RollingUpdate or OnDelete"
);
rule!(
    STATEFULSET_RETENTION,
    "PS2116",
    "statefulset-pvc-retention-policy",
    Error,
    "whenDeleted and whenScaled must be Retain or Delete"
);
rule!(
    JOB_RESTART_POLICY,
    "PS2120",
    "job-restart-policy",
    Error,
    "a Job template's restartPolicy must be OnFailure or Never (Never with a podFailurePolicy)"
);
rule!(
    JOB_SELECTOR,
    "PS2121",
    "job-generated-selector",
    Error,
    "a Job's selector and labels are generated unless manualSelector is true"
);
rule!(
    JOB_COMPLETION_MODE,
    "PS2122",
    "job-completion-mode",
    Error,
    "completionMode must be NonIndexed or Indexed, with the settings that mode needs"
);
rule!(
    JOB_POD_FAILURE_POLICY,
    "PS2123",
    "job-pod-failure-policy",
    Error,
    "podFailurePolicy rules need a valid action and exactly one of onExitCodes, onPodConditions"
);
rule!(
    JOB_SUCCESS_POLICY,
    "PS2124",
    "job-success-policy",
    Error,
    "successPolicy needs Indexed completion and valid rules"
);
rule!(
    JOB_REPLACEMENT_POLICY,
    "PS2125",
    "job-pod-replacement-policy",
    Error,
    "podReplacementPolicy must be Failed or TerminatingOrFailed (Failed with a podFailurePolicy)"
);
rule!(
    JOB_MANAGED_BY,
    "PS2126",
    "job-managed-by",
    Error,
    "managedBy must be a domain-prefixed path of at most 63 characters"
);
rule!(
    JOB_INDEXED_NAME,
    "PS2127",
    "job-indexed-hostname",
    Error,
    "an Indexed Job's name with the last index appended must be a DNS label"
);
rule!(
    CRON_SCHEDULE,
    "PS2130",
    "cronjob-schedule",
    Error,
    "the schedule must be a standard cron expression without TZ"
);
rule!(
    CRON_TIME_ZONE,
    "PS2131",
    "cronjob-time-zone",
    Error,
    "timeZone must be a known IANA time zone"
);
rule!(
    CRON_CONCURRENCY,
    "PS2132",
    "cronjob-concurrency-policy",
    Error,
    "concurrencyPolicy must be Allow, Forbid or Replace"
);
rule!(
    CRON_JOB_SELECTOR,
    "PS2133",
    "cronjob-job-selector",
    Error,
    "a CronJob's job template cannot set selector or manualSelector"
);
rule!(
    CRON_NAME_LENGTH,
    "PS2134",
    "cronjob-name-length",
    Error,
    "a CronJob name has at most 52 characters (the Job names get a suffix)"
);
rule!(
    CONFIG_KEY,
    "PS2201",
    "configmap-key",
    Error,
    "ConfigMap and Secret keys must be valid config keys"
);
rule!(
    CONFIG_DUPLICATE_KEY,
    "PS2202",
    "configmap-duplicate-key",
    Error,
    "a ConfigMap key cannot be in both data and binaryData"
);
rule!(
    CONFIG_SIZE,
    "PS2203",
    "configmap-size",
    Error,
    "a ConfigMap or Secret holds at most 1 MiB"
);
rule!(
    SECRET_TYPE_KEYS,
    "PS2210",
    "secret-type-keys",
    Error,
    "a typed Secret needs the keys of its type"
);
rule!(
    SECRET_DOCKER_JSON,
    "PS2211",
    "secret-docker-config-json",
    Error,
    "a docker config Secret must hold a JSON object"
);
rule!(
    SECRET_SA_ANNOTATION,
    "PS2212",
    "secret-service-account-name",
    Error,
    "a service account token Secret needs the service-account.name annotation"
);
rule!(
    PVC_ACCESS_MODES,
    "PS2220",
    "pvc-access-modes",
    Error,
    "a claim needs supported access modes (ReadWriteOncePod alone)"
);
rule!(
    PVC_STORAGE,
    "PS2221",
    "pvc-storage-request",
    Error,
    "a claim needs a positive storage request"
);
rule!(
    PVC_CLASS_NAME,
    "PS2222",
    "pvc-class-name",
    Error,
    "storageClassName and volumeAttributesClassName must be DNS subdomains"
);
rule!(
    PVC_VOLUME_MODE,
    "PS2223",
    "pvc-volume-mode",
    Error,
    "volumeMode must be Block or Filesystem"
);
rule!(
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
        _ => {}
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
