import { readAutoScalingGroups, readKeyGrants } from "./auto-scaling-entries";
import { BASE_PARAMETER_ADDRESS, describeBaseImage, homeBaseLookup } from "./base-image-source";
import { type EnvironmentSettings, readEnvironmentSettings } from "./environment-settings";
import { findWeakenedDefaults } from "./findings";
import { readImages } from "./image-entries";
import { byCodePoint, objectAt, sortedUnique, stringAt } from "../../modules/terraform-json";
import { readLaunchTemplates } from "./launch-template-entries";
import { reviewImageVersions } from "./image-lifecycle";
import { type LineageChanges, buildLineage } from "./lineage";
import { renderFlowchart } from "./mermaid";
import type { EnvironmentReview, ImageEntry, SharingEntry, UserDataEntry } from "./review-model";
import { readSharing } from "./sharing-entries";
import type { StackDocument } from "./stack-document";
import { firstLines, lineCount } from "./user-data";

/** How many lines of each user data script the review shows. */
export const USER_DATA_PREVIEW_LINES = 8;

const ROLE_ORDER: Record<ImageEntry["role"], number> = { base: 0, golden: 1, copy: 2, registered: 3 };
/** Public sharing first: it is the one a reviewer must not miss. */
const PRINCIPAL_ORDER: Record<SharingEntry["principalKind"], number> = {
  everyone: 0,
  account: 1,
  organization: 2,
  "organizational unit": 3,
  unknown: 4,
};

/** Reads one synthesized stack into the review of its environment; `changes` marks the lineage. */
export function reviewEnvironment(stack: StackDocument, changes?: LineageChanges): EnvironmentReview {
  const settings = readEnvironmentSettings(stack);
  const baseImage = describeBaseImage(stack, settings.baseImage);
  const regions = orderRegions(settings.homeRegion, [
    ...stack.providers.map((provider) => provider.region),
    ...stack.blocks.map((block) => block.region),
  ]);
  const rank = (region: string | undefined) =>
    region === undefined ? regions.length : regions.indexOf(region);
  const byRegionThenAddress = (
    a: { region?: string; address: string },
    b: { region?: string; address: string },
  ) => rank(a.region) - rank(b.region) || byCodePoint(a.address, b.address);

  const images = readImages(stack, settings.imageVersions).sort(
    (a, b) =>
      rank(a.region) - rank(b.region) ||
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      byCodePoint(a.address, b.address),
  );
  const versions = reviewImageVersions(settings, images, regions);
  const templates = readLaunchTemplates(stack).sort((a, b) => byRegionThenAddress(a.entry, b.entry));
  const launchTemplates = templates.map((template) => template.entry);
  const sharing = readSharing(stack).sort(
    (a, b) =>
      PRINCIPAL_ORDER[a.principalKind] - PRINCIPAL_ORDER[b.principalKind] ||
      byCodePoint(a.principal, b.principal) ||
      byRegionThenAddress(a, b),
  );
  const autoScalingGroups = readAutoScalingGroups(stack).sort(byRegionThenAddress);
  const keyGrants = readKeyGrants(stack).sort(byRegionThenAddress);
  const lineage = buildLineage({
    stack,
    homeRegion: settings.homeRegion,
    baseImage,
    images,
    launchTemplates,
    sharing,
    baseLookup: builderBase(stack, settings, images),
    // With one version kept, every image is the current one: no need to say it.
    currentVersion:
      (settings.imageVersions?.kept.length ?? 0) > 1 ? settings.imageVersions?.current : undefined,
    changes,
  });
  const described = new Set([
    ...images.map((image) => image.address),
    ...launchTemplates.map((template) => template.address),
    ...sharing.map((entry) => entry.address),
    ...autoScalingGroups.map((group) => group.address),
    ...keyGrants.map((grant) => grant.address),
    ...stack
      .blocksOfType("aws_ssm_parameter", "data")
      .map((block) => block.address)
      .filter(
        (address) => address === BASE_PARAMETER_ADDRESS || address.startsWith(`${BASE_PARAMETER_ADDRESS}_`),
      ),
  ]);
  return {
    name: settings.name,
    account: settings.account,
    homeRegion: settings.homeRegion,
    regions,
    production: settings.production,
    productionInferred: settings.productionInferred,
    backend: settings.backend,
    baseImage,
    ...(versions ? { versions } : {}),
    retiringRegions: settings.retiredRegions,
    images,
    launchTemplates,
    userData: distinctUserData(templates),
    autoScalingGroups,
    keyGrants,
    sharing,
    findings: findWeakenedDefaults({
      stack,
      account: settings.account,
      production: settings.production,
      baseImage,
      images,
      launchTemplates: templates,
      sharing,
      waivers: settings.waivers,
    }),
    waivers: [...settings.waivers].sort(
      (a, b) => byCodePoint(a.rule, b.rule) || byCodePoint(a.reason, b.reason),
    ),
    lineage,
    mermaid: renderFlowchart(lineage, { regions, homeRegion: settings.homeRegion }),
    otherBlocks: stack.blocks.map((block) => block.address).filter((address) => !described.has(address)),
  };
}

/** The home lookup of the image builder instances start from: of its current version when it is promoted. */
function builderBase(
  stack: StackDocument,
  settings: EnvironmentSettings,
  images: readonly ImageEntry[],
): string | undefined {
  const promoted = objectAt(settings.baseImage, "promoted");
  const name = `${stringAt(promoted, "name")}-${stringAt(promoted, "version")}`;
  const current = images.find(
    (image) =>
      image.role === "base" && image.region === settings.homeRegion && promoted && image.name === name,
  );
  return current?.address ?? homeBaseLookup(stack)?.address;
}

/** The home region first, then the others by name. */
function orderRegions(home: string | undefined, regions: readonly (string | undefined)[]): string[] {
  const others = sortedUnique(
    regions.filter((region): region is string => region !== undefined && region !== home),
  );
  return home ? [home, ...others] : others;
}

function distinctUserData(templates: ReturnType<typeof readLaunchTemplates>): UserDataEntry[] {
  const bySha = new Map<string, UserDataEntry>();
  for (const { entry, userData } of templates) {
    if (userData.kind !== "decoded") continue;
    const { sha256, text, bytes, gzipped } = userData.userData;
    const known = bySha.get(sha256);
    bySha.set(sha256, {
      sha256,
      bytes,
      lines: lineCount(text),
      gzipped,
      firstLines: firstLines(text, USER_DATA_PREVIEW_LINES),
      text,
      usedBy: sortedUnique([...(known?.usedBy ?? []), entry.address]),
    });
  }
  return [...bySha.values()].sort(
    (a, b) => byCodePoint(a.usedBy[0], b.usedBy[0]) || byCodePoint(a.sha256, b.sha256),
  );
}
