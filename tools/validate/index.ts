/**
 * Offline `terraform validate` for synthesized Terraform JSON (`cdk.tf.json`).
 *
 * ```ts
 * const problems = await validateTerraformJson("cdktf.out/stacks/dev/cdk.tf.json", json);
 * problems.forEach((p) => console.log(formatProblem(p)));
 * ```
 *
 * Templates are parsed with HashiCorp's HCL parser (`@cdktf/hcl2json`); resources, data sources and provider blocks
 * are checked against the hashicorp/aws schema derived from the installed `@cdktf/provider-aws` bindings
 * ({@link loadAwsProviderSchema}).
 */
export { formatProblem } from "./problem";
export type { ValidationProblem } from "./problem";
export { validateTerraformJson } from "./validate";
export type { ValidateOptions } from "./validate";
export type { ValidationContext, ValidationRule } from "./validation-context";
export { loadAwsProviderSchema, deriveAwsProviderSchema, awsProviderSchemaCacheFile } from "./aws-schema";
export type { LoadSchemaOptions } from "./aws-schema";
export type {
  ProviderSchema,
  BlockSchema,
  AttributeSchema,
  NestedBlockSchema,
  NestingMode,
  TypeSpec,
} from "./schema-types";
export { deriveProviderSchemaFromJsii } from "./jsii-schema";
export { providerSchemaFromTerraformJson } from "./terraform-schema";
export { compareProviderSchemas } from "./schema-compare";
export type { SchemaComparison, SchemaDifference, SchemaAspect } from "./schema-compare";
export { TERRAFORM_FUNCTIONS } from "./functions";
export type {
  TerraformDocument,
  DeclaredBlock,
  ProviderConfiguration,
  NamedValue,
} from "./terraform-document";
export type { AnalyzedExpression } from "./expression-check";
export type { ExpressionReference, ExpressionAnalysis, TraversalStep } from "./expression-analysis";
export type { ReferenceScope, ExpressionSite } from "./expression-sites";
export {
  runValidateCli,
  resolveStackFile,
  findTerraformBinary,
  runTerraformValidate,
  STACK_FILE,
  USAGE,
} from "./cli";
export type { ValidateCliOptions, TerraformValidateOutcome } from "./cli";
export { amiGuardRule } from "./ami-rules";
