import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments, synthesizeEnvironments } from "../../app";
import { describeSubstitution } from "../../tools/terraform/provider-installation";
import { projectEnvironmentNames } from "../support/environments";
import { describeWithTerraform, scratchDir, terraform, type Stack } from "./harness";

// `npm run validate` with real Terraform: every shipped stack passes; each deliberately broken stack fails
// with Terraform's own diagnostic, placed at the block's address in the user's file.

jest.setTimeout(10 * 60_000);

const PROJECT_DIR = path.resolve(__dirname, "../..");

/** Breaks a copy of the dev stack in one way; `at` is the text on the line Terraform points at. */
const BROKEN: ReadonlyArray<{
  name: string;
  at: string;
  breakIt: (stack: Stack) => void;
  expected: RegExp;
}> = [
  {
    name: "undeclared-reference",
    at: "golden_eu-west-1.id",
    breakIt: (stack) =>
      (stack.resource.aws_launch_template["web_us-east-1"].image_id = "${aws_ami_copy.golden_eu-west-1.id}"),
    expected:
      /^aws_launch_template\.web_us-east-1\.image_id: Error: Reference to undeclared resource: A managed resource "aws_ami_copy" "golden_eu-west-1" has not been declared in the root module\.$/,
  },
  {
    name: "unknown-argument",
    at: '"snapshot_without_reboots"',
    breakIt: (stack) =>
      (stack.resource.aws_ami_from_instance["golden_1-5-0"].snapshot_without_reboots = true),
    expected:
      /^aws_ami_from_instance\.golden_1-5-0\.snapshot_without_reboots: Error: Extraneous JSON object property: No argument or block type is named "snapshot_without_reboots"\.$/,
  },
  {
    name: "wrong-type",
    at: '"sometimes"',
    breakIt: (stack) =>
      (stack.resource.aws_ami_from_instance["golden_1-5-0"].snapshot_without_reboot = "sometimes"),
    expected:
      /^aws_ami_from_instance\.golden_1-5-0\.snapshot_without_reboot: Error: Incorrect attribute value type: .*a bool is required/,
  },
];

/** Runs `npm run validate -- <args>` (the script itself) in `cwd`. */
function validate(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "-r",
        path.join(PROJECT_DIR, "scripts/register-ts.js"),
        path.join(PROJECT_DIR, "scripts/validate.ts"),
        ...args,
      ],
      {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The line of the first `text` in a file. */
function lineOf(file: string, text: string): number {
  return file.slice(0, file.indexOf(text)).split("\n").length;
}

describeWithTerraform("npm run validate with real Terraform", () => {
  let dir: string;
  let result: { code: number; stdout: string; stderr: string };
  const brokenFile = (name: string) => `broken/${name}/cdk.tf.json`;

  beforeAll(async () => {
    dir = scratchDir("validate");
    const { environments, problems } = loadEnvironments({ projectDir: PROJECT_DIR });
    if (problems.length > 0) throw new Error("the shipped environments are invalid");
    synthesizeEnvironments(environments, { outdir: path.join(dir, "cdktf.out") });
    const dev = fs.readFileSync(path.join(dir, "cdktf.out/stacks/dev/cdk.tf.json"), "utf8");
    for (const { name, breakIt } of BROKEN) {
      const stack = JSON.parse(dev) as Stack;
      breakIt(stack);
      fs.mkdirSync(path.join(dir, path.dirname(brokenFile(name))), { recursive: true });
      fs.writeFileSync(path.join(dir, brokenFile(name)), JSON.stringify(stack, null, 2));
    }
    const stacks = projectEnvironmentNames().map((name) => `cdktf.out/stacks/${name}`);
    result = await validate(dir, [...stacks, ...BROKEN.map(({ name }) => `broken/${name}`)]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("validates every shipped stack with Terraform and the AMI rules, saying which provider it used", () => {
    const lines = result.stdout.split("\n");
    const substitutions = terraform.available ? terraform.substitutions : [];
    expect(lines.slice(0, substitutions.length)).toEqual(
      substitutions.map((substitution) => `validated with ${describeSubstitution(substitution)}`),
    );
    for (const name of projectEnvironmentNames())
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^cdktf\\.out/stacks/${name}/cdk\\.tf\\.json: valid \\(terraform validate and AMI rules; \\d+ resources, \\d+ data sources?\\)$`,
          ),
        ),
      );
  });

  it.each(BROKEN)(
    "fails on a stack with a $name, with Terraform's summary at the address",
    ({ name, at, expected }) => {
      const file = brokenFile(name);
      const line = lineOf(fs.readFileSync(path.join(dir, file), "utf8"), at);
      const own = result.stdout.split("\n").filter((line) => line.startsWith(`${file}`));
      expect(own).toEqual([
        expect.stringMatching(new RegExp(`^${file.replace(/\./g, "\\.")}:\\d+:\\d+: `)),
        `${file}: invalid: 1 Terraform error (11 resources, 1 data source)`,
      ]);
      const [diagnostic] = own;
      const [where, ...rest] = diagnostic.split(": ");
      expect(Number(where.split(":")[1])).toBe(line);
      expect(rest.join(": ")).toMatch(expected);
    },
  );

  it("exits 1 and writes nothing to stderr", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
  });

  it("gives the same diagnostics with --json", async () => {
    const json = await validate(dir, ["--json", "broken/unknown-argument"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      terraform: { version: expect.stringMatching(/^1\./) },
      stacks: [
        {
          file: "broken/unknown-argument/cdk.tf.json",
          valid: false,
          terraform: "invalid",
          ruleViolations: [],
          diagnostics: [
            {
              severity: "error",
              summary: "Extraneous JSON object property",
              address: "aws_ami_from_instance.golden_1-5-0",
              attributePath: "snapshot_without_reboots",
              file: "broken/unknown-argument/cdk.tf.json",
              line: expect.any(Number),
              column: expect.any(Number),
            },
          ],
        },
      ],
    });
    expect(json.code).toBe(1);
  });
});
