import {
  type JsonObject,
  booleanAt,
  numberAt,
  objectAt,
  stringAt,
  stringsAt,
} from "../../modules/terraform-json";
import type { AutoScalingGroupEntry, KeyGrantEntry, RefreshSettings } from "./review-model";
import type { StackDocument, TerraformBlock } from "./stack-document";
import { showExpression, showValue, soleReference } from "./terraform-references";

/** Versions a group can name that do not change when the template gets a new version. */
export const MOVING_VERSIONS: readonly string[] = ["$Latest", "$Default"];

/** Every `aws_autoscaling_group` of the stack, in address order. */
export function readAutoScalingGroups(stack: StackDocument): AutoScalingGroupEntry[] {
  return stack.blocksOfType("aws_autoscaling_group").map((block) => {
    const { body } = block;
    const template = launchTemplateOf(body);
    const templateReference = soleReference(template?.id ?? template?.name);
    const version = template?.version;
    const versionReference = soleReference(version);
    return {
      address: block.address,
      region: block.region,
      name: stringAt(body, "name") ?? (stringAt(body, "name_prefix") && `${stringAt(body, "name_prefix")}*`),
      launchTemplate: templateReference?.address ?? (template && showValue(template.id ?? template.name)),
      version: version === undefined ? undefined : showValue(version),
      followsNewVersions:
        versionReference?.attribute === "latest_version" &&
        (!templateReference || versionReference.address === templateReference.address),
      minSize: numberAt(body, "min_size"),
      maxSize: numberAt(body, "max_size"),
      desiredCapacity: numberAt(body, "desired_capacity"),
      healthCheckType: stringAt(body, "health_check_type") ?? "EC2",
      healthCheckGraceSeconds: numberAt(body, "health_check_grace_period"),
      subnets: stringsAt(body, "vpc_zone_identifier").map(showExpression),
      targetGroups: stringsAt(body, "target_group_arns").map(showExpression),
      serviceLinkedRole: stringAt(body, "service_linked_role_arn"),
      refresh: refreshSettings(body),
    };
  });
}

/** The launch template a group launches, directly or through its mixed instances policy. */
export function launchTemplateOf(
  body: JsonObject,
): { id?: string; name?: string; version?: string } | undefined {
  const direct = objectAt(body, "launch_template");
  const mixed = objectAt(
    objectAt(objectAt(body, "mixed_instances_policy"), "launch_template"),
    "launch_template_specification",
  );
  const found = direct ?? mixed;
  if (!found) return undefined;
  return {
    id: stringAt(found, "id") ?? stringAt(found, "launch_template_id"),
    name: stringAt(found, "name") ?? stringAt(found, "launch_template_name"),
    version: stringAt(found, "version") ?? numberAt(found, "version")?.toString(),
  };
}

/** `instance_refresh` with AWS's defaults filled in, or undefined when the group has none. */
export function refreshSettings(body: JsonObject): RefreshSettings | undefined {
  const refresh = objectAt(body, "instance_refresh");
  if (!refresh) return undefined;
  const preferences = objectAt(refresh, "preferences");
  const checkpoints = preferences?.checkpoint_percentages;
  return {
    strategy: stringAt(refresh, "strategy") ?? "Rolling",
    minHealthyPercentage: numberAt(preferences, "min_healthy_percentage") ?? 90,
    maxHealthyPercentage: numberAt(preferences, "max_healthy_percentage") ?? 100,
    instanceWarmupSeconds: numberAt(preferences, "instance_warmup"),
    skipMatching: booleanAt(preferences, "skip_matching") ?? false,
    autoRollback: booleanAt(preferences, "auto_rollback") ?? false,
    checkpointPercentages: Array.isArray(checkpoints)
      ? checkpoints.filter((item): item is number => typeof item === "number")
      : [],
    checkpointDelaySeconds: numberAt(preferences, "checkpoint_delay"),
  };
}

/** Every `aws_kms_grant` of the stack, in address order. */
export function readKeyGrants(stack: StackDocument): KeyGrantEntry[] {
  return stack.blocksOfType("aws_kms_grant").map((block: TerraformBlock) => ({
    address: block.address,
    region: block.region,
    key: showValue(block.body.key_id),
    grantee: showValue(block.body.grantee_principal),
    operations: stringsAt(block.body, "operations"),
  }));
}

/** A refresh in a few words: "rolling, 90-100 % healthy, warmup 300 s, checkpoints at 20 %, 100 % (600 s each), skips matching, rolls back". */
export function describeRefresh(refresh: RefreshSettings): string {
  const checkpoints =
    refresh.checkpointPercentages.length > 0
      ? `checkpoints at ${refresh.checkpointPercentages.map((p) => `${p} %`).join(", ")} (${refresh.checkpointDelaySeconds ?? 3600} s each)`
      : "no checkpoints";
  return [
    refresh.strategy.toLowerCase(),
    `${refresh.minHealthyPercentage}-${refresh.maxHealthyPercentage} % healthy`,
    refresh.instanceWarmupSeconds === undefined
      ? "default warmup"
      : `warmup ${refresh.instanceWarmupSeconds} s`,
    checkpoints,
    refresh.skipMatching ? "skips matching instances" : "replaces every instance",
    refresh.autoRollback ? "rolls back on failure" : "**no automatic rollback**",
  ].join(", ");
}
