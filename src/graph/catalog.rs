//! The objects the analysed documents define, so a pod's references can be resolved across the
//! documents of one input (a ConfigMap in the same file as the Deployment that mounts it).

use std::collections::HashMap;

use super::model::RefKind;
use crate::analyze::Analysis;
use crate::yaml::Node;

/// One defined object.
#[derive(Clone, Debug)]
pub struct Defined {
    pub namespace: String,
    /// Keys of a ConfigMap or Secret, when the document lists them.
    pub keys: Option<Vec<String>>,
}

/// Objects by kind and name.
#[derive(Debug, Default)]
pub struct Catalog {
    objects: HashMap<(RefKind, String), Vec<Defined>>,
}

/// The namespaces match: equal, or one of them unset (the namespace of the command).
pub fn same_namespace(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a == b
}

fn map_keys(node: &Node, fields: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = fields
        .iter()
        .filter_map(|f| node.map_of(f))
        .flat_map(|m| m.entries().iter().map(|e| e.key.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

impl Catalog {
    pub fn of(analysis: &Analysis) -> Catalog {
        let mut catalog = Catalog::default();
        for doc in &analysis.documents {
            let Some(root) = &doc.root else { continue };
            let meta = root.map_of("metadata");
            let name = meta.map_or("", |m| m.str_of("name"));
            let namespace = meta.map_or("", |m| m.str_of("namespace"));
            let (kind, name, keys): (RefKind, &str, Option<Vec<String>>) = match doc.kind.as_str() {
                "ConfigMap" => (
                    RefKind::ConfigMap,
                    name,
                    Some(map_keys(root, &["data", "binaryData"])),
                ),
                "Secret" => (
                    RefKind::Secret,
                    name,
                    Some(map_keys(root, &["data", "stringData"])),
                ),
                "PersistentVolumeClaim" => (RefKind::PersistentVolumeClaim, name, None),
                "ServiceAccount" => (RefKind::ServiceAccount, name, None),
                "Service" => (RefKind::Service, name, None),
                // Objects that make Secrets: Bitnami sealed secrets, External Secrets, cert-manager.
                "SealedSecret" => (
                    RefKind::Secret,
                    name,
                    root.map_of("spec")
                        .map(|s| map_keys(s, &["encryptedData"]))
                        .filter(|k| !k.is_empty()),
                ),
                "ExternalSecret" => {
                    let target = root
                        .map_of("spec")
                        .and_then(|s| s.map_of("target"))
                        .map_or("", |t| t.str_of("name"));
                    (
                        RefKind::Secret,
                        if target.is_empty() { name } else { target },
                        None,
                    )
                }
                "Certificate" => (
                    RefKind::Secret,
                    root.map_of("spec").map_or("", |s| s.str_of("secretName")),
                    None,
                ),
                _ => continue,
            };
            if name.is_empty() {
                continue;
            }
            catalog
                .objects
                .entry((kind, name.to_string()))
                .or_default()
                .push(Defined {
                    namespace: namespace.to_string(),
                    keys,
                });
        }
        catalog
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub fn lookup(&self, kind: RefKind, namespace: &str, name: &str) -> Option<&Defined> {
        self.objects
            .get(&(kind, name.to_string()))?
            .iter()
            .find(|d| same_namespace(&d.namespace, namespace))
    }
}
