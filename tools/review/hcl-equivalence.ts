import { parse } from "@cdktf/hcl2json";
import { type Json, byCodePoint, canonicalJson, isObject } from "../../modules/terraform-json";

/** Arguments whose values are references written without `${}` in JSON (`from` and `to` of `moved`). */
const BARE_REFERENCES = new Set([
  "provider",
  "depends_on",
  "replace_triggered_by",
  "ignore_changes",
  "from",
  "to",
]);

/** Where the HCL and the JSON disagree, as `path: got X, expected Y`. */
export interface HclDifference {
  readonly path: string;
  readonly hcl: string;
  readonly json: string;
}

/**
 * Parses the HCL back into Terraform's JSON form and compares it with the stack's JSON, so that
 * the readable file never says something else than the applied one. Both sides are brought to
 * one shape first: CDKTF's `"//"` comments dropped, a block written once read the same as a
 * list of one block, references in `provider` and `depends_on` without `${}`.
 */
export async function compareHclWithJson(hcl: string, json: Json): Promise<HclDifference[]> {
  const parsed = (await parse("cdk.tf", hcl)) as Json;
  const differences: HclDifference[] = [];
  compare(normalize(parsed), normalize(json), "", differences);
  return differences;
}

function normalize(value: Json, key = ""): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalize(item, key));
    return items.length === 1 && isObject(items[0]) ? items[0] : items;
  }
  if (isObject(value)) {
    const result: Record<string, Json> = {};
    for (const [name, item] of Object.entries(value)) if (name !== "//") result[name] = normalize(item, name);
    return result;
  }
  if (typeof value === "string" && BARE_REFERENCES.has(key)) return value.replace(/^\$\{(.*)\}$/, "$1");
  return value;
}

function compare(hcl: Json | undefined, json: Json | undefined, path: string, out: HclDifference[]): void {
  if (isObject(hcl) && isObject(json)) {
    const keys = [...new Set([...Object.keys(hcl), ...Object.keys(json)])].sort(byCodePoint);
    for (const key of keys) compare(hcl[key], json[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(hcl) && Array.isArray(json) && hcl.length === json.length) {
    hcl.forEach((item, index) => compare(item, json[index], `${path}[${index}]`, out));
    return;
  }
  if (canonicalJson(hcl) !== canonicalJson(json)) {
    out.push({ path, hcl: canonicalJson(hcl), json: canonicalJson(json) });
  }
}
