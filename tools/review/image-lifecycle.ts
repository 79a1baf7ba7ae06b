import { filtersOf } from "./base-image-source";
import type { EnvironmentSettings, RecordedImageVersions } from "./environment-settings";
import { compareVersions } from "../../modules/image-versions";
import { objectAt, stringAt } from "../../modules/terraform-json";
import { IMAGE_TYPES } from "./replacement-rules";
import type {
  BlockChange,
  Deregistration,
  ImageEntry,
  ImageVersionsReview,
  OrphanedRegion,
  RelatedEnvironment,
  VersionChanges,
} from "./review-model";
import type { StackDocument, TerraformBlock } from "./stack-document";

/**
 * The version of an image block: the `ImageVersion` tag of an AMI or copy, or, for a lookup of
 * a promoted image, the version its exact name filter asks for.
 */
export function versionOf(block: TerraformBlock, recorded?: RecordedImageVersions): string | undefined {
  if (block.mode === "managed") return stringAt(objectAt(block.body, "tags"), "ImageVersion");
  if (!recorded || recorded.kind !== "promoted") return undefined;
  const names = filtersOf(block.body).get("name") ?? [];
  const prefix = `${recorded.name}-`;
  return names.length === 1 && names[0].startsWith(prefix) ? names[0].slice(prefix.length) : undefined;
}

/**
 * Each kept version in each region: the environment's own AMI there (a golden image or a copy),
 * or, for a promoted image it does not copy there, its lookup.
 */
export function reviewImageVersions(
  settings: EnvironmentSettings,
  images: readonly ImageEntry[],
  regions: readonly string[],
): ImageVersionsReview | undefined {
  const recorded = settings.imageVersions;
  if (!recorded) return undefined;
  const entries = regions.flatMap((region) =>
    recorded.kept.flatMap((version) => {
      const candidates = images.filter((image) => image.region === region && image.version === version);
      const own = candidates.find((image) => image.role !== "base") ?? candidates[0];
      return own ? [{ region, version, address: own.address, current: version === recorded.current }] : [];
    }),
  );
  return {
    image: recorded.name,
    kind: recorded.kind,
    current: recorded.current,
    kept: recorded.kept,
    retiring: recorded.retired,
    entries,
  };
}

/** How the versions change between the base and the current stack. */
export function compareImageVersions(
  before: RecordedImageVersions | undefined,
  after: RecordedImageVersions | undefined,
): VersionChanges | undefined {
  if (!before && !after) return undefined;
  const old = before?.kept ?? [];
  const now = after?.kept ?? [];
  const retired = after?.retired ?? [];
  const currentBefore = before?.current;
  const currentAfter = after?.current;
  const moved =
    currentBefore !== undefined && currentAfter !== undefined && currentBefore !== currentAfter
      ? [currentBefore, currentAfter]
      : undefined;
  return {
    image: (after ?? before)?.name ?? "",
    added: now.filter((version) => !old.includes(version)),
    kept: now.filter((version) => old.includes(version)),
    retired,
    dropped: old.filter((version) => !now.includes(version) && !retired.includes(version)),
    ...(currentBefore !== undefined ? { currentBefore } : {}),
    ...(currentAfter !== undefined ? { currentAfter } : {}),
    ...(moved ? { currentMove: compareVersions(moved[1], moved[0]) < 0 ? "rollback" : "promotion" } : {}),
  };
}

/** True when the change adds, retires or drops a version, or moves the current one. */
export function changesVersions(versions: VersionChanges | undefined): boolean {
  return (
    versions !== undefined &&
    (versions.added.length > 0 ||
      versions.retired.length > 0 ||
      versions.dropped.length > 0 ||
      versions.currentMove !== undefined)
  );
}

/**
 * Every AMI the change deregisters, with the `retired` marker that explains it and why the gate
 * refuses it: no marker explains it, or the environment is production; either way unless the
 * environment says `allowImageRemoval: true`.
 */
export function findDeregistrations(
  blocks: readonly BlockChange[],
  base: StackDocument,
  head: EnvironmentSettings,
  production: boolean,
): Deregistration[] {
  return blocks.flatMap((change): Deregistration[] => {
    if (change.action !== "destroy" && change.action !== "replace") return [];
    const old = base.block(change.movedFrom ?? change.address);
    if (!old || old.mode !== "managed" || !IMAGE_TYPES.includes(old.type)) return [];
    const version = versionOf(old);
    const explainedBy =
      change.action === "destroy" && version !== undefined && head.imageVersions?.retired.includes(version)
        ? `version ${version} is retired`
        : change.action === "destroy" && old.region !== undefined && head.retiredRegions.includes(old.region)
          ? `region ${old.region} is retired`
          : undefined;
    const refusedBecause = head.allowImageRemoval
      ? undefined
      : production
        ? "a production environment deregisters AMIs only with allowImageRemoval: true"
        : explainedBy
          ? undefined
          : "no retired marker explains it (mark its version or region retired: true, or set allowImageRemoval: true)";
    return [
      {
        address: old.address,
        action: change.action,
        ...(old.region !== undefined ? { region: old.region } : {}),
        ...(typeof old.body.name === "string" ? { name: old.body.name } : {}),
        ...(version !== undefined ? { version } : {}),
        ...(explainedBy ? { explainedBy } : {}),
        ...(refusedBecause ? { refusedBecause } : {}),
      },
    ];
  });
}

/**
 * Regions whose provider configuration goes while the base still manages resources there:
 * Terraform cannot plan their destroy ("Provider configuration not present").
 */
export function findOrphanedRegions(base: StackDocument, head: StackDocument): OrphanedRegion[] {
  const kept = new Set(head.providers.map((provider) => provider.reference));
  return base.providers
    .filter((provider) => !kept.has(provider.reference) && provider.region !== undefined)
    .flatMap((provider) => {
      const resources = base.blocks
        .filter((block) => block.mode === "managed" && block.region === provider.region)
        .filter((block) => !head.block(block.address))
        .map((block) => block.address);
      return resources.length > 0
        ? [{ region: provider.region as string, provider: `provider.${provider.reference}`, resources }]
        : [];
    });
}

/** An environment's image as its relations see it, on one side of the comparison. */
interface Side {
  readonly environment: string;
  readonly settings?: EnvironmentSettings;
  readonly promoted?: { readonly name: string; readonly ownerAccount: string };
}

/**
 * The publisher and consumers of each environment whose versions change, or whose partner's do:
 * a publisher's section names the consumers it affects, a consumer's the publisher it follows.
 */
export function relateEnvironments(
  sides: ReadonlyArray<{ readonly before: Side; readonly after: Side }>,
  changing: ReadonlySet<string>,
): Map<string, RelatedEnvironment[]> {
  const related = new Map<string, RelatedEnvironment[]>();
  const add = (environment: string, entry: RelatedEnvironment) =>
    related.set(environment, [...(related.get(environment) ?? []), entry]);
  const current = sides.map((side) => side.after).filter((side) => side.settings !== undefined);
  for (const publisher of current) {
    const golden = publisher.settings?.imageVersions;
    if (!golden || golden.kind !== "golden") continue;
    for (const consumer of current) {
      const promoted = consumer.promoted;
      const versions = consumer.settings?.imageVersions;
      if (
        consumer === publisher ||
        !promoted ||
        !versions ||
        promoted.name !== golden.name ||
        promoted.ownerAccount !== publisher.settings?.account
      )
        continue;
      if (!changing.has(publisher.environment) && !changing.has(consumer.environment)) continue;
      const before = sides.find((side) => side.after === consumer)?.before.settings?.imageVersions;
      const was = before && before.current !== versions.current ? ` (was ${before.current})` : "";
      const others = versions.kept.filter((version) => version !== versions.current);
      add(publisher.environment, {
        environment: consumer.environment,
        role: "consumer",
        note: `runs ${golden.name} ${versions.current}${was}${others.length > 0 ? `, keeps ${others.join(", ")}` : ""}`,
      });
      const leaving = golden.retired.length > 0 ? `, retires ${golden.retired.join(", ")}` : "";
      add(consumer.environment, {
        environment: publisher.environment,
        role: "publisher",
        note: `bakes ${golden.name}: keeps ${golden.kept.join(", ")}, runs ${golden.current}${leaving}`,
      });
    }
  }
  return related;
}
