import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { EnvironmentStack } from "../modules/environment-stack";
import { formatViolation } from "../modules/guard-rules";
import type { LoadedEnvironment } from "./environment-files";
import { withoutTokenStackTraces } from "./token-stack-traces";

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

/** What CDKTF writes into a stack folder; anything else there (state, `.terraform`, plans) is Terraform's or the user's. */
const GENERATED_STACK_FILES = ["cdk.tf.json", "cdk.tf"];

/** Builds one stack per environment on `app`; the only place that knows environments become stacks. */
export function buildStacks(app: App, environments: readonly LoadedEnvironment[]): EnvironmentStack[] {
  return environments.map(({ name, file, config }) => {
    try {
      return new EnvironmentStack(app, name, config);
    } catch (error) {
      // Errors from an environment's own `extend` code say which environment they come from.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${file}: building the stack failed: ${reason}`, { cause: error });
    }
  });
}

/**
 * Synthesizes every environment into `outdir`. The stacks are synthesized into a staging folder
 * first, so that a failure (an invalid stack, a policy violation) leaves `outdir` untouched; then
 * each file is put in place with a rename, which readers and concurrent synths never see half
 * written. Nothing else in a stack folder is touched: local state, `.terraform` and plans stay.
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
      // Each violation names the environment file it was loaded from, as config problems do.
      const violations = stacks.flatMap((stack, index) =>
        stack.guards.errors().map((v) => `${environments[index].file}: ${formatViolation(v)}`),
      );
      if (violations.length === 0) throw error;
      throw new Error(
        `${violations.join("\n")}\n\n${violations.length} policy violation(s). Fix them, or waive a rule with waivers: [{ rule, reason }] in the environment file.`,
      );
    }
    const waivers = stacks.flatMap((stack) =>
      stack.guards.waived().map((w) => ({ environment: stack.environment, ...w })),
    );
    return { orphans: install(staging, outdir), waivers };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Puts the synthesized stacks and the manifest in place and removes the generated files of
 * environments that no longer exist. Nothing else in `outdir` is touched: the review, the HCL and
 * whatever else lives there are their own commands' outputs. Returns the stack folders kept
 * because they still hold Terraform's files.
 */
function install(staging: string, outdir: string): string[] {
  const stacksDir = path.join(outdir, "stacks");
  fs.mkdirSync(stacksDir, { recursive: true });
  const current = fs.readdirSync(path.join(staging, "stacks")).sort();
  for (const stack of current) {
    const from = path.join(staging, "stacks", stack);
    const to = path.join(stacksDir, stack);
    fs.mkdirSync(to, { recursive: true });
    // The staging folder is beside `outdir`, on the same file system: each rename is atomic.
    for (const file of fs.readdirSync(from)) fs.renameSync(path.join(from, file), path.join(to, file));
  }
  const orphans: string[] = [];
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const dir = path.join(stacksDir, stack);
    if (current.includes(stack) || !fs.statSync(dir).isDirectory()) continue;
    for (const file of GENERATED_STACK_FILES) fs.rmSync(path.join(dir, file), { force: true });
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    else orphans.push(stack);
  }
  fs.renameSync(path.join(staging, "manifest.json"), path.join(outdir, "manifest.json"));
  return orphans;
}
