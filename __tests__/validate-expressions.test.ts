import {
  hasTemplateSequence,
  isSingleInterpolation,
  toQuotedTemplate,
} from "../tools/validate/template-text";
import { parseTemplate } from "../tools/validate/template-parser";
import { analyzeExpression } from "../tools/validate/expression-analysis";
import { checkFunctionName, TERRAFORM_FUNCTIONS } from "../tools/validate/functions";
import { editedStack, problemsOf, resource, STACK_FILE, type Edit } from "./fixtures/validate/stack";

const KMS = resource("aws_ami_copy", "golden_eu-west-1", "kms_key_id");
const AT_KMS = `${STACK_FILE}: aws_ami_copy.golden_eu-west-1.kms_key_id`;

describe("template text", () => {
  test.each([
    ["plain", false],
    ["${var.x}", true],
    ["%{ if true }x%{ endif }", true],
    ["$${not.a.reference}", false],
    ["%%{not a directive}", false],
    ["$$${var.x}", false],
    ["cost: $5 {braces}", false],
  ])("hasTemplateSequence(%j) is %s", (text, expected) => {
    expect(hasTemplateSequence(text)).toBe(expected);
  });

  test("a whole-string interpolation keeps the expression's type; a mixed one is a string", () => {
    expect(isSingleInterpolation("${aws_ami.base.id}")).toBe(true);
    expect(isSingleInterpolation('${jsonencode({"a" = "}"})}')).toBe(true);
    expect(isSingleInterpolation("${a}-${b}")).toBe(false);
    expect(isSingleInterpolation("ami-${a}")).toBe(false);
  });

  test("literal parts are escaped for an HCL quoted string, sequences are copied unchanged", () => {
    const quoted = toQuotedTemplate('say "hi"\n${upper("a\\"b")} \\ $${x}');
    expect(quoted.text).toBe('"say \\"hi\\"\\n${upper("a\\"b")} \\\\ $${x}"');
    expect(quoted.origins).toHaveLength(quoted.text.length);
    expect(quoted.origins[quoted.text.indexOf("$")]).toBe(9);
  });
});

describe("HCL parser (WebAssembly)", () => {
  test("parses a template into a syntax tree of calls and references", async () => {
    const parsed = await parseTemplate(
      '${lookup(var.amis, "x")}-${aws_ami_copy.c[0].id}-${data.aws_ami.b.block_device_mappings[*].device_name}',
    );
    if (!parsed.ok) throw new Error(`expected a parse, got ${parsed.summary}`);
    const analysis = analyzeExpression(parsed.ast);
    expect(analysis.functions).toEqual(["lookup"]);
    expect(analysis.references.map((r) => r.text)).toEqual([
      "var.amis",
      "aws_ami_copy.c[0].id",
      "data.aws_ami.b.block_device_mappings[*].device_name",
    ]);
  });

  test("for-expression symbols are not references, their collections are", async () => {
    const parsed = await parseTemplate("${{for k, v in var.m : k => upper(v.name) if v.on}}");
    if (!parsed.ok) throw new Error(`expected a parse, got ${parsed.summary}`);
    const analysis = analyzeExpression(parsed.ast);
    expect(analysis.references.map((r) => r.text)).toEqual(["var.m"]);
    expect(analysis.functions).toEqual(["upper"]);
  });

  test("index keys that are expressions are references of their own", async () => {
    const parsed = await parseTemplate("${aws_ami_copy.c[var.region].id}");
    if (!parsed.ok) throw new Error(`expected a parse, got ${parsed.summary}`);
    expect(analyzeExpression(parsed.ast).references.map((r) => r.text)).toEqual([
      "aws_ami_copy.c[var.region].id",
      "var.region",
    ]);
  });

  test("syntax errors come back with the parser's summary, detail and position", async () => {
    expect(await parseTemplate("ami-${var.x")).toEqual({
      ok: false,
      summary: "Unclosed template interpolation sequence",
      detail:
        "There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.",
      offset: 4,
    });
  });
});

describe("function names", () => {
  test("the built-in list has Terraform's functions", () => {
    for (const name of [
      "length",
      "lookup",
      "templatestring",
      "plantimestamp",
      "ephemeralasnull",
      "cidrsubnet",
    ]) {
      expect(TERRAFORM_FUNCTIONS.has(name)).toBe(true);
    }
    expect(TERRAFORM_FUNCTIONS.size).toBeGreaterThan(110);
  });

  test.each([
    ["length", undefined],
    ["core::length", undefined],
    ["provider::aws::arn_parse", undefined],
    ["provider::terraform::encode_tfvars", undefined],
  ])("%s is accepted", (name, expected) => {
    expect(checkFunctionName(name, new Set(["aws"]))).toBe(expected);
  });

  test("an unknown provider-defined function's provider must be required", () => {
    expect(checkFunctionName("provider::google::foo", new Set(["aws"]))).toBe(
      'unknown provider "google" in function call provider::google::foo(): provider-defined functions need the provider in terraform.required_providers (declared: aws)',
    );
    expect(checkFunctionName("provider::google::foo", undefined)).toBeUndefined();
  });
});

describe("expressions in a stack document", () => {
  const cases: [title: string, edits: Edit[], problems: string[]][] = [
    [
      "unclosed ${",
      [[KMS, "${data.aws_ssm_parameter.kms_key.value"]],
      [
        `${AT_KMS}: invalid template syntax at character 0 of "\${data.aws_ssm_parameter.kms_key.value": Unclosed template interpolation sequence: There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.`,
      ],
    ],
    [
      "a broken call",
      [[KMS, "${upper(}"]],
      [
        `${AT_KMS}: invalid template syntax at character 8 of "\${upper(}": Invalid expression: Expected the start of an expression, but found an invalid expression token.`,
      ],
    ],
    [
      "an unbalanced directive",
      [[["locals", "suffix"], "%{ if true }x"]],
      [
        `${STACK_FILE}: local.suffix: invalid template syntax at character 13 of "%{ if true }x": Unexpected end of template: The if directive is missing its corresponding endif directive.`,
      ],
    ],
    [
      "a misspelled function",
      [[KMS, "${lenght(data.aws_ssm_parameter.kms_key.value)}"]],
      [
        `${AT_KMS}: unknown function "lenght": Terraform has no built-in function of that name; did you mean "length"?`,
      ],
    ],
    [
      "a function far from any name",
      [[KMS, "${frobnicate(1)}"]],
      [`${AT_KMS}: unknown function "frobnicate": Terraform has no built-in function of that name`],
    ],
    [
      "a removed function",
      [[["locals", "l"], "${list(1, 2)}"]],
      [
        `${STACK_FILE}: local.l: function "list" is not available: it was removed in Terraform 0.12; write a tuple literal ([a, b]) or use tolist([...])`,
      ],
    ],
    [
      "an unknown function inside a for directive",
      [[["output", "copy_id", "description"], "%{ for s in local.share_with }${uper(s)}%{ endfor }"]],
      [
        `${STACK_FILE}: output.copy_id.description: unknown function "uper": Terraform has no built-in function of that name; did you mean "upper"?`,
      ],
    ],
    [
      "a provider function of a provider the stack does not require",
      [[["locals", "bucket"], '${provider::google::name("x")}']],
      [
        `${STACK_FILE}: local.bucket: unknown provider "google" in function call provider::google::name(): provider-defined functions need the provider in terraform.required_providers (declared: aws)`,
      ],
    ],
    [
      "shell syntax that was not escaped",
      [[resource("aws_launch_template", "web", "user_data"), "#!/bin/bash\necho ${HOME}\n"]],
      [
        `${STACK_FILE}: aws_launch_template.web.user_data: invalid reference HOME: a resource type must be followed by the resource name (HOME.<name>); if the text is meant literally (e.g. shell syntax), escape the sequence as $\${...}`,
      ],
    ],
    [
      "an error deep in a long script is located",
      [
        [
          resource("aws_launch_template", "web", "user_data"),
          `#!/bin/bash\n${"echo ok\n".repeat(20)}echo \${var.environment\n`,
        ],
      ],
      [
        `${STACK_FILE}: aws_launch_template.web.user_data: invalid template syntax at character 177 of ..."\\n${"echo ok\\n".repeat(7)}echo \${var.environment\\n": Unclosed template interpolation sequence: There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.`,
      ],
    ],
  ];

  test.each(cases)("%s is reported", async (_title, edits, expected) => {
    expect(await problemsOf(editedStack(...edits))).toEqual(expected);
  });

  test.each([
    ["an escaped interpolation", [KMS, "$${not.a.reference}"]],
    ["an escaped directive", [KMS, "%%{ if broken"]],
    ["core:: functions", [KMS, "${core::trimspace(data.aws_ssm_parameter.kms_key.value)}"]],
    [
      "provider-defined functions",
      [KMS, '${provider::aws::arn_build("aws", "kms", "us-east-1", "1", "key/x")}'],
    ],
    [
      "quotes and backslashes in literal parts",
      [KMS, 'a "quoted" \\ ${data.aws_ssm_parameter.kms_key.value}'],
    ],
    ["text the terraform block carries", [["terraform", "backend", "local", "path"], "${not parsed"]],
    ["text in metadata", [["//", "metadata", "note"], "${not parsed"]],
  ] as [string, Edit][])("%s are not problems", async (_title, edit) => {
    expect(await problemsOf(editedStack(edit))).toEqual([]);
  });
});
