/**
 * `npm run validate`: Terraform itself (`terraform init -backend=false` + `terraform validate` on a copy of
 * each stack), then the pack's AMI rules on the JSON.
 *
 * ```ts
 * const code = await runValidateCli(["cdktf.out/stacks/prod"], { cwd, out: process.stdout, err: process.stderr });
 * const problems = await checkAmiRules("stack.tf.json", json); // the rules alone, on any Terraform JSON
 * ```
 */
export { checkAmiRules } from "./ami-rules";
export { formatProblem } from "./problem";
export type { ValidationProblem } from "./problem";
export { runValidateCli, resolveStackFile, STACK_FILE, USAGE } from "./cli";
export type { ValidateCliOptions, ValidateReport, StackReport } from "./cli";
export { validateWithTerraform } from "./terraform-validate";
export type { StackSource, TerraformValidation, TerraformValidateOptions } from "./terraform-validate";
