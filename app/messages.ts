import * as path from "node:path";
import { type ConfigProblem, formatProblem } from "../modules/config-checker";
import type { SynthesisReport } from "./synthesize";

/** What a command prints, by stream. */
export interface Messages {
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/** Every problem of the environment files, one a line, and the verdict: nothing was written. */
export function problemMessages(problems: readonly ConfigProblem[]): string[] {
  return [...problems.map(formatProblem), "", `${problems.length} problem(s) found; nothing was written.`];
}

/** What the checks across environments cannot verify, one a line: they do not stop the synth. */
export function warningMessages(warnings: readonly ConfigProblem[]): string[] {
  return warnings.map((warning) => `warning: ${formatProblem(warning)}`);
}

/**
 * What a synth says besides its stacks: each waiver with the findings it covers (standard
 * output), and each stack folder kept for an environment that no longer exists (standard error),
 * with paths as `display` shows them.
 */
export function synthesisNotes(
  report: SynthesisReport,
  stacksDir: string,
  display: (file: string) => string,
): Messages {
  return {
    stdout: report.waivers.flatMap(({ environment, rule, reason, findings }) => [
      `waiver: ${environment} waives ${rule} (${findings.length} finding(s)): ${reason}`,
      ...findings.map((finding) => `  ${finding}`),
    ]),
    stderr: report.orphans.map(
      (stack) =>
        `warning: environment "${stack}" no longer exists; its Terraform files remain in ${display(path.join(stacksDir, stack))}`,
    ),
  };
}
