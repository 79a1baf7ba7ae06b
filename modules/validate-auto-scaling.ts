import { FORMATS, accountOfArn, isAwsManagedKey, regionOfArn } from "./aws-formats";
import { type ConfigChecker, join } from "./config-checker";
import type { EnvironmentScope } from "./environment-scope";

/** The largest gap AWS allows between an instance refresh's minimum and maximum healthy percentages. */
const HEALTHY_PERCENTAGE_GAP = 100;
/** AWS's longest pause at a checkpoint: two days. */
const CHECKPOINT_DELAY_MAX_SECONDS = 172_800;

/** What the Auto Scaling checks need to know about the launch template. */
export interface FleetTemplateScope {
  /** `launchTemplates.web.autoScaling` */
  readonly path: string;
  /** The template's valid regions; undefined when they are not known (already reported). */
  readonly regions: readonly string[] | undefined;
  /** The template boots the environment's own image, whose copies use `imageKeys`. */
  readonly bootsOwnImage: boolean;
  /** The template's `rootVolume.kmsKeyId`, as written. */
  readonly rootVolumeKey: unknown;
}

/** Checks a launch template's `autoScaling`: subnets, sizes, health check, target groups, refresh, role, keys. */
export function checkAutoScaling(
  context: EnvironmentScope,
  template: FleetTemplateScope,
  value: unknown,
): void {
  const { check } = context;
  const { path, regions } = template;
  const config = check.object(path, value, [
    "subnetIds",
    "minSize",
    "maxSize",
    "desiredCapacity",
    "healthCheck",
    "targetGroupArns",
    "refresh",
    "serviceLinkedRoleArn",
  ]);
  if (!config) return;
  if (check.required(`${path}.subnetIds`, config.subnetIds, "subnet IDs per region of the template"))
    checkPerRegion(
      check,
      `${path}.subnetIds`,
      config.subnetIds,
      regions,
      FORMATS.subnetId,
      "subnet IDs",
      true,
    );
  checkSizes(check, path, config);
  const targetGroups =
    config.targetGroupArns === undefined
      ? {}
      : checkPerRegion(
          check,
          `${path}.targetGroupArns`,
          config.targetGroupArns,
          regions,
          FORMATS.targetGroupArn,
          "target group ARNs",
          false,
        );
  if (config.healthCheck !== undefined)
    checkHealthCheck(check, `${path}.healthCheck`, config.healthCheck, regions, targetGroups);
  if (config.refresh !== undefined) checkRefresh(check, `${path}.refresh`, config.refresh);
  if (config.serviceLinkedRoleArn !== undefined)
    checkServiceLinkedRole(context, `${path}.serviceLinkedRoleArn`, config.serviceLinkedRoleArn);
  checkGrantableKeys(context, template);
}

/**
 * A map of the template's regions to lists of IDs of one format, each in its region when it is an
 * ARN. With `everyRegion`, each region of the template needs a non-empty list. Answers the valid
 * lists by region.
 */
function checkPerRegion(
  check: ConfigChecker,
  path: string,
  value: unknown,
  regions: readonly string[] | undefined,
  format: (typeof FORMATS)[keyof typeof FORMATS],
  what: string,
  everyRegion: boolean,
): Record<string, string[]> {
  const perRegion = check.record(path, value);
  if (!perRegion) return {};
  const valid: Record<string, string[]> = {};
  for (const [region, list] of Object.entries(perRegion)) {
    const entry = join(path, region);
    if (regions && !regions.includes(region)) {
      check.expected(entry, region, `one of the template's regions (${regions.join(", ")})`);
      continue;
    }
    const items = check.stringList(entry, list, format);
    if (Array.isArray(list) && list.length === 0) check.expected(entry, list, `at least one of the ${what}`);
    items.forEach((item) => {
      const itemRegion = item.startsWith("arn:") ? regionOfArn(item) : region;
      if (itemRegion !== region)
        check.expected(
          join(entry, (list as unknown[]).indexOf(item)),
          item,
          `an ARN in ${region}`,
          "a group only uses resources of its own region",
        );
    });
    valid[region] = items;
  }
  if (everyRegion) {
    for (const region of (regions ?? []).filter((r) => perRegion[r] === undefined)) {
      check.report(
        join(path, region),
        `missing, expected ${what} in ${region}: the template runs there, so its group does too`,
      );
    }
  }
  return valid;
}

function wholeNumber(check: ConfigChecker, path: string, value: unknown, max?: number): value is number {
  const valid = typeof value === "number" && Number.isInteger(value) && value >= 0;
  if (valid && (max === undefined || value <= max)) return true;
  check.expected(
    path,
    value,
    max === undefined ? "a whole number, 0 or more" : `a whole number from 0 to ${max}`,
  );
  return false;
}

/** `minSize <= desiredCapacity <= maxSize`. */
function checkSizes(check: ConfigChecker, path: string, config: Record<string, unknown>): void {
  const min =
    check.required(`${path}.minSize`, config.minSize, "the fewest instances, a whole number") &&
    wholeNumber(check, `${path}.minSize`, config.minSize)
      ? config.minSize
      : undefined;
  const max =
    check.required(`${path}.maxSize`, config.maxSize, "the most instances, a whole number") &&
    wholeNumber(check, `${path}.maxSize`, config.maxSize)
      ? config.maxSize
      : undefined;
  if (min !== undefined && max !== undefined && max < min)
    check.expected(`${path}.maxSize`, max, `at least minSize (${min})`);
  const desired = config.desiredCapacity;
  if (desired === undefined || !wholeNumber(check, `${path}.desiredCapacity`, desired)) return;
  if ((min !== undefined && desired < min) || (max !== undefined && desired > max)) {
    check.expected(
      `${path}.desiredCapacity`,
      desired,
      `from minSize to maxSize (${min ?? "?"} to ${max ?? "?"})`,
      "AWS refuses a desired capacity outside the group's size",
    );
  }
}

function checkHealthCheck(
  check: ConfigChecker,
  path: string,
  value: unknown,
  regions: readonly string[] | undefined,
  targetGroups: Readonly<Record<string, readonly string[]>>,
): void {
  const healthCheck = check.object(path, value, ["type", "gracePeriodSeconds"]);
  if (!healthCheck) return;
  if (
    check.required(`${path}.type`, healthCheck.type, '"EC2" or "ELB"') &&
    check.oneOf(`${path}.type`, healthCheck.type, ["EC2", "ELB"] as const) &&
    healthCheck.type === "ELB"
  ) {
    const without = (regions ?? []).filter((region) => (targetGroups[region] ?? []).length === 0);
    if (without.length > 0) {
      check.expected(
        `${path}.type`,
        "ELB",
        `"EC2", or targetGroupArns in ${without.join(", ")}`,
        "ELB health checks come from the target groups the instances are registered with",
      );
    }
  }
  if (healthCheck.gracePeriodSeconds !== undefined)
    wholeNumber(check, `${path}.gracePeriodSeconds`, healthCheck.gracePeriodSeconds);
}

function checkRefresh(check: ConfigChecker, path: string, value: unknown): void {
  const refresh = check.object(path, value, [
    "minHealthyPercentage",
    "maxHealthyPercentage",
    "instanceWarmupSeconds",
    "skipMatching",
    "autoRollback",
    "checkpointPercentages",
    "checkpointDelaySeconds",
  ]);
  if (!refresh) return;
  const min =
    refresh.minHealthyPercentage === undefined
      ? 90
      : check.integer(`${path}.minHealthyPercentage`, refresh.minHealthyPercentage, 0, 100)
        ? refresh.minHealthyPercentage
        : undefined;
  const max =
    refresh.maxHealthyPercentage === undefined
      ? 100
      : check.integer(`${path}.maxHealthyPercentage`, refresh.maxHealthyPercentage, 100, 200)
        ? refresh.maxHealthyPercentage
        : undefined;
  if (min !== undefined && max !== undefined && max - min > HEALTHY_PERCENTAGE_GAP) {
    check.expected(
      refresh.maxHealthyPercentage === undefined
        ? `${path}.minHealthyPercentage`
        : `${path}.maxHealthyPercentage`,
      refresh.maxHealthyPercentage ?? refresh.minHealthyPercentage,
      `at most ${HEALTHY_PERCENTAGE_GAP} between minHealthyPercentage (${min}) and maxHealthyPercentage (${max})`,
      "AWS's limit on their gap",
    );
  }
  if (refresh.instanceWarmupSeconds !== undefined)
    wholeNumber(check, `${path}.instanceWarmupSeconds`, refresh.instanceWarmupSeconds);
  if (refresh.skipMatching !== undefined) check.boolean(`${path}.skipMatching`, refresh.skipMatching);
  if (refresh.autoRollback !== undefined) check.boolean(`${path}.autoRollback`, refresh.autoRollback);
  if (refresh.checkpointPercentages !== undefined)
    checkCheckpoints(check, `${path}.checkpointPercentages`, refresh.checkpointPercentages);
  if (refresh.checkpointDelaySeconds !== undefined) {
    const delayPath = `${path}.checkpointDelaySeconds`;
    if (
      wholeNumber(check, delayPath, refresh.checkpointDelaySeconds, CHECKPOINT_DELAY_MAX_SECONDS) &&
      refresh.checkpointPercentages === undefined
    ) {
      check.expected(
        delayPath,
        refresh.checkpointDelaySeconds,
        "checkpointPercentages beside it",
        "the delay is the pause at each checkpoint",
      );
    }
  }
}

/** Percentages from 1 to 100, strictly ascending, the last one 100. */
function checkCheckpoints(check: ConfigChecker, path: string, value: unknown): void {
  const items = check.array(path, value, "percentages") ?? [];
  if (Array.isArray(value) && value.length === 0) {
    check.expected(path, value, "at least one percentage, the last one 100, or no checkpointPercentages");
    return;
  }
  const valid = items.every((item, index) => check.integer(join(path, index), item, 1, 100));
  if (!valid) return;
  const numbers = items as number[];
  const ascending = numbers.every((item, index) => index === 0 || item > numbers[index - 1]);
  if (!ascending || numbers[numbers.length - 1] !== 100) {
    check.expected(
      path,
      value,
      "percentages in ascending order ending at 100, such as [25, 100]",
      "the refresh pauses at each one and finishes at 100",
    );
  }
}

function checkServiceLinkedRole(context: EnvironmentScope, path: string, value: unknown): void {
  const { check } = context;
  if (!check.string(path, value, FORMATS.autoScalingRoleArn)) return;
  if (context.account && accountOfArn(value) !== context.account) {
    check.expected(
      path,
      value,
      `a role of the environment's account (${context.account})`,
      "a group uses a service-linked role of its own account",
    );
  }
}

/**
 * KMS grants name their key by ID or key ARN, not by alias: the pack cannot grant the
 * service-linked role a key the config names by alias (AWS-managed aliases need no grant).
 */
function checkGrantableKeys(context: EnvironmentScope, template: FleetTemplateScope): void {
  const { check } = context;
  const aliasMessage = (region: string) =>
    `a key ARN (arn:...:key/...) in ${region}, not an alias: the group's service-linked role gets a KMS grant on the key, and grants name keys by ID`;
  for (const region of template.regions ?? []) {
    const imageKey = template.bootsOwnImage ? context.imageKeys[region] : undefined;
    if (imageKey && isCustomerAlias(imageKey.kmsKeyId)) {
      check.expected(
        imageKey.path,
        imageKey.kmsKeyId,
        aliasMessage(region),
        `${template.path} runs instances of this image`,
      );
    }
  }
  const root = template.rootVolumeKey;
  const rootPath = `${template.path.replace(/\.autoScaling$/, "")}.rootVolume.kmsKeyId`;
  if (typeof root === "string" && isCustomerAlias(root))
    check.expected(rootPath, root, aliasMessage(regionOfArn(root) ?? "its region"));
  if (typeof root === "object" && root !== null) {
    for (const [region, key] of Object.entries(root)) {
      if (typeof key === "string" && isCustomerAlias(key))
        check.expected(join(rootPath, region), key, aliasMessage(region));
    }
  }
}

function isCustomerAlias(arn: string): boolean {
  return /:alias\//.test(arn) && !isAwsManagedKey(arn);
}
