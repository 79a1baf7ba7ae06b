import { accountOfArn, isAwsManagedKey, partitionOf, regionOfArn } from "./aws-formats";
import { type ConfigChecker, join, show } from "./config-checker";
import { because, RULES } from "./rules";

/**
 * The rules that relate several fields of one environment: production, the home region and the
 * copies' regions and keys, sharing, and the launch templates' regions and images. Each field's
 * own shape is checked by the definition (`config-schema.ts`) first; a rule looks only at fields
 * that passed it, so that one mistake is reported once.
 */

type Fields = Record<string, unknown>;
const asFields = (value: unknown): Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : {};
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Whether the field at a path passed its own checks. */
export type IsValid = (path: string) => boolean;

/** Reports every problem between fields of one environment's config. */
export function checkAcrossFields(check: ConfigChecker, raw: unknown, valid: IsValid): void {
  const config = asFields(raw);
  const production = config.production === true;
  const home = valid("region") ? (config.region as string) : undefined;
  const base = asFields(config.baseImage);
  const hasGolden = config.goldenImage !== undefined;
  const hasHomeCopy = config.homeRegionCopy !== undefined;

  if (config.allowImageReplacement === true && !production)
    check.expected(
      "allowImageReplacement",
      true,
      "nothing outside production",
      "only production AMIs are protected from replacement",
    );

  // Copies: another region than home, each once, in the same partition, each key in its region.
  // A retired copy is leaving: its region is no longer the environment's, and needs no key.
  const copyRegions: string[] = [];
  const retiredRegions: string[] = [];
  const copies = valid("copies") || Array.isArray(config.copies) ? asList(config.copies) : [];
  copies.forEach((item, index) => {
    const path = join("copies", index);
    const copy = asFields(item);
    const retired = copy.retired === true;
    const region = valid(`${path}.region`) ? (copy.region as string) : undefined;
    if (region !== undefined) {
      if (region === home)
        check.expected(
          `${path}.region`,
          region,
          "a region other than the home region",
          "the image is already there",
        );
      else if (copyRegions.includes(region) || retiredRegions.includes(region))
        check.expected(`${path}.region`, region, "each region once", "it is already copied there");
      else if (home && partitionOf(region) !== partitionOf(home))
        check.expected(
          `${path}.region`,
          region,
          `a region of the ${partitionOf(home)} partition, like the home region ${home}`,
          "images cannot be copied across partitions",
        );
      else (retired ? retiredRegions : copyRegions).push(region);
    }
    if (!retired) checkCopyKey(check, `${path}.kmsKeyId`, copy.kmsKeyId, region, production, valid);
  });
  const regions = home ? [home, ...copyRegions] : copyRegions;

  if (valid("baseImage")) checkBaseImage(check, base, production, home);
  const baseOnlyInHome = base.imageId !== undefined || base.promoted !== undefined;

  const golden = asFields(config.goldenImage);
  if (production && golden.snapshotWithoutReboot === true)
    check.report(
      "goldenImage.snapshotWithoutReboot",
      `got true, expected false in a production environment: ${because(RULES.snapshotWithoutReboot)}`,
    );

  if (hasHomeCopy && valid("homeRegionCopy")) {
    if (hasGolden)
      check.report(
        "homeRegionCopy",
        "got a home region copy beside goldenImage, expected one of them: the golden image is already the environment's own image in its home region",
      );
    checkCopyKey(
      check,
      "homeRegionCopy.kmsKeyId",
      asFields(config.homeRegionCopy).kmsKeyId,
      home,
      production,
      valid,
    );
  }

  if (valid("sharing")) checkSharing(check, config, { production, hasGolden, hasHomeCopy });

  const named = asFields(golden.name === undefined ? base.promoted : golden).name;
  if (config.publish !== undefined && valid("publish") && typeof named !== "string")
    check.report(
      "publish",
      "got an image without a name to publish, expected a goldenImage or a promoted baseImage: the parameter is <prefix>/<image name>/<environment>",
    );

  // The keys the config names for the environment's own image, by region, and where.
  const imageKeys = new Map<string, { key: string; path: string }>();
  copies.forEach((item, index) => {
    const { region, kmsKeyId } = asFields(item);
    if (typeof region === "string" && typeof kmsKeyId === "string")
      imageKeys.set(region, { key: kmsKeyId, path: `${join("copies", index)}.kmsKeyId` });
  });
  const homeKey = asFields(config.homeRegionCopy).kmsKeyId;
  if (home && hasHomeCopy && typeof homeKey === "string")
    imageKeys.set(home, { key: homeKey, path: "homeRegionCopy.kmsKeyId" });

  const templates = asFields(config.launchTemplates);
  for (const [name, item] of Object.entries(templates)) {
    checkTemplate(check, join("launchTemplates", name), asFields(item), valid, {
      home,
      regions,
      retiredRegions,
      hasGolden,
      baseOnlyInHome,
      account: valid("account") ? (config.account as string) : undefined,
      imageKeys,
    });
  }

  const tagKeys = Object.keys(asFields(config.tags));
  asList(config.requiredTags).forEach((key, index) => {
    if (typeof key === "string" && key !== "Environment" && !tagKeys.includes(key))
      check.expected(
        join("requiredTags", index),
        key,
        `a key of tags (${tagKeys.join(", ") || "none"})`,
        "the pack's resources carry the environment's tags, so a required tag must be one of them",
      );
  });
}

/** A copy's key: required in production, and in the copy's region. */
function checkCopyKey(
  check: ConfigChecker,
  path: string,
  key: unknown,
  region: string | undefined,
  production: boolean,
  valid: IsValid,
): void {
  if (key === undefined) {
    if (production)
      check.report(
        path,
        `missing, expected a customer-managed KMS key ARN in ${region ?? "the copy's region"}: production copies are encrypted with a key the environment controls`,
      );
  } else if (typeof key === "string" && valid(path) && region && regionOfArn(key) !== region) {
    check.expected(
      path,
      key,
      `a KMS key in ${region}`,
      `the key is in ${regionOfArn(key)}; KMS keys are regional`,
    );
  }
}

/** Production pins its image; presets name the publishers of the aws partition only. */
function checkBaseImage(
  check: ConfigChecker,
  base: Fields,
  production: boolean,
  home: string | undefined,
): void {
  const unpinned = (source: string, what: string) =>
    check.report(
      `baseImage.${source}`,
      `got ${what}, expected a pinned image in a production environment (imageId, promoted, or lookup without mostRecent): ${because(RULES.productionImagePinned)}`,
    );
  if (base.preset !== undefined) {
    if (production) unpinned("preset", `preset ${show(base.preset)}`);
    if (home && partitionOf(home) !== "aws")
      check.expected(
        "baseImage.preset",
        base.preset,
        `a lookup with the publisher's ${partitionOf(home)} account`,
        `presets name the publishers' accounts of the aws partition, and ${home} is in ${partitionOf(home)}`,
      );
  }
  if (base.ssmParameter !== undefined && production)
    unpinned("ssmParameter", `ssmParameter ${show(base.ssmParameter)}`);
  const lookup = asFields(base.lookup);
  if (production && typeof lookup.name === "string" && /[*?]/.test(lookup.name))
    check.expected(
      "baseImage.lookup.name",
      lookup.name,
      "an exact AMI name in a production environment",
      "a pattern matches each new release, and several matches fail the plan",
    );
  if (production && lookup.mostRecent === true)
    check.report(
      "baseImage.lookup.mostRecent",
      `got true, expected false or nothing in a production environment: ${because(RULES.productionImagePinned)}`,
    );
}

/** Sharing needs an image of the environment's own, another account, and keys others can use. */
function checkSharing(
  check: ConfigChecker,
  config: Fields,
  { production, hasGolden, hasHomeCopy }: { production: boolean; hasGolden: boolean; hasHomeCopy: boolean },
): void {
  const sharing = asFields(config.sharing);
  const accounts = asList(sharing.accountIds);
  accounts.forEach((id, index) => {
    if (id === config.account)
      check.expected(join("sharing.accountIds", index), id, "another account than the environment's own");
  });
  const principals =
    accounts.length + asList(sharing.organizationArns).length + asList(sharing.organizationalUnitArns).length;
  if (principals === 0) return;
  const copies = asList(config.copies).filter((copy) => asFields(copy).retired !== true);
  if (!hasGolden && !hasHomeCopy && copies.length === 0)
    check.report(
      "sharing",
      "got principals to share with but no image of the environment's own, expected a goldenImage, copies or a homeRegionCopy: the base image belongs to its publisher",
    );
  // A production environment already requires every copy's key.
  if (production) return;
  const unshareable = (path: string) =>
    check.report(
      path,
      "missing, expected a customer-managed KMS key ARN because the environment shares its images: a copy encrypted with the default aws/ebs key cannot be launched by other accounts",
    );
  if (hasHomeCopy && asFields(config.homeRegionCopy).kmsKeyId === undefined)
    unshareable("homeRegionCopy.kmsKeyId");
  copies.forEach((copy, index) => {
    if (typeof copy === "object" && copy !== null && asFields(copy).kmsKeyId === undefined)
      unshareable(`${join("copies", index)}.kmsKeyId`);
  });
}

interface TemplateScope {
  /** The home region, when it is valid. */
  readonly home?: string;
  /** The home region and every valid copy region that is not retired. */
  readonly regions: readonly string[];
  /** Copy regions leaving. */
  readonly retiredRegions: readonly string[];
  readonly hasGolden: boolean;
  /** The base image exists only in the home region (a pinned ID or a promoted version). */
  readonly baseOnlyInHome: boolean;
  /** The environment's account, when it is valid. */
  readonly account?: string;
  /** The key of the environment's own image by region, where the config names one, and the field that does. */
  readonly imageKeys: ReadonlyMap<string, { readonly key: string; readonly path: string }>;
}

/** A template's image exists in its regions, which are the environment's, each with its key. */
function checkTemplate(
  check: ConfigChecker,
  path: string,
  template: Fields,
  valid: IsValid,
  scope: TemplateScope,
): void {
  const image = valid(`${path}.image`)
    ? (template.image ?? (scope.hasGolden ? "golden" : "base"))
    : undefined;
  if (image === "golden" && !scope.hasGolden)
    check.report(`${path}.image`, 'got "golden", expected "base": the environment has no goldenImage');

  // Unknown when the home region is invalid (already reported): no guesses then.
  let regions: readonly string[] | undefined = scope.home ? scope.regions : undefined;
  if (!valid(`${path}.regions`)) regions = undefined;
  else if (Array.isArray(template.regions)) {
    const listed = template.regions as string[];
    if (scope.home) {
      listed.forEach((region, index) => {
        if (!scope.regions.includes(region) && listed.indexOf(region) === index)
          check.expected(
            join(`${path}.regions`, index),
            region,
            `a region of the environment (${scope.regions.join(", ")})`,
            scope.retiredRegions.includes(region)
              ? "its copy is retired: the region is leaving"
              : "add a copy to that region first",
          );
      });
      regions = [...new Set(listed)].filter((region) => scope.regions.includes(region));
    } else regions = listed;
  }

  if (image === "base" && scope.hasGolden && scope.baseOnlyInHome && scope.home) {
    for (const region of (regions ?? []).filter((r) => r !== scope.home))
      check.report(
        `${path}.image`,
        `got "base" in ${region}, expected "golden" or regions: ["${scope.home}"]: the base image (a pinned imageId or a promoted version) exists only in the home region`,
      );
  }

  if (template.autoScaling !== undefined)
    checkAutoScaling(check, path, template, valid, {
      ...scope,
      regions,
      bootsOwnImage: image === (scope.hasGolden ? "golden" : "base"),
    });

  const key = asFields(template.rootVolume).kmsKeyId;
  const keyPath = `${path}.rootVolume.kmsKeyId`;
  if (key === undefined || !regions || !scope.home || !valid(keyPath)) return;
  if (typeof key === "string") {
    if (regions.length !== 1 || regionOfArn(key) !== regions[0])
      check.expected(
        keyPath,
        key,
        regions.length === 1
          ? `a KMS key in ${regions[0]}`
          : `a map of region to key ARN for ${regions.join(", ")}`,
        "KMS keys are regional",
      );
    return;
  }
  const perRegion = asFields(key);
  for (const [region, arn] of Object.entries(perRegion)) {
    const entry = join(keyPath, region);
    if (!regions.includes(region))
      check.expected(entry, region, `one of the template's regions (${regions.join(", ")})`);
    else if (typeof arn === "string" && regionOfArn(arn) !== region)
      check.expected(entry, arn, `a KMS key in ${region}`);
  }
  for (const region of regions.filter((r) => perRegion[r] === undefined))
    check.report(
      join(keyPath, region),
      `missing, expected a KMS key ARN in ${region}: every region of the template needs one`,
    );
}

/**
 * A template's Auto Scaling groups: subnets for exactly the template's regions, target groups of
 * those regions (each ARN in its own), ELB health checks only with target groups, a service-linked
 * role of the environment's account, and the keys the pack grants named by key ARN.
 */
function checkAutoScaling(
  check: ConfigChecker,
  templatePath: string,
  template: Fields,
  valid: IsValid,
  scope: Omit<TemplateScope, "regions"> & {
    /** The template's regions, when they are known. */
    readonly regions: readonly string[] | undefined;
    readonly bootsOwnImage: boolean;
  },
): void {
  const path = `${templatePath}.autoScaling`;
  const autoScaling = asFields(template.autoScaling);
  const { regions } = scope;
  const perRegion = (field: string, what: string, everyRegion: boolean) => {
    if (!regions || autoScaling[field] === undefined || !valid(`${path}.${field}`)) return;
    const lists = asFields(autoScaling[field]);
    for (const [region, items] of Object.entries(lists)) {
      const entry = join(`${path}.${field}`, region);
      if (!regions.includes(region)) {
        check.expected(
          entry,
          region,
          `one of the template's regions (${regions.join(", ")})`,
          scope.retiredRegions.includes(region)
            ? `the copy to ${region} is retired, and the template's group there goes with it`
            : undefined,
        );
        continue;
      }
      asList(items).forEach((item, index) => {
        if (typeof item === "string" && item.startsWith("arn:") && regionOfArn(item) !== region)
          check.expected(
            join(entry, index),
            item,
            `an ARN in ${region}`,
            "a group only uses resources of its own region",
          );
      });
    }
    if (everyRegion)
      for (const region of regions.filter((r) => lists[r] === undefined))
        check.report(
          join(`${path}.${field}`, region),
          `missing, expected ${what} in ${region}: the template runs there, so its group does too`,
        );
  };
  perRegion("subnetIds", "subnet IDs", true);
  perRegion("targetGroupArns", "target group ARNs", false);

  const healthCheckType = asFields(autoScaling.healthCheck).type;
  if (
    regions &&
    healthCheckType === "ELB" &&
    valid(`${path}.healthCheck.type`) &&
    valid(`${path}.targetGroupArns`)
  ) {
    const targetGroups = asFields(autoScaling.targetGroupArns);
    const without = regions.filter((region) => asList(targetGroups[region]).length === 0);
    if (without.length > 0)
      check.expected(
        `${path}.healthCheck.type`,
        "ELB",
        `"EC2", or targetGroupArns in ${without.join(", ")}`,
        "ELB health checks come from the target groups the instances are registered with",
      );
  }
  const role = autoScaling.serviceLinkedRoleArn;
  if (
    typeof role === "string" &&
    scope.account &&
    valid(`${path}.serviceLinkedRoleArn`) &&
    accountOfArn(role) !== scope.account
  )
    check.expected(
      `${path}.serviceLinkedRoleArn`,
      role,
      `a role of the environment's account (${scope.account})`,
      "a group uses a service-linked role of its own account",
    );

  // KMS grants name keys by ID or key ARN: the pack cannot grant a key the config names by alias.
  const isCustomerAlias = (key: string) => /:alias\//.test(key) && !isAwsManagedKey(key);
  const aliasMessage = (region: string) =>
    `a key ARN (arn:...:key/...) in ${region}, not an alias: the group's service-linked role gets a KMS grant on the key, and grants name keys by ID`;
  for (const region of scope.bootsOwnImage ? (regions ?? []) : []) {
    const imageKey = scope.imageKeys.get(region);
    if (imageKey && isCustomerAlias(imageKey.key))
      check.expected(
        imageKey.path,
        imageKey.key,
        aliasMessage(region),
        `${path} runs instances of this image`,
      );
  }
  const rootKey = asFields(template.rootVolume).kmsKeyId;
  const rootPath = `${templatePath}.rootVolume.kmsKeyId`;
  if (typeof rootKey === "string" && isCustomerAlias(rootKey))
    check.expected(rootPath, rootKey, aliasMessage(regionOfArn(rootKey) ?? "its region"));
  for (const [region, key] of Object.entries(asFields(rootKey)))
    if (typeof key === "string" && isCustomerAlias(key))
      check.expected(join(rootPath, region), key, aliasMessage(region));
}
