import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AmiCopy } from "@cdktf/provider-aws/lib/ami-copy";
import { AmiFromInstance } from "@cdktf/provider-aws/lib/ami-from-instance";
import { AmiLaunchPermission } from "@cdktf/provider-aws/lib/ami-launch-permission";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  formatProblem,
  providerSchemaFromTerraformJson,
  validateTerraformJson,
  type ValidationContext,
  type ValidationProblem,
  type ValidationRule,
} from "../tools/validate";
import { ProblemCollector } from "../tools/validate/problem";
import { editedStack, problemsOf, resource, STACK_FILE, validStack } from "./fixtures/validate/stack";

describe("a valid document", () => {
  test("the CDKTF-shaped stack fixture has no problem", async () => {
    expect(await problemsOf(validStack())).toEqual([]);
  });

  test("a stack synthesized by CDKTF has no problem", async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-synth-"));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "dev");
      new LocalBackend(stack, { path: "terraform.dev.tfstate" });
      new AwsProvider(stack, "aws", { region: "us-east-1" });
      const eu = new AwsProvider(stack, "eu", { region: "eu-west-1", alias: "eu-west-1" });
      const base = new DataAwsAmi(stack, "base", {
        mostRecent: true,
        owners: ["amazon"],
        filter: [{ name: "name", values: ["al2023-ami-*-x86_64"] }],
      });
      const builder = new Instance(stack, "builder", {
        ami: base.id,
        instanceType: "t3.micro",
        rootBlockDevice: { volumeSize: 8, encrypted: true },
      });
      const golden = new AmiFromInstance(stack, "golden", { name: "golden", sourceInstanceId: builder.id });
      new AmiCopy(stack, "golden_eu-west-1", {
        provider: eu,
        name: golden.name,
        sourceAmiId: golden.id,
        sourceAmiRegion: "us-east-1",
        encrypted: true,
        kmsKeyId: "alias/aws/ebs",
      });
      new AmiLaunchPermission(stack, "share", { imageId: golden.id, accountId: "222222222222" });
      new LaunchTemplate(stack, "web", {
        imageId: golden.id,
        instanceType: "t3.micro",
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20, encrypted: "true" } }],
        metadataOptions: { httpTokens: "required" },
        userData: "#!/bin/bash\necho $${HOME}\n",
      });
      new TerraformOutput(stack, "golden_ami_id", { value: golden.id });
      app.synth();

      const file = path.join(outdir, "stacks", "dev", "cdk.tf.json");
      const json: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(await validateTerraformJson(file, json)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  const reference = path.resolve(__dirname, "../../shared/reference/hashicorp-aws-6.25.0-schema.json.gz");
  (fs.existsSync(reference) ? test : test.skip)(
    "it is also valid against Terraform's own schema",
    async () => {
      const schema = providerSchemaFromTerraformJson(
        JSON.parse(zlib.gunzipSync(fs.readFileSync(reference)).toString("utf8")),
        {
          source: "registry.terraform.io/hashicorp/aws",
          version: "6.25.0",
        },
      );
      expect(await problemsOf(validStack(), { schema })).toEqual([]);
      expect(
        await problemsOf(editedStack([resource("aws_ami_copy", "golden_eu-west-1", "kms_key"), "x"]), {
          schema,
        }),
      ).toEqual([
        `${STACK_FILE}: aws_ami_copy.golden_eu-west-1.kms_key: unsupported argument "kms_key": aws_ami_copy has no argument or block of that name; did you mean "kms_key_id"?`,
      ]);
    },
  );
});

describe("malformed documents", () => {
  test.each([
    [null, "null"],
    [[], "an array"],
    ["{}", 'the string "{}"'],
  ])("%j is not a document", async (json, described) => {
    expect(await problemsOf(json)).toEqual([
      `${STACK_FILE}: document: expected a Terraform JSON document (a JSON object), got ${described}`,
    ]);
  });

  test("a resource that is not an object, and a resource map that is not an object", async () => {
    const doc = editedStack(
      [resource("aws_kms_key", "ami"), "enabled"],
      [["resource", "aws_instance"], "builder"],
    );
    expect(await problemsOf(doc)).toEqual([
      `${STACK_FILE}: aws_ami_from_instance.golden.source_instance_id: reference to undeclared resource "aws_instance.builder" in aws_instance.builder.id: no resource block declares it`,
      `${STACK_FILE}: aws_kms_key.ami: expected a resource block (a JSON object), got the string "enabled"`,
      `${STACK_FILE}: resource.aws_instance: expected a JSON object mapping names to blocks, got the string "builder"`,
    ]);
  });

  test("an empty document is valid", async () => {
    expect(await problemsOf({})).toEqual([]);
  });

  test("the file name is required", async () => {
    await expect(validateTerraformJson("", {})).rejects.toThrow(
      'validateTerraformJson: expected a file name, got the string ""',
    );
  });
});

describe("problems", () => {
  test("are formatted as file: address.attributePath: message", () => {
    const problem: ValidationProblem = {
      file: "cdktf.out/stacks/dev/cdk.tf.json",
      address: "aws_ami_copy.golden_eu-west-1",
      attributePath: "kms_key_id",
      message: 'unknown function "lenght"',
    };
    expect(formatProblem(problem)).toBe(
      'cdktf.out/stacks/dev/cdk.tf.json: aws_ami_copy.golden_eu-west-1.kms_key_id: unknown function "lenght"',
    );
    expect(formatProblem({ ...problem, attributePath: "" })).toBe(
      'cdktf.out/stacks/dev/cdk.tf.json: aws_ami_copy.golden_eu-west-1: unknown function "lenght"',
    );
  });

  test("are reported once each, ordered by address", async () => {
    const doc = editedStack(
      [resource("aws_kms_key", "ami", "description"), "${lenght(var.x)}"],
      [resource("aws_instance", "builder", "tags", "Name"), "${lenght(var.x)}-${lenght(var.x)}"],
    );
    expect(await problemsOf(doc)).toEqual([
      `${STACK_FILE}: aws_instance.builder.tags.Name: reference to undeclared input variable "x" in var.x: no "variable" block declares it`,
      `${STACK_FILE}: aws_instance.builder.tags.Name: unknown function "lenght": Terraform has no built-in function of that name; did you mean "length"?`,
      `${STACK_FILE}: aws_kms_key.ami.description: reference to undeclared input variable "x" in var.x: no "variable" block declares it`,
      `${STACK_FILE}: aws_kms_key.ami.description: unknown function "lenght": Terraform has no built-in function of that name; did you mean "length"?`,
    ]);
  });

  test("are ordered by code point, the same in every locale", () => {
    const problems = new ProblemCollector(STACK_FILE);
    problems.report("aws_instance.builder", "tags.environment", "b");
    problems.report("aws_instance.builder", "tags.Name", "a");
    problems.report("aws_instance.Builder", "tags", "c");
    expect(problems.problems.map(formatProblem)).toEqual([
      `${STACK_FILE}: aws_instance.Builder.tags: c`,
      `${STACK_FILE}: aws_instance.builder.tags.Name: a`,
      `${STACK_FILE}: aws_instance.builder.tags.environment: b`,
    ]);
  });
});

describe("extra rules", () => {
  /** A guard rule: AMI copies must be encrypted with a customer-managed key. */
  const encryptedCopies: ValidationRule = (_json, context) =>
    context.document.resources
      .filter((r) => r.type === "aws_ami_copy" && r.body.encrypted !== true)
      .map((r) =>
        context.problem(
          r.address,
          "encrypted",
          `AMI copies must be encrypted, got ${JSON.stringify(r.body.encrypted ?? null)}`,
        ),
      );

  test("run after the built-in checks and add their problems", async () => {
    const doc = editedStack([resource("aws_ami_copy", "golden_eu-west-1", "encrypted"), false]);
    expect(await problemsOf(doc, { rules: [encryptedCopies] })).toEqual([
      `${STACK_FILE}: aws_ami_copy.golden_eu-west-1.encrypted: AMI copies must be encrypted, got false`,
    ]);
    expect(await problemsOf(validStack(), { rules: [encryptedCopies] })).toEqual([]);
  });

  test("get the schema, the declarations and the analysed expressions; may be async", async () => {
    let seen: ValidationContext | undefined;
    const rule: ValidationRule = async (json, context) => {
      seen = context;
      expect(json).toHaveProperty("resource");
      return [];
    };
    await problemsOf(validStack(), { rules: [rule] });
    if (!seen) throw new Error("expected the rule to run");
    expect(seen.file).toBe(STACK_FILE);
    expect(seen.schema.version).toBe("6.25.0");
    expect(seen.document.dataSources.map((d) => d.address)).toEqual([
      "data.aws_ami.base",
      "data.aws_ssm_parameter.kms_key",
    ]);
    const kms = seen.expressions.find(
      (e) => e.address === "aws_ami_copy.golden_eu-west-1" && e.attributePath === "kms_key_id",
    );
    expect(kms?.analysis?.references.map((r) => r.text)).toEqual(["data.aws_ssm_parameter.kms_key.value"]);
  });
});
