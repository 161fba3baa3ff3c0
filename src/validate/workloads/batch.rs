//! `batch/v1`: Job and CronJob (`pkg/apis/batch/validation`, the Job strategy's generated
//! selector and labels).

use super::apps::{object_meta, spec_span};
use super::map_or_empty;
use super::{
    CRON_CONCURRENCY, CRON_JOB_SELECTOR, CRON_NAME_LENGTH, CRON_SCHEDULE, CRON_TIME_ZONE,
    JOB_COMPLETION_MODE, JOB_INDEXED_NAME, JOB_MANAGED_BY, JOB_POD_FAILURE_POLICY,
    JOB_REPLACEMENT_POLICY, JOB_RESTART_POLICY, JOB_SELECTOR, JOB_SUCCESS_POLICY,
    SELECTOR_REQUIRED, cron, json, name_warning, non_negative, selector_mismatch, template_labels,
};
use crate::source::Span;
use crate::validate::meta::{self, NameRule};
use crate::validate::pod::validate_pod_template;
use crate::validate::podspec::{SelectorOptions, validate_label_selector};
use crate::validate::selector::{selector_converts, selector_matches};
use crate::validate::{Ctx, ErrValue, ErrorType, Path, format, warnings};
use crate::yaml::{Entry, Node, Value};

/// Stands in for the UID the server assigns (the agreement tool masks UIDs).
pub const PLACEHOLDER_UID: &str = "00000000-0000-0000-0000-000000000000";

const UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
const NAME_LABEL: &str = "batch.kubernetes.io/job-name";
const LEGACY_UID_LABEL: &str = "controller-uid";
const LEGACY_NAME_LABEL: &str = "job-name";

pub fn job(ctx: &mut Ctx, root: &Node) {
    name_warning(ctx, root);
    let meta_node = object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    warnings::job_spec_warnings(ctx, spec, &sp);
    let template = spec.map_of("template");
    let tp = sp.child("template");
    let user_labels = template_labels(template);
    // SetDefaults_Job: the Job's labels default to the template's.
    if meta_node
        .get("labels")
        .is_none_or(|l| l.entries().is_empty())
    {
        meta::validate_labels(
            ctx,
            user_labels,
            &Path::ROOT.child("metadata").child("labels"),
        );
    }
    let name = meta::effective_name(meta_node);
    let manual = spec.bool_of("manualSelector") == Some(true);

    // The strategy's generateSelector: labels added to the template unless already there.
    let mut labels: Vec<(String, String)> = user_labels
        .map(|l| {
            json::sorted_entries(l)
                .into_iter()
                .map(|(k, v, _)| (k.to_string(), json::map_value(v).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let template_has_labels = user_labels.is_some();
    // SetDefaults_Job gives the Job the template's labels map itself (not a copy), so the labels
    // generateSelector adds to the template are the Job's labels too.
    let shares_labels = template_has_labels
        && meta_node
            .get("labels")
            .is_none_or(|l| l.entries().is_empty());
    if !manual {
        for (k, v) in [
            (LEGACY_NAME_LABEL, name.as_ref()),
            (NAME_LABEL, name.as_ref()),
            (LEGACY_UID_LABEL, PLACEHOLDER_UID),
            (UID_LABEL, PLACEHOLDER_UID),
        ] {
            if !labels.iter().any(|(lk, _)| lk == k) {
                labels.push((k.to_string(), v.to_string()));
                if k == LEGACY_NAME_LABEL || k == NAME_LABEL {
                    let msgs = format::label_value(v);
                    if !msgs.is_empty() && shares_labels {
                        let span = if meta_node.entry("labels").is_some() {
                            meta_node.key_at("labels")
                        } else {
                            root.key_at("metadata")
                        };
                        ctx.invalid_each(
                            &meta::LABEL_VALUE,
                            &Path::ROOT.child("metadata").child("labels"),
                            span,
                            &ErrValue::from(v),
                            msgs.clone(),
                        );
                    }
                    if !msgs.is_empty() {
                        let span = spec_span(root, spec, "template");
                        ctx.invalid_each(
                            &meta::LABEL_VALUE,
                            &tp.child("labels"),
                            span,
                            &ErrValue::from(v),
                            msgs,
                        );
                    }
                }
            }
        }
        labels.sort();
    }
    let labels_node = string_map_node(&labels);
    let labels_json = || {
        if labels.is_empty() && !template_has_labels {
            "null".to_string()
        } else {
            json::string_map(Some(&labels_node))
        }
    };
    let user_selector = spec.map_of("selector");
    // The generated selector: the user's plus the controller-uid label.
    let adds_uid = !manual
        && user_selector
            .and_then(|s| s.map_of("matchLabels"))
            .is_none_or(|m| m.entry(UID_LABEL).is_none());
    let effective_matches = |labels: &Node| -> bool {
        let base = match user_selector {
            Some(s) => selector_matches(Some(s), Some(labels)),
            None => !manual,
        };
        base && (!adds_uid || meta::annotation(Some(labels), UID_LABEL) == Some(PLACEHOLDER_UID))
    };

    // validateGeneratedSelector
    if !manual {
        let meta_path = tp.child("metadata");
        let lp = meta_path.child("labels");
        let expected = [
            (LEGACY_UID_LABEL, PLACEHOLDER_UID),
            (LEGACY_NAME_LABEL, name.as_ref()),
            (UID_LABEL, PLACEHOLDER_UID),
            (NAME_LABEL, name.as_ref()),
        ];
        for (k, want) in expected {
            if meta::annotation(Some(&labels_node), k) != Some(want) {
                let span =
                    user_labels.map_or_else(|| spec_span(root, spec, "template"), |l| l.at(k));
                ctx.invalid(
                    &JOB_SELECTOR,
                    &lp.key(k),
                    span,
                    ErrValue::Raw(labels_json()),
                    format!("must be '{want}'"),
                );
            }
        }
        let pairs: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        let expected_node = string_map_node(&pairs);
        if user_selector.is_none_or(selector_converts) && !effective_matches(&expected_node) {
            ctx.invalid(
                &JOB_SELECTOR,
                &sp.child("selector"),
                spec.at("selector"),
                ErrValue::Raw(generated_selector_json(user_selector)),
                "`selector` not auto-generated",
            );
        }
    }

    // ValidateJobSpec
    validate_job_spec(ctx, root, spec, &sp, true);
    let sel_path = sp.child("selector");
    match user_selector {
        None if manual => ctx.required(
            &SELECTOR_REQUIRED,
            &sel_path,
            spec_span(root, spec, "selector"),
        ),
        None => {}
        Some(sel) => validate_label_selector(ctx, sel, &sel_path, SelectorOptions::default()),
    }
    let converts = user_selector.is_none_or(selector_converts);
    if converts && !effective_matches(&labels_node) {
        selector_mismatch(
            ctx,
            template,
            &tp,
            labels_json(),
            spec_span(root, spec, "template"),
        );
    }

    // Indexed Jobs append the index to the pod hostname.
    if spec.str_of("completionMode") == "Indexed" {
        if let Some(c) = spec.i64_of("completions").filter(|c| *c > 0) {
            let host = format!("{name}-{}", c - 1);
            if !format::dns1123_label(&host).is_empty() {
                let span = if meta_node.entry("name").is_some() {
                    meta_node.at("name")
                } else {
                    root.key_at("metadata")
                };
                ctx.invalid(
                    &JOB_INDEXED_NAME,
                    &Path::ROOT.child("metadata").child("name"),
                    span,
                    name.as_ref(),
                    format!("will not able to create pod with invalid DNS label: {host}"),
                );
            }
        }
    }
}

/// The generated selector as JSON: the user's with the controller-uid label added.
fn generated_selector_json(user: Option<&Node>) -> String {
    let mut labels: Vec<(String, String)> = user
        .and_then(|s| s.map_of("matchLabels"))
        .map(|m| {
            json::sorted_entries(m)
                .into_iter()
                .map(|(k, v, _)| (k.to_string(), json::map_value(v).to_string()))
                .collect()
        })
        .unwrap_or_default();
    if !labels.iter().any(|(k, _)| k == UID_LABEL) {
        labels.push((UID_LABEL.into(), PLACEHOLDER_UID.into()));
        labels.sort();
    }
    let mut out = String::from("{\"matchLabels\":{");
    for (i, (k, v)) in labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_str(&mut out, k);
        out.push(':');
        json::push_str(&mut out, v);
    }
    out.push('}');
    if let Some(u) = user {
        let full = json::label_selector(Some(u));
        if let Some(pos) = full.find("\"matchExpressions\":") {
            out.push(',');
            out.push_str(&full[pos..full.len() - 1]);
        }
    }
    out.push('}');
    out
}

/// `validateJobSpec` (`defaulted`: the Job's own spec, which `SetDefaults_Job` filled in; a
/// CronJob's job template is not defaulted).
fn validate_job_spec(ctx: &mut Ctx, root: &Node, spec: &Node, sp: &Path, defaulted: bool) {
    for key in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
    ] {
        non_negative(ctx, spec, key, sp);
    }
    let completions = spec
        .i64_of("completions")
        .or_else(|| (defaulted && spec.get("parallelism").is_none()).then_some(1));
    let parallelism = spec.i64_of("parallelism").or(defaulted.then_some(1));
    let per_index = spec.i64_of("backoffLimitPerIndex");
    let max_failed = spec.i64_of("maxFailedIndexes");
    if max_failed.is_some() && per_index.is_none() {
        ctx.required_detail(
            &JOB_COMPLETION_MODE,
            &sp.child("backoffLimitPerIndex"),
            spec.key_at("maxFailedIndexes"),
            "when maxFailedIndexes is specified",
        );
    }
    if let Some(m) = spec.opt_str("managedBy") {
        managed_by(ctx, m, &sp.child("managedBy"), spec.at("managedBy"));
    }
    let mode = spec
        .opt_str("completionMode")
        .or(defaulted.then_some("NonIndexed"));
    if let Some(mode) = mode {
        let mp = sp.child("completionMode");
        if mode != "NonIndexed" && mode != "Indexed" {
            ctx.not_supported(
                &JOB_COMPLETION_MODE,
                &mp,
                spec.at("completionMode"),
                mode,
                &["NonIndexed", "Indexed"],
            );
        }
        if mode == "Indexed" {
            if completions.is_none() {
                ctx.required_detail(
                    &JOB_COMPLETION_MODE,
                    &sp.child("completions"),
                    spec.at("completionMode"),
                    "when completion mode is Indexed",
                );
            }
            if let Some(p) = parallelism.filter(|p| *p > 100_000) {
                ctx.invalid(
                    &JOB_COMPLETION_MODE,
                    &sp.child("parallelism"),
                    spec.at("parallelism"),
                    p,
                    "must be less than or equal to 100000 when completion mode is Indexed",
                );
            }
            if let (Some(c), Some(m)) = (completions, max_failed) {
                if m > c {
                    ctx.invalid(
                        &JOB_COMPLETION_MODE,
                        &sp.child("maxFailedIndexes"),
                        spec.at("maxFailedIndexes"),
                        m,
                        "must be less than or equal to completions",
                    );
                }
            }
            if let Some(m) = max_failed.filter(|m| *m > 100_000) {
                ctx.invalid(
                    &JOB_COMPLETION_MODE,
                    &sp.child("maxFailedIndexes"),
                    spec.at("maxFailedIndexes"),
                    m,
                    "must be less than or equal to 100000",
                );
            }
            if completions.is_some_and(|c| c > 100_000) && per_index.is_some() {
                if max_failed.is_none() {
                    ctx.required_detail(
                        &JOB_COMPLETION_MODE,
                        &sp.child("maxFailedIndexes"),
                        spec.at("completions"),
                        "must be specified when completions is above 100000",
                    );
                }
                if let Some(p) = parallelism.filter(|p| *p > 10_000) {
                    ctx.invalid(&JOB_COMPLETION_MODE, &sp.child("parallelism"), spec.at("parallelism"), p, "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index");
                }
                if let Some(m) = max_failed.filter(|m| *m > 10_000) {
                    ctx.invalid(&JOB_COMPLETION_MODE, &sp.child("maxFailedIndexes"), spec.at("maxFailedIndexes"), m, "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index");
                }
            }
        }
    }
    if mode.is_none_or(|m| m == "NonIndexed") {
        if let Some(v) = per_index {
            ctx.invalid(
                &JOB_COMPLETION_MODE,
                &sp.child("backoffLimitPerIndex"),
                spec.at("backoffLimitPerIndex"),
                v,
                "requires indexed completion mode",
            );
        }
        if let Some(v) = max_failed {
            ctx.invalid(
                &JOB_COMPLETION_MODE,
                &sp.child("maxFailedIndexes"),
                spec.at("maxFailedIndexes"),
                v,
                "requires indexed completion mode",
            );
        }
    }
    let template = spec.map_of("template");
    let pfp = spec.map_of("podFailurePolicy");
    if let Some(pfp) = pfp {
        pod_failure_policy(
            ctx,
            spec,
            pfp,
            template,
            &sp.child("podFailurePolicy"),
            defaulted,
        );
    }
    if let Some(sucp) = spec.map_of("successPolicy") {
        let path = sp.child("successPolicy");
        if mode.unwrap_or("NonIndexed") != "Indexed" {
            ctx.invalid(
                &JOB_SUCCESS_POLICY,
                &path,
                spec.key_at("successPolicy"),
                ErrValue::Raw(success_policy_json(sucp)),
                "requires indexed completion mode",
            );
        } else if let Some(c) = completions {
            success_policy(ctx, sucp, c, &path, spec.key_at("successPolicy"));
        }
    }
    if let Some(rp) = spec.opt_str("podReplacementPolicy") {
        let path = sp.child("podReplacementPolicy");
        if pfp.is_some() {
            if rp != "Failed" {
                ctx.not_supported(
                    &JOB_REPLACEMENT_POLICY,
                    &path,
                    spec.at("podReplacementPolicy"),
                    rp,
                    &["Failed"],
                );
            }
        } else if rp != "Failed" && rp != "TerminatingOrFailed" {
            ctx.not_supported(
                &JOB_REPLACEMENT_POLICY,
                &path,
                spec.at("podReplacementPolicy"),
                rp,
                &["Failed", "TerminatingOrFailed"],
            );
        }
    }
    let tp = sp.child("template");
    validate_pod_template(ctx, &map_or_empty(template, spec.key_at("template")), &tp);
    let tspec = template.and_then(|t| t.map_of("spec"));
    let tsp = tp.child("spec");
    let rpath = tsp.child("restartPolicy");
    let policy = tspec.and_then(|s| s.opt_str("restartPolicy")).unwrap_or("");
    let span = tspec.map_or_else(
        || spec_span(root, spec, "template"),
        |s| s.at("restartPolicy"),
    );
    if policy.is_empty() || policy == "Always" {
        ctx.required_detail(
            &JOB_RESTART_POLICY,
            &rpath,
            span,
            "valid values: \"OnFailure\", \"Never\"",
        );
    } else if policy != "OnFailure" && policy != "Never" {
        ctx.not_supported(
            &JOB_RESTART_POLICY,
            &rpath,
            span,
            policy,
            &["OnFailure", "Never"],
        );
    } else if pfp.is_some() && policy != "Never" {
        ctx.invalid(
            &JOB_RESTART_POLICY,
            &rpath,
            span,
            policy,
            "only \"Never\" is supported when podFailurePolicy is specified",
        );
    }
}

/// `IsDomainPrefixedPath` and the length limit of `spec.managedBy`.
fn managed_by(ctx: &mut Ctx, value: &str, path: &Path, span: Span) {
    if value.is_empty() {
        ctx.required(&JOB_MANAGED_BY, path, span);
    } else {
        match value.split_once('/') {
            Some((host, p)) if !host.is_empty() && !p.is_empty() => {
                let msgs = format::dns1123_subdomain(host);
                if !msgs.is_empty() {
                    ctx.invalid_each(&JOB_MANAGED_BY, path, span, &ErrValue::from(host), msgs);
                }
                let ok = p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:".contains(c));
                if !ok {
                    ctx.invalid(&JOB_MANAGED_BY, path, span, p, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')");
                }
            }
            _ => ctx.invalid(
                &JOB_MANAGED_BY,
                path,
                span,
                value,
                "must be a domain-prefixed path (such as \"acme.io/foo\")",
            ),
        }
    }
    if value.len() > 63 {
        ctx.too_long(&JOB_MANAGED_BY, path, span, 63);
    }
}

fn int_list_json(node: Option<&Node>) -> String {
    match node.filter(|n| n.is_seq()) {
        None => "null".into(),
        Some(n) => format!(
            "[{}]",
            n.items()
                .iter()
                .map(|v| v.as_i64().unwrap_or(0).to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

fn pod_failure_policy(
    ctx: &mut Ctx,
    spec: &Node,
    pfp: &Node,
    template: Option<&Node>,
    path: &Path,
    defaulted: bool,
) {
    let rules = pfp.seq_of("rules");
    let rp = path.child("rules");
    if rules.len() > 20 {
        too_many(
            ctx,
            &JOB_POD_FAILURE_POLICY,
            &rp,
            pfp.key_at("rules"),
            rules.len(),
            20,
        );
    }
    let tspec = template.and_then(|t| t.map_of("spec"));
    let names: Vec<&str> = ["containers", "initContainers"]
        .iter()
        .flat_map(|k| tspec.map_or(&[][..], |s| s.seq_of(k)))
        .map(|c| c.str_of("name"))
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        let rule_path = rp.index(i);
        let action = rule.str_of("action");
        let ap = rule_path.child("action");
        let actions = ["Count", "FailIndex", "FailJob", "Ignore"];
        if action.is_empty() {
            ctx.required_detail(
                &JOB_POD_FAILURE_POLICY,
                &ap,
                rule.at("action"),
                "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            );
        } else if action == "FailIndex" {
            if spec.get("backoffLimitPerIndex").is_none() {
                ctx.invalid(
                    &JOB_POD_FAILURE_POLICY,
                    &ap,
                    rule.at("action"),
                    action,
                    "requires the backoffLimitPerIndex to be set",
                );
            }
        } else if !actions.contains(&action) {
            ctx.not_supported(
                &JOB_POD_FAILURE_POLICY,
                &ap,
                rule.at("action"),
                action,
                &actions,
            );
        }
        let exit = rule.map_of("onExitCodes");
        if let Some(exit) = exit {
            let ep = rule_path.child("onExitCodes");
            let op = exit.str_of("operator");
            let opp = ep.child("operator");
            if op.is_empty() {
                ctx.required_detail(
                    &JOB_POD_FAILURE_POLICY,
                    &opp,
                    exit.at("operator"),
                    "valid values: [\"In\" \"NotIn\"]",
                );
            } else if op != "In" && op != "NotIn" {
                ctx.not_supported(
                    &JOB_POD_FAILURE_POLICY,
                    &opp,
                    exit.at("operator"),
                    op,
                    &["In", "NotIn"],
                );
            }
            if let Some(cn) = exit.opt_str("containerName") {
                if !names.contains(&cn) {
                    ctx.invalid(
                        &JOB_POD_FAILURE_POLICY,
                        &ep.child("containerName"),
                        exit.at("containerName"),
                        cn,
                        "must be one of the container or initContainer names in the pod template",
                    );
                }
            }
            let values = exit.seq_of("values");
            let vp = ep.child("values");
            if values.is_empty() {
                ctx.invalid(
                    &JOB_POD_FAILURE_POLICY,
                    &vp,
                    exit.at("values"),
                    ErrValue::Raw(int_list_json(exit.get("values"))),
                    "at least one value is required",
                );
            } else if values.len() > 255 {
                too_many(
                    ctx,
                    &JOB_POD_FAILURE_POLICY,
                    &vp,
                    exit.key_at("values"),
                    values.len(),
                    255,
                );
            }
            let mut seen = Vec::new();
            let mut ordered = true;
            let mut prev: Option<i64> = None;
            for (j, v) in values.iter().enumerate() {
                let n = v.as_i64().unwrap_or(0);
                if op == "In" && n == 0 {
                    ctx.invalid(
                        &JOB_POD_FAILURE_POLICY,
                        &vp.index(j),
                        v.span,
                        0,
                        "must not be 0 for the In operator",
                    );
                }
                if seen.contains(&n) {
                    ctx.duplicate(&JOB_POD_FAILURE_POLICY, &vp.index(j), v.span, n);
                } else {
                    seen.push(n);
                }
                if prev.is_some_and(|p| p > n) {
                    ordered = false;
                }
                prev = Some(n);
            }
            if !ordered {
                ctx.invalid(
                    &JOB_POD_FAILURE_POLICY,
                    &vp,
                    exit.at("values"),
                    ErrValue::Raw(int_list_json(exit.get("values"))),
                    "must be ordered",
                );
            }
        }
        let conds = rule.seq_of("onPodConditions");
        if !conds.is_empty() {
            let cp = rule_path.child("onPodConditions");
            if conds.len() > 20 {
                too_many(
                    ctx,
                    &JOB_POD_FAILURE_POLICY,
                    &cp,
                    rule.key_at("onPodConditions"),
                    conds.len(),
                    20,
                );
            }
            for (j, c) in conds.iter().enumerate() {
                let pp = cp.index(j);
                let ty = c.str_of("type");
                let msgs = format::qualified_name(ty);
                if !msgs.is_empty() {
                    ctx.invalid_each(
                        &JOB_POD_FAILURE_POLICY,
                        &pp.child("type"),
                        c.at("type"),
                        &ErrValue::from(ty),
                        msgs,
                    );
                }
                let status = c
                    .opt_str("status")
                    .filter(|s| !s.is_empty())
                    .or(defaulted.then_some("True"))
                    .unwrap_or("");
                let sp = pp.child("status");
                if status.is_empty() {
                    ctx.required_detail(
                        &JOB_POD_FAILURE_POLICY,
                        &sp,
                        c.at("status"),
                        "valid values: [\"False\" \"True\" \"Unknown\"]",
                    );
                } else if !matches!(status, "False" | "True" | "Unknown") {
                    ctx.not_supported(
                        &JOB_POD_FAILURE_POLICY,
                        &sp,
                        c.at("status"),
                        status,
                        &["False", "True", "Unknown"],
                    );
                }
            }
        }
        if exit.is_some() && !conds.is_empty() {
            ctx.invalid(
                &JOB_POD_FAILURE_POLICY,
                &rule_path,
                rule.head(),
                ErrValue::Omit,
                "specifying both OnExitCodes and OnPodConditions is not supported",
            );
        }
        if exit.is_none() && conds.is_empty() {
            ctx.invalid(
                &JOB_POD_FAILURE_POLICY,
                &rule_path,
                rule.head(),
                ErrValue::Omit,
                "specifying one of OnExitCodes and OnPodConditions is required",
            );
        }
    }
}

/// `field.TooMany`
fn too_many(
    ctx: &mut Ctx,
    rule: &'static crate::diagnostic::Rule,
    path: &Path,
    span: Span,
    actual: usize,
    max: usize,
) {
    let unit = if max == 1 { "item" } else { "items" };
    ctx.push(
        rule,
        path,
        span,
        ErrorType::TooMany,
        ErrValue::Int(actual as i64),
        format!("must have at most {max} {unit}"),
    );
}

/// The internal `batch.SuccessPolicy` as JSON.
fn success_policy_json(p: &Node) -> String {
    let rules: Vec<String> = p
        .seq_of("rules")
        .iter()
        .map(|r| {
            let idx = r
                .opt_str("succeededIndexes")
                .map_or_else(|| "null".to_string(), json::string);
            let count = r
                .i64_of("succeededCount")
                .map_or_else(|| "null".to_string(), |c| c.to_string());
            format!("{{\"SucceededIndexes\":{idx},\"SucceededCount\":{count}}}")
        })
        .collect();
    let rules = if p.get("rules").is_some() {
        format!("[{}]", rules.join(","))
    } else {
        "null".into()
    };
    format!("{{\"Rules\":{rules}}}")
}

fn success_policy(ctx: &mut Ctx, p: &Node, completions: i64, path: &Path, span: Span) {
    let rules = p.seq_of("rules");
    let rp = path.child("rules");
    if rules.is_empty() {
        ctx.required_detail(
            &JOB_SUCCESS_POLICY,
            &rp,
            span,
            "at least one rules must be specified when the successPolicy is specified",
        );
    }
    if rules.len() > 20 {
        too_many(
            ctx,
            &JOB_SUCCESS_POLICY,
            &rp,
            p.key_at("rules"),
            rules.len(),
            20,
        );
    }
    for (i, rule) in rules.iter().enumerate() {
        let rule_path = rp.index(i);
        let indexes = rule.opt_str("succeededIndexes");
        let count = rule.i64_of("succeededCount");
        if indexes.is_none() && count.is_none() {
            ctx.required_detail(
                &JOB_SUCCESS_POLICY,
                &rule_path,
                rule.head(),
                "at least one of succeededCount or succeededIndexes must be specified",
            );
        }
        let mut total = 0i64;
        if let Some(ix) = indexes {
            let ip = rule_path.child("succeededIndexes");
            if ix.len() > 64 * 1024 {
                ctx.too_long(
                    &JOB_SUCCESS_POLICY,
                    &ip,
                    rule.at("succeededIndexes"),
                    64 * 1024,
                );
            }
            match indexes_format(ix, completions) {
                Ok(t) => total = t,
                Err(e) => ctx.invalid(
                    &JOB_SUCCESS_POLICY,
                    &ip,
                    rule.at("succeededIndexes"),
                    ix,
                    format!("error parsing succeededIndexes: {e}"),
                ),
            }
        }
        if let Some(c) = count {
            let cp = rule_path.child("succeededCount");
            non_negative(ctx, rule, "succeededCount", &rule_path);
            if c > completions {
                ctx.invalid(&JOB_SUCCESS_POLICY, &cp, rule.at("succeededCount"), c, format!("must be less than or equal to {completions} (the number of specified completions)"));
            }
            if indexes.is_some() && c > total {
                ctx.invalid(&JOB_SUCCESS_POLICY, &cp, rule.at("succeededCount"), c, format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"));
            }
        }
    }
}

/// `validateIndexesFormat`: the number of indexes, or the parse error.
fn indexes_format(s: &str, completions: i64) -> Result<i64, String> {
    if s.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for interval in s.split(',') {
        let (x, y) = index_interval(interval, completions)?;
        if let Some(l) = last.filter(|l| *l >= x) {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

fn index_interval(s: &str, completions: i64) -> Result<(i64, i64), String> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            crate::validate::go_quote(s)
        ));
    }
    let atoi = |p: &str| -> Result<i64, String> {
        let digits = p.strip_prefix('+').unwrap_or(p);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "cannot convert string to integer for index: {}",
                crate::validate::go_quote(p)
            ));
        }
        digits.parse().map_err(|_| {
            format!(
                "cannot convert string to integer for index: {}",
                crate::validate::go_quote(p)
            )
        })
    };
    let x = atoi(parts[0])?;
    if x >= completions {
        return Err(format!(
            "too large index: {}",
            crate::validate::go_quote(parts[0])
        ));
    }
    if parts.len() == 2 {
        let y = atoi(parts[1])?;
        if y >= completions {
            return Err(format!(
                "too large index: {}",
                crate::validate::go_quote(parts[1])
            ));
        }
        if x >= y {
            return Err(format!("non-increasing order, previous: {x}, current: {y}"));
        }
        return Ok((x, y));
    }
    Ok((x, x))
}

pub fn cron_job(ctx: &mut Ctx, root: &Node) {
    name_warning(ctx, root);
    let meta_node = object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    let jt = spec.map_of("jobTemplate");
    let jt_spec_node = map_or_empty(
        jt.and_then(|j| j.map_of("spec")),
        jt.map_or_else(|| spec.key_at("jobTemplate"), |j| j.key_at("spec")),
    );
    let jt_spec: &Node = &jt_spec_node;
    let jtp = sp.child("jobTemplate");
    let jsp = jtp.child("spec");
    warnings::job_spec_warnings(ctx, jt_spec, &jsp);

    let schedule = spec.str_of("schedule");
    let schp = sp.child("schedule");
    if schedule.is_empty() {
        ctx.required(&CRON_SCHEDULE, &schp, spec_span(root, spec, "schedule"));
    } else {
        if let Err(e) = cron::parse_standard(schedule) {
            if !e.is_empty() {
                ctx.invalid(&CRON_SCHEDULE, &schp, spec.at("schedule"), schedule, e);
            }
        }
        if schedule.contains("TZ") {
            ctx.invalid(
                &CRON_SCHEDULE,
                &schp,
                spec.at("schedule"),
                schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            );
        }
    }
    super::non_negative(ctx, spec, "startingDeadlineSeconds", &sp);
    if let Some(tz) = spec.get("timeZone").and_then(Node::as_str) {
        time_zone(ctx, tz, &sp.child("timeZone"), spec.at("timeZone"));
    }
    let policy = spec
        .opt_str("concurrencyPolicy")
        .filter(|p| !p.is_empty())
        .unwrap_or("Allow");
    if !matches!(policy, "Allow" | "Forbid" | "Replace") {
        ctx.not_supported(
            &CRON_CONCURRENCY,
            &sp.child("concurrencyPolicy"),
            spec.at("concurrencyPolicy"),
            policy,
            &["Allow", "Forbid", "Replace"],
        );
    }
    validate_job_spec(ctx, root, jt_spec, &jsp, false);
    if let Some(sel) = jt_spec.map_of("selector") {
        ctx.invalid(
            &CRON_JOB_SELECTOR,
            &jsp.child("selector"),
            jt_spec.at("selector"),
            ErrValue::Raw(json::label_selector(Some(sel))),
            "`selector` will be auto-generated",
        );
    }
    if jt_spec.bool_of("manualSelector") == Some(true) {
        ctx.not_supported(
            &CRON_JOB_SELECTOR,
            &jsp.child("manualSelector"),
            jt_spec.at("manualSelector"),
            true,
            &["nil", "false"],
        );
    }
    super::non_negative(ctx, spec, "successfulJobsHistoryLimit", &sp);
    super::non_negative(ctx, spec, "failedJobsHistoryLimit", &sp);
    let name = meta::effective_name(meta_node);
    if name.len() > 52 {
        let span = if meta_node.entry("name").is_some() {
            meta_node.at("name")
        } else {
            meta_node.at("generateName")
        };
        ctx.invalid(
            &CRON_NAME_LENGTH,
            &Path::ROOT.child("metadata").child("name"),
            span,
            name.as_ref(),
            "must be no more than 52 characters",
        );
    }
}

/// `validateTimeZone`
fn time_zone(ctx: &mut Ctx, tz: &str, path: &Path, span: Span) {
    if tz.is_empty() {
        ctx.invalid(
            &CRON_TIME_ZONE,
            path,
            span,
            "",
            "timeZone must be nil or non-empty string",
        );
        return;
    }
    for part in tz.split('/') {
        let ok_chars = !part.is_empty()
            && part.len() <= 14
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'));
        if part == "." || part == ".." || part.starts_with('-') || !ok_chars {
            ctx.invalid(
                &CRON_TIME_ZONE,
                path,
                span,
                tz,
                format!("unknown time zone {tz}"),
            );
            return;
        }
    }
    if tz.eq_ignore_ascii_case("Local") {
        ctx.invalid(
            &CRON_TIME_ZONE,
            path,
            span,
            tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        );
    }
    if let Some(err) = cron::load_location_error(tz) {
        ctx.invalid(&CRON_TIME_ZONE, path, span, tz, err);
    }
}

/// A `map[string]string` node built from pairs (no spans).
fn string_map_node(pairs: &[(String, String)]) -> Node {
    let entries = pairs
        .iter()
        .map(|(k, v)| Entry {
            key: k.clone(),
            key_span: Span::EMPTY,
            value: Node::new(Value::Str(v.clone()), Span::EMPTY),
        })
        .collect();
    Node::new(Value::Map(entries), Span::EMPTY)
}
