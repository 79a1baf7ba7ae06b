import {
  ACCESS_KEY_PATTERN,
  FORMATS,
  isAwsManagedKey,
  partitionOf,
  regionOfArn,
  SECRET_KEY_PATTERN,
  USER_DATA_MAX_BYTES,
} from "./aws-formats";
import { ConfigChecker, type ConfigProblem, join, show } from "./config-checker";
import { GUARD_RULES } from "./guard-rules";
import { IMAGE_PRESETS } from "./image-presets";

const TOP_LEVEL_FIELDS = [
  "account",
  "region",
  "assumeRoleArn",
  "production",
  "allowImageReplacement",
  "tags",
  "backend",
  "baseImage",
  "goldenImage",
  "copies",
  "sharing",
  "launchTemplates",
  "requiredTags",
  "waivers",
  "extend",
] as const;

const BASE_IMAGE_SOURCES = ["preset", "lookup", "ssmParameter", "imageId", "promoted"] as const;
const ARCHITECTURES = ["x86_64", "arm64"] as const;
// Boot volumes: st1 and sc1 cannot boot, and io1/io2 need provisioned IOPS the config does not take.
const VOLUME_TYPES = ["gp3", "gp2", "standard"] as const;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const OWNER_ALIASES = ["amazon", "aws-marketplace", "aws-backup-vault", "self"];
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/** What the rest of the checks need to know about the environment's regions and images. */
interface Context {
  readonly check: ConfigChecker;
  readonly name: string;
  readonly home?: string;
  readonly regions: readonly string[];
  readonly production: boolean;
  readonly hasGolden: boolean;
  readonly baseOnlyInHome: boolean;
}

/**
 * Checks one environment's config and reports every problem at once, each with the file, the
 * field path, the value and what was expected.
 *
 * @param name the environment (stack) name, from the file name
 * @param file the file, as shown in messages, e.g. "environments/prod.ts"
 */
export function validateEnvironment(name: string, file: string, raw: unknown): ConfigProblem[] {
  const check = new ConfigChecker(file);
  if (!ENVIRONMENT_NAME.test(name)) {
    check.report(
      "",
      `file name ${show(name)} is not a valid environment name, expected lower-case letters, digits and hyphens, starting with a letter, such as "staging" or "prod-eu"`,
    );
  }
  const config = check.object("", raw, TOP_LEVEL_FIELDS);
  if (!config) return check.problems;

  if (check.required("account", config.account, FORMATS.account.expected))
    check.string("account", config.account, FORMATS.account);
  const homeValid =
    check.required("region", config.region, FORMATS.region.expected) &&
    check.string("region", config.region, FORMATS.region);
  if (config.assumeRoleArn !== undefined)
    check.string("assumeRoleArn", config.assumeRoleArn, FORMATS.roleArn);
  if (config.production !== undefined) check.boolean("production", config.production);
  if (
    config.allowImageReplacement !== undefined &&
    check.boolean("allowImageReplacement", config.allowImageReplacement)
  ) {
    if (config.production !== true)
      check.expected(
        "allowImageReplacement",
        config.allowImageReplacement,
        "nothing outside production",
        "only production AMIs are protected from replacement",
      );
  }
  if (config.tags !== undefined) checkTags(check, config.tags);
  if (config.backend !== undefined) checkBackend(check, config.backend);

  const home = homeValid ? (config.region as string) : undefined;
  const production = config.production === true;
  const copyRegions = checkCopies(check, config.copies, home, production);
  const baseOnlyInHome = checkBaseImage(check, config.baseImage, production, home);
  const hasGolden = config.goldenImage !== undefined;
  if (hasGolden) checkGoldenImage(check, config.goldenImage, production);

  const context: Context = {
    check,
    name,
    home,
    regions: home ? [home, ...copyRegions] : copyRegions,
    production,
    hasGolden,
    baseOnlyInHome,
  };
  if (config.sharing !== undefined) checkSharing(context, config.sharing, config.copies, config.account);
  if (config.launchTemplates !== undefined) checkLaunchTemplates(context, config.launchTemplates);
  if (config.requiredTags !== undefined) checkRequiredTags(check, config.requiredTags, config.tags);
  if (config.waivers !== undefined) checkWaivers(check, config.waivers);
  if (config.extend !== undefined && typeof config.extend !== "function") {
    check.expected("extend", config.extend, "a function (stack) => void");
  }
  return check.problems;
}

function checkTags(check: ConfigChecker, value: unknown): void {
  const tags = check.record("tags", value);
  if (!tags) return;
  for (const [key, tagValue] of Object.entries(tags)) {
    const path = join("tags", key);
    if (!TAG_KEY.test(key))
      check.report(path, `got tag key ${show(key)}, expected 1-128 characters, not starting with "aws:"`);
    if (key === "Environment")
      check.report(
        path,
        `got ${show(tagValue)}, expected no Environment tag: the pack sets it to the environment name`,
      );
    else if (typeof tagValue !== "string" || tagValue.length > 256)
      check.expected(path, tagValue, "a string of at most 256 characters");
  }
}

function checkBackend(check: ConfigChecker, value: unknown): void {
  const backend = check.object("backend", value, ["local", "s3", "cloud"]);
  if (!backend) return;
  const kinds = Object.keys(backend).filter((key) => ["local", "s3", "cloud"].includes(key));
  if (kinds.length !== 1) {
    check.report(
      "backend",
      `got ${kinds.length === 0 ? "no backend" : kinds.join(" and ")}, expected exactly one of local, s3, cloud`,
    );
    return;
  }
  if (backend.local !== undefined) {
    const local = check.object("backend.local", backend.local, ["path"]);
    if (local?.path !== undefined && check.string("backend.local.path", local.path)) {
      if (/^(\/|[A-Za-z]:[\\/]|~)/.test(local.path)) {
        check.expected(
          "backend.local.path",
          local.path,
          "a path relative to the stack directory",
          "an absolute path ties the output to one machine",
        );
      }
    }
  }
  if (backend.s3 !== undefined) {
    const s3 = check.object("backend.s3", backend.s3, [
      "bucket",
      "key",
      "region",
      "encrypt",
      "useLockfile",
      "dynamodbTable",
    ]);
    if (!s3) return;
    const bucket = {
      test: (v: string) => S3_BUCKET.test(v),
      expected: 'an S3 bucket name such as "acme-terraform-state"',
    };
    if (check.required("backend.s3.bucket", s3.bucket, bucket.expected))
      check.string("backend.s3.bucket", s3.bucket, bucket);
    if (check.required("backend.s3.key", s3.key, 'a state object key such as "ami/prod.tfstate"'))
      check.string("backend.s3.key", s3.key);
    if (check.required("backend.s3.region", s3.region, FORMATS.region.expected))
      check.string("backend.s3.region", s3.region, FORMATS.region);
    if (s3.encrypt !== undefined) check.boolean("backend.s3.encrypt", s3.encrypt);
    if (s3.useLockfile !== undefined) check.boolean("backend.s3.useLockfile", s3.useLockfile);
    if (s3.dynamodbTable !== undefined) check.string("backend.s3.dynamodbTable", s3.dynamodbTable);
  }
  if (backend.cloud !== undefined) {
    const cloud = check.object("backend.cloud", backend.cloud, [
      "organization",
      "workspace",
      "workspaceTags",
      "project",
      "hostname",
    ]);
    if (!cloud) return;
    if (
      check.required("backend.cloud.organization", cloud.organization, "a Terraform Cloud organization name")
    ) {
      check.string("backend.cloud.organization", cloud.organization);
    }
    if (cloud.workspace !== undefined) check.string("backend.cloud.workspace", cloud.workspace);
    if (cloud.workspaceTags !== undefined) {
      const tags = check.array("backend.cloud.workspaceTags", cloud.workspaceTags, "tag strings");
      tags?.forEach((tag, i) => check.string(join("backend.cloud.workspaceTags", i), tag));
      if (cloud.workspace !== undefined) {
        check.report("backend.cloud", "got both workspace and workspaceTags, expected one of them");
      }
    }
    if (cloud.project !== undefined) check.string("backend.cloud.project", cloud.project);
    if (cloud.hostname !== undefined) check.string("backend.cloud.hostname", cloud.hostname);
  }
}

/** Checks the base image; returns whether it exists only in the home region (a pinned ID, or a promoted version). */
function checkBaseImage(
  check: ConfigChecker,
  value: unknown,
  production: boolean,
  home: string | undefined,
): boolean {
  if (!check.required("baseImage", value, `one of ${BASE_IMAGE_SOURCES.join(", ")}`)) return false;
  const base = check.object("baseImage", value, [...BASE_IMAGE_SOURCES, "architecture"]);
  if (!base) return false;
  const sources = BASE_IMAGE_SOURCES.filter((key) => base[key] !== undefined);
  if (sources.length !== 1) {
    check.report(
      "baseImage",
      `got ${sources.length === 0 ? "no image source" : sources.join(" and ")}, expected exactly one of ${BASE_IMAGE_SOURCES.join(", ")}`,
    );
    return false;
  }
  const [source] = sources;
  if (base.architecture !== undefined && source !== "preset") {
    check.report(
      "baseImage.architecture",
      `got ${show(base.architecture)} beside ${source}, expected architecture only with preset${source === "lookup" ? " (use lookup.architecture)" : ""}`,
    );
  }
  const unpinned = (what: string) =>
    check.report(
      `baseImage.${source}`,
      `got ${what}, expected a pinned image in a production environment (imageId, promoted, or lookup without mostRecent): this one can change under the environment`,
    );

  switch (source) {
    case "preset":
      check.oneOf("baseImage.preset", base.preset, IMAGE_PRESETS);
      if (base.architecture !== undefined)
        check.oneOf("baseImage.architecture", base.architecture, ARCHITECTURES);
      if (production) unpinned(`preset ${show(base.preset)}`);
      if (home && partitionOf(home) !== "aws") {
        check.expected(
          "baseImage.preset",
          base.preset,
          `a lookup with the publisher's ${partitionOf(home)} account`,
          `presets name the publishers' accounts of the aws partition, and ${home} is in ${partitionOf(home)}`,
        );
      }
      break;
    case "lookup": {
      const lookup = check.object("baseImage.lookup", base.lookup, [
        "owners",
        "name",
        "architecture",
        "mostRecent",
      ]);
      if (!lookup) break;
      const owner = {
        test: (v: string) => FORMATS.account.test(v) || OWNER_ALIASES.includes(v),
        expected: `a 12-digit account ID or one of ${OWNER_ALIASES.join(", ")}`,
      };
      if (check.required("baseImage.lookup.owners", lookup.owners, "a non-empty list of owners")) {
        check.stringList("baseImage.lookup.owners", lookup.owners, owner);
        if (Array.isArray(lookup.owners) && lookup.owners.length === 0) {
          check.expected(
            "baseImage.lookup.owners",
            lookup.owners,
            "at least one owner",
            "a name filter without owners can match anyone's image",
          );
        }
      }
      if (check.required("baseImage.lookup.name", lookup.name, "an AMI name pattern")) {
        if (check.string("baseImage.lookup.name", lookup.name) && lookup.name.trim() === "")
          check.expected("baseImage.lookup.name", lookup.name, "a non-empty AMI name pattern");
        else if (typeof lookup.name === "string" && production && /[*?]/.test(lookup.name)) {
          check.expected(
            "baseImage.lookup.name",
            lookup.name,
            "an exact AMI name in a production environment",
            "a pattern matches each new release, and several matches fail the plan",
          );
        }
      }
      if (lookup.architecture !== undefined)
        check.oneOf("baseImage.lookup.architecture", lookup.architecture, ARCHITECTURES);
      if (
        lookup.mostRecent !== undefined &&
        check.boolean("baseImage.lookup.mostRecent", lookup.mostRecent) &&
        lookup.mostRecent &&
        production
      ) {
        check.report(
          "baseImage.lookup.mostRecent",
          "got true, expected false or nothing in a production environment: the newest match can change under the environment",
        );
      }
      break;
    }
    case "ssmParameter":
      check.string("baseImage.ssmParameter", base.ssmParameter, FORMATS.ssmParameterName);
      if (production) unpinned(`ssmParameter ${show(base.ssmParameter)}`);
      break;
    case "imageId":
      check.string("baseImage.imageId", base.imageId, FORMATS.amiId);
      return true;
    case "promoted": {
      const promoted = check.object("baseImage.promoted", base.promoted, ["name", "version", "ownerAccount"]);
      if (!promoted) break;
      if (check.required("baseImage.promoted.name", promoted.name, "the golden image name"))
        checkImageName(check, "baseImage.promoted.name", promoted.name);
      if (check.required("baseImage.promoted.version", promoted.version, FORMATS.semver.expected))
        check.string("baseImage.promoted.version", promoted.version, FORMATS.semver);
      if (
        check.required("baseImage.promoted.ownerAccount", promoted.ownerAccount, FORMATS.account.expected)
      ) {
        check.string("baseImage.promoted.ownerAccount", promoted.ownerAccount, FORMATS.account);
      }
      return true;
    }
  }
  return false;
}

function checkImageName(check: ConfigChecker, path: string, value: unknown): void {
  if (!check.string(path, value, FORMATS.imageName)) return;
  if (!/^[A-Za-z0-9]/.test(value) || value.length < 2 || value.length > 100) {
    check.expected(
      path,
      value,
      "2-100 characters starting with a letter or digit",
      'AWS allows 3-128 for the whole "<name>-<version>"',
    );
  }
}

function checkGoldenImage(check: ConfigChecker, value: unknown, production: boolean): void {
  const golden = check.object("goldenImage", value, [
    "name",
    "version",
    "sourceInstanceId",
    "snapshotWithoutReboot",
    "deprecateAt",
    "description",
  ]);
  if (!golden) return;
  if (check.required("goldenImage.name", golden.name, 'an image name such as "web"'))
    checkImageName(check, "goldenImage.name", golden.name);
  if (check.required("goldenImage.version", golden.version, FORMATS.semver.expected))
    check.string("goldenImage.version", golden.version, FORMATS.semver);
  if (typeof golden.name === "string" && typeof golden.version === "string") {
    const amiName = `${golden.name}-${golden.version}`;
    if (amiName.length > 128) {
      check.report(
        "goldenImage",
        `got the AMI name ${show(amiName)} of ${amiName.length} characters, expected at most 128 (AWS's limit for "<name>-<version>"; shorten the name or the version)`,
      );
    }
  }
  if (check.required("goldenImage.sourceInstanceId", golden.sourceInstanceId, FORMATS.instanceId.expected)) {
    check.string("goldenImage.sourceInstanceId", golden.sourceInstanceId, FORMATS.instanceId);
  }
  if (
    golden.snapshotWithoutReboot !== undefined &&
    check.boolean("goldenImage.snapshotWithoutReboot", golden.snapshotWithoutReboot)
  ) {
    if (golden.snapshotWithoutReboot && production) {
      check.report(
        "goldenImage.snapshotWithoutReboot",
        "got true, expected false in a production environment: a snapshot of a running instance may hold a half-written file system",
      );
    }
  }
  if (
    golden.deprecateAt !== undefined &&
    check.string("goldenImage.deprecateAt", golden.deprecateAt, FORMATS.rfc3339Utc)
  ) {
    if (
      Number.isNaN(Date.parse(golden.deprecateAt)) ||
      new Date(golden.deprecateAt).toISOString().slice(0, 10) !== golden.deprecateAt.slice(0, 10)
    ) {
      check.expected("goldenImage.deprecateAt", golden.deprecateAt, "a real calendar date");
    }
  }
  if (
    golden.description !== undefined &&
    check.string("goldenImage.description", golden.description) &&
    golden.description.length > 255
  ) {
    check.expected("goldenImage.description", golden.description, "at most 255 characters");
  }
}

/** Checks copies; returns the well-formed, distinct copy regions. */
function checkCopies(
  check: ConfigChecker,
  value: unknown,
  home: string | undefined,
  production: boolean,
): string[] {
  if (value === undefined) return [];
  const copies = check.array("copies", value, "{ region, kmsKeyId? }");
  if (!copies) return [];
  const regions: string[] = [];
  copies.forEach((item, index) => {
    const path = join("copies", index);
    const copy = check.object(path, item, ["region", "kmsKeyId"]);
    if (!copy) return;
    let region: string | undefined;
    if (
      check.required(`${path}.region`, copy.region, FORMATS.region.expected) &&
      check.string(`${path}.region`, copy.region, FORMATS.region)
    ) {
      region = copy.region;
      if (region === home)
        check.expected(
          `${path}.region`,
          region,
          "a region other than the home region",
          "the image is already there",
        );
      else if (regions.includes(region))
        check.expected(`${path}.region`, region, "each region once", "it is already copied there");
      else if (home && partitionOf(region) !== partitionOf(home))
        check.expected(
          `${path}.region`,
          region,
          `a region of the ${partitionOf(home)} partition, like the home region ${home}`,
          "images cannot be copied across partitions",
        );
      else regions.push(region);
    }
    if (copy.kmsKeyId === undefined) {
      if (production)
        check.report(
          `${path}.kmsKeyId`,
          `missing, expected a customer-managed KMS key ARN in ${region ?? "the copy's region"}: production copies are encrypted with a key the environment controls`,
        );
    } else if (!check.string(`${path}.kmsKeyId`, copy.kmsKeyId, FORMATS.kmsKeyArn)) {
      // Reported as malformed.
    } else if (isAwsManagedKey(copy.kmsKeyId)) {
      check.expected(
        `${path}.kmsKeyId`,
        copy.kmsKeyId,
        "a customer-managed KMS key ARN",
        "an AWS-managed key cannot be shared with other accounts or controlled by the environment",
      );
    } else if (region && regionOfArn(copy.kmsKeyId) !== region) {
      check.expected(
        `${path}.kmsKeyId`,
        copy.kmsKeyId,
        `a KMS key in ${region}`,
        `the key is in ${regionOfArn(copy.kmsKeyId)}; KMS keys are regional`,
      );
    }
  });
  return regions;
}

function checkSharing(context: Context, value: unknown, copiesValue: unknown, account: unknown): void {
  const { check } = context;
  const sharing = check.object("sharing", value, [
    "accountIds",
    "organizationArns",
    "organizationalUnitArns",
  ]);
  if (!sharing) return;
  const accounts =
    sharing.accountIds === undefined
      ? []
      : check.stringList("sharing.accountIds", sharing.accountIds, FORMATS.account);
  accounts.forEach((id, i) => {
    if (id === account)
      check.expected(join("sharing.accountIds", i), id, "another account than the environment's own");
  });
  const orgs =
    sharing.organizationArns === undefined
      ? []
      : check.stringList("sharing.organizationArns", sharing.organizationArns, FORMATS.organizationArn);
  const ous =
    sharing.organizationalUnitArns === undefined
      ? []
      : check.stringList(
          "sharing.organizationalUnitArns",
          sharing.organizationalUnitArns,
          FORMATS.organizationalUnitArn,
        );
  if (accounts.length + orgs.length + ous.length === 0) return;

  const copies = Array.isArray(copiesValue) ? copiesValue : [];
  if (!context.hasGolden && copies.length === 0) {
    check.report(
      "sharing",
      "got principals to share with but no image of the environment's own, expected a goldenImage or copies: the base image belongs to its publisher",
    );
  }
  // A production environment already requires every copy's key.
  copies.forEach((copy, index) => {
    if (
      !context.production &&
      typeof copy === "object" &&
      copy !== null &&
      (copy as Record<string, unknown>).kmsKeyId === undefined
    ) {
      check.report(
        join("copies", index) + ".kmsKeyId",
        `missing, expected a customer-managed KMS key ARN because the environment shares its images: a copy encrypted with the default aws/ebs key cannot be launched by other accounts`,
      );
    }
  });
}

function checkLaunchTemplates(context: Context, value: unknown): void {
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
  }
}

/**
 * The template's regions: all of the environment's unless narrowed to some of them; undefined
 * when they are not known because the home region is invalid (already reported).
 */
function checkTemplateRegions(context: Context, path: string, value: unknown): readonly string[] | undefined {
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

function checkRequiredTags(check: ConfigChecker, value: unknown, tags: unknown): void {
  const keys = check.array("requiredTags", value, "tag keys") ?? [];
  const present = typeof tags === "object" && tags !== null ? Object.keys(tags) : [];
  keys.forEach((key, index) => {
    const path = join("requiredTags", index);
    if (!check.string(path, key)) return;
    if (key !== "Environment" && !present.includes(key)) {
      check.expected(
        path,
        key,
        `a key of tags (${present.join(", ") || "none"})`,
        "the pack's resources carry the environment's tags, so a required tag must be one of them",
      );
    }
  });
}

function checkWaivers(check: ConfigChecker, value: unknown): void {
  const rules = GUARD_RULES.map((rule) => rule.id);
  const waivers = check.array("waivers", value, "{ rule, reason }") ?? [];
  const seen = new Set<string>();
  waivers.forEach((item, index) => {
    const path = join("waivers", index);
    const waiver = check.object(path, item, ["rule", "reason"]);
    if (!waiver) return;
    if (
      check.required(`${path}.rule`, waiver.rule, `one of ${rules.join(", ")}`) &&
      check.oneOf(`${path}.rule`, waiver.rule, rules)
    ) {
      if (seen.has(waiver.rule)) check.expected(`${path}.rule`, waiver.rule, "each rule waived once");
      seen.add(waiver.rule);
    }
    if (typeof waiver.reason !== "string" || waiver.reason.trim().length < 10) {
      check.expected(
        `${path}.reason`,
        waiver.reason,
        "a reason of at least 10 characters",
        "a waiver without a reason is not accepted",
      );
    }
  });
}
