//! Volumes (`ValidateVolumes`, `validateVolumeSource`): `spec.volumes[i]`.
//!
//! Each volume is checked in order: first its source, then its name. A volume with any error is
//! not registered, so mounts and devices that name it also get `Not found` from the container
//! checks. A volume without any source is defaulted to `emptyDir: {}` before validation.
//!
//! - **PS1901 volume-name**: the name is required (`spec.volumes[0].name: Required value`) and
//!   must be a DNS-1123 label (each message of `IsDNS1123Label`).
//! - **PS1902 volume-name-duplicate**: `spec.volumes[1].name: Duplicate value: "data"` (only
//!   against earlier volumes that were valid).
//! - **PS1903 volume-source-count**: one source per volume; each further source is
//!   `Forbidden: may not specify more than 1 volume type` at its own path (sic: `downwarAPI`,
//!   `cephFS`) and is not validated. Source order: emptyDir, hostPath, gitRepo,
//!   gcePersistentDisk, awsElasticBlockStore, secret, nfs, iscsi, glusterfs, flocker,
//!   persistentVolumeClaim, rbd, cinder, cephfs, quobyte, downwardAPI, fc, flexVolume, configMap,
//!   azureFile, vsphereVolume, photonPersistentDisk, portworxVolume, azureDisk, storageos,
//!   projected, scaleIO, csi, ephemeral, image.
//! - **PS1904 ephemeral-claim-conflict** (Pods): a `persistentVolumeClaim.claimName` equal to
//!   `<pod name>-<ephemeral volume name>` is `Invalid: must not reference a PVC that gets created
//!   for an ephemeral volume`.
//! - **PS1905 ephemeral-claim-name** (Pods): the PVC name `<pod name>-<volume name>` of an
//!   ephemeral volume must be a DNS subdomain: `spec.volumes[0].name: Invalid value: "data":
//!   PVC name "web-data": <message>`.
//! - **PS1906 empty-dir-size**: `emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid
//!   resource quantity` when negative.
//! - **PS1907 host-path-volume**: `hostPath.path` is required and may not contain a `..`
//!   element; `hostPath.type` must be one of `""`, `BlockDevice`, `CharDevice`, `Directory`,
//!   `DirectoryOrCreate`, `File`, `FileOrCreate`, `Socket`. The path need not be absolute.
//! - **PS1908 git-repo-volume**: `gitRepo.repository` is required; `gitRepo.directory` must be
//!   relative without `..` elements.
//! - **PS1909 secret-volume**: `secret.secretName` is required.
//! - **PS1910 config-map-volume**: `configMap.name` is required.
//! - **PS1911 volume-file-items**: `defaultMode` and item `mode` must be between 0 and 0777
//!   (`must be a number between 0 and 0777 (octal), both inclusive`, value printed in decimal);
//!   `items[k].key` and `items[k].path` are required; paths must be relative, without `..`
//!   elements, and may not start with `..`.
//! - **PS1912 persistent-volume-claim-volume**: `persistentVolumeClaim.claimName` is required.
//! - **PS1913 nfs-volume**: `nfs.server` and `nfs.path` are required; the path must be absolute.
//! - **PS1914 iscsi-volume**: `targetPortal` and `iqn` are required; `iqn` and `initiatorName`
//!   (at `iscsi.initiatorname`, sic) must be iqn/eui/naa names; `lun` 0–255; CHAP needs
//!   `secretRef`; with an initiator name, `<volume name>:<targetPortal>` must stay within 64
//!   characters (error at `spec.volumes[i].name`).
//! - **PS1915 in-tree-volume**: the required fields of the other in-tree sources (gcePersistentDisk
//!   at `persistentDisk.*` sic, awsElasticBlockStore, glusterfs, flocker, rbd, cinder, cephfs,
//!   quobyte, fc, flexVolume, azureFile, azureDisk, vsphereVolume, photonPersistentDisk,
//!   portworxVolume, scaleIO, storageos) and their formats (partitions 0–255 worded
//!   `must be between 1 and 255, inclusive`, azureDisk caching mode, kind and URI, reserved
//!   flexVolume option namespaces, storageos DNS labels, quobyte registries).
//! - **PS1916 csi-volume**: `csi.driver` is required, at most 63 bytes and a DNS subdomain once
//!   lower-cased; `csi.nodePublishSecretRef.name` is required and a DNS subdomain (errors at
//!   `csi.name`, sic).
//! - **PS1917 downward-api-volume**: each item (errors at `downwardAPI.<field>`, without the item
//!   index, sic) needs a path (relative, no `..`), exactly one of `fieldRef` (`metadata.name`,
//!   `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations`, or a
//!   subscripted label/annotation) and `resourceFieldRef` (a `containerName` and a supported
//!   resource and divisor).
//! - **PS1918 projected-volume**: each source sets one of secret, configMap, downwardAPI,
//!   serviceAccountToken (`Forbidden: may not specify more than 1 volume type per source`);
//!   secret/configMap names are required; item paths may not repeat across the volume
//!   (`spec.volumes[0].projected: Invalid value: "<name>": conflicting duplicate paths`); a token
//!   needs `expirationSeconds` between 600 and 2^32 and a relative `path` (errors at
//!   `projected.path`, sic). `clusterTrustBundle` and `podCertificate` sources are dropped in 1.36
//!   (feature gates off). A Pod without `serviceAccountName` gets `default` from the
//!   `ServiceAccount` admission plugin, so a token source never needs one on create.
//! - **PS1919 ephemeral-volume**: `ephemeral.volumeClaimTemplate` is required; its metadata may
//!   only set labels and annotations; its spec needs access modes (from `ReadOnlyMany`,
//!   `ReadWriteMany`, `ReadWriteOnce`, `ReadWriteOncePod`; the last one alone), a positive
//!   `resources.requests.storage` (error at `spec.resources[storage]`, sic), valid class names,
//!   volume mode, selector and data sources.
//! - **PS1920 image-volume** (`ImageVolume` is on in 1.36): `image.reference` is required for Pods
//!   (templates may leave it empty); `image.pullPolicy` must be `Always`, `IfNotPresent` or
//!   `Never`.

mod claim;
mod projected;
mod sources;

use std::collections::HashMap;

use super::pod::PodScope;
use super::{Ctx, ErrValue, Path, format};
use crate::rule;
use crate::yaml::Node;

rule!(
    /// **What it does** Checks each `spec.volumes` entry has a `name` that is a DNS-1123 label.
    ///
    /// **Why it matters** Mounts refer to volumes by name; the API server rejects a missing or
    /// malformed one, and every mount of it then fails too.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: app_data
    ///   emptyDir: {}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: app-data
    ///   emptyDir: {}
    /// ```
    ///
    /// **Fix** Use a lower-case name with `-`.
    ///
    /// **Kubernetes source** `ValidateVolumes` in `pkg/apis/core/validation/validation.go`.
    VOLUME_NAME,
    "PS1901",
    "volume-name",
    Error,
    "volume names are required DNS-1123 labels"
);
rule!(
    /// **What it does** Reports two volumes of a pod with the same name.
    ///
    /// **Why it matters** A mount could not tell them apart; the API server rejects the pod with
    /// `Duplicate value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - {name: config, configMap: {name: app}}
    /// - {name: config, secret: {secretName: app}}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - {name: config, configMap: {name: app}}
    /// - {name: secrets, secret: {secretName: app}}
    /// ```
    ///
    /// **Fix** Rename one, or combine them in a `projected` volume.
    ///
    /// **Kubernetes source** `ValidateVolumes` in `pkg/apis/core/validation/validation.go`.
    VOLUME_NAME_DUPLICATE,
    "PS1902",
    "volume-name-duplicate",
    Error,
    "volume names must be unique in the pod"
);
rule!(
    /// **What it does** Reports a volume with more than one source (`emptyDir` and `configMap`, say).
    ///
    /// **Why it matters** A volume is exactly one kind of storage; the API server rejects each extra
    /// source (`may not specify more than 1 volume type`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// volumes:
    /// - name: config
    ///   configMap: {name: app}
    ///   secret: {secretName: app}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: config
    ///   projected:
    ///     sources:
    ///     - configMap: {name: app}
    ///     - secret: {name: app}
    /// ```
    ///
    /// **Fix** Split it into two volumes, or use a `projected` volume to combine ConfigMaps and Secrets.
    ///
    /// **Kubernetes source** `validateVolumeSource` in `pkg/apis/core/validation/validation.go`.
    VOLUME_SOURCE_COUNT,
    "PS1903",
    "volume-source-count",
    Error,
    "a volume has exactly one source"
);
rule!(
    /// **What it does** For a Pod, reports a `persistentVolumeClaim.claimName` equal to
    /// `<pod name>-<ephemeral volume name>`, the name of a claim the pod's own ephemeral volume creates.
    ///
    /// **Why it matters** The pod would mount the claim generated for another of its volumes; the API
    /// server rejects it.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata: {name: web}
    /// spec:
    ///   volumes:
    ///   - name: scratch
    ///     ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}
    ///   - name: data
    ///     persistentVolumeClaim: {claimName: web-scratch}
    /// ```
    ///
    /// ```yaml
    /// metadata: {name: web}
    /// spec:
    ///   volumes:
    ///   - name: scratch
    ///     ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}
    ///   - name: data
    ///     persistentVolumeClaim: {claimName: web-data}
    /// ```
    ///
    /// **Fix** Mount the ephemeral volume itself, or name a different claim.
    ///
    /// **Kubernetes source** `ValidateVolumes` (the ephemeral-claim check) in
    /// `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_CLAIM_CONFLICT,
    "PS1904",
    "ephemeral-claim-conflict",
    Error,
    "a persistentVolumeClaim volume may not use the claim an ephemeral volume creates"
);
rule!(
    /// **What it does** For a Pod, checks the name of the claim an ephemeral volume creates,
    /// `<pod name>-<volume name>`, is a DNS subdomain (at most 253 characters).
    ///
    /// **Why it matters** The claim could not be created; the API server rejects the pod up front.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metadata: {name: a-very-long-pod-name-...-250-characters}
    /// spec:
    ///   volumes:
    ///   - {name: data, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}}
    /// ```
    ///
    /// ```yaml
    /// metadata: {name: web}
    /// spec:
    ///   volumes:
    ///   - {name: data, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}}
    /// ```
    ///
    /// **Fix** Shorten the pod or volume name.
    ///
    /// **Kubernetes source** `ValidateVolumes` (`ValidatePersistentVolumeClaimName` of the generated
    /// name) in `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_CLAIM_NAME,
    "PS1905",
    "ephemeral-claim-name",
    Error,
    "the claim name of an ephemeral volume must be a DNS subdomain"
);
rule!(
    /// **What it does** Reports a negative `emptyDir.sizeLimit`.
    ///
    /// **Why it matters** The API server rejects it (`SizeLimit field must be a valid resource
    /// quantity`).
    ///
    /// **Example**
    ///
    /// ```yaml
    /// emptyDir: {sizeLimit: -1Gi}
    /// ```
    ///
    /// ```yaml
    /// emptyDir: {sizeLimit: 1Gi}
    /// ```
    ///
    /// **Fix** Use a positive quantity, or no limit.
    ///
    /// **Kubernetes source** `validateVolumeSource` (the `EmptyDir` branch) in
    /// `pkg/apis/core/validation/validation.go`.
    EMPTY_DIR_SIZE,
    "PS1906",
    "empty-dir-size",
    Error,
    "emptyDir sizeLimit may not be negative"
);
rule!(
    /// **What it does** Checks `hostPath`: a `path` without `..` elements, and a `type` among `""`,
    /// `DirectoryOrCreate`, `Directory`, `FileOrCreate`, `File`, `Socket`, `CharDevice`, `BlockDevice`.
    ///
    /// **Why it matters** The API server rejects missing and escaping paths and unknown types.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// hostPath: {path: /var/log, type: Dir}
    /// ```
    ///
    /// ```yaml
    /// hostPath: {path: /var/log, type: Directory}
    /// ```
    ///
    /// **Fix** Give the node path and a supported type.
    ///
    /// **Kubernetes source** `validateHostPathVolumeSource` and `validateHostPathType` in
    /// `pkg/apis/core/validation/validation.go`.
    HOST_PATH_VOLUME,
    "PS1907",
    "host-path-volume",
    Error,
    "hostPath volumes need a path without `..` and a known type"
);
rule!(
    /// **What it does** Checks a `gitRepo` volume has a `repository`, and a relative `directory`
    /// without `..`.
    ///
    /// **Why it matters** The API server rejects it otherwise; gitRepo volumes are deprecated (and
    /// disabled in recent releases) anyway.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// gitRepo: {directory: src}
    /// ```
    ///
    /// ```yaml
    /// volumes:
    /// - name: src
    ///   emptyDir: {}
    /// initContainers:
    /// - {name: clone, image: alpine/git, args: [clone, "https://example.com/app.git", /src], volumeMounts: [{name: src, mountPath: /src}]}
    /// ```
    ///
    /// **Fix** Clone in an init container into an emptyDir.
    ///
    /// **Kubernetes source** `validateGitRepoVolumeSource` in `pkg/apis/core/validation/validation.go`.
    GIT_REPO_VOLUME,
    "PS1908",
    "git-repo-volume",
    Error,
    "gitRepo volumes need a repository and a relative directory"
);
rule!(
    /// **What it does** Checks a `secret` volume has a `secretName`.
    ///
    /// **Why it matters** The API server rejects it with `secret.secretName: Required value`; a common
    /// slip is writing `name:` as for ConfigMaps.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// secret: {name: tls}
    /// ```
    ///
    /// ```yaml
    /// secret: {secretName: tls}
    /// ```
    ///
    /// **Fix** Use `secretName`.
    ///
    /// **Kubernetes source** `validateSecretVolumeSource` in `pkg/apis/core/validation/validation.go`.
    SECRET_VOLUME,
    "PS1909",
    "secret-volume",
    Error,
    "secret volumes need a secret name"
);
rule!(
    /// **What it does** Checks a `configMap` volume has a `name`.
    ///
    /// **Why it matters** The API server rejects it with `configMap.name: Required value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// configMap: {items: [{key: app.conf, path: app.conf}]}
    /// ```
    ///
    /// ```yaml
    /// configMap: {name: app, items: [{key: app.conf, path: app.conf}]}
    /// ```
    ///
    /// **Fix** Name the ConfigMap.
    ///
    /// **Kubernetes source** `validateConfigMapVolumeSource` in `pkg/apis/core/validation/validation.go`.
    CONFIG_MAP_VOLUME,
    "PS1910",
    "config-map-volume",
    Error,
    "configMap volumes need a config map name"
);
rule!(
    /// **What it does** Checks `defaultMode` and item `mode` are between 0 and 0777, and that `items`
    /// have a `key` and a relative `path` without `..`.
    ///
    /// **Why it matters** The API server rejects them; a decimal `755` (= octal 01363) is the classic
    /// mistake, since YAML numbers are decimal.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// configMap:
    ///   name: scripts
    ///   defaultMode: 755
    /// ```
    ///
    /// ```yaml
    /// configMap:
    ///   name: scripts
    ///   defaultMode: 0755
    /// ```
    ///
    /// **Fix** Write modes in octal with a leading `0` (or as decimal `493`).
    ///
    /// **Kubernetes source** `validateKeyToPath` and the `DefaultMode` checks of
    /// `validateSecretVolumeSource` / `validateConfigMapVolumeSource` in
    /// `pkg/apis/core/validation/validation.go`.
    VOLUME_FILE_ITEMS,
    "PS1911",
    "volume-file-items",
    Error,
    "projected files need a key, a relative path and a file mode within 0777"
);
rule!(
    /// **What it does** Checks a `persistentVolumeClaim` volume has a `claimName`.
    ///
    /// **Why it matters** The API server rejects it with `Required value`.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// persistentVolumeClaim: {name: data}
    /// ```
    ///
    /// ```yaml
    /// persistentVolumeClaim: {claimName: data}
    /// ```
    ///
    /// **Fix** Use `claimName`.
    ///
    /// **Kubernetes source** `validatePersistentClaimVolumeSource` in
    /// `pkg/apis/core/validation/validation.go`.
    PVC_VOLUME,
    "PS1912",
    "persistent-volume-claim-volume",
    Error,
    "persistentVolumeClaim volumes need a claim name"
);
rule!(
    /// **What it does** Checks an `nfs` volume has a `server` and an absolute `path`.
    ///
    /// **Why it matters** The API server rejects missing fields and a relative export path.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// nfs: {server: nfs.local, path: exports/data}
    /// ```
    ///
    /// ```yaml
    /// nfs: {server: nfs.local, path: /exports/data}
    /// ```
    ///
    /// **Fix** Give the server and the export's absolute path.
    ///
    /// **Kubernetes source** `validateNFSVolumeSource` in `pkg/apis/core/validation/validation.go`.
    NFS_VOLUME,
    "PS1913",
    "nfs-volume",
    Error,
    "nfs volumes need a server and an absolute path"
);
rule!(
    /// **What it does** Checks an `iscsi` volume: `targetPortal` and `iqn` given, `iqn` and
    /// `initiatorName` in iqn/eui/naa format, `lun` 0–255, a `secretRef` for CHAP, and
    /// `<volume name>:<targetPortal>` within 64 characters when an initiator name is set.
    ///
    /// **Why it matters** The API server rejects malformed iSCSI settings on create.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// iscsi: {targetPortal: 10.0.0.5:3260, iqn: target01, lun: 0}
    /// ```
    ///
    /// ```yaml
    /// iscsi: {targetPortal: 10.0.0.5:3260, iqn: iqn.2001-04.com.example:storage.disk1, lun: 0}
    /// ```
    ///
    /// **Fix** Use the target's full IQN.
    ///
    /// **Kubernetes source** `validateISCSIVolumeSource` in `pkg/apis/core/validation/validation.go`.
    ISCSI_VOLUME,
    "PS1914",
    "iscsi-volume",
    Error,
    "iscsi volumes need a portal and valid iqn/eui/naa names"
);
rule!(
    /// **What it does** Checks the required fields and formats of the legacy in-tree sources
    /// (gcePersistentDisk, awsElasticBlockStore, glusterfs, rbd, cinder, cephfs, fc, flexVolume,
    /// azureFile, azureDisk, vsphereVolume, portworxVolume, scaleIO, storageos and others).
    ///
    /// **Why it matters** The API server still validates these; a missing `pdName`, `volumeID` or
    /// `monitors` is rejected.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// awsElasticBlockStore: {fsType: ext4}
    /// ```
    ///
    /// ```yaml
    /// persistentVolumeClaim: {claimName: data}
    /// ```
    ///
    /// **Fix** Give the required field, or better, move to a PersistentVolumeClaim backed by the CSI
    /// driver.
    ///
    /// **Kubernetes source** `validateVolumeSource` and the per-source functions
    /// (`validateGCEPersistentDiskVolumeSource`, `validateAWSElasticBlockStoreVolumeSource`, …) in
    /// `pkg/apis/core/validation/validation.go`.
    IN_TREE_VOLUME,
    "PS1915",
    "in-tree-volume",
    Error,
    "the required fields and formats of the in-tree volume plugins"
);
rule!(
    /// **What it does** Checks an inline `csi` volume: `driver` given, at most 63 bytes and a DNS
    /// subdomain; a `nodePublishSecretRef` with a valid `name`.
    ///
    /// **Why it matters** The API server rejects it otherwise; the driver name must match the CSI
    /// driver's registration.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// csi: {driver: "Secrets Store"}
    /// ```
    ///
    /// ```yaml
    /// csi: {driver: secrets-store.csi.k8s.io, readOnly: true}
    /// ```
    ///
    /// **Fix** Use the driver's registered name.
    ///
    /// **Kubernetes source** `validateCSIVolumeSource` in `pkg/apis/core/validation/validation.go`.
    CSI_VOLUME,
    "PS1916",
    "csi-volume",
    Error,
    "csi volumes need a valid driver name and secret name"
);
rule!(
    /// **What it does** Checks each `downwardAPI` item: a relative `path` without `..`, exactly one of
    /// `fieldRef` (name, namespace, uid, labels, annotations or one of them subscripted) and
    /// `resourceFieldRef` (with `containerName`, a supported resource and divisor).
    ///
    /// **Why it matters** The API server rejects items that expose nothing or unsupported fields.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// downwardAPI:
    ///   items:
    ///   - path: node
    ///     fieldRef: {fieldPath: spec.nodeName}
    /// ```
    ///
    /// ```yaml
    /// downwardAPI:
    ///   items:
    ///   - path: labels
    ///     fieldRef: {fieldPath: metadata.labels}
    /// ```
    ///
    /// **Fix** Use a field volumes support (`spec.nodeName` is available through env instead).
    ///
    /// **Kubernetes source** `validateDownwardAPIVolumeSource` (`validateDownwardAPIVolumeFile`) in
    /// `pkg/apis/core/validation/validation.go`.
    DOWNWARD_API_VOLUME,
    "PS1917",
    "downward-api-volume",
    Error,
    "downwardAPI items need a relative path and one supported field or resource reference"
);
rule!(
    /// **What it does** Checks a `projected` volume: one kind per source, named secrets and ConfigMaps,
    /// no path used twice across sources, and a service account token with `expirationSeconds` of at
    /// least 600 and a relative `path`.
    ///
    /// **Why it matters** The API server rejects overlapping files and too-short token lifetimes.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// projected:
    ///   sources:
    ///   - serviceAccountToken: {path: token, expirationSeconds: 300}
    /// ```
    ///
    /// ```yaml
    /// projected:
    ///   sources:
    ///   - serviceAccountToken: {path: token, expirationSeconds: 3600}
    /// ```
    ///
    /// **Fix** Give each file its own path, and tokens at least ten minutes.
    ///
    /// **Kubernetes source** `validateProjectedVolumeSource` (`validateProjectionSources`) in
    /// `pkg/apis/core/validation/validation.go`.
    PROJECTED_VOLUME,
    "PS1918",
    "projected-volume",
    Error,
    "projected sources set one source each, with unique paths and valid tokens"
);
rule!(
    /// **What it does** Checks an `ephemeral` volume: a `volumeClaimTemplate` whose metadata sets only
    /// labels and annotations, and whose spec is a valid claim (access modes, a positive storage
    /// request, class, volume mode, selector, data source).
    ///
    /// **Why it matters** The claim is created from the template with each pod; the API server rejects
    /// the pod when the template is not a valid claim.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// ephemeral:
    ///   volumeClaimTemplate:
    ///     spec:
    ///       resources: {requests: {storage: 1Gi}}
    /// ```
    ///
    /// ```yaml
    /// ephemeral:
    ///   volumeClaimTemplate:
    ///     spec:
    ///       accessModes: [ReadWriteOnce]
    ///       resources: {requests: {storage: 1Gi}}
    /// ```
    ///
    /// **Fix** Give access modes and a storage request.
    ///
    /// **Kubernetes source** `validateEphemeralVolumeSource` (`ValidatePersistentVolumeClaimTemplate`)
    /// in `pkg/apis/core/validation/validation.go`.
    EPHEMERAL_VOLUME,
    "PS1919",
    "ephemeral-volume",
    Error,
    "ephemeral volumes need a valid claim template"
);
rule!(
    /// **What it does** Checks an `image` volume: a `reference` for Pods, and `pullPolicy` `Always`,
    /// `IfNotPresent` or `Never`.
    ///
    /// **Why it matters** The API server rejects an image volume with nothing to pull or an unknown
    /// policy.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// image: {pullPolicy: IfNotPresent}
    /// ```
    ///
    /// ```yaml
    /// image: {reference: registry.example.com/models/llama:1, pullPolicy: IfNotPresent}
    /// ```
    ///
    /// **Fix** Name the OCI image to mount.
    ///
    /// **Kubernetes source** `validateImageVolumeSource` in `pkg/apis/core/validation/validation.go`.
    IMAGE_VOLUME,
    "PS1920",
    "image-volume",
    Error,
    "image volumes need a reference and a supported pull policy"
);

pub const RULES: &[&crate::diagnostic::Rule] = &[
    &VOLUME_NAME,
    &VOLUME_NAME_DUPLICATE,
    &VOLUME_SOURCE_COUNT,
    &EPHEMERAL_CLAIM_CONFLICT,
    &EPHEMERAL_CLAIM_NAME,
    &EMPTY_DIR_SIZE,
    &HOST_PATH_VOLUME,
    &GIT_REPO_VOLUME,
    &SECRET_VOLUME,
    &CONFIG_MAP_VOLUME,
    &VOLUME_FILE_ITEMS,
    &PVC_VOLUME,
    &NFS_VOLUME,
    &ISCSI_VOLUME,
    &IN_TREE_VOLUME,
    &CSI_VOLUME,
    &DOWNWARD_API_VOLUME,
    &PROJECTED_VOLUME,
    &EPHEMERAL_VOLUME,
    &IMAGE_VOLUME,
];

/// The volume sources in the server's check order: (JSON field, path used for the "more than 1
/// volume type" error).
pub const SOURCES: &[(&str, &str)] = &[
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

/// The source of a volume: its JSON field name (the first one set, in the server's order) and
/// node; `emptyDir` (with no node) when none is set, as defaulting makes it.
pub fn source_of(volume: &Node) -> (&'static str, Option<&Node>) {
    for (key, _) in SOURCES {
        if let Some(src) = volume.get(key) {
            return (key, Some(src));
        }
    }
    ("emptyDir", None)
}

/// The volumes that passed validation, by name (mounts of any other name are `Not found`).
#[derive(Debug, Default)]
pub struct VolumeSet<'d> {
    pub by_name: HashMap<&'d str, &'d Node>,
}

impl<'d> VolumeSet<'d> {
    /// A valid volume of that name exists (`IsMatchedVolume`).
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The valid volume of that name.
    pub fn get(&self, name: &str) -> Option<&'d Node> {
        self.by_name.get(name).copied()
    }

    /// The source kind of a valid volume: its JSON field name (`"persistentVolumeClaim"`,
    /// `"ephemeral"`, `"image"`, `"configMap"`, …; `"emptyDir"` when defaulted).
    pub fn source_kind(&self, name: &str) -> Option<&'static str> {
        self.get(name).map(|v| source_of(v).0)
    }

    /// `isMatchedDevice`: the volume can back a `volumeDevices` entry (a PVC or an ephemeral
    /// volume).
    pub fn is_block_capable(&self, name: &str) -> bool {
        matches!(
            self.source_kind(name),
            Some("persistentVolumeClaim" | "ephemeral")
        )
    }

    /// The volume is an image volume (no `subPath`/`subPathExpr` allowed on its mounts).
    pub fn is_image(&self, name: &str) -> bool {
        self.source_kind(name) == Some("image")
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// Validates `spec.volumes` (`path` is `…spec.volumes`) and returns the valid ones.
pub fn validate_volumes<'d>(ctx: &mut Ctx, scope: &PodScope<'d>, path: &Path) -> VolumeSet<'d> {
    let mut set = VolumeSet::default();
    let volumes = scope.spec.seq_of("volumes");
    if volumes.is_empty() {
        return set;
    }
    // The pod's name is only known for Pods (templates pass no metadata).
    let pod_name = if scope.is_pod { scope.pod_name() } else { "" };
    let created: Vec<String> = if pod_name.is_empty() {
        Vec::new()
    } else {
        volumes
            .iter()
            .filter(|v| v.get("ephemeral").is_some())
            .map(|v| format!("{pod_name}-{}", v.str_of("name")))
            .collect()
    };
    for (i, vol) in volumes.iter().enumerate() {
        let idx = path.index(i);
        let before = ctx.errors.len();
        let name = vol.str_of("name");
        validate_source(ctx, scope, vol, name, pod_name, &idx);
        let name_path = idx.child("name");
        if name.is_empty() {
            ctx.required(&VOLUME_NAME, &name_path, vol.at("name"));
        } else {
            ctx.invalid_each(
                &VOLUME_NAME,
                &name_path,
                vol.at("name"),
                &ErrValue::from(name),
                format::dns1123_label(name),
            );
        }
        if set.by_name.contains_key(name) {
            ctx.duplicate(&VOLUME_NAME_DUPLICATE, &name_path, vol.at("name"), name);
        }
        if ctx.errors.len() == before {
            set.by_name.insert(name, vol);
        }
        if let Some(pvc) = vol.get("persistentVolumeClaim") {
            let claim = pvc.str_of("claimName");
            if created.iter().any(|c| c == claim) {
                let p = idx.child("persistentVolumeClaim");
                ctx.invalid(
                    &EPHEMERAL_CLAIM_CONFLICT,
                    &p.child("claimName"),
                    pvc.at("claimName"),
                    claim,
                    "must not reference a PVC that gets created for an ephemeral volume",
                );
            }
        }
    }
    set
}

/// `validateVolumeSource`
fn validate_source(
    ctx: &mut Ctx,
    scope: &PodScope,
    vol: &Node,
    name: &str,
    pod_name: &str,
    idx: &Path,
) {
    let mut count = 0;
    for &(key, conflict_path) in SOURCES {
        let Some(src) = vol.get(key) else { continue };
        if count > 0 {
            ctx.forbidden(
                &VOLUME_SOURCE_COUNT,
                &idx.child(conflict_path),
                vol.key_at(key),
                "may not specify more than 1 volume type",
            );
        } else {
            count += 1;
            sources::validate(ctx, scope, key, src, idx);
            if key == "ephemeral" && !pod_name.is_empty() && !name.is_empty() {
                let pvc = format!("{pod_name}-{name}");
                for msg in format::name_is_dns_subdomain(&pvc, false) {
                    let detail = format!("PVC name {}: {msg}", super::go_quote(&pvc));
                    ctx.invalid(
                        &EPHEMERAL_CLAIM_NAME,
                        &idx.child("name"),
                        vol.at("name"),
                        name,
                        detail,
                    );
                }
            }
        }
        if key == "iscsi" && src.get("initiatorName").is_some() {
            let portal = src.str_of("targetPortal");
            if name.len() + 1 + portal.len() > 64 {
                ctx.invalid(
                    &ISCSI_VOLUME,
                    &idx.child("name"),
                    vol.at("name"),
                    name,
                    "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
                );
            }
        }
    }
}

/// `path.IsAbs`
fn is_abs(p: &str) -> bool {
    p.starts_with('/')
}

/// `validatePathNoBacksteps`: a `..` element (the server splits on `/` only).
fn has_backsteps(p: &str) -> bool {
    p.split('/').any(|part| part == "..")
}

/// `validateLocalDescendingPath`
fn local_descending_path(
    ctx: &mut Ctx,
    rule: &'static crate::diagnostic::Rule,
    path: &Path,
    span: crate::source::Span,
    value: &str,
) {
    if is_abs(value) {
        ctx.invalid(rule, path, span, value, "must be a relative path");
    }
    if has_backsteps(value) {
        ctx.invalid(rule, path, span, value, "must not contain '..'");
    }
}

/// `ValidateLocalNonReservedPath`
fn local_non_reserved_path(
    ctx: &mut Ctx,
    rule: &'static crate::diagnostic::Rule,
    path: &Path,
    span: crate::source::Span,
    value: &str,
) {
    local_descending_path(ctx, rule, path, span, value);
    if value.starts_with("..") && !value.starts_with("../") {
        ctx.invalid(rule, path, span, value, "must not start with '..'");
    }
}

const FILE_MODE_ERROR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// A file mode field (`defaultMode`, `mode`) of `node`, when set and out of range.
fn check_mode(
    ctx: &mut Ctx,
    rule: &'static crate::diagnostic::Rule,
    node: &Node,
    field: &str,
    path: &Path,
) {
    if let Some(mode) = node.i64_of(field) {
        if !(0..=0o777).contains(&mode) {
            ctx.invalid(
                rule,
                &path.child(field),
                node.at(field),
                mode,
                FILE_MODE_ERROR,
            );
        }
    }
}

/// `field.Required` at `path.<field>` when the string field is empty.
fn require(
    ctx: &mut Ctx,
    rule: &'static crate::diagnostic::Rule,
    node: &Node,
    field: &str,
    path: &Path,
) -> bool {
    if node.str_of(field).is_empty() {
        ctx.required(rule, &path.child(field), node.at(field));
        false
    } else {
        true
    }
}

#[cfg(test)]
mod tests;
