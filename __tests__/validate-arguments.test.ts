import { data, editedStack, problemsOf, resource, STACK_FILE, type Edit } from "./fixtures/validate/stack";

const COPY = (...rest: (string | number)[]) => resource("aws_ami_copy", "golden_eu-west-1", ...rest);
const LT = (...rest: (string | number)[]) => resource("aws_launch_template", "web", ...rest);
const AT_COPY = `${STACK_FILE}: aws_ami_copy.golden_eu-west-1`;
const AT_LT = `${STACK_FILE}: aws_launch_template.web`;

type Case = [title: string, edits: Edit[], problems: string[]];

describe("arguments checked against the hashicorp/aws 6.25.0 schema", () => {
  const cases: Case[] = [
    [
      "an unknown argument, with a suggestion",
      [[COPY("kms_key"), "alias/aws/ebs"]],
      [
        `${AT_COPY}.kms_key: unsupported argument "kms_key": aws_ami_copy has no argument or block of that name; did you mean "kms_key_id"?`,
      ],
    ],
    [
      "an unknown argument written in camelCase",
      [[COPY("sourceAmiRegion"), "us-east-1"]],
      [
        `${AT_COPY}.sourceAmiRegion: unsupported argument "sourceAmiRegion": aws_ami_copy has no argument or block of that name`,
      ],
    ],
    [
      "a missing required argument",
      [[COPY("source_ami_region"), undefined]],
      [
        `${AT_COPY}.source_ami_region: missing required argument "source_ami_region" (string): aws_ami_copy needs it set`,
      ],
    ],
    [
      "a required argument set to null",
      [[COPY("name"), null]],
      [`${AT_COPY}.name: missing required argument "name" (string): aws_ami_copy needs it set`],
    ],
    [
      "a read-only attribute that is set",
      [[COPY("arn"), "arn:aws:ec2:eu-west-1::image/ami-1"]],
      [
        `${AT_COPY}.arn: cannot set read-only attribute "arn": aws_ami_copy computes it (got the string "arn:aws:ec2:eu-west-1::image/ami-1"); remove it from the configuration`,
      ],
    ],
    [
      "a string that is not a number",
      [[LT("block_device_mappings", 0, "ebs", "volume_size"), "twenty"]],
      [
        `${AT_LT}.block_device_mappings[0].ebs.volume_size: wrong type: expected a number, got the string "twenty" which is not a number (volume_size is number)`,
      ],
    ],
    [
      "a bool for a number",
      [[LT("metadata_options", "http_put_response_hop_limit"), true]],
      [
        `${AT_LT}.metadata_options.http_put_response_hop_limit: wrong type: expected a number, got the boolean true (http_put_response_hop_limit is number)`,
      ],
    ],
    [
      "a string that is not a bool",
      [[LT("update_default_version"), "yes"]],
      [
        `${AT_LT}.update_default_version: wrong type: expected a bool, got the string "yes" (update_default_version is bool)`,
      ],
    ],
    [
      "a capitalised bool",
      [[COPY("encrypted"), "True"]],
      [
        `${AT_COPY}.encrypted: wrong type: expected a bool, got the string "True" (write it in lowercase: true) (encrypted is bool)`,
      ],
    ],
    [
      "a string for a list",
      [[data("aws_ami", "base", "owners"), "amazon"]],
      [
        `${STACK_FILE}: data.aws_ami.base.owners: wrong type: expected a list(string) (a JSON array), got the string "amazon" (owners is list(string))`,
      ],
    ],
    [
      "a string template for a list",
      [[data("aws_ami", "base", "owners"), "amazon-${var.environment}"]],
      [
        `${STACK_FILE}: data.aws_ami.base.owners: wrong type: expected a list(string), got the string "amazon-\${var.environment}", a template that always produces a string; use a single \${...} expression (owners is list(string))`,
      ],
    ],
    [
      "an object inside a list of strings",
      [[data("aws_ami", "base", "owners"), ["amazon", { id: "1" }]]],
      [
        `${STACK_FILE}: data.aws_ami.base.owners[1]: wrong type: expected a string, got an object (owners is list(string))`,
      ],
    ],
    [
      "an array for a map",
      [[resource("aws_instance", "builder", "tags"), ["Name=builder"]]],
      [
        `${STACK_FILE}: aws_instance.builder.tags: wrong type: expected a map(string) (a JSON object), got an array (tags is map(string))`,
      ],
    ],
    [
      "an object for a string",
      [[resource("aws_instance", "builder", "instance_type"), { size: "micro" }]],
      [
        `${STACK_FILE}: aws_instance.builder.instance_type: wrong type: expected a string, got an object (instance_type is string)`,
      ],
    ],
    [
      "two blocks where at most one is allowed",
      [[LT("metadata_options"), [{ http_tokens: "required" }, { http_tokens: "optional" }]]],
      [`${AT_LT}.metadata_options: too many "metadata_options" blocks: at most 1 allowed, got 2`],
    ],
    [
      "an unknown argument in a nested block",
      [[LT("block_device_mappings", 0, "ebs", "volume_sise"), 20]],
      [
        `${AT_LT}.block_device_mappings[0].ebs.volume_sise: unsupported argument "volume_sise": block "ebs" has no argument or block of that name; did you mean "volume_size"?`,
      ],
    ],
    [
      "a missing required argument in a nested block",
      [[data("aws_ami", "base", "filter", 0, "values"), undefined]],
      [
        `${STACK_FILE}: data.aws_ami.base.filter[0].values: missing required argument "values" (list(string)): block "filter" needs it set`,
      ],
    ],
    [
      "a block given as an expression",
      [[LT("metadata_options"), "${local.share_with}"]],
      [
        `${AT_LT}.metadata_options: expected "metadata_options" block(s) (a JSON object or an array of objects), got the string "\${local.share_with}"; to generate blocks from an expression use a "dynamic" block`,
      ],
    ],
    [
      "an attribute given as a block array entry that is not an object",
      [[LT("tag_specifications"), ["instance"]]],
      [
        `${AT_LT}.tag_specifications[0]: expected a "tag_specifications" block (a JSON object), got the string "instance"`,
      ],
    ],
    [
      "a dynamic block of an unknown block type",
      [
        [
          LT("dynamic", "network_interface"),
          { for_each: "${var.subnet_ids}", content: { subnet_id: "${network_interface.value}" } },
        ],
      ],
      [
        `${AT_LT}.dynamic.network_interface: unsupported block type "network_interface" in dynamic block: aws_launch_template has no block of that name; did you mean "network_interfaces"?`,
      ],
    ],
    [
      "an unknown argument in a dynamic block's content",
      [[LT("dynamic", "network_interfaces", "content", "subnet"), "${subnet.value}"]],
      [
        `${AT_LT}.dynamic.network_interfaces.content.subnet: unsupported argument "subnet": block "network_interfaces" has no argument or block of that name; did you mean "subnet_id"?`,
      ],
    ],
    [
      "an unknown resource type",
      [
        [
          ["resource", "aws_ami_copyy"],
          { extra: { name: "x", source_ami_id: "ami-1", source_ami_region: "us-east-1" } },
        ],
      ],
      [
        `${STACK_FILE}: aws_ami_copyy.extra: unknown resource type "aws_ami_copyy": hashicorp/aws 6.25.0 has no such resource; did you mean "aws_ami_copy"?`,
      ],
    ],
    [
      "an unknown data source type",
      [[["data", "aws_amis"], { all: { owners: ["self"] } }]],
      [
        `${STACK_FILE}: data.aws_amis.all: unknown data source type "aws_amis": hashicorp/aws 6.25.0 has no such data source; did you mean "aws_ami"?`,
      ],
    ],
    [
      "an unknown provider argument",
      [[["provider", "aws", 0, "regoin"], "us-east-1"]],
      [
        `${STACK_FILE}: provider.aws[0].regoin: unsupported argument "regoin": the "aws" provider has no argument or block of that name; did you mean "region"?`,
      ],
    ],
    [
      "an unknown lifecycle argument",
      [[resource("aws_ami_from_instance", "golden", "lifecycle", "prevent_destroyed"), true]],
      [
        `${STACK_FILE}: aws_ami_from_instance.golden.lifecycle.prevent_destroyed: unsupported lifecycle argument "prevent_destroyed" in a resource: expected one of create_before_destroy, prevent_destroy, ignore_changes, replace_triggered_by, precondition, postcondition; did you mean "prevent_destroy"?`,
      ],
    ],
    [
      "an unknown attribute in ignore_changes",
      [[resource("aws_ami_from_instance", "golden", "lifecycle", "ignore_changes"), ["nmae"]]],
      [
        `${STACK_FILE}: aws_ami_from_instance.golden.lifecycle.ignore_changes[0]: unsupported attribute "nmae" in ignore_changes: aws_ami_from_instance has no attribute of that name; did you mean "name"?`,
      ],
    ],
    [
      "count and for_each together",
      [[resource("aws_ami_launch_permission", "share", "count"), 2]],
      [
        `${STACK_FILE}: aws_ami_launch_permission.share.for_each: invalid combination of "count" and "for_each": a resource may use only one of them`,
      ],
    ],
    [
      "an unknown top-level key",
      [[["outputs"], {}]],
      [
        `${STACK_FILE}: outputs: unsupported top-level key "outputs": Terraform JSON has no such block type; did you mean "output"?`,
      ],
    ],
  ];

  test.each(cases)("%s is reported", async (_title, edits, expected) => {
    expect(await problemsOf(editedStack(...edits))).toEqual(expected);
  });

  test.each([
    ["a numeric string for a number", [LT("block_device_mappings", 0, "ebs", "volume_size"), "20"]],
    [
      "a negative decimal string for a number",
      [LT("block_device_mappings", 0, "ebs", "volume_size"), "-1.5e2"],
    ],
    ["a bool string for a bool", [COPY("encrypted"), "false"]],
    ["a number for a string", [resource("aws_instance", "builder", "instance_type"), 42]],
    ["an expression for a list", [data("aws_ami", "base", "owners"), "${local.share_with}"]],
    [
      "an expression for a number",
      [LT("block_device_mappings", 0, "ebs", "volume_size"), "${length(local.share_with)}"],
    ],
    ["a single block given as an array of one", [LT("metadata_options"), [{ http_tokens: "required" }]]],
    ["an optional argument set to null", [COPY("kms_key_id"), null]],
    [
      "meta-arguments",
      [
        COPY("lifecycle"),
        { prevent_destroy: true, precondition: [{ condition: "${true}", error_message: "x" }] },
      ],
    ],
    [
      "a resource of another provider",
      [["resource", "null_resource"], { wait: { triggers: { ami: "${aws_ami_from_instance.golden.id}" } } }],
    ],
  ] as [string, Edit][])("%s is accepted", async (_title, edit) => {
    expect(await problemsOf(editedStack(edit))).toEqual([]);
  });
});
