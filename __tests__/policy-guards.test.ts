import { AmiCopy } from "@cdktf/provider-aws/lib/ami-copy";
import { AmiLaunchPermission } from "@cdktf/provider-aws/lib/ami-launch-permission";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type EnvironmentConfig } from "../modules/config";
import { GUARD_RULES } from "../modules/guard-rules";
import { synthesizeEnvironments } from "../app/synthesize";
import { baseConfig, problemsOf, violationsOf } from "./support/synth";

const golden = { name: "web", version: "1.0.0", sourceInstanceId: "i-0123456789abcdef0" };
const euKey = "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111";

describe("policy guards", () => {
  it("find nothing in the pack's own resources", () => {
    const config = baseConfig({
      production: true,
      tags: { CostCenter: "42" },
      requiredTags: ["CostCenter"],
      goldenImage: golden,
      copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
      sharing: { accountIds: ["222222222222"] },
      launchTemplates: { web: { instanceType: "t3.micro", userData: "#!/bin/sh\n" } },
    });
    expect(violationsOf(config)).toEqual([]);
  });

  it("see resources added with extend, and say what is wrong, where and how to fix it", () => {
    const config = baseConfig({
      extend: (stack) => {
        new LaunchTemplate(stack, "legacy", {
          name: "legacy",
          metadataOptions: { httpTokens: "optional" },
          blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }],
          userData: Buffer.from("export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n").toString("base64"),
          tagSpecifications: [{ resourceType: "instance", tags: { Name: "legacy" } }],
        }).overrideLogicalId("legacy");
        new AmiLaunchPermission(stack, "public", {
          imageId: "ami-0123456789abcdef0",
          group: "all",
        }).overrideLogicalId("public");
        new DataAwsAmi(stack, "anyone", { filter: [{ name: "name", values: ["web-*"] }] }).overrideLogicalId(
          "anyone",
        );
      },
    });
    expect(violationsOf(config)).toEqual([
      'aws_ami_launch_permission.public.group: [no-public-launch-permission] got "all", expected no group: it makes the image public. A public AMI can be launched, and its snapshots read, by every AWS account. Fix: share with account_id, organization_arn or organizational_unit_arn instead of group = "all".',
      'aws_launch_template.legacy.metadata_options.http_tokens: [imdsv2-required] got "optional", expected "required". IMDSv1 answers any request from the instance, so an SSRF bug leaks the instance role\'s credentials. Fix: set metadata_options.http_tokens = "required" (the pack\'s launch templates do).',
      'aws_launch_template.legacy.block_device_mappings[0].ebs.encrypted: [launch-template-ebs-encrypted] got "false", expected "true". Unencrypted volumes expose data in snapshots and to anyone who can attach them. Fix: set ebs.encrypted = "true" on every block device mapping.',
      "aws_launch_template.legacy.user_data: [user-data-no-credentials] got an AWS access key ID (AKIA...), expected no credentials. User data is readable by anyone who can describe the instance or launch template. Fix: remove the key; give the instance an instance profile and read secrets from SSM or Secrets Manager at boot.",
      "aws_launch_template.legacy.tag_specifications[0].tags: [required-tags] got no Environment tag on instance, expected Environment. Costs, ownership and clean-up are traced by tags; instances launched from a template do not get provider default tags. Fix: add the tags to the environment's tags (provider default_tags) or to the resource, and to every tag specification.",
      "data.aws_ami.anyone.owners: [ami-lookup-owners] got no owners, expected at least one owner account. A name filter without owners matches images anyone can publish under that name. Fix: set owners to the publisher's account, or filter by image-id.",
    ]);
  });

  it("refuse unpinned images and copies without a customer-managed key in production", () => {
    const config = baseConfig({
      production: true,
      extend: (stack) => {
        new DataAwsAmi(stack, "newest", { owners: ["self"], mostRecent: true }).overrideLogicalId("newest");
        const parameter = new DataAwsSsmParameter(stack, "latest", {
          name: "/aws/service/debian/release/12/latest/amd64",
        });
        parameter.overrideLogicalId("latest");
        new AmiCopy(stack, "unkeyed", {
          name: "tools",
          sourceAmiId: parameter.insecureValue,
          sourceAmiRegion: "us-east-1",
          encrypted: true,
        }).overrideLogicalId("unkeyed");
      },
    });
    expect(violationsOf(config).map((line) => line.split(" got")[0])).toEqual([
      "aws_ami_copy.unkeyed.kms_key_id: [ami-copy-encrypted]",
      "aws_ami_copy.unkeyed.source_ami_id: [production-image-pinned]",
      "data.aws_ami.newest.most_recent: [production-image-pinned]",
    ]);
  });

  it("check tags against the provider's default tags and the environment's required tags", () => {
    const config = baseConfig({
      tags: { CostCenter: "42" },
      requiredTags: ["CostCenter"],
      extend: (stack) => {
        const untagged = new AwsProvider(stack, "untagged", { region: "us-east-1", alias: "untagged" });
        new Instance(stack, "bastion", {
          provider: untagged,
          ami: "ami-0123456789abcdef0",
          instanceType: "t3.micro",
          metadataOptions: { httpTokens: "required" },
          tags: { Environment: "test" },
        }).overrideLogicalId("bastion");
      },
    });
    expect(violationsOf(config)).toEqual([
      "aws_instance.bastion.tags: [required-tags] got no CostCenter tag, expected Environment, CostCenter. Costs, ownership and clean-up are traced by tags; instances launched from a template do not get provider default tags. Fix: add the tags to the environment's tags (provider default_tags) or to the resource, and to every tag specification.",
    ]);
  });

  it("fail the synth, write nothing, and list waived rules with their findings", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "guards-")), "cdktf.out");
    const extend: EnvironmentConfig["extend"] = (stack) => {
      new LaunchTemplate(stack, "legacy", {
        name: "legacy",
        metadataOptions: { httpTokens: "optional" },
        tagSpecifications: [{ resourceType: "instance", tags: { Environment: "test" } }],
      }).overrideLogicalId("legacy");
    };
    const environment = (config: EnvironmentConfig) => [
      { name: "test", file: "environments/test.ts", config },
    ];
    expect(() => synthesizeEnvironments(environment(baseConfig({ extend })), { outdir })).toThrow(
      /^environments\/test\.ts: aws_launch_template\.legacy\.metadata_options\.http_tokens: \[imdsv2-required\]/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);

    const waived = baseConfig({
      extend,
      waivers: [{ rule: "imdsv2-required", reason: "the legacy agent needs IMDSv1 until 2027" }],
    });
    const report = synthesizeEnvironments(environment(waived), { outdir });
    expect(report.waivers).toEqual([
      {
        environment: "test",
        rule: "imdsv2-required",
        reason: "the legacy agent needs IMDSv1 until 2027",
        findings: ["aws_launch_template.legacy.metadata_options.http_tokens"],
      },
    ]);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/test/cdk.tf.json"), "utf8"));
    expect(json["//"].environment.waivers).toEqual([
      { rule: "imdsv2-required", reason: "the legacy agent needs IMDSv1 until 2027" },
    ]);
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  });

  it("have unique, stable IDs", () => {
    expect(GUARD_RULES.map((rule) => rule.id)).toEqual([
      "imdsv2-required",
      "launch-template-ebs-encrypted",
      "ebs-encrypted",
      "ami-copy-encrypted",
      "no-public-launch-permission",
      "ami-lookup-owners",
      "production-image-pinned",
      "user-data-no-credentials",
      "asg-unsafe-refresh",
      "required-tags",
    ]);
  });
});

describe("waivers, required tags and extend in the config", () => {
  it.each([
    [
      { waivers: [{ rule: "imdsv2-requird", reason: "the legacy agent needs IMDSv1" }] },
      'environments/test.ts: waivers[0].rule: got "imdsv2-requird", expected one of "imdsv2-required", "launch-template-ebs-encrypted", "ebs-encrypted", "ami-copy-encrypted", "no-public-launch-permission", "ami-lookup-owners", "production-image-pinned", "user-data-no-credentials", "asg-unsafe-refresh", "required-tags" (did you mean "imdsv2-required"?)',
    ],
    [
      { waivers: [{ rule: "required-tags" }] },
      "environments/test.ts: waivers[0].reason: missing, expected a reason of at least 10 characters (a waiver without a reason is not accepted)",
    ],
    [
      { requiredTags: ["CostCenter"] },
      "environments/test.ts: requiredTags[0]: got \"CostCenter\", expected a key of tags (none) (the pack's resources carry the environment's tags, so a required tag must be one of them)",
    ],
    [
      { extend: "addBastion" },
      'environments/test.ts: extend: got "addBastion", expected a function (stack) => void',
    ],
  ])("reports %j", (overrides, message) => {
    expect(problemsOf({ ...baseConfig(), ...overrides })).toEqual([message]);
  });
});

describe("docs/guards.md", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "docs", "guards.md"), "utf8");
  it.each(GUARD_RULES.map((rule) => [rule.id, rule] as const))(
    "documents %s, why it exists and how to satisfy it",
    (id, rule) => {
      const row = readme.split("\n").find((line) => new RegExp(`^\\|\\s*\`${id}\`\\s*\\|`).test(line));
      expect(row).toBeDefined();
      expect(row).toContain(rule.why);
      expect(row!.replace(/`/g, "")).toContain(rule.fix);
    },
  );
});
