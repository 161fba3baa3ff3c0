//! The downward API's field paths (`fieldRef.fieldPath`), shared by environment variables and
//! downwardAPI volumes: the server converts the path (`pods.ConvertDownwardAPIFieldLabel`) before
//! each caller checks it against its own list of allowed paths.

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
