import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ReviewBase } from "./review";
import { loadStacks } from "./stack-loader";
import { synthesize } from "../synth-runner";

/**
 * Synthesizes the project as it is at a git ref and reads its stacks: the ref is checked out
 * into a temporary worktree that shares this checkout's `node_modules`, synthesized there, and
 * removed again, whatever happens.
 */
export function synthesizeGitRef(projectDir: string, ref: string): ReviewBase {
  const root = git(
    projectDir,
    ["rev-parse", "--show-toplevel"],
    "find the git repository of the project",
  ).trim();
  const commit = git(
    root,
    ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`],
    `resolve --base-ref ${ref}`,
    {
      notFound: `Cannot resolve --base-ref, got ${JSON.stringify(ref)}, expected a commit, branch or tag of the repository`,
    },
  ).trim();
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "ami-review-base-"));
  const worktree = path.join(temporary, "worktree");
  try {
    git(root, ["worktree", "add", "--detach", "--quiet", worktree, commit], `check out ${ref}`);
    // `rev-parse` answers the real path; the project's may go through a symbolic link.
    const baseProject = path.join(worktree, path.relative(root, fs.realpathSync(projectDir)));
    for (const needed of ["main.ts", path.join("scripts", "register-ts.js")]) {
      if (!fs.existsSync(path.join(baseProject, needed)))
        throw new Error(
          `Cannot synthesize --base-ref ${ref}: got no ${needed} at that ref, expected the project's synth entry points`,
        );
    }
    const modules = path.join(baseProject, "node_modules");
    if (!fs.existsSync(modules)) fs.symlinkSync(path.join(projectDir, "node_modules"), modules, "dir");
    const outdir = path.join(temporary, "cdktf.out");
    const short = commit.slice(0, 7);
    // Named by the ref: the worktree's temporary folder is gone by the time anyone reads the message.
    synthesize(baseProject, outdir, `--base-ref ${ref} (${short})`);
    return { stacks: loadStacks(path.join(outdir, "stacks")), label: `git ref ${ref} (${short})` };
  } finally {
    // `worktree remove` also drops the repository's record of it; prune covers a half-made one.
    const removed = spawnSync("git", ["-C", root, "worktree", "remove", "--force", worktree], {
      encoding: "utf8",
    });
    fs.rmSync(temporary, { recursive: true, force: true });
    if (removed.status !== 0) spawnSync("git", ["-C", root, "worktree", "prune"], { encoding: "utf8" });
  }
}

function git(
  cwd: string,
  args: readonly string[],
  purpose: string,
  messages: { notFound?: string } = {},
): string {
  const result = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8" });
  if (result.error)
    throw new Error(`Cannot ${purpose}: git did not run (${result.error.message}), expected git on PATH`);
  if (result.status !== 0) {
    if (messages.notFound) throw new Error(messages.notFound);
    throw new Error(
      `Cannot ${purpose}: git ${args[0]} failed with status ${result.status}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
