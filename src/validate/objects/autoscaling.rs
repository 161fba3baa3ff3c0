//! HorizontalPodAutoscalers (`autoscaling/v2`, and `autoscaling/v1` as converted to it): what
//! `ValidateHorizontalPodAutoscaler` checks on create, after defaulting (`minReplicas` 1; no
//! metrics is a CPU metric at 80%; a `behavior` gets the default scale-up and scale-down rules
//! for whatever it leaves out). The name is a DNS subdomain.
//!
//! Checked: `minReplicas` at least 1 (scaling to zero is an alpha feature, off in 1.36),
//! `maxReplicas` set and not below `minReplicas`; `scaleTargetRef` with a `kind` and `name` that
//! are path segments and an `apiVersion` with an API group (ReplicationControllers excepted);
//! each metric's `type`, its one source, its metric name and target; `behavior` windows, select
//! policies, policies and tolerance. A v1 `targetCPUUtilizationPercentage` is the CPU metric the
//! server converts it to, so it is reported at `spec.metrics[0].resource.target.averageUtilization`
//! as the server does. Left out: the v1 metrics and behavior annotations
//! (`autoscaling.alpha.kubernetes.io/*`), and an empty `scaleTargetRef.apiVersion` (not confirmed
//! against the 1.36 server).

use super::{at_or, path_segment, required_then};
use crate::compat::quantity;
use crate::diagnostic::Rule;
use crate::rule;
use crate::source::Span;
use crate::validate::meta::NameRule;
use crate::validate::pod::EMPTY_MAP;
use crate::validate::{Ctx, ErrValue, Path, format};
use crate::yaml::Node;

rule!(
    /// **What it does** Checks a HorizontalPodAutoscaler's replica bounds: `minReplicas` at
    /// least 1, `maxReplicas` set, at least 1 and not below `minReplicas`.
    ///
    /// **Why it matters** The API server rejects the autoscaler.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// spec: {minReplicas: 5, maxReplicas: 3}
    /// ```
    ///
    /// ```yaml
    /// spec: {minReplicas: 3, maxReplicas: 5}
    /// ```
    ///
    /// **Fix** Set `maxReplicas` to the most pods the workload may run, at least `minReplicas`.
    ///
    /// **Kubernetes source** `validateHorizontalPodAutoscalerSpec` in
    /// `pkg/apis/autoscaling/validation/validation.go`.
    HPA_REPLICAS,
    "PS2250",
    "hpa-replicas",
    Error,
    "an autoscaler's maxReplicas is set and not below minReplicas, which is at least 1"
);
rule!(
    /// **What it does** Checks a HorizontalPodAutoscaler's `scaleTargetRef` (and an Object
    /// metric's `describedObject`): a `kind` and a `name`, neither containing `/` or `%`, and an
    /// `apiVersion` that is a group and version (`apps/v1`).
    ///
    /// **Why it matters** The API server rejects the autoscaler; the controller could not find
    /// what to scale.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// scaleTargetRef: {apiVersion: v1, kind: Deployment, name: web}
    /// ```
    ///
    /// ```yaml
    /// scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    /// ```
    ///
    /// **Fix** Name the workload as its own `apiVersion`, `kind` and `metadata.name` do.
    ///
    /// **Kubernetes source** `ValidateCrossVersionObjectReference` in
    /// `pkg/apis/autoscaling/validation/validation.go`.
    HPA_TARGET_REF,
    "PS2251",
    "hpa-scale-target-ref",
    Error,
    "an autoscaler's scaleTargetRef has an API group, a kind and a name"
);
rule!(
    /// **What it does** Checks each of a HorizontalPodAutoscaler's `metrics`: a supported
    /// `type`, the one source that type names, a metric or resource name, and a target of type
    /// `Utilization` (a positive `averageUtilization`), `Value` or `AverageValue` (a positive
    /// quantity), as the source allows.
    ///
    /// **Why it matters** The API server rejects the autoscaler; a metric without a target
    /// cannot drive scaling.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// metrics:
    /// - type: Resource
    ///   resource: {name: cpu, target: {type: Utilization}}
    /// ```
    ///
    /// ```yaml
    /// metrics:
    /// - type: Resource
    ///   resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    /// ```
    ///
    /// **Fix** Give the source the `type` names, and a target value of the target's type.
    ///
    /// **Kubernetes source** `validateMetrics` and `validateMetricTarget` in
    /// `pkg/apis/autoscaling/validation/validation.go`.
    HPA_METRICS,
    "PS2252",
    "hpa-metrics",
    Error,
    "an autoscaler's metrics each have one source and a valid target"
);
rule!(
    /// **What it does** Checks a HorizontalPodAutoscaler's `behavior`: stabilization windows
    /// from 0 to 3600 seconds, `selectPolicy` `Max`, `Min` or `Disabled`, at least one policy
    /// when `policies` is given, each of type `Pods` or `Percent` with a positive value and a
    /// period from 1 to 1800 seconds, and a non-negative `tolerance`.
    ///
    /// **Why it matters** The API server rejects the autoscaler.
    ///
    /// **Example**
    ///
    /// ```yaml
    /// behavior:
    ///   scaleDown: {policies: [{type: Percent, value: 10, periodSeconds: 3600}]}
    /// ```
    ///
    /// ```yaml
    /// behavior:
    ///   scaleDown: {policies: [{type: Percent, value: 10, periodSeconds: 60}]}
    /// ```
    ///
    /// **Fix** Keep periods within 30 minutes and windows within an hour.
    ///
    /// **Kubernetes source** `validateBehavior`, `validateScalingRules` and
    /// `validateScalingPolicy` in `pkg/apis/autoscaling/validation/validation.go`.
    HPA_BEHAVIOR,
    "PS2253",
    "hpa-behavior",
    Error,
    "an autoscaler's scaling behavior has valid windows, policies and tolerance"
);

pub const RULES: &[&Rule] = &[&HPA_REPLICAS, &HPA_TARGET_REF, &HPA_METRICS, &HPA_BEHAVIOR];

pub fn validate(ctx: &mut Ctx, root: &Node, v1: bool) {
    super::object_meta(ctx, root, NameRule::Subdomain);
    let spec = root.map_of("spec").unwrap_or(&EMPTY_MAP);
    let sp = Path::ROOT.child("spec");
    let spec_head = if root.get("spec").is_some() {
        root.key_at("spec")
    } else {
        root.head()
    };
    let min = spec.i64_of("minReplicas").unwrap_or(1);
    if min < 1 {
        ctx.invalid(
            &HPA_REPLICAS,
            &sp.child("minReplicas"),
            spec.at("minReplicas"),
            min,
            "must be greater than or equal to 1",
        );
    }
    let max = spec.i64_of("maxReplicas").unwrap_or(0);
    let max_path = sp.child("maxReplicas");
    let max_span = at_or(spec, "maxReplicas", spec_head);
    if max == 0 {
        ctx.required_detail(
            &HPA_REPLICAS,
            &max_path,
            max_span,
            "must be set and greater than 0",
        );
    } else if max < 0 {
        ctx.invalid(
            &HPA_REPLICAS,
            &max_path,
            max_span,
            max,
            "must be greater than or equal to 1",
        );
    }
    if max < min {
        ctx.invalid(
            &HPA_REPLICAS,
            &max_path,
            max_span,
            max,
            "must be greater than or equal to `minReplicas`",
        );
    }
    let target = spec.map_of("scaleTargetRef").unwrap_or(&EMPTY_MAP);
    let allow_empty_group = target.str_of("kind") == "ReplicationController";
    object_reference(
        ctx,
        target,
        &sp.child("scaleTargetRef"),
        at_or(spec, "scaleTargetRef", spec_head),
        allow_empty_group,
    );
    let mp = sp.child("metrics");
    if v1 {
        // Converted to `metrics: [{type: Resource, resource: {name: cpu, target: {type:
        // Utilization, averageUtilization: <value>}}}]`.
        if let Some(cpu) = spec.i64_of("targetCPUUtilizationPercentage")
            && cpu < 1
        {
            let m0 = mp.index(0);
            let resource = m0.child("resource");
            let target = resource.child("target");
            ctx.invalid(
                &HPA_METRICS,
                &target.child("averageUtilization"),
                spec.at("targetCPUUtilizationPercentage"),
                cpu,
                "must be greater than 0",
            );
        }
    } else {
        for (i, metric) in spec.seq_of("metrics").iter().enumerate() {
            validate_metric(ctx, metric, &mp.index(i));
        }
        if let Some(behavior) = spec.map_of("behavior") {
            let bp = sp.child("behavior");
            for direction in ["scaleUp", "scaleDown"] {
                if let Some(rules) = behavior.map_of(direction) {
                    scaling_rules(ctx, rules, &bp.child(direction));
                }
            }
        }
    }
}

/// `ValidateCrossVersionObjectReference` for `scaleTargetRef` or `describedObject`.
fn object_reference(ctx: &mut Ctx, r: &Node, path: &Path, head: Span, allow_empty_group: bool) {
    for key in ["kind", "name"] {
        required_then(
            ctx,
            &HPA_TARGET_REF,
            r,
            key,
            &path.child(key),
            head,
            "",
            path_segment,
        );
    }
    let api_version = r.str_of("apiVersion");
    // An absent apiVersion is left alone (see the module documentation).
    if api_version.is_empty() {
        return;
    }
    let ap = path.child("apiVersion");
    if api_version.matches('/').count() > 1 {
        ctx.invalid(
            &HPA_TARGET_REF,
            &ap,
            r.at("apiVersion"),
            api_version,
            format!("unexpected GroupVersion string: {api_version}"),
        );
    } else if !allow_empty_group
        && api_version
            .split_once('/')
            .is_none_or(|(group, _)| group.is_empty())
    {
        ctx.invalid(
            &HPA_TARGET_REF,
            &ap,
            r.at("apiVersion"),
            api_version,
            "apiVersion must specify API group",
        );
    }
}

/// The source field each metric type names.
const SOURCES: [(&str, &str); 5] = [
    ("Object", "object"),
    ("External", "external"),
    ("Pods", "pods"),
    ("Resource", "resource"),
    ("ContainerResource", "containerResource"),
];

fn validate_metric(ctx: &mut Ctx, metric: &Node, path: &Path) {
    let ty = metric.str_of("type");
    let tp = path.child("type");
    if ty.is_empty() {
        ctx.required_detail(
            &HPA_METRICS,
            &tp,
            at_or(metric, "type", metric.head()),
            "must specify a metric source type",
        );
    }
    let expected = SOURCES.iter().find(|(t, _)| *t == ty).map(|(_, f)| *f);
    // An empty type is also unsupported (both errors, as the server gives them).
    if expected.is_none() {
        ctx.not_supported(
            &HPA_METRICS,
            &tp,
            at_or(metric, "type", metric.head()),
            ty,
            &[
                "ContainerResource",
                "External",
                "Object",
                "Pods",
                "Resource",
            ],
        );
    }
    let given: Vec<&str> = SOURCES
        .iter()
        .map(|(_, f)| *f)
        .filter(|f| metric.map_of(f).is_some())
        .collect();
    // Only the first source given is validated.
    if let Some(first) = given.first() {
        let source = metric.map_of(first).unwrap_or(&EMPTY_MAP);
        let fp = path.child(first);
        validate_source(ctx, first, source, &fp);
    }
    match expected {
        Some(field) if metric.map_of(field).is_none() => {
            let fp = path.child(field);
            ctx.required_detail(
                &HPA_METRICS,
                &fp,
                metric.at("type"),
                "must populate information for the given metric source",
            );
        }
        _ => {}
    }
    if given.len() != 1 {
        for field in &given {
            if Some(*field) != expected {
                let fp = path.child(field);
                ctx.forbidden(
                    &HPA_METRICS,
                    &fp,
                    metric.key_at(field),
                    "must populate the given metric source only",
                );
            }
        }
    }
}

fn validate_source(ctx: &mut Ctx, field: &str, source: &Node, path: &Path) {
    let target = source.map_of("target").unwrap_or(&EMPTY_MAP);
    let tp = path.child("target");
    let target_head = at_or(source, "target", source.head());
    let has = |key: &str| target.get(key).is_some_and(|n| !n.is_null());
    let metric_name = |ctx: &mut Ctx| {
        let metric = source.map_of("metric").unwrap_or(&EMPTY_MAP);
        let mp = path.child("metric");
        required_then(
            ctx,
            &HPA_METRICS,
            metric,
            "name",
            &mp.child("name"),
            at_or(source, "metric", source.head()),
            "must specify a metric name",
            path_segment,
        );
    };
    let resource_name = |ctx: &mut Ctx| {
        if source.str_of("name").is_empty() {
            ctx.required_detail(
                &HPA_METRICS,
                &path.child("name"),
                at_or(source, "name", source.head()),
                "must specify a resource name",
            );
        }
    };
    // Which of a target's two values a source needs: (one of them, or this one alone; what is
    // required where; what is forbidden where when both are set).
    let (either, required_at, required, forbidden): (&[&str], &str, &str, Option<(&str, &str)>) =
        match field {
            "object" => (
                &["value", "averageValue"],
                "averageValue",
                "must set either a target value or averageValue",
                None,
            ),
            "external" => (
                &["value", "averageValue"],
                "averageValue",
                "must set either a target value for metric or a per-pod target",
                Some((
                    "value",
                    "may not set both a target value for metric and a per-pod target",
                )),
            ),
            "pods" => (
                &["averageValue"],
                "averageValue",
                "must specify a positive target averageValue",
                None,
            ),
            _ => (
                &["averageUtilization", "averageValue"],
                "averageUtilization",
                "must set either a target raw value or a target utilization",
                Some((
                    "averageValue",
                    "may not set both a target raw value and a target utilization",
                )),
            ),
        };
    match field {
        "object" => {
            let described = source.map_of("describedObject").unwrap_or(&EMPTY_MAP);
            object_reference(
                ctx,
                described,
                &path.child("describedObject"),
                at_or(source, "describedObject", source.head()),
                true,
            );
            metric_name(ctx);
        }
        "external" | "pods" => metric_name(ctx),
        _ => {
            // resource, containerResource
            resource_name(ctx);
            if field == "containerResource" {
                required_then(
                    ctx,
                    &HPA_METRICS,
                    source,
                    "container",
                    &path.child("container"),
                    source.head(),
                    "must specify a container",
                    format::dns1123_label,
                );
            }
        }
    }
    metric_target(ctx, target, &tp, target_head);
    let set = either.iter().filter(|k| has(k)).count();
    if set == 0 {
        ctx.required_detail(&HPA_METRICS, &tp.child(required_at), target_head, required);
    } else if set == 2
        && let Some((key, detail)) = forbidden
    {
        ctx.forbidden(&HPA_METRICS, &tp.child(key), target.at(key), detail);
    }
}

/// `validateMetricTarget`
fn metric_target(ctx: &mut Ctx, target: &Node, path: &Path, head: Span) {
    let ty = target.str_of("type");
    let tp = path.child("type");
    if ty.is_empty() {
        ctx.required_detail(
            &HPA_METRICS,
            &tp,
            at_or(target, "type", head),
            "must specify a metric target type",
        );
    }
    if !matches!(ty, "Utilization" | "Value" | "AverageValue") {
        ctx.invalid(
            &HPA_METRICS,
            &tp,
            at_or(target, "type", head),
            ty,
            "must be either Utilization, Value, or AverageValue",
        );
    }
    for key in ["value", "averageValue"] {
        if let Some(node) = target.get(key).filter(|n| !n.is_null())
            && let Some(q) = quantity::from_node(node)
            && q.sign() != 1
        {
            ctx.invalid(
                &HPA_METRICS,
                &path.child(key),
                node.span,
                ErrValue::Raw(crate::compat::json::string(&q.canonical())),
                "must be positive",
            );
        }
    }
    if let Some(u) = target.i64_of("averageUtilization")
        && u < 1
    {
        ctx.invalid(
            &HPA_METRICS,
            &path.child("averageUtilization"),
            target.at("averageUtilization"),
            u,
            "must be greater than 0",
        );
    }
}

/// `validateScalingRules` for what the user wrote (the defaults fill the rest, and are valid).
fn scaling_rules(ctx: &mut Ctx, rules: &Node, path: &Path) {
    if let Some(window) = rules.i64_of("stabilizationWindowSeconds") {
        let wp = path.child("stabilizationWindowSeconds");
        let span = rules.at("stabilizationWindowSeconds");
        if window < 0 {
            ctx.invalid(
                &HPA_BEHAVIOR,
                &wp,
                span,
                window,
                "must be greater than or equal to zero",
            );
        }
        if window > 3600 {
            ctx.invalid(
                &HPA_BEHAVIOR,
                &wp,
                span,
                window,
                "must be less than or equal to 3600",
            );
        }
    }
    if let Some(select) = rules.opt_str("selectPolicy")
        && !matches!(select, "Disabled" | "Max" | "Min")
    {
        ctx.not_supported(
            &HPA_BEHAVIOR,
            &path.child("selectPolicy"),
            rules.at("selectPolicy"),
            select,
            &["Disabled", "Max", "Min"],
        );
    }
    let pp = path.child("policies");
    if rules.get("policies").is_some_and(Node::is_seq) && rules.seq_of("policies").is_empty() {
        ctx.required_detail(
            &HPA_BEHAVIOR,
            &pp,
            rules.at("policies"),
            "must specify at least one Policy",
        );
    }
    for (j, policy) in rules.seq_of("policies").iter().enumerate() {
        let ip = pp.index(j);
        let ty = policy.str_of("type");
        if !matches!(ty, "Percent" | "Pods") {
            ctx.not_supported(
                &HPA_BEHAVIOR,
                &ip.child("type"),
                at_or(policy, "type", policy.head()),
                ty,
                &["Percent", "Pods"],
            );
        }
        let value = policy.i64_of("value").unwrap_or(0);
        if value <= 0 {
            ctx.invalid(
                &HPA_BEHAVIOR,
                &ip.child("value"),
                at_or(policy, "value", policy.head()),
                value,
                "must be greater than zero",
            );
        }
        let period = policy.i64_of("periodSeconds").unwrap_or(0);
        let span = at_or(policy, "periodSeconds", policy.head());
        let pp = ip.child("periodSeconds");
        if period <= 0 {
            ctx.invalid(
                &HPA_BEHAVIOR,
                &pp,
                span,
                period,
                "must be greater than zero",
            );
        }
        if period > 1800 {
            ctx.invalid(
                &HPA_BEHAVIOR,
                &pp,
                span,
                period,
                "must be less than or equal to 1800",
            );
        }
    }
    if let Some(node) = rules.get("tolerance").filter(|n| !n.is_null())
        && let Some(q) = quantity::from_node(node)
        && q.is_negative()
    {
        ctx.invalid(
            &HPA_BEHAVIOR,
            &path.child("tolerance"),
            node.span,
            ErrValue::Raw(crate::compat::json::string(&q.canonical())),
            "must be greater than or equal to 0",
        );
    }
}
