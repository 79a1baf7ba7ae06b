import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { MAIN_JOB_FILES } from "../tools/project-files";
import { runValidateCli, type ValidateReport } from "../tools/validate";
import { projectEnvironmentNames } from "./support/environments";

// The command's own behaviour, without a real terraform: arguments, files, the rules alone, what it
// says when Terraform cannot run. Real Terraform is exercised in __tests__/terraform/.

/** Runs the CLI in `cwd` and captures what it prints. */
async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = { PATH: "" }) {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    return { stream, text: () => chunks.join("") };
  };
  const out = capture();
  const err = capture();
  const code = await runValidateCli(argv, { cwd, out: out.stream, err: err.stream, env });
  return { code, out: out.text(), err: err.text() };
}

let workDir: string;
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-cli-"));
});
afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Writes a stack document to `cdktf.out/stacks/<name>/cdk.tf.json` under the work directory. */
function writeStack(name: string, json: unknown): string {
  const dir = path.join(workDir, "cdktf.out", "stacks", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), typeof json === "string" ? json : JSON.stringify(json));
  return dir;
}

/** Puts an executable `terraform` script in a fresh directory and returns the directory. */
function fakeTerraform(script: string): string {
  const dir = fs.mkdtempSync(path.join(workDir, "bin-"));
  fs.writeFileSync(path.join(dir, "terraform"), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return dir;
}

/** A small stack that keeps every AMI rule. */
const tidyStack = () => ({
  terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } },
  provider: { aws: [{ region: "us-east-1", default_tags: [{ tags: { Environment: "dev" } }] }] },
  data: {
    aws_ami: { base: { owners: ["111111111111"], filter: [{ name: "name", values: ["web-1.4.0"] }] } },
  },
  resource: {
    aws_ami_copy: {
      web: {
        name: "web-1.4.0",
        source_ami_id: "${data.aws_ami.base.id}",
        source_ami_region: "us-east-1",
        encrypted: true,
      },
    },
  },
});

describe("validate CLI", () => {
  test("--rules-only checks the AMI rules without terraform", async () => {
    writeStack("dev", tidyStack());
    const broken = tidyStack();
    broken.resource.aws_ami_copy.web.encrypted = false;
    writeStack("prod", broken);
    const result = await cli(
      ["--rules-only", "cdktf.out/stacks/dev", "cdktf.out/stacks/prod/cdk.tf.json"],
      workDir,
    );
    expect(result.err).toBe("");
    expect(result.out.split("\n")).toEqual([
      "cdktf.out/stacks/dev/cdk.tf.json: valid (AMI rules only; 1 resource, 1 data source)",
      expect.stringMatching(
        /^cdktf\.out\/stacks\/prod\/cdk\.tf\.json: aws_ami_copy\.web\.encrypted: \[ami-copy-encrypted\] got false, expected true\. .* Fix: /,
      ),
      "cdktf.out/stacks/prod/cdk.tf.json: invalid: 1 AMI rule violation (1 resource, 1 data source)",
      "",
    ]);
    expect(result.code).toBe(1);
  });

  test("--json prints one document with every stack's verdict", async () => {
    const broken = tidyStack();
    broken.resource.aws_ami_copy.web.encrypted = false;
    writeStack("prod", broken);
    const result = await cli(["--rules-only", "--json", "cdktf.out/stacks/prod"], workDir);
    const report = JSON.parse(result.out) as ValidateReport;
    expect(report).toEqual({
      valid: false,
      terraform: null,
      stacks: [
        {
          file: "cdktf.out/stacks/prod/cdk.tf.json",
          valid: false,
          terraform: "not run",
          diagnostics: [],
          ruleViolations: [
            {
              file: "cdktf.out/stacks/prod/cdk.tf.json",
              address: "aws_ami_copy.web",
              attributePath: "encrypted",
              rule: "ami-copy-encrypted",
              message: expect.stringMatching(/^\[ami-copy-encrypted\] got false, expected true\./),
            },
          ],
          resources: 1,
          dataSources: 1,
        },
      ],
    });
    expect(result.code).toBe(1);
  });

  test("without terraform on PATH, says so and fails: a validation that did not run is not a pass", async () => {
    writeStack("dev", tidyStack());
    const result = await cli(["cdktf.out/stacks/dev"], workDir, {
      PATH: fs.mkdtempSync(path.join(workDir, "bin-")),
    });
    expect(result).toEqual({
      code: 1,
      out: "",
      err: "validate: terraform is not on PATH, so no stack was validated: install Terraform (see docs/terraform.md), or pass --rules-only to check the AMI rules alone\n",
    });
    const json = await cli(["--json", "cdktf.out/stacks/dev"], workDir);
    expect(JSON.parse(json.out)).toMatchObject({
      valid: false,
      stacks: [],
      error: expect.stringContaining("terraform is not on PATH"),
    });
  });

  test("when no version of a provider can be installed, shows Terraform's reason and fails", async () => {
    writeStack("dev", tidyStack());
    const log = path.join(workDir, "calls.log");
    const diagnostic = JSON.stringify({
      type: "diagnostic",
      diagnostic: {
        severity: "error",
        summary: "Failed to query available provider packages",
        detail:
          "Could not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io",
      },
    });
    const bin = fakeTerraform(
      `echo "$CHECKPOINT_DISABLE $*" >> "${log}"\n[ "$1" = version ] && exit 0\necho '${diagnostic}'\nexit 1`,
    );
    const result = await cli(["cdktf.out/stacks/dev"], workDir, { PATH: bin });
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toBe(
      [
        "validate: terraform init could not install hashicorp/aws 6.25.0, nor another version of it, so no stack was validated:",
        "Error: Failed to query available provider packages: Could not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io",
        "Give Terraform access to the registry, or point it at a provider mirror (docs/terraform.md), or pass --rules-only.",
        "",
      ].join("\n"),
    );
    // One init with the pin, one without it, and CHECKPOINT_DISABLE for each call.
    expect(fs.readFileSync(log, "utf8")).toBe(
      [
        "1 version -json",
        "1 init -backend=false -input=false -json",
        "1 init -backend=false -input=false -json",
        "",
      ].join("\n"),
    );
  });

  test("a missing file or invalid JSON fails", async () => {
    writeStack("broken", "{ not json");
    const result = await cli(
      ["--rules-only", "cdktf.out/stacks/missing", "cdktf.out/stacks/broken"],
      workDir,
    );
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(
      /^cdktf\.out\/stacks\/missing: cannot read a Terraform JSON document: no such file\n/,
    );
    expect(result.err).toMatch(
      /\ncdktf\.out\/stacks\/broken\/cdk\.tf\.json: cannot read a Terraform JSON document: .*JSON/,
    );
  });

  test("usage errors exit 2", async () => {
    const none = await cli([], workDir);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(
      /^validate: expected at least one cdk\.tf\.json file or stack directory, got none\nUsage: npm run validate/,
    );
    const unknown = await cli(["--strict", "x"], workDir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /^validate: unknown option "--strict"; expected --rules-only, --json, --jobs <n> or paths\nUsage: /,
    );
    const jobs = await cli(["--jobs", "0", "x"], workDir);
    expect(jobs.code).toBe(2);
    expect(jobs.err).toMatch(/^validate: --jobs: got "0", expected a whole number of at least 1\n/);
    expect((await cli(["--help"], workDir)).out).toMatch(
      /^Usage: npm run validate -- \[--rules-only\] \[--json\] \[--jobs <n>\]/,
    );
  });
});

describe("npm run validate", () => {
  const projectDir = path.resolve(__dirname, "..");
  let copy: string;
  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "validate-script-"));
    for (const entry of [...MAIN_JOB_FILES, "tools"])
      fs.cpSync(path.join(projectDir, entry), path.join(copy, entry), { recursive: true });
    fs.symlinkSync(path.join(projectDir, "node_modules"), path.join(copy, "node_modules"), "dir");
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  const validate = (...args: string[]) =>
    spawnSync(process.execPath, ["-r", "./scripts/register-ts.js", "scripts/validate.ts", ...args], {
      cwd: copy,
      encoding: "utf8",
      env: { ...process.env, PATH: "" },
    });

  test("answers a bad option without synthesizing anything", () => {
    const result = validate("--bogus");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^validate: unknown option "--bogus"; expected --rules-only, --json, --jobs <n> or paths\nUsage: /,
    );
    expect(fs.existsSync(path.join(copy, "cdktf.out"))).toBe(false);
  });

  test("without paths, synthesizes the missing output and checks every stack", () => {
    const result = validate("--rules-only", "--jobs", "2");
    expect(result.stderr).toBe("Synthesizing first: no synthesized stack in cdktf.out/stacks.\n");
    const count = (blocks: Record<string, object> | undefined, noun: string) => {
      const n = Object.values(blocks ?? {}).reduce((sum, named) => sum + Object.keys(named).length, 0);
      return `${n} ${noun}${n === 1 ? "" : "s"}`;
    };
    const summary = (name: string) => {
      const file = `cdktf.out/stacks/${name}/cdk.tf.json`;
      const json = JSON.parse(fs.readFileSync(path.join(copy, file), "utf8"));
      return `${file}: valid (AMI rules only; ${count(json.resource, "resource")}, ${count(json.data, "data source")})`;
    };
    expect(result.stdout).toBe([...projectEnvironmentNames(copy).map(summary), ""].join("\n"));
    expect(result.status).toBe(0);
  });
});
