import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import { spawnSync } from "child_process";
import { MAIN_JOB_FILES } from "../tools/project-files";
import { findTerraformBinary, runValidateCli } from "../tools/validate/cli";
import { editedStack, resource, validStack } from "./fixtures/validate/stack";
import { projectEnvironmentNames } from "./support/environments";

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

/** Writes a stack document to `cdktf.out/stacks/<name>/cdk.tf.json` under the work directory. */
function writeStack(name: string, json: unknown): string {
  const dir = path.join(workDir, "cdktf.out", "stacks", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "cdk.tf.json"),
    typeof json === "string" ? json : JSON.stringify(json, null, 2),
  );
  return dir;
}

/** Puts an executable script named `name` in a fresh directory and returns the directory. */
function fakeBinary(name: string, script: string): string {
  const dir = fs.mkdtempSync(path.join(workDir, "bin-"));
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return dir;
}

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-cli-"));
});

afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("validate CLI", () => {
  test("a valid stack directory exits 0 with a one-line summary", async () => {
    writeStack("dev", validStack());
    expect(await cli(["cdktf.out/stacks/dev"], workDir)).toEqual({
      code: 0,
      out: "cdktf.out/stacks/dev/cdk.tf.json: valid (6 resources, 2 data sources)\n",
      err: "",
    });
  });

  test("problems are printed, then the summary, and the exit code is 1", async () => {
    writeStack("dev", validStack());
    writeStack(
      "prod",
      editedStack([resource("aws_ami_copy", "golden_eu-west-1", "kms_key_id"), "${lenght(var.x)}"]),
    );
    const result = await cli(["cdktf.out/stacks/dev/cdk.tf.json", "cdktf.out/stacks/prod"], workDir);
    expect(result).toEqual({
      code: 1,
      out: [
        "cdktf.out/stacks/dev/cdk.tf.json: valid (6 resources, 2 data sources)",
        'cdktf.out/stacks/prod/cdk.tf.json: aws_ami_copy.golden_eu-west-1.kms_key_id: reference to undeclared input variable "x" in var.x: no "variable" block declares it',
        'cdktf.out/stacks/prod/cdk.tf.json: aws_ami_copy.golden_eu-west-1.kms_key_id: unknown function "lenght": Terraform has no built-in function of that name; did you mean "length"?',
        "cdktf.out/stacks/prod/cdk.tf.json: 2 problems (6 resources, 2 data sources)",
        "",
      ].join("\n"),
      err: "",
    });
  });

  test("the summary counts in the singular for one", async () => {
    writeStack("one", {
      provider: { aws: [{ region: "us-east-1" }] },
      data: { aws_ami: { base: { owners: ["self"], most_recent: true } } },
      resource: {
        aws_ami_copy: {
          copy: {
            name: "x",
            source_ami_id: "${data.aws_ami.base.id}",
            source_ami_region: "us-east-1",
            wrong: 1,
          },
        },
      },
    });
    expect(await cli(["cdktf.out/stacks/one"], workDir)).toEqual({
      code: 1,
      out: [
        'cdktf.out/stacks/one/cdk.tf.json: aws_ami_copy.copy.wrong: unsupported argument "wrong": aws_ami_copy has no argument or block of that name',
        "cdktf.out/stacks/one/cdk.tf.json: 1 problem (1 resource, 1 data source)",
        "",
      ].join("\n"),
      err: "",
    });
  });

  test("a missing file or invalid JSON fails", async () => {
    writeStack("broken", "{ not json");
    const result = await cli(["cdktf.out/stacks/missing", "cdktf.out/stacks/broken"], workDir);
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
      /^validate: unknown option "--strict"; expected --terraform or paths\nUsage: npm run validate/,
    );
    expect((await cli(["--help"], workDir)).out).toMatch(
      /^Usage: npm run validate -- \[--terraform\] \[<cdk\.tf\.json \| stack directory>\.\.\.\]\n/,
    );
  });

  test("--terraform without a terraform or tofu binary is skipped", async () => {
    writeStack("dev", validStack());
    const emptyBin = fs.mkdtempSync(path.join(workDir, "bin-"));
    expect(await cli(["--terraform", "cdktf.out/stacks/dev"], workDir, { PATH: emptyBin })).toEqual({
      code: 0,
      out: [
        "cdktf.out/stacks/dev/cdk.tf.json: valid (6 resources, 2 data sources)",
        "skipped terraform validate: no terraform or tofu binary on PATH",
        "",
      ].join("\n"),
      err: "",
    });
  });

  test("--terraform runs init -backend=false and validate in each stack directory", async () => {
    const stackDir = writeStack("dev", validStack());
    const log = path.join(workDir, "calls.log");
    const bin = fakeBinary("tofu", `echo "$(pwd) $*" >> "${log}"`);
    expect(findTerraformBinary({ PATH: bin })).toBe(path.join(bin, "tofu"));
    const result = await cli(["--terraform", "cdktf.out/stacks/dev"], workDir, { PATH: bin });
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toContain("cdktf.out/stacks/dev: tofu validate passed\n");
    expect(fs.readFileSync(log, "utf8")).toBe(
      `${fs.realpathSync(stackDir)} init -backend=false -input=false -no-color\n${fs.realpathSync(stackDir)} validate -no-color\n`,
    );
  });

  test("--terraform fails when terraform validate fails, and prints its output", async () => {
    writeStack("dev", validStack());
    const bin = fakeBinary(
      "terraform",
      `if [ "$1" = validate ]; then echo "Error: Unsupported argument"; exit 1; fi`,
    );
    const result = await cli(["--terraform", "cdktf.out/stacks/dev"], workDir, { PATH: bin });
    expect(result.code).toBe(1);
    expect(result.out).toContain("terraform validate -no-color failed in cdktf.out/stacks/dev (exit 1):\n");
    expect(result.out).toContain("Error: Unsupported argument\n");
    expect(result.out).toContain("cdktf.out/stacks/dev: terraform validate failed\n");
  });

  test("--terraform is skipped when init cannot install the providers offline", async () => {
    writeStack("dev", validStack());
    const bin = fakeBinary(
      "terraform",
      `if [ "$1" = init ]; then echo "Error: Failed to query available provider packages" >&2; exit 1; fi`,
    );
    expect(await cli(["--terraform", "cdktf.out/stacks/dev"], workDir, { PATH: bin })).toEqual({
      code: 0,
      out: [
        "cdktf.out/stacks/dev/cdk.tf.json: valid (6 resources, 2 data sources)",
        "skipped terraform validate in cdktf.out/stacks/dev: terraform init could not install the providers (no registry access or local mirror)",
        "",
      ].join("\n"),
      err: "",
    });
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
      /^validate: unknown option "--bogus"; expected --terraform or paths\nUsage: /,
    );
    expect(fs.existsSync(path.join(copy, "cdktf.out"))).toBe(false);
  });

  test("without paths, synthesizes the missing output and validates every stack", () => {
    const result = validate();
    expect(result.stderr).toBe("Synthesizing first: no synthesized stack in cdktf.out/stacks.\n");
    const count = (blocks: Record<string, object> | undefined, noun: string) => {
      const n = Object.values(blocks ?? {}).reduce((sum, named) => sum + Object.keys(named).length, 0);
      return `${n} ${noun}${n === 1 ? "" : "s"}`;
    };
    const summary = (name: string) => {
      const file = `cdktf.out/stacks/${name}/cdk.tf.json`;
      const json = JSON.parse(fs.readFileSync(path.join(copy, file), "utf8"));
      return `${file}: valid (${count(json.resource, "resource")}, ${count(json.data, "data source")})`;
    };
    expect(result.stdout).toBe([...projectEnvironmentNames(copy).map(summary), ""].join("\n"));
    expect(result.status).toBe(0);
  });
});
