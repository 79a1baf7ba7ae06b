import * as fs from "node:fs";
import * as path from "node:path";

/** Differences listed per stack before the rest are only counted. */
const SHOWN_PER_STACK = 5;

/** The stack names in `<outdir>/stacks`: folders holding a `cdk.tf.json`. */
function stackNames(outdir: string): string[] {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir)
    .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
    .sort();
}

/** A stack's Terraform JSON without its `"//"` keys, which Terraform ignores. */
function readStack(outdir: string, name: string): unknown {
  return withoutComments(
    JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")),
  );
}

/** `value` with every `"//"` key removed at any depth: construct paths and review metadata. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, entry]) => [key, withoutComments(entry)]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Each place where `pack` and `baseline` differ, as `<path>: pack <value>, baseline <value>`. */
function jsonDifferences(pack: unknown, baseline: unknown, at: string): string[] {
  if (Array.isArray(pack) && Array.isArray(baseline)) {
    const length = Math.max(pack.length, baseline.length);
    return Array.from({ length }, (_, i) => jsonDifferences(pack[i], baseline[i], `${at}[${i}]`)).flat();
  }
  if (isObject(pack) && isObject(baseline)) {
    const keys = [...new Set([...Object.keys(pack), ...Object.keys(baseline)])].sort();
    return keys.flatMap((key) => jsonDifferences(pack[key], baseline[key], at ? `${at}.${key}` : key));
  }
  if (JSON.stringify(pack) === JSON.stringify(baseline)) return [];
  return [`${at || "(root)"}: pack ${describe(pack)}, baseline ${describe(baseline)}`];
}

function describe(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

/**
 * How the stacks synthesized into `packOutdir` differ from those in `baselineOutdir`, ignoring
 * `"//"` keys: stacks found on one side only, then, per stack, the first few differing values
 * with their JSON path. Empty when both hold the same Terraform configuration, which is what
 * makes the baseline's time a fair comparison for the pack's.
 */
export function stackDifferences(packOutdir: string, baselineOutdir: string): string[] {
  const packStacks = stackNames(packOutdir);
  const baselineStacks = stackNames(baselineOutdir);
  const differences = [
    ...packStacks
      .filter((name) => !baselineStacks.includes(name))
      .map((name) => `stack ${name} only in the pack output`),
    ...baselineStacks
      .filter((name) => !packStacks.includes(name))
      .map((name) => `stack ${name} only in the baseline output`),
  ];
  for (const name of packStacks.filter((stack) => baselineStacks.includes(stack))) {
    const found = jsonDifferences(readStack(packOutdir, name), readStack(baselineOutdir, name), "");
    differences.push(...found.slice(0, SHOWN_PER_STACK).map((difference) => `${name}: ${difference}`));
    if (found.length > SHOWN_PER_STACK)
      differences.push(`${name}: ${found.length - SHOWN_PER_STACK} more difference(s)`);
  }
  return differences;
}
