import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { awsProviderSchemaCacheFile, loadAwsProviderSchema } from "../tools/validate/aws-schema";
import type { JsiiAssembly } from "../tools/validate/jsii-assembly";
import { deriveProviderSchemaFromJsii } from "../tools/validate/jsii-schema";
import { compareProviderSchemas, type SchemaDifference } from "../tools/validate/schema-compare";
import type { ProviderSchema } from "../tools/validate/schema-types";
import { providerSchemaFromTerraformJson } from "../tools/validate/terraform-schema";

const REFERENCE = path.resolve(__dirname, "../../shared/reference/hashicorp-aws-6.25.0-schema.json.gz");
const SOURCE = "registry.terraform.io/hashicorp/aws";

/** Resources and data sources the AMI pack uses; their derived schema must agree with Terraform's exactly. */
const PACK_RESOURCES = [
  "aws_ami_copy",
  "aws_ami_from_instance",
  "aws_ami_launch_permission",
  "aws_launch_template",
  "aws_instance",
  "aws_s3_bucket",
  "aws_kms_key",
];
const PACK_DATA_SOURCES = ["aws_ami", "aws_ssm_parameter"];

/**
 * Every difference between the schema derived from `@cdktf/provider-aws` and Terraform's, with why:
 * - the reference leaves out six very large QuickSight/WAFv2 schemas (see shared/README.md);
 * - read-only attributes have no registry link in the bindings, so their snake_case name is guessed from the camelCase
 *   getter, which is ambiguous around digits (`checksumCrc32C` could be `checksum_crc32c` or `checksum_crc32_c`).
 */
const KNOWN_DIFFERENCES = [
  "aws_quicksight_analysis [resource type] derived present, reference absent",
  "aws_quicksight_dashboard [resource type] derived present, reference absent",
  "aws_quicksight_template [resource type] derived present, reference absent",
  "aws_wafv2_rule_group [resource type] derived present, reference absent",
  "aws_wafv2_web_acl [resource type] derived present, reference absent",
  "data.aws_quicksight_analysis [resource type] derived present, reference absent",
  "aws_iam_virtual_mfa_device.base32_string_seed [read-only attribute] derived present, reference absent",
  "aws_iam_virtual_mfa_device.base_32_string_seed [read-only attribute] derived absent, reference present",
  ...["aws_s3_object", "aws_s3_object_copy", "data.aws_s3_object"].flatMap((type) => [
    `${type}.checksum_crc32_c [read-only attribute] derived present, reference absent`,
    `${type}.checksum_crc32c [read-only attribute] derived absent, reference present`,
    `${type}.checksum_crc64_nvme [read-only attribute] derived present, reference absent`,
    `${type}.checksum_crc64nvme [read-only attribute] derived absent, reference present`,
  ]),
  "data.aws_emr_supported_instance_types.supported_instance_types [type] derived list(object({architecture=string, ebs_optimized_available=bool, ebs_optimized_by_default=bool, ebs_storage_only=bool, instance_family_id=string, is64_bits_only=bool, memory_gb=number, number_of_disks=number, storage_gb=number, type=string, vcpu=number})), reference list(object({architecture=string, ebs_optimized_available=bool, ebs_optimized_by_default=bool, ebs_storage_only=bool, instance_family_id=string, is_64_bits_only=bool, memory_gb=number, number_of_disks=number, storage_gb=number, type=string, vcpu=number}))",
].sort();

function describeDifference(d: SchemaDifference): string {
  return `${d.type}${d.path ? `.${d.path}` : ""} [${d.aspect}] derived ${d.derived}, reference ${d.reference}`;
}

let cacheDir: string;
let schema: ProviderSchema;
let deriveMs: number;

beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-schema-"));
  const start = performance.now();
  schema = await loadAwsProviderSchema({ cacheDir });
  deriveMs = performance.now() - start;
});

afterAll(() => {
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

describe("the aws provider schema derived from @cdktf/provider-aws's .jsii", () => {
  test("is derived once and cached as aws-provider-schema-<provider version>.json", () => {
    const cacheFile = awsProviderSchemaCacheFile({ cacheDir });
    expect(path.basename(cacheFile)).toBe("aws-provider-schema-6.25.0.json");
    expect(fs.existsSync(cacheFile)).toBe(true);
    expect(fs.existsSync(`${cacheFile}.lock`)).toBe(false);
    console.log(`derived the aws provider schema from .jsii in ${deriveMs.toFixed(0)} ms`);
    expect(schema).toMatchObject({ source: SOURCE, localName: "aws", version: "6.25.0" });
    expect(Object.keys(schema.resources).length).toBeGreaterThan(1500);
    expect(Object.keys(schema.dataSources).length).toBeGreaterThan(600);
  });

  test("loads from the cache quickly", async () => {
    const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-schema-copy-"));
    try {
      const cacheFile = awsProviderSchemaCacheFile({ cacheDir });
      fs.copyFileSync(cacheFile, path.join(copyDir, path.basename(cacheFile)));
      const start = performance.now();
      const cached = await loadAwsProviderSchema({ cacheDir: copyDir });
      const loadMs = performance.now() - start;
      console.log(`loaded the cached aws provider schema in ${loadMs.toFixed(0)} ms`);
      expect(loadMs).toBeLessThan(1000);
      expect(cached.resources.aws_ami_copy).toEqual(schema.resources.aws_ami_copy);
      expect(Object.keys(cached.dataSources)).toEqual(Object.keys(schema.dataSources));
    } finally {
      fs.rmSync(copyDir, { recursive: true, force: true });
    }
  });

  test("records arguments, required flags and read-only attributes", () => {
    const copy = schema.resources.aws_ami_copy;
    expect(copy.attributes.source_ami_id).toEqual({ type: "string", required: true });
    expect(copy.attributes.kms_key_id).toEqual({ type: "string", optional: true });
    expect(copy.attributes.encrypted).toEqual({ type: "bool", optional: true });
    expect(copy.attributes.tags).toEqual({ type: ["map", "string"], optional: true });
    expect(copy.attributes.arn).toEqual({ type: "string", computed: true });
    expect(copy.attributes.root_snapshot_id).toEqual({ type: "string", computed: true });
    expect(copy.blocks.timeouts).toMatchObject({ nesting: "list", maxItems: 1 });
  });

  test("records nested blocks, single or repeated, with their content", () => {
    const template = schema.resources.aws_launch_template;
    expect(template.blocks.block_device_mappings).toMatchObject({ nesting: "list" });
    expect(template.blocks.block_device_mappings.maxItems).toBeUndefined();
    const ebs = template.blocks.block_device_mappings.block.blocks.ebs;
    expect(ebs).toMatchObject({ nesting: "list", maxItems: 1 });
    expect(ebs.block.attributes.volume_size).toEqual({ type: "number", optional: true });
    expect(template.blocks.metadata_options.block.attributes.http_tokens).toEqual({
      type: "string",
      optional: true,
    });
    expect(schema.dataSources.aws_ami.blocks.filter.block.attributes.values).toEqual({
      type: ["list", "string"],
      required: true,
    });
    expect(schema.dataSources.aws_ami.attributes.block_device_mappings).toMatchObject({ computed: true });
  });

  test("maps member names the bindings rename back to Terraform names", () => {
    expect(schema.resources.aws_instance.attributes.get_password_data).toEqual({
      type: "bool",
      optional: true,
    });
    expect(schema.resources.aws_security_group.blocks.ingress).toBeUndefined();
    expect(schema.resources.aws_security_group_rule.attributes.self).toEqual({
      type: "bool",
      optional: true,
    });
    expect(schema.provider?.attributes.region).toEqual({ type: "string", optional: true });
    expect(schema.provider?.attributes.alias).toEqual({ type: "string", optional: true });
    expect(schema.provider?.blocks.assume_role).toMatchObject({ nesting: "list" });
  });
});

const referenceAvailable = fs.existsSync(REFERENCE);
if (!referenceAvailable) {
  console.log(`skipping the cross-check with Terraform's schema: ${REFERENCE} is absent`);
}

(referenceAvailable ? describe : describe.skip)("cross-check with `terraform providers schema -json`", () => {
  let reference: ProviderSchema;

  beforeAll(() => {
    const document: unknown = JSON.parse(zlib.gunzipSync(fs.readFileSync(REFERENCE)).toString("utf8"));
    reference = providerSchemaFromTerraformJson(document, { source: SOURCE, version: "6.25.0" });
  });

  test("the pack's resources and data sources agree exactly", () => {
    const comparison = compareProviderSchemas(schema, reference, {
      resources: PACK_RESOURCES,
      dataSources: PACK_DATA_SOURCES,
    });
    console.log(
      `schema cross-check, pack types: ${comparison.agreements}/${comparison.checks} facts agree (${(comparison.rate * 100).toFixed(3)}%)`,
    );
    expect(comparison.differences.map(describeDifference)).toEqual([]);
    expect(comparison.checks).toBeGreaterThan(1500);
  });

  test("all resources and data sources agree but for the known differences", () => {
    const comparison = compareProviderSchemas(schema, reference);
    console.log(
      `schema cross-check, all types: ${comparison.agreements}/${comparison.checks} facts agree (${(comparison.rate * 100).toFixed(3)}%), ${comparison.differences.length} known differences`,
    );
    expect(comparison.differences.map(describeDifference).sort()).toEqual(KNOWN_DIFFERENCES);
    expect(comparison.rate).toBeGreaterThan(0.999);
  });
});

describe("derivation rules, on a small assembly", () => {
  const link = (anchor: string) =>
    `Docs at Terraform Registry: {@link https://registry.terraform.io/providers/acme/demo/1.2.3/docs/resources/widget#${anchor} Widget#${anchor}}.`;
  const assembly: JsiiAssembly = {
    name: "@acme/provider-demo",
    version: "9.9.9",
    types: {
      "@acme/provider-demo.provider.DemoProvider": {
        fqn: "@acme/provider-demo.provider.DemoProvider",
        kind: "class",
        base: "cdktf.TerraformProvider",
        docs: {
          summary: "Represents a {@link https://registry.terraform.io/providers/acme/demo/1.2.3/docs demo}.",
        },
        initializer: {
          parameters: [{ name: "config", type: { fqn: "@acme/provider-demo.provider.DemoProviderConfig" } }],
        },
      },
      "@acme/provider-demo.provider.DemoProviderConfig": {
        fqn: "@acme/provider-demo.provider.DemoProviderConfig",
        kind: "interface",
        datatype: true,
        properties: [
          {
            name: "endpoint",
            optional: true,
            type: { primitive: "string" },
            docs: { summary: link("endpoint") },
          },
        ],
      },
      "@acme/provider-demo.widget.Widget": {
        fqn: "@acme/provider-demo.widget.Widget",
        kind: "class",
        base: "cdktf.TerraformResource",
        docs: {
          summary:
            "Represents a {@link https://registry.terraform.io/providers/acme/demo/1.2.3/docs/resources/widget demo_widget}.",
        },
        initializer: {
          parameters: [{ name: "config", type: { fqn: "@acme/provider-demo.widget.WidgetConfig" } }],
        },
        properties: [
          { name: "tfResourceType", static: true, type: { primitive: "string" } },
          { name: "arn", type: { primitive: "string" } },
          { name: "ready", type: { fqn: "cdktf.IResolvable" } },
          { name: "address1", type: { primitive: "string" } },
          { name: "nameInput", optional: true, type: { primitive: "string" } },
          { name: "name", type: { primitive: "string" } },
          { name: "part", type: { fqn: "@acme/provider-demo.widget.WidgetPartList" } },
        ],
      },
      "@acme/provider-demo.widget.WidgetConfig": {
        fqn: "@acme/provider-demo.widget.WidgetConfig",
        kind: "interface",
        datatype: true,
        properties: [
          { name: "name", type: { primitive: "string" }, docs: { summary: link("name") } },
          { name: "size", optional: true, type: { primitive: "number" }, docs: { summary: link("size") } },
          {
            name: "fetchSecret",
            optional: true,
            type: { union: { types: [{ primitive: "boolean" }, { fqn: "cdktf.IResolvable" }] } },
            docs: { summary: link("get_secret") },
          },
          {
            name: "labels",
            optional: true,
            type: { collection: { kind: "array", elementtype: { primitive: "string" } } },
            docs: { summary: link("labels") },
          },
          {
            name: "address1",
            optional: true,
            type: { primitive: "string" },
            docs: { summary: link("address_1") },
          },
          {
            name: "part",
            type: {
              union: {
                types: [
                  { fqn: "cdktf.IResolvable" },
                  {
                    collection: {
                      kind: "array",
                      elementtype: { fqn: "@acme/provider-demo.widget.WidgetPart" },
                    },
                  },
                ],
              },
            },
            docs: { summary: "part block.", remarks: link("part") },
          },
          {
            name: "timeouts",
            optional: true,
            type: { fqn: "@acme/provider-demo.widget.WidgetTimeouts" },
            docs: { summary: "timeouts block.", remarks: link("timeouts") },
          },
        ],
      },
      "@acme/provider-demo.widget.WidgetPart": {
        fqn: "@acme/provider-demo.widget.WidgetPart",
        kind: "interface",
        datatype: true,
        properties: [{ name: "kind", type: { primitive: "string" }, docs: { summary: link("kind") } }],
      },
      "@acme/provider-demo.widget.WidgetPartList": {
        fqn: "@acme/provider-demo.widget.WidgetPartList",
        kind: "class",
        base: "cdktf.ComplexList",
      },
      "@acme/provider-demo.widget.WidgetPartOutputReference": {
        fqn: "@acme/provider-demo.widget.WidgetPartOutputReference",
        kind: "class",
        base: "cdktf.ComplexObject",
        properties: [
          { name: "internalValue", type: { fqn: "@acme/provider-demo.widget.WidgetPart" } },
          { name: "kindInput", optional: true, type: { primitive: "string" } },
          { name: "kind", type: { primitive: "string" } },
          { name: "serial", type: { primitive: "number" } },
        ],
      },
      "@acme/provider-demo.widget.WidgetTimeouts": {
        fqn: "@acme/provider-demo.widget.WidgetTimeouts",
        kind: "interface",
        datatype: true,
        properties: [
          {
            name: "create",
            optional: true,
            type: { primitive: "string" },
            docs: { summary: link("create") },
          },
        ],
      },
    },
  };

  test("derives provider, resource, blocks and read-only attributes", () => {
    expect(deriveProviderSchemaFromJsii(assembly)).toEqual({
      source: "registry.terraform.io/acme/demo",
      localName: "demo",
      version: "1.2.3",
      origin: "@acme/provider-demo@9.9.9 (.jsii)",
      provider: { attributes: { endpoint: { type: "string", optional: true } }, blocks: {} },
      resources: {
        demo_widget: {
          attributes: {
            address_1: { type: "string", optional: true },
            arn: { type: "string", computed: true },
            get_secret: { type: "bool", optional: true },
            labels: { type: ["list", "string"], optional: true },
            name: { type: "string", required: true },
            ready: { type: "bool", computed: true },
            size: { type: "number", optional: true },
          },
          blocks: {
            part: {
              nesting: "list",
              minItems: 1,
              block: {
                attributes: {
                  kind: { type: "string", required: true },
                  serial: { type: "number", computed: true },
                },
                blocks: {},
              },
            },
            timeouts: {
              nesting: "list",
              maxItems: 1,
              block: { attributes: { create: { type: "string", optional: true } }, blocks: {} },
            },
          },
        },
      },
      dataSources: {},
    });
  });

  test("rejects a resource class without a registry link", () => {
    const broken: JsiiAssembly = {
      ...assembly,
      types: {
        ...assembly.types,
        "@acme/provider-demo.widget.Widget": {
          ...assembly.types["@acme/provider-demo.widget.Widget"],
          docs: { summary: "A widget." },
        },
      },
    };
    expect(() => deriveProviderSchemaFromJsii(broken)).toThrow(
      '@acme/provider-demo.widget.Widget: expected a registry link naming the Terraform type in the class summary, got "A widget."',
    );
  });

  test("the cache is rebuilt when the package version changes", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "demo-provider-"));
    try {
      const packageDir = path.join(root, "node_modules", "@acme", "provider-demo");
      fs.mkdirSync(packageDir, { recursive: true });
      const manifest = (version: string) =>
        JSON.stringify({
          name: "@acme/provider-demo",
          version,
          cdktf: { provider: { name: SOURCE, version: "1.2.3" } },
        });
      fs.writeFileSync(path.join(packageDir, "package.json"), manifest("9.9.9"));
      fs.writeFileSync(path.join(packageDir, ".jsii"), JSON.stringify(assembly));

      const first = await loadAwsProviderSchema({ packageDir });
      const cacheFile = path.join(
        root,
        "node_modules",
        ".cache",
        "cdktf-ami-pack",
        "aws-provider-schema-1.2.3.json",
      );
      expect(JSON.parse(fs.readFileSync(cacheFile, "utf8"))).toMatchObject({
        format: 1,
        packageVersion: "9.9.9",
      });
      expect(Object.keys(first.resources)).toEqual(["demo_widget"]);

      fs.writeFileSync(path.join(packageDir, "package.json"), manifest("10.0.0"));
      fs.writeFileSync(path.join(packageDir, ".jsii"), JSON.stringify({ ...assembly, version: "10.0.0" }));
      const second = await loadAwsProviderSchema({ packageDir });
      expect(second.origin).toBe("@acme/provider-demo@10.0.0 (.jsii)");
      expect(JSON.parse(fs.readFileSync(cacheFile, "utf8"))).toMatchObject({ packageVersion: "10.0.0" });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
