import { MOVING_VERSIONS, launchTemplateOf, refreshSettings } from "./auto-scaling-entries";
import { describeBaseImage } from "./base-image-source";
import { compareBlocks } from "./block-changes";
import { diffLeaves } from "./attribute-diff";
import { readEnvironmentSettings } from "./environment-settings";
import { compareImageVersions, findDeregistrations, findOrphanedRegions } from "./image-lifecycle";
import {
  type Json,
  type JsonObject,
  byCodePoint,
  canonicalJson,
  sortedUnique,
} from "../../modules/terraform-json";
import type {
  AttributeChange,
  BlockChange,
  ChangeCounts,
  EnvironmentChanges,
  InstanceRefreshEntry,
} from "./review-model";
import { StackDocument } from "./stack-document";
import { referencedAddresses, renameReferences, soleReference } from "./terraform-references";

/**
 * The changes of one environment between the base output and the current one: its settings,
 * resources and data sources, outputs and providers. An environment missing on one side is
 * added or removed.
 */
export function compareEnvironment(
  name: string,
  base: StackDocument | undefined,
  head: StackDocument | undefined,
): EnvironmentChanges {
  const baseSettings = base && readEnvironmentSettings(base);
  const headSettings = head && readEnvironmentSettings(head);
  // Production on either side: a change that turns production off must not let its own AMI
  // replacements through the gate.
  const production = headSettings?.production === true || baseSettings?.production === true;
  if (!head) {
    // Its stack is no longer synthesized: nothing plans it, and its resources stay until it is destroyed.
    return {
      name,
      status: "removed",
      production,
      settings: [],
      blocks: [],
      counts: countChanges([]),
      instanceRefreshes: [],
      orphanedResources: (base?.blocks ?? [])
        .filter((block) => block.mode === "managed")
        .map((block) => block.address),
      deregistrations: [],
      orphanedRegions: [],
      related: [],
      idleAllowImageRemoval: false,
    };
  }
  const before = base ?? new StackDocument(name, {});
  const after = readEnvironmentSettings(head);
  const blocks = compareBlocks(before, head);
  const replacedOrRead = new Set(
    blocks
      .filter((block) => block.action === "replace" || block.action === "read")
      .map((block) => block.address),
  );
  // References to blocks that only moved read the same values.
  const renames = new Map(
    blocks.flatMap((block) => (block.movedFrom ? [[block.movedFrom, block.address] as const] : [])),
  );
  const outputs = new Map(
    [...before.outputs].map(([output, body]) => [output, renameReferences(body, renames) as JsonObject]),
  );
  const allBlocks = [
    ...blocks,
    ...compareNamed("output", outputs, head.outputs, replacedOrRead),
    ...compareNamed(
      "provider",
      new Map(before.providers.map((provider) => [provider.reference, provider.body])),
      new Map(head.providers.map((provider) => [provider.reference, provider.body])),
      new Set(),
    ),
  ];
  const settings = base ? compareSettings(base, head) : [];
  const versions = compareImageVersions(baseSettings?.imageVersions, after.imageVersions);
  const deregistrations = findDeregistrations(blocks, before, after, production);
  return {
    name,
    status: !base ? "added" : settings.length > 0 || allBlocks.length > 0 ? "changed" : "unchanged",
    production,
    settings,
    blocks: allBlocks,
    counts: countChanges(blocks),
    ...(versions ? { versions } : {}),
    deregistrations,
    orphanedRegions: findOrphanedRegions(before, head),
    related: [],
    idleAllowImageRemoval: after.allowImageRemoval && deregistrations.length === 0,
    instanceRefreshes: base ? instanceRefreshes(head, blocks) : [],
  };
}

/**
 * The groups whose running instances a launch template change concerns: those it replaces by an
 * instance refresh, and those that keep the old version although their template changes.
 */
function instanceRefreshes(head: StackDocument, blocks: readonly BlockChange[]): InstanceRefreshEntry[] {
  const changes = new Map(blocks.map((block) => [block.address, block]));
  return head.blocksOfType("aws_autoscaling_group").flatMap((group): InstanceRefreshEntry[] => {
    const template = launchTemplateOf(group.body);
    const templateAddress = soleReference(template?.id ?? template?.name)?.address;
    const templateChange = templateAddress ? changes.get(templateAddress) : undefined;
    const groupChange = changes.get(group.address);
    const common = {
      group: group.address,
      region: group.region,
      name: typeof group.body.name === "string" ? group.body.name : undefined,
      launchTemplate: templateAddress,
      newImage: templateChange?.markers.includes("image-changes") === true,
    };
    if (groupChange?.markers.includes("instances-replaced"))
      return [{ ...common, effect: "rolling-refresh", refresh: refreshSettings(group.body) }];
    if (groupChange?.action === "create" || groupChange?.action === "replace") return [];
    if (templateChange?.action !== "update" && templateChange?.action !== "replace") return [];
    const version = template?.version;
    const reason = !refreshSettings(group.body)
      ? "the group has no instance_refresh: its running instances keep the old version until they are replaced"
      : version !== undefined && MOVING_VERSIONS.includes(version)
        ? `the group launches ${version}: Terraform sees no change, so no instance refresh starts; only instances launched later get the new version`
        : `the group launches version ${version ?? "(default)"}, not the template's latest_version: it stays on that version`;
    return [{ ...common, effect: "no-refresh", reason }];
  });
}

/** Changes of resources; data sources, outputs and providers change nothing in the account. */
function countChanges(blocks: readonly BlockChange[]): ChangeCounts {
  const managed = blocks.filter((block) => !block.address.startsWith("data."));
  const count = (action: BlockChange["action"]) => managed.filter((block) => block.action === action).length;
  return {
    create: count("create"),
    update: count("update"),
    replace: count("replace"),
    destroy: count("destroy"),
  };
}

/** Outputs and providers: created, changed or removed by name. */
function compareNamed(
  kind: "output" | "provider",
  before: ReadonlyMap<string, JsonObject>,
  after: ReadonlyMap<string, JsonObject>,
  changing: ReadonlySet<string>,
): BlockChange[] {
  const names = sortedUnique([...before.keys(), ...after.keys()]);
  return names.flatMap((name): BlockChange[] => {
    const old = before.get(name);
    const next = after.get(name);
    const address = `${kind}.${name}`;
    const attributes: AttributeChange[] = diffLeaves(old, next).map((leaf) => ({
      path: leaf.path,
      before: show(leaf.before),
      after: show(leaf.after),
      forcesReplacement: false,
    }));
    if (!old || !next) {
      return [{ address, action: old ? "destroy" : "create", markers: [], attributes: [], reasons: [] }];
    }
    const reasons = referencedAddresses(next)
      .filter((reference) => changing.has(reference))
      .map((reference) => `${reference} changes`);
    if (attributes.length === 0 && reasons.length === 0) return [];
    return [{ address, action: "update", markers: [], attributes, reasons }];
  });
}

/** The environment's own settings: where it deploys, whether it is production, its state and base image. */
function compareSettings(base: StackDocument, head: StackDocument): AttributeChange[] {
  const old = readEnvironmentSettings(base);
  const next = readEnvironmentSettings(head);
  const pairs: [string, Json | undefined, Json | undefined][] = [
    ["account", old.account, next.account],
    ["home region", old.homeRegion, next.homeRegion],
    ["production", old.production, next.production],
    ["backend", old.backend, next.backend],
    [
      "base image",
      describeBaseImage(base, old.baseImage).summary,
      describeBaseImage(head, next.baseImage).summary,
    ],
    ["allowImageRemoval", old.allowImageRemoval, next.allowImageRemoval],
    [
      "waivers",
      old.waivers.map((waiver) => `${waiver.rule}: ${waiver.reason}`).sort(byCodePoint),
      next.waivers.map((waiver) => `${waiver.rule}: ${waiver.reason}`).sort(byCodePoint),
    ],
  ];
  return pairs
    .filter(([, before, after]) => canonicalJson(before) !== canonicalJson(after))
    .map(([path, before, after]) => ({
      path,
      before: show(before),
      after: show(after),
      forcesReplacement: false,
    }));
}

function show(value: Json | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
