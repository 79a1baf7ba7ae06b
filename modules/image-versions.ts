import type { BaseImageConfig, CopyConfig, GoldenImageConfig, GoldenImageVersionConfig } from "./config";

/**
 * The versions of an environment's image: which it keeps, which one launch templates boot,
 * which are leaving. Both forms of `goldenImage`, and `baseImage.promoted` with its `keep`, come
 * down to this; the stack, the checks across environments and the review read only this.
 */
export interface ImageVersions {
  /** The image name, e.g. "web"; each version's AMI is `<name>-<version>`. */
  readonly name: string;
  /** `golden`: baked by this environment; `promoted`: baked by another one and looked up. */
  readonly kind: "golden" | "promoted";
  /** Every version kept, oldest first. */
  readonly kept: readonly string[];
  /** The version launch templates boot; one of `kept`. */
  readonly current: string;
  /** Versions leaving: their AMIs are removed by this change. Oldest first. */
  readonly retired: readonly string[];
  /**
   * The version whose resources take over the addresses of a stack synthesized before versions
   * existed (`aws_ami_from_instance.golden`, `aws_ami_copy.<golden|base>_<region>`, ...), with
   * `moved` blocks: the oldest kept version, which is the one such a state holds when versions
   * are added in the same change as the upgrade.
   */
  readonly inheritsUnversioned: string;
}

/** What a stack records of its image's versions for the review, in `"//".environment.imageVersions`. */
export type RecordedImageVersions = Pick<ImageVersions, "name" | "kind" | "kept" | "current" | "retired">;

/** One kept version of a golden image, with what it is baked from. */
export interface GoldenImageVersion extends GoldenImageVersionConfig {
  readonly version: string;
}

/** The golden image's versions, each kept one with its settings; the config must be valid. */
export function goldenImageVersions(golden: GoldenImageConfig): ImageVersions & {
  readonly entries: readonly GoldenImageVersion[];
} {
  const entries: GoldenImageVersion[] =
    "versions" in golden
      ? Object.entries(golden.versions).map(([version, entry]) => ({ ...entry, version }))
      : [
          {
            version: golden.version,
            sourceInstanceId: golden.sourceInstanceId,
            deprecateAt: golden.deprecateAt,
            description: golden.description,
          },
        ];
  entries.sort((a, b) => compareVersions(a.version, b.version));
  const kept = entries.filter((entry) => entry.retired !== true);
  const current = ("versions" in golden ? golden.current : undefined) ?? kept[kept.length - 1].version;
  return {
    name: golden.name,
    kind: "golden",
    kept: kept.map((entry) => entry.version),
    current,
    retired: entries.filter((entry) => entry.retired === true).map((entry) => entry.version),
    inheritsUnversioned: kept[0].version,
    entries: kept,
  };
}

/** The promoted image's versions: `version`, `keep` and `retired`; undefined for other sources. */
export function promotedImageVersions(base: BaseImageConfig): ImageVersions | undefined {
  if (!("promoted" in base)) return undefined;
  const { name, version, keep = [], retired = [] } = base.promoted;
  const kept = [...new Set([version, ...keep])].sort(compareVersions);
  return {
    name,
    kind: "promoted",
    kept,
    current: version,
    retired: [...retired].sort(compareVersions),
    inheritsUnversioned: kept[0],
  };
}

/** Copies that stay: every copy without `retired`. */
export function keptCopies(copies: readonly CopyConfig[] = []): CopyConfig[] {
  return copies.filter((copy) => copy.retired !== true);
}

/** Regions leaving: the copies marked `retired`. */
export function retiredRegions(copies: readonly CopyConfig[] = []): string[] {
  return copies.filter((copy) => copy.retired === true).map((copy) => copy.region);
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/;

/**
 * Orders semantic versions by precedence (semver.org §11): numbers numerically, a pre-release
 * before its release, pre-release identifiers numeric before alphanumeric. Unparsable versions
 * sort after the others, by their text.
 */
export function compareVersions(a: string, b: string): number {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (!left || !right) return left ? -1 : right ? 1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) {
    const difference = Number(left[i]) - Number(right[i]);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left[4] === undefined || right[4] === undefined)
    return left[4] === right[4] ? 0 : left[4] === undefined ? 1 : -1;
  const ids = [left[4].split("."), right[4].split(".")];
  for (let i = 0; i < Math.max(ids[0].length, ids[1].length); i++) {
    const [x, y] = [ids[0][i], ids[1][i]];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const [xNumeric, yNumeric] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
