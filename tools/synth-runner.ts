import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { displayPath } from "./display-path";
import { STACK_FILE, listStackNames } from "./review/stack-loader";

/** What a synth reads, relative to the project: when any is newer than the output, the output is stale. */
const SOURCES = ["main.ts", "cdktf.json", "app", "modules", "environments"];

/** Why the output must be synthesized again, or undefined when it is up to date. */
export function whySynthesize(projectDir: string, outdir: string): string | undefined {
  const stacksDir = path.join(outdir, "stacks");
  const names = listStackNames(stacksDir);
  if (names.length === 0) return `no synthesized stack in ${displayPath(stacksDir)}`;
  const oldest = Math.min(
    ...names.map((name) => fs.statSync(path.join(stacksDir, name, STACK_FILE)).mtimeMs),
  );
  const newest = newestSource(projectDir);
  if (newest && newest.mtimeMs > oldest)
    return `${displayPath(newest.file)} is newer than the synthesized stacks`;
  return undefined;
}

/** The most recently changed source file or folder (a folder changes when a file is added or removed). */
function newestSource(projectDir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const visit = (file: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (!newest || stat.mtimeMs > newest.mtimeMs) newest = { file, mtimeMs: stat.mtimeMs };
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file)) if (entry !== "node_modules") visit(path.join(file, entry));
    }
  };
  for (const source of SOURCES) visit(path.join(projectDir, source));
  return newest;
}

/**
 * Synthesizes the project into `outdir` as `npm run synth` does, in a child process: the
 * review itself never loads cdktf. Throws with the synth's own messages when it fails, naming
 * what was synthesized as `what`.
 */
export function synthesize(projectDir: string, outdir: string, what = projectName(projectDir)): void {
  const result = spawnSync(
    process.execPath,
    ["-r", path.join(projectDir, "scripts", "register-ts.js"), path.join(projectDir, "main.ts")],
    { cwd: projectDir, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir } },
  );
  if (result.error) throw new Error(`Synthesis could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `Synthesis of ${what} failed, got exit status ${result.status}, expected 0:\n${`${result.stderr}${result.stdout}`.trim()}`,
    );
  }
}

/** "the project", or "the project in <dir>" when it is not the working directory. */
function projectName(projectDir: string): string {
  const shown = displayPath(projectDir);
  return shown === "." ? "the project" : `the project in ${shown}`;
}
