import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runReviewCommand } from "../tools/review/review-command";
import type { Review } from "../tools/review/review-model";
import { whySynthesize } from "../tools/synth-runner";
import { MAIN_JOB_FILES } from "../tools/project-files";
import type { EnvironmentConfig } from "../modules";
import { GOLDEN, PROD } from "./fixtures/review/stacks";

const PROJECT_DIR = path.resolve(__dirname, "..");
const COPIED = [...MAIN_JOB_FILES, "tools"];
const PROD_FILE = "environments/prod.ts";

/** An environment file that default-exports `config`. */
const environmentFile = (config: EnvironmentConfig) =>
  `import { defineEnvironment } from "../modules";\n\nexport default defineEnvironment(${JSON.stringify(config, null, 2)});\n`;

/** The copy's environments: dev keeps `web` 1.9.0 and 2.0.0 and shares them with prod, which runs `version`. */
function writeEnvironments(version: string): void {
  const dev: EnvironmentConfig = {
    ...GOLDEN,
    goldenImage: {
      name: "web",
      versions: {
        "1.9.0": { sourceInstanceId: "i-0123456789abcdef0" },
        "2.0.0": { sourceInstanceId: "i-0fedcba9876543210" },
      },
      current: "2.0.0",
    },
    sharing: { ...GOLDEN.sharing, accountIds: [PROD.account] },
  };
  const promoted = { name: "web", version, ownerAccount: GOLDEN.account };
  fs.writeFileSync(path.join(dir, "environments/dev.ts"), environmentFile(dev));
  fs.writeFileSync(path.join(dir, PROD_FILE), environmentFile({ ...PROD, baseImage: { promoted } }));
}

// A copy of the project with environments of its own, whatever the project's are, in its own git
// repository, whose commit runs web 2.0.0 in prod while the working tree runs 1.9.0 (both kept by
// dev): `--base-ref HEAD` then sees prod's copies of 2.0.0 deregistered without allowImageRemoval.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ami-review-cli-"));
  for (const entry of COPIED)
    fs.cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, ".gitignore"), "node_modules\ncdktf.out\nbase-output\n");
  fs.rmSync(path.join(dir, "environments"), { recursive: true });
  fs.mkdirSync(path.join(dir, "environments"));
  writeEnvironments("2.0.0");
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=review", "-c", "user.email=review@example.com", "commit", "-q", "-m", "base");
  writeEnvironments("1.9.0");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function git(...args: string[]): string {
  const result = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** A commit on top of HEAD with one file replaced, made without touching the working tree or the index. */
function commitWith(file: string, content: string): string {
  const env = { ...process.env, GIT_INDEX_FILE: path.join(dir, ".git", "review-test-index") };
  const run = (args: string[], input?: string) => {
    const result = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", env, input });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  run(["read-tree", "HEAD"]);
  const blob = run(["hash-object", "-w", "--stdin"], content);
  run(["update-index", "--cacheinfo", `100644,${blob},${file}`]);
  const tree = run(["write-tree"]);
  fs.rmSync(env.GIT_INDEX_FILE, { force: true });
  const identity = ["-c", "user.name=review", "-c", "user.email=review@example.com"];
  return run([...identity, "commit-tree", tree, "-p", "HEAD", "-m", "broken"]);
}

/** `npm run review -- <args>` in the copy, as a child process. */
function reviewCommand(...args: string[]) {
  return spawnSync(process.execPath, ["-r", "./scripts/register-ts.js", "scripts/review.ts", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CDKTF_OUTDIR: "" },
  });
}

/** The command run in this process, its output collected. */
function runInProcess(...args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const status = runReviewCommand(args, dir, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { status, stdout, stderr };
}

describe("npm run review", () => {
  it("synthesizes when the output is missing, then reviews the same output byte for byte", () => {
    const first = reviewCommand();
    expect(first.stderr).toBe("Synthesizing first: no synthesized stack in cdktf.out/stacks.\n");
    expect(first.stdout).toBe("Wrote cdktf.out/review.md: 2 environment(s).\n");
    expect(first.status).toBe(0);
    const review = fs.readFileSync(path.join(dir, "cdktf.out/review.md"), "utf8");
    expect(review).toMatch(/^# AMI review\n/);
    expect(review).toContain("## `prod` — production");

    const second = reviewCommand();
    expect(second.stderr).toBe("");
    expect(fs.readFileSync(path.join(dir, "cdktf.out/review.md"), "utf8")).toBe(review);
  });

  it("synthesizes again when a source is newer than the output", () => {
    const outdir = path.join(dir, "cdktf.out");
    expect(whySynthesize(dir, outdir)).toBeUndefined();
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, "environments/dev.ts"), future, future);
    expect(whySynthesize(dir, outdir)).toMatch(/environments\/dev\.ts is newer than the synthesized stacks$/);
    const past = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(dir, "environments/dev.ts"), past, past);
  });

  it("prints the same content as JSON", () => {
    const { status, stdout } = runInProcess("--format", "json", "--out", "-", "--no-synth");
    expect(status).toBe(0);
    const review = JSON.parse(stdout) as Review;
    expect(review.formatVersion).toBe(1);
    expect(review.environments.map((environment) => environment.name)).toEqual(["dev", "prod"]);
  });

  it("compares with a base directory, and exits 2 with the gate when production AMIs are replaced", () => {
    const baseDir = path.join(dir, "base-output");
    fs.cpSync(path.join(dir, "cdktf.out"), path.join(baseDir, "cdktf.out"), { recursive: true });
    const prodFile = path.join(baseDir, "cdktf.out/stacks/prod/cdk.tf.json");
    fs.writeFileSync(prodFile, fs.readFileSync(prodFile, "utf8").replace(/web-1\.9\.0/g, "web-1.8.0"));

    const compared = runInProcess("--base", baseDir, "--no-synth");
    expect(compared).toMatchObject({ status: 0, stderr: "" });
    expect(compared.stdout).toContain(
      "Compared with directory base-output: 1 environment(s) changed, 2 production AMI change(s), 2 AMI deregistration(s) refused.",
    );
    const review = fs.readFileSync(path.join(dir, "cdktf.out/review.md"), "utf8");
    expect(review).toContain("## Changes\n\nCompared with directory base-output.");
    expect(review).not.toContain(dir);

    const gated = runInProcess(
      "--base",
      path.join(baseDir, "cdktf.out/stacks"),
      "--no-synth",
      "--fail-on-replace",
    );
    const why = "a production environment deregisters AMIs only with allowImageRemoval: true";
    expect(gated.status).toBe(2);
    expect(gated.stderr).toBe(
      "AMIs would be deregistered without the environment saying so (--fail-on-image-removal):\n" +
        `  prod: aws_ami_copy.base_1-9-0_eu-west-1 (replace): ${why}\n` +
        `  prod: aws_ami_copy.base_1-9-0_us-west-2 (replace): ${why}\n`,
    );
    // The old flag and the new one are the same gate.
    expect(runInProcess("--base", baseDir, "--no-synth", "--fail-on-image-removal")).toMatchObject({
      status: 2,
      stderr: gated.stderr,
    });
    expect(
      runInProcess("--base", path.join(dir, "cdktf.out"), "--no-synth", "--fail-on-image-removal").status,
    ).toBe(0);

    // The base and the current output have stacks of the same names: the message names the file.
    fs.writeFileSync(prodFile, "{ not json");
    const broken = runInProcess("--base", baseDir, "--no-synth");
    expect(broken).toMatchObject({ status: 1, stdout: "" });
    expect(broken.stderr).toMatch(
      /^Cannot read stack "prod" in .*base-output\/cdktf\.out\/stacks\/prod\/cdk\.tf\.json: got invalid JSON \(.+\), expected the cdk\.tf\.json that cdktf synthesizes\n$/,
    );
    fs.writeFileSync(prodFile, "[]");
    expect(runInProcess("--base", baseDir, "--no-synth").stderr).toMatch(
      /^Cannot read stack "prod" in .*prod\/cdk\.tf\.json: got an array at the top, expected an object\n$/,
    );
  });

  it("compares with a git ref synthesized in a temporary worktree, and removes the worktree", () => {
    const { status, stderr } = runInProcess("--base-ref", "HEAD", "--no-synth", "--fail-on-image-removal");
    expect(stderr).toContain("prod: aws_ami_copy.base_2-0-0_eu-west-1 (destroy)");
    expect(status).toBe(2);
    const commit = git("rev-parse", "--short=7", "HEAD").trim();
    const review = fs.readFileSync(path.join(dir, "cdktf.out/review.md"), "utf8");
    expect(review).toContain(`Compared with git ref HEAD (${commit}).`);
    expect(review).toContain(
      "- 🛑 **AMI DEREGISTERED** `web-2.0.0` in `eu-west-1` (`aws_ami_copy.base_2-0-0_eu-west-1`), with its snapshots — ⛔ **refused by the gate**",
    );
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);

    const unknown = runInProcess("--base-ref", "no-such-branch", "--no-synth");
    expect(unknown).toMatchObject({
      status: 1,
      stderr:
        'Cannot resolve --base-ref, got "no-such-branch", expected a commit, branch or tag of the repository\n',
    });
  });

  it("names the git ref whose synthesis fails, and removes the worktree", () => {
    const prod = fs.readFileSync(path.join(dir, PROD_FILE), "utf8");
    const broken = commitWith(PROD_FILE, prod.replace('"account": "333333333333"', '"account": "33333"'));
    const result = runInProcess("--base-ref", broken, "--no-synth");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^Synthesis of --base-ref ${broken} \\(${broken.slice(0, 7)}\\) failed, got exit status 1, expected 0:\n`,
      ),
    );
    expect(result.stderr).toContain('environments/prod.ts: account: got "33333"');
    expect(result.stderr).not.toContain("ami-review-base-");
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("says what is wrong with its arguments", () => {
    expect(runInProcess("--format", "xml").stderr).toMatch(
      /^Option --format is invalid, got "xml", expected "md" or "json"\n\nUsage: npm run review/,
    );
    expect(runInProcess("--base", "a", "--base-ref", "b").stderr).toMatch(
      /^Options --base and --base-ref were both given/,
    );
    expect(runInProcess("--base").stderr).toMatch(/^Option --base needs a value, got nothing/);
    for (const option of ["--base", "--base-ref", "--out", "--outdir"]) {
      const empty = runInProcess(`${option}=`, "--no-synth");
      expect(empty).toMatchObject({ status: 1, stdout: "" });
      expect(empty.stderr).toMatch(
        new RegExp(`^Option ${option} needs a value, got "", expected for example `),
      );
    }
    expect(runInProcess("--bogus").status).toBe(1);
    const ungated = runInProcess("--fail-on-replace", "--no-synth");
    expect(ungated).toMatchObject({ status: 1, stdout: "" });
    expect(ungated.stderr).toMatch(
      /^Option --fail-on-replace needs a base to compare with, got neither --base nor --base-ref, expected one of them\n/,
    );
    const missing = runInProcess("--base", path.join(dir, "nowhere"), "--no-synth");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /^No synthesized stack in --base, got ".*nowhere", expected a folder holding/,
    );
    const directory = runInProcess("--out", path.join(dir, "cdktf.out"), "--no-synth");
    expect(directory).toMatchObject({ status: 1, stdout: "" });
    expect(directory.stderr).toMatch(
      /^Cannot write the review to .*cdktf\.out, got EISDIR: .*, expected a file/,
    );
    expect(runInProcess("--help")).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("--fail-on-image-removal"),
    });
  });
});
