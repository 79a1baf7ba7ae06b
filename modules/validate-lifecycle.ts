import { FORMATS } from "./aws-formats";
import { type ConfigChecker, join, show, suggest } from "./config-checker";

/** Fields of one golden image version, in either form of `goldenImage`. */
const VERSION_FIELDS = ["sourceInstanceId", "deprecateAt", "description"] as const;
const ONE_VERSION_FIELDS = ["name", "version", ...VERSION_FIELDS, "snapshotWithoutReboot"] as const;
const VERSIONED_FIELDS = ["name", "versions", "current", "snapshotWithoutReboot"] as const;
/** SSM parameter names: letters, digits and `_.-` in `/`-separated levels, at most 15 levels. */
const PARAMETER_PATH = /^(\/[A-Za-z0-9_.-]+)+$/;

/**
 * The fields `goldenImage` accepts in the form it is written in: `versions` (with `current`), or
 * the one-version form. Reports a mix of both.
 */
export function goldenImageFields(check: ConfigChecker, golden: Record<string, unknown>): readonly string[] {
  if (golden.versions === undefined) return ONE_VERSION_FIELDS;
  const mixed = ONE_VERSION_FIELDS.filter(
    (field) => !(VERSIONED_FIELDS as readonly string[]).includes(field) && golden[field] !== undefined,
  );
  if (mixed.length > 0) {
    check.report(
      "goldenImage",
      `got versions beside ${mixed.join(", ")}, expected one form: versions: { "<version>": { sourceInstanceId, ... } } with current, or name, version and sourceInstanceId for a single version`,
    );
  }
  return [...VERSIONED_FIELDS, ...mixed];
}

/**
 * Checks one version's AMI: its name length and its entry's fields. `path` is `goldenImage` in
 * the one-version form and `goldenImage.versions["1.4.0"]` otherwise.
 */
export function checkGoldenImageVersion(
  check: ConfigChecker,
  path: string,
  name: unknown,
  version: unknown,
  entry: Record<string, unknown>,
): void {
  if (typeof name === "string" && typeof version === "string") {
    const amiName = `${name}-${version}`;
    if (amiName.length > 128) {
      check.report(
        path,
        `got the AMI name ${show(amiName)} of ${amiName.length} characters, expected at most 128 (AWS's limit for "<name>-<version>"; shorten the name or the version)`,
      );
    }
  }
  const field = (key: string) => `${path}.${key}`;
  if (check.required(field("sourceInstanceId"), entry.sourceInstanceId, FORMATS.instanceId.expected)) {
    check.string(field("sourceInstanceId"), entry.sourceInstanceId, FORMATS.instanceId);
  }
  if (
    entry.deprecateAt !== undefined &&
    check.string(field("deprecateAt"), entry.deprecateAt, FORMATS.rfc3339Utc)
  ) {
    if (
      Number.isNaN(Date.parse(entry.deprecateAt)) ||
      new Date(entry.deprecateAt).toISOString().slice(0, 10) !== entry.deprecateAt.slice(0, 10)
    ) {
      check.expected(field("deprecateAt"), entry.deprecateAt, "a real calendar date");
    }
  }
  if (
    entry.description !== undefined &&
    check.string(field("description"), entry.description) &&
    entry.description.length > 255
  ) {
    check.expected(field("description"), entry.description, "at most 255 characters");
  }
}

/** Checks `goldenImage.versions` and `goldenImage.current`. */
export function checkGoldenImageVersions(check: ConfigChecker, golden: Record<string, unknown>): void {
  const versions = check.record("goldenImage.versions", golden.versions);
  if (!versions) return;
  const listed = Object.keys(versions);
  if (listed.length === 0) {
    check.expected(
      "goldenImage.versions",
      versions,
      'at least one version, such as { "1.4.0": { sourceInstanceId: "i-0123456789abcdef0" } }',
    );
    return;
  }
  const kept: string[] = [];
  for (const [version, raw] of Object.entries(versions)) {
    const path = join("goldenImage.versions", version);
    if (!FORMATS.semver.test(version)) check.expected(path, version, FORMATS.semver.expected);
    const entry = check.object(path, raw, [...VERSION_FIELDS, "retired"]);
    if (!entry) continue;
    checkGoldenImageVersion(check, path, golden.name, version, entry);
    if (entry.retired !== undefined) check.boolean(`${path}.retired`, entry.retired);
    if (entry.retired !== true) kept.push(version);
  }
  const keptList = kept.join(", ") || "none";
  if (kept.length === 0) {
    check.report(
      "goldenImage.versions",
      "got every version retired, expected at least one kept: launch templates boot a kept version (remove goldenImage to stop baking)",
    );
  }
  if (golden.current === undefined) {
    if (kept.length > 1) {
      check.report(
        "goldenImage.current",
        `missing, expected the version launch templates boot, one of ${keptList}: more than one version is kept`,
      );
    }
    return;
  }
  if (!check.string("goldenImage.current", golden.current)) return;
  if (!listed.includes(golden.current)) {
    const close = suggest(golden.current, kept);
    check.expected(
      "goldenImage.current",
      golden.current,
      `one of the kept versions (${keptList})`,
      close ? `did you mean "${close}"?` : "add it to versions first",
    );
  } else if (!kept.includes(golden.current)) {
    check.expected(
      "goldenImage.current",
      golden.current,
      `one of the kept versions (${keptList})`,
      `${golden.current} is retired: its AMI is being removed`,
    );
  }
}

/** Checks `baseImage.promoted.keep` and `baseImage.promoted.retired`. */
export function checkPromotedVersions(check: ConfigChecker, promoted: Record<string, unknown>): void {
  const path = "baseImage.promoted";
  const keep =
    promoted.keep === undefined ? [] : check.stringList(`${path}.keep`, promoted.keep, FORMATS.semver);
  keep.forEach((version) => {
    if (version === promoted.version) {
      check.expected(
        join(`${path}.keep`, (promoted.keep as unknown[]).indexOf(version)),
        version,
        "other versions than baseImage.promoted.version, which is kept anyway",
      );
    }
  });
  if (promoted.retired === undefined) return;
  const retired = check.stringList(`${path}.retired`, promoted.retired, FORMATS.semver);
  retired.forEach((version) => {
    if (version === promoted.version || keep.includes(version)) {
      check.expected(
        join(`${path}.retired`, (promoted.retired as unknown[]).indexOf(version)),
        version,
        "a version this environment no longer keeps",
        `it is ${version === promoted.version ? "baseImage.promoted.version" : "in baseImage.promoted.keep"}`,
      );
    }
  });
}

/** Checks `publish`: a parameter path AWS accepts, and an image with a name to publish under. */
export function checkPublish(check: ConfigChecker, value: unknown, imageName: string | undefined): void {
  const publish = check.object("publish", value, ["ssmParameterPrefix"]);
  if (!publish) return;
  const path = "publish.ssmParameterPrefix";
  const expected = 'an SSM parameter path such as "/images" (levels of letters, digits, "_", "." and "-")';
  if (!check.required(path, publish.ssmParameterPrefix, expected)) return;
  if (!check.string(path, publish.ssmParameterPrefix, { test: (v) => PARAMETER_PATH.test(v), expected }))
    return;
  const prefix = publish.ssmParameterPrefix;
  if (/^\/(aws|ssm)/i.test(prefix)) {
    check.expected(path, prefix, 'a path that does not begin with "aws" or "ssm"', "AWS reserves them");
  } else if (prefix.split("/").length - 1 > 13) {
    check.expected(path, prefix, "at most 13 levels", "the parameter adds two and AWS allows 15");
  }
  if (imageName === undefined) {
    check.report(
      "publish",
      "got an image without a name to publish, expected a goldenImage or a promoted baseImage: the parameter is <prefix>/<image name>/<environment>",
    );
  }
}
