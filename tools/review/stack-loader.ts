import * as fs from "node:fs";
import * as path from "node:path";
import { byCodePoint, isObject } from "../../modules/terraform-json";
import { StackDocument } from "./stack-document";
import { displayPath } from "../display-path";

/** The file each stack folder holds. */
export const STACK_FILE = "cdk.tf.json";

/**
 * The stacks folder of a synthesized output given as `<dir>/cdktf.out`, `<dir>` (a `cdktf.out`)
 * or `<dir>` (its `stacks/`); undefined when there is none.
 */
export function findStacksDir(dir: string): string | undefined {
  const candidates = [path.join(dir, "cdktf.out", "stacks"), path.join(dir, "stacks"), dir];
  return candidates.find((candidate) => listStackNames(candidate).length > 0);
}

/** Names of the folders that hold a `cdk.tf.json`, sorted. */
export function listStackNames(stacksDir: string): string[] {
  if (!fs.existsSync(stacksDir) || !fs.statSync(stacksDir).isDirectory()) return [];
  return fs
    .readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(stacksDir, entry.name, STACK_FILE)))
    .map((entry) => entry.name)
    .sort(byCodePoint);
}

/** Reads every stack of a stacks folder, by name. */
export function loadStacks(stacksDir: string): Map<string, StackDocument> {
  const stacks = new Map<string, StackDocument>();
  for (const name of listStackNames(stacksDir)) {
    // Named by its file: the base and the current output have stacks of the same names.
    const file = path.join(stacksDir, name, STACK_FILE);
    const text = fs.readFileSync(file, "utf8");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(
        `Cannot read stack "${name}" in ${displayPath(file)}: got invalid JSON (${(error as Error).message}), expected the ${STACK_FILE} that cdktf synthesizes`,
      );
    }
    if (!isObject(json)) {
      throw new Error(
        `Cannot read stack "${name}" in ${displayPath(file)}: got ${describe(json)} at the top, expected an object`,
      );
    }
    stacks.set(name, new StackDocument(name, json));
  }
  return stacks;
}

/** Stacks from parsed documents, by name: for callers that hold the JSON already. */
export function stacksFromJson(documents: Readonly<Record<string, unknown>>): Map<string, StackDocument> {
  const stacks = new Map<string, StackDocument>();
  for (const name of Object.keys(documents).sort(byCodePoint)) {
    const json = documents[name];
    if (!isObject(json))
      throw new Error(`Cannot read stack "${name}": got ${describe(json)}, expected an object`);
    stacks.set(name, new StackDocument(name, json));
  }
  return stacks;
}

/** `null`, `an array`, `a string`, ...: what a JSON value is, for messages. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}
