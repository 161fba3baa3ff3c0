//! The JSON shape of the Kubernetes objects Podscope decodes, as data.
//!
//! `k8s.schema` lists every Go struct of the API types (core/v1, apps/v1, batch/v1, meta/v1)
//! with its fields' JSON names and types. The decoder uses it to reject what the API server's
//! strict decoding rejects: unknown fields, and values of the wrong JSON type, in Go's words.

pub mod decode;

use std::collections::HashMap;
use std::sync::OnceLock;

/// A field type, as far as JSON decoding cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    String,
    Bool,
    Int32,
    Int64,
    Float64,
    /// `[]byte`: a base64 string.
    Bytes,
    Quantity,
    IntOrString,
    Time,
    Duration,
    /// Anything (raw JSON).
    Any,
    Struct(usize),
    List(Box<Ty>),
    Map(Box<Ty>),
}

#[derive(Clone, Debug)]
pub struct Field {
    pub json: String,
    pub ty: Ty,
    /// An embedded struct whose fields are promoted (`json:",inline"`).
    pub inline: bool,
    /// How Go prints the field's type when it is a named type (`v1.RestartPolicy`), from a
    /// trailing `# go: T` comment; otherwise derived from `ty`.
    pub go_type: Option<String>,
}

#[derive(Clone, Debug)]
pub struct StructDef {
    pub name: String,
    /// How Go prints the type (`v1.PodSpec`).
    pub go_name: String,
    pub fields: Vec<Field>,
}

/// Where a JSON key of a struct lands: the field, the struct declaring it, and the names of the
/// embedded structs passed through on the way (Go puts them in its error paths).
#[derive(Clone, Debug)]
pub struct Lookup<'s> {
    pub field: &'s Field,
    pub owner: usize,
    pub via: Vec<&'s str>,
}

#[derive(Debug)]
pub struct Schema {
    pub structs: Vec<StructDef>,
    by_name: HashMap<String, usize>,
}

static SCHEMA: OnceLock<Schema> = OnceLock::new();

/// The built-in schema (parsed once).
pub fn schema() -> &'static Schema {
    SCHEMA.get_or_init(|| {
        Schema::parse(include_str!("k8s.schema")).unwrap_or_else(|e| panic!("k8s.schema: {e}"))
    })
}

impl Schema {
    pub fn parse(text: &str) -> Result<Schema, String> {
        // Two passes: names first, so fields may refer to structs defined later.
        let mut by_name = HashMap::new();
        let mut raw: Vec<(String, String, Vec<(String, String, bool, Option<String>)>)> =
            Vec::new();
        for (n, full_line) in text.lines().enumerate() {
            let go_type = full_line
                .split_once("# go:")
                .map(|(_, t)| t.trim().to_string());
            let line = full_line.split('#').next().unwrap_or("").trim_end();
            if line.trim().is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix("struct ") {
                let mut parts = rest.split_whitespace();
                let (Some(name), Some(go_name)) = (parts.next(), parts.next()) else {
                    return Err(format!("line {}: expected `struct Name go.Type`", n + 1));
                };
                if by_name.insert(name.to_string(), raw.len()).is_some() {
                    return Err(format!("line {}: struct {name} defined twice", n + 1));
                }
                raw.push((name.to_string(), go_name.to_string(), Vec::new()));
            } else if line.starts_with(' ') {
                let mut parts = line.split_whitespace();
                let (Some(json), Some(ty)) = (parts.next(), parts.next()) else {
                    return Err(format!("line {}: expected `name type`", n + 1));
                };
                let inline = parts.next() == Some("inline");
                let Some(current) = raw.last_mut() else {
                    return Err(format!("line {}: field outside a struct", n + 1));
                };
                current
                    .2
                    .push((json.to_string(), ty.to_string(), inline, go_type));
            } else {
                return Err(format!("line {}: unexpected text", n + 1));
            }
        }
        let mut structs = Vec::with_capacity(raw.len());
        for (name, go_name, fields) in raw {
            let mut parsed = Vec::with_capacity(fields.len());
            for (json, ty, inline, go_type) in fields {
                let ty = parse_ty(&ty, &by_name).map_err(|e| format!("{name}.{json}: {e}"))?;
                if inline && !matches!(ty, Ty::Struct(_)) {
                    return Err(format!("{name}.{json}: only structs can be inline"));
                }
                parsed.push(Field {
                    json,
                    ty,
                    inline,
                    go_type,
                });
            }
            structs.push(StructDef {
                name,
                go_name,
                fields: parsed,
            });
        }
        Ok(Schema { structs, by_name })
    }

    pub fn id(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Finds the field for JSON key `key` in struct `id`, looking through inline structs.
    pub fn lookup(&self, id: usize, key: &str) -> Option<Lookup<'_>> {
        let def = &self.structs[id];
        if let Some(field) = def.fields.iter().find(|f| !f.inline && f.json == key) {
            return Some(Lookup {
                field,
                owner: id,
                via: Vec::new(),
            });
        }
        for field in def.fields.iter().filter(|f| f.inline) {
            if let Ty::Struct(inner) = field.ty {
                if let Some(mut found) = self.lookup(inner, key) {
                    found.via.insert(0, field.json.as_str());
                    return Some(found);
                }
            }
        }
        None
    }

    /// All JSON keys of a struct (inline fields flattened), for suggestions.
    pub fn keys(&self, id: usize) -> Vec<&str> {
        let mut keys = Vec::new();
        for field in &self.structs[id].fields {
            match (&field.ty, field.inline) {
                (Ty::Struct(inner), true) => keys.extend(self.keys(*inner)),
                _ => keys.push(field.json.as_str()),
            }
        }
        keys
    }

    /// How Go prints a type in `cannot unmarshal ... of type T`.
    pub fn go_type(&self, ty: &Ty) -> String {
        match ty {
            Ty::String | Ty::Duration => "string".into(),
            Ty::Bool => "bool".into(),
            Ty::Int32 => "int32".into(),
            Ty::Int64 => "int64".into(),
            Ty::Float64 => "float64".into(),
            Ty::Bytes => "[]uint8".into(),
            Ty::Quantity => "resource.Quantity".into(),
            Ty::IntOrString => "intstr.IntOrString".into(),
            Ty::Time => "v1.Time".into(),
            Ty::Any => "interface {}".into(),
            Ty::Struct(id) => self.structs[*id].go_name.clone(),
            Ty::List(inner) => format!("[]{}", self.go_type(inner)),
            Ty::Map(inner) => format!("map[string]{}", self.go_type(inner)),
        }
    }
}

fn parse_ty(text: &str, by_name: &HashMap<String, usize>) -> Result<Ty, String> {
    if let Some(inner) = text.strip_prefix("[]") {
        return Ok(Ty::List(Box::new(parse_ty(inner, by_name)?)));
    }
    if let Some(inner) = text.strip_prefix("map[string]") {
        return Ok(Ty::Map(Box::new(parse_ty(inner, by_name)?)));
    }
    Ok(match text {
        "string" => Ty::String,
        "bool" => Ty::Bool,
        "int32" => Ty::Int32,
        "int64" => Ty::Int64,
        "float64" => Ty::Float64,
        "bytes" => Ty::Bytes,
        "Quantity" => Ty::Quantity,
        "IntOrString" => Ty::IntOrString,
        "Time" | "MicroTime" => Ty::Time,
        "Duration" => Ty::Duration,
        "any" => Ty::Any,
        name => Ty::Struct(
            *by_name
                .get(name)
                .ok_or_else(|| format!("unknown type {name}"))?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_parses_and_has_every_top_level_kind() {
        let s = schema();
        for kind in [
            "Pod",
            "PodTemplate",
            "ReplicationController",
            "ConfigMap",
            "Secret",
            "ServiceAccount",
            "PersistentVolumeClaim",
            "Service",
            "Deployment",
            "ReplicaSet",
            "DaemonSet",
            "StatefulSet",
            "Job",
            "CronJob",
        ] {
            let id = s.id(kind).unwrap_or_else(|| panic!("{kind} missing"));
            assert!(
                s.lookup(id, "apiVersion").is_some() && s.lookup(id, "metadata").is_some(),
                "{kind}"
            );
        }
        let volume = s.id("Volume").unwrap();
        let fc = s.lookup(volume, "fc").unwrap();
        assert_eq!(fc.via, vec!["VolumeSource"]);
    }
}
