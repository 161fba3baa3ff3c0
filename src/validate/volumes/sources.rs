//! The checks of each volume source (`validate<Source>VolumeSource`).

use super::{
    CONFIG_MAP_VOLUME, CSI_VOLUME, EMPTY_DIR_SIZE, GIT_REPO_VOLUME, HOST_PATH_VOLUME, IMAGE_VOLUME,
    IN_TREE_VOLUME, ISCSI_VOLUME, NFS_VOLUME, PVC_VOLUME, SECRET_VOLUME, VOLUME_FILE_ITEMS,
    check_mode, claim, has_backsteps, is_abs, local_descending_path, local_non_reserved_path,
    projected, require,
};
use crate::compat::{json, quantity};
use crate::validate::pod::PodScope;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::Node;

/// Validates the first (counted) source `key` of the volume at `idx`.
pub(super) fn validate(ctx: &mut Ctx, scope: &PodScope, key: &str, src: &Node, idx: &Path) {
    match key {
        "emptyDir" => {
            if let Some(limit) = src.get("sizeLimit").and_then(quantity::from_node) {
                if limit.is_negative() {
                    let p = idx.child("emptyDir");
                    ctx.forbidden(
                        &EMPTY_DIR_SIZE,
                        &p.child("sizeLimit"),
                        src.at("sizeLimit"),
                        "SizeLimit field must be a valid resource quantity",
                    );
                }
            }
        }
        "hostPath" => host_path(ctx, src, &idx.child("hostPath")),
        "gitRepo" => {
            let p = idx.child("gitRepo");
            require(ctx, &GIT_REPO_VOLUME, src, "repository", &p);
            local_descending_path(
                ctx,
                &GIT_REPO_VOLUME,
                &p.child("directory"),
                src.at("directory"),
                src.str_of("directory"),
            );
        }
        "gcePersistentDisk" => {
            // sic: the fields are reported under `persistentDisk`.
            let p = idx.child("persistentDisk");
            require(ctx, &IN_TREE_VOLUME, src, "pdName", &p);
            partition(ctx, src, &p);
        }
        "awsElasticBlockStore" => {
            let p = idx.child("awsElasticBlockStore");
            require(ctx, &IN_TREE_VOLUME, src, "volumeID", &p);
            partition(ctx, src, &p);
        }
        "secret" => {
            let p = idx.child("secret");
            require(ctx, &SECRET_VOLUME, src, "secretName", &p);
            check_mode(ctx, &VOLUME_FILE_ITEMS, src, "defaultMode", &p);
            key_to_paths(ctx, src.seq_of("items"), &p.child("items"));
        }
        "nfs" => {
            let p = idx.child("nfs");
            require(ctx, &NFS_VOLUME, src, "server", &p);
            require(ctx, &NFS_VOLUME, src, "path", &p);
            let path = src.str_of("path");
            if !is_abs(path) {
                ctx.invalid(
                    &NFS_VOLUME,
                    &p.child("path"),
                    src.at("path"),
                    path,
                    "must be an absolute path",
                );
            }
        }
        "iscsi" => iscsi(ctx, src, &idx.child("iscsi")),
        "glusterfs" => {
            let p = idx.child("glusterfs");
            require(ctx, &IN_TREE_VOLUME, src, "endpoints", &p);
            require(ctx, &IN_TREE_VOLUME, src, "path", &p);
        }
        "flocker" => flocker(ctx, src, &idx.child("flocker")),
        "persistentVolumeClaim" => {
            require(
                ctx,
                &PVC_VOLUME,
                src,
                "claimName",
                &idx.child("persistentVolumeClaim"),
            );
        }
        "rbd" => {
            let p = idx.child("rbd");
            if src.seq_of("monitors").is_empty() {
                ctx.required(&IN_TREE_VOLUME, &p.child("monitors"), src.at("monitors"));
            }
            require(ctx, &IN_TREE_VOLUME, src, "image", &p);
        }
        "cinder" => {
            let p = idx.child("cinder");
            require(ctx, &IN_TREE_VOLUME, src, "volumeID", &p);
            secret_ref_name(ctx, src, &p);
        }
        "cephfs" => {
            let p = idx.child("cephfs");
            if src.seq_of("monitors").is_empty() {
                ctx.required(&IN_TREE_VOLUME, &p.child("monitors"), src.at("monitors"));
            }
        }
        "quobyte" => quobyte(ctx, src, &idx.child("quobyte")),
        "downwardAPI" => projected::downward_api_volume(ctx, src, &idx.child("downwardAPI")),
        "fc" => fc(ctx, src, &idx.child("fc")),
        "flexVolume" => flex(ctx, src, &idx.child("flexVolume")),
        "configMap" => {
            let p = idx.child("configMap");
            require(ctx, &CONFIG_MAP_VOLUME, src, "name", &p);
            check_mode(ctx, &VOLUME_FILE_ITEMS, src, "defaultMode", &p);
            key_to_paths(ctx, src.seq_of("items"), &p.child("items"));
        }
        "azureFile" => {
            let p = idx.child("azureFile");
            require(ctx, &IN_TREE_VOLUME, src, "secretName", &p);
            require(ctx, &IN_TREE_VOLUME, src, "shareName", &p);
        }
        "vsphereVolume" => {
            require(
                ctx,
                &IN_TREE_VOLUME,
                src,
                "volumePath",
                &idx.child("vsphereVolume"),
            );
        }
        "photonPersistentDisk" => {
            require(
                ctx,
                &IN_TREE_VOLUME,
                src,
                "pdID",
                &idx.child("photonPersistentDisk"),
            );
        }
        "portworxVolume" => {
            require(
                ctx,
                &IN_TREE_VOLUME,
                src,
                "volumeID",
                &idx.child("portworxVolume"),
            );
        }
        "azureDisk" => azure_disk(ctx, src, &idx.child("azureDisk")),
        "storageos" => storageos(ctx, src, &idx.child("storageos")),
        "projected" => projected::projected_volume(ctx, src, &idx.child("projected")),
        "scaleIO" => {
            let p = idx.child("scaleIO");
            require(ctx, &IN_TREE_VOLUME, src, "gateway", &p);
            require(ctx, &IN_TREE_VOLUME, src, "system", &p);
            require(ctx, &IN_TREE_VOLUME, src, "volumeName", &p);
        }
        "csi" => csi(ctx, src, &idx.child("csi")),
        "ephemeral" => claim::ephemeral(ctx, src, &idx.child("ephemeral")),
        "image" => {
            let p = idx.child("image");
            if scope.is_pod && src.str_of("reference").is_empty() {
                ctx.required(&IMAGE_VOLUME, &p.child("reference"), src.at("reference"));
            }
            // An empty pullPolicy is defaulted from the reference's tag.
            if let Some(policy) = src.opt_str("pullPolicy").filter(|p| !p.is_empty()) {
                if !matches!(policy, "Always" | "IfNotPresent" | "Never") {
                    ctx.not_supported(
                        &IMAGE_VOLUME,
                        &p.child("pullPolicy"),
                        src.at("pullPolicy"),
                        policy,
                        &["Always", "IfNotPresent", "Never"],
                    );
                }
            }
        }
        _ => {}
    }
}

/// `validateKeyToPath` for each item (`path` is `….items`).
fn key_to_paths(ctx: &mut Ctx, items: &[Node], path: &Path) {
    for (i, kp) in items.iter().enumerate() {
        key_to_path(ctx, kp, &path.index(i));
    }
}

/// `validateKeyToPath` (`path` is `….items[k]`).
pub(super) fn key_to_path(ctx: &mut Ctx, kp: &Node, path: &Path) {
    require(ctx, &VOLUME_FILE_ITEMS, kp, "key", path);
    require(ctx, &VOLUME_FILE_ITEMS, kp, "path", path);
    local_non_reserved_path(
        ctx,
        &VOLUME_FILE_ITEMS,
        &path.child("path"),
        kp.at("path"),
        kp.str_of("path"),
    );
    check_mode(ctx, &VOLUME_FILE_ITEMS, kp, "mode", path);
}

fn host_path(ctx: &mut Ctx, src: &Node, p: &Path) {
    if !require(ctx, &HOST_PATH_VOLUME, src, "path", p) {
        return;
    }
    let path = src.str_of("path");
    if has_backsteps(path) {
        ctx.invalid(
            &HOST_PATH_VOLUME,
            &p.child("path"),
            src.at("path"),
            path,
            "must not contain '..'",
        );
    }
    if let Some(ty) = src.opt_str("type") {
        const TYPES: &[&str] = &[
            "",
            "BlockDevice",
            "CharDevice",
            "Directory",
            "DirectoryOrCreate",
            "File",
            "FileOrCreate",
            "Socket",
        ];
        if !TYPES.contains(&ty) {
            ctx.not_supported(
                &HOST_PATH_VOLUME,
                &p.child("type"),
                src.at("type"),
                ty,
                TYPES,
            );
        }
    }
}

fn partition(ctx: &mut Ctx, src: &Node, p: &Path) {
    if let Some(part) = src.i64_of("partition") {
        if !(0..=255).contains(&part) {
            ctx.invalid(
                &IN_TREE_VOLUME,
                &p.child("partition"),
                src.at("partition"),
                part,
                format::inclusive_range_error(1, 255),
            );
        }
    }
}

fn secret_ref_name(ctx: &mut Ctx, src: &Node, p: &Path) {
    if let Some(secret_ref) = src.get("secretRef") {
        if secret_ref.str_of("name").is_empty() {
            let sp = p.child("secretRef");
            ctx.required(&IN_TREE_VOLUME, &sp.child("name"), secret_ref.at("name"));
        }
    }
}

/// `\s` of Go's RE2: `[\t\n\f\r ]`.
fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// `iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$`, matched anywhere.
fn iqn_matches(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|start| iqn_from(&b[start..]))
}

fn iqn_from(b: &[u8]) -> bool {
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    if b.len() < 12
        || &b[..4] != b"iqn."
        || !digits(&b[4..8])
        || b[8] != b'-'
        || !digits(&b[9..11])
        || b[11] != b'.'
    {
        return false;
    }
    let rest = &b[12..];
    let a = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b'.')
        .count();
    if a == 0 || rest.get(a) != Some(&b':') {
        return false;
    }
    let tail = &rest[a + 1..];
    !tail.is_empty()
        && tail
            .iter()
            .all(|&c| !b",;*&$|".contains(&c) && !is_re_space(c))
}

/// `^<prefix>.[[:alnum:]]{n}$`
fn prefixed_alnum(s: &str, prefix: &str, n: usize) -> bool {
    let Some(rest) = s.strip_prefix(prefix) else {
        return false;
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c != '\n' => {}
        _ => return false,
    }
    let tail = chars.as_str();
    tail.len() == n && tail.bytes().all(|c| c.is_ascii_alphanumeric())
}

fn iscsi(ctx: &mut Ctx, src: &Node, p: &Path) {
    require(ctx, &ISCSI_VOLUME, src, "targetPortal", p);
    let iqn = src.str_of("iqn");
    let iqn_path = p.child("iqn");
    if iqn.is_empty() {
        ctx.required(&ISCSI_VOLUME, &iqn_path, src.at("iqn"));
    } else if !iqn.starts_with("iqn") && !iqn.starts_with("eui") && !iqn.starts_with("naa") {
        ctx.invalid(
            &ISCSI_VOLUME,
            &iqn_path,
            src.at("iqn"),
            iqn,
            "must be valid format starting with iqn, eui, or naa",
        );
    } else if (iqn.starts_with("iqn") && !iqn_matches(iqn))
        || (iqn.starts_with("eui") && !prefixed_alnum(iqn, "eui", 16))
        || (iqn.starts_with("naa") && !prefixed_alnum(iqn, "naa", 32))
    {
        ctx.invalid(
            &ISCSI_VOLUME,
            &iqn_path,
            src.at("iqn"),
            iqn,
            "must be valid format",
        );
    }
    if let Some(lun) = src.i64_of("lun") {
        if !(0..=255).contains(&lun) {
            ctx.invalid(
                &ISCSI_VOLUME,
                &p.child("lun"),
                src.at("lun"),
                lun,
                format::inclusive_range_error(0, 255),
            );
        }
    }
    let chap = ["chapAuthDiscovery", "chapAuthSession"]
        .into_iter()
        .find(|f| src.bool_of(f).unwrap_or(false));
    if let Some(field) = chap {
        if src.get("secretRef").is_none() {
            ctx.required(&ISCSI_VOLUME, &p.child("secretRef"), src.key_at(field));
        }
    }
    if let Some(initiator) = src.opt_str("initiatorName") {
        // sic: `initiatorname`
        let ip = p.child("initiatorname");
        let span = src.at("initiatorName");
        if !initiator.starts_with("iqn")
            && !initiator.starts_with("eui")
            && !initiator.starts_with("naa")
        {
            ctx.invalid(
                &ISCSI_VOLUME,
                &ip,
                span,
                initiator,
                "must be valid format starting with iqn, eui, or naa",
            );
        }
        if (initiator.starts_with("iqn") && !iqn_matches(initiator))
            || (initiator.starts_with("eui") && !prefixed_alnum(initiator, "eui", 16))
            || (initiator.starts_with("naa") && !prefixed_alnum(initiator, "naa", 32))
        {
            ctx.invalid(&ISCSI_VOLUME, &ip, span, initiator, "must be valid format");
        }
    }
}

fn flocker(ctx: &mut Ctx, src: &Node, p: &Path) {
    let name = src.str_of("datasetName");
    let uuid = src.str_of("datasetUUID");
    if name.is_empty() && uuid.is_empty() {
        ctx.required_detail(
            &IN_TREE_VOLUME,
            p,
            src.head(),
            "one of datasetName and datasetUUID is required",
        );
    }
    if !name.is_empty() && !uuid.is_empty() {
        ctx.invalid(
            &IN_TREE_VOLUME,
            p,
            src.head(),
            "resource",
            "datasetName and datasetUUID can not be specified simultaneously",
        );
    }
    if name.contains('/') {
        ctx.invalid(
            &IN_TREE_VOLUME,
            &p.child("datasetName"),
            src.at("datasetName"),
            name,
            "must not contain '/'",
        );
    }
}

/// Go's `net.SplitHostPort` succeeds.
fn split_host_port_ok(hostport: &str) -> bool {
    let Some(i) = hostport.rfind(':') else {
        return false;
    };
    let b = hostport.as_bytes();
    let (j, k) = if b[0] == b'[' {
        let Some(end) = hostport.find(']') else {
            return false;
        };
        if end + 1 != i {
            return false;
        }
        (1, end + 1)
    } else {
        if hostport[..i].contains(':') {
            return false;
        }
        (0, 0)
    };
    !hostport[j..].contains('[') && !hostport[k..].contains(']')
}

fn quobyte(ctx: &mut Ctx, src: &Node, p: &Path) {
    const MSG: &str = "must be a host:port pair or multiple pairs separated by commas";
    let registry = src.str_of("registry");
    if registry.is_empty() {
        ctx.required_detail(
            &IN_TREE_VOLUME,
            &p.child("registry"),
            src.at("registry"),
            MSG,
        );
    } else if src.str_of("tenant").len() >= 65 {
        ctx.required_detail(
            &IN_TREE_VOLUME,
            &p.child("tenant"),
            src.at("tenant"),
            "must be a UUID and may not exceed a length of 64 characters",
        );
    } else {
        for pair in registry.split(',') {
            if !split_host_port_ok(pair) {
                ctx.invalid(
                    &IN_TREE_VOLUME,
                    &p.child("registry"),
                    src.at("registry"),
                    registry,
                    MSG,
                );
            }
        }
    }
    require(ctx, &IN_TREE_VOLUME, src, "volume", p);
}

/// A JSON array of strings, as Go's `encoding/json` writes it.
fn json_strings(items: &[Node]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|n| json::string(n.as_str().unwrap_or("")))
        .collect();
    format!("[{}]", quoted.join(","))
}

fn fc(ctx: &mut Ctx, src: &Node, p: &Path) {
    let wwns = src.seq_of("targetWWNs");
    let wwids = src.seq_of("wwids");
    let wp = p.child("targetWWNs");
    if wwns.is_empty() && wwids.is_empty() {
        ctx.required_detail(
            &IN_TREE_VOLUME,
            &wp,
            src.head(),
            "must specify either targetWWNs or wwids, but not both",
        );
    }
    if !wwns.is_empty() && !wwids.is_empty() {
        ctx.invalid(
            &IN_TREE_VOLUME,
            &wp,
            src.at("targetWWNs"),
            ErrValue::Raw(json_strings(wwns)),
            "targetWWNs and wwids can not be specified simultaneously",
        );
    }
    if !wwns.is_empty() {
        match src.i64_of("lun") {
            None => ctx.required_detail(
                &IN_TREE_VOLUME,
                &p.child("lun"),
                src.head(),
                "lun is required if targetWWNs is specified",
            ),
            Some(lun) if !(0..=255).contains(&lun) => {
                ctx.invalid(
                    &IN_TREE_VOLUME,
                    &p.child("lun"),
                    src.at("lun"),
                    lun,
                    format::inclusive_range_error(0, 255),
                );
            }
            Some(_) => {}
        }
    }
}

fn flex(ctx: &mut Ctx, src: &Node, p: &Path) {
    require(ctx, &IN_TREE_VOLUME, src, "driver", p);
    let Some(options) = src.map_of("options") else {
        return;
    };
    let mut keys: Vec<&crate::yaml::Entry> = options.entries().iter().collect();
    keys.sort_by(|a, b| a.key.cmp(&b.key));
    keys.dedup_by(|a, b| a.key == b.key);
    let op = p.child("options");
    for e in keys {
        let namespace = e.key.split_once('/').map_or(e.key.as_str(), |(ns, _)| ns);
        let normalized = format!(".{}", namespace.to_lowercase());
        if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
            ctx.invalid(
                &IN_TREE_VOLUME,
                &op.key(&e.key),
                e.key_span,
                e.key.as_str(),
                "kubernetes.io and k8s.io namespaces are reserved",
            );
        }
    }
}

fn azure_disk(ctx: &mut Ctx, src: &Node, p: &Path) {
    require(ctx, &IN_TREE_VOLUME, src, "diskName", p);
    require(ctx, &IN_TREE_VOLUME, src, "diskURI", p);
    // Defaulted: cachingMode ReadWrite, kind Shared.
    let caching = src.opt_str("cachingMode").unwrap_or("ReadWrite");
    if !matches!(caching, "None" | "ReadOnly" | "ReadWrite") {
        ctx.not_supported(
            &IN_TREE_VOLUME,
            &p.child("cachingMode"),
            src.at("cachingMode"),
            caching,
            &["None", "ReadOnly", "ReadWrite"],
        );
    }
    let kind = src.opt_str("kind").unwrap_or("Shared");
    if !matches!(kind, "Dedicated" | "Managed" | "Shared") {
        ctx.not_supported(
            &IN_TREE_VOLUME,
            &p.child("kind"),
            src.at("kind"),
            kind,
            &["Dedicated", "Managed", "Shared"],
        );
    }
    let uri = src.str_of("diskURI");
    let up = p.child("diskURI");
    if kind == "Managed" && !uri.starts_with("/subscriptions/") {
        ctx.not_supported(&IN_TREE_VOLUME, &up, src.at("diskURI"), uri, &["/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"]);
    }
    if kind != "Managed" && !uri.starts_with("https://") {
        ctx.not_supported(
            &IN_TREE_VOLUME,
            &up,
            src.at("diskURI"),
            uri,
            &["https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"],
        );
    }
}

fn storageos(ctx: &mut Ctx, src: &Node, p: &Path) {
    let name = src.str_of("volumeName");
    if name.is_empty() {
        ctx.required(
            &IN_TREE_VOLUME,
            &p.child("volumeName"),
            src.at("volumeName"),
        );
    } else {
        ctx.invalid_each(
            &IN_TREE_VOLUME,
            &p.child("volumeName"),
            src.at("volumeName"),
            &ErrValue::from(name),
            format::dns1123_label(name),
        );
    }
    let ns = src.str_of("volumeNamespace");
    if !ns.is_empty() {
        ctx.invalid_each(
            &IN_TREE_VOLUME,
            &p.child("volumeNamespace"),
            src.at("volumeNamespace"),
            &ErrValue::from(ns),
            format::dns1123_label(ns),
        );
    }
    secret_ref_name(ctx, src, p);
}

fn csi(ctx: &mut Ctx, src: &Node, p: &Path) {
    let driver = src.str_of("driver");
    let dp = p.child("driver");
    let span = src.at("driver");
    if driver.is_empty() {
        ctx.required(&CSI_VOLUME, &dp, span);
    }
    if driver.len() > 63 {
        ctx.too_long(&CSI_VOLUME, &dp, span, 63);
    }
    ctx.invalid_each(
        &CSI_VOLUME,
        &dp,
        span,
        &ErrValue::from(driver),
        format::dns1123_subdomain(&driver.to_lowercase()),
    );
    if let Some(secret_ref) = src.get("nodePublishSecretRef") {
        let name = secret_ref.str_of("name");
        if name.is_empty() {
            let sp = p.child("nodePublishSecretRef");
            ctx.required(&CSI_VOLUME, &sp.child("name"), secret_ref.at("name"));
        } else {
            // sic: reported at `csi.name`.
            ctx.invalid_each(
                &CSI_VOLUME,
                &p.child("name"),
                secret_ref.at("name"),
                &ErrValue::from(name),
                format::name_is_dns_subdomain(name, false),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iscsi_names() {
        assert!(iqn_matches("iqn.2015-02.example.com:test"));
        assert!(iqn_matches("iqn.2015-02.example.com:test:lun1"));
        assert!(!iqn_matches("iqn.2015-02.example.com"));
        assert!(!iqn_matches("iqn.201-02.example.com:test"));
        assert!(!iqn_matches("iqn.2015-02.example.com:te st"));
        assert!(iqn_matches("iqnx iqn.2015-02.a:b"));
        assert!(prefixed_alnum("eui.02004567A425678D", "eui", 16));
        assert!(!prefixed_alnum("eui.02004567A425678", "eui", 16));
        assert!(prefixed_alnum(
            "naa.62004567BA64678D0123456789ABCDEF",
            "naa",
            32
        ));
    }

    #[test]
    fn host_ports() {
        assert!(split_host_port_ok("registry:7861"));
        assert!(split_host_port_ok("[::1]:7861"));
        assert!(split_host_port_ok(":7861"));
        assert!(!split_host_port_ok("registry"));
        assert!(!split_host_port_ok("a:b:c"));
        assert!(!split_host_port_ok("[::1]"));
        assert!(!split_host_port_ok(""));
    }
}
