//! Generators of hostile inputs (issue 13): each takes a size `n` and returns a manifest whose
//! analysis used to cost quadratic time or unbounded memory in `n`. Shared by `tests/hostile.rs`
//! (correctness at moderate sizes, no timing) and `benches/hostile.rs` (time and memory per MB).
// Each user uses a different part of this module.
#![allow(dead_code)]

/// A generated input: a name, and the text.
pub struct Hostile {
    pub name: &'static str,
    pub text: String,
}

fn pod_head(out: &mut String) {
    out.push_str("apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\nspec:\n");
}

/// One mapping with `n` copies of the same key (each a duplicate-key finding).
pub fn repeated_keys(n: usize) -> String {
    let mut out = String::with_capacity(n * 8);
    out.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n");
    for i in 0..n {
        out.push_str(&format!("  k: \"{i}\"\n"));
    }
    out
}

/// A pod whose one container has `n` environment variables (every tenth name repeated).
pub fn env_entries(n: usize) -> String {
    let mut out = String::with_capacity(n * 40);
    pod_head(&mut out);
    out.push_str("  containers:\n  - name: app\n    image: nginx\n    env:\n");
    for i in 0..n {
        let name = if i % 10 == 9 { i - 1 } else { i };
        out.push_str(&format!("    - name: VAR_{name}\n      value: \"{i}\"\n"));
    }
    out
}

/// A pod with `n` containers, in JSON.
pub fn containers_json(n: usize) -> String {
    let mut out = String::with_capacity(n * 60);
    out.push_str(
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"hostile"},"spec":{"containers":["#,
    );
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(r#"{{"name":"c{i}","image":"nginx:1.{i}"}}"#));
    }
    out.push_str("]}}\n");
    out
}

/// `n` documents that each fail (no `kind`): `n` diagnostics and more.
pub fn many_diagnostics(n: usize) -> String {
    let mut out = String::with_capacity(n * 16);
    for i in 0..n {
        out.push_str(&format!("a: {i}\n---\n"));
    }
    out
}

/// A pod with `n` containers that all listen on port 8080: every other one declares it, the
/// rest only set `PORT=8080` (so each pair is a port conflict, `PS5002`, or a duplicate, `PS3016`).
pub fn same_port(n: usize) -> String {
    let mut out = String::with_capacity(n * 80);
    pod_head(&mut out);
    out.push_str("  containers:\n");
    for i in 0..n {
        if i % 2 == 0 {
            out.push_str(&format!(
                "  - name: c{i}\n    image: app\n    ports:\n    - containerPort: 8080\n"
            ));
        } else {
            out.push_str(&format!(
                "  - name: c{i}\n    image: app\n    env:\n    - name: PORT\n      value: \"8080\"\n"
            ));
        }
    }
    out
}

/// A large scalar under an anchor, aliased `n` times (`n` KB of text).
pub fn scalar_aliases(n: usize) -> String {
    let mut out = String::with_capacity(n * 8 + 70_000);
    out.push_str(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n  big: &big \"",
    );
    out.push_str(&"x".repeat(64 * 1024));
    out.push_str("\"\n");
    for i in 0..n {
        out.push_str(&format!("  k{i}: *big\n"));
    }
    out
}

/// 200 anchors each nested in the next, with no alias at all, around `n` scalars: every anchor
/// used to keep its own copy of everything under it.
pub fn nested_anchors(n: usize) -> String {
    const DEPTH: usize = 200;
    let mut out = String::with_capacity(n * 4 + DEPTH * 8);
    out.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n  x: ");
    for i in 0..DEPTH {
        out.push_str(&format!("&a{i} ["));
    }
    out.push_str(&"x, ".repeat(n));
    for _ in 0..DEPTH {
        out.push(']');
    }
    out.push('\n');
    out
}

/// An anchored sequence of `n` scalars, then `n` nested anchors re-aliased: node fan-out.
pub fn alias_fanout(n: usize) -> String {
    let mut out = String::with_capacity(n * 16);
    out.push_str("a: &a [");
    out.push_str(&"x, ".repeat(n));
    out.push_str("]\n");
    for i in 0..n {
        out.push_str(&format!("b{i}: *a\n"));
    }
    out
}

/// `n` Services and `n` Deployments in one namespace whose selectors match nothing: the
/// cross-object checks' pairs.
pub fn services_and_workloads(n: usize) -> String {
    let mut out = String::with_capacity(n * 400);
    for i in 0..n {
        out.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{selector: {{app: none{i}}}, ports: [{{port: 80}}]}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{i}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: d{i}}}}}\n  template:\n    metadata: {{labels: {{app: d{i}}}}}\n    spec: {{containers: [{{name: a, image: \"nginx:1.27\"}}]}}\n"
        ));
    }
    out
}

/// A Secret with `n` keys in both `data` and `stringData` (merged by key).
pub fn secret_merge(n: usize) -> String {
    let mut out = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n  name: hostile\ndata:\n");
    for i in 0..n {
        out.push_str(&format!("  k{i}: dg==\n"));
    }
    out.push_str("stringData:\n");
    for i in 0..n {
        out.push_str(&format!("  k{i}: v\n"));
    }
    out
}

/// A pod with `n` containers, each with its seccomp and AppArmor annotations (looked up per
/// container).
pub fn container_annotations(n: usize) -> String {
    let mut out =
        String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\n  annotations:\n");
    for i in 0..n {
        out.push_str(&format!(
            "    container.seccomp.security.alpha.kubernetes.io/c{i}: runtime/default\n    container.apparmor.security.beta.kubernetes.io/c{i}: runtime/default\n"
        ));
    }
    out.push_str("spec:\n  containers:\n");
    for i in 0..n {
        out.push_str(&format!("  - {{name: c{i}, image: nginx}}\n"));
    }
    out
}

/// A projected volume of `n` sources with distinct paths (each checked against the others), and
/// as many resource claims and sysctls (each checked for duplicates).
pub fn many_items(n: usize) -> String {
    let mut out = String::new();
    pod_head(&mut out);
    out.push_str("  securityContext:\n    sysctls:\n");
    for i in 0..n {
        out.push_str(&format!("    - {{name: net.core.s{i}, value: \"1\"}}\n"));
    }
    out.push_str("  resourceClaims:\n");
    for i in 0..n {
        out.push_str(&format!("  - {{name: c{i}, resourceClaimName: x}}\n"));
    }
    out.push_str("  volumes:\n  - name: p\n    projected:\n      sources:\n");
    for i in 0..n {
        out.push_str(&format!(
            "      - configMap: {{name: c, items: [{{key: k, path: d{i}/f}}]}}\n"
        ));
    }
    out.push_str("  containers:\n  - name: a\n    image: nginx\n    resources:\n      claims:\n");
    for i in 0..n {
        out.push_str(&format!("      - {{name: c{i}}}\n"));
    }
    out
}

/// One JSON line holding a pod whose `n` containers each get findings (every diagnostic's
/// source line is the whole document).
pub fn one_line_pod(n: usize) -> String {
    let containers: Vec<String> = (0..n)
        .map(|i| format!("{{\"name\":\"c{i}\",\"image\":\"nginx\",\"securityContext\":{{\"privileged\":true}}}}"))
        .collect();
    format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"hostile\"}},\"spec\":{{\"containers\":[{}]}}}}\n",
        containers.join(",")
    )
}

/// The family at scale `n` (1 = about 1 MB for the big ones; see the bench).
pub fn family(n: usize) -> Vec<Hostile> {
    vec![
        Hostile {
            name: "repeated-keys",
            text: repeated_keys(n),
        },
        Hostile {
            name: "env-entries",
            text: env_entries(n),
        },
        Hostile {
            name: "containers-json",
            text: containers_json(n),
        },
        Hostile {
            name: "many-diagnostics",
            text: many_diagnostics(n),
        },
        Hostile {
            name: "same-port",
            text: same_port(n),
        },
        Hostile {
            name: "services-and-workloads",
            text: services_and_workloads(n / 10),
        },
        Hostile {
            name: "scalar-aliases",
            text: scalar_aliases(n),
        },
        Hostile {
            name: "nested-anchors",
            text: nested_anchors(n),
        },
        Hostile {
            name: "alias-fanout",
            text: alias_fanout(n),
        },
        Hostile {
            name: "secret-merge",
            text: secret_merge(n / 2),
        },
        Hostile {
            name: "container-annotations",
            text: container_annotations(n / 10),
        },
        Hostile {
            name: "many-items",
            text: many_items(n / 10),
        },
        Hostile {
            name: "one-line-pod",
            text: one_line_pod(n / 10),
        },
    ]
}
