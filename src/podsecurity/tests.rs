use super::*;
use crate::analyze::analyze;
use crate::options::Options;

fn options(level: Level) -> Options {
    Options {
        pod_security: level,
        ..Options::default()
    }
}

fn errors_and_warnings(text: &str, level: Level) -> (Vec<String>, Vec<String>) {
    let analysis = analyze(text, &options(level));
    let doc = analysis.documents.last().expect("a document");
    (doc.server_errors.clone(), doc.server_warnings.clone())
}

const BARE_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";

#[test]
fn a_bare_pod_is_forbidden_at_restricted_in_the_servers_words() {
    let (errors, warnings) = errors_and_warnings(BARE_POD, Level::Restricted);
    assert_eq!(
        errors,
        [
            "pods \"web\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"
        ]
    );
    assert!(
        warnings.is_empty(),
        "a rejected request gets no warning: {warnings:?}"
    );
}

#[test]
fn the_same_pod_passes_baseline_and_privileged() {
    for level in [Level::Baseline, Level::Privileged] {
        let (errors, warnings) = errors_and_warnings(BARE_POD, level);
        assert!(
            errors.is_empty() && warnings.is_empty(),
            "{level:?}: {errors:?} {warnings:?}"
        );
    }
}

#[test]
fn a_compliant_pod_passes_restricted() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n";
    let (errors, warnings) = errors_and_warnings(text, Level::Restricted);
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
}

#[test]
fn workloads_are_warned_never_rejected() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      hostNetwork: true\n      containers:\n      - name: app\n        image: nginx:1.27\n        securityContext: {privileged: true}\n        ports: [{containerPort: 80, hostPort: 80}]\n";
    let analysis = analyze(text, &options(Level::Baseline));
    let doc = &analysis.documents[0];
    assert_eq!(doc.verdict, crate::analyze::Verdict::Valid);
    assert_eq!(
        doc.server_warnings,
        [
            "would violate PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true), hostPort (container \"app\" uses hostPort 80), privileged (container \"app\" must not set securityContext.privileged=true)"
        ]
    );
    // One diagnostic per control, at the offending field, as warnings.
    let found: Vec<(&str, &str, String)> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("PS4"))
        .map(|d| {
            (
                d.rule.code,
                d.severity.as_str(),
                text[d.span.start()..d.span.end()].to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("PS4002", "warning", "true".to_string()),
            ("PS4003", "warning", "true".to_string()),
            ("PS4006", "warning", "80".to_string()),
        ]
    );
    let paths: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("PS4"))
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "spec.template.spec.hostNetwork",
            "spec.template.spec.containers[0].securityContext.privileged",
            "spec.template.spec.containers[0].ports[0].hostPort"
        ]
    );
}

#[test]
fn a_missing_setting_points_at_the_containers_name() {
    let analysis = analyze(BARE_POD, &options(Level::Restricted));
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "PS4102")
        .expect("PS4102");
    assert_eq!(&BARE_POD[d.span.start()..d.span.end()], "app");
    assert_eq!(d.path, "spec.containers[0].name");
    assert!(d.message.starts_with(
        "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"
    ));
}

#[test]
fn namespace_labels_in_the_input_set_the_level_of_their_namespace() {
    let text = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/warn-version: v1.30\n---\n{}  namespace: shop\n  name: web\n  namespace: shop\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n"
    );
    let text = text.replace(
        "  namespace: shop\n  name: web\n  namespace: shop\n",
        "  name: web\n  namespace: shop\n",
    ) + "spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";
    // No --pod-security: the Namespace alone decides. Baseline passes, restricted warns.
    let (errors, warnings) = errors_and_warnings(&text, Level::Privileged);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with(
        "would violate PodSecurity \"restricted:v1.30\": allowPrivilegeEscalation != false"
    ));
    // A pod in another namespace keeps the default.
    let other = text.replace("namespace: shop\nspec", "namespace: other\nspec");
    let (errors, warnings) = errors_and_warnings(&other, Level::Privileged);
    assert!(errors.is_empty() && warnings.is_empty());
}

#[test]
fn an_invalid_object_never_reaches_admission() {
    let text = BARE_POD.replace("name: app", "name: App");
    let (errors, _) = errors_and_warnings(&text, Level::Restricted);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("spec.containers[0].name: Invalid value: \"App\""),
        "{errors:?}"
    );
}

#[test]
fn messages_pluralise_and_list_like_the_plugin() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    sysctls: [{name: net.core.somaxconn, value: \"1\"}, {name: kernel.msgmax, value: \"1\"}]\n    seLinuxOptions: {type: spc_t, user: u}\n  volumes:\n  - {name: b, hostPath: {path: /b}}\n  - {name: a, nfs: {server: s, path: /}}\n  initContainers:\n  - name: init\n    image: busybox\n    securityContext: {capabilities: {add: [SYS_ADMIN, NET_ADMIN]}, runAsUser: 0}\n  containers:\n  - name: one\n    image: nginx\n    securityContext: {capabilities: {add: [NET_ADMIN]}, seccompProfile: {type: Unconfined}}\n    livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}\n";
    let (errors, _) = errors_and_warnings(text, Level::Baseline);
    assert_eq!(
        errors,
        [
            "pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": non-default capabilities (containers \"init\", \"one\" must not include \"NET_ADMIN\", \"SYS_ADMIN\" in securityContext.capabilities.add), hostPath volumes (volume \"b\"), probe or lifecycle host (container \"one\" uses probe or lifecycle host \"10.0.0.1\"), seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set), seccompProfile (container \"one\" must not set securityContext.seccompProfile.type to \"Unconfined\"), forbidden sysctls (net.core.somaxconn, kernel.msgmax)"
        ]
    );
    let (errors, _) = errors_and_warnings(text, Level::Restricted);
    assert!(errors[0].contains("restricted volume types (volumes \"b\", \"a\" use restricted volume types \"hostPath\", \"nfs\")"), "{errors:?}");
    assert!(
        errors[0].contains("runAsUser=0 (container \"init\" must not set runAsUser=0)"),
        "{errors:?}"
    );
    assert!(errors[0].contains("unrestricted capabilities (containers \"init\", \"one\" must set securityContext.capabilities.drop=[\"ALL\"]; containers \"init\", \"one\" must not include \"NET_ADMIN\", \"SYS_ADMIN\" in securityContext.capabilities.add)"), "{errors:?}");
}

/// A namespace `shop` with `labels` (YAML lines, indented four spaces) and a bare pod in it.
fn pod_in_labelled_namespace(labels: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n{labels}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n"
    )
}

#[test]
fn an_invalid_warn_level_fails_open_and_an_invalid_enforce_level_fails_closed() {
    let text = pod_in_labelled_namespace("    pod-security.kubernetes.io/warn: strict\n");
    let (errors, warnings) = errors_and_warnings(&text, Level::Privileged);
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
    let text = pod_in_labelled_namespace("    pod-security.kubernetes.io/enforce: strict\n");
    let (errors, _) = errors_and_warnings(&text, Level::Privileged);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("violates PodSecurity \"restricted:latest\""));
}

#[test]
fn an_invalid_version_reads_as_latest_and_a_version_alone_keeps_the_default_level() {
    for bad in ["v1.025", "v2.0", "1.25", "v1."] {
        let text = pod_in_labelled_namespace(&format!(
            "    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/warn-version: \"{bad}\"\n"
        ));
        let (_, warnings) = errors_and_warnings(&text, Level::Privileged);
        assert_eq!(warnings.len(), 1, "{bad}: {warnings:?}");
        assert!(
            warnings[0].contains("\"restricted:latest\""),
            "{bad}: {warnings:?}"
        );
    }
    // A version label without its level label pins the default level's version.
    let text = pod_in_labelled_namespace("    pod-security.kubernetes.io/enforce-version: v1.25\n");
    let (errors, _) = errors_and_warnings(&text, Level::Restricted);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("\"restricted:v1.25\""), "{errors:?}");
}

#[test]
fn audit_mode_shows_nothing_as_the_client_sees_nothing() {
    let text = pod_in_labelled_namespace(
        "    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/audit-version: v1.25\n",
    );
    let (errors, warnings) = errors_and_warnings(&text, Level::Privileged);
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?} {warnings:?}"
    );
}

#[test]
fn a_version_counts_by_its_minor_and_latest_is_newer_than_all() {
    let at = |version: &str| {
        LevelVersion {
            level: Level::Restricted,
            version: version.into(),
        }
        .minor()
    };
    assert_eq!(at("v1.0"), 0);
    assert_eq!(at("v1.25"), 25);
    assert_eq!(at("latest"), u32::MAX);
    // Too large to count: newer than every revision, as the plugin clamps it.
    assert_eq!(at("v1.99999999999"), u32::MAX);
}
