//! Tests of the container rules through the real pipeline.

use crate::analyze::analyze;
use crate::source::Span;
use crate::validate::{Ctx, Options, Path, pod};

/// The server errors of the first document.
fn errors(yaml: &str) -> Vec<String> {
    errors_with(yaml, &Options::default())
}

fn errors_with(yaml: &str, options: &Options) -> Vec<String> {
    let analysis = analyze(yaml, options);
    let doc = &analysis.documents[0];
    assert!(
        doc.strict_errors.is_empty(),
        "strict errors: {:?}",
        doc.strict_errors
    );
    doc.server_errors.clone()
}

/// The text each diagnostic with this exact message points at.
fn span_text<'t>(yaml: &'t str, message: &str) -> &'t str {
    let analysis = analyze(yaml, &Options::default());
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.message == message)
        .unwrap_or_else(|| panic!("no diagnostic {message:?} in {:?}", analysis.diagnostics));
    &yaml[d.span.start()..d.span.end()]
}

/// A Pod with these container lines (indented under `containers:`) and extra spec lines.
fn pod(containers: &str, spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec}  containers:\n{containers}"
    )
}

const OK: &str = "  - name: app\n    image: nginx\n";

/// Template errors, validated as `spec.template` of a workload.
fn template_errors(template: &str) -> Vec<String> {
    let text = format!("template:\n{template}");
    let parsed = crate::yaml::parse_document(&text, Span::new(0, text.len()));
    let root = parsed.root.expect("parses");
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    let spec = Path::ROOT.child("spec");
    pod::validate_pod_template(
        &mut ctx,
        root.get("template").unwrap(),
        &spec.child("template"),
    );
    ctx.errors
        .iter()
        .map(crate::validate::FieldError::message)
        .collect()
}

#[test]
fn acceptance_examples() {
    let yaml = pod("  - name: MyApp\n    image: nginx\n", "");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.containers[0].name: Invalid value: \"MyApp\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        ]
    );
    assert_eq!(span_text(&yaml, &errors(&yaml)[0]), "MyApp");

    let yaml = pod(
        "  - name: app\n    image: nginx\n    volumeMounts:\n    - name: data\n      mountPath: /data\n",
        "",
    );
    assert_eq!(
        errors(&yaml),
        vec!["spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
    );
    assert_eq!(
        span_text(
            &yaml,
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\""
        ),
        "data"
    );

    let yaml = pod("  - name: app\n", "");
    assert_eq!(
        errors(&yaml),
        vec!["spec.containers[0].image: Required value"]
    );

    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n";
    assert_eq!(errors(yaml), vec!["spec.containers: Required value"]);
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Always\n";
    assert_eq!(errors(yaml), vec!["spec.containers: Required value"]);

    let probe = "    livenessProbe:\n      exec:\n        command: [ls]\n      httpGet:\n        port: 80\n";
    let yaml = pod(&format!("{OK}{probe}"), "");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"
        ]
    );

    let init = "  initContainers:\n  - name: init\n    image: busybox\n    livenessProbe:\n      exec:\n        command: [ls]\n";
    let yaml = pod(OK, init);
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
        ]
    );
    assert_eq!(span_text(&yaml, &errors(&yaml)[0]), "livenessProbe");
    let sidecar = "  initContainers:\n  - name: init\n    image: busybox\n    restartPolicy: Always\n    livenessProbe:\n      exec:\n        command: [ls]\n";
    assert_eq!(errors(&pod(OK, sidecar)), Vec::<String>::new());
}

#[test]
fn template_paths() {
    let errs = template_errors("  spec:\n    containers:\n    - name: app\n");
    assert_eq!(
        errs,
        vec!["spec.template.spec.containers[0].image: Required value"]
    );
    let errs = template_errors("  spec: {}\n");
    assert_eq!(errs, vec!["spec.template.spec.containers: Required value"]);
    // Whitespace around the image is only checked for Pods.
    let errs =
        template_errors("  spec:\n    containers:\n    - name: app\n      image: ' nginx'\n");
    assert_eq!(errs, Vec::<String>::new());
}

#[test]
fn names_and_duplicates() {
    let yaml = pod("  - image: a\n  - image: b\n", "");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.containers[0].name: Required value",
            "spec.containers[1].name: Required value",
            "spec.containers[1].name: Duplicate value: \"\"",
        ]
    );
    let init = "  initContainers:\n  - name: app\n    image: a\n  - name: x\n    image: a\n  - name: x\n    image: a\n";
    assert_eq!(
        errors(&pod(OK, init)),
        vec![
            "spec.initContainers[0].name: Duplicate value: \"app\"",
            "spec.initContainers[2].name: Duplicate value: \"x\""
        ]
    );
    assert_eq!(
        errors(&pod("  - name: a.b\n    image: x\n", "")),
        vec!["spec.containers[0].name: Invalid value: \"a.b\": must not contain dots"]
    );
}

#[test]
fn common_fields() {
    let c = "  - name: app\n    image: nginx\n    terminationMessagePolicy: file\n    imagePullPolicy: always\n";
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].terminationMessagePolicy: Unsupported value: \"file\": supported values: \"File\", \"FallbackToLogsOnError\"",
            "spec.containers[0].imagePullPolicy: Unsupported value: \"always\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
        ]
    );
}

#[test]
fn image_whitespace_for_pods() {
    let yaml = pod("  - name: app\n    image: ' nginx'\n", "");
    let analysis = analyze(&yaml, &Options::default());
    let root = analysis.documents[0].root.as_ref().unwrap();
    let spec = root.get("spec").unwrap();
    let scope = pod::PodScope {
        spec,
        meta: root.get("metadata").unwrap(),
        is_pod: true,
        spec_span: Span::EMPTY,
    };
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    super::validate_containers_only_for_pod(&mut ctx, &scope, &Path::ROOT.child("spec"));
    let messages: Vec<String> = ctx
        .errors
        .iter()
        .map(crate::validate::FieldError::message)
        .collect();
    assert_eq!(
        messages,
        vec![
            "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"
        ]
    );
}

#[test]
fn ports() {
    let c = "  - name: app\n    image: nginx\n    ports:\n    - name: metrics-endpoint-x\n      containerPort: 8080\n    - name: http\n      containerPort: 80\n      protocol: tcp\n    - name: http\n      containerPort: 70000\n      hostPort: -1\n    - containerPort: 0\n";
    let yaml = pod(c, "");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.containers[0].ports[0].name: Invalid value: \"metrics-endpoint-x\": must be no more than 15 characters",
            "spec.containers[0].ports[1].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "spec.containers[0].ports[2].name: Duplicate value: \"http\"",
            "spec.containers[0].ports[2].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.containers[0].ports[2].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
            "spec.containers[0].ports[3].containerPort: Required value",
        ]
    );
    assert_eq!(
        span_text(
            &yaml,
            "spec.containers[0].ports[1].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\""
        ),
        "tcp"
    );
}

#[test]
fn host_port_conflicts() {
    let c = "  - name: a\n    image: x\n    ports:\n    - containerPort: 80\n      hostPort: 8080\n  - name: b\n    image: x\n    ports:\n    - containerPort: 81\n      hostPort: 8080\n      protocol: TCP\n    - containerPort: 82\n      hostPort: 8080\n      protocol: UDP\n";
    assert_eq!(
        errors(&pod(c, "")),
        vec!["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""]
    );
    // Pods with hostNetwork get hostPort = containerPort first.
    let c = "  - name: a\n    image: x\n    ports:\n    - containerPort: 80\n  - name: b\n    image: x\n    ports:\n    - containerPort: 80\n";
    assert_eq!(
        errors(&pod(c, "  hostNetwork: true\n")),
        vec!["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//80\""]
    );
    // Init containers are checked one by one, always at index 0 (sic).
    let init = "  initContainers:\n  - name: i0\n    image: x\n  - name: i1\n    image: x\n    ports:\n    - containerPort: 1\n      hostPort: 9\n    - containerPort: 2\n      hostPort: 9\n";
    assert_eq!(
        errors(&pod(OK, init)),
        vec!["spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//9\""]
    );
}

#[test]
fn env() {
    let c = r#"  - name: app
    image: nginx
    env:
    - name: ""
    - name: A=B
      value: x
    - name: FROM
      valueFrom: {}
    - name: BOTH
      value: x
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    - name: TWO
      valueFrom:
        fieldRef:
          fieldPath: metadata.labels
        secretKeyRef:
          name: ""
          key: a b
"#;
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].env[0].name: Required value",
            "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            "spec.containers[0].env[2].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`",
            "spec.containers[0].env[3].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
            "spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: \"metadata.labels\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"",
            "spec.containers[0].env[4].valueFrom.secretKeyRef.name: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.containers[0].env[4].valueFrom.secretKeyRef.key: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            "spec.containers[0].env[4].valueFrom: Invalid value: \"\": may not have more than one field specified at a time",
        ]
    );
}

#[test]
fn env_field_and_resource_refs() {
    let c = r#"  - name: app
    image: nginx
    env:
    - name: A
      valueFrom:
        fieldRef:
          fieldPath: spec.foo
    - name: B
      valueFrom:
        fieldRef:
          apiVersion: v2
          fieldPath: metadata.name
    - name: C
      valueFrom:
        fieldRef:
          fieldPath: spec['x']
    - name: D
      valueFrom:
        fieldRef:
          fieldPath: metadata.labels['/x']
    - name: E
      valueFrom:
        fieldRef:
          fieldPath: spec.host
    - name: F
      valueFrom:
        resourceFieldRef:
          resource: limits.gpu
    - name: G
      valueFrom:
        resourceFieldRef:
          resource: limits.cpu
          divisor: 2m
    - name: H
      valueFrom:
        resourceFieldRef:
          resource: requests.memory
          divisor: 1Mi
    - name: I
      valueFrom:
        resourceFieldRef:
          resource: requests.hugepages-2Mi
          divisor: "1000m"
    - name: J
      valueFrom:
        resourceFieldRef: {}
"#;
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.foo\": error converting fieldPath: field label not supported: spec.foo",
            "spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.name\": error converting fieldPath: unsupported pod version: v2",
            "spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Invalid value: \"spec['x']\": error converting fieldPath: field label does not support subscript: spec['x']",
            "spec.containers[0].env[3].valueFrom.fieldRef: Invalid value: \"/x\": prefix part must be non-empty",
            "spec.containers[0].env[5].valueFrom.resourceFieldRef.resource: Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"",
            "spec.containers[0].env[6].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
            "spec.containers[0].env[9].valueFrom.resourceFieldRef.resource: Required value",
        ]
    );
}

#[test]
fn env_from_and_file_key_ref() {
    let c = r#"  - name: app
    image: nginx
    envFrom:
    - prefix: "A="
      configMapRef:
        name: cm-
    - {}
    - configMapRef:
        name: ""
      secretRef:
        name: Bad
    env:
    - name: F
      valueFrom:
        fileKeyRef:
          volumeName: Vol
          path: ../x
          key: ""
"#;
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].env[0].valueFrom.fileKeyRef.key: Required value",
            "spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Invalid value: \"Vol\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "spec.containers[0].env[0].valueFrom.fileKeyRef.path: Invalid value: \"../x\": must not contain '..'",
            "spec.containers[0].envFrom[0].prefix: Invalid value: \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`",
            "spec.containers[0].envFrom[2].configMapRef.name: Required value",
            "spec.containers[0].envFrom[2].secretRef.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.containers[0].envFrom: Invalid value: \"\": may not have more than one field specified at a time",
            // validateFileKeyRefVolumes runs after the rest of the pod spec (pod.rs).
            "spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Not found: \"Vol\"",
        ]
    );
}

#[test]
fn file_key_ref_volumes() {
    let c = "  - name: app\n    image: nginx\n    env:\n    - name: A\n      valueFrom:\n        fileKeyRef: {volumeName: cfg, path: a, key: A}\n    - name: B\n      valueFrom:\n        fileKeyRef: {volumeName: none, path: a, key: B}\n    - name: C\n      valueFrom:\n        fileKeyRef: {volumeName: tmp, path: a, key: C}\n    - name: D\n      valueFrom:\n        fileKeyRef: {volumeName: bare, path: a, key: D}\n";
    let spec = "  volumes:\n  - name: cfg\n    configMap:\n      name: x\n  - name: tmp\n    emptyDir: {}\n  - name: bare\n";
    let yaml = pod(c, spec);
    let analysis = analyze(&yaml, &Options::default());
    let root = analysis.documents[0].root.as_ref().unwrap();
    let scope = pod::PodScope {
        spec: root.get("spec").unwrap(),
        meta: root.get("metadata").unwrap(),
        is_pod: true,
        spec_span: Span::EMPTY,
    };
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    super::validate_file_key_ref_volumes(&mut ctx, &scope, &Path::ROOT.child("spec"));
    let messages: Vec<String> = ctx
        .errors
        .iter()
        .map(crate::validate::FieldError::message)
        .collect();
    assert_eq!(
        messages,
        vec![
            "spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Invalid value: \"cfg\": referenced volume must be of type emptyDir",
            "spec.containers[0].env[1].valueFrom.fileKeyRef.volumeName: Not found: \"none\"",
        ]
    );
}

#[test]
fn volume_mounts() {
    let c = r#"  - name: app
    image: nginx
    securityContext:
      privileged: false
    volumeMounts:
    - name: data
      mountPath: /data
      subPath: /abs
    - name: data
      mountPath: /data
      subPath: a/../b
      subPathExpr: $(POD)
      mountPropagation: Bidirectional
    - name: data
      mountPath: /x
      mountPropagation: Shared
      recursiveReadOnly: Enabled
    - name: ""
      mountPath: ""
      recursiveReadOnly: Sometimes
"#;
    let spec = "  volumes:\n  - name: data\n    emptyDir: {}\n";
    assert_eq!(
        errors(&pod(c, spec)),
        vec![
            "spec.containers[0].volumeMounts.subPath: Invalid value: \"/abs\": must be a relative path",
            "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique",
            "spec.containers[0].volumeMounts.subPath: Invalid value: \"a/../b\": must not contain '..'",
            "spec.containers[0].volumeMounts[1].subPathExpr: Invalid value: \"$(POD)\": subPathExpr and subPath are mutually exclusive",
            "spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers",
            "spec.containers[0].volumeMounts.mountPropagation: Unsupported value: \"Shared\": supported values: \"Bidirectional\", \"HostToContainer\", \"None\"",
            "spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true",
            "spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified",
            "spec.containers[0].volumeMounts[3].name: Required value",
            "spec.containers[0].volumeMounts[3].name: Not found: \"\"",
            "spec.containers[0].volumeMounts[3].mountPath: Required value",
            "spec.containers[0].volumeMounts.recursiveReadOnly: Unsupported value: \"Sometimes\": supported values: \"Disabled\", \"Enabled\", \"IfPossible\"",
        ]
    );
}

#[test]
fn volume_devices() {
    let c = r"  - name: app
    image: nginx
    volumeMounts:
    - name: cache
      mountPath: /dev/xvda
    volumeDevices:
    - name: cache
      devicePath: /dev/xvda
    - name: block
      devicePath: /dev/a/../b
    - name: block
      devicePath: /dev/xvdb
    - name: gone
      devicePath: /dev/xvdb
";
    let spec = "  volumes:\n  - name: cache\n    emptyDir: {}\n  - name: block\n    persistentVolumeClaim:\n      claimName: c\n";
    assert_eq!(
        errors(&pod(c, spec)),
        vec![
            "spec.containers[0].volumeMounts[0].name: Invalid value: \"cache\": must not already exist in volumeDevices",
            "spec.containers[0].volumeMounts[0].mountPath: Invalid value: \"/dev/xvda\": must not already exist as a path in volumeDevices",
            "spec.containers[0].volumeDevices[0].name: Invalid value: \"cache\": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            "spec.containers[0].volumeDevices[0].name: Invalid value: \"cache\": must not already exist in volumeMounts",
            "spec.containers[0].volumeDevices[0].devicePath: Invalid value: \"/dev/xvda\": must not already exist as a path in volumeMounts",
            "spec.containers[0].volumeDevices[1].devicePath: Invalid value: \"/dev/a/../b\": can not contain backsteps ('..')",
            "spec.containers[0].volumeDevices[2].name: Invalid value: \"block\": must be unique",
            "spec.containers[0].volumeDevices[3].name: Not found: \"gone\"",
            "spec.containers[0].volumeDevices[3].devicePath: Invalid value: \"/dev/xvdb\": must be unique",
        ]
    );
}

#[test]
fn probes() {
    let c = r#"  - name: app
    image: nginx
    livenessProbe:
      httpGet:
        port: "8080"
        scheme: http
        httpHeaders:
        - name: X Foo
          value: a
      periodSeconds: -1
      successThreshold: 2
      terminationGracePeriodSeconds: 0
    readinessProbe:
      tcpSocket:
        port: 0
      terminationGracePeriodSeconds: 10
    startupProbe: {}
"#;
    let yaml = pod(c, "");
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"8080\": must contain at least one letter (a-z)",
            "spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"http\": supported values: \"HTTP\", \"HTTPS\"",
            "spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: \"X Foo\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
            "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0",
            "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
            "spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes",
            "spec.containers[0].startupProbe: Required value: must specify a handler type",
        ]
    );
    assert_eq!(
        span_text(
            &yaml,
            "spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"8080\": must contain at least one letter (a-z)"
        ),
        "\"8080\""
    );
}

#[test]
fn lifecycle_hooks() {
    let c = r"  - name: app
    image: nginx
    lifecycle:
      postStart:
        exec:
          command: []
        sleep:
          seconds: 5
      preStop:
        sleep:
          seconds: 60
";
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].lifecycle.postStart.exec.command: Required value",
            "spec.containers[0].lifecycle.postStart.sleep: Forbidden: may not specify more than 1 handler type",
            "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)",
        ]
    );
    let c = "  - name: app\n    image: nginx\n    lifecycle:\n      preStop:\n        sleep:\n          seconds: 0\n";
    assert_eq!(errors(&pod(c, "")), Vec::<String>::new());
    let c = "  - name: app\n    image: nginx\n    lifecycle:\n      preStop:\n        sleep:\n          seconds: 60\n";
    assert_eq!(
        errors(&pod(c, "  terminationGracePeriodSeconds: 60\n")),
        Vec::<String>::new()
    );
    let c = "  - name: app\n    image: nginx\n    lifecycle:\n      postStart: {}\n";
    assert_eq!(
        errors(&pod(c, "")),
        vec!["spec.containers[0].lifecycle.postStart: Required value: must specify a handler type"]
    );
}

#[test]
fn restart_policies() {
    // ContainerRestartRules is on in 1.36: regular containers may set a restart policy.
    let c = "  - name: app\n    image: nginx\n    restartPolicy: Never\n";
    assert_eq!(errors(&pod(c, "")), Vec::<String>::new());
    let c = "  - name: app\n    image: nginx\n    restartPolicy: Sometimes\n    restartPolicyRules:\n    - action: Retry\n      exitCodes:\n        operator: Between\n        values: [1]\n    - action: Restart\n";
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\"",
            "spec.containers[0].restartPolicyRules[0].action: Unsupported value: \"Retry\": supported values: \"Restart\", \"RestartAllContainers\"",
            "spec.containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported value: \"Between\": supported values: \"In\", \"NotIn\"",
            "spec.containers[0].restartPolicyRules[1].exitCodes: Required value: must be specified",
        ]
    );
    let init = "  initContainers:\n  - name: init\n    image: x\n    restartPolicyRules:\n    - action: Restart\n      exitCodes: {operator: In, values: [42]}\n";
    assert_eq!(
        errors(&pod(OK, init)),
        vec![
            "spec.initContainers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used"
        ]
    );
    // A sidecar may restart the whole pod (RestartAllContainersOnContainerExits is on in 1.36).
    let init = "  initContainers:\n  - name: init\n    image: x\n    restartPolicy: Always\n    restartPolicyRules:\n    - action: RestartAllContainers\n      exitCodes: {operator: In, values: [88]}\n";
    assert_eq!(errors(&pod(OK, init)), Vec::<String>::new());
    // An init container with restartPolicy Never is a plain init container.
    let init = "  initContainers:\n  - name: init\n    image: x\n    restartPolicy: Never\n    readinessProbe:\n      exec:\n        command: [x]\n    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: RestartContainer\n";
    assert_eq!(
        errors(&pod(OK, init)),
        vec![
            "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
            "spec.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: \"RestartContainer\": must not be set to 'RestartContainer' for non-sidecar initContainers",
        ]
    );
}

#[test]
fn ephemeral_containers() {
    let c = "  - name: app\n    image: nginx\n";
    let spec = r#"  ephemeralContainers:
  - name: app
    image: " busybox"
    targetContainerName: nope
    ports: []
    resources:
      limits:
        cpu: "1"
    lifecycle: {}
    volumeMounts:
    - name: data
      mountPath: /d
      subPath: x
"#;
    let spec = format!("{spec}  volumes:\n  - name: data\n    emptyDir: {{}}\n");
    let errs = errors(&pod(c, &spec));
    let ours: Vec<&String> = errs
        .iter()
        .filter(|e| e.starts_with("spec.ephemeralContainers["))
        .collect();
    assert_eq!(
        ours,
        vec![
            "spec.ephemeralContainers[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace",
            "spec.ephemeralContainers[0].name: Duplicate value: \"app\"",
            "spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\"",
            "spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container",
        ]
    );
}

#[test]
fn security_context() {
    let c = r#"  - name: app
    image: nginx
    securityContext:
      privileged: true
      runAsUser: -1
      runAsGroup: 2147483648
      procMount: Other
      seccompProfile:
        type: Localhost
      allowPrivilegeEscalation: false
      appArmorProfile:
        type: RuntimeDefault
        localhostProfile: x
      windowsOptions:
        gmsaCredentialSpec: ""
        runAsUserName: "a\\b\\c"
"#;
    let errs = errors(&pod(c, ""));
    assert_eq!(
        errs,
        vec![
            "spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
            "spec.containers[0].securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive",
            "spec.containers[0].securityContext.procMount: Unsupported value: \"Other\": supported values: \"Default\", \"Unmasked\"",
            "spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost",
            "spec.containers[0].securityContext: Invalid value: {\"Capabilities\":null,\"Privileged\":true,\"SELinuxOptions\":null,\"WindowsOptions\":{\"GMSACredentialSpecName\":null,\"GMSACredentialSpec\":\"\",\"RunAsUserName\":\"a\\\\b\\\\c\",\"HostProcess\":null},\"RunAsUser\":-1,\"RunAsGroup\":2147483648,\"RunAsNonRoot\":null,\"ReadOnlyRootFilesystem\":null,\"AllowPrivilegeEscalation\":false,\"ProcMount\":\"Other\",\"SeccompProfile\":{\"Type\":\"Localhost\",\"LocalhostProfile\":null},\"AppArmorProfile\":{\"Type\":\"RuntimeDefault\",\"LocalhostProfile\":\"x\"}}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            "spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: \"\": gmsaCredentialSpec cannot be an empty string",
            "spec.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: \"a\\\\b\\\\c\": runAsUserName cannot contain more than one backslash",
            "spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: \"x\": can only be set when AppArmor type is Localhost",
        ]
    );
    let c = "  - name: app\n    image: nginx\n    securityContext:\n      privileged: true\n";
    let strict = Options {
        allow_privileged: false,
        ..Options::default()
    };
    assert_eq!(
        errors_with(&pod(c, ""), &strict),
        vec![
            "spec.containers[0].securityContext.privileged: Forbidden: disallowed by cluster policy"
        ]
    );
    let c = "  - name: app\n    image: nginx\n    securityContext:\n      procMount: Unmasked\n";
    assert_eq!(
        errors(&pod(c, "")),
        vec![
            "spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`"
        ]
    );
    assert_eq!(
        errors(&pod(c, "  hostUsers: false\n")),
        Vec::<String>::new()
    );
}

#[test]
fn windows_user_names() {
    use crate::validate::profiles;
    let cases = [
        ("DOMAIN\\user", vec![]),
        ("example.com\\user", vec![]),
        (
            "\\user",
            vec!["runAsUserName's Domain doesn't match the NetBios nor the DNS format"],
        ),
        ("dom\\", vec!["runAsUserName's User cannot be empty"]),
        (
            "..",
            vec!["runAsUserName's User cannot contain only periods or spaces"],
        ),
        (
            "a@b",
            vec![
                "runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]",
            ],
        ),
    ];
    for (name, expected) in cases {
        let text = format!("o:\n  runAsUserName: {}\n", crate::validate::go_quote(name));
        let parsed = crate::yaml::parse_document(&text, Span::new(0, text.len()));
        let root = parsed.root.unwrap();
        let options = Options::default();
        let mut ctx = Ctx::new(&options);
        profiles::windows_options(
            &mut ctx,
            &super::security::WINDOWS_OPTIONS,
            root.get("o").unwrap(),
            &Path::ROOT.child("w"),
        );
        let details: Vec<String> = ctx.errors.iter().map(|e| e.detail.clone()).collect();
        assert_eq!(details, expected, "{name}");
    }
}
