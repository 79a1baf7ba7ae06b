import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { projectEnvironmentNames } from "./support/environments";
import { copyProject, readTree, runSynth } from "./support/project";

const projects: string[] = [];
function project(): string {
  const dir = copyProject();
  projects.push(dir);
  return dir;
}
afterAll(() => projects.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

// One synth of the project serves every test that starts from a synthesized output: the output is
// byte-identical from any directory, so a copy of it is what a synth in the test's own copy writes.
let template = "";
let first: ReturnType<typeof runSynth>;
beforeAll(() => {
  template = project();
  first = runSynth(template);
});

/** A copy of the project with `cdktf.out` as the main job writes it. */
function synthesizedProject(): string {
  const dir = project();
  fs.cpSync(path.join(template, "cdktf.out"), path.join(dir, "cdktf.out"), { recursive: true });
  return dir;
}

describe("the main job", () => {
  it("synthesizes every environment into cdktf.out/stacks/<name>/cdk.tf.json", () => {
    const dir = template;
    const names = projectEnvironmentNames(dir);
    const result = first;
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Synthesized ${names.length} environment(s): ${names.join(", ")}`);
    expect(Object.keys(readTree(path.join(dir, "cdktf.out")))).toEqual([
      "manifest.json",
      ...names.map((name) => `stacks/${name}/cdk.tf.json`),
    ]);
  });

  it("writes byte-identical output from two directories and any working directory", () => {
    const second = project();
    expect(first.status).toBe(0);
    expect(runSynth(second, os.tmpdir()).status).toBe(0);
    const a = readTree(path.join(template, "cdktf.out"));
    const b = readTree(path.join(second, "cdktf.out"));
    expect(Object.keys(a).length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    for (const content of Object.values(a)) {
      expect(content).not.toContain(template);
      expect(content).not.toContain(os.homedir());
    }
  });

  it("reports every problem of every environment, exits non-zero and changes nothing", () => {
    const dir = synthesizedProject();
    const before = readTree(path.join(dir, "cdktf.out"));
    const prod = path.join(dir, "environments/prod.ts");
    fs.writeFileSync(
      prod,
      fs.readFileSync(prod, "utf8").replace('region: "eu-west-1"', 'region: "eu-west-9"'),
    );
    fs.writeFileSync(path.join(dir, "environments/zz-broken.ts"), "export const notDefault = 1;\n");
    fs.writeFileSync(
      path.join(dir, "environments/zz-syntax.ts"),
      "export default {\n  account: 1\n  region: 2,\n};\n",
    );
    const result = runSynth(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'environments/prod.ts: copies[0].region: got "eu-west-9", expected an AWS region such as "eu-west-1"',
    );
    expect(result.stderr).toContain(
      "environments/zz-broken.ts: has no default export, expected `export default defineEnvironment({...})`",
    );
    expect(result.stderr).toContain("environments/zz-syntax.ts:3:3: syntax error: ',' expected\n");
    expect(result.stderr).toContain("nothing was written");
    expect(readTree(path.join(dir, "cdktf.out"))).toEqual(before);
  });

  it("keeps Terraform's own files in a stack folder across synths", () => {
    const dir = synthesizedProject();
    const stack = path.join(dir, "cdktf.out/stacks/dev");
    fs.writeFileSync(path.join(stack, "terraform.dev.tfstate"), '{"version":4}');
    fs.mkdirSync(path.join(stack, ".terraform"));
    fs.writeFileSync(path.join(stack, ".terraform/marker"), "x");
    expect(runSynth(dir).status).toBe(0);
    expect(fs.readFileSync(path.join(stack, "terraform.dev.tfstate"), "utf8")).toBe('{"version":4}');
    expect(fs.existsSync(path.join(stack, ".terraform/marker"))).toBe(true);
  });

  it("leaves the review, the HCL and anything else beside the stacks alone", () => {
    const dir = synthesizedProject();
    const others = {
      "review.md": "# Review\n",
      "review.json": "{}\n",
      "hcl/dev/cdk.tf": "# HCL\n",
      "plans/prod.tfplan": "plan",
    };
    for (const [file, content] of Object.entries(others)) {
      fs.mkdirSync(path.dirname(path.join(dir, "cdktf.out", file)), { recursive: true });
      fs.writeFileSync(path.join(dir, "cdktf.out", file), content);
    }
    expect(runSynth(dir).status).toBe(0);
    const tree = readTree(path.join(dir, "cdktf.out"));
    expect(tree).toMatchObject(others);
  });

  it("keeps the state of a removed environment and says so", () => {
    const dir = synthesizedProject();
    fs.writeFileSync(path.join(dir, "cdktf.out/stacks/staging/terraform.staging.tfstate"), "{}");
    fs.rmSync(path.join(dir, "environments/staging.ts"));
    const result = runSynth(dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('warning: environment "staging" no longer exists');
    expect(fs.readdirSync(path.join(dir, "cdktf.out/stacks/staging"))).toEqual(["terraform.staging.tfstate"]);
  });

  it("never loses local state when synths run at the same time", async () => {
    const dir = synthesizedProject();
    const state = path.join(dir, "cdktf.out/stacks/dev/terraform.dev.tfstate");
    fs.writeFileSync(state, '{"version":4}');
    const synth = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          ["-r", path.join(dir, "scripts/register-ts.js"), path.join(dir, "main.ts")],
          {
            cwd: dir,
            stdio: "ignore",
            env: { ...process.env, CDKTF_OUTDIR: "" },
          },
        );
        child.on("close", resolve);
      });
    for (let round = 0; round < 3; round++) {
      expect(await Promise.all([synth(), synth(), synth()])).toEqual([0, 0, 0]);
      expect(fs.readFileSync(state, "utf8")).toBe('{"version":4}');
    }
    expect(fs.readdirSync(dir).filter((entry) => entry.includes("staging"))).toEqual([]);
  });

  it("leaves the output and its state untouched when a policy rule fails the synth", () => {
    const dir = synthesizedProject();
    fs.writeFileSync(path.join(dir, "cdktf.out/stacks/dev/terraform.dev.tfstate"), "{}");
    const before = readTree(path.join(dir, "cdktf.out"));
    const dev = path.join(dir, "environments/dev.ts");
    fs.writeFileSync(
      dev,
      fs
        .readFileSync(dev, "utf8")
        .replace(
          "launchTemplates: {",
          'extend: (stack) => stack.addOverride("resource.aws_launch_template.web_us-east-1.metadata_options.http_tokens", "optional"),\n  launchTemplates: {',
        ),
    );
    const result = runSynth(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "environments/dev.ts: aws_launch_template.web_us-east-1.metadata_options.http_tokens: [imdsv2-required]",
    );
    expect(readTree(path.join(dir, "cdktf.out"))).toEqual(before);
  });

  it("says which environment's own code failed, and where", () => {
    const dir = project();
    fs.writeFileSync(
      path.join(dir, "environments/zz-extend.ts"),
      [
        'import { defineEnvironment } from "../modules";',
        "export default defineEnvironment({",
        '  account: "111111111111",',
        '  region: "us-east-1",',
        '  baseImage: { imageId: "ami-0123456789abcdef0" },',
        '  extend: () => { throw new Error("no bastion subnet"); },',
        "});",
      ].join("\n"),
    );
    const result = runSynth(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "environments/zz-extend.ts: building the stack failed: no bastion subnet",
    );
    expect(result.stderr).toMatch(/at .*environments\/zz-extend\.ts:\d+/);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });

  it("honours CDKTF_OUTDIR as the cdktf CLI sets it", () => {
    const dir = project();
    const outdir = path.join(dir, "elsewhere");
    expect(runSynth(dir, dir, { CDKTF_OUTDIR: outdir }).status).toBe(0);
    expect(fs.existsSync(path.join(outdir, "stacks/prod/cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });
});
