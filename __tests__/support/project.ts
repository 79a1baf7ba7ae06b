import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MAIN_JOB_FILES } from "../../tools/project-files";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

/** A copy of the project's `entries` in a temporary folder, sharing the installed node_modules. */
export function copyProject(prefix = "ami-pack-", entries: readonly string[] = MAIN_JOB_FILES): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const entry of entries)
    fs.cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Runs the main job of the project in `dir` (as `npm run synth` does), from `cwd`. */
export function runSynth(dir: string, cwd = dir, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    ["-r", path.join(dir, "scripts/register-ts.js"), path.join(dir, "main.ts")],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: "", ...env },
    },
  );
}

/** Every file below `dir`, relative, with its content. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full).split(path.sep).join("/")] = fs.readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}
