//! The downward API's field paths (`fieldRef.fieldPath`), shared by environment variables and
//! downwardAPI volumes: the server converts the path (`pods.ConvertDownwardAPIFieldLabel`) before
//! each caller checks it against its own list of allowed paths.

use crate::compat::quantity;
use crate::diagnostic::Rule;
use crate::validate::{Ctx, Path};
use crate::yaml::Node;

/// The container resources the downward API can give (sorted), besides `requests.hugepages-*`
/// and `limits.hugepages-*`.
pub const RESOURCE_FIELD_PATHS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

const BYTE_DIVISORS: [&str; 13] = [
    "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
];
const BYTE_DIVISORS_TEXT: &str = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";

/// `validateContainerResourceFieldSelector` (env: `volume == false`, the container name is
/// optional; downwardAPI volume files: `volume == true`, it is required), then
/// `validateContainerResourceDivisor`. `path` is the `resourceFieldRef`'s.
pub fn resource_field_selector(
    ctx: &mut Ctx,
    rule: &'static Rule,
    rfr: &Node,
    path: &Path,
    volume: bool,
) {
    let resource = rfr.str_of("resource");
    if volume && rfr.str_of("containerName").is_empty() {
        ctx.required(rule, &path.child("containerName"), rfr.at("containerName"));
    } else if resource.is_empty() {
        ctx.required(rule, &path.child("resource"), rfr.at("resource"));
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        ctx.not_supported(
            rule,
            &path.child("resource"),
            rfr.at("resource"),
            resource,
            &RESOURCE_FIELD_PATHS,
        );
    }
    resource_divisor(ctx, rule, rfr, resource, path);
}

/// `validateContainerResourceDivisor`: errors at `<ref>.divisor` with the resource name as value;
/// a zero (or unset) divisor is not checked. The divisor is compared as `Quantity.String()`
/// prints it. A divisor the decoder refuses was reported by decoding already.
fn resource_divisor(ctx: &mut Ctx, rule: &'static Rule, rfr: &Node, resource: &str, path: &Path) {
    let Some(divisor) = rfr.get("divisor").and_then(quantity::from_node) else {
        return;
    };
    if divisor.is_zero() {
        return;
    }
    let text = divisor.to_string();
    let bytes_ok = BYTE_DIVISORS.contains(&text.as_str());
    let what = match resource {
        "limits.cpu" | "requests.cpu" if !matches!(text.as_str(), "1m" | "1") => {
            ctx.invalid(
                rule,
                &path.child("divisor"),
                rfr.at("divisor"),
                resource,
                "only divisor's values 1m and 1 are supported with the cpu resource",
            );
            None
        }
        "limits.memory" | "requests.memory" if !bytes_ok => Some("memory"),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" if !bytes_ok => {
            Some("local ephemeral storage")
        }
        _ => None,
    };
    if let Some(what) = what {
        ctx.invalid(
            rule,
            &path.child("divisor"),
            rfr.at("divisor"),
            resource,
            format!(
                "only divisor's values {BYTE_DIVISORS_TEXT} are supported with the {what} resource"
            ),
        );
    }
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-"))
        && !bytes_ok
    {
        ctx.invalid(
            rule,
            &path.child("divisor"),
            rfr.at("divisor"),
            resource,
            format!("only divisor's values {BYTE_DIVISORS_TEXT} are supported with the hugepages resource"),
        );
    }
}

/// `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['k']` → (`metadata.labels`, `k`).
pub fn split_subscript(path: &str) -> Option<(&str, &str)> {
    let inner = path.strip_suffix("']")?;
    let (head, key) = inner.split_once("['")?;
    if head.is_empty() {
        None
    } else {
        Some((head, key))
    }
}

/// `ConvertDownwardAPIFieldLabel`: the internal field path, or the conversion error the server
/// reports after `error converting fieldPath: `.
pub fn convert_field_label<'p>(api_version: &str, field_path: &'p str) -> Result<&'p str, String> {
    if api_version != "v1" {
        return Err(format!("unsupported pod version: {api_version}"));
    }
    match split_subscript(field_path) {
        Some(("metadata.annotations" | "metadata.labels", _)) => Ok(field_path),
        Some(_) => Err(format!(
            "field label does not support subscript: {field_path}"
        )),
        None => match field_path {
            "metadata.annotations"
            | "metadata.labels"
            | "metadata.name"
            | "metadata.namespace"
            | "metadata.uid"
            | "spec.nodeName"
            | "spec.restartPolicy"
            | "spec.serviceAccountName"
            | "spec.schedulerName"
            | "status.phase"
            | "status.hostIP"
            | "status.hostIPs"
            | "status.podIP"
            | "status.podIPs" => Ok(field_path),
            "spec.host" => Ok("spec.nodeName"),
            _ => Err(format!("field label not supported: {field_path}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_like_the_server() {
        assert_eq!(convert_field_label("v1", "spec.host"), Ok("spec.nodeName"));
        assert_eq!(
            convert_field_label("v1", "metadata.labels['app']"),
            Ok("metadata.labels['app']")
        );
        assert_eq!(
            convert_field_label("v2", "metadata.name"),
            Err("unsupported pod version: v2".into())
        );
        assert_eq!(
            convert_field_label("v1", "spec.x['y']"),
            Err("field label does not support subscript: spec.x['y']".into())
        );
        assert_eq!(split_subscript("['k']"), None);
    }
}
