//! End-to-end checks of the workload rules: exact server texts and where they point.

use crate::analyze::{Analysis, analyze};
use crate::validate::Options;

fn run(yaml: &str) -> Analysis {
    analyze(yaml, &Options::default())
}

fn errors(yaml: &str) -> Vec<String> {
    run(yaml).documents[0].server_errors.clone()
}

fn warnings(yaml: &str) -> Vec<String> {
    run(yaml).documents[0].server_warnings.clone()
}

/// The text a diagnostic with this message points at.
fn pointed<'a>(yaml: &'a str, analysis: &Analysis, message: &str) -> &'a str {
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.message == message)
        .unwrap_or_else(|| panic!("no diagnostic {message:?}: {:?}", analysis.diagnostics));
    &yaml[d.span.start()..d.span.end()]
}

#[test]
fn deployment_without_selector() {
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: dontfire\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";
    let a = run(yaml);
    assert_eq!(
        a.documents[0].server_errors,
        vec![
            "spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: {\"app.kubernetes.io/name\":\"dontfire\"}: `selector` does not match template `labels`",
        ]
    );
    assert_eq!(
        pointed(yaml, &a, &a.documents[0].server_errors[1]),
        "labels"
    );
}

#[test]
fn daemonset_without_selector_or_labels() {
    let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    assert_eq!(
        errors(yaml),
        vec![
            "spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`"
        ]
    );
}

#[test]
fn matching_selectors_pass() {
    let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  selector:\n    matchExpressions:\n    - {key: app, operator: In, values: [db, cache]}\n    - {key: canary, operator: DoesNotExist}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: db\n        image: postgres\n        volumeMounts:\n        - {name: data, mountPath: /data}\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}\n";
    assert!(errors(yaml).is_empty(), "{:?}", errors(yaml));
}

#[test]
fn replication_controller_defaults_selector_from_labels() {
    let yaml = "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    assert!(errors(yaml).is_empty());
    let yaml = "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    assert_eq!(errors(yaml), vec!["spec.selector: Required value"]);
}

#[test]
fn job_restart_policy_and_generated_labels() {
    let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n";
    let a = run(yaml);
    assert_eq!(
        a.documents[0].server_errors,
        vec![
            "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        ]
    );
    assert_eq!(
        pointed(yaml, &a, &a.documents[0].server_errors[0]),
        "containers"
    );
    let long = "j".repeat(70);
    let yaml = format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {long}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl\n"
    );
    assert_eq!(
        errors(&yaml),
        vec![format!(
            "spec.template.labels: Invalid value: \"{long}\": must be no more than 63 bytes"
        )]
    );
    assert_eq!(
        warnings(&yaml),
        vec![
            "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must be no more than 63 bytes]"
        ]
    );
}

#[test]
fn cronjob_schedule_messages() {
    let cron = |schedule: &str| {
        let yaml = format!(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"{schedule}\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n"
        );
        errors(&yaml)
    };
    assert!(cron("0 3 * * sun").is_empty());
    assert!(cron("@hourly").is_empty());
    assert_eq!(
        cron("0 3 * *"),
        vec![
            "spec.schedule: Invalid value: \"0 3 * *\": expected exactly 5 fields, found 4: [0 3 * *]"
        ]
    );
    assert_eq!(
        cron("0 3 * * mond"),
        vec![
            "spec.schedule: Invalid value: \"0 3 * * mond\": failed to parse int from mond: strconv.Atoi: parsing \"mond\": invalid syntax"
        ]
    );
    assert_eq!(
        cron("TZ=UTC 0 3 * *"),
        vec![
            "spec.schedule: Invalid value: \"TZ=UTC 0 3 * *\": expected exactly 5 fields, found 4: [0 3 * *]",
            "spec.schedule: Invalid value: \"TZ=UTC 0 3 * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ]
    );
}

#[test]
fn config_map_and_secret_keys() {
    let yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: kubernetes.io/dockercfg\ndata:\n  .dockercfg: bm90IGpzb24=\n";
    let a = run(yaml);
    assert_eq!(
        a.documents[0].server_errors,
        vec![
            "data[.dockercfg]: Invalid value: \"<secret contents redacted>\": invalid character 'o' in literal null (expecting 'u')"
        ]
    );
    assert_eq!(
        pointed(yaml, &a, &a.documents[0].server_errors[0]),
        ".dockercfg"
    );
}

#[test]
fn persistent_volume_claim() {
    let yaml = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: -1Gi\n";
    let a = run(yaml);
    assert_eq!(
        a.documents[0].server_errors,
        vec!["spec.resources[storage]: Invalid value: \"-1Gi\": must be greater than zero"]
    );
    assert_eq!(pointed(yaml, &a, &a.documents[0].server_errors[0]), "-1Gi");
}

#[test]
fn statefulset_name_is_a_label() {
    let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db.v1\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: db\n        image: postgres\n";
    assert_eq!(
        errors(yaml),
        vec!["metadata.name: Invalid value: \"db.v1\": must not contain dots"]
    );
    assert!(warnings(yaml).is_empty());
}
