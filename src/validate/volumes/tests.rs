use super::*;
use crate::analyze::analyze;
use crate::source::Span;
use crate::validate::{FieldError, Options};

/// Runs the volume checks on the first document (a Pod, or a workload's template) and returns the
/// errors, so the tests do not depend on the other areas.
fn run(yaml: &str) -> (Vec<FieldError>, Vec<String>) {
    let a = analyze(yaml, &Options::default());
    let doc = &a.documents[0];
    assert!(doc.strict_errors.is_empty(), "{:?}", doc.strict_errors);
    let root = doc.root.as_ref().expect("parsed");
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    let is_pod = doc.kind == "Pod";
    let spec_root = Path::ROOT.child("spec");
    let template = spec_root.child("template");
    let template_spec = template.child("spec");
    let (spec, meta, path) = if is_pod {
        (
            root.map_of("spec").expect("spec"),
            root.map_of("metadata").expect("metadata"),
            &spec_root,
        )
    } else {
        let t = root
            .map_of("spec")
            .and_then(|s| s.map_of("template"))
            .expect("template");
        (
            t.map_of("spec").expect("spec"),
            t.map_of("metadata")
                .unwrap_or(&crate::validate::pod::EMPTY_MAP),
            &template_spec,
        )
    };
    let scope = PodScope {
        spec,
        meta,
        is_pod,
        spec_span: Span::EMPTY,
    };
    let set = validate_volumes(&mut ctx, &scope, &path.child("volumes"));
    let mut names: Vec<String> = set.by_name.keys().map(|k| (*k).to_string()).collect();
    names.sort();
    (ctx.errors, names)
}

fn errors(yaml: &str) -> Vec<String> {
    run(yaml).0.iter().map(FieldError::message).collect()
}

fn pod(volumes: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx\n  volumes:\n{volumes}"
    )
}

fn deployment(volumes: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: app\n        image: nginx\n      volumes:\n{}",
        volumes
            .lines()
            .fold(String::new(), |acc, l| acc + "      " + l + "\n")
    )
}

fn text_at(yaml: &str, span: Span) -> &str {
    &yaml[span.start()..span.end()]
}

#[test]
fn names_and_registration() {
    let yaml = pod(
        "  - name: data\n    emptyDir: {}\n  - name: data\n    emptyDir: {}\n  - name: Bad_Name\n    configMap:\n      name: cfg\n  - name: cfg\n    configMap:\n      name: \"\"\n  - configMap:\n      name: x\n  - name: plain\n",
    );
    let (errs, names) = run(&yaml);
    let msgs: Vec<String> = errs.iter().map(FieldError::message).collect();
    assert_eq!(
        msgs,
        vec![
            "spec.volumes[1].name: Duplicate value: \"data\"",
            "spec.volumes[2].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "spec.volumes[3].configMap.name: Required value",
            "spec.volumes[4].name: Required value",
        ]
    );
    assert_eq!(names, vec!["data", "plain"]);
    assert_eq!(text_at(&yaml, errs[1].span), "Bad_Name");
    assert_eq!(text_at(&yaml, errs[2].span), "\"\"");
}

#[test]
fn source_count_quirks() {
    let e = errors(&pod(
        "  - name: a\n    emptyDir: {}\n    downwardAPI: {}\n    cephfs:\n      monitors: []\n    gcePersistentDisk:\n      pdName: \"\"\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].gcePersistentDisk: Forbidden: may not specify more than 1 volume type",
            "spec.volumes[0].cephFS: Forbidden: may not specify more than 1 volume type",
            "spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type",
        ]
    );
    let e = errors(&pod(
        "  - name: a\n    gcePersistentDisk:\n      pdName: \"\"\n      partition: 300\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].persistentDisk.pdName: Required value",
            "spec.volumes[0].persistentDisk.partition: Invalid value: 300: must be between 1 and 255, inclusive",
        ]
    );
}

#[test]
fn host_path_and_git_repo() {
    let e = errors(&pod(
        "  - name: a\n    hostPath:\n      path: /var/../etc\n      type: Dir\n  - name: b\n    hostPath:\n      path: \"\"\n  - name: c\n    gitRepo:\n      repository: \"\"\n      directory: /abs/../x\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].hostPath.path: Invalid value: \"/var/../etc\": must not contain '..'",
            "spec.volumes[0].hostPath.type: Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"",
            "spec.volumes[1].hostPath.path: Required value",
            "spec.volumes[2].gitRepo.repository: Required value",
            "spec.volumes[2].gitRepo.directory: Invalid value: \"/abs/../x\": must be a relative path",
            "spec.volumes[2].gitRepo.directory: Invalid value: \"/abs/../x\": must not contain '..'",
        ]
    );
}

#[test]
fn secret_and_config_map_items() {
    let e = errors(&pod(
        "  - name: a\n    secret:\n      secretName: s\n      defaultMode: 1000\n      items:\n      - key: \"\"\n        path: /etc/x\n        mode: -1\n      - key: k\n        path: ..data\n  - name: b\n    configMap:\n      name: c\n      items:\n      - key: k\n        path: a/../b\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive",
            "spec.volumes[0].secret.items[0].key: Required value",
            "spec.volumes[0].secret.items[0].path: Invalid value: \"/etc/x\": must be a relative path",
            "spec.volumes[0].secret.items[0].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive",
            "spec.volumes[0].secret.items[1].path: Invalid value: \"..data\": must not start with '..'",
            "spec.volumes[1].configMap.items[0].path: Invalid value: \"a/../b\": must not contain '..'",
        ]
    );
}

#[test]
fn nfs_iscsi_and_pvc() {
    let e = errors(&pod(
        "  - name: a\n    nfs:\n      server: \"\"\n      path: \"\"\n  - name: b\n    iscsi:\n      targetPortal: 10.0.0.1:3260\n      iqn: foo\n      lun: 300\n      chapAuthSession: true\n      initiatorName: iqn.bad\n  - name: c\n    persistentVolumeClaim:\n      claimName: \"\"\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].nfs.server: Required value",
            "spec.volumes[0].nfs.path: Required value",
            "spec.volumes[0].nfs.path: Invalid value: \"\": must be an absolute path",
            "spec.volumes[1].iscsi.iqn: Invalid value: \"foo\": must be valid format starting with iqn, eui, or naa",
            "spec.volumes[1].iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive",
            "spec.volumes[1].iscsi.secretRef: Required value",
            "spec.volumes[1].iscsi.initiatorname: Invalid value: \"iqn.bad\": must be valid format",
            "spec.volumes[2].persistentVolumeClaim.claimName: Required value",
        ]
    );
    let long = "x".repeat(60);
    let e = errors(&pod(&format!(
        "  - name: {long}\n    iscsi:\n      targetPortal: 10.0.0.1:3260\n      iqn: iqn.2015-02.example.com:test\n      initiatorName: iqn.2015-02.example.com:init\n"
    )));
    assert_eq!(
        e,
        vec![format!(
            "spec.volumes[0].name: Invalid value: \"{long}\": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified."
        )]
    );
}

#[test]
fn in_tree_sources() {
    let e = errors(&pod(
        "  - name: a\n    flocker: {}\n  - name: b\n    quobyte:\n      registry: host,other:1\n      volume: v\n  - name: c\n    azureDisk:\n      diskName: d\n      diskURI: /foo\n  - name: d\n    fc:\n      targetWWNs: [\"50060e801049cfd1\"]\n      wwids: [\"x\"]\n  - name: e\n    flexVolume:\n      driver: kubernetes.io/lvm\n      options:\n        kubernetes.io/foo: x\n        example.com/ok: y\n  - name: f\n    storageos:\n      volumeName: Bad\n      secretRef: {}\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].flocker: Required value: one of datasetName and datasetUUID is required",
            "spec.volumes[1].quobyte.registry: Invalid value: \"host,other:1\": must be a host:port pair or multiple pairs separated by commas",
            "spec.volumes[2].azureDisk.diskURI: Unsupported value: \"/foo\": supported values: \"https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd\"",
            "spec.volumes[3].fc.targetWWNs: Invalid value: [\"50060e801049cfd1\"]: targetWWNs and wwids can not be specified simultaneously",
            "spec.volumes[3].fc.lun: Required value: lun is required if targetWWNs is specified",
            "spec.volumes[4].flexVolume.options[kubernetes.io/foo]: Invalid value: \"kubernetes.io/foo\": kubernetes.io and k8s.io namespaces are reserved",
            "spec.volumes[5].storageos.volumeName: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "spec.volumes[5].storageos.secretRef.name: Required value",
        ]
    );
}

#[test]
fn csi() {
    let e = errors(&pod(
        "  - name: a\n    csi:\n      driver: \"\"\n      nodePublishSecretRef:\n        name: Bad\n  - name: b\n    csi:\n      driver: Secrets-Store.CSI.k8s.io\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].csi.driver: Required value",
            "spec.volumes[0].csi.driver: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.volumes[0].csi.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ]
    );
}

#[test]
fn downward_api() {
    let e = errors(&pod(
        "  - name: a\n    downwardAPI:\n      items:\n      - path: labels\n        fieldRef:\n          fieldPath: metadata.labels\n      - path: \"\"\n        fieldRef:\n          fieldPath: spec.nodeName\n      - path: x\n        fieldRef:\n          fieldPath: status.foo\n      - path: yy\n      - path: z\n        resourceFieldRef:\n          resource: limits.cpu\n      - path: w\n        resourceFieldRef:\n          containerName: app\n          resource: limits.gpu\n          divisor: 1Mi\n      - path: v\n        fieldRef:\n          fieldPath: metadata.annotations['Bad Key']\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].downwardAPI.path: Required value",
            "spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: \"spec.nodeName\": supported values: \"metadata.annotations\", \"metadata.labels\", \"metadata.name\", \"metadata.namespace\", \"metadata.uid\"",
            "spec.volumes[0].downwardAPI.fieldRef.fieldPath: Invalid value: \"status.foo\": error converting fieldPath: field label not supported: status.foo",
            "spec.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required",
            "spec.volumes[0].downwardAPI.resourceFieldRef.containerName: Required value",
            "spec.volumes[0].downwardAPI.resourceFieldRef.resource: Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"",
            "spec.volumes[0].downwardAPI.fieldRef: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ]
    );
    let e = errors(&pod(
        "  - name: a\n    downwardAPI:\n      items:\n      - path: cpu\n        resourceFieldRef:\n          containerName: app\n          resource: limits.cpu\n          divisor: 1Mi\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].downwardAPI.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource"
        ]
    );
}

#[test]
fn projected() {
    let e = errors(&pod(
        "  - name: a\n    projected:\n      defaultMode: 777\n      sources:\n      - secret:\n          name: s\n          items:\n          - key: a\n            path: cfg\n        configMap:\n          name: c\n          items:\n          - key: b\n            path: cfg\n      - serviceAccountToken:\n          expirationSeconds: 60\n          path: /token\n      - downwardAPI:\n          items:\n          - path: cfg\n            fieldRef:\n              fieldPath: metadata.name\n      - {}\n      - clusterTrustBundle:\n          signerName: example.com/x\n          path: ca.crt\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].projected.defaultMode: Invalid value: 777: must be a number between 0 and 0777 (octal), both inclusive",
            "spec.volumes[0].projected: Invalid value: \"c\": conflicting duplicate paths",
            "spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source",
            "spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
            "spec.volumes[0].projected.path: Invalid value: \"/token\": must be a relative path",
            "spec.volumes[0].projected: Invalid value: \"cfg\": conflicting duplicate paths",
        ]
    );
    // The kube-api-access volume the ServiceAccount admission plugin adds is valid.
    let ok = pod(
        "  - name: kube-api-access\n    projected:\n      defaultMode: 420\n      sources:\n      - serviceAccountToken:\n          expirationSeconds: 3607\n          path: token\n      - configMap:\n          name: kube-root-ca.crt\n          items:\n          - key: ca.crt\n            path: ca.crt\n      - downwardAPI:\n          items:\n          - fieldRef:\n              apiVersion: v1\n              fieldPath: metadata.namespace\n            path: namespace\n",
    );
    assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
}

#[test]
fn ephemeral_volumes() {
    let yaml = pod(
        "  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        metadata:\n          name: x\n          labels: {a: b}\n        spec:\n          accessModes: [ReadWriteOncePod, ReadWriteOnce, Bogus]\n          storageClassName: Fast\n          resources:\n            requests:\n              storage: 0\n          dataSource:\n            kind: Snapshot\n            name: snap\n  - name: other\n    persistentVolumeClaim:\n      claimName: web-scratch\n  - name: empty\n    ephemeral: {}\n",
    );
    assert_eq!(
        errors(&yaml),
        vec![
            "spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set",
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: \"Bogus\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: \"0\": must be greater than zero",
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName: Invalid value: \"Fast\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
            "spec.volumes[1].persistentVolumeClaim.claimName: Invalid value: \"web-scratch\": must not reference a PVC that gets created for an ephemeral volume",
            "spec.volumes[2].ephemeral.volumeClaimTemplate: Required value",
        ]
    );
    // Templates have no pod name: neither the claim conflict nor the claim name is checked.
    let dep = deployment(
        "- name: scratch\n  ephemeral:\n    volumeClaimTemplate:\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources:\n          requests:\n            storage: 1Gi\n- name: other\n  persistentVolumeClaim:\n    claimName: web-scratch\n",
    );
    assert!(errors(&dep).is_empty(), "{:?}", errors(&dep));
    let long = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\nspec:\n  containers:\n  - name: app\n    image: nginx\n  volumes:\n  - name: data\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources:\n            requests:\n              storage: 1Gi\n",
        "a".repeat(250)
    );
    let e = errors(&long);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("spec.volumes[0].name: Invalid value: \"data\": PVC name \"aaaa"),
        "{e:?}"
    );
    assert!(
        e[0].ends_with("-data\": must be no more than 253 bytes"),
        "{e:?}"
    );
}

#[test]
fn image_volumes() {
    let e = errors(&pod(
        "  - name: img\n    image:\n      pullPolicy: Sometimes\n",
    ));
    assert_eq!(
        e,
        vec![
            "spec.volumes[0].image.reference: Required value",
            "spec.volumes[0].image.pullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
        ]
    );
    let (errs, names) = run(&deployment("- name: img\n  image: {}\n"));
    assert!(errs.is_empty());
    assert_eq!(names, vec!["img"]);
}

#[test]
fn volume_set_helpers() {
    let yaml = pod(
        "  - name: claim\n    persistentVolumeClaim:\n      claimName: c\n  - name: img\n    image:\n      reference: busybox\n  - name: plain\n  - name: tmp\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources:\n            requests:\n              storage: 1Gi\n",
    );
    let a = analyze(&yaml, &Options::default());
    let root = a.documents[0].root.as_ref().expect("root");
    let options = Options::default();
    let mut ctx = Ctx::new(&options);
    let scope = PodScope {
        spec: root.map_of("spec").expect("spec"),
        meta: root.map_of("metadata").expect("meta"),
        is_pod: true,
        spec_span: Span::EMPTY,
    };
    let spec_path = Path::ROOT.child("spec");
    let set = validate_volumes(&mut ctx, &scope, &spec_path.child("volumes"));
    assert!(ctx.errors.is_empty(), "{:?}", ctx.errors);
    assert_eq!(set.len(), 4);
    assert_eq!(set.source_kind("claim"), Some("persistentVolumeClaim"));
    assert_eq!(set.source_kind("plain"), Some("emptyDir"));
    assert!(set.is_image("img"));
    assert!(
        set.is_block_capable("claim")
            && set.is_block_capable("tmp")
            && !set.is_block_capable("img")
    );
    assert_eq!(set.source_kind("missing"), None);
}

/// The fc volume echoes `targetWWNs` as Go 1.22+'s `encoding/json` writes it: `\b` and `\f` as
/// short escapes (older Go wrote `\u0008` and `\u000c`), HTML characters as `\u003c`...
#[test]
fn fc_target_wwns_echo_as_go_json() {
    let yaml = pod(
        "  - name: disk\n    fc:\n      targetWWNs: [\"a\\bb\", \"c\\fd<\"]\n      wwids: [\"w\"]\n      lun: 0\n",
    );
    let errs = errors(&yaml);
    assert!(
        errs.iter().any(|e| e.contains(r#"Invalid value: ["a\bb","c\fd\u003c"]: targetWWNs and wwids can not be specified simultaneously"#)),
        "{errs:?}"
    );
}
