//! Pod spec fields besides containers and volumes: TODO(helper) — see spec §6, §9, §10, §11.

use super::pod::PodScope;
use super::{Ctx, Path};

pub const RULES: &[&crate::rules::Rule] = &[];

/// `spec.resourceClaims` (`path` is the pod spec's path).
pub fn validate_resource_claims(_ctx: &mut Ctx, _scope: &PodScope, _path: &Path) {}

/// Steps 8–32 of `ValidatePodSpec`: host ports with hostNetwork, restartPolicy, dnsPolicy,
/// nodeSelector, securityContext, imagePullSecrets, affinity, dnsConfig, readinessGates,
/// schedulingGates, topologySpreadConstraints, hostUsers, serviceAccountName, nodeName,
/// activeDeadlineSeconds, hostname, subdomain, tolerations, hostAliases, priorityClassName,
/// runtimeClassName, preemptionPolicy, os.
pub fn validate_spec_fields(_ctx: &mut Ctx, _scope: &PodScope, _path: &Path) {}
