//! Generic ephemeral volumes (`validateEphemeralVolumeSource`): the embedded claim template
//! (`ValidatePersistentVolumeClaimTemplate`, `ValidatePersistentVolumeClaimSpec`).

use super::EPHEMERAL_VOLUME;
use crate::validate::pod::EMPTY_MAP;
use crate::validate::quantity;
use crate::validate::{Ctx, ErrValue, Path, format, meta};
use crate::yaml::Node;

/// `ObjectMeta` fields a claim template may not set: (JSON name, path name as the server derives it
/// from the Go field name).
const FORBIDDEN_META: &[(&str, &str)] = &[
    ("name", "name"),
    ("generateName", "generateName"),
    ("namespace", "namespace"),
    ("selfLink", "selfLink"),
    ("uid", "uID"),
    ("resourceVersion", "resourceVersion"),
    ("generation", "generation"),
    ("creationTimestamp", "creationTimestamp"),
    ("deletionTimestamp", "deletionTimestamp"),
    ("deletionGracePeriodSeconds", "deletionGracePeriodSeconds"),
    ("ownerReferences", "ownerReferences"),
    ("finalizers", "finalizers"),
    ("managedFields", "managedFields"),
];

const ACCESS_MODES: &[&str] = &[
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// `ephemeral` of a volume (`path` is `spec.volumes[i].ephemeral`).
pub(super) fn ephemeral(ctx: &mut Ctx, src: &Node, path: &Path) {
    let tp = path.child("volumeClaimTemplate");
    let Some(template) = src.get("volumeClaimTemplate") else {
        ctx.required(&EPHEMERAL_VOLUME, &tp, src.head());
        return;
    };
    // ValidateTemplateObjectMeta
    let metadata = template.map_of("metadata").unwrap_or(&EMPTY_MAP);
    let mp = tp.child("metadata");
    meta::validate_annotations(ctx, metadata.get("annotations"), &mp.child("annotations"));
    meta::validate_labels(ctx, metadata.get("labels"), &mp.child("labels"));
    for &(json, lc) in FORBIDDEN_META {
        let Some(value) = metadata.get(json) else {
            continue;
        };
        let set = match value.as_str() {
            Some(s) => !s.is_empty(),
            None => value.as_i64() != Some(0) || json == "deletionGracePeriodSeconds",
        };
        if set {
            ctx.forbidden(
                &EPHEMERAL_VOLUME,
                &mp.child(lc),
                metadata.key_at(json),
                "cannot be set",
            );
        }
    }
    let spec = template.map_of("spec").unwrap_or(&EMPTY_MAP);
    claim_spec(ctx, spec, template, &tp.child("spec"));
}

/// `ValidatePersistentVolumeClaimSpec`
fn claim_spec(ctx: &mut Ctx, spec: &Node, template: &Node, path: &Path) {
    let anchor = if spec.entries().is_empty() {
        template.key_at("spec")
    } else {
        spec.head()
    };
    let modes = spec.seq_of("accessModes");
    let ap = path.child("accessModes");
    if modes.is_empty() {
        let span = if spec.get("accessModes").is_some() {
            spec.key_at("accessModes")
        } else {
            anchor
        };
        ctx.required_detail(
            &EPHEMERAL_VOLUME,
            &ap,
            span,
            "at least 1 access mode is required",
        );
    }
    if let Some(selector) = spec.get("selector") {
        label_selector(ctx, selector, &path.child("selector"));
    }
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        let mode = m.as_str().unwrap_or("");
        if !ACCESS_MODES.contains(&mode) {
            ctx.not_supported(&EPHEMERAL_VOLUME, &ap, m.span, mode, ACCESS_MODES);
        } else if mode == "ReadWriteOncePod" {
            rwop = true;
        } else {
            other = true;
        }
    }
    if rwop && other {
        ctx.forbidden(
            &EPHEMERAL_VOLUME,
            &ap,
            spec.key_at("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        );
    }
    // sic: `spec.resources[storage]`, without `.requests`.
    let rp = path.child("resources");
    let sp = rp.key("storage");
    let resources = spec.map_of("resources");
    let requests = resources.and_then(|r| r.map_of("requests"));
    match requests.and_then(|r| r.entry("storage")) {
        None => {
            let span = match (resources, requests) {
                (_, Some(r)) => r.head(),
                (Some(_), None) => spec.key_at("resources"),
                (None, None) => anchor,
            };
            ctx.required(&EPHEMERAL_VOLUME, &sp, span);
        }
        Some(entry) => {
            if let Some(q) = quantity::from_node(&entry.value) {
                let q = q.round_up_milli();
                if q.sign() <= 0 {
                    let span = if entry.value.span.is_empty() {
                        entry.key_span
                    } else {
                        entry.value.span
                    };
                    ctx.invalid(
                        &EPHEMERAL_VOLUME,
                        &sp,
                        span,
                        q.to_string(),
                        "must be greater than zero",
                    );
                }
            }
        }
    }
    class_name(ctx, spec, "storageClassName", path);
    if let Some(mode) = spec.opt_str("volumeMode") {
        if mode != "Block" && mode != "Filesystem" {
            ctx.not_supported(
                &EPHEMERAL_VOLUME,
                &path.child("volumeMode"),
                spec.at("volumeMode"),
                mode,
                &["Block", "Filesystem"],
            );
        }
    }
    let data_source = spec.get("dataSource");
    let data_source_ref = spec.get("dataSourceRef");
    if let Some(ds) = data_source {
        typed_reference(ctx, ds, &path.child("dataSource"), false);
    }
    if let Some(dsr) = data_source_ref {
        typed_reference(ctx, dsr, &path.child("dataSourceRef"), true);
    }
    let ds_path = path.child("dataSource");
    if let Some(dsr) = data_source_ref.filter(|r| !r.str_of("namespace").is_empty()) {
        if data_source.is_some() {
            ctx.invalid(
                &EPHEMERAL_VOLUME,
                path,
                dsr.key_at("namespace"),
                ErrValue::Raw(ds_path.to_string()),
                "may not be specified when dataSourceRef.namespace is specified",
            );
        }
    } else if let (Some(ds), Some(dsr)) = (data_source, data_source_ref) {
        let group = |n: &Node| n.get("apiGroup").and_then(Node::as_str).map(str::to_string);
        let same = group(ds) == group(dsr)
            && ds.str_of("kind") == dsr.str_of("kind")
            && ds.str_of("name") == dsr.str_of("name");
        if !same {
            ctx.invalid(
                &EPHEMERAL_VOLUME,
                path,
                spec.key_at("dataSourceRef"),
                ErrValue::Raw(ds_path.to_string()),
                "must match dataSourceRef",
            );
        }
    }
    class_name(ctx, spec, "volumeAttributesClassName", path);
}

/// A class name field (`ValidateClassName`), when non-empty.
fn class_name(ctx: &mut Ctx, spec: &Node, field: &str, path: &Path) {
    let name = spec.str_of(field);
    if !name.is_empty() {
        ctx.invalid_each(
            &EPHEMERAL_VOLUME,
            &path.child(field),
            spec.at(field),
            &ErrValue::from(name),
            format::name_is_dns_subdomain(name, false),
        );
    }
}

/// `validateDataSource` / `validateDataSourceRef`
fn typed_reference(ctx: &mut Ctx, r: &Node, path: &Path, is_ref: bool) {
    let name = r.str_of("name");
    let kind = r.str_of("kind");
    if name.is_empty() {
        ctx.required(&EPHEMERAL_VOLUME, &path.child("name"), r.at("name"));
    }
    if kind.is_empty() {
        ctx.required(&EPHEMERAL_VOLUME, &path.child("kind"), r.at("kind"));
    }
    let group = r.str_of("apiGroup");
    if group.is_empty() && kind != "PersistentVolumeClaim" {
        ctx.invalid(
            &EPHEMERAL_VOLUME,
            path,
            r.at("kind"),
            kind,
            "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        );
    }
    if !group.is_empty() {
        ctx.invalid_each(
            &EPHEMERAL_VOLUME,
            &path.child("apiGroup"),
            r.at("apiGroup"),
            &ErrValue::from(group),
            format::dns1123_subdomain(group),
        );
    }
    if is_ref {
        let ns = r.str_of("namespace");
        if !ns.is_empty() {
            ctx.invalid_each(
                &EPHEMERAL_VOLUME,
                &path.child("namespace"),
                r.at("namespace"),
                &ErrValue::from(ns),
                format::name_is_dns_label(ns, false),
            );
        }
    }
}

/// `metav1validation.ValidateLabelSelector` (label values must be valid).
fn label_selector(ctx: &mut Ctx, selector: &Node, path: &Path) {
    meta::validate_labels(ctx, selector.get("matchLabels"), &path.child("matchLabels"));
    let ep = path.child("matchExpressions");
    for (i, expr) in selector.seq_of("matchExpressions").iter().enumerate() {
        let xp = ep.index(i);
        let op = expr.str_of("operator");
        let values = expr.seq_of("values");
        let vp = xp.child("values");
        match op {
            "In" | "NotIn" => {
                if values.is_empty() {
                    ctx.required_detail(
                        &EPHEMERAL_VOLUME,
                        &vp,
                        expr.at("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    ctx.forbidden(
                        &EPHEMERAL_VOLUME,
                        &vp,
                        expr.key_at("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            _ => ctx.invalid(
                &EPHEMERAL_VOLUME,
                &xp.child("operator"),
                expr.at("operator"),
                op,
                "not a valid selector operator",
            ),
        }
        let key = expr.str_of("key");
        ctx.invalid_each(
            &EPHEMERAL_VOLUME,
            &xp.child("key"),
            expr.at("key"),
            &ErrValue::from(key),
            format::qualified_name(key),
        );
        for (j, v) in values.iter().enumerate() {
            let value = v.as_str().unwrap_or("");
            ctx.invalid_each(
                &EPHEMERAL_VOLUME,
                &vp.index(j),
                v.span,
                &ErrValue::from(value),
                format::label_value(value),
            );
        }
    }
}
