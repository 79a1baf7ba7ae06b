import { FORMATS } from "./aws-formats";
import { ConfigChecker, type ConfigProblem, join, show } from "./config-checker";
import type { EnvironmentScope } from "./environment-scope";
import { GUARD_RULES } from "./guard-rules";
import { checkBackend } from "./validate-backend";
import { checkBaseImage, checkCopies, checkGoldenImage, checkHomeRegionCopy } from "./validate-images";
import { checkLaunchTemplates } from "./validate-launch-templates";
import { checkSharing } from "./validate-sharing";

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
  "homeRegionCopy",
  "sharing",
  "launchTemplates",
  "requiredTags",
  "waivers",
  "extend",
] as const;

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

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
  const hasHomeCopy = config.homeRegionCopy !== undefined;
  if (hasHomeCopy) checkHomeRegionCopy(check, config.homeRegionCopy, home, production, hasGolden);

  const context: EnvironmentScope = {
    check,
    name,
    home,
    regions: home ? [home, ...copyRegions] : copyRegions,
    production,
    hasGolden,
    hasHomeCopy,
    baseOnlyInHome,
    account: FORMATS.account.test(String(config.account)) ? (config.account as string) : undefined,
    imageKeys: imageKeysOf(config.copies, home, config.homeRegionCopy),
  };
  if (config.sharing !== undefined)
    checkSharing(context, config.sharing, config.copies, config.homeRegionCopy, config.account);
  if (config.launchTemplates !== undefined) checkLaunchTemplates(context, config.launchTemplates);
  if (config.requiredTags !== undefined) checkRequiredTags(check, config.requiredTags, config.tags);
  if (config.waivers !== undefined) checkWaivers(check, config.waivers);
  if (config.extend !== undefined && typeof config.extend !== "function") {
    check.expected("extend", config.extend, "a function (stack) => void");
  }
  return check.problems;
}

/** The keys the config names for the environment's own image, by region; malformed entries are skipped (reported elsewhere). */
function imageKeysOf(
  copies: unknown,
  home: string | undefined,
  homeRegionCopy: unknown,
): EnvironmentScope["imageKeys"] {
  const keys: Record<string, { kmsKeyId: string; path: string }> = {};
  const entries = (Array.isArray(copies) ? copies : []).map((copy, index) => ({
    copy: copy as unknown,
    path: `copies[${index}].kmsKeyId`,
  }));
  if (home && typeof homeRegionCopy === "object")
    entries.push({ copy: { ...homeRegionCopy, region: home }, path: "homeRegionCopy.kmsKeyId" });
  for (const { copy, path } of entries) {
    const { region, kmsKeyId } = (copy ?? {}) as Record<string, unknown>;
    if (typeof region === "string" && typeof kmsKeyId === "string") keys[region] = { kmsKeyId, path };
  }
  return keys;
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
