//! The objects the analysed documents define, so a pod's references can be resolved across the
//! documents of one input (a ConfigMap in the same file as the Deployment that mounts it), and
//! across every input of one run (a folder of one-object-per-file manifests): a front end that
//! checks several files builds a run catalog with [`Catalog::defined_in`] and [`Catalog::merge`],
//! and hands it to [`crate::analyze::analyze_in_run`].

use std::collections::HashMap;
use std::sync::Arc;

use super::model::RefKind;
use crate::document::{Document, is_custom_api_version};
use crate::yaml::Node;

/// One defined object.
#[derive(Clone, Debug)]
pub struct Defined {
    pub namespace: String,
    /// Keys of a ConfigMap or Secret, when the document lists them.
    pub keys: Option<Vec<String>>,
}

/// One object of a run the cross-object checks read ([`crate::lint::objects`]): a workload, a
/// Service, a budget, an autoscaler, an Ingress, a NetworkPolicy or a ServiceAccount.
#[derive(Debug)]
pub struct RunObject {
    /// [`origin`] of the text it was read from, so an input can leave out its own objects.
    pub origin: u64,
    pub kind: String,
    pub root: Node,
}

/// Identifies an input text among those of a run (FNV-1a over its bytes and length).
pub fn origin(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ text.len() as u64
}

/// The kinds the cross-object checks read from the other inputs of a run, besides the workloads
/// ([`crate::lint::objects::WORKLOAD_KINDS`]).
const RUN_OBJECT_KINDS: &[&str] = &[
    "Service",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "Ingress",
    "NetworkPolicy",
    "ServiceAccount",
];
/// Objects by kind and name.
#[derive(Debug, Default)]
pub struct Catalog {
    /// `kind:name` → index into `objects` (the same map type as the graph builder's).
    index: HashMap<String, u32>,
    objects: Vec<Vec<Defined>>,
    /// The objects of the run the cross-object checks read.
    /// By kind, so an input asks only for the kinds its checks look at.
    run_objects: HashMap<String, Vec<RunObject>>,
    /// The namespaces holding a custom resource (`default` for none given).
    custom_namespaces: std::collections::HashSet<String>,
    /// The objects of the other inputs of the run, looked up after this input's own.
    run: Option<Arc<Catalog>>,
}

/// The namespaces match: equal, or one of them unset (the namespace of the command).
pub fn same_namespace(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a == b
}

fn map_keys(node: &Node, fields: &[&str]) -> Vec<String> {
    fields
        .iter()
        .filter_map(|f| node.map_of(f))
        .flat_map(|m| m.entries().iter().map(|e| e.key.clone()))
        .collect()
}

impl Catalog {
    pub fn of(documents: &[Document]) -> Catalog {
        let mut catalog = Catalog::default();
        for doc in documents {
            let Some(root) = &doc.root else { continue };
            catalog.add(&doc.kind, root);
        }
        catalog
    }

    /// [`Catalog::of`] the documents, then the run's objects (those of every input of one run).
    pub fn in_run(documents: &[Document], run: Option<&Arc<Catalog>>) -> Catalog {
        let mut catalog = Catalog::of(documents);
        catalog.run = run.filter(|r| !r.is_empty()).cloned();
        catalog
    }

    /// The objects a text defines, read without analysing it (only its YAML is parsed): a cheap
    /// first pass over the inputs of a run, for the pods' references and the cross-object
    /// checks.
    pub fn defined_in(text: &str) -> Catalog {
        let mut catalog = Catalog::default();
        // Every object names its kind (a `\` escape aside).
        if !text.contains('\\') && !text.contains("kind") {
            return catalog;
        }
        let from = origin(text);
        let split = crate::yaml::split_documents(text);
        for chunk in split.chunks.iter().filter(|c| c.has_content) {
            let parsed = crate::yaml::parse_document(text, chunk.span);
            let Some(root) = parsed.root.filter(|_| parsed.error.is_none()) else {
                continue;
            };
            catalog.add(root.str_of("kind"), &root);
            let kind = root.str_of("kind");
            if RUN_OBJECT_KINDS.contains(&kind)
                || crate::lint::objects::WORKLOAD_KINDS.contains(&kind)
            {
                catalog
                    .run_objects
                    .entry(kind.to_string())
                    .or_default()
                    .push(RunObject {
                        origin: from,
                        kind: kind.to_string(),
                        root,
                    });
            } else if is_custom_api_version(root.str_of("apiVersion")) {
                let namespace = root
                    .map_of("metadata")
                    .map_or("", |m| m.str_of("namespace"));
                catalog.custom_namespaces.insert(if namespace.is_empty() {
                    "default".to_string()
                } else {
                    namespace.to_string()
                });
            }
        }
        catalog
    }

    /// The namespaces of the run holding a custom resource.
    pub fn custom_namespaces(&self) -> &std::collections::HashSet<String> {
        &self.run.as_deref().unwrap_or(self).custom_namespaces
    }

    /// The cross-object checks' objects of the run that were not read from `text`.
    pub fn run_objects_besides(&self, text: &str, kinds: &[&str]) -> Vec<&RunObject> {
        let own = origin(text);
        let run = self.run.as_deref().unwrap_or(self);
        kinds
            .iter()
            .filter_map(|k| run.run_objects.get(*k))
            .flatten()
            .filter(|o| o.origin != own)
            .collect()
    }

    /// Adds the objects of `other` after this catalog's own.
    pub fn merge(&mut self, other: Catalog) {
        for (kind, objects) in other.run_objects {
            self.run_objects.entry(kind).or_default().extend(objects);
        }
        self.custom_namespaces.extend(other.custom_namespaces);
        let mut objects = other.objects;
        for (key, at) in other.index {
            let next = self.objects.len() as u32;
            let here = *self.index.entry(key).or_insert(next);
            if here == next {
                self.objects.push(Vec::new());
            }
            let defined = std::mem::take(&mut objects[at as usize]);
            self.objects[here as usize].extend(defined);
        }
    }

    /// Adds the object a document defines, if it is of a kind pods refer to.
    fn add(&mut self, kind: &str, root: &Node) {
        // A `List`, or a typed list (`ConfigMapList`): its items, each of its own kind.
        if let Some(of) = kind.strip_suffix("List") {
            for item in root.seq_of("items").iter().filter(|i| i.is_map()) {
                let own = item.str_of("kind");
                self.add(if own.is_empty() { of } else { own }, item);
            }
            return;
        }
        let meta = root.map_of("metadata");
        let name = meta.map_or("", |m| m.str_of("name"));
        let namespace = meta.map_or("", |m| m.str_of("namespace"));
        let (kind, name, keys): (RefKind, &str, Option<Vec<String>>) = match kind {
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
            _ => return,
        };
        if name.is_empty() {
            return;
        }
        let next = self.objects.len() as u32;
        let at = *self
            .index
            .entry(format!("{}:{name}", kind.key()))
            .or_insert(next);
        if at == next {
            self.objects.push(Vec::new());
        }
        self.objects[at as usize].push(Defined {
            namespace: namespace.to_string(),
            keys,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
            && self.run_objects.is_empty()
            && self.custom_namespaces.is_empty()
            && self.run.as_ref().is_none_or(|r| r.is_empty())
    }

    pub fn lookup(&self, kind: RefKind, namespace: &str, name: &str) -> Option<&Defined> {
        let key = format!("{}:{name}", kind.key());
        let own = self.index.get(&key).and_then(|at| {
            self.objects[*at as usize]
                .iter()
                .find(|d| same_namespace(&d.namespace, namespace))
        });
        own.or_else(|| self.run.as_ref()?.lookup(kind, namespace, name))
    }
}
