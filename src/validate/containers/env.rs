//! Environment variables (`ValidateEnv`, `validateEnvVarValueFrom`, path `<c>.env[j]`) and
//! `envFrom` (`ValidateEnvFrom`, path `<c>.envFrom[j]`).
//!
//! Kubernetes 1.36 checks names with the relaxed rule (RelaxedEnvironmentVariableValidation is GA):
//! any printable ASCII except `=`, and EnvFiles (`fileKeyRef`) is on.
//!
//! - **PS1401** `<c>.env[j].name: Required value`.
//! - **PS1402** `<c>.env[j].name: Invalid value: "A=B": a valid environment variable name must
//!   consist only of printable ASCII characters other than '='`.
//! - **PS1403** `<c>.env[j].valueFrom: Invalid value: "": must specify one of: `fieldRef`,
//!   `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef``; with a source and a
//!   non-empty `value`: `…: may not be specified when `value` is not empty`; with several sources:
//!   `…: may not have more than one field specified at a time` (each source is checked first).
//! - **PS1404** `fieldRef`: `…fieldRef.fieldPath: Required value`; `…fieldPath: Invalid value:
//!   "x": error converting fieldPath: field label not supported: x` (also `unsupported pod version:
//!   v2`, `field label does not support subscript: spec['a']`); a convertible path that env
//!   cannot use: `…fieldPath: Unsupported value: "metadata.labels": supported values:
//!   "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
//!   "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
//!   "status.podIPs"`; `metadata.labels['k']` and `metadata.annotations['k']` are allowed, their
//!   key checked as a qualified name at `…valueFrom.fieldRef` (annotation keys lower-cased).
//! - **PS1405** `resourceFieldRef`: `…resource: Required value`; `…resource: Unsupported value:
//!   "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory",
//!   "requests.cpu", "requests.ephemeral-storage", "requests.memory"` (`requests.hugepages-*` and
//!   `limits.hugepages-*` are allowed too); a non-zero divisor other than `1m`/`1` for cpu or the
//!   byte units for memory, ephemeral storage and hugepages: `…resourceFieldRef.divisor: Invalid
//!   value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`
//!   (the value is the resource name, sic).
//! - **PS1406** `configMapKeyRef` / `secretKeyRef`: `…name` must be a DNS subdomain (an empty
//!   name gets the regex message, not `Required`); `…key: Required value`; a key that is not a
//!   config key: `…key: Invalid value: "a b": a valid config key must consist of alphanumeric
//!   characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for
//!   validation is '[-._a-zA-Z0-9]+')`.
//! - **PS1407** `fileKeyRef`: `…key`, `…volumeName` (a DNS label) and `…path` (no `..`) are
//!   required. **PS1410** (after the whole pod spec) the volume must exist and be an emptyDir:
//!   `…fileKeyRef.volumeName: Not found: "x"`, `…: Invalid value: "x": referenced volume must be
//!   of type emptyDir`.
//! - **PS1408** `<c>.envFrom[j].prefix` is checked like an env name.
//! - **PS1409** `…envFrom[j].configMapRef.name` / `…secretRef.name`: `Required value`, or a DNS
//!   subdomain (a trailing `-` is tolerated); exactly one source per entry, reported at `<c>.envFrom`
//!   without index (sic): `<c>.envFrom: Invalid value: "": must specify one of: `configMapRef` or
//!   `secretRef`` / `…: may not have more than one field specified at a time`.

use crate::rule;
use crate::validate::pod::PodScope;
use crate::validate::{Ctx, ErrValue, Path, downward, format};
use crate::yaml::Node;

rule!(
    /// **What it does** Reports an `env` entry without a `name`.
    ///
    /// **Why it matters** The API server rejects it with `env[j].name: Required value`; a value needs a
    /// variable to go into.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - value: production
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: APP_ENV
    ///   value: production
    /// ```
    ///
    /// **Fix** Name the variable.
    ///
    /// **Kubernetes source** `ValidateEnv` in `pkg/apis/core/validation/validation.go`.
    ENV_NAME_REQUIRED,
    "PS1401",
    "env-name-required",
    Error,
    "every env entry needs a name"
);
rule!(
    /// **What it does** Checks an env variable name is printable ASCII without `=` (the relaxed rule,
    /// GA in 1.36).
    ///
    /// **Why it matters** A name with `=`, a tab or non-ASCII characters is rejected: `a valid
    /// environment variable name must consist only of printable ASCII characters other than '='`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - name: MODE=fast
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: MODE
    ///   value: fast
    /// ```
    ///
    /// **Fix** Put the value in `value`, and keep the name to printable ASCII.
    ///
    /// **Kubernetes source** `ValidateEnv` with `IsEnvVarName` (relaxed form) in
    /// `pkg/apis/core/validation/validation.go`.
    ENV_NAME_FORMAT,
    "PS1402",
    "env-name-format",
    Error,
    "env names must be printable ASCII without '='"
);
rule!(
    /// **What it does** Checks a `valueFrom` has exactly one source (`fieldRef`, `resourceFieldRef`,
    /// `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`) and no non-empty `value` beside it.
    ///
    /// **Why it matters** The API server cannot tell which value wins and rejects the entry (`must
    /// specify one of`, `may not be specified when value is not empty`, `may not have more than one
    /// field specified at a time`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - name: PASSWORD
    ///   value: hunter2
    ///   valueFrom:
    ///     secretKeyRef: {name: db, key: password}
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: PASSWORD
    ///   valueFrom:
    ///     secretKeyRef: {name: db, key: password}
    /// ```
    ///
    /// **Fix** Keep one source: either `value` or a single `valueFrom` reference.
    ///
    /// **Kubernetes source** `validateEnvVarValueFrom` in `pkg/apis/core/validation/validation.go`.
    ENV_VALUE_FROM,
    "PS1403",
    "env-value-from",
    Error,
    "valueFrom needs exactly one source, and no value beside it"
);
rule!(
    /// **What it does** Checks `valueFrom.fieldRef.fieldPath`: present, convertible for the pod API
    /// version, and one env can use (`metadata.name`, `metadata.namespace`, `metadata.uid`,
    /// `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP(s)`, `status.podIP(s)`, or one
    /// `metadata.labels['k']` / `metadata.annotations['k']` with a valid key).
    ///
    /// **Why it matters** Paths like `metadata.labels` (the whole map) or `spec.node` are rejected;
    /// only single fields are exposed through env.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - name: LABELS
    ///   valueFrom:
    ///     fieldRef: {fieldPath: metadata.labels}
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: APP
    ///   valueFrom:
    ///     fieldRef: {fieldPath: "metadata.labels['app']"}
    /// ```
    ///
    /// **Fix** Pick one label or annotation, or mount a downwardAPI volume for whole maps.
    ///
    /// **Kubernetes source** `validateObjectFieldSelector` (via `validateEnvVarValueFrom`,
    /// `validEnvDownwardAPIFieldPathExpressions`) in `pkg/apis/core/validation/validation.go`.
    ENV_FIELD_REF,
    "PS1404",
    "env-field-ref",
    Error,
    "env fieldRef must name a pod field env can read"
);
rule!(
    /// **What it does** Checks `valueFrom.resourceFieldRef`: a `resource` among `limits.*` /
    /// `requests.*` of cpu, memory, ephemeral-storage and hugepages, and a `divisor` that fits the
    /// resource (`1m` or `1` for cpu, byte units for the others).
    ///
    /// **Why it matters** The API server rejects other resources (`limits.gpu`) and divisors (`divisor:
    /// 1Mi` for cpu) on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - name: CPUS
    ///   valueFrom:
    ///     resourceFieldRef: {resource: limits.cpu, divisor: 1Mi}
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: CPUS
    ///   valueFrom:
    ///     resourceFieldRef: {resource: limits.cpu, divisor: "1"}
    /// ```
    ///
    /// **Fix** Use a supported resource name and a divisor of the resource's unit.
    ///
    /// **Kubernetes source** `validateContainerResourceFieldSelector` and
    /// `validateContainerResourceDivisor` (via `validateEnvVarValueFrom`) in
    /// `pkg/apis/core/validation/validation.go`.
    ENV_RESOURCE_FIELD_REF,
    "PS1405",
    "env-resource-field-ref",
    Error,
    "env resourceFieldRef must name a container resource, with a supported divisor"
);
rule!(
    /// **What it does** Checks `configMapKeyRef` and `secretKeyRef`: the `name` is a DNS subdomain
    /// (also when empty) and the `key` is present and a config key (`[-._a-zA-Z0-9]+`).
    ///
    /// **Why it matters** The API server rejects the reference; an object or key by such a name can
    /// never exist.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// valueFrom:
    ///   configMapKeyRef: {name: App_Config, key: "log level"}
    /// ```
    ///
    /// ```yaml
    /// valueFrom:
    ///   configMapKeyRef: {name: app-config, key: log-level}
    /// ```
    ///
    /// **Fix** Use the ConfigMap's or Secret's real (lower-case) name and the key as it appears in its
    /// `data`.
    ///
    /// **Kubernetes source** `validateConfigMapKeySelector` and `validateSecretKeySelector` in
    /// `pkg/apis/core/validation/validation.go`.
    ENV_KEY_REF,
    "PS1406",
    "env-key-ref",
    Error,
    "configMapKeyRef and secretKeyRef need a valid object name and key"
);
rule!(
    /// **What it does** Checks `valueFrom.fileKeyRef`: `key`, `volumeName` (a DNS label) and `path`
    /// (relative, no `..`) are all given.
    ///
    /// **Why it matters** The kubelet reads the variable from a file in a volume; without all three
    /// the API server rejects the entry with `Required value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// env:
    /// - name: TOKEN
    ///   valueFrom:
    ///     fileKeyRef: {volumeName: config, key: TOKEN}
    /// ```
    ///
    /// ```yaml
    /// env:
    /// - name: TOKEN
    ///   valueFrom:
    ///     fileKeyRef: {volumeName: config, path: app.env, key: TOKEN}
    /// ```
    ///
    /// **Fix** Add the missing field.
    ///
    /// **Kubernetes source** `validateFileKeySelector` (via `validateEnvVarValueFrom`) in
    /// `pkg/apis/core/validation/validation.go`.
    ENV_FILE_KEY_REF,
    "PS1407",
    "env-file-key-ref",
    Error,
    "fileKeyRef needs a key, a volume name and a relative path"
);
rule!(
    /// **What it does** Checks an `envFrom` `prefix` like an env name (printable ASCII, no `=`).
    ///
    /// **Why it matters** The prefix starts every imported variable name; the API server rejects a
    /// prefix no variable name could start with.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// envFrom:
    /// - prefix: "APP="
    ///   configMapRef: {name: app}
    /// ```
    ///
    /// ```yaml
    /// envFrom:
    /// - prefix: APP_
    ///   configMapRef: {name: app}
    /// ```
    ///
    /// **Fix** Remove the `=` (or other non-printable characters) from the prefix.
    ///
    /// **Kubernetes source** `ValidateEnvFrom` with `IsEnvVarName` in
    /// `pkg/apis/core/validation/validation.go`.
    ENV_FROM_PREFIX,
    "PS1408",
    "env-from-prefix",
    Error,
    "an envFrom prefix must be printable ASCII without '='"
);
rule!(
    /// **What it does** Checks each `envFrom` entry has exactly one of `configMapRef` and `secretRef`,
    /// with a `name` that is a DNS subdomain.
    ///
    /// **Why it matters** An entry with no source, two sources or a missing name is rejected
    /// (reported at `<c>.envFrom`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// envFrom:
    /// - configMapRef: {name: app}
    ///   secretRef: {name: app}
    /// ```
    ///
    /// ```yaml
    /// envFrom:
    /// - configMapRef: {name: app}
    /// - secretRef: {name: app}
    /// ```
    ///
    /// **Fix** Split the sources into one entry each, and name them.
    ///
    /// **Kubernetes source** `ValidateEnvFrom` in `pkg/apis/core/validation/validation.go`.
    ENV_FROM_SOURCE,
    "PS1409",
    "env-from-source",
    Error,
    "each envFrom entry needs exactly one of configMapRef and secretRef, with a valid name"
);
rule!(
    /// **What it does** Checks the volume a `fileKeyRef` names exists in the pod and is an `emptyDir`.
    ///
    /// **Why it matters** The kubelet reads env files only from emptyDir volumes (typically written by
    /// an init container); any other volume, or none, is rejected (`Not found`, `referenced volume must
    /// be of type emptyDir`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: config
    ///   configMap: {name: app}
    /// containers:
    /// - name: app
    ///   image: app
    ///   env:
    ///   - name: TOKEN
    ///     valueFrom:
    ///       fileKeyRef: {volumeName: config, path: app.env, key: TOKEN}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: config
    ///   emptyDir: {}
    /// containers:
    /// - name: app
    ///   image: app
    ///   env:
    ///   - name: TOKEN
    ///     valueFrom:
    ///       fileKeyRef: {volumeName: config, path: app.env, key: TOKEN}
    /// ```
    ///
    /// **Fix** Point it at an emptyDir volume that an init container fills.
    ///
    /// **Kubernetes source** `validateFileKeyRefVolumes` (called from `ValidatePodSpec`) in
    /// `pkg/apis/core/validation/validation.go`.
    ENV_FILE_KEY_REF_VOLUME,
    "PS1410",
    "env-file-key-ref-volume",
    Error,
    "a fileKeyRef must name an emptyDir volume of the pod"
);

/// `ValidateEnv` (`path` is `<c>.env`).
pub(super) fn validate_env(ctx: &mut Ctx, c: &Node, path: &Path) {
    for (j, ev) in c.seq_of("env").iter().enumerate() {
        let ep = path.index(j);
        let name = ev.str_of("name");
        if name.is_empty() {
            ctx.required(&ENV_NAME_REQUIRED, &ep.child("name"), ev.at("name"));
        } else {
            let msgs = format::relaxed_env_var_name(name);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &ENV_NAME_FORMAT,
                    &ep.child("name"),
                    ev.at("name"),
                    &ErrValue::from(name),
                    msgs,
                );
            }
        }
        if let Some(from) = ev.get("valueFrom") {
            validate_value_from(ctx, ev, from, &ep.child("valueFrom"));
        }
    }
}

/// `validateEnvVarValueFrom`
fn validate_value_from(ctx: &mut Ctx, ev: &Node, from: &Node, path: &Path) {
    let mut sources = 0;
    if let Some(fs) = from.get("fieldRef") {
        sources += 1;
        validate_field_ref(ctx, fs, &path.child("fieldRef"));
    }
    if let Some(rs) = from.get("resourceFieldRef") {
        sources += 1;
        downward::resource_field_selector(
            ctx,
            &ENV_RESOURCE_FIELD_REF,
            rs,
            &path.child("resourceFieldRef"),
            false,
        );
    }
    if let Some(ks) = from.get("configMapKeyRef") {
        sources += 1;
        validate_key_selector(ctx, ks, &path.child("configMapKeyRef"));
    }
    if let Some(ks) = from.get("secretKeyRef") {
        sources += 1;
        validate_key_selector(ctx, ks, &path.child("secretKeyRef"));
    }
    if let Some(fk) = from.get("fileKeyRef") {
        sources += 1;
        validate_file_key_selector(ctx, fk, &path.child("fileKeyRef"));
    }
    let span = ev.key_at("valueFrom");
    if sources == 0 {
        ctx.invalid(&ENV_VALUE_FROM, path, span, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`");
    } else if !ev.str_of("value").is_empty() {
        ctx.invalid(
            &ENV_VALUE_FROM,
            path,
            span,
            "",
            "may not be specified when `value` is not empty",
        );
    } else if sources > 1 {
        ctx.invalid(
            &ENV_VALUE_FROM,
            path,
            span,
            "",
            "may not have more than one field specified at a time",
        );
    }
}

/// The env fields the downward API can give (sorted, as the server lists them).
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `validateObjectFieldSelector` with the env field paths.
fn validate_field_ref(ctx: &mut Ctx, fs: &Node, path: &Path) {
    // An empty apiVersion is defaulted to v1.
    let version = match fs.str_of("apiVersion") {
        "" => "v1",
        v => v,
    };
    let field_path = fs.str_of("fieldPath");
    if field_path.is_empty() {
        ctx.required(&ENV_FIELD_REF, &path.child("fieldPath"), fs.at("fieldPath"));
        return;
    }
    let internal = match downward::convert_field_label(version, field_path) {
        Ok(internal) => internal,
        Err(error) => {
            ctx.invalid(
                &ENV_FIELD_REF,
                &path.child("fieldPath"),
                fs.at("fieldPath"),
                field_path,
                format!("error converting fieldPath: {error}"),
            );
            return;
        }
    };
    if let Some((head, key)) = downward::split_subscript(internal) {
        let key = if head == "metadata.annotations" {
            key.to_lowercase()
        } else {
            key.to_string()
        };
        let msgs = format::qualified_name(&key);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &ENV_FIELD_REF,
                path,
                fs.at("fieldPath"),
                &ErrValue::Str(key),
                msgs,
            );
        }
    } else if !ENV_FIELD_PATHS.contains(&internal) {
        ctx.not_supported(
            &ENV_FIELD_REF,
            &path.child("fieldPath"),
            fs.at("fieldPath"),
            internal,
            &ENV_FIELD_PATHS,
        );
    }
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
fn validate_key_selector(ctx: &mut Ctx, ks: &Node, path: &Path) {
    let name = ks.str_of("name");
    let msgs = format::dns1123_subdomain(name);
    if !msgs.is_empty() {
        ctx.invalid_each(
            &ENV_KEY_REF,
            &path.child("name"),
            ks.at("name"),
            &ErrValue::from(name),
            msgs,
        );
    }
    let key = ks.str_of("key");
    if key.is_empty() {
        ctx.required(&ENV_KEY_REF, &path.child("key"), ks.at("key"));
    } else {
        let msgs = format::config_map_key(key);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &ENV_KEY_REF,
                &path.child("key"),
                ks.at("key"),
                &ErrValue::from(key),
                msgs,
            );
        }
    }
}

/// Whether a path has a `..` element (`validatePathNoBacksteps`; the API server runs on Linux, so
/// only `/` separates elements).
pub(super) fn has_backsteps(path: &str) -> bool {
    path.split('/').any(|part| part == "..")
}

/// `validateFileKeySelector`
fn validate_file_key_selector(ctx: &mut Ctx, fk: &Node, path: &Path) {
    let key = fk.str_of("key");
    if key.is_empty() {
        ctx.required(&ENV_FILE_KEY_REF, &path.child("key"), fk.at("key"));
    } else {
        let msgs = format::relaxed_env_var_name(key);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &ENV_FILE_KEY_REF,
                &path.child("key"),
                fk.at("key"),
                &ErrValue::from(key),
                msgs,
            );
        }
    }
    let volume = fk.str_of("volumeName");
    if volume.is_empty() {
        ctx.required(
            &ENV_FILE_KEY_REF,
            &path.child("volumeName"),
            fk.at("volumeName"),
        );
    } else {
        let msgs = format::dns1123_label(volume);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &ENV_FILE_KEY_REF,
                &path.child("volumeName"),
                fk.at("volumeName"),
                &ErrValue::from(volume),
                msgs,
            );
        }
    }
    let file = fk.str_of("path");
    if file.is_empty() {
        ctx.required(&ENV_FILE_KEY_REF, &path.child("path"), fk.at("path"));
    } else if has_backsteps(file) {
        ctx.invalid(
            &ENV_FILE_KEY_REF,
            &path.child("path"),
            fk.at("path"),
            file,
            "must not contain '..'",
        );
    }
}

/// `ValidateEnvFrom` (`path` is `<c>.envFrom`).
pub(super) fn validate_env_from(ctx: &mut Ctx, c: &Node, path: &Path) {
    for (j, ev) in c.seq_of("envFrom").iter().enumerate() {
        let ep = path.index(j);
        let prefix = ev.str_of("prefix");
        if !prefix.is_empty() {
            let msgs = format::relaxed_env_var_name(prefix);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &ENV_FROM_PREFIX,
                    &ep.child("prefix"),
                    ev.at("prefix"),
                    &ErrValue::from(prefix),
                    msgs,
                );
            }
        }
        let mut sources = 0;
        for source in ["configMapRef", "secretRef"] {
            if let Some(reference) = ev.get(source) {
                sources += 1;
                let rp = ep.child(source);
                let name = reference.str_of("name");
                if name.is_empty() {
                    ctx.required(&ENV_FROM_SOURCE, &rp.child("name"), reference.at("name"));
                } else {
                    let msgs = format::name_is_dns_subdomain(name, true);
                    if !msgs.is_empty() {
                        ctx.invalid_each(
                            &ENV_FROM_SOURCE,
                            &rp.child("name"),
                            reference.at("name"),
                            &ErrValue::from(name),
                            msgs,
                        );
                    }
                }
            }
        }
        if sources == 0 {
            ctx.invalid(
                &ENV_FROM_SOURCE,
                path,
                ev.head(),
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            );
        } else if sources > 1 {
            ctx.invalid(
                &ENV_FROM_SOURCE,
                path,
                ev.head(),
                "",
                "may not have more than one field specified at a time",
            );
        }
    }
}

/// The volume source keys; a volume with none of them is defaulted to an emptyDir.
fn is_empty_dir(volume: &Node) -> bool {
    volume.get("emptyDir").is_some()
        || volume
            .entries()
            .iter()
            .all(|e| e.key == "name" || e.value.is_null())
}

/// `validateFileKeyRefVolumes`: each `fileKeyRef` must name a volume of the pod that is an
/// emptyDir. The server runs this at the very end of `ValidatePodSpec` (after `os`), over init,
/// regular and ephemeral containers in that order; `spec_path` is the pod spec's path.
pub fn validate_file_key_ref_volumes(ctx: &mut Ctx, scope: &PodScope, spec_path: &Path) {
    let spec = scope.spec;
    let volumes = spec.seq_of("volumes");
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        let list_path = spec_path.child(list);
        for (i, c) in spec.seq_of(list).iter().enumerate() {
            let cp = list_path.index(i);
            let env_path = cp.child("env");
            for (j, ev) in c.seq_of("env").iter().enumerate() {
                let Some(fk) = ev.get("valueFrom").and_then(|f| f.get("fileKeyRef")) else {
                    continue;
                };
                let name = fk.str_of("volumeName");
                let ej = env_path.index(j);
                let vf = ej.child("valueFrom");
                let fp = vf.child("fileKeyRef");
                let np = fp.child("volumeName");
                // The last volume of that name wins, as in the server's map.
                match volumes.iter().rev().find(|v| v.str_of("name") == name) {
                    None => ctx.not_found(&ENV_FILE_KEY_REF_VOLUME, &np, fk.at("volumeName"), name),
                    Some(volume) if !is_empty_dir(volume) => {
                        ctx.invalid(
                            &ENV_FILE_KEY_REF_VOLUME,
                            &np,
                            fk.at("volumeName"),
                            name,
                            "referenced volume must be of type emptyDir",
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }
}
