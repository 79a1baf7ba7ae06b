import { data, editedStack, problemsOf, resource, STACK_FILE, type Edit } from "./fixtures/validate/stack";

const COPY = (...rest: (string | number)[]) => resource("aws_ami_copy", "golden_eu-west-1", ...rest);
const AT_COPY = `${STACK_FILE}: aws_ami_copy.golden_eu-west-1`;
const AT_AMI = `${STACK_FILE}: aws_instance.builder.ami`;
const AMI = resource("aws_instance", "builder", "ami");

type Case = [title: string, edits: Edit[], problems: string[]];

describe("references", () => {
  const cases: Case[] = [
    [
      "an undeclared resource",
      [[COPY("source_ami_id"), "${aws_ami_from_instance.gold.id}"]],
      [
        `${AT_COPY}.source_ami_id: reference to undeclared resource "aws_ami_from_instance.gold" in aws_ami_from_instance.gold.id: no resource block declares it; declared aws_ami_from_instance resources: golden; did you mean "golden"?`,
      ],
    ],
    [
      "a resource type that is not in the document",
      [[COPY("source_ami_id"), "${aws_ami.golden.id}"]],
      [
        `${AT_COPY}.source_ami_id: reference to undeclared resource "aws_ami.golden" in aws_ami.golden.id: no resource block declares it`,
      ],
    ],
    [
      "an attribute the resource type does not have",
      [[COPY("source_ami_id"), "${aws_ami_from_instance.golden.ami_id}"]],
      [
        `${AT_COPY}.source_ami_id: unsupported attribute "ami_id" in aws_ami_from_instance.golden.ami_id: aws_ami_from_instance (hashicorp/aws 6.25.0) has no attribute of that name`,
      ],
    ],
    [
      "an undeclared data source",
      [[AMI, "${data.aws_ami.ubuntu.id}"]],
      [
        `${AT_AMI}: reference to undeclared data source "data.aws_ami.ubuntu" in data.aws_ami.ubuntu.id: no data block declares it; declared aws_ami data sources: base`,
      ],
    ],
    [
      "an attribute the data source does not have",
      [[AMI, "${data.aws_ami.base.image_idd}"]],
      [
        `${AT_AMI}: unsupported attribute "image_idd" in data.aws_ami.base.image_idd: aws_ami (hashicorp/aws 6.25.0) has no attribute of that name; did you mean "image_id"?`,
      ],
    ],
    [
      "an undeclared variable",
      [[AMI, "${var.base_ami}"]],
      [
        `${AT_AMI}: reference to undeclared input variable "base_ami" in var.base_ami: no "variable" block declares it`,
      ],
    ],
    [
      "an undeclared local value",
      [[AMI, "${local.name_prfix}"]],
      [
        `${AT_AMI}: reference to undeclared local value "name_prfix" in local.name_prfix: no "locals" entry declares it; did you mean "name_prefix"?`,
      ],
    ],
    [
      "an undeclared module",
      [[AMI, "${module.images.ami_id}"]],
      [
        `${AT_AMI}: reference to undeclared module "images" in module.images.ami_id: no "module" block declares it`,
      ],
    ],
    [
      "each outside for_each",
      [[AMI, "${each.value}"]],
      [
        `${AT_AMI}: each.value used where there is no "for_each" (in each.value): it is only available in a resource, data source or module with "for_each" set`,
      ],
    ],
    [
      "count.index outside count",
      [[AMI, "ami-${count.index}"]],
      [
        `${AT_AMI}: count.index used where there is no "count" (in count.index): it is only available in a resource, data source or module with "count" set`,
      ],
    ],
    [
      "self outside a provisioner",
      [[AMI, "${self.id}"]],
      [
        `${AT_AMI}: "self" used outside a provisioner, connection or postcondition (in self.id): refer to the resource by its address instead`,
      ],
    ],
    [
      "an unknown path attribute",
      [[AMI, "${path.home}"]],
      [`${AT_AMI}: unsupported attribute in path.home: "path" has only path.module, path.root, path.cwd`],
    ],
    [
      "an attribute of a for_each resource without an instance key",
      [[AMI, "${aws_ami_launch_permission.share.image_id}"]],
      [
        `${AT_AMI}: missing resource instance key in aws_ami_launch_permission.share.image_id: aws_ami_launch_permission.share has "for_each" set, so refer to one instance (aws_ami_launch_permission.share[...].image_id) or all of them (aws_ami_launch_permission.share[*].image_id)`,
      ],
    ],
    [
      "an instance key on a resource without count or for_each",
      [[AMI, "${aws_ami_from_instance.golden[0].id}"]],
      [
        `${AT_AMI}: unexpected resource instance key in aws_ami_from_instance.golden[0].id: aws_ami_from_instance.golden has neither "count" nor "for_each" set, so refer to it without an index (aws_ami_from_instance.golden.id)`,
      ],
    ],
    [
      "an unknown attribute after a splat",
      [[AMI, "${aws_ami_launch_permission.share[*].image}"]],
      [
        `${AT_AMI}: unsupported attribute "image" in aws_ami_launch_permission.share[*].image: aws_ami_launch_permission (hashicorp/aws 6.25.0) has no attribute of that name; did you mean "image_id"?`,
      ],
    ],
    [
      "a dynamic block content using the block label instead of its iterator",
      [
        [
          resource("aws_launch_template", "web", "dynamic", "network_interfaces", "content", "subnet_id"),
          "${network_interfaces.value}",
        ],
      ],
      [
        `${STACK_FILE}: aws_launch_template.web.dynamic.network_interfaces.content.subnet_id: reference to undeclared resource "network_interfaces.value" in network_interfaces.value: no resource block declares it`,
      ],
    ],
    [
      "an attribute in depends_on",
      [[COPY("depends_on"), ["aws_ami_from_instance.golden.id"]]],
      [
        `${AT_COPY}.depends_on[0]: invalid reference aws_ami_from_instance.golden.id: expected a resource, data source or module address such as aws_ami_from_instance.golden`,
      ],
    ],
    [
      "an undeclared resource in depends_on",
      [[COPY("depends_on"), ["aws_instance.packer"]]],
      [
        `${AT_COPY}.depends_on[0]: reference to undeclared resource "aws_instance.packer" in aws_instance.packer: no resource block declares it; declared aws_instance resources: builder`,
      ],
    ],
    [
      "a reference in an output",
      [[["output", "golden_ami_id", "value"], "${aws_ami_from_instance.golden.image_id}"]],
      [
        `${STACK_FILE}: output.golden_ami_id.value: unsupported attribute "image_id" in aws_ami_from_instance.golden.image_id: aws_ami_from_instance (hashicorp/aws 6.25.0) has no attribute of that name`,
      ],
    ],
    [
      "a reference in a provider configuration",
      [[["provider", "aws", 1, "region"], "${var.copy_region}"]],
      [
        `${STACK_FILE}: provider.aws.eu-west-1.region: reference to undeclared input variable "copy_region" in var.copy_region: no "variable" block declares it`,
      ],
    ],
  ];

  test.each(cases)("%s is reported", async (_title, edits, expected) => {
    expect(await problemsOf(editedStack(...edits))).toEqual(expected);
  });

  test.each([
    [
      "an instance of a for_each resource",
      [AMI, '${aws_ami_launch_permission.share["222222222222"].image_id}'],
    ],
    ["a splat over a for_each resource", [AMI, "${values(aws_ami_launch_permission.share)[0].image_id}"]],
    ["a splat over a single resource", [AMI, "${aws_ami_from_instance.golden[*].id}"]],
    ["a whole resource object", [AMI, "${jsonencode(aws_ami_from_instance.golden)}"]],
    ["a nested attribute", [AMI, "${data.aws_ami.base.block_device_mappings[0].device_name}"]],
    ["a computed attribute", [AMI, "${aws_ami_from_instance.golden.root_snapshot_id}"]],
    ["path and terraform values", [AMI, "${path.module}-${terraform.workspace}"]],
    ["a resource of another provider", [AMI, "${random_id.suffix.hex}"]],
  ] as [string, Edit][])("%s is a valid reference", async (title, edit) => {
    const edits: Edit[] = [edit];
    if (title === "a resource of another provider")
      edits.push([["resource", "random_id"], { suffix: { byte_length: 4 } }]);
    expect(await problemsOf(editedStack(...edits))).toEqual([]);
  });

  test("count.index is available in a counted resource, and self in its provisioners", async () => {
    const doc = editedStack(
      [data("aws_ami", "base", "count"), 2],
      [AMI, "${data.aws_ami.base[0].id}"],
      [resource("aws_ami_from_instance", "golden", "tags", "Source"), "${data.aws_ami.base[1].name}"],
      [resource("aws_instance", "builder", "count"), 1],
      [resource("aws_instance", "builder", "tags", "Index"), "${count.index}"],
      [
        resource("aws_instance", "builder", "provisioner"),
        [{ "local-exec": { command: "echo ${self.private_ip}" } }],
      ],
      [resource("aws_ami_from_instance", "golden", "source_instance_id"), "${aws_instance.builder[0].id}"],
    );
    expect(await problemsOf(doc)).toEqual([]);
  });
});

describe("provider references", () => {
  test("a provider alias that is not configured", async () => {
    expect(await problemsOf(editedStack([COPY("provider"), "aws.eu-west-2"]))).toEqual([
      `${AT_COPY}.provider: provider "aws.eu-west-2" is not configured: no "aws" provider configuration has alias "eu-west-2" (configured aliases: eu-west-1); did you mean "eu-west-1"?`,
    ]);
  });

  test("a malformed provider reference", async () => {
    expect(await problemsOf(editedStack([COPY("provider"), "${aws.eu-west-1}"]))).toEqual([
      `${AT_COPY}.provider: invalid provider reference "\${aws.eu-west-1}": expected <provider> or <provider>.<alias>, e.g. "aws.eu-west-1"`,
    ]);
  });

  test("no aws provider at all while resources use the default one", async () => {
    expect(await problemsOf(editedStack([["provider"], undefined], [COPY("provider"), undefined]))).toEqual([
      `${STACK_FILE}: provider.aws: missing provider configuration: aws_kms_key.ami and 7 more use the default "aws" provider, but the document configures no "aws" provider (expected "provider": {"aws": [{...}]})`,
    ]);
  });

  test("only aliased aws providers is fine: Terraform then uses an empty default configuration", async () => {
    expect(
      await problemsOf(editedStack([["provider", "aws", 0], { alias: "us-east-1", region: "us-east-1" }])),
    ).toEqual([]);
  });

  test("two default configurations of the same provider", async () => {
    expect(
      await problemsOf(editedStack([["provider", "aws", 1, "alias"], undefined], [COPY("provider"), "aws"])),
    ).toEqual([
      `${STACK_FILE}: provider.aws[1]: duplicate provider configuration: another "aws" configuration has no alias (the default configuration)`,
    ]);
  });
});
