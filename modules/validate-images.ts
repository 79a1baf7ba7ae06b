import { FORMATS, isAwsManagedKey, partitionOf, regionOfArn } from "./aws-formats";
import { type ConfigChecker, join, show } from "./config-checker";
import { IMAGE_PRESETS } from "./image-presets";
import {
  checkGoldenImageVersion,
  checkGoldenImageVersions,
  checkPromotedVersions,
  goldenImageFields,
} from "./validate-lifecycle";

const BASE_IMAGE_SOURCES = ["preset", "lookup", "ssmParameter", "imageId", "promoted"] as const;
const ARCHITECTURES = ["x86_64", "arm64"] as const;
const OWNER_ALIASES = ["amazon", "aws-marketplace", "aws-backup-vault", "self"];

/** Checks the base image; returns whether it exists only in the home region (a pinned ID, or a promoted version). */
export function checkBaseImage(
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
      const promoted = check.object("baseImage.promoted", base.promoted, [
        "name",
        "version",
        "ownerAccount",
        "keep",
        "retired",
      ]);
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
      checkPromotedVersions(check, promoted);
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

/**
 * Checks `goldenImage`: an AMI name AWS accepts, and either its versions (semantic versions, each
 * with its builder instance, and the current one) or the one-version form.
 */
export function checkGoldenImage(check: ConfigChecker, value: unknown, production: boolean): void {
  const raw = check.record("goldenImage", value);
  if (!raw) return;
  const golden = check.object("goldenImage", raw, goldenImageFields(check, raw));
  if (!golden) return;
  if (check.required("goldenImage.name", golden.name, 'an image name such as "web"'))
    checkImageName(check, "goldenImage.name", golden.name);
  if (golden.versions !== undefined) {
    checkGoldenImageVersions(check, golden);
  } else {
    if (check.required("goldenImage.version", golden.version, FORMATS.semver.expected))
      check.string("goldenImage.version", golden.version, FORMATS.semver);
    checkGoldenImageVersion(check, "goldenImage", golden.name, golden.version, golden);
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
}

/** The well-formed, distinct copy regions: those that stay, and those leaving. */
export interface CopyRegions {
  readonly kept: string[];
  readonly retired: string[];
}

/** Checks copies; returns the well-formed, distinct copy regions. */
export function checkCopies(
  check: ConfigChecker,
  value: unknown,
  home: string | undefined,
  production: boolean,
): CopyRegions {
  const regions: string[] = [];
  const retired: string[] = [];
  if (value === undefined) return { kept: regions, retired };
  const copies = check.array("copies", value, "{ region, kmsKeyId?, retired? }");
  if (!copies) return { kept: regions, retired };
  copies.forEach((item, index) => {
    const path = join("copies", index);
    const copy = check.object(path, item, ["region", "kmsKeyId", "retired"]);
    if (!copy) return;
    const leaving =
      copy.retired !== undefined && check.boolean(`${path}.retired`, copy.retired) && copy.retired;
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
      else if (regions.includes(region) || retired.includes(region))
        check.expected(`${path}.region`, region, "each region once", "it is already copied there");
      else if (home && partitionOf(region) !== partitionOf(home))
        check.expected(
          `${path}.region`,
          region,
          `a region of the ${partitionOf(home)} partition, like the home region ${home}`,
          "images cannot be copied across partitions",
        );
      else if (leaving) retired.push(region);
      else regions.push(region);
    }
    if (copy.kmsKeyId === undefined) {
      // A region leaving has no copy left to encrypt.
      if (production && !leaving)
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
  return { kept: regions, retired };
}

/** Checks `homeRegionCopy`: only without a golden image, with a customer-managed key of the home region. */
export function checkHomeRegionCopy(
  check: ConfigChecker,
  value: unknown,
  home: string | undefined,
  production: boolean,
  hasGolden: boolean,
): void {
  const copy = check.object("homeRegionCopy", value, ["kmsKeyId"]);
  if (!copy) return;
  if (hasGolden) {
    check.report(
      "homeRegionCopy",
      "got a home region copy beside goldenImage, expected one of them: the golden image is already the environment's own image in its home region",
    );
  }
  const path = "homeRegionCopy.kmsKeyId";
  if (copy.kmsKeyId === undefined) {
    if (production) {
      check.report(
        path,
        `missing, expected a customer-managed KMS key ARN in ${home ?? "the home region"}: production copies are encrypted with a key the environment controls`,
      );
    }
  } else if (!check.string(path, copy.kmsKeyId, FORMATS.kmsKeyArn)) {
    // Reported as malformed.
  } else if (isAwsManagedKey(copy.kmsKeyId)) {
    check.expected(
      path,
      copy.kmsKeyId,
      "a customer-managed KMS key ARN",
      "an AWS-managed key cannot be shared with other accounts or controlled by the environment",
    );
  } else if (home && regionOfArn(copy.kmsKeyId) !== home) {
    check.expected(
      path,
      copy.kmsKeyId,
      `a KMS key in ${home}`,
      `the key is in ${regionOfArn(copy.kmsKeyId)}; KMS keys are regional`,
    );
  }
}
