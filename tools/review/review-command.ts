import * as fs from "node:fs";
import * as path from "node:path";
import { USAGE, parseReviewOptions, type ReviewOptions } from "./cli-options";
import { synthesizeGitRef } from "./git-base";
import { renderJson, renderMarkdown } from "./render-markdown";
import { type ReviewBase, buildReview, refusesImageRemoval } from "./review";
import type { Review } from "./review-model";
import { findStacksDir, loadStacks } from "./stack-loader";
import { displayPath } from "../display-path";
import { synthesize, whySynthesize } from "../synth-runner";

/** Where the command writes its messages. */
export interface CommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit statuses of `npm run review`. */
export const EXIT = { ok: 0, error: 1, imageRemovalRefused: 2 } as const;

/** Runs `npm run review -- <argv>` for the project in `projectDir`; returns the exit status. */
export function runReviewCommand(argv: readonly string[], projectDir: string, output: CommandOutput): number {
  let options: ReviewOptions;
  try {
    options = parseReviewOptions(argv);
  } catch (error) {
    output.stderr(`${messageOf(error)}\n\n${USAGE}`);
    return EXIT.error;
  }
  if (options.help) {
    output.stdout(USAGE);
    return EXIT.ok;
  }
  try {
    return review(options, projectDir, output);
  } catch (error) {
    output.stderr(`${messageOf(error)}\n`);
    return EXIT.error;
  }
}

function review(options: ReviewOptions, projectDir: string, output: CommandOutput): number {
  const outdir = path.resolve(
    options.outdir ?? (process.env.CDKTF_OUTDIR || path.join(projectDir, "cdktf.out")),
  );
  const stale = options.noSynth ? undefined : whySynthesize(projectDir, outdir);
  if (stale) {
    output.stderr(`Synthesizing first: ${stale}.\n`);
    synthesize(projectDir, outdir);
  }
  const head = loadStacks(path.join(outdir, "stacks"));
  if (head.size === 0) {
    throw new Error(
      `No synthesized stack to review, got none in ${displayPath(path.join(outdir, "stacks"))}, expected <environment>/cdk.tf.json (run npm run synth)`,
    );
  }
  const base = loadBase(options, projectDir);
  const result = buildReview(head, base);
  const content = options.format === "json" ? renderJson(result) : renderMarkdown(result);
  const target = options.out ?? path.join(outdir, options.format === "json" ? "review.json" : "review.md");
  if (target === "-") {
    output.stdout(content);
  } else {
    writeReview(target, content);
    output.stdout(`${summary(result, displayPath(path.resolve(target)))}\n`);
  }
  if (options.failOnImageRemoval && refusesImageRemoval(result)) {
    output.stderr(
      `AMIs would be deregistered without the environment saying so (--fail-on-image-removal):\n${(result.comparison?.refusedImageRemovals ?? []).map((entry) => `  ${entry}`).join("\n")}\n`,
    );
    return EXIT.imageRemovalRefused;
  }
  return EXIT.ok;
}

function writeReview(target: string, content: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, content);
  } catch (error) {
    throw new Error(
      `Cannot write the review to ${displayPath(path.resolve(target))}, got ${messageOf(error)}, expected a file that can be written`,
    );
  }
}

function loadBase(options: ReviewOptions, projectDir: string): ReviewBase | undefined {
  if (options.baseRef !== undefined) return synthesizeGitRef(projectDir, options.baseRef);
  if (options.base === undefined) return undefined;
  const stacksDir = findStacksDir(path.resolve(options.base));
  if (!stacksDir) {
    throw new Error(
      `No synthesized stack in --base, got ${JSON.stringify(options.base)}, expected a folder holding cdktf.out/stacks/<environment>/cdk.tf.json, stacks/<environment>/cdk.tf.json or <environment>/cdk.tf.json`,
    );
  }
  return { stacks: loadStacks(stacksDir), label: `directory ${baseLabel(options.base)}` };
}

/** The base as the review names it: as given when relative, else by its last folder, never an absolute path. */
function baseLabel(base: string): string {
  return path.isAbsolute(base) ? path.basename(base) : base.split(path.sep).join("/");
}

function summary(review: Review, target: string): string {
  const lines = [`Wrote ${target}: ${review.environments.length} environment(s).`];
  const comparison = review.comparison;
  if (comparison) {
    const changed = comparison.environments.filter((environment) => environment.status !== "unchanged");
    lines.push(
      `Compared with ${comparison.base}: ${changed.length} environment(s) changed, ${comparison.productionImageReplacements.length} production AMI change(s), ${comparison.refusedImageRemovals.length} AMI deregistration(s) refused.`,
    );
  }
  return lines.join("\n");
}

/** The message of anything thrown; Node's own errors may come from another realm than `Error`. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
}
