import {
  ACCESS_KEY_PATTERN,
  FORMATS,
  regionOfArn,
  SECRET_KEY_PATTERN,
  USER_DATA_MAX_BYTES,
} from "./aws-formats";
import { type ConfigChecker, join } from "./config-checker";
import type { EnvironmentScope } from "./environment-scope";
import { checkAutoScaling } from "./validate-auto-scaling";

// Boot volumes: st1 and sc1 cannot boot, and io1/io2 need provisioned IOPS the config does not take.
const VOLUME_TYPES = ["gp3", "gp2", "standard"] as const;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/** Checks every launch template: its name, instance settings, regions, user data and root volume. */
export function checkLaunchTemplates(context: EnvironmentScope, value: unknown): void {
  const { check } = context;
  const templates = check.record("launchTemplates", value);
  if (!templates) return;
  for (const [name, raw] of Object.entries(templates)) {
    const path = join("launchTemplates", name);
    if (!FORMATS.templateName.test(name)) {
      check.expected(
        path,
        name,
        'a template name of lower-case letters, digits and hyphens, starting with a letter, such as "web" or "api-worker"',
        "it names the launch template and its Terraform address",
      );
    }
    const template = check.object(path, raw, [
      "instanceType",
      "image",
      "regions",
      "securityGroupIds",
      "instanceProfileName",
      "userData",
      "rootVolume",
      "metadataHopLimit",
      "autoScaling",
    ]);
    if (!template) continue;
    if (check.required(`${path}.instanceType`, template.instanceType, FORMATS.instanceType.expected)) {
      check.string(`${path}.instanceType`, template.instanceType, FORMATS.instanceType);
    }
    let image = context.hasGolden ? "golden" : "base";
    if (
      template.image !== undefined &&
      check.oneOf(`${path}.image`, template.image, ["golden", "base"] as const)
    ) {
      image = template.image;
      if (image === "golden" && !context.hasGolden) {
        check.report(`${path}.image`, 'got "golden", expected "base": the environment has no goldenImage');
      }
    }
    const regions = checkTemplateRegions(context, `${path}.regions`, template.regions);
    if (image === "base" && context.hasGolden && context.baseOnlyInHome && context.home) {
      for (const region of (regions ?? []).filter((r) => r !== context.home)) {
        check.report(
          `${path}.image`,
          `got "base" in ${region}, expected "golden" or regions: ["${context.home}"]: the base image (a pinned imageId or a promoted version) exists only in the home region`,
        );
      }
    }
    if (template.securityGroupIds !== undefined)
      check.stringList(`${path}.securityGroupIds`, template.securityGroupIds, FORMATS.securityGroupId);
    if (template.instanceProfileName !== undefined) {
      check.string(`${path}.instanceProfileName`, template.instanceProfileName, {
        test: (v) => IAM_NAME.test(v),
        expected: 'an instance profile name such as "web-instance"',
      });
    }
    if (template.userData !== undefined) checkUserData(check, `${path}.userData`, template.userData);
    if (template.rootVolume !== undefined)
      checkRootVolume(check, `${path}.rootVolume`, template.rootVolume, regions);
    if (template.metadataHopLimit !== undefined)
      check.integer(`${path}.metadataHopLimit`, template.metadataHopLimit, 1, 64);
    if (template.autoScaling !== undefined) {
      const rootVolume = template.rootVolume as { kmsKeyId?: unknown } | undefined;
      checkAutoScaling(
        context,
        {
          path: `${path}.autoScaling`,
          regions,
          bootsOwnImage: image === (context.hasGolden ? "golden" : "base"),
          rootVolumeKey: typeof rootVolume === "object" ? rootVolume?.kmsKeyId : undefined,
        },
        template.autoScaling,
      );
    }
  }
}

/**
 * The template's regions: all of the environment's unless narrowed to some of them; undefined
 * when they are not known because the home region is invalid (already reported).
 */
function checkTemplateRegions(
  context: EnvironmentScope,
  path: string,
  value: unknown,
): readonly string[] | undefined {
  const { check } = context;
  if (value === undefined) return context.home ? context.regions : undefined;
  const regions = check.stringList(path, value, FORMATS.region);
  if (Array.isArray(value) && value.length === 0)
    check.expected(path, value, "at least one region, or no regions field for all of them");
  if (!context.home) return regions;
  regions.forEach((region) => {
    if (!context.regions.includes(region)) {
      check.expected(
        join(path, (value as unknown[]).indexOf(region)),
        region,
        `a region of the environment (${context.regions.join(", ")})`,
        "add a copy to that region first",
      );
    }
  });
  return regions.filter((region) => context.regions.includes(region));
}

function checkUserData(check: ConfigChecker, path: string, value: unknown): void {
  if (!check.string(path, value)) return;
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > USER_DATA_MAX_BYTES) {
    check.report(
      path,
      `got ${bytes} bytes, expected at most ${USER_DATA_MAX_BYTES} (EC2's user data limit before base64)`,
    );
  }
  const accessKey = ACCESS_KEY_PATTERN.exec(value)?.[0];
  const credential = accessKey
    ? `an AWS access key ID (${accessKey.slice(0, 4)}...)`
    : SECRET_KEY_PATTERN.test(value)
      ? "an AWS secret access key (aws_secret_access_key=...)"
      : undefined;
  if (credential) {
    check.report(
      path,
      `got ${credential}, expected no AWS credentials (user data is readable by anyone who can describe the instance; use the instance profile)`,
    );
  }
}

function checkRootVolume(
  check: ConfigChecker,
  path: string,
  value: unknown,
  regions: readonly string[] | undefined,
): void {
  const volume = check.object(path, value, ["sizeGiB", "type", "kmsKeyId"]);
  if (!volume) return;
  if (volume.sizeGiB !== undefined) check.integer(`${path}.sizeGiB`, volume.sizeGiB, 1, 65536);
  if (volume.type !== undefined) check.oneOf(`${path}.type`, volume.type, VOLUME_TYPES);
  const key = volume.kmsKeyId;
  if (key === undefined) return;
  const keyPath = `${path}.kmsKeyId`;
  if (typeof key === "string") {
    if (!check.string(keyPath, key, FORMATS.kmsKeyArn) || !regions) return;
    if (regions.length !== 1 || regionOfArn(key) !== regions[0]) {
      check.expected(
        keyPath,
        key,
        regions.length === 1
          ? `a KMS key in ${regions[0]}`
          : `a map of region to key ARN for ${regions.join(", ")}`,
        "KMS keys are regional",
      );
    }
    return;
  }
  const perRegion = check.record(keyPath, key);
  if (!perRegion) return;
  for (const [region, arn] of Object.entries(perRegion)) {
    const entry = join(keyPath, region);
    if (!regions) check.string(entry, arn, FORMATS.kmsKeyArn);
    else if (!regions.includes(region))
      check.expected(entry, region, `one of the template's regions (${regions.join(", ")})`);
    else if (check.string(entry, arn, FORMATS.kmsKeyArn) && regionOfArn(arn) !== region)
      check.expected(entry, arn, `a KMS key in ${region}`);
  }
  for (const region of (regions ?? []).filter((r) => perRegion[r] === undefined)) {
    check.report(
      join(keyPath, region),
      `missing, expected a KMS key ARN in ${region}: every region of the template needs one`,
    );
  }
}
