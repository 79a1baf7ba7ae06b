import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { format } from "@cdktf/hcl-tools";
import { compareHclWithJson } from "../tools/review/hcl-equivalence";
import { synthesisNotes } from "../app";
import { type HclOutput, synthesizeWithHcl } from "../tools/review/hcl-output";
import { renderHcl, tidy } from "../tools/review/readable-hcl";
import { GOLDEN, PROD_GOLDEN, SSM, synthStacks } from "./fixtures/review/stacks";
import { projectEnvironmentNames } from "./support/environments";

const PROJECT_DIR = path.resolve(__dirname, "..");
let outdir: string;
let output: HclOutput;

beforeAll(async () => {
  outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ami-review-hcl-")), "cdktf.out");
  output = await synthesizeWithHcl(PROJECT_DIR, outdir);
});
afterAll(() => fs.rmSync(path.dirname(outdir), { recursive: true, force: true }));

describe("npm run synth:hcl", () => {
  it("writes each stack as HCL in cdktf.out/hcl, never beside the JSON that Terraform applies", () => {
    expect(output.problems).toEqual([]);
    expect([...output.files.keys()]).toEqual(projectEnvironmentNames());
    for (const [name, file] of output.files) {
      expect(path.relative(outdir, file)).toBe(path.join("hcl", name, "cdk.tf"));
      expect(fs.existsSync(path.join(outdir, "stacks", name, "cdk.tf.json"))).toBe(true);
      // Terraform would read both files of a folder and find every block twice.
      expect(fs.readdirSync(path.join(outdir, "stacks", name))).toEqual(["cdk.tf.json"]);
    }
  });

  it("says the same as the JSON, formatted as terraform fmt does, with readable references", async () => {
    expect(output.differences.size).toBe(0);
    const prod = fs.readFileSync(path.join(outdir, "hcl/prod/cdk.tf"), "utf8");
    expect(prod).toMatch(
      /^# Environment "prod", synthesized from environments\/prod\.ts by npm run synth:hcl\.\n/,
    );
    expect(prod).toContain('resource "aws_ami_copy" "base_1-4-0_eu-west-1" {\n');
    expect(prod).toContain("  provider = aws.eu-west-1\n");
    expect(prod).toContain("  source_ami_id     = data.aws_ami.base_1-4-0.id\n");
    expect(prod).toContain(
      "moved {\n  from = aws_ami_copy.base_eu-west-1\n  to   = aws_ami_copy.base_1-4-0_eu-west-1\n}\n",
    );
    expect(prod).not.toMatch(/= "\$\{[^}]*\}"\s*$/m);
    expect(prod).not.toMatch(/provider\s*=\s*"/);
    expect(prod).not.toMatch(/\n\n\n|\n\n\s*\}/);
    expect(tidy(await format(prod))).toBe(prod);
  });

  it("renders every kind of environment equal to its JSON", async () => {
    const configs = { golden: GOLDEN, "prod-golden": PROD_GOLDEN, ssm: SSM };
    const json = synthStacks(configs);
    const hcl = await renderHcl(
      Object.entries(configs).map(([name, config]) => ({ name, file: `environments/${name}.ts`, config })),
    );
    for (const [name, text] of hcl) expect(await compareHclWithJson(text, json[name])).toEqual([]);
    expect(hcl.get("golden")).toContain(
      'resource "aws_ami_launch_permission" "golden_2-0-0_eu-west-1_ou_ou-ab12-cdef3456" {',
    );
  });

  it("removes the HCL of removed environments, warns about their stack folders and prints waivers, as npm run synth does", async () => {
    expect(output.synthesis).toEqual({ orphans: [], waivers: [] });
    const leftover = path.join(outdir, "stacks", "gone");
    fs.mkdirSync(leftover, { recursive: true });
    fs.writeFileSync(path.join(leftover, "terraform.gone.tfstate"), "{}");
    const goneHcl = path.join(outdir, "hcl", "gone");
    fs.mkdirSync(goneHcl, { recursive: true });
    fs.writeFileSync(path.join(goneHcl, "cdk.tf"), "# old\n");
    const again = await synthesizeWithHcl(PROJECT_DIR, outdir);
    expect(again.synthesis.orphans).toEqual(["gone"]);
    expect(fs.existsSync(goneHcl)).toBe(false);
    const waived = {
      ...again.synthesis,
      waivers: [
        {
          environment: "dev",
          rule: "imdsv2-required",
          reason: "legacy agent",
          findings: ["aws_launch_template.legacy"],
        },
      ],
    };
    expect(
      synthesisNotes(waived, path.join(outdir, "stacks"), (file) => path.relative(outdir, file)),
    ).toEqual({
      stdout: [
        "waiver: dev waives imdsv2-required (1 finding(s)): legacy agent",
        "  aws_launch_template.legacy",
      ],
      stderr: [
        `warning: environment "gone" no longer exists; its Terraform files remain in ${path.join("stacks", "gone")}`,
      ],
    });
  });

  it("reports where HCL and JSON disagree", async () => {
    const prod = fs.readFileSync(path.join(outdir, "hcl/prod/cdk.tf"), "utf8");
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/prod/cdk.tf.json"), "utf8"));
    const differences = await compareHclWithJson(
      prod.replace('instance_type = "c7i.large"', 'instance_type = "c7i.xlarge"'),
      json,
    );
    expect(differences).toEqual([
      {
        path: "resource.aws_launch_template.worker_us-east-1.instance_type",
        hcl: '"c7i.xlarge"',
        json: '"c7i.large"',
      },
    ]);
  });
});

describe("tidy", () => {
  it("unquotes provider references and whole-string references, and nothing else", () => {
    expect(
      tidy(
        [
          'resource "x" "y" {',
          'provider = "aws.eu-west-1"',
          'a = "${data.aws_ami.base.id}"',
          'b = "prefix-${var.name}"',
          'c = ["${aws_x.y.id}", "literal"]',
          "}",
        ].join("\n"),
      ),
    ).toBe(
      [
        'resource "x" "y" {',
        "provider = aws.eu-west-1",
        "a = data.aws_ami.base.id",
        'b = "prefix-${var.name}"',
        'c = [aws_x.y.id, "literal"]',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keeps heredocs as written and spaces top-level blocks by one blank line", () => {
    const hcl = [
      "",
      "locals {",
      "script = <<EOF",
      '"${not.a.reference}"',
      "",
      "",
      "EOF",
      "",
      "}",
      'output "a" {',
      "value = 1",
      "}",
      "",
      "",
    ].join("\n");
    expect(tidy(hcl)).toBe(
      [
        "locals {",
        "script = <<EOF",
        '"${not.a.reference}"',
        "",
        "",
        "EOF",
        "}",
        "",
        'output "a" {',
        "value = 1",
        "}",
        "",
      ].join("\n"),
    );
  });
});
