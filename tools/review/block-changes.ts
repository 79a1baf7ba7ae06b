import { diffLeaves } from "./attribute-diff";
import {
  type Json,
  type JsonObject,
  booleanAt,
  byCodePoint,
  objectAt,
  sameJson,
  stringsAt,
} from "../../modules/terraform-json";
import { IMAGE_TYPES, changesOnUpdate, forcesReplacement, topLevelArgument } from "./replacement-rules";
import type { AttributeChange, BlockChange, ChangeAction, ChangeMarker } from "./review-model";
import type { StackDocument, TerraformBlock } from "./stack-document";
import { type AttributeReference, referencedAttributes, renameReferences } from "./terraform-references";
import { unifiedDiff } from "./unified-diff";
import { readUserData } from "./user-data";

/** A block's change while references are followed; `none` until something changes it. */
interface Draft {
  readonly address: string;
  readonly before?: TerraformBlock;
  readonly after?: TerraformBlock;
  readonly movedFrom?: string;
  action: ChangeAction | "none";
  readonly attributes: AttributeChange[];
  /** Changing blocks this one refers to, and the arguments that refer to each. */
  readonly causes: Map<string, Set<string>>;
  readonly reasons: string[];
  userDataDiff?: string;
}

/** Arguments that are not values of the remote object. */
const META_ARGUMENTS = new Set([
  "lifecycle",
  "depends_on",
  "provider",
  "count",
  "for_each",
  "provisioner",
  "connection",
]);
const MARKER_ORDER: readonly ChangeMarker[] = [
  "ami-destroyed",
  "ami-replaced",
  "prevent-destroy-blocks",
  "image-changes",
  "instances-replaced",
];
/** Arguments of a group that say which launch template version it launches. */
const GROUP_TEMPLATE_ARGUMENTS = ["launch_template", "mixed_instances_policy"];
const ACTION_ORDER: Record<ChangeAction, number> = {
  destroy: 0,
  replace: 1,
  update: 2,
  create: 3,
  move: 4,
  forget: 5,
  read: 6,
};

/**
 * The changes of resources and data sources between two versions of a stack. Besides the
 * arguments that change, it follows references: when an AMI is replaced, everything that
 * refers to its ID changes too, and is replaced when that argument forces it.
 */
export function compareBlocks(before: StackDocument, after: StackDocument): BlockChange[] {
  const drafts = draftChanges(before, after);
  followReferences(drafts);
  return [...drafts.values()]
    .filter((draft) => draft.action !== "none")
    .map((draft) => finish(draft, drafts))
    .sort(
      (a, b) =>
        markerRank(a) - markerRank(b) ||
        ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
        byCodePoint(a.address, b.address),
    );
}

/**
 * Blocks at a new address that are the same object as one of the base: resources a `moved` block
 * renames, and data sources renamed with the same arguments (they read the same object). By new
 * address, the base address.
 */
function renamedBlocks(before: StackDocument, after: StackDocument): Map<string, string> {
  const movedTo = new Map<string, string>();
  for (const { from, to } of after.moved) {
    if (before.block(from) && !before.block(to) && after.block(to)) movedTo.set(to, from);
  }
  const gone = before.blocks.filter((block) => block.mode === "data" && !after.block(block.address));
  for (const block of after.blocks) {
    if (block.mode !== "data" || before.block(block.address)) continue;
    const same = gone.find(
      (old) =>
        old.type === block.type &&
        old.region === block.region &&
        sameJson(old.body, block.body) &&
        ![...movedTo.values()].includes(old.address),
    );
    if (same) movedTo.set(block.address, same.address);
  }
  return movedTo;
}

function draftChanges(before: StackDocument, after: StackDocument): Map<string, Draft> {
  const drafts = new Map<string, Draft>();
  const movedTo = renamedBlocks(before, after);
  const moved = new Set(movedTo.values());
  // References to a renamed block read the same value under its new address.
  const renames = new Map([...movedTo].map(([to, from]) => [from, to]));
  for (const block of after.blocks) {
    const movedFrom = movedTo.get(block.address);
    const original = before.block(movedFrom ?? block.address);
    const previous = original && {
      ...original,
      body: renameReferences(original.body, renames) as JsonObject,
    };
    if (!previous) {
      drafts.set(
        block.address,
        draftOf(block.address, undefined, block, block.mode === "data" ? "read" : "create"),
      );
      continue;
    }
    const draft = draftOf(block.address, previous, block, movedFrom ? "move" : "none", movedFrom);
    for (const leaf of diffLeaves(previous.body, block.body)) {
      draft.attributes.push({
        path: leaf.path,
        before: show(leaf.before),
        after: show(leaf.after),
        forcesReplacement: block.mode === "managed" && forcesReplacement(block.type, leaf.path),
      });
    }
    if (draft.attributes.length > 0) {
      draft.action =
        block.mode === "data"
          ? "read"
          : draft.attributes.some((change) => change.forcesReplacement)
            ? "replace"
            : "update";
    }
    describeUserData(draft, previous.body.user_data, block.body.user_data);
    drafts.set(block.address, draft);
  }
  for (const block of before.blocks) {
    if (after.block(block.address) || moved.has(block.address)) continue;
    const forget = block.mode === "data" || after.forgotten.has(block.address);
    const draft = draftOf(block.address, block, undefined, forget ? "forget" : "destroy");
    if (!forget && booleanAt(objectAt(block.body, "lifecycle"), "prevent_destroy")) {
      draft.reasons.push("lifecycle.prevent_destroy does not stop this: it goes with the removed block");
    }
    drafts.set(block.address, draft);
  }
  return drafts;
}

function draftOf(
  address: string,
  before: TerraformBlock | undefined,
  after: TerraformBlock | undefined,
  action: Draft["action"],
  movedFrom?: string,
): Draft {
  return { address, before, after, action, movedFrom, attributes: [], causes: new Map(), reasons: [] };
}

/** Replaces the base64 of user data by its hash, and adds the diff of the decoded scripts. */
function describeUserData(draft: Draft, before: Json | undefined, after: Json | undefined): void {
  const index = draft.attributes.findIndex((change) => change.path === "user_data");
  if (index < 0) return;
  const old = readUserData(before);
  const next = readUserData(after);
  const summary = (reading: ReturnType<typeof readUserData>) =>
    reading.kind === "decoded"
      ? `sha256:${reading.userData.sha256.slice(0, 12)} (${reading.userData.bytes} bytes)`
      : undefined;
  draft.attributes[index] = {
    ...draft.attributes[index],
    before: summary(old) ?? draft.attributes[index].before,
    after: summary(next) ?? draft.attributes[index].after,
  };
  const oldText = old.kind === "decoded" ? old.userData.text : old.kind === "none" ? "" : undefined;
  const newText = next.kind === "decoded" ? next.userData.text : next.kind === "none" ? "" : undefined;
  if (oldText !== undefined && newText !== undefined) {
    draft.userDataDiff = unifiedDiff(
      oldText,
      newText,
      `${draft.movedFrom ?? draft.address} (base)`,
      draft.address,
    );
  }
}

/**
 * Propagates changes along references until nothing more changes: an argument that still reads
 * the same but refers to a replaced resource, to a data source read with new arguments, or to an
 * attribute that an update changes (a launch template's `latest_version`), gets a new value at apply.
 */
function followReferences(drafts: Map<string, Draft>): void {
  const changing = ({ address, attribute }: AttributeReference) => {
    const draft = drafts.get(address);
    const action = draft?.action;
    if (action === "replace" || action === "read") return true;
    const type = (draft?.after ?? draft?.before)?.type;
    return action === "update" && type !== undefined && changesOnUpdate(type, attribute);
  };
  let progress = true;
  while (progress) {
    progress = false;
    for (const draft of drafts.values()) {
      const { before, after } = draft;
      if (!before || !after) continue;
      for (const [argument, value] of Object.entries(after.body)) {
        if (META_ARGUMENTS.has(argument) || !sameJson(before.body[argument], value)) continue;
        const causes = new Set(
          referencedAttributes(value)
            .filter(changing)
            .map((reference) => reference.address),
        );
        for (const cause of causes) {
          const argumentsOf = draft.causes.get(cause) ?? new Set<string>();
          if (argumentsOf.has(argument)) continue;
          draft.causes.set(cause, argumentsOf.add(argument));
          progress = true;
          if (after.mode === "data") draft.action = "read";
          else if (forcesReplacement(after.type, argument)) draft.action = "replace";
          else if (draft.action !== "replace") draft.action = "update";
        }
      }
      for (const trigger of replaceTriggers(after.body)) {
        const action = drafts.get(trigger)?.action;
        const reason = `lifecycle.replace_triggered_by: ${trigger} changes`;
        if ((action === "update" || action === "replace") && !draft.reasons.includes(reason)) {
          draft.reasons.push(reason);
          draft.action = "replace";
          progress = true;
        }
      }
    }
  }
}

/** The addresses in `lifecycle.replace_triggered_by`. */
function replaceTriggers(body: JsonObject): string[] {
  return stringsAt(objectAt(body, "lifecycle"), "replace_triggered_by").flatMap((entry) => {
    const reference = /^\$?\{?\s*((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)/.exec(entry);
    return reference ? [reference[1]] : [];
  });
}

function finish(draft: Draft, drafts: ReadonlyMap<string, Draft>): BlockChange {
  const block = draft.after ?? draft.before;
  const markers: ChangeMarker[] = [];
  const reasons = [...draft.reasons];
  for (const [cause, argumentsOf] of draft.causes) {
    const action = drafts.get(cause)?.action;
    const what =
      action === "replace"
        ? "is replaced"
        : action === "update"
          ? "gets a new version"
          : "is read with new arguments";
    reasons.push(`${cause} ${what}, which changes ${[...argumentsOf].sort(byCodePoint).join(", ")}`);
  }
  if (block?.mode === "managed" && IMAGE_TYPES.includes(block.type)) {
    if (draft.action === "destroy") markers.push("ami-destroyed");
    if (draft.action === "replace") {
      markers.push("ami-replaced");
      if (booleanAt(objectAt(draft.after?.body, "lifecycle"), "prevent_destroy")) {
        markers.push("prevent-destroy-blocks");
        reasons.push(
          "lifecycle.prevent_destroy is set: Terraform refuses to destroy the old AMI until it is lifted",
        );
      }
    }
  }
  if (
    block?.type === "aws_launch_template" &&
    draft.before &&
    draft.after &&
    (draft.attributes.some((change) => change.path === "image_id") ||
      [...draft.causes.values()].some((argumentsOf) => argumentsOf.has("image_id")))
  ) {
    markers.push("image-changes");
  }
  if (
    block?.type === "aws_autoscaling_group" &&
    draft.before &&
    draft.after &&
    objectAt(draft.after.body, "instance_refresh") &&
    (draft.attributes.some((change) => GROUP_TEMPLATE_ARGUMENTS.includes(topLevelArgument(change.path))) ||
      [...draft.causes.values()].some((argumentsOf) =>
        GROUP_TEMPLATE_ARGUMENTS.some((argument) => argumentsOf.has(argument)),
      ))
  ) {
    markers.push("instances-replaced");
  }
  return {
    address: draft.address,
    action: draft.action as ChangeAction,
    ...(draft.movedFrom ? { movedFrom: draft.movedFrom } : {}),
    markers: MARKER_ORDER.filter((marker) => markers.includes(marker)),
    attributes: draft.attributes,
    reasons: reasons.sort(byCodePoint),
    ...(draft.userDataDiff ? { userDataDiff: draft.userDataDiff } : {}),
  };
}

function markerRank(change: BlockChange): number {
  const ranks = change.markers.map((marker) => MARKER_ORDER.indexOf(marker));
  return ranks.length > 0 ? Math.min(...ranks) : MARKER_ORDER.length;
}

function show(value: Json | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
