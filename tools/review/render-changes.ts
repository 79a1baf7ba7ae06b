import { changesVersions } from "./image-lifecycle";
import { code, codes, fence, table, text } from "./markdown";
import { describeRefresh } from "./auto-scaling-entries";
import type {
  BlockChange,
  ChangeAction,
  ChangeMarker,
  Comparison,
  EnvironmentChanges,
  InstanceRefreshEntry,
} from "./review-model";

/** The loud markers, as the review prints them. */
export const MARKER_LABELS: Readonly<Record<ChangeMarker, string>> = {
  "ami-destroyed": "🛑 **AMI DESTROYED**",
  "ami-replaced": "🛑 **AMI REPLACED**",
  "prevent-destroy-blocks": "⛔ **BLOCKED BY prevent_destroy**",
  "image-changes": "⚠️ **NEW IMAGE FOR INSTANCES**",
  "instances-replaced": "🔄 **INSTANCES REPLACED**",
};

const ACTION_LABELS: Readonly<Record<ChangeAction, string>> = {
  create: "create",
  update: "update in place",
  replace: "**replace**",
  destroy: "**destroy**",
  forget: "forget (left in AWS)",
  move: "move in state",
  read: "read",
};

/** The Changes section of `review.md`. */
export function renderChanges(comparison: Comparison): string {
  // An environment whose publisher or consumer changes versions is named in the change too.
  const shown = (environment: EnvironmentChanges) =>
    environment.status !== "unchanged" || environment.related.length > 0 || environment.idleAllowImageRemoval;
  const changed = comparison.environments.filter(shown);
  const unchanged = comparison.environments.filter((environment) => !shown(environment));
  return [
    "## Changes",
    `Compared with ${text(comparison.base)}.`,
    ...productionAlert(comparison),
    ...refusalAlert(comparison),
    ...environmentsAddedOrRemoved(comparison),
    ...changed.map(renderEnvironmentChanges),
    ...(unchanged.length > 0
      ? [`Unchanged: ${codes(unchanged.map((environment) => environment.name))}.`]
      : []),
  ].join("\n\n");
}

function productionAlert(comparison: Comparison): string[] {
  if (comparison.productionImageReplacements.length === 0) return [];
  return [
    [
      "> [!CAUTION]",
      "> 🛑 **Production AMIs replaced or destroyed.** Instances launched afterwards boot new image IDs; images that are gone cannot be launched.",
      ...comparison.productionImageReplacements.map((entry) => `> - ${code(entry)}`),
    ].join("\n"),
  ];
}

function refusalAlert(comparison: Comparison): string[] {
  if (comparison.refusedImageRemovals.length === 0) return [];
  return [
    [
      "> [!CAUTION]",
      "> ⛔ **AMI deregistrations refused by the gate** (`--fail-on-image-removal`): mark what leaves `retired: true`, and say `allowImageRemoval: true` where the environment means it.",
      ...comparison.refusedImageRemovals.map((entry) => `> - ${code(entry)}`),
    ].join("\n"),
  ];
}

function environmentsAddedOrRemoved(comparison: Comparison): string[] {
  const lines: string[] = [];
  if (comparison.addedEnvironments.length > 0)
    lines.push(`**Environments added:** ${codes(comparison.addedEnvironments)}.`);
  if (comparison.removedEnvironments.length > 0)
    lines.push(`**Environments removed:** ${codes(comparison.removedEnvironments)}.`);
  return lines;
}

function renderEnvironmentChanges(environment: EnvironmentChanges): string {
  const title = `### ${code(environment.name)}${environment.production ? " — production" : ""}`;
  if (environment.status === "removed") {
    const left = environment.orphanedResources ?? [];
    return [
      `${title}: environment removed`,
      `Its stack is no longer synthesized, so no plan manages its ${left.length} resource(s) any more; they stay in AWS until the stack is destroyed${left.length > 0 ? `: ${codes(left)}` : ""}.`,
    ].join("\n\n");
  }
  const { create, update, replace, destroy } = environment.counts;
  const summary = `${create} to create, ${update} to update, ${replace} to replace, ${destroy} to destroy`;
  const parts = [`${title}${environment.status === "added" ? ": environment added" : ""} (${summary})`];
  if (environment.settings.length > 0) {
    parts.push(
      table(
        ["Setting", "Before", "After"],
        environment.settings.map((setting) => [
          text(setting.path),
          code(setting.before ?? ""),
          code(setting.after ?? ""),
        ]),
      ),
    );
  }
  const lifecycleLines = lifecycle(environment);
  if (lifecycleLines.length > 0) parts.push(lifecycleLines.join("\n"));
  // A new environment's outputs and providers are no news; its resources are.
  const blocks =
    environment.status === "added"
      ? environment.blocks.filter((block) => !/^(output|provider)\./.test(block.address))
      : environment.blocks;
  if (blocks.length > 0) parts.push(blocks.map(renderBlock).join("\n"));
  parts.push(...instanceRefreshes(environment.instanceRefreshes));
  for (const [diff, addresses] of userDataDiffs(environment.blocks)) {
    parts.push(`User data of ${codes(addresses)}, decoded:`, fence(diff, "diff"));
  }
  return parts.join("\n\n");
}

/** The life of the environment's image in this change: versions, current, what is deregistered. */
function lifecycle(environment: EnvironmentChanges): string[] {
  const lines: string[] = [];
  const versions = environment.versions;
  if (versions && environment.status !== "added" && changesVersions(versions)) {
    const parts = [
      versions.added.length > 0 ? `added ${codes(versions.added)}` : "",
      versions.kept.length > 0 ? `kept ${codes(versions.kept)}` : "",
      versions.retired.length > 0 ? `retired ${codes(versions.retired)}` : "",
      versions.dropped.length > 0 ? `**dropped without a retired marker** ${codes(versions.dropped)}` : "",
    ].filter(Boolean);
    lines.push(`- **Versions of ${code(versions.image)}:** ${parts.join("; ")}.`);
    if (versions.currentMove) {
      const what = versions.currentMove === "rollback" ? "**rollback**" : "promotion";
      lines.push(
        `- **Current:** ${code(versions.currentBefore ?? "")} → ${code(versions.currentAfter ?? "")} (${what}): launch templates boot ${code(versions.currentAfter ?? "")}.`,
      );
    }
  }
  for (const removal of environment.deregistrations) {
    const where = removal.region ? ` in ${code(removal.region)}` : "";
    const why = removal.explainedBy
      ? `: ${text(removal.explainedBy)}`
      : removal.action === "replace"
        ? ": replaced"
        : "";
    const refused = removal.refusedBecause
      ? ` — ⛔ **refused by the gate**: ${text(removal.refusedBecause)}`
      : "";
    lines.push(
      `- 🛑 **AMI DEREGISTERED** ${code(removal.name ?? removal.address)}${where} (${code(removal.address)}), with its snapshots${why}${refused}`,
    );
  }
  for (const orphan of environment.orphanedRegions) {
    lines.push(
      `- ⛔ **PROVIDER REMOVED** ${code(orphan.provider)} while the base still has ${codes(orphan.resources)} there: Terraform cannot plan their removal without it ("Provider configuration not present"). Keep the copy entry with \`retired: true\` until that change is applied, then remove it.`,
    );
  }
  for (const related of environment.related) {
    const role = related.role === "publisher" ? "Publisher" : "Consumer";
    lines.push(`- **${role}** ${code(related.environment)}: ${text(related.note)}.`);
  }
  if (environment.idleAllowImageRemoval) {
    lines.push("- `allowImageRemoval: true` is set but this change deregisters nothing: remove it.");
  }
  return lines;
}

/** Each distinct user data change once, with the templates it applies to: the diff of the first. */
function userDataDiffs(blocks: readonly BlockChange[]): Map<string, string[]> {
  const byHunks = new Map<string, { diff: string; addresses: string[] }>();
  for (const block of blocks) {
    if (!block.userDataDiff) continue;
    const hunks = block.userDataDiff.split("\n").slice(2).join("\n");
    const known = byHunks.get(hunks);
    if (known) known.addresses.push(block.address);
    else byHunks.set(hunks, { diff: block.userDataDiff, addresses: [block.address] });
  }
  return new Map([...byHunks.values()].map(({ diff, addresses }) => [diff, addresses]));
}

function renderBlock(block: BlockChange): string {
  const markers = block.markers.map((marker) => `${MARKER_LABELS[marker]} `).join("");
  const moved = block.movedFrom ? ` (moved from ${code(block.movedFrom)})` : "";
  const action =
    block.action === "update" && block.address.startsWith("aws_launch_template.")
      ? "new version"
      : block.action === "move" && block.address.startsWith("data.")
        ? "renamed, the same lookup"
        : ACTION_LABELS[block.action];
  const lines = [`- ${markers}${code(block.address)}${moved}: ${action}`];
  for (const attribute of block.attributes) {
    const before = attribute.before === undefined ? "(unset)" : code(attribute.before);
    const after = attribute.after === undefined ? "(unset)" : code(attribute.after);
    lines.push(
      `  - ${code(attribute.path)}: ${before} → ${after}${attribute.forcesReplacement ? " **(forces replacement)**" : ""}`,
    );
  }
  for (const reason of block.reasons) lines.push(`  - because ${text(reason)}`);
  return lines.join("\n");
}

/** The groups whose running instances the change replaces, and those it leaves on the old version. */
function instanceRefreshes(entries: readonly InstanceRefreshEntry[]): string[] {
  if (entries.length === 0) return [];
  const replaced = entries.filter((entry) => entry.effect === "rolling-refresh");
  const kept = entries.filter((entry) => entry.effect === "no-refresh");
  const parts: string[] = [];
  if (replaced.length > 0) {
    parts.push(
      [
        `**Instance refreshes:** ${replaced.length} group(s) replace their running instances with the new launch template version.`,
        "`terraform apply` returns once each refresh has started, not when it has finished: follow it with `aws autoscaling describe-instance-refreshes --auto-scaling-group-name <name>` (see docs/autoscaling.md).",
      ].join(" "),
      table(
        ["Group", "Region", "Name", "Because", "Refresh"],
        replaced.map((entry) => [
          code(entry.group),
          code(entry.region ?? "unknown"),
          entry.name ? code(entry.name) : "—",
          `${entry.launchTemplate ? code(entry.launchTemplate) : "its launch template"} gets a new version${entry.newImage ? " with a **new image**" : ""}`,
          entry.refresh ? describeRefresh(entry.refresh) : "—",
        ]),
      ),
    );
  }
  if (kept.length > 0) {
    parts.push(
      [
        "⚠️ **Instances left on the old version:**",
        ...kept.map(
          (entry) =>
            `- ${code(entry.group)}${entry.newImage ? " (its template boots a **new image**)" : ""}: ${text(entry.reason ?? "")}`,
        ),
      ].join("\n"),
    );
  }
  return parts;
}
