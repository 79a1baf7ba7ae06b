import { type Json, byCodePoint, canonicalJson, isObject } from "../../modules/terraform-json";

/** One leaf that differs between two versions of a block. */
export interface LeafChange {
  /** `metadata_options.http_put_response_hop_limit`, `block_device_mappings[0].ebs.volume_size`. */
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
}

/**
 * The leaves that differ, sorted by path. Lists of plain values are one leaf (security group
 * IDs read better as a list); lists of blocks are compared item by item.
 */
export function diffLeaves(before: Json | undefined, after: Json | undefined): LeafChange[] {
  const old = flatten(before);
  const next = flatten(after);
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort(byCodePoint);
  return paths
    .filter((path) => canonicalJson(old.get(path)) !== canonicalJson(next.get(path)))
    .map((path) => ({ path, before: old.get(path), after: next.get(path) }));
}

function flatten(value: Json | undefined): Map<string, Json> {
  const leaves = new Map<string, Json>();
  const visit = (item: Json, path: string) => {
    if (isObject(item) && Object.keys(item).length > 0) {
      for (const [key, child] of Object.entries(item)) visit(child, joinKey(path, key));
    } else if (Array.isArray(item) && item.some((child) => isObject(child) || Array.isArray(child))) {
      item.forEach((child, index) => visit(child, `${path}[${index}]`));
    } else {
      leaves.set(path, item);
    }
  };
  if (value !== undefined) visit(value, "");
  return leaves;
}

/** `a.b`, or `a["odd.key"]` for keys that are not identifiers (tag names, for instance). */
function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
