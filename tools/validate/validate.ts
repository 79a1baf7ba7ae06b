import { loadAwsProviderSchema } from "./aws-schema";
import { checkExpressions } from "./expression-check";
import { collectExpressionSites } from "./expression-sites";
import { describeJson, isJsonObject } from "./json-values";
import { ProblemCollector, type ValidationProblem } from "./problem";
import { checkProviderReferences } from "./provider-check";
import { checkSchema } from "./schema-check";
import type { ProviderSchema } from "./schema-types";
import { readTerraformDocument } from "./terraform-document";
import type { ValidationContext, ValidationRule } from "./validation-context";

/** Options for {@link validateTerraformJson}. */
export interface ValidateOptions {
  /** The provider schema to check against. Default: the hashicorp/aws schema from {@link loadAwsProviderSchema}. */
  readonly schema?: ProviderSchema;
  /** Extra checks run after the built-in ones, e.g. project-specific guard rules. */
  readonly rules?: readonly ValidationRule[];
}

/**
 * Validates a synthesized Terraform JSON document (`cdk.tf.json`) offline, the way `terraform validate` would:
 *
 * 1. every string Terraform evaluates parses as a template (HashiCorp's HCL parser) and calls only known functions;
 * 2. every reference names a declared resource, data source, variable, local value or module, and reads an attribute
 *    the provider schema knows; every `provider = "aws.<alias>"` names a configured provider;
 * 3. every resource, data source and provider block of the schema's provider matches the schema (arguments, required
 *    arguments, read-only attributes, literal value types, nested block counts);
 * 4. then the extra `rules`; a rule that throws on the document is reported as a problem of it, not thrown.
 *
 * @param file the file the document was read from; used in the problems only.
 * @param json the parsed document.
 * @returns the problems found, empty when the document is valid.
 */
export async function validateTerraformJson(
  file: string,
  json: unknown,
  options: ValidateOptions = {},
): Promise<ValidationProblem[]> {
  if (typeof file !== "string" || file === "") {
    throw new Error(`validateTerraformJson: expected a file name, got ${describeJson(file)}`);
  }
  const problems = new ProblemCollector(file);
  if (!isJsonObject(json)) {
    problems.report(
      "document",
      "",
      `expected a Terraform JSON document (a JSON object), got ${describeJson(json)}`,
    );
    return problems.problems;
  }

  const schema = options.schema ?? (await loadAwsProviderSchema());
  const document = readTerraformDocument(json, (address, attributePath, message) =>
    problems.report(address, attributePath, message),
  );
  const expressions = await checkExpressions(collectExpressionSites(document), document, schema, problems);
  checkProviderReferences(document, schema.localName, problems);
  checkSchema(document, schema, problems);

  const context: ValidationContext = {
    file,
    schema,
    document,
    expressions,
    problem: (address, attributePath, message) => ({ file, address, attributePath, message }),
  };
  for (const rule of options.rules ?? []) {
    try {
      problems.add(await rule(json, context));
    } catch (error) {
      // Rules read the document as Terraform would accept it; a malformed one (reported above)
      // must not hide this file's other problems, nor stop the other files being validated.
      const message = (error as { message?: unknown } | null)?.message;
      problems.report(
        "document",
        "",
        `rule ${rule.name || "(unnamed)"} could not check this document, got the error ${JSON.stringify(typeof message === "string" ? message : String(error))}, expected a document it can read: fix the other problems first`,
      );
    }
  }
  return problems.problems;
}
