import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesizeEnvironments } from "../app/synthesize";
import { loadProjectEnvironments } from "./support/environments";
import { amiGuardRule, formatProblem, loadAwsProviderSchema, validateTerraformJson } from "../tools/validate";
import type { TerraformJson } from "./support/synth";

// The validator over every environment of the project, then one broken copy of a shipped example
// per guard rule.
const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "validate-shipped-")), "cdktf.out");
const { environments, problems } = loadProjectEnvironments();
if (problems.length > 0) throw new Error("the project's environments are invalid");
synthesizeEnvironments(environments, { outdir });
afterAll(() => fs.rmSync(path.dirname(outdir), { recursive: true, force: true }));

const stack = (name: string): TerraformJson =>
  JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));

async function validate(json: TerraformJson): Promise<string[]> {
  const schema = await loadAwsProviderSchema();
  return (await validateTerraformJson("cdk.tf.json", json, { schema, rules: [amiGuardRule] })).map(
    formatProblem,
  );
}

describe("npm run validate on the project's environments", () => {
  it.each(environments.map((environment) => environment.name))("finds no problem in %s", async (name) => {
    expect(await validate(stack(name))).toEqual([]);
  });
});

describe("AMI guard rules on the JSON", () => {
  const ruleOf = (lines: string[]) =>
    lines.map((line) => /^cdk\.tf\.json: (\S+): \[([a-z0-9-]+)\]/.exec(line)?.slice(1, 3).join(" ") ?? line);

  it.each<[string, string, (json: TerraformJson) => void, string]>([
    [
      "dev",
      "IMDSv1 allowed",
      (j) => (j.resource.aws_launch_template["web_us-east-1"].metadata_options.http_tokens = "optional"),
      "aws_launch_template.web_us-east-1.metadata_options.http_tokens imdsv2-required",
    ],
    [
      "dev",
      "an unencrypted root volume",
      (j) =>
        (j.resource.aws_launch_template["web_us-east-1"].block_device_mappings[0].ebs.encrypted = "false"),
      "aws_launch_template.web_us-east-1.block_device_mappings[0].ebs.encrypted launch-template-ebs-encrypted",
    ],
    [
      "staging",
      "an unencrypted copy",
      (j) => (j.resource.aws_ami_copy["base_1-5-0_us-west-2"].encrypted = false),
      "aws_ami_copy.base_1-5-0_us-west-2.encrypted ami-copy-encrypted",
    ],
    [
      "prod",
      "a production copy without its key",
      (j) => delete j.resource.aws_ami_copy["base_1-4-0_eu-west-1"].kms_key_id,
      "aws_ami_copy.base_1-4-0_eu-west-1.kms_key_id ami-copy-encrypted",
    ],
    [
      "dev",
      "a public launch permission",
      (j) =>
        (j.resource.aws_ami_launch_permission["golden_1-5-0_us-east-1_222222222222"] = {
          image_id: "${aws_ami_from_instance.golden_1-5-0.id}",
          group: "all",
        }),
      "aws_ami_launch_permission.golden_1-5-0_us-east-1_222222222222.group no-public-launch-permission",
    ],
    [
      "dev",
      "an image lookup without owners",
      (j) => delete j.data.aws_ami.base.owners,
      "data.aws_ami.base.owners ami-lookup-owners",
    ],
    [
      "prod",
      "the newest image in production",
      (j) => (j.data.aws_ami["base_1-4-0"].most_recent = true),
      "data.aws_ami.base_1-4-0.most_recent production-image-pinned",
    ],
    [
      "dev",
      "credentials in user data",
      (j) =>
        (j.resource.aws_launch_template["web_us-east-1"].user_data = Buffer.from(
          "AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP",
        ).toString("base64")),
      "aws_launch_template.web_us-east-1.user_data user-data-no-credentials",
    ],
    [
      "prod",
      "instances launched without the Environment tag",
      (j) => delete j.resource.aws_launch_template["worker_us-east-1"].tag_specifications[1].tags.Environment,
      "aws_launch_template.worker_us-east-1.tag_specifications[1].tags required-tags",
    ],
  ])("%s: %s", async (name, _what, breakIt, expected) => {
    const json = stack(name);
    breakIt(json);
    expect(ruleOf(await validate(json))).toEqual([expected]);
  });

  it("says what is wrong and how to fix it", async () => {
    const json = stack("dev");
    json.resource.aws_launch_template["web_us-east-1"].metadata_options.http_tokens = "optional";
    expect(await validate(json)).toEqual([
      'cdk.tf.json: aws_launch_template.web_us-east-1.metadata_options.http_tokens: [imdsv2-required] got "optional", expected "required". IMDSv1 answers any request from the instance, so an SSRF bug leaks the instance role\'s credentials. Fix: set metadata_options.http_tokens = "required" (the pack\'s launch templates do).',
    ]);
  });

  it("honours the waivers recorded in the stack", async () => {
    const json = stack("dev");
    json.resource.aws_launch_template["web_us-east-1"].metadata_options.http_tokens = "optional";
    json["//"].environment.waivers = [{ rule: "imdsv2-required", reason: "legacy agent until 2027" }];
    expect(await validate(json)).toEqual([]);
  });

  it("reads a document with a malformed block as far as it can, without failing the run", async () => {
    const json = stack("dev");
    json.data.aws_ami.base.filter[0] = null;
    expect(await validate(json)).toEqual([
      'cdk.tf.json: data.aws_ami.base.filter[0]: expected a "filter" block (a JSON object), got null',
    ]);
  });

  it("reads hand-edited metadata of another shape as absent, waiving nothing", async () => {
    const json = stack("dev");
    json.resource.aws_launch_template["web_us-east-1"].metadata_options.http_tokens = "optional";
    json["//"].environment.requiredTags = "CostCenter";
    json["//"].environment.waivers = { rule: "imdsv2-required", reason: "not a list" };
    expect(ruleOf(await validate(json))).toEqual([
      "aws_launch_template.web_us-east-1.metadata_options.http_tokens imdsv2-required",
    ]);
    json["//"] = { environment: null };
    expect(ruleOf(await validate(json))).toEqual([
      "aws_launch_template.web_us-east-1.metadata_options.http_tokens imdsv2-required",
    ]);
  });
});
