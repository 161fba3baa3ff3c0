//! Core (`v1`) kinds besides Pods: PodTemplate, ReplicationController, ConfigMap, Secret,
//! ServiceAccount, PersistentVolumeClaim.

use super::apps::{object_meta, spec_span};
use super::map_or_empty;
use super::{
    CONFIG_DUPLICATE_KEY, CONFIG_KEY, CONFIG_SIZE, PVC_ACCESS_MODES, PVC_CLASS_NAME,
    PVC_DATA_SOURCE, PVC_STORAGE, PVC_VOLUME_MODE, SECRET_DOCKER_JSON, SECRET_SA_ANNOTATION,
    SECRET_TYPE_KEYS, SELECTOR_REQUIRED, TEMPLATE_REQUIRED, json, long_running_template,
    name_warning, non_negative, selector_mismatch, template_labels,
};
use crate::source::Span;
use crate::validate::meta::{self, NameRule};
use crate::validate::pod::validate_pod_template;
use crate::validate::podspec::{SelectorOptions, validate_label_selector};
use crate::validate::quantity;
use crate::validate::{Ctx, ErrValue, Path, format, warnings};
use crate::yaml::{Node, Value};

/// `MaxSecretSize`
const MAX_SECRET_SIZE: usize = 1024 * 1024;

pub fn pod_template(ctx: &mut Ctx, root: &Node) {
    object_meta(ctx, root, NameRule::Subdomain);
    let template_node = map_or_empty(root.map_of("template"), root.key_at("template"));
    let template: &Node = &template_node;
    validate_pod_template(ctx, template, &Path::ROOT.child("template"));
}

pub fn replication_controller(ctx: &mut Ctx, root: &Node) {
    name_warning(ctx, root);
    let meta_node = object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    let template = spec.map_of("template");
    let tlabels = template_labels(template);
    // SetDefaults_ReplicationController: selector and labels default to the template's labels.
    if tlabels.is_some()
        && meta_node
            .get("labels")
            .is_none_or(|l| l.entries().is_empty())
    {
        meta::validate_labels(ctx, tlabels, &Path::ROOT.child("metadata").child("labels"));
    }
    non_negative(ctx, spec, "minReadySeconds", &sp);
    let given = spec.map_of("selector").filter(|s| !s.entries().is_empty());
    let selector = given.or(tlabels.filter(|l| !l.entries().is_empty()));
    if selector.is_none() {
        ctx.required(
            &SELECTOR_REQUIRED,
            &sp.child("selector"),
            spec_span(root, spec, "selector"),
        );
    }
    non_negative(ctx, spec, "replicas", &sp);
    let tp = sp.child("template");
    let Some(template) = template else {
        ctx.required(&TEMPLATE_REQUIRED, &tp, spec_span(root, spec, "template"));
        return;
    };
    if let Some(sel) = selector {
        let matches = sel
            .entries()
            .iter()
            .all(|e| meta::annotation(tlabels, &e.key) == Some(json::map_value(&e.value)));
        if !matches {
            selector_mismatch(
                ctx,
                Some(template),
                &tp,
                json::string_map(tlabels),
                spec_span(root, spec, "template"),
            );
        }
    }
    validate_pod_template(ctx, template, &tp);
    long_running_template(ctx, Some(template), &tp, "ReplicationController");
}

pub fn service_account(ctx: &mut Ctx, root: &Node) {
    object_meta(ctx, root, NameRule::Subdomain);
    warnings::service_account_warnings(ctx, root);
}

/// Go's base64 (standard encoding) decoding; line breaks are skipped. Invalid input (already
/// reported by the decoder) decodes as far as it goes.
fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'\n' | b'\r' => continue,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The contents of a `[]byte` field (base64) or a string field.
fn contents(node: &Node, base64: bool) -> Vec<u8> {
    match &node.value {
        Value::Str(s) if base64 => base64_decode(s),
        Value::Str(s) => s.as_bytes().to_vec(),
        _ => Vec::new(),
    }
}

pub fn config_map(ctx: &mut Ctx, root: &Node) {
    object_meta(ctx, root, NameRule::Subdomain);
    let data = root.map_of("data");
    let binary = root.map_of("binaryData");
    let mut total = 0usize;
    let dp = Path::ROOT.child("data");
    let binary_keys: std::collections::HashSet<&str> = binary
        .map(|b| b.entries().iter().map(|e| e.key.as_str()).collect())
        .unwrap_or_default();
    if let Some(data) = data {
        for (key, value, key_span) in json::sorted_entries(data) {
            let kp = dp.key(key);
            let msgs = format::config_map_key(key);
            if !msgs.is_empty() {
                ctx.invalid_each(&CONFIG_KEY, &kp, key_span, &ErrValue::from(key), msgs);
            }
            if binary_keys.contains(key) {
                ctx.invalid(
                    &CONFIG_DUPLICATE_KEY,
                    &kp,
                    key_span,
                    key,
                    "duplicate of key present in binaryData",
                );
            }
            total += json::map_value(value).len();
        }
    }
    if let Some(binary) = binary {
        let bp = Path::ROOT.child("binaryData");
        for (key, value, key_span) in json::sorted_entries(binary) {
            let msgs = format::config_map_key(key);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &CONFIG_KEY,
                    &bp.key(key),
                    key_span,
                    &ErrValue::from(key),
                    msgs,
                );
            }
            total += contents(value, true).len();
        }
    }
    if total > MAX_SECRET_SIZE {
        ctx.too_long(&CONFIG_SIZE, &Path::ROOT, root.head(), MAX_SECRET_SIZE);
    }
}

pub fn secret(ctx: &mut Ctx, root: &Node) {
    let meta_node = object_meta(ctx, root, NameRule::Subdomain);
    let dp = Path::ROOT.child("data");
    // stringData is merged into data (its values win).
    let mut merged: Vec<(&str, Vec<u8>, Span)> = Vec::new();
    if let Some(data) = root.map_of("data") {
        for (key, value, key_span) in json::sorted_entries(data) {
            merged.push((key, contents(value, true), key_span));
        }
    }
    if let Some(sd) = root.map_of("stringData") {
        let at: std::collections::HashMap<&str, usize> =
            merged.iter().enumerate().map(|(i, e)| (e.0, i)).collect();
        for (key, value, key_span) in json::sorted_entries(sd) {
            let bytes = contents(value, false);
            match at.get(key) {
                Some(&i) => merged[i].1 = bytes,
                None => merged.push((key, bytes, key_span)),
            }
        }
    }
    merged.sort_by(|a, b| a.0.cmp(b.0));
    let mut total = 0;
    for (key, bytes, span) in &merged {
        let msgs = format::config_map_key(key);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &CONFIG_KEY,
                &dp.key(key),
                *span,
                &ErrValue::from(*key),
                msgs,
            );
        }
        total += bytes.len();
    }
    if total > MAX_SECRET_SIZE {
        ctx.too_long(&CONFIG_SIZE, &dp, root.key_at("data"), MAX_SECRET_SIZE);
    }
    let get = |k: &str| merged.iter().find(|(key, _, _)| *key == k);
    let type_span = root.at("type");
    let required = |ctx: &mut Ctx, k: &str| ctx.required(&SECRET_TYPE_KEYS, &dp.key(k), type_span);
    match root.str_of("type") {
        "kubernetes.io/service-account-token" => {
            const KEY: &str = "kubernetes.io/service-account.name";
            if meta::annotation(meta_node.get("annotations"), KEY).is_none_or(str::is_empty) {
                let mp = Path::ROOT.child("metadata");
                ctx.required(
                    &SECRET_SA_ANNOTATION,
                    &mp.child("annotations").key(KEY),
                    type_span,
                );
            }
        }
        "kubernetes.io/dockercfg" | "kubernetes.io/dockerconfigjson" => {
            let key = if root.str_of("type") == "kubernetes.io/dockercfg" {
                ".dockercfg"
            } else {
                ".dockerconfigjson"
            };
            match get(key) {
                None => required(ctx, key),
                Some((_, bytes, span)) => {
                    if let Err(e) = go_json_object(bytes) {
                        ctx.invalid(
                            &SECRET_DOCKER_JSON,
                            &dp.key(key),
                            *span,
                            "<secret contents redacted>",
                            e,
                        );
                    }
                }
            }
        }
        "kubernetes.io/basic-auth" if get("username").is_none() && get("password").is_none() => {
            required(ctx, "username");
            required(ctx, "password");
        }
        "kubernetes.io/ssh-auth" if get("ssh-privatekey").is_none_or(|(_, b, _)| b.is_empty()) => {
            required(ctx, "ssh-privatekey");
        }
        "kubernetes.io/tls" => {
            if get("tls.crt").is_none() {
                required(ctx, "tls.crt");
            }
            if get("tls.key").is_none() {
                required(ctx, "tls.key");
            }
            let empty = Vec::new();
            let cert = get("tls.crt").map_or(&empty, |e| &e.1);
            let key = get("tls.key").map_or(&empty, |e| &e.1);
            warnings::tls_secret_warning(ctx, cert, key, type_span);
        }
        _ => {}
    }
}

/// `json.Unmarshal(data, &map[string]interface{}{})`: the error text, if any.
fn go_json_object(data: &[u8]) -> Result<(), String> {
    match json::go_json_kinds(data)?.0 {
        "object" | "null" => Ok(()),
        kind => Err(format!(
            "json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
        )),
    }
}

pub fn persistent_volume_claim(ctx: &mut Ctx, root: &Node) {
    object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let span = spec_span(root, spec, "accessModes");
    validate_pvc_spec(ctx, spec, &Path::ROOT.child("spec"), span, true);
    warnings::pvc_warnings(ctx, root);
}

/// `ValidatePersistentVolumeClaimSpec` (also what a StatefulSet's claim templates get); `span` is
/// where to point for missing fields. `normalize` applies what the PersistentVolumeClaim strategy
/// does first (`NormalizeDataSources`), which StatefulSet claim templates do not get.
pub fn validate_pvc_spec(ctx: &mut Ctx, spec: &Node, path: &Path, span: Span, normalize: bool) {
    let modes = spec.seq_of("accessModes");
    let mp = path.child("accessModes");
    if modes.is_empty() {
        ctx.required_detail(
            &PVC_ACCESS_MODES,
            &mp,
            if spec.entry("accessModes").is_some() {
                spec.key_at("accessModes")
            } else {
                span
            },
            "at least 1 access mode is required",
        );
    }
    if let Some(sel) = spec.map_of("selector") {
        validate_label_selector(
            ctx,
            sel,
            &path.child("selector"),
            SelectorOptions::default(),
        );
    }
    let supported = [
        "ReadOnlyMany",
        "ReadWriteMany",
        "ReadWriteOnce",
        "ReadWriteOncePod",
    ];
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        let mode = m.as_str().unwrap_or("");
        if !supported.contains(&mode) {
            ctx.not_supported(&PVC_ACCESS_MODES, &mp, m.span, mode, &supported);
        }
        if mode == "ReadWriteOncePod" {
            rwop = true;
        } else if supported.contains(&mode) {
            other = true;
        }
    }
    if rwop && other {
        ctx.forbidden(
            &PVC_ACCESS_MODES,
            &mp,
            spec.key_at("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        );
    }
    let rp = path.child("resources");
    let sp = rp.key("storage");
    match spec
        .map_of("resources")
        .and_then(|r| r.map_of("requests"))
        .and_then(|r| r.get("storage").map(|q| (r, q)))
    {
        None => {
            let s = spec.map_of("resources").map_or(
                if spec.entry("resources").is_some() {
                    spec.key_at("resources")
                } else {
                    span
                },
                Node::head,
            );
            ctx.required(&PVC_STORAGE, &sp, s);
        }
        Some((requests, q)) => {
            if let Some(v) = quantity::from_node(q).map(|q| q.round_up_milli()) {
                if v.sign() <= 0 {
                    ctx.invalid(
                        &PVC_STORAGE,
                        &sp,
                        requests.at("storage"),
                        v.to_string(),
                        "must be greater than zero",
                    );
                }
            }
        }
    }
    if let Some(class) = spec.opt_str("storageClassName").filter(|c| !c.is_empty()) {
        let msgs = format::dns1123_subdomain(class);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &PVC_CLASS_NAME,
                &path.child("storageClassName"),
                spec.at("storageClassName"),
                &ErrValue::from(class),
                msgs,
            );
        }
    }
    if let Some(mode) = spec.opt_str("volumeMode") {
        if mode != "Block" && mode != "Filesystem" {
            ctx.not_supported(
                &PVC_VOLUME_MODE,
                &path.child("volumeMode"),
                spec.at("volumeMode"),
                mode,
                &["Block", "Filesystem"],
            );
        }
    }
    // PrepareForCreate (NormalizeDataSources): each of dataSource, dataSourceRef is filled from
    // the other when only one is given (dataSourceRef without a namespace).
    let ds = spec.map_of("dataSource");
    let dsr = spec.map_of("dataSourceRef");
    let ref_ns = dsr
        .and_then(|r| r.opt_str("namespace"))
        .filter(|n| !n.is_empty());
    let (eff_ds, eff_dsr) = if normalize {
        (ds.or(if ref_ns.is_none() { dsr } else { None }), dsr.or(ds))
    } else {
        (ds, dsr)
    };
    if let Some(d) = eff_ds {
        data_source(ctx, d, &path.child("dataSource"), false);
    }
    if let Some(d) = eff_dsr {
        data_source(ctx, d, &path.child("dataSourceRef"), true);
    }
    if let Some(_ns) = ref_ns {
        if ds.is_some() {
            ctx.invalid(
                &PVC_DATA_SOURCE,
                path,
                spec.key_at("dataSource"),
                ErrValue::Raw("{}".into()),
                "may not be specified when dataSourceRef.namespace is specified",
            );
        }
    } else if let (Some(a), Some(b)) = (ds, dsr) {
        if a.opt_str("apiGroup") != b.opt_str("apiGroup")
            || a.str_of("kind") != b.str_of("kind")
            || a.str_of("name") != b.str_of("name")
        {
            ctx.invalid(
                &PVC_DATA_SOURCE,
                path,
                spec.key_at("dataSource"),
                ErrValue::Raw("{}".into()),
                "must match dataSourceRef",
            );
        }
    }
    if let Some(class) = spec
        .opt_str("volumeAttributesClassName")
        .filter(|c| !c.is_empty())
    {
        let msgs = format::dns1123_subdomain(class);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &PVC_CLASS_NAME,
                &path.child("volumeAttributesClassName"),
                spec.at("volumeAttributesClassName"),
                &ErrValue::from(class),
                msgs,
            );
        }
    }
}

/// `validateDataSource` / `validateDataSourceRef`.
fn data_source(ctx: &mut Ctx, d: &Node, path: &Path, is_ref: bool) {
    if d.str_of("name").is_empty() {
        ctx.required(&PVC_DATA_SOURCE, &path.child("name"), d.head());
    }
    let kind = d.str_of("kind");
    if kind.is_empty() {
        ctx.required(&PVC_DATA_SOURCE, &path.child("kind"), d.head());
    }
    let group = d.str_of("apiGroup");
    if group.is_empty() && kind != "PersistentVolumeClaim" {
        ctx.invalid(
            &PVC_DATA_SOURCE,
            path,
            d.at("kind"),
            kind,
            "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        );
    }
    if !group.is_empty() {
        let msgs = format::dns1123_subdomain(group);
        if !msgs.is_empty() {
            ctx.invalid_each(
                &PVC_DATA_SOURCE,
                &path.child("apiGroup"),
                d.at("apiGroup"),
                &ErrValue::from(group),
                msgs,
            );
        }
    }
    if is_ref {
        if let Some(ns) = d.opt_str("namespace").filter(|n| !n.is_empty()) {
            let msgs = format::dns1123_label(ns);
            if !msgs.is_empty() {
                ctx.invalid_each(
                    &PVC_DATA_SOURCE,
                    &path.child("namespace"),
                    d.at("namespace"),
                    &ErrValue::from(ns),
                    msgs,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::go_json_object;

    #[test]
    fn json_errors_like_go() {
        assert!(go_json_object(br#"{"auths": {}}"#).is_ok());
        assert_eq!(
            go_json_object(b"").unwrap_err(),
            "unexpected end of JSON input"
        );
        assert_eq!(
            go_json_object(b"{\"a\" 1}").unwrap_err(),
            "invalid character '1' after object key"
        );
        assert_eq!(
            go_json_object(b"x").unwrap_err(),
            "invalid character 'x' looking for beginning of value"
        );
        assert_eq!(
            go_json_object(b"[]").unwrap_err(),
            "json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
        assert_eq!(
            go_json_object(b"{} x").unwrap_err(),
            "invalid character 'x' after top-level value"
        );
    }
}
