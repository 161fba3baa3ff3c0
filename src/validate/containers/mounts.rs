//! Volume mounts (`ValidateVolumeMounts`, path `<c>.volumeMounts[j]`) and block devices
//! (`ValidateVolumeDevices`, path `<c>.volumeDevices[j]`).
//!
//! Mounts and devices may only name volumes that passed their own validation: a volume with any
//! error is not registered, so its mounts are also `Not found`.
//!
//! - **PS1501** `<c>.volumeMounts[j].name: Required value` (a `Not found: ""` follows).
//! - **PS1502** `<c>.volumeMounts[0].name: Not found: "data"`.
//! - **PS1503** `…mountPath: Required value`; the same mountPath twice in one container:
//!   `…mountPath: Invalid value: "/data": must be unique`. (A mountPath need not be absolute.)
//! - **PS1504** a mount may not use a name or path of one of the container's volumeDevices:
//!   `…name: Invalid value: "x": must not already exist in volumeDevices`, `…mountPath: Invalid
//!   value: "/dev/x": must not already exist as a path in volumeDevices`.
//! - **PS1505** `subPath` and `subPathExpr` must be relative and without `..` elements, reported
//!   at `<c>.volumeMounts.subPath` without index (sic): `…: Invalid value: "/x": must be a relative
//!   path`, `…: must not contain '..'`; both set: `<c>.volumeMounts[j].subPathExpr: Invalid value:
//!   "$(POD)": subPathExpr and subPath are mutually exclusive`.
//! - **PS1506** `<c>.volumeMounts.mountPropagation: Unsupported value: "x": supported values:
//!   "Bidirectional", "HostToContainer", "None"`; `Bidirectional` needs a privileged container:
//!   `…: Forbidden: Bidirectional mount propagation is available only to privileged containers`.
//! - **PS1507** `<c>.volumeMounts.recursiveReadOnly`: `Enabled`/`IfPossible` need `readOnly: true`
//!   (`Forbidden: may only be specified when readOnly is true`) and no propagation other than
//!   `None` (`Forbidden: may only be specified when mountPropagation is None or not specified`);
//!   other values: `Unsupported value: "x": supported values: "Disabled", "Enabled", "IfPossible"`.
//! - **PS1511** `<c>.volumeDevices[j].name: Required value`; `…name: Invalid value: "x": must be
//!   unique`.
//! - **PS1512** a device must be a PersistentVolumeClaim or ephemeral volume: `…name: Invalid
//!   value: "x": can only use volume source type of PersistentVolumeClaim or Ephemeral for block
//!   mode`.
//! - **PS1513** `<c>.volumeDevices[j].name: Not found: "x"`.
//! - **PS1514** `…devicePath: Required value`; `…devicePath: Invalid value: "/dev/x": must be
//!   unique`; `…: can not contain backsteps ('..')`.
//! - **PS1515** `…name: Invalid value: "x": must not already exist in volumeMounts`,
//!   `…devicePath: Invalid value: "/x": must not already exist as a path in volumeMounts`.

use super::env::has_backsteps;
use crate::rule;
use crate::validate::volumes::VolumeSet;
use crate::validate::{Ctx, Path};
use crate::yaml::Node;

rule!(
    /// **What it does** Reports a `volumeMounts` entry without a `name`.
    ///
    /// **Why it matters** The API server rejects it with `Required value` (and `Not found: ""`): the
    /// mount has no volume to mount.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeMounts:
    /// - mountPath: /data
    /// ```
    ///
    /// ```yaml
    /// volumeMounts:
    /// - name: data
    ///   mountPath: /data
    /// ```
    ///
    /// **Fix** Name one of the pod's `volumes`.
    ///
    /// **Kubernetes source** `ValidateVolumeMounts` in `pkg/apis/core/validation/validation.go`.
    MOUNT_NAME_REQUIRED,
    "PS1501",
    "volume-mount-name-required",
    Error,
    "every volume mount needs a volume name"
);
rule!(
    /// **What it does** Reports a mount whose `name` is not a volume of the pod (or of a StatefulSet's
    /// `volumeClaimTemplates`). A volume that failed its own validation counts as missing.
    ///
    /// **Why it matters** The API server rejects the pod with `volumeMounts[j].name: Not found`; it is
    /// usually a typo or a volume left out of `spec.volumes`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - {name: data, emptyDir: {}}
    /// containers:
    /// - name: app
    ///   image: app
    ///   volumeMounts: [{name: cache, mountPath: /cache}]
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - {name: cache, emptyDir: {}}
    /// containers:
    /// - name: app
    ///   image: app
    ///   volumeMounts: [{name: cache, mountPath: /cache}]
    /// ```
    ///
    /// **Fix** Declare the volume, or correct the name.
    ///
    /// **Kubernetes source** `ValidateVolumeMounts` in `pkg/apis/core/validation/validation.go`.
    MOUNT_NOT_FOUND,
    "PS1502",
    "volume-mount-not-found",
    Error,
    "a volume mount must name a (valid) volume of the pod"
);
rule!(
    /// **What it does** Checks a mount has a `mountPath` and that no container mounts two volumes at
    /// the same path.
    ///
    /// **Why it matters** The API server rejects a missing path (`Required value`) and a repeated one
    /// (`must be unique`): one path can only show one volume.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: config, mountPath: /etc/app}
    /// - {name: secrets, mountPath: /etc/app}
    /// ```
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: config, mountPath: /etc/app}
    /// - {name: secrets, mountPath: /etc/app/secrets}
    /// ```
    ///
    /// **Fix** Give every mount its own path (nested paths are fine).
    ///
    /// **Kubernetes source** `ValidateVolumeMounts` in `pkg/apis/core/validation/validation.go`.
    MOUNT_PATH,
    "PS1503",
    "volume-mount-path",
    Error,
    "every volume mount needs a mountPath, unique within the container"
);
rule!(
    /// **What it does** Reports a volume mount that uses the name or path of one of the same
    /// container's `volumeDevices`.
    ///
    /// **Why it matters** A volume is either mounted as a file system or attached as a raw block
    /// device, not both; the API server rejects the overlap.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/xvda}
    /// volumeMounts:
    /// - {name: disk, mountPath: /data}
    /// ```
    ///
    /// ```yaml
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/xvda}
    /// volumeMounts:
    /// - {name: scratch, mountPath: /data}
    /// ```
    ///
    /// **Fix** Use the volume one way only, or mount a different volume.
    ///
    /// **Kubernetes source** `ValidateVolumeMounts` (the `voldevices` checks) in
    /// `pkg/apis/core/validation/validation.go`.
    MOUNT_DEVICE_OVERLAP,
    "PS1504",
    "volume-mount-device-overlap",
    Error,
    "a volume mount may not reuse the name or path of one of the container's volume devices"
);
rule!(
    /// **What it does** Checks `subPath` and `subPathExpr` are relative paths without `..`, and that a
    /// mount does not set both.
    ///
    /// **Why it matters** An absolute or escaping sub-path could reach outside the volume; the API
    /// server rejects it (`must be a relative path`, `must not contain '..'`, `mutually exclusive`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: data, mountPath: /logs, subPath: /var/log}
    /// ```
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: data, mountPath: /logs, subPath: var/log}
    /// ```
    ///
    /// **Fix** Write the sub-path relative to the volume's root, and use only one of the two fields.
    ///
    /// **Kubernetes source** `ValidateVolumeMounts` with `validateLocalDescendingPath` in
    /// `pkg/apis/core/validation/validation.go`.
    MOUNT_SUBPATH,
    "PS1505",
    "volume-mount-subpath",
    Error,
    "subPath and subPathExpr must be relative paths without '..', and not both set"
);
rule!(
    /// **What it does** Checks `mountPropagation` is `None`, `HostToContainer` or `Bidirectional`, and
    /// that `Bidirectional` is used only by a privileged container.
    ///
    /// **Why it matters** Bidirectional propagation lets the container create mounts on the host, so
    /// the API server allows it only with `privileged: true`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// securityContext: {privileged: false}
    /// volumeMounts:
    /// - {name: host, mountPath: /mnt, mountPropagation: Bidirectional}
    /// ```
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: host, mountPath: /mnt, mountPropagation: HostToContainer}
    /// ```
    ///
    /// **Fix** Use `HostToContainer` to see the host's mounts, or make the container privileged if it
    /// must create them.
    ///
    /// **Kubernetes source** `validateMountPropagation` in `pkg/apis/core/validation/validation.go`.
    MOUNT_PROPAGATION,
    "PS1506",
    "mount-propagation",
    Error,
    "mountPropagation must be None, HostToContainer or Bidirectional (privileged containers only)"
);
rule!(
    /// **What it does** Checks `recursiveReadOnly` is `Disabled`, `Enabled` or `IfPossible`, and that
    /// the last two come with `readOnly: true` and no propagation other than `None`.
    ///
    /// **Why it matters** Recursive read-only mounts sub-mounts read-only too; without `readOnly` or
    /// with propagation it cannot be done, and the API server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: host, mountPath: /host, recursiveReadOnly: Enabled}
    /// ```
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: host, mountPath: /host, readOnly: true, recursiveReadOnly: Enabled}
    /// ```
    ///
    /// **Fix** Add `readOnly: true` (and drop `mountPropagation`), or remove `recursiveReadOnly`.
    ///
    /// **Kubernetes source** `ValidateVolumeMounts` (the `RecursiveReadOnly` checks) in
    /// `pkg/apis/core/validation/validation.go`.
    RECURSIVE_READ_ONLY,
    "PS1507",
    "recursive-read-only",
    Error,
    "recursiveReadOnly needs readOnly and no mount propagation"
);
rule!(
    /// **What it does** Checks each `volumeDevices` entry has a `name`, and that a container does not
    /// list the same volume twice.
    ///
    /// **Why it matters** The API server rejects a missing name (`Required value`) and a repeated one
    /// (`must be unique`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/xvda}
    /// - {name: disk, devicePath: /dev/xvdb}
    /// ```
    ///
    /// ```yaml
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/xvda}
    /// - {name: disk2, devicePath: /dev/xvdb}
    /// ```
    ///
    /// **Fix** Attach each block volume once, by name.
    ///
    /// **Kubernetes source** `ValidateVolumeDevices` in `pkg/apis/core/validation/validation.go`.
    DEVICE_NAME,
    "PS1511",
    "volume-device-name",
    Error,
    "every volume device needs a volume name, unique within the container"
);
rule!(
    /// **What it does** Checks a `volumeDevices` entry names a `persistentVolumeClaim` or `ephemeral`
    /// volume.
    ///
    /// **Why it matters** Only claims can provide a raw block device (`volumeMode: Block`); an emptyDir
    /// or ConfigMap is rejected with `can only use volume source type of PersistentVolumeClaim or
    /// Ephemeral for block mode`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - {name: disk, emptyDir: {}}
    /// containers:
    /// - name: db
    ///   image: db
    ///   volumeDevices: [{name: disk, devicePath: /dev/xvda}]
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: disk
    ///   persistentVolumeClaim: {claimName: raw-disk}
    /// containers:
    /// - name: db
    ///   image: db
    ///   volumeDevices: [{name: disk, devicePath: /dev/xvda}]
    /// ```
    ///
    /// **Fix** Back the device with a PersistentVolumeClaim in block mode, or mount the volume instead.
    ///
    /// **Kubernetes source** `ValidateVolumeDevices` in `pkg/apis/core/validation/validation.go`.
    DEVICE_SOURCE,
    "PS1512",
    "volume-device-source",
    Error,
    "block devices can only come from persistentVolumeClaim or ephemeral volumes"
);
rule!(
    /// **What it does** Reports a `volumeDevices` entry whose `name` is not a volume of the pod.
    ///
    /// **Why it matters** The API server rejects it with `Not found`; usually a typo.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: disk
    ///   persistentVolumeClaim: {claimName: raw}
    /// containers:
    /// - name: db
    ///   image: db
    ///   volumeDevices: [{name: disks, devicePath: /dev/xvda}]
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: disk
    ///   persistentVolumeClaim: {claimName: raw}
    /// containers:
    /// - name: db
    ///   image: db
    ///   volumeDevices: [{name: disk, devicePath: /dev/xvda}]
    /// ```
    ///
    /// **Fix** Use the name of a declared PersistentVolumeClaim or ephemeral volume.
    ///
    /// **Kubernetes source** `ValidateVolumeDevices` in `pkg/apis/core/validation/validation.go`.
    DEVICE_NOT_FOUND,
    "PS1513",
    "volume-device-not-found",
    Error,
    "a volume device must name a (valid) volume of the pod"
);
rule!(
    /// **What it does** Checks each device has a `devicePath`, unique within the container and without
    /// `..`.
    ///
    /// **Why it matters** The API server rejects a missing, repeated or escaping device path.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/../xvda}
    /// ```
    ///
    /// ```yaml
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/xvda}
    /// ```
    ///
    /// **Fix** Give the device a plain, unique path under `/dev`.
    ///
    /// **Kubernetes source** `ValidateVolumeDevices` in `pkg/apis/core/validation/validation.go`.
    DEVICE_PATH,
    "PS1514",
    "volume-device-path",
    Error,
    "every volume device needs a devicePath, unique within the container and without '..'"
);
rule!(
    /// **What it does** Reports a device that uses the name or path of one of the container's
    /// `volumeMounts`.
    ///
    /// **Why it matters** A volume is either a block device or a mounted file system in one container;
    /// the API server rejects the overlap (`must not already exist in volumeMounts`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: data, mountPath: /data}
    /// volumeDevices:
    /// - {name: data, devicePath: /data}
    /// ```
    ///
    /// ```yaml
    /// volumeMounts:
    /// - {name: data, mountPath: /data}
    /// volumeDevices:
    /// - {name: disk, devicePath: /dev/xvda}
    /// ```
    ///
    /// **Fix** Use a separate volume and path for the device.
    ///
    /// **Kubernetes source** `ValidateVolumeDevices` in `pkg/apis/core/validation/validation.go`.
    DEVICE_MOUNT_OVERLAP,
    "PS1515",
    "volume-device-mount-overlap",
    Error,
    "a volume device may not reuse the name or path of one of the container's volume mounts"
);

/// `name → path` of a list, later entries replacing earlier ones with the same name (a Go map).
fn name_map<'d>(items: &'d [Node], path_key: &str) -> Vec<(&'d str, &'d str)> {
    let mut map: Vec<(&str, &str)> = Vec::with_capacity(items.len());
    for item in items {
        let name = item.str_of("name");
        let value = item.str_of(path_key);
        if let Some(entry) = map.iter_mut().find(|(n, _)| *n == name) {
            entry.1 = value;
        } else {
            map.push((name, value));
        }
    }
    map
}

/// `validateLocalDescendingPath` at `path`.
fn validate_local_descending_path(
    ctx: &mut Ctx,
    value: &str,
    path: &Path,
    span: crate::source::Span,
) {
    if value.starts_with('/') {
        ctx.invalid(&MOUNT_SUBPATH, path, span, value, "must be a relative path");
    }
    if has_backsteps(value) {
        ctx.invalid(&MOUNT_SUBPATH, path, span, value, "must not contain '..'");
    }
}

/// `ValidateVolumeMounts` (`path` is `<c>.volumeMounts`).
pub(super) fn validate_volume_mounts(ctx: &mut Ctx, volumes: &VolumeSet, c: &Node, path: &Path) {
    let mounts = c.seq_of("volumeMounts");
    if mounts.is_empty() {
        return;
    }
    let devices = name_map(c.seq_of("volumeDevices"), "devicePath");
    let privileged = c
        .get("securityContext")
        .and_then(|sc| sc.bool_of("privileged"))
        .unwrap_or(false);
    for (j, m) in mounts.iter().enumerate() {
        let mp = path.index(j);
        let name = m.str_of("name");
        if name.is_empty() {
            ctx.required(&MOUNT_NAME_REQUIRED, &mp.child("name"), m.at("name"));
        }
        if !volumes.by_name.contains_key(name) {
            ctx.not_found(&MOUNT_NOT_FOUND, &mp.child("name"), m.at("name"), name);
        }
        let mount_path = m.str_of("mountPath");
        if mount_path.is_empty() {
            ctx.required(&MOUNT_PATH, &mp.child("mountPath"), m.at("mountPath"));
        }
        if mounts[..j]
            .iter()
            .any(|other| other.str_of("mountPath") == mount_path)
        {
            ctx.invalid(
                &MOUNT_PATH,
                &mp.child("mountPath"),
                m.at("mountPath"),
                mount_path,
                "must be unique",
            );
        }
        if devices.iter().any(|(n, _)| *n == name) {
            ctx.invalid(
                &MOUNT_DEVICE_OVERLAP,
                &mp.child("name"),
                m.at("name"),
                name,
                "must not already exist in volumeDevices",
            );
        }
        if devices.iter().any(|(_, p)| *p == mount_path) {
            ctx.invalid(
                &MOUNT_DEVICE_OVERLAP,
                &mp.child("mountPath"),
                m.at("mountPath"),
                mount_path,
                "must not already exist as a path in volumeDevices",
            );
        }
        let sub_path = m.str_of("subPath");
        if !sub_path.is_empty() {
            validate_local_descending_path(ctx, sub_path, &path.child("subPath"), m.at("subPath"));
        }
        let sub_path_expr = m.str_of("subPathExpr");
        if !sub_path_expr.is_empty() {
            if !sub_path.is_empty() {
                ctx.invalid(
                    &MOUNT_SUBPATH,
                    &mp.child("subPathExpr"),
                    m.at("subPathExpr"),
                    sub_path_expr,
                    "subPathExpr and subPath are mutually exclusive",
                );
            }
            validate_local_descending_path(
                ctx,
                sub_path_expr,
                &path.child("subPathExpr"),
                m.at("subPathExpr"),
            );
        }
        let propagation = m.opt_str("mountPropagation");
        if let Some(mode) = propagation {
            let pp = path.child("mountPropagation");
            if !matches!(mode, "Bidirectional" | "HostToContainer" | "None") {
                ctx.not_supported(
                    &MOUNT_PROPAGATION,
                    &pp,
                    m.at("mountPropagation"),
                    mode,
                    &["Bidirectional", "HostToContainer", "None"],
                );
            }
            if mode == "Bidirectional" && !privileged {
                ctx.forbidden(
                    &MOUNT_PROPAGATION,
                    &pp,
                    m.at("mountPropagation"),
                    "Bidirectional mount propagation is available only to privileged containers",
                );
            }
        }
        if let Some(rro) = m.opt_str("recursiveReadOnly") {
            let rp = path.child("recursiveReadOnly");
            match rro {
                "Disabled" => {}
                "Enabled" | "IfPossible" => {
                    if !m.bool_of("readOnly").unwrap_or(false) {
                        ctx.forbidden(
                            &RECURSIVE_READ_ONLY,
                            &rp,
                            m.at("recursiveReadOnly"),
                            "may only be specified when readOnly is true",
                        );
                    }
                    if propagation.is_some_and(|p| p != "None") {
                        ctx.forbidden(
                            &RECURSIVE_READ_ONLY,
                            &rp,
                            m.at("recursiveReadOnly"),
                            "may only be specified when mountPropagation is None or not specified",
                        );
                    }
                }
                other => ctx.not_supported(
                    &RECURSIVE_READ_ONLY,
                    &rp,
                    m.at("recursiveReadOnly"),
                    other,
                    &["Disabled", "Enabled", "IfPossible"],
                ),
            }
        }
    }
}

/// `ValidateVolumeDevices` (`path` is `<c>.volumeDevices`).
pub(super) fn validate_volume_devices(ctx: &mut Ctx, volumes: &VolumeSet, c: &Node, path: &Path) {
    let devices = c.seq_of("volumeDevices");
    if devices.is_empty() {
        return;
    }
    let mounts = name_map(c.seq_of("volumeMounts"), "mountPath");
    let mut device_paths: Vec<&str> = Vec::with_capacity(devices.len());
    let mut device_names: Vec<&str> = Vec::with_capacity(devices.len());
    for (j, d) in devices.iter().enumerate() {
        let dp = path.index(j);
        let name = d.str_of("name");
        let device_path = d.str_of("devicePath");
        let volume = volumes.by_name.get(name);
        if name.is_empty() {
            ctx.required(&DEVICE_NAME, &dp.child("name"), d.at("name"));
        }
        if device_names.contains(&name) {
            ctx.invalid(
                &DEVICE_NAME,
                &dp.child("name"),
                d.at("name"),
                name,
                "must be unique",
            );
        }
        match volume {
            Some(v) if v.get("persistentVolumeClaim").is_none() && v.get("ephemeral").is_none() => {
                ctx.invalid(&DEVICE_SOURCE, &dp.child("name"), d.at("name"), name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode");
            }
            Some(_) => {}
            None => ctx.not_found(&DEVICE_NOT_FOUND, &dp.child("name"), d.at("name"), name),
        }
        if device_path.is_empty() {
            ctx.required(&DEVICE_PATH, &dp.child("devicePath"), d.at("devicePath"));
        }
        if device_paths.contains(&device_path) {
            ctx.invalid(
                &DEVICE_PATH,
                &dp.child("devicePath"),
                d.at("devicePath"),
                device_path,
                "must be unique",
            );
        }
        if !device_path.is_empty() && has_backsteps(device_path) {
            ctx.invalid(
                &DEVICE_PATH,
                &dp.child("devicePath"),
                d.at("devicePath"),
                device_path,
                "can not contain backsteps ('..')",
            );
        } else {
            device_paths.push(device_path);
        }
        if mounts.iter().any(|(n, _)| *n == name) {
            ctx.invalid(
                &DEVICE_MOUNT_OVERLAP,
                &dp.child("name"),
                d.at("name"),
                name,
                "must not already exist in volumeMounts",
            );
        }
        if mounts.iter().any(|(_, p)| *p == device_path) {
            ctx.invalid(
                &DEVICE_MOUNT_OVERLAP,
                &dp.child("devicePath"),
                d.at("devicePath"),
                device_path,
                "must not already exist as a path in volumeMounts",
            );
        }
        if !name.is_empty() {
            device_names.push(name);
        }
    }
}
