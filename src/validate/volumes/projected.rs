//! downwardAPI volumes (`validateDownwardAPIVolumeSource`) and projected volumes
//! (`validateProjectedVolumeSource`, `validateProjectionSources`).

use super::sources::key_to_path;
use super::{
    DOWNWARD_API_VOLUME, PROJECTED_VOLUME, VOLUME_FILE_ITEMS, check_mode, local_non_reserved_path,
};
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
        downward::resource_field_selector(
            ctx,
            &DOWNWARD_API_VOLUME,
            rfr,
            &path.child("resourceFieldRef"),
            true,
        );
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

/// `projected` of a volume (`path` is `spec.volumes[i].projected`).
pub(super) fn projected_volume(ctx: &mut Ctx, src: &Node, path: &Path) {
    check_mode(ctx, &VOLUME_FILE_ITEMS, src, "defaultMode", path);
    let mut all_paths: std::collections::HashSet<&str> = std::collections::HashSet::new();
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
                if !item_path.is_empty() && !all_paths.insert(item_path) {
                    ctx.invalid(
                        &PROJECTED_VOLUME,
                        path,
                        kp.at("path"),
                        name,
                        "conflicting duplicate paths",
                    );
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
                        all_paths.insert(file_path);
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
