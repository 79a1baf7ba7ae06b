import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TEST_COMMAND_FILES } from "../tools/project-files";
import { loadProjectEnvironments, projectEnvironmentNames, SHIPPED_EXAMPLES } from "./support/environments";
import { copyProject } from "./support/project";
import type { TerraformJson } from "./support/synth";

// The README's tour, step "Add an environment", done in a copy of the project as a newcomer does
// it: copy staging.ts to qa.ts, give it its own account, names, KMS keys, security groups and
// state, let the publisher (dev) share with the new account, `npm run format`; then what
// `npm test` runs on the environments passes (lint and format checks, the type check, the synth,
// and the tests that discover the environments) and no snapshot is written. Whatever the project
// holds already (a qa environment from an earlier tour, new versions), the copy gets a name and an
// account no environment has yet, so that this holds at every step of the project's life.
const README_ACCOUNT = "444444444444";
const { environments } = loadProjectEnvironments();
const staging = environments.find((environment) => environment.name === "staging");
const names = new Set(environments.map((environment) => environment.name));
const accounts = new Set(environments.map((environment) => environment.config.account));
const name = ["qa", ...Array.from({ length: 50 }, (_, i) => `qa-${i + 2}`)].find((n) => !names.has(n))!;
const account = Array.from({ length: 50 }, (_, i) => String(Number(README_ACCOUNT) + i)).find(
  (candidate) => !accounts.has(candidate),
)!;
const promoted =
  staging && "promoted" in staging.config.baseImage ? staging.config.baseImage.promoted : undefined;
const publisher = environments.find(
  (environment) => environment.config.account === promoted?.ownerAccount && environment.config.goldenImage,
);

let dir = "";
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a tool installed in node_modules/.bin inside the copy; rejects with its output. */
function run(tool: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return runCommand(path.join(dir, "node_modules/.bin", tool), args);
}

/** Runs `command` inside the copy; rejects with its output. */
function runCommand(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const tool = path.basename(command);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: "" } });
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

/** Every distinct match of `pattern` in `text` replaced by `replacement(index of the match)`. */
function replaceEach(text: string, pattern: RegExp, replacement: (index: number) => string): string {
  const found = [...new Set(text.match(pattern) ?? [])];
  return found.reduce((edited, match, index) => edited.split(match).join(replacement(index)), text);
}

/** The contents of every file in `folder`, by name. */
function contents(folder: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(folder).map((file) => [file, fs.readFileSync(path.join(folder, file), "utf8")]),
  );
}

const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const digits = (index: number, width: number) => String(index).padStart(width, "0");

describe("adding an environment the README's way", () => {
  it("is what the README's tour says to do", () => {
    expect(readme).toContain("cp environments/staging.ts environments/qa.ts");
    expect(readme).toContain(`"${README_ACCOUNT}"`);
    expect(readme).toContain("npm run format");
  });

  // Written straight to stderr: Jest does not list skipped tests.
  if (!staging)
    process.stderr.write("skipped adding an environment: the project has no environments/staging.ts\n");
  (staging ? it : it.skip)("keeps npm test green after npm run format, and writes no snapshot", async () => {
    dir = copyProject("ami-pack-newcomer-", TEST_COMMAND_FILES);
    const environmentsDir = path.join(dir, "environments");
    const snapshots = path.join(dir, "__tests__/__snapshots__");
    const recorded = contents(snapshots);

    // The copy, with what makes it another environment changed.
    let copy = fs.readFileSync(path.join(environmentsDir, "staging.ts"), "utf8");
    copy = copy.split(staging!.config.account).join(account);
    copy = replaceEach(
      copy,
      /(?<=:key\/)[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g,
      (i) => `${account.slice(0, 8)}-4444-4${digits(i, 3)}-8444-${account}`,
    );
    copy = replaceEach(copy, /sg-[0-9a-f]{17}\b/g, (i) => `sg-0${account}${digits(i, 4)}`);
    copy = copy.split("staging").join(name);
    copy = copy.replace(/(\bkey: ")[^"]*"/, `$1ami/${name}.tfstate"`);
    fs.writeFileSync(path.join(environmentsDir, `${name}.ts`), copy);
    // The publisher shares its image with the new account.
    if (publisher) {
      const file = path.join(dir, publisher.file);
      const source = fs.readFileSync(file, "utf8");
      const shared = source.replace(/(sharing: \{[^}]*accountIds: \[[^\]]*)\]/, `$1, "${account}"]`);
      expect(shared).not.toBe(source);
      fs.writeFileSync(file, shared);
    }

    // npm run format, then what npm test runs on the environments; the checks that only read
    // run side by side.
    // Prettier run without --cache deletes its cache, which the copy shares through node_modules.
    const prettierCache = ["--cache", "--cache-location", path.join(dir, ".prettier-cache")];
    await run("prettier", ["--write", ...prettierCache, "environments"]);
    await run("eslint", ["--fix", "environments"]);
    const tsconfig = {
      extends: "./tsconfig.json",
      compilerOptions: { incremental: false },
      include: ["environments"],
    };
    fs.writeFileSync(path.join(dir, "tsconfig.environments.json"), JSON.stringify(tsconfig));
    const [, , tests, synth] = await Promise.all([
      run("prettier", ["--check", ...prettierCache, "environments"]),
      run("tsc", ["-p", "tsconfig.environments.json"]),
      run("jest", ["--ci", "__tests__/shipped-environments.test.ts"]),
      // The main job, as `npm run synth` runs it.
      runCommand(process.execPath, ["-r", "./scripts/register-ts.js", "main.ts"]),
    ]);
    expect(tests.stderr).toMatch(/Tests: .*passed/);
    if (publisher && SHIPPED_EXAMPLES.includes(publisher.name))
      expect(tests.stderr).toContain(`skipped the snapshot of ${publisher.name}: ${publisher.file} changed`);
    expect(contents(snapshots)).toEqual(recorded);

    expect(synth.stderr).toBe("");
    const all = projectEnvironmentNames(dir);
    expect(all).toEqual(expect.arrayContaining([...names, name]));
    expect(synth.stdout).toContain(`Synthesized ${all.length} environment(s): ${all.join(", ")}`);
    const stack = (stackName: string): TerraformJson =>
      JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out/stacks", stackName, "cdk.tf.json"), "utf8"));
    expect(stack(name).provider.aws[0].allowed_account_ids).toEqual([account]);
    if (publisher) {
      const permissions = Object.values(stack(publisher.name).resource.aws_ami_launch_permission ?? {});
      expect(permissions.map((permission) => (permission as { account_id?: string }).account_id)).toContain(
        account,
      );
    }
  });
});
