//! downwardAPI volumes (`validateDownwardAPIVolumeSource`) and projected volumes
//! (`validateProjectedVolumeSource`, `validateProjectionSources`).

use super::sources::key_to_path;
use super::{
    DOWNWARD_API_VOLUME, PROJECTED_VOLUME, VOLUME_FILE_ITEMS, check_mode, local_non_reserved_path,
};
use crate::validate::quantity;
use crate::validate::{Ctx, ErrValue, Path, downward, format};
use crate::yaml::Node;

/// Field paths a downwardAPI volume file may reference without a subscript.
const VOLUME_FIELD_PATHS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

/// Container resources a downwardAPI file may reference (besides `requests.hugepages-*` and
/// `limits.hugepages-*`).
const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// `downwardAPI` of a volume (`path` is `spec.volumes[i].downwardAPI`).
pub(super) fn downward_api_volume(ctx: &mut Ctx, src: &Node, path: &Path) {
    check_mode(ctx, &VOLUME_FILE_ITEMS, src, "defaultMode", path);
    for file in src.seq_of("items") {
        downward_api_file(ctx, file, path);
    }
}

/// `validateDownwardAPIVolumeFile`: errors are reported under `path` itself (sic: no item index).
fn downward_api_file(ctx: &mut Ctx, file: &Node, path: &Path) {
    let file_path = file.str_of("path");
    let pp = path.child("path");
    if file_path.is_empty() {
        ctx.required(&DOWNWARD_API_VOLUME, &pp, file.at("path"));
    }
    local_non_reserved_path(ctx, &DOWNWARD_API_VOLUME, &pp, file.at("path"), file_path);
    if let Some(field_ref) = file.get("fieldRef") {
        object_field_selector(ctx, field_ref, &path.child("fieldRef"));
        if file.get("resourceFieldRef").is_some() {
            ctx.invalid(
                &DOWNWARD_API_VOLUME,
                path,
                file.key_at("resourceFieldRef"),
                "resource",
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            );
        }
    } else if let Some(rfr) = file.get("resourceFieldRef") {
        resource_field_selector(ctx, rfr, &path.child("resourceFieldRef"));
    } else {
        ctx.required_detail(
            &DOWNWARD_API_VOLUME,
            path,
            file.head(),
            "one of fieldRef and resourceFieldRef is required",
        );
    }
    check_mode(ctx, &VOLUME_FILE_ITEMS, file, "mode", path);
}

/// `validateObjectFieldSelector` with the volume field paths.
fn object_field_selector(ctx: &mut Ctx, field_ref: &Node, path: &Path) {
    // apiVersion defaults to v1.
    let api_version = field_ref
        .opt_str("apiVersion")
        .filter(|v| !v.is_empty())
        .unwrap_or("v1");
    let field_path = field_ref.str_of("fieldPath");
    let fp = path.child("fieldPath");
    let span = field_ref.at("fieldPath");
    if field_path.is_empty() {
        ctx.required(&DOWNWARD_API_VOLUME, &fp, span);
        return;
    }
    let converted = downward::convert_field_label(api_version, field_path);
    let internal = match converted {
        Ok(p) => p,
        Err(e) => {
            ctx.invalid(
                &DOWNWARD_API_VOLUME,
                &fp,
                span,
                field_path,
                format!("error converting fieldPath: {e}"),
            );
            return;
        }
    };
    if let Some((p, subscript)) = downward::split_subscript(internal) {
        let head = field_ref.head();
        match p {
            "metadata.annotations" => {
                let lower = subscript.to_lowercase();
                let msgs = format::qualified_name(&lower);
                ctx.invalid_each(
                    &DOWNWARD_API_VOLUME,
                    path,
                    head,
                    &ErrValue::from(lower),
                    msgs,
                );
            }
            "metadata.labels" => {
                ctx.invalid_each(
                    &DOWNWARD_API_VOLUME,
                    path,
                    head,
                    &ErrValue::from(subscript),
                    format::qualified_name(subscript),
                );
            }
            _ => ctx.invalid(
                &DOWNWARD_API_VOLUME,
                path,
                head,
                p,
                "does not support subscript",
            ),
        }
    } else if !VOLUME_FIELD_PATHS.contains(&internal) {
        ctx.not_supported(
            &DOWNWARD_API_VOLUME,
            &fp,
            span,
            internal,
            VOLUME_FIELD_PATHS,
        );
    }
}

/// `validateContainerResourceFieldSelector` for volumes.
fn resource_field_selector(ctx: &mut Ctx, rfr: &Node, path: &Path) {
    let resource = rfr.str_of("resource");
    if rfr.str_of("containerName").is_empty() {
        ctx.required(
            &DOWNWARD_API_VOLUME,
            &path.child("containerName"),
            rfr.at("containerName"),
        );
    } else if resource.is_empty() {
        ctx.required(
            &DOWNWARD_API_VOLUME,
            &path.child("resource"),
            rfr.at("resource"),
        );
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("limits.hugepages-")
        && !resource.starts_with("requests.hugepages-")
    {
        ctx.not_supported(
            &DOWNWARD_API_VOLUME,
            &path.child("resource"),
            rfr.at("resource"),
            resource,
            RESOURCE_FIELD_PATHS,
        );
    }
    // validateContainerResourceDivisor
    let Some(divisor) = rfr.get("divisor").and_then(quantity::from_node) else {
        return;
    };
    if divisor.is_zero() {
        return;
    }
    let text = divisor.to_string();
    let memory_like = [
        "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
    ];
    let dp = path.child("divisor");
    let span = rfr.at("divisor");
    match resource {
        "limits.cpu" | "requests.cpu" if !matches!(text.as_str(), "1m" | "1") => {
            ctx.invalid(
                &DOWNWARD_API_VOLUME,
                &dp,
                span,
                resource,
                "only divisor's values 1m and 1 are supported with the cpu resource",
            );
        }
        "limits.memory" | "requests.memory" if !memory_like.contains(&text.as_str()) => {
            ctx.invalid(&DOWNWARD_API_VOLUME, &dp, span, resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource");
        }
        "limits.ephemeral-storage" | "requests.ephemeral-storage"
            if !memory_like.contains(&text.as_str()) =>
        {
            ctx.invalid(
                &DOWNWARD_API_VOLUME,
                &dp,
                span,
                resource,
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
            );
        }
        _ => {}
    }
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-"))
        && !memory_like.contains(&text.as_str())
    {
        ctx.invalid(&DOWNWARD_API_VOLUME, &dp, span, resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource");
    }
}

/// `projected` of a volume (`path` is `spec.volumes[i].projected`).
pub(super) fn projected_volume(ctx: &mut Ctx, src: &Node, path: &Path) {
    check_mode(ctx, &VOLUME_FILE_ITEMS, src, "defaultMode", path);
    let mut all_paths: Vec<&str> = Vec::new();
    let sources_path = path.child("sources");
    for (i, source) in src.seq_of("sources").iter().enumerate() {
        let sp = sources_path.index(i);
        let mut count = 0;
        for kind in ["secret", "configMap"] {
            let Some(s) = source.get(kind) else { continue };
            count += 1;
            let pp = sp.child(kind);
            let name = s.str_of("name");
            if name.is_empty() {
                ctx.required(&PROJECTED_VOLUME, &pp.child("name"), s.at("name"));
            }
            let items = s.seq_of("items");
            let ip = pp.child("items");
            for (j, kp) in items.iter().enumerate() {
                key_to_path(ctx, kp, &ip.index(j));
                let item_path = kp.str_of("path");
                if !item_path.is_empty() {
                    if all_paths.contains(&item_path) {
                        ctx.invalid(
                            &PROJECTED_VOLUME,
                            path,
                            kp.at("path"),
                            name,
                            "conflicting duplicate paths",
                        );
                    } else {
                        all_paths.push(item_path);
                    }
                }
            }
        }
        if let Some(d) = source.get("downwardAPI") {
            count += 1;
            let pp = sp.child("downwardAPI");
            for file in d.seq_of("items") {
                downward_api_file(ctx, file, &pp);
                let file_path = file.str_of("path");
                if !file_path.is_empty() {
                    if all_paths.contains(&file_path) {
                        ctx.invalid(
                            &PROJECTED_VOLUME,
                            path,
                            file.at("path"),
                            file_path,
                            "conflicting duplicate paths",
                        );
                    } else {
                        all_paths.push(file_path);
                    }
                }
            }
        }
        if let Some(token) = source.get("serviceAccountToken") {
            count += 1;
            let tp = sp.child("serviceAccountToken");
            // expirationSeconds defaults to 3600.
            let expiration = token.i64_of("expirationSeconds").unwrap_or(3600);
            let ep = tp.child("expirationSeconds");
            if expiration < 600 {
                ctx.invalid(
                    &PROJECTED_VOLUME,
                    &ep,
                    token.at("expirationSeconds"),
                    expiration,
                    "may not specify a duration less than 10 minutes",
                );
            }
            if expiration > 1 << 32 {
                ctx.invalid(
                    &PROJECTED_VOLUME,
                    &ep,
                    token.at("expirationSeconds"),
                    expiration,
                    "may not specify a duration larger than 2^32 seconds",
                );
            }
            // sic: reported at `projected.path`.
            let token_path = token.str_of("path");
            if token_path.is_empty() {
                ctx.required(&PROJECTED_VOLUME, &path.child("path"), token.at("path"));
            } else {
                local_non_reserved_path(
                    ctx,
                    &PROJECTED_VOLUME,
                    &path.child("path"),
                    token.at("path"),
                    token_path,
                );
            }
        }
        // clusterTrustBundle and podCertificate sources are dropped (feature gates off in 1.36).
        if count > 1 {
            ctx.forbidden(
                &PROJECTED_VOLUME,
                &sp,
                source.head(),
                "may not specify more than 1 volume type per source",
            );
        }
    }
}
