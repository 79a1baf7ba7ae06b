import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TEST_COMMAND_FILES } from "../tools/project-files";
import { copyProject, runSynth } from "./support/project";
import type { TerraformJson } from "./support/synth";

// The README's tour, step "Add an environment", done in a copy of the project exactly as a
// newcomer does it: copy staging.ts to qa.ts, give it its own account, names, KMS keys, security
// group and state, let the publisher (dev) share with the new account, `npm run format`; then
// what `npm test` runs on the environments passes: lint and format checks, the type check, the
// synth, and the tests that discover the environments, without writing any snapshot.
const QA_ACCOUNT = "444444444444";
let dir = "";
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a tool installed in node_modules/.bin inside the copy; rejects with its output. */
function run(tool: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(dir, "node_modules/.bin", tool), args, { cwd: dir });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${tool} ${args.join(" ")} exited with ${status}:\n${stdout}${stderr}`)),
    );
  });
}

/** `text` with `from` replaced by `to`, failing when the README's anchor is gone from the example. */
function edit(text: string, from: RegExp, to: string, what: string): string {
  const edited = text.replace(from, to);
  if (edited === text)
    throw new Error(`the shipped example no longer has ${what} (${from}); update the README's tour`);
  return edited;
}

/** The contents of every file in `folder`, by name. */
function contents(folder: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(folder).map((file) => [file, fs.readFileSync(path.join(folder, file), "utf8")]),
  );
}

const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

describe("adding an environment the README's way", () => {
  it("is what the README's tour says to do", () => {
    expect(readme).toContain("cp environments/staging.ts environments/qa.ts");
    expect(readme).toContain(`"${QA_ACCOUNT}"`);
    expect(readme).toContain("npm run format");
  });

  it("keeps npm test green after npm run format, and writes no snapshot", async () => {
    dir = copyProject("ami-pack-newcomer-", TEST_COMMAND_FILES);
    const environments = path.join(dir, "environments");
    const snapshots = path.join(dir, "__tests__/__snapshots__");
    const recorded = contents(snapshots);

    let qa = fs.readFileSync(path.join(environments, "staging.ts"), "utf8");
    qa = edit(qa, /222222222222/g, QA_ACCOUNT, "staging's account");
    qa = edit(
      qa,
      /22222222-2222-4222-8222-22222222222(\d)/g,
      "44444444-4444-4444-8444-44444444444$1",
      "KMS keys",
    );
    qa = edit(qa, /sg-0b+2/g, "sg-0ddddddddddddddd4", "a security group");
    qa = edit(qa, /staging/g, "qa", "staging's names and state");
    fs.writeFileSync(path.join(environments, "qa.ts"), qa);
    const devFile = path.join(environments, "dev.ts");
    const dev = fs.readFileSync(devFile, "utf8");
    const sharing = /(sharing: \{[^}]*accountIds: \[[^\]]*)\]/;
    fs.writeFileSync(devFile, edit(dev, sharing, `$1, "${QA_ACCOUNT}"]`, "dev's sharing.accountIds"));

    // npm run format, then what npm test runs on the environments; the checks that only read
    // run side by side.
    await run("prettier", ["--write", "environments"]);
    await run("eslint", ["--fix", "environments"]);
    const tsconfig = {
      extends: "./tsconfig.json",
      compilerOptions: { incremental: false },
      include: ["environments"],
    };
    fs.writeFileSync(path.join(dir, "tsconfig.environments.json"), JSON.stringify(tsconfig));
    const [, , tests] = await Promise.all([
      run("prettier", ["--check", "environments"]),
      run("tsc", ["-p", "tsconfig.environments.json"]),
      run("jest", ["--ci", "__tests__/shipped-environments.test.ts"]),
    ]);
    expect(tests.stderr).toContain(
      "skipped the snapshot of dev: environments/dev.ts changed since its snapshot",
    );
    expect(tests.stderr).toMatch(/Tests: .*passed/);
    expect(contents(snapshots)).toEqual(recorded);

    const synth = runSynth(dir);
    expect(synth.stderr).toBe("");
    expect(synth.stdout).toContain("Synthesized 4 environment(s): dev, prod, qa, staging");
    const stack = (name: string): TerraformJson =>
      JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out/stacks", name, "cdk.tf.json"), "utf8"));
    expect(stack("qa").provider.aws[0].allowed_account_ids).toEqual([QA_ACCOUNT]);
    expect(stack("qa").terraform.backend.s3.key).toBe("ami/qa.tfstate");
    expect(Object.keys(stack("dev").resource.aws_ami_launch_permission)).toContain(
      `golden_us-east-1_${QA_ACCOUNT}`,
    );
  });
});
