import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { EnvironmentStack } from "./environment-stack";
import { formatViolation } from "./guard-rules";
import type { LoadedEnvironment } from "./environment-files";

/** Where and how to synthesize. */
export interface SynthesizeOptions {
  /** The output folder, e.g. "cdktf.out"; stacks go to `<outdir>/stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
}

/** What a synthesis left for the user to know. */
export interface SynthesisReport {
  /** Stack folders kept only because they still hold Terraform's files. */
  readonly orphans: readonly string[];
  /** Each environment's waived policy rules, with the findings they cover. */
  readonly waivers: ReadonlyArray<{ environment: string; rule: string; reason: string; findings: string[] }>;
}

/** Files that Terraform and users keep in a stack folder between synths (state, plugins, plans). */
function isGeneratedByCdktf(entry: string): boolean {
  return entry === "cdk.tf.json" || entry === "cdk.tf" || entry === "assets";
}

/** Builds one stack per environment on `app`; the only place that knows environments become stacks. */
export function buildStacks(app: App, environments: readonly LoadedEnvironment[]): EnvironmentStack[] {
  return environments.map(({ name, config }) => new EnvironmentStack(app, name, config));
}

/**
 * Synthesizes every environment into `outdir`, all or nothing: the stacks are written to a
 * staging folder beside it that replaces `outdir` only when every stack succeeded. Files that
 * Terraform keeps in a stack folder (local state, `.terraform`, the lock file) are carried over.
 *
 * Policy violations that are not waived fail the synthesis; the error lists every one of them.
 */
export function synthesizeEnvironments(
  environments: readonly LoadedEnvironment[],
  options: SynthesizeOptions,
): SynthesisReport {
  const outdir = path.resolve(options.outdir);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}-staging-`));
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = withoutTokenStackTraces(() => buildStacks(app, environments));
    try {
      withoutTokenStackTraces(() => app.synth());
    } catch (error) {
      const violations = stacks.flatMap((stack) =>
        stack.guards.errors().map((v) => `environments/${stack.environment}.ts: ${formatViolation(v)}`),
      );
      if (violations.length === 0) throw error;
      throw new Error(
        `${violations.join("\n")}\n\n${violations.length} policy violation(s). Fix them, or waive a rule with waivers: [{ rule, reason }] in the environment file.`,
      );
    }
    const waivers = stacks.flatMap((stack) =>
      stack.guards.waived().map((w) => ({ environment: stack.environment, ...w })),
    );
    const orphans = carryOverTerraformFiles(outdir, staging);
    const retired = `${staging}-previous`;
    if (fs.existsSync(outdir)) fs.renameSync(outdir, retired);
    fs.renameSync(staging, outdir);
    fs.rmSync(retired, { recursive: true, force: true });
    return { orphans, waivers };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Moves Terraform's own files from the previous output into the new one. */
function carryOverTerraformFiles(previous: string, next: string): string[] {
  const stacks = path.join(previous, "stacks");
  if (!fs.existsSync(stacks)) return [];
  const orphans: string[] = [];
  for (const stack of fs.readdirSync(stacks).sort()) {
    const from = path.join(stacks, stack);
    if (!fs.statSync(from).isDirectory()) continue;
    const kept = fs.readdirSync(from).filter((entry) => !isGeneratedByCdktf(entry));
    if (kept.length === 0) continue;
    const to = path.join(next, "stacks", stack);
    if (!fs.existsSync(to)) {
      orphans.push(stack);
      fs.mkdirSync(to, { recursive: true });
    }
    for (const entry of kept) fs.renameSync(path.join(from, entry), path.join(to, entry));
  }
  return orphans;
}

/**
 * Runs `work` while stack traces captured into plain objects come out empty; errors keep theirs.
 * CDKTF captures and formats an unlimited stack trace for every token it creates, only to show it
 * if that token later fails to resolve: about a fifth of a synth, and memory per environment.
 */
function withoutTokenStackTraces<T>(work: () => T): T {
  const original = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return "";
    return original
      ? original(target, frames)
      : `${String(target)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  };
  try {
    return work();
  } finally {
    Error.prepareStackTrace = original;
  }
}
