//! Tests of the pod spec rules through the whole pipeline: exact server messages, rule codes and
//! the text each diagnostic points at.

use crate::analyze::{Analysis, analyze};
use crate::validate::Options;

fn run(yaml: &str) -> Analysis {
    analyze(yaml, &Options::default())
}

/// The server's errors for the only document.
fn errors(yaml: &str) -> Vec<String> {
    let analysis = run(yaml);
    assert_eq!(analysis.documents.len(), 1);
    analysis.documents[0].server_errors.clone()
}

/// The rule code and the source text of the diagnostic whose message is `message`.
fn located(yaml: &str, message: &str) -> (&'static str, String) {
    let analysis = run(yaml);
    let diag = analysis
        .diagnostics
        .iter()
        .find(|d| d.message == message)
        .unwrap_or_else(|| panic!("no diagnostic {message:?} in {:#?}", analysis.diagnostics));
    (
        diag.rule.code,
        yaml[diag.span.start()..diag.span.end()].to_string(),
    )
}

/// A valid Pod with `extra` (indented by two spaces) appended to its spec.
fn pod(extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n{extra}"
    )
}

/// The errors of a pod template (at `spec.template`) whose spec gets `extra` (indented by four
/// spaces), through `validate_pod_template` (independent of the workload rules).
fn template_errors(extra: &str) -> Vec<String> {
    use crate::validate::{Ctx, FieldError, Path, pod};
    let text = format!(
        "metadata:\n  labels:\n    app: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n{extra}"
    );
    let template = crate::yaml::parse_document(&text, crate::source::Span::new(0, text.len()))
        .root
        .expect("parses");
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    let spec = Path::ROOT.child("spec");
    pod::validate_pod_template(&mut ctx, &template, &spec.child("template"));
    ctx.dedup();
    ctx.errors.iter().map(FieldError::message).collect()
}

const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

#[test]
fn valid_pod_has_no_errors() {
    let yaml = pod(concat!(
        "  hostNetwork: true\n",
        "  dnsPolicy: ClusterFirstWithHostNet\n",
        "  restartPolicy: OnFailure\n",
        "  serviceAccountName: web-sa\n",
        "  priorityClassName: high-priority\n",
        "  runtimeClassName: gvisor\n",
        "  preemptionPolicy: Never\n",
        "  activeDeadlineSeconds: 600\n",
        "  hostname: web-0\n",
        "  subdomain: web\n",
        "  securityContext:\n",
        "    runAsUser: 1000\n",
        "    fsGroup: 2000\n",
        "    supplementalGroups: [3000]\n",
        "    fsGroupChangePolicy: OnRootMismatch\n",
        "    seccompProfile: {type: RuntimeDefault}\n",
        "    sysctls: [{name: kernel.shm_rmid_forced, value: '1'}]\n",
        "  tolerations:\n",
        "  - {operator: Exists}\n",
        "  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}\n",
        "  - {key: dedicated, value: gpu, effect: NoSchedule}\n",
        "  dnsConfig:\n",
        "    nameservers: [1.1.1.1, '2001:db8::1']\n",
        "    searches: [svc.cluster.local, _tcp.example.com, '.']\n",
        "    options: [{name: ndots, value: '2'}]\n",
        "  hostAliases:\n",
        "  - {ip: 127.0.0.1, hostnames: [foo.local]}\n",
        "  readinessGates: [{conditionType: example.com/ready}]\n",
        "  topologySpreadConstraints:\n",
        "  - maxSkew: 1\n",
        "    topologyKey: topology.kubernetes.io/zone\n",
        "    whenUnsatisfiable: DoNotSchedule\n",
        "    minDomains: 2\n",
        "    labelSelector: {matchLabels: {app: web}}\n",
        "    matchLabelKeys: [pod-template-hash]\n",
        "  affinity:\n",
        "    nodeAffinity:\n",
        "      requiredDuringSchedulingIgnoredDuringExecution:\n",
        "        nodeSelectorTerms:\n",
        "        - matchExpressions:\n",
        "          - {key: kubernetes.io/os, operator: In, values: [linux]}\n",
        "          matchFields:\n",
        "          - {key: metadata.name, operator: In, values: [node-1]}\n",
        "    podAntiAffinity:\n",
        "      preferredDuringSchedulingIgnoredDuringExecution:\n",
        "      - weight: 100\n",
        "        podAffinityTerm:\n",
        "          labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}\n",
        "          topologyKey: kubernetes.io/hostname\n",
        "          namespaces: [default]\n",
        "  os: {name: linux}\n",
    ));
    assert_eq!(errors(&yaml), Vec::<String>::new());
}

#[test]
fn host_network_host_port() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  containers:\n  - name: app\n    image: nginx\n    ports:\n    - containerPort: 80\n      hostPort: 8080\n    - containerPort: 81\n";
    assert_eq!(
        errors(yaml),
        vec![
            "spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"
        ]
    );
    let (code, text) = located(yaml, &errors(yaml)[0]);
    assert_eq!((code, text.as_str()), ("PS2005", "8080"));
    // Templates allow 0, and a template port that differs fails the same way.
    let tpl = template_errors(
        "    ports:\n    - containerPort: 80\n    - containerPort: 81\n      hostPort: 82\n  hostNetwork: true\n",
    );
    assert_eq!(
        tpl,
        vec![
            "spec.template.spec.containers[0].ports[1].hostPort: Invalid value: 82: must match `containerPort` when `hostNetwork` is true"
        ]
    );
}

#[test]
fn restart_and_dns_policy() {
    let yaml = pod("  restartPolicy: always\n  dnsPolicy: ClusterFirstWithHostNetwork\n");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.restartPolicy: Unsupported value: \"always\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "spec.dnsPolicy: Unsupported value: \"ClusterFirstWithHostNetwork\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"",
        ]
    );
    assert_eq!(
        located(&yaml, &errors(&yaml)[1]),
        ("PS2007", "ClusterFirstWithHostNetwork".to_string())
    );
    // Empty strings are defaulted.
    assert!(errors(&pod("  restartPolicy: \"\"\n  dnsPolicy: \"\"\n")).is_empty());
}

#[test]
fn resource_claims() {
    let yaml = pod(concat!(
        "  resourceClaims:\n",
        "  - name: gpu\n",
        "    resourceClaimTemplateName: gpu-template\n",
        "  - name: gpu\n",
        "    resourceClaimName: My_Claim\n",
        "  - {}\n",
        "  - name: Big\n",
        "    resourceClaimName: a\n",
        "    resourceClaimTemplateName: b\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.resourceClaims[1].name: Duplicate value: \"gpu\"".to_string(),
            format!("spec.resourceClaims[1].resourceClaimName: Invalid value: \"My_Claim\": {SUBDOMAIN_MSG}"),
            "spec.resourceClaims[2].name: Required value".to_string(),
            "spec.resourceClaims[2]: Invalid value: {\"Name\":\"\",\"ResourceClaimName\":null,\"ResourceClaimTemplateName\":null}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`".to_string(),
            format!("spec.resourceClaims[3].name: Invalid value: \"Big\": {LABEL_MSG}"),
            "spec.resourceClaims[3]: Invalid value: {\"Name\":\"Big\",\"ResourceClaimName\":\"a\",\"ResourceClaimTemplateName\":\"b\"}: at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified".to_string(),
        ]
    );
}

#[test]
fn static_pods_cannot_use_claims() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    kubernetes.io/config.mirror: abc\nspec:\n  nodeName: node-1\n  containers:\n  - name: app\n    image: nginx\n  resourceClaims:\n  - name: a\n    resourceClaimName: a\n  - name: b\n    resourceClaimName: b\n";
    // Identical messages are reported once, as ToAggregate does.
    assert_eq!(
        errors(yaml),
        vec![": Forbidden: static pods do not support resource claims"]
    );
}

#[test]
fn pod_security_context() {
    let yaml = pod(concat!(
        "  shareProcessNamespace: true\n",
        "  hostPID: true\n",
        "  hostNetwork: true\n",
        "  securityContext:\n",
        "    runAsUser: -1\n",
        "    runAsGroup: 2147483648\n",
        "    supplementalGroups: [1, -5]\n",
        "    sysctls:\n",
        "    - name: net.core.somaxconn\n",
        "      value: '1024'\n",
        "    - name: net.core.somaxconn\n",
        "      value: '1024'\n",
        "    - name: Net..core\n",
        "      value: '1'\n",
        "    - value: '1'\n",
        "    fsGroupChangePolicy: Never\n",
        "    supplementalGroupsPolicy: Replace\n",
        "    seLinuxChangePolicy: MountOption\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
            "spec.securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive",
            "spec.securityContext.supplementalGroups[1]: Invalid value: -5: must be between 0 and 2147483647, inclusive",
            "spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
            "spec.securityContext.sysctls[0].name: Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true",
            "spec.securityContext.sysctls[1].name: Duplicate value: \"net.core.somaxconn\"",
            "spec.securityContext.sysctls[1].name: Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true",
            "spec.securityContext.sysctls[2].name: Invalid value: \"Net..core\": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$",
            "spec.securityContext.sysctls[3].name: Required value",
            "spec.securityContext.fsGroupChangePolicy: Unsupported value: \"Never\": supported values: \"Always\", \"OnRootMismatch\"",
            "spec.securityContext.supplementalGroupsPolicy: Unsupported value: \"Replace\": supported values: \"Merge\", \"Strict\"",
            "spec.securityContext.seLinuxChangePolicy: Unsupported value: \"MountOption\": supported values: \"Recursive\"",
        ]
    );
    assert_eq!(
        located(&yaml, &errors(&yaml)[3]),
        ("PS2011", "true".to_string())
    );
    // A missing name points at the sysctl's first key.
    assert_eq!(
        located(&yaml, &errors(&yaml)[8]),
        ("PS2012", "value".to_string())
    );
}

#[test]
fn seccomp_apparmor_and_windows_options() {
    let yaml = pod(concat!(
        "  securityContext:\n",
        "    seccompProfile:\n",
        "      type: Localhost\n",
        "      localhostProfile: /etc/profiles/../x.json\n",
        "    appArmorProfile:\n",
        "      type: RuntimeDefault\n",
        "      localhostProfile: k8s-apparmor\n",
        "    windowsOptions:\n",
        "      gmsaCredentialSpecName: Spec_1\n",
        "      gmsaCredentialSpec: ''\n",
        "      runAsUserName: 'bad:domain\\us\"er'\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.securityContext.seccompProfile.localhostProfile: Invalid value: \"/etc/profiles/../x.json\": must be a relative path".to_string(),
            "spec.securityContext.seccompProfile.localhostProfile: Invalid value: \"/etc/profiles/../x.json\": must not contain '..'".to_string(),
            format!("spec.securityContext.windowsOptions.gmsaCredentialSpecName: Invalid value: \"Spec_1\": {SUBDOMAIN_MSG}"),
            "spec.securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: \"\": gmsaCredentialSpec cannot be an empty string".to_string(),
            "spec.securityContext.windowsOptions.runAsUserName: Invalid value: \"bad:domain\\\\us\\\"er\": runAsUserName's Domain doesn't match the NetBios nor the DNS format".to_string(),
            "spec.securityContext.windowsOptions.runAsUserName: Invalid value: \"bad:domain\\\\us\\\"er\": runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]".to_string(),
            "spec.securityContext.appArmorProfile.localhostProfile: Invalid value: \"k8s-apparmor\": can only be set when AppArmor type is Localhost".to_string(),
        ]
    );
    let yaml = pod(concat!(
        "  securityContext:\n",
        "    seccompProfile:\n",
        "      type: runtime/default\n",
        "      localhostProfile: x\n",
        "    appArmorProfile:\n",
        "      type: Localhost\n",
        "      localhostProfile: ' x'\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.securityContext.seccompProfile.type: Unsupported value: \"runtime/default\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
            "spec.securityContext.seccompProfile.localhostProfile: Invalid value: {\"Type\":\"runtime/default\",\"LocalhostProfile\":\"x\"}: can only be set when seccomp type is Localhost",
            "spec.securityContext.appArmorProfile.localhostProfile: Invalid value: \" x\": must not be padded with whitespace",
        ]
    );
    let yaml = pod(
        "  securityContext:\n    seccompProfile: {}\n    appArmorProfile:\n      type: Localhost\n",
    );
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set",
            "spec.securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost",
        ]
    );
}

#[test]
fn windows_host_process() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: win\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n  initContainers:\n  - name: init\n    image: busybox\n    securityContext:\n      windowsOptions:\n        hostProcess: false\n  containers:\n  - name: app\n    image: nginx\n";
    assert_eq!(
        errors(yaml),
        vec![
            "spec.initContainers[0].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value must be identical if both are specified, was true",
            "spec: Invalid value: \"\": If pod contains any hostProcess containers then all containers must be HostProcess containers",
            "spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers",
        ]
    );
    let (code, text) = located(yaml, &errors(yaml)[0]);
    assert_eq!((code, text.as_str()), ("PS2046", "false"));
    assert_eq!(located(yaml, &errors(yaml)[1]).1, "spec");
}

#[test]
fn host_users_false() {
    let yaml = pod(concat!(
        "    volumeDevices:\n",
        "    - {name: data, devicePath: /dev/xvda}\n",
        "  hostUsers: false\n",
        "  hostNetwork: true\n",
        "  hostPID: true\n",
        "  hostIPC: true\n",
    ));
    let errs = errors(&yaml);
    let mine: Vec<&String> = errs.iter().filter(|e| e.contains("hostUsers")).collect();
    assert_eq!(
        mine,
        vec![
            "spec.hostNetwork: Forbidden: when `hostUsers` is false",
            "spec.HostPID: Forbidden: when `hostUsers` is false",
            "spec.HostIPC: Forbidden: when `hostUsers` is false",
            "spec.containers[0].volumeDevices: Forbidden: when `hostUsers` is false",
        ]
    );
    assert_eq!(located(&yaml, mine[1]), ("PS2050", "true".to_string()));
}

#[test]
fn hostname_override() {
    let long = "a".repeat(65);
    let yaml = pod(&format!(
        "  hostNetwork: true\n  setHostnameAsFQDN: true\n  hostnameOverride: {long}\n"
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.hostnameOverride: Forbidden: may not be specified when setHostnameAsFQDN is true",
            "spec.hostnameOverride: Forbidden: may not be specified when hostNetwork is true",
            "spec.hostnameOverride: Too long: may not be more than 64 bytes",
        ]
    );
}

#[test]
fn names_and_scalars() {
    let yaml = pod(concat!(
        "  serviceAccountName: KSA_NAME\n",
        "  nodeName: Node_1\n",
        "  activeDeadlineSeconds: 0\n",
        "  hostname: web.0\n",
        "  subdomain: Web\n",
        "  priorityClassName: High\n",
        "  runtimeClassName: ''\n",
        "  preemptionPolicy: Always\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            format!("spec.serviceAccountName: Invalid value: \"KSA_NAME\": {SUBDOMAIN_MSG}"),
            format!("spec.nodeName: Invalid value: \"Node_1\": {SUBDOMAIN_MSG}"),
            "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive".to_string(),
            "spec.hostname: Invalid value: \"web.0\": must not contain dots".to_string(),
            format!("spec.subdomain: Invalid value: \"Web\": {LABEL_MSG}"),
            format!("spec.priorityClassName: Invalid value: \"High\": {SUBDOMAIN_MSG}"),
            format!("spec.runtimeClassName: Invalid value: \"\": {SUBDOMAIN_MSG}"),
            "spec.preemptionPolicy: Unsupported value: \"Always\": supported values: \"PreemptLowerPriority\", \"Never\"".to_string(),
        ]
    );
    assert_eq!(
        located(&yaml, &errors(&yaml)[0]),
        ("PS2053", "KSA_NAME".to_string())
    );
    // The deprecated alias is used when serviceAccountName is empty.
    assert_eq!(
        template_errors("  serviceAccount: ${KSA_NAME}\n"),
        vec![format!(
            "spec.template.spec.serviceAccountName: Invalid value: \"${{KSA_NAME}}\": {SUBDOMAIN_MSG}"
        )]
    );
    assert_eq!(
        errors(&pod("  preemptionPolicy: ''\n")),
        vec!["spec.preemptionPolicy: Required value"]
    );
}

#[test]
fn dns_config() {
    let yaml = pod("  dnsPolicy: None\n");
    assert_eq!(
        errors(&yaml),
        vec!["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]
    );
    let yaml = pod("  dnsPolicy: None\n  dnsConfig:\n    searches: [a.b]\n");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"
        ]
    );
    let yaml = pod(concat!(
        "  dnsConfig:\n",
        "    nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, dns.local]\n",
        "    searches: [Corp.Example., ok.example.]\n",
        "    options: [{value: '1'}]\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.dnsConfig.nameservers: Invalid value: [\"1.1.1.1\",\"8.8.8.8\",\"9.9.9.9\",\"dns.local\"]: must not have more than 3 nameservers",
            "spec.dnsConfig.nameservers[3]: Invalid value: \"dns.local\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            "spec.dnsConfig.searches[0]: Invalid value: \"Corp.Example\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
            "spec.dnsConfig.options[0]: Required value: must not be empty",
        ]
    );
    assert_eq!(
        located(&yaml, &errors(&yaml)[1]),
        ("PS2031", "dns.local".to_string())
    );
}

#[test]
fn host_aliases() {
    let yaml = pod("  hostAliases:\n  - ip: 010.0.0.1\n    hostnames: [Foo]\n  - hostnames: [a]\n");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.hostAliases[0].ip: Invalid value: \"010.0.0.1\": must not have leading 0s".to_string(),
            format!("spec.hostAliases[0].hostnames[0]: Invalid value: \"Foo\": {SUBDOMAIN_MSG}"),
            "spec.hostAliases[1].ip: Invalid value: \"\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)".to_string(),
        ]
    );
}

#[test]
fn gates() {
    let yaml = pod(concat!(
        "  readinessGates: [{conditionType: 'a/b/c'}]\n",
        "  schedulingGates: [{name: example.com/gate}, {name: example.com/gate}]\n",
    ));
    let errs = errors(&yaml);
    assert_eq!(errs.len(), 2);
    assert!(
        errs[0].starts_with("spec.readinessGates[0].conditionType: Invalid value: \"a/b/c\": ")
    );
    assert_eq!(
        errs[1],
        "spec.schedulingGates[1]: Duplicate value: \"example.com/gate\""
    );
}

#[test]
fn topology_spread_constraints() {
    let yaml = pod(concat!(
        "  topologySpreadConstraints:\n",
        "  - maxSkew: 0\n",
        "    topologyKey: zone\n",
        "    whenUnsatisfiable: DoNotSCHEDULE\n",
        "    minDomains: 0\n",
        "    nodeAffinityPolicy: honor\n",
        "  - maxSkew: 1\n",
        "    topologyKey: zone\n",
        "    whenUnsatisfiable: DoNotSCHEDULE\n",
        "  - maxSkew: 1\n",
        "    whenUnsatisfiable: ScheduleAnyway\n",
        "    minDomains: 2\n",
        "    matchLabelKeys: [app]\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
            "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"DoNotSCHEDULE\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"",
            "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: \"{zone, DoNotSCHEDULE}\"",
            "spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero",
            "spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not DoNotSCHEDULE",
            "spec.topologySpreadConstraints[0].nodeAffinityPolicy: Unsupported value: \"honor\": supported values: \"Honor\", \"Ignore\"",
            "spec.topologySpreadConstraints[1].whenUnsatisfiable: Unsupported value: \"DoNotSCHEDULE\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"",
            "spec.topologySpreadConstraints[2].topologyKey: Required value: can not be empty",
            "spec.topologySpreadConstraints[2].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
            "spec.topologySpreadConstraints[2].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set",
        ]
    );
    assert_eq!(
        located(&yaml, &errors(&yaml)[1]),
        ("PS2042", "DoNotSCHEDULE".to_string())
    );
}

#[test]
fn match_label_keys_merge_for_pods_only() {
    let extra = concat!(
        "  topologySpreadConstraints:\n",
        "  - maxSkew: 1\n",
        "    topologyKey: zone\n",
        "    whenUnsatisfiable: DoNotSchedule\n",
        "    labelSelector:\n",
        "      matchLabels: {app: web}\n",
        "    matchLabelKeys: [app]\n",
    );
    // The Pod carries the label, so the server merged `app In (web)` into the selector.
    assert_eq!(
        errors(&pod(extra)),
        vec![
            "spec.topologySpreadConstraints[0][0]: Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"
        ]
    );
    // A template is not merged.
    assert_eq!(template_errors(extra), Vec::<String>::new());
    let yaml = pod(concat!(
        "  affinity:\n",
        "    podAffinity:\n",
        "      requiredDuringSchedulingIgnoredDuringExecution:\n",
        "      - labelSelector:\n",
        "          matchExpressions: [{key: app, operator: Exists}]\n",
        "        matchLabelKeys: [app, bad key]\n",
        "        mismatchLabelKeys: [app]\n",
        "        topologyKey: ''\n",
    ));
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[1]: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid value: \"app\": exists in both matchLabelKeys and labelSelector",
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: Invalid value: \"app\": exists in both matchLabelKeys and mismatchLabelKeys",
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must be non-empty",
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ]
    );
}

#[test]
fn node_affinity() {
    let yaml = pod(concat!(
        "  affinity:\n",
        "    nodeAffinity:\n",
        "      requiredDuringSchedulingIgnoredDuringExecution:\n",
        "        nodeSelectorTerms:\n",
        "        - matchExpressions:\n",
        "          - {key: zone, operator: in, values: [a]}\n",
        "          - {key: zone, operator: In}\n",
        "          - {key: size, operator: Gt, values: ['1', '2']}\n",
        "          - {key: zone, operator: Exists, values: [a]}\n",
        "          - {key: zone, operator: In, values: ['bad value']}\n",
        "          matchFields:\n",
        "          - {key: metadata.name, operator: Exists, values: [Node_1]}\n",
        "          - {key: name, operator: In, values: [a]}\n",
        "      preferredDuringSchedulingIgnoredDuringExecution:\n",
        "      - weight: 0\n",
        "        preference:\n",
        "          matchExpressions: [{key: zone, operator: In, values: ['bad value']}]\n",
    ));
    let p = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
    assert_eq!(
        errors(&yaml),
        vec![
            format!("{p}.matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator"),
            format!("{p}.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
            format!("{p}.matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"),
            format!("{p}.matchExpressions[3].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
            format!("{p}.matchExpressions[4].values[0]: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
            format!("{p}.matchFields[0].operator: Invalid value: \"Exists\": not a valid selector operator"),
            format!("{p}.matchFields[0].values[0]: Invalid value: \"Node_1\": {SUBDOMAIN_MSG}"),
            format!("{p}.matchFields[1].key: Invalid value: \"name\": not a valid field selector key"),
            "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100".to_string(),
        ]
    );
    let yaml = pod(
        "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution: {}\n",
    );
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"
        ]
    );
}

#[test]
fn label_selector_requirements() {
    let yaml = pod(concat!(
        "  affinity:\n",
        "    podAntiAffinity:\n",
        "      preferredDuringSchedulingIgnoredDuringExecution:\n",
        "      - weight: 101\n",
        "        podAffinityTerm:\n",
        "          topologyKey: kubernetes.io/hostname\n",
        "          namespaces: [Team_A]\n",
        "          labelSelector:\n",
        "            matchExpressions:\n",
        "            - {key: app, operator: Gt, values: ['1']}\n",
        "            - {key: app, operator: NotIn}\n",
        "          namespaceSelector:\n",
        "            matchExpressions:\n",
        "            - {key: team, operator: DoesNotExist, values: [x]}\n",
    ));
    let p = "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]";
    assert_eq!(
        errors(&yaml),
        vec![
            format!("{p}.weight: Invalid value: 101: must be in the range 1-100"),
            format!(
                "{p}.podAffinityTerm.labelSelector.matchExpressions[0].operator: Invalid value: \"Gt\": not a valid selector operator"
            ),
            format!(
                "{p}.podAffinityTerm.labelSelector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
            ),
            format!(
                "{p}.podAffinityTerm.namespaceSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            ),
            format!("{p}.podAffinityTerm.namespace: Invalid value: \"Team_A\": {LABEL_MSG}"),
        ]
    );
    assert_eq!(
        located(&yaml, &errors(&yaml)[1]),
        ("PS2027", "Gt".to_string())
    );
}

#[test]
fn tolerations() {
    let yaml = pod(concat!(
        "  tolerations:\n",
        "  - {operator: Equal, value: x}\n",
        "  - {key: a, operator: Exists, value: x, tolerationSeconds: 10, effect: NoSchedule}\n",
        "  - {key: 'a/b/c', value: 'bad value'}\n",
        "  - {key: a, operator: equal, effect: NoExec}\n",
        "  - {key: a, operator: Gt, value: '5'}\n",
    ));
    let errs = errors(&yaml);
    assert_eq!(
        errs[0],
        "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""
    );
    // (The qualified-name wording of errs[3] belongs to the format checks.)
    assert!(errs[3].starts_with("spec.tolerations[2].key: Invalid value: \"a/b/c\": "));
    let rest: Vec<String> = errs[1..]
        .iter()
        .filter(|e| !e.contains(".key:"))
        .cloned()
        .collect();
    assert_eq!(
        rest,
        [
            "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set".to_string(),
            "spec.tolerations[1].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'".to_string(),
            "spec.tolerations[2].operator: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string(),
            "spec.tolerations[3].operator: Unsupported value: \"equal\": supported values: \"Equal\", \"Exists\"".to_string(),
            "spec.tolerations[3].effect: Unsupported value: \"NoExec\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"".to_string(),
            "spec.tolerations[4].operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\", \"Lt\", \"Gt\"".to_string(),
        ]
    );
    assert_eq!(located(&yaml, &errs[2]), ("PS2064", "x".to_string()));
}

#[test]
fn os_checks() {
    assert_eq!(
        errors(&pod("  os: {}\n")),
        vec!["spec.os.name: Required value: cannot be empty"]
    );
    assert_eq!(
        errors(&pod("  os: {name: Linux}\n")),
        vec!["spec.os: Unsupported value: \"Linux\": supported values: \"linux\", \"windows\""]
    );
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  os: {name: linux}\n  securityContext:\n    windowsOptions: {runAsUserName: app}\n  containers:\n  - name: app\n    image: nginx\n    securityContext:\n      windowsOptions: {runAsUserName: app}\n";
    assert_eq!(
        errors(yaml),
        vec![
            "spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod",
            "spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod",
        ]
    );
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  os: {name: windows}\n  hostUsers: true\n  hostPID: false\n  shareProcessNamespace: false\n  securityContext:\n    runAsUser: 1\n    supplementalGroups: []\n    sysctls: []\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: app\n    image: nginx\n    securityContext:\n      privileged: false\n      runAsNonRoot: true\n";
    assert_eq!(
        errors(yaml),
        vec![
            "spec.hostUsers: Forbidden: cannot be set for a windows pod",
            "spec.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod",
            "spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod",
            "spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod",
            "spec.securityContext.supplementalGroups: Forbidden: cannot be set for a windows pod",
            "spec.containers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod",
        ]
    );
}

#[test]
fn reusable_label_selector() {
    use crate::validate::path::Path;
    use crate::validate::podspec::{SelectorOptions, validate_label_selector};
    use crate::validate::{Ctx, FieldError};
    let text = "matchExpressions:\n- {key: tier, operator: In, values: ['a b']}\n";
    let doc = crate::yaml::parse_document(text, crate::source::Span::new(0, text.len()))
        .root
        .expect("parses");
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    let spec = Path::ROOT.child("spec");
    let selector = spec.child("selector");
    validate_label_selector(&mut ctx, &doc, &selector, SelectorOptions::default());
    let messages: Vec<String> = ctx.errors.iter().map(FieldError::message).collect();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0]
            .starts_with("spec.selector.matchExpressions[0].values[0]: Invalid value: \"a b\": ")
    );
    let mut ctx = Ctx::new(&options);
    validate_label_selector(
        &mut ctx,
        &doc,
        &selector,
        SelectorOptions {
            allow_invalid_label_value: true,
        },
    );
    assert!(ctx.errors.is_empty());
}
