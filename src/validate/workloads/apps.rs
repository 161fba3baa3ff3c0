//! `apps/v1`: ReplicaSet, Deployment, DaemonSet, StatefulSet (`pkg/apis/apps/validation`).

use super::map_or_empty;
use super::{
    DAEMONSET_STRATEGY, DEPLOYMENT_STRATEGY, INT_OR_PERCENT, PROGRESS_DEADLINE, SELECTOR_EMPTY,
    SELECTOR_INVALID, SELECTOR_REQUIRED, STATEFULSET_POLICY, STATEFULSET_RETENTION,
    STATEFULSET_SERVICE_NAME, STATEFULSET_STRATEGY, core, json, long_running_template,
    name_warning, non_negative, selector_mismatch, template_labels,
};
use crate::source::Span;
use crate::validate::meta::{self, NameRule};
use crate::validate::pod::{EMPTY_MAP, validate_pod_template};
use crate::validate::podspec::{SelectorOptions, validate_label_selector};
use crate::validate::selector::{selector_converts, selector_is_empty, selector_matches};
use crate::validate::{Ctx, ErrValue, Path, format, warnings};
use crate::yaml::{Entry, Node, Value};

/// The object's metadata checked as ObjectMeta; returns the metadata mapping.
pub(super) fn object_meta<'d>(ctx: &mut Ctx, root: &'d Node, name: NameRule) -> &'d Node {
    meta::validate_metadata_of(ctx, root, name)
}

/// Where to point for a field of `spec` (the spec's key when the spec is absent).
pub(super) fn spec_span(_root: &Node, spec: &Node, key: &str) -> Span {
    spec.key_at(key)
}

/// The state of a workload's selector after `LabelSelectorAsSelector`.
#[derive(Clone, Copy)]
pub(super) enum Selector<'d> {
    /// No selector: matches nothing.
    Missing,
    /// Converted fine.
    Valid(&'d Node),
    /// Does not convert.
    Invalid,
}

/// The Deployment/ReplicaSet/StatefulSet selector checks: required, valid, not empty, converts.
/// `invalid_detail` is the detail of the conversion error (empty for StatefulSets).
fn required_selector<'d>(
    ctx: &mut Ctx,
    root: &Node,
    spec: &'d Node,
    spec_path: &Path,
    kind_word: &str,
    invalid_detail: &str,
) -> Selector<'d> {
    let sel_path = spec_path.child("selector");
    let Some(sel) = spec.map_of("selector") else {
        ctx.required(
            &SELECTOR_REQUIRED,
            &sel_path,
            spec_span(root, spec, "selector"),
        );
        return Selector::Missing;
    };
    validate_label_selector(ctx, sel, &sel_path, SelectorOptions::default());
    if selector_is_empty(sel) {
        ctx.invalid(
            &SELECTOR_EMPTY,
            &sel_path,
            spec.at("selector"),
            ErrValue::Raw(json::label_selector(Some(sel))),
            format!("empty selector is invalid for {kind_word}"),
        );
    }
    if selector_converts(sel) {
        Selector::Valid(sel)
    } else {
        ctx.invalid(
            &SELECTOR_INVALID,
            &sel_path,
            spec.key_at("selector"),
            ErrValue::Raw(json::label_selector(Some(sel))),
            invalid_detail,
        );
        Selector::Invalid
    }
}

/// The template-label check of `ValidatePodTemplateSpecFor…` (skipped for an empty selector).
fn check_template_labels(
    ctx: &mut Ctx,
    root: &Node,
    spec: &Node,
    selector: Selector,
    template: Option<&Node>,
    template_path: &Path,
) {
    let matches = match selector {
        Selector::Invalid => return,
        Selector::Missing => false,
        Selector::Valid(sel) => {
            selector_is_empty(sel) || selector_matches(Some(sel), template_labels(template))
        }
    };
    if !matches {
        let labels = json::string_map(template_labels(template));
        selector_mismatch(
            ctx,
            template,
            template_path,
            labels,
            spec_span(root, spec, "template"),
        );
    }
}

pub fn replica_set(ctx: &mut Ctx, root: &Node) {
    name_warning(ctx, root);
    object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    non_negative(ctx, spec, "replicas", &sp);
    non_negative(ctx, spec, "minReadySeconds", &sp);
    let selector = required_selector(ctx, root, spec, &sp, "deployment", "invalid label selector");
    replica_set_template(ctx, root, spec, &sp, selector, "ReplicaSet");
}

/// `ValidatePodTemplateSpecForReplicaSet`
fn replica_set_template(
    ctx: &mut Ctx,
    root: &Node,
    spec: &Node,
    sp: &Path,
    selector: Selector,
    kind_word: &str,
) {
    if matches!(selector, Selector::Invalid) {
        return;
    }
    let template = spec.map_of("template");
    let tp = sp.child("template");
    check_template_labels(ctx, root, spec, selector, template, &tp);
    validate_pod_template(ctx, &map_or_empty(template, spec.key_at("template")), &tp);
    long_running_template(ctx, template, &tp, kind_word);
}

pub fn deployment(ctx: &mut Ctx, root: &Node) {
    name_warning(ctx, root);
    object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    non_negative(ctx, spec, "replicas", &sp);
    let selector = required_selector(ctx, root, spec, &sp, "deployment", "invalid label selector");
    replica_set_template(ctx, root, spec, &sp, selector, "ReplicaSet");
    deployment_strategy(ctx, root, spec, &sp);
    non_negative(ctx, spec, "minReadySeconds", &sp);
    non_negative(ctx, spec, "revisionHistoryLimit", &sp);
    let progress = spec.i64_of("progressDeadlineSeconds").unwrap_or(600);
    if progress < 0 {
        non_negative(ctx, spec, "progressDeadlineSeconds", &sp);
    }
    let min_ready = spec.i64_of("minReadySeconds").unwrap_or(0);
    if progress <= min_ready {
        let span = if spec.get("progressDeadlineSeconds").is_some() {
            spec.at("progressDeadlineSeconds")
        } else {
            spec_span(root, spec, "minReadySeconds")
        };
        ctx.invalid(
            &PROGRESS_DEADLINE,
            &sp.child("progressDeadlineSeconds"),
            span,
            progress,
            "must be greater than minReadySeconds",
        );
    }
}

/// An `intstr.IntOrString` value (after defaulting).
#[derive(Clone, Copy, Debug)]
pub(super) enum IntOrStr<'d> {
    Int(i64),
    Str(&'d str),
}

impl<'d> IntOrStr<'d> {
    pub(super) fn of(node: Option<&'d Node>, default: IntOrStr<'d>) -> IntOrStr<'d> {
        match node {
            None => default,
            Some(n) => match &n.value {
                Value::Str(s) => IntOrStr::Str(s),
                _ => IntOrStr::Int(n.as_i64().unwrap_or(0)),
            },
        }
    }

    pub(super) fn json(self) -> String {
        match self {
            IntOrStr::Int(i) => i.to_string(),
            IntOrStr::Str(s) => json::string(s),
        }
    }

    /// `getPercentValue`
    fn percent(self) -> Option<i64> {
        match self {
            IntOrStr::Str(s) if format::percent(s).is_empty() => {
                s[..s.len() - 1].parse().ok().or(Some(i64::MAX))
            }
            _ => None,
        }
    }

    /// `getIntOrPercentValue`
    pub(super) fn value(self) -> i64 {
        match self {
            IntOrStr::Int(i) => i,
            IntOrStr::Str(s) => self.percent().unwrap_or_else(|| go_atoi(s)),
        }
    }
}

/// `strconv.Atoi` with the error mapped to 0 (as `IntValue()` does).
fn go_atoi(s: &str) -> i64 {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    s.parse().unwrap_or(0)
}

/// `ValidatePositiveIntOrPercent`
pub(super) fn positive_int_or_percent(ctx: &mut Ctx, v: IntOrStr, path: &Path, span: Span) {
    match v {
        IntOrStr::Str(s) => {
            for msg in format::percent(s) {
                ctx.invalid(&INT_OR_PERCENT, path, span, ErrValue::Raw(v.json()), msg);
            }
        }
        IntOrStr::Int(i) => {
            if i < 0 {
                ctx.invalid(
                    &INT_OR_PERCENT,
                    path,
                    span,
                    i,
                    "must be greater than or equal to 0",
                );
            }
        }
    }
}

/// `IsNotMoreThan100Percent`
pub(super) fn not_more_than_100_percent(ctx: &mut Ctx, v: IntOrStr, path: &Path, span: Span) {
    if v.percent().is_some_and(|p| p > 100) {
        ctx.invalid(
            &INT_OR_PERCENT,
            path,
            span,
            ErrValue::Raw(v.json()),
            "must not be greater than 100%",
        );
    }
}

fn at_or(node: Option<&Node>, key: &str, fallback: Span) -> Span {
    node.filter(|n| n.get(key).is_some())
        .map_or(fallback, |n| n.at(key))
}

/// The internal strategy structs as JSON (`{"Type":…,"RollingUpdate":…}`).
fn strategy_json(ty: &str, rolling: Option<&Node>, fields: &[&str]) -> String {
    let mut out = String::from("{\"Type\":");
    json::push_str(&mut out, ty);
    out.push_str(",\"RollingUpdate\":");
    match rolling {
        None => out.push_str("null"),
        Some(r) => {
            out.push('{');
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let mut name = f.to_string();
                name[..1].make_ascii_uppercase();
                json::push_str(&mut out, &name);
                out.push(':');
                match r.get(f) {
                    Some(v) => out.push_str(&json::int_or_string(v)),
                    None if *f == "partition" => out.push('0'),
                    None if *f == "maxUnavailable" && fields.contains(&"partition") => {
                        out.push_str("null");
                    }
                    None => out.push('0'),
                }
            }
            out.push('}');
        }
    }
    out.push('}');
    out
}

fn deployment_strategy(ctx: &mut Ctx, root: &Node, spec: &Node, sp: &Path) {
    let strategy = spec.map_of("strategy");
    let path = sp.child("strategy");
    let ty = strategy
        .and_then(|s| s.opt_str("type"))
        .filter(|t| !t.is_empty())
        .unwrap_or("RollingUpdate");
    let rolling = strategy.and_then(|s| s.map_of("rollingUpdate"));
    let base_span = strategy.map_or_else(
        || spec_span(root, spec, "strategy"),
        |s| spec.at("strategy").cover(s.head()),
    );
    match ty {
        "Recreate" => {
            if let Some(s) = strategy.filter(|s| s.get("rollingUpdate").is_some()) {
                ctx.forbidden(
                    &DEPLOYMENT_STRATEGY,
                    &path.child("rollingUpdate"),
                    s.key_at("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        "RollingUpdate" => {
            let rp = path.child("rollingUpdate");
            let span =
                strategy.map_or(base_span, |s| at_or(Some(s), "rollingUpdate", s.at("type")));
            let mu = IntOrStr::of(
                rolling.and_then(|r| r.get("maxUnavailable")),
                IntOrStr::Str("25%"),
            );
            let ms = IntOrStr::of(
                rolling.and_then(|r| r.get("maxSurge")),
                IntOrStr::Str("25%"),
            );
            let mu_path = rp.child("maxUnavailable");
            let ms_path = rp.child("maxSurge");
            let mu_span = at_or(rolling, "maxUnavailable", span);
            let ms_span = at_or(rolling, "maxSurge", span);
            positive_int_or_percent(ctx, mu, &mu_path, mu_span);
            positive_int_or_percent(ctx, ms, &ms_path, ms_span);
            if mu.value() == 0 && ms.value() == 0 {
                ctx.invalid(
                    &DEPLOYMENT_STRATEGY,
                    &mu_path,
                    mu_span,
                    ErrValue::Raw(mu.json()),
                    "may not be 0 when `maxSurge` is 0",
                );
            }
            not_more_than_100_percent(ctx, mu, &mu_path, mu_span);
        }
        other => {
            let span = strategy.map_or(base_span, |s| s.at("type"));
            ctx.not_supported(
                &DEPLOYMENT_STRATEGY,
                &path,
                span,
                ErrValue::Raw(strategy_json(
                    other,
                    rolling,
                    &["maxUnavailable", "maxSurge"],
                )),
                &["Recreate", "RollingUpdate"],
            );
        }
    }
}

pub fn daemon_set(ctx: &mut Ctx, root: &Node) {
    // The DaemonSet strategy gives no name warning (its WarningsOnCreate checks only the
    // template), unlike Deployments, ReplicaSets, StatefulSets, Jobs and CronJobs.
    object_meta(ctx, root, NameRule::Subdomain);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    let sel_path = sp.child("selector");
    let sel = spec.map_of("selector");
    if let Some(sel) = sel {
        validate_label_selector(ctx, sel, &sel_path, SelectorOptions::default());
    }
    let template = spec.map_of("template");
    let tp = sp.child("template");
    let converts = sel.is_none_or(selector_converts);
    if converts && !selector_matches(sel, template_labels(template)) {
        selector_mismatch(
            ctx,
            template,
            &tp,
            json::string_map(template_labels(template)),
            spec_span(root, spec, "template"),
        );
    }
    if let Some(sel) = sel.filter(|s| selector_is_empty(s)) {
        ctx.invalid(
            &SELECTOR_EMPTY,
            &sel_path,
            spec.at("selector"),
            ErrValue::Raw(json::label_selector(Some(sel))),
            "empty selector is invalid for daemonset",
        );
    }
    validate_pod_template(ctx, &map_or_empty(template, spec.key_at("template")), &tp);
    long_running_template(ctx, template, &tp, "DaemonSet");
    non_negative(ctx, spec, "minReadySeconds", &sp);
    non_negative(ctx, spec, "templateGeneration", &sp);
    daemon_set_strategy(ctx, root, spec, &sp);
    non_negative(ctx, spec, "revisionHistoryLimit", &sp);
}

fn daemon_set_strategy(ctx: &mut Ctx, root: &Node, spec: &Node, sp: &Path) {
    let strategy = spec.map_of("updateStrategy");
    let path = sp.child("updateStrategy");
    let ty = strategy
        .and_then(|s| s.opt_str("type"))
        .filter(|t| !t.is_empty())
        .unwrap_or("RollingUpdate");
    let rolling = strategy.and_then(|s| s.map_of("rollingUpdate"));
    let base_span = strategy.map_or_else(
        || spec_span(root, spec, "updateStrategy"),
        |s| at_or(Some(s), "rollingUpdate", s.head()),
    );
    match ty {
        "OnDelete" => {}
        "RollingUpdate" => {
            let rp = path.child("rollingUpdate");
            let mu = IntOrStr::of(
                rolling.and_then(|r| r.get("maxUnavailable")),
                IntOrStr::Int(1),
            );
            let ms = IntOrStr::of(rolling.and_then(|r| r.get("maxSurge")), IntOrStr::Int(0));
            let mu_path = rp.child("maxUnavailable");
            let ms_path = rp.child("maxSurge");
            let mu_span = at_or(rolling, "maxUnavailable", base_span);
            let ms_span = at_or(rolling, "maxSurge", base_span);
            positive_int_or_percent(ctx, mu, &mu_path, mu_span);
            positive_int_or_percent(ctx, ms, &ms_path, ms_span);
            not_more_than_100_percent(ctx, mu, &mu_path, mu_span);
            not_more_than_100_percent(ctx, ms, &ms_path, ms_span);
            let (has_unavailable, has_surge) = (mu.value() != 0, ms.value() != 0);
            if has_unavailable && has_surge {
                ctx.invalid(
                    &DAEMONSET_STRATEGY,
                    &ms_path,
                    ms_span,
                    ErrValue::Raw(ms.json()),
                    "may not be set when maxUnavailable is non-zero",
                );
            } else if !has_unavailable && !has_surge {
                ctx.required_detail(
                    &DAEMONSET_STRATEGY,
                    &mu_path,
                    mu_span,
                    "cannot be 0 when maxSurge is 0",
                );
            }
        }
        other => {
            let span = strategy.map_or(base_span, |s| s.at("type"));
            ctx.not_supported(
                &DAEMONSET_STRATEGY,
                &path,
                span,
                ErrValue::Raw(strategy_json(
                    other,
                    rolling,
                    &["maxUnavailable", "maxSurge"],
                )),
                &["RollingUpdate", "OnDelete"],
            );
        }
    }
}

pub fn stateful_set(ctx: &mut Ctx, root: &Node) {
    object_meta(ctx, root, NameRule::Label);
    let spec_node = map_or_empty(root.map_of("spec"), root.key_at("spec"));
    let spec: &Node = &spec_node;
    let sp = Path::ROOT.child("spec");
    let policy = spec
        .opt_str("podManagementPolicy")
        .filter(|p| !p.is_empty())
        .unwrap_or("OrderedReady");
    if !matches!(policy, "OrderedReady" | "Parallel") {
        ctx.invalid(
            &STATEFULSET_POLICY,
            &sp.child("podManagementPolicy"),
            spec.at("podManagementPolicy"),
            policy,
            "must be 'OrderedReady' or 'Parallel'",
        );
    }
    stateful_set_strategy(ctx, root, spec, &sp);
    if let Some(policy) = spec.map_of("persistentVolumeClaimRetentionPolicy") {
        let pp = sp.child("persistentVolumeClaimRetentionPolicy");
        for key in ["whenDeleted", "whenScaled"] {
            let v = policy
                .opt_str(key)
                .filter(|v| !v.is_empty())
                .unwrap_or("Retain");
            if !matches!(v, "Retain" | "Delete") {
                ctx.not_supported(
                    &STATEFULSET_RETENTION,
                    &pp.child(key),
                    policy.at(key),
                    v,
                    &["Retain", "Delete"],
                );
            }
        }
    }
    non_negative(ctx, spec, "replicas", &sp);
    non_negative(ctx, spec, "minReadySeconds", &sp);
    if let Some(ordinals) = spec.map_of("ordinals") {
        if let Some(start) = ordinals.i64_of("start").filter(|s| *s < 0) {
            ctx.invalid(
                &super::NON_NEGATIVE,
                &sp.child("ordinals.start"),
                ordinals.at("start"),
                start,
                "must be greater than or equal to 0",
            );
        }
    }
    if let Some(name) = spec.opt_str("serviceName").filter(|n| !n.is_empty()) {
        ctx.invalid_each(
            &STATEFULSET_SERVICE_NAME,
            &sp.child("serviceName"),
            spec.at("serviceName"),
            &ErrValue::from(name),
            format::dns1123_label(name),
        );
    }
    claim_templates(ctx, spec, &sp);
    let selector = required_selector(ctx, root, spec, &sp, "statefulset", "");
    let template = spec.map_of("template");
    let tp = sp.child("template");
    if !matches!(selector, Selector::Invalid) {
        check_template_labels(ctx, root, spec, selector, template, &tp);
        let base_node = map_or_empty(template, spec.key_at("template"));
        let prepared = stateful_pod_template(&base_node, spec);
        validate_pod_template(ctx, &prepared, &tp);
    }
    long_running_template(ctx, template, &tp, "StatefulSet");
    warnings::statefulset_warnings(ctx, spec);
}

/// `volumeClaimTemplates[i].spec`, each checked as a claim's spec (`ValidatePersistentVolumeClaimSpec`
/// with the options of a new claim); the claim strategy's normalisation does not apply here.
fn claim_templates(ctx: &mut Ctx, spec: &Node, sp: &Path) {
    let vp = sp.child("volumeClaimTemplates");
    for (i, t) in spec.seq_of("volumeClaimTemplates").iter().enumerate() {
        let claim_spec = t.map_of("spec").unwrap_or(&EMPTY_MAP);
        let span = if claim_spec.entries().is_empty() {
            t.key_at("spec")
        } else {
            claim_spec.head()
        };
        core::validate_pvc_spec(ctx, claim_spec, &vp.index(i).child("spec"), span, false);
    }
}

/// The template as the server validates it for a StatefulSet: a `persistentVolumeClaim` volume for
/// each claim template name comes first (one per name; a template volume of the same name gives way
/// to it, as in the pods the controller makes), then the template's other volumes; `hostname` and
/// `subdomain`, which the controller sets on each pod, are not checked.
fn stateful_pod_template(template: &Node, spec: &Node) -> Node {
    let mut claims: Vec<(String, Span)> = Vec::new();
    for t in spec.seq_of("volumeClaimTemplates") {
        let (name, span) = t
            .map_of("metadata")
            .map_or(("", t.head()), |m| (m.str_of("name"), m.at("name")));
        if !claims.iter().any(|(n, _)| n == name) {
            claims.push((name.to_string(), span));
        }
    }
    let mut t = template.clone();
    let Value::Map(entries) = &mut t.value else {
        return t;
    };
    let spec_entry = if let Some(i) = entries
        .iter()
        .rposition(|e| e.key == "spec" && e.value.is_map())
    {
        i
    } else if claims.is_empty() {
        return t;
    } else {
        entries.retain(|e| e.key != "spec");
        entries.push(Entry {
            key: "spec".into(),
            key_span: Span::EMPTY,
            value: Node::new(Value::Map(Vec::new()), Span::EMPTY),
        });
        entries.len() - 1
    };
    let Value::Map(spec_entries) = &mut entries[spec_entry].value.value else {
        return t;
    };
    spec_entries.retain(|e| e.key != "hostname" && e.key != "subdomain");
    if claims.is_empty() {
        return t;
    }
    let mut volumes: Vec<Node> = claims
        .iter()
        .map(|(name, span)| claim_volume(name, *span))
        .collect();
    if let Some(i) = spec_entries
        .iter()
        .rposition(|e| e.key == "volumes" && e.value.is_seq())
    {
        if let Value::Seq(items) = &mut spec_entries[i].value.value {
            let own = std::mem::take(items);
            volumes.extend(
                own.into_iter()
                    .filter(|v| !claims.iter().any(|(n, _)| n == v.str_of("name"))),
            );
            *items = volumes;
        }
    } else {
        spec_entries.retain(|e| e.key != "volumes");
        spec_entries.push(Entry {
            key: "volumes".into(),
            key_span: Span::EMPTY,
            value: Node::new(Value::Seq(volumes), Span::EMPTY),
        });
    }
    t
}

/// `{name: <claim>, persistentVolumeClaim: {claimName: <claim>}}`, pointing at the claim's name.
fn claim_volume(name: &str, span: Span) -> Node {
    let name_node = Node::new(Value::Str(name.to_string()), span);
    let claim = Node::new(
        Value::Map(vec![Entry {
            key: "claimName".into(),
            key_span: span,
            value: name_node.clone(),
        }]),
        span,
    );
    Node::new(
        Value::Map(vec![
            Entry {
                key: "name".into(),
                key_span: span,
                value: name_node,
            },
            Entry {
                key: "persistentVolumeClaim".into(),
                key_span: span,
                value: claim,
            },
        ]),
        span,
    )
}

fn stateful_set_strategy(ctx: &mut Ctx, root: &Node, spec: &Node, sp: &Path) {
    let strategy = spec.map_of("updateStrategy");
    let path = sp.child("updateStrategy");
    let given = strategy
        .and_then(|s| s.opt_str("type"))
        .filter(|t| !t.is_empty());
    let ty = given.unwrap_or("RollingUpdate");
    let rolling = strategy.and_then(|s| s.map_of("rollingUpdate"));
    let rp = path.child("rollingUpdate");
    match ty {
        "OnDelete" => {
            if let Some(r) = rolling {
                let s = strategy.map_or(Span::EMPTY, |s| s.key_at("rollingUpdate"));
                let value = format!(
                    "{{\"Partition\":{},\"MaxUnavailable\":{}}}",
                    r.i64_of("partition").unwrap_or(0),
                    r.get("maxUnavailable")
                        .map_or_else(|| "null".to_string(), json::int_or_string)
                );
                ctx.invalid(
                    &STATEFULSET_STRATEGY,
                    &rp,
                    s,
                    ErrValue::Raw(value),
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        "RollingUpdate" => {
            // Defaulted when the type was empty or the rolling update given.
            if let Some(r) = rolling {
                if let Some(p) = r.i64_of("partition").filter(|p| *p < 0) {
                    ctx.invalid(
                        &super::NON_NEGATIVE,
                        &rp.child("partition"),
                        r.at("partition"),
                        p,
                        "must be greater than or equal to 0",
                    );
                }
                let mu_path = rp.child("maxUnavailable");
                if let Some(mu_node) = r.get("maxUnavailable") {
                    let mu = IntOrStr::of(Some(mu_node), IntOrStr::Int(1));
                    let span = mu_node.span;
                    positive_int_or_percent(ctx, mu, &mu_path, span);
                    if mu.value() == 0 {
                        ctx.invalid(
                            &STATEFULSET_STRATEGY,
                            &mu_path,
                            span,
                            ErrValue::Raw(mu.json()),
                            "cannot be 0",
                        );
                    }
                    not_more_than_100_percent(ctx, mu, &mu_path, span);
                }
            }
        }
        other => {
            let span =
                strategy.map_or_else(|| spec_span(root, spec, "updateStrategy"), |s| s.at("type"));
            ctx.invalid(
                &STATEFULSET_STRATEGY,
                &path,
                span,
                ErrValue::Raw(strategy_json(
                    other,
                    rolling,
                    &["partition", "maxUnavailable"],
                )),
                "must be 'RollingUpdate' or 'OnDelete'",
            );
        }
    }
}
