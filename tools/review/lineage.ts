import {
  BASE_IMAGE_ADDRESS,
  BASE_PARAMETER_ADDRESS,
  type BaseImageSource,
  filtersOf,
} from "./base-image-source";
import { byCodePoint } from "../../modules/terraform-json";
import { safeId } from "./mermaid";
import type {
  BlockChange,
  ImageEntry,
  LaunchTemplateEntry,
  LineageEdge,
  LineageGraph,
  LineageNode,
  SharingEntry,
} from "./review-model";
import type { StackDocument } from "./stack-document";
import { showExpression, showValue, soleReference } from "./terraform-references";

/** What a comparison with the base does to the stack, for marking the lineage. */
export interface LineageChanges {
  readonly blocks: readonly BlockChange[];
  /** The base stack, where the blocks the change removes are read from. */
  readonly base?: StackDocument;
}

/** What the lineage is drawn from. */
export interface LineageInput {
  readonly stack: StackDocument;
  readonly homeRegion?: string;
  readonly baseImage: BaseImageSource;
  readonly images: readonly ImageEntry[];
  readonly launchTemplates: readonly LaunchTemplateEntry[];
  readonly sharing: readonly SharingEntry[];
  /** The home region's lookup of the image the builder instances start from. @default "data.aws_ami.base" */
  readonly baseLookup?: string;
  /** The version launch templates boot, labelled on its images. */
  readonly currentVersion?: string;
  /** When compared with a base: what the change adds, moves, replaces and removes. */
  readonly changes?: LineageChanges;
}

/** The lineage mark of each action that changes a block. */
const CHANGE_MARKS: Partial<Record<BlockChange["action"], LineageNode["change"]>> = {
  create: "added",
  move: "moved",
  replace: "replaced",
  destroy: "removed",
};

/** The base lookups of the environment: `data.aws_ami.base` and `data.aws_ami.base_<region>`. */
function isBaseLookup(address: string, prefix: string): boolean {
  return address === prefix || address.startsWith(`${prefix}_`);
}

/**
 * The AMI lineage: base image source -> base lookups -> golden image -> copies -> launch
 * templates, with the principals that may launch each image on the side. Edges follow the
 * Terraform references of the stack; the builder instance between the base and the golden
 * image is outside Terraform, so that edge is dotted.
 */
export function buildLineage(input: LineageInput): LineageGraph {
  const taken = new Set<string>();
  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  const idOf = new Map<string, string>();
  const marks = new Map(
    (input.changes?.blocks ?? []).map((change) => [change.address, CHANGE_MARKS[change.action]]),
  );
  /** Adds a node known by `key`, with an id made of `prefix` and `name`. */
  const add = (node: Omit<LineageNode, "id">, key: string, prefix: string, name = key): string => {
    const id = safeId(prefix, name, taken);
    const change = node.change ?? (node.address ? marks.get(node.address) : undefined);
    nodes.push({ id, ...node, ...(change ? { change } : {}) });
    idOf.set(key, id);
    return id;
  };

  const source =
    input.baseImage.kind === "none"
      ? undefined
      : add({ kind: "source", lines: sourceLines(input.baseImage) }, "source", "source", "");

  for (const parameter of input.stack.blocksOfType("aws_ssm_parameter", "data")) {
    if (!isBaseLookup(parameter.address, BASE_PARAMETER_ADDRESS)) continue;
    const id = add(
      {
        kind: "parameter",
        address: parameter.address,
        region: parameter.region,
        lines: [parameter.address, showValue(parameter.body.name)],
      },
      parameter.address,
      "n",
    );
    if (source) edges.push({ from: source, to: id, style: "solid" });
  }

  for (const image of input.images) {
    const lines = imageLines(image);
    if (image.version !== undefined && image.version === input.currentVersion) lines.push("current version");
    const id = add(
      { kind: kindOf(image), address: image.address, region: image.region, lines },
      image.address,
      "n",
    );
    if (image.role !== "base") continue;
    const block = input.stack.block(image.address);
    const parameter = (filtersOf(block?.body ?? {}).get("image-id") ?? [])
      .map((value) => soleReference(value)?.address)
      .find((address) => address !== undefined && idOf.has(address));
    if (parameter) edges.push({ from: idOf.get(parameter) as string, to: id, style: "solid" });
    else if (source && isBaseLookup(image.address, BASE_IMAGE_ADDRESS))
      edges.push({ from: source, to: id, style: "solid" });
  }

  for (const image of input.images) {
    const to = idOf.get(image.address) as string;
    if (image.role === "golden") {
      const base = idOf.get(input.baseLookup ?? BASE_IMAGE_ADDRESS);
      const instance = showValue(input.stack.block(image.address)?.body.source_instance_id);
      if (base) edges.push({ from: base, to, style: "dotted", label: `builder ${instance}` });
    } else if (image.sourceAddress) {
      edges.push({ from: imageNode(image.sourceAddress, image.region), to, style: "solid" });
    }
  }

  for (const template of input.launchTemplates) {
    const id = add(
      {
        kind: "template",
        address: template.address,
        region: template.region,
        lines: [template.address, template.instanceType ?? "instance type set at launch"],
      },
      template.address,
      "n",
    );
    edges.push({
      from: imageNode(template.imageAddress ?? template.image, template.region),
      to: id,
      style: "solid",
    });
  }

  // What the change removes is drawn too, where it was.
  for (const change of input.changes?.blocks ?? []) {
    const old = change.action === "destroy" ? input.changes?.base?.block(change.address) : undefined;
    if (!old || old.mode !== "managed" || idOf.has(old.address)) continue;
    const kind = IMAGE_NODE_KINDS[old.type] ?? (old.type === "aws_launch_template" ? "template" : undefined);
    if (!kind) continue;
    const name = showValue(old.body.name);
    add(
      {
        kind,
        address: old.address,
        region: old.region,
        lines: [old.address, ...(name ? [name] : []), "removed"],
        change: "removed",
      },
      old.address,
      "n",
    );
  }

  const principals = [...input.sharing].sort(
    (a, b) => byCodePoint(a.principalKind, b.principalKind) || byCodePoint(a.principal, b.principal),
  );
  for (const entry of principals) {
    const key = `principal ${entry.principalKind} ${entry.principal}`;
    const id =
      idOf.get(key) ??
      add(
        { kind: "principal", lines: [`${entry.principalKind} ${entry.principal}`] },
        key,
        "principal",
        entry.principal.split("/").pop(),
      );
    const image = imageNode(entry.imageAddress ?? entry.image, entry.region);
    if (!edges.some((edge) => edge.from === image && edge.to === id))
      edges.push({ from: image, to: id, style: "dotted", label: "may launch" });
  }
  return { nodes, edges: sortEdges(edges, nodes) };

  /** The node of an image: one of the stack's, or one made for an AMI ID or expression. */
  function imageNode(reference: string, region: string | undefined): string {
    const known = idOf.get(reference);
    if (known) return known;
    return add(
      { kind: "external", region, lines: [`image ${showExpression(reference)}`] },
      reference,
      "image",
    );
  }
}

/** The source and what finds it: owners, the newest match, the exact AMI of a promoted version. */
function sourceLines(source: BaseImageSource): string[] {
  return [
    "base image source",
    source.summary,
    ...source.details.filter((line) => /^(owners |newest match|AMI )/.test(line)),
  ];
}

/** Node kinds of the resources that are AMIs. */
const IMAGE_NODE_KINDS: Readonly<Record<string, LineageNode["kind"]>> = {
  aws_ami_from_instance: "golden",
  aws_ami_copy: "copy",
  aws_ami: "registered",
};

function kindOf(image: ImageEntry): LineageNode["kind"] {
  return image.role === "base" ? "lookup" : image.role;
}

function imageLines(image: ImageEntry): string[] {
  const lines = [image.address, image.name];
  if (image.role === "golden") lines.push(`from ${image.source}`);
  if (image.role === "copy" && image.kmsKey) lines.push(`KMS ${shortKey(image.kmsKey)}`);
  if (image.deprecation) lines.push(`deprecated ${image.deprecation}`);
  return lines;
}

/** `key/1234...` of a KMS key ARN, which is what tells keys apart. */
export function shortKey(key: string): string {
  return /:((?:key|alias)\/.+)$/.exec(key)?.[1] ?? key;
}

/** Edges in node order, so that the text follows the lineage from left to right. */
function sortEdges(edges: LineageEdge[], nodes: LineageNode[]): LineageEdge[] {
  const order = new Map(nodes.map((node, index) => [node.id, index]));
  return edges.sort(
    (a, b) =>
      (order.get(a.from) ?? 0) - (order.get(b.from) ?? 0) ||
      (order.get(a.to) ?? 0) - (order.get(b.to) ?? 0) ||
      byCodePoint(a.label ?? "", b.label ?? ""),
  );
}
