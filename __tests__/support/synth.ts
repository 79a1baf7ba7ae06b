import { App, Testing } from "cdktf";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EnvironmentConfig } from "../../modules/config";
import { formatProblem } from "../../modules/config-checker";
import { formatViolation } from "../../modules/guard-rules";
import { buildStacks } from "../../app/synthesize";
import { validateEnvironment } from "../../modules/validate-environment";

/** The synthesized Terraform JSON of one stack, as Terraform reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformJson = Record<string, any>;

/** A minimal valid environment; tests override what they exercise. */
export function baseConfig(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return {
    account: "111111111111",
    region: "us-east-1",
    baseImage: { imageId: "ami-0123456789abcdef0" },
    ...overrides,
  };
}

/**
 * Validates and synthesizes one environment in memory, as `main.ts` does, and returns the
 * parsed `cdk.tf.json`. Fails the test when the config is invalid.
 */
export function synthEnvironment(config: EnvironmentConfig, name = "test"): TerraformJson {
  const problems = validateEnvironment(name, `environments/${name}.ts`, config);
  if (problems.length > 0) throw new Error(`invalid test config:\n${problems.map(formatProblem).join("\n")}`);
  const app = new App({ outdir: "/nonexistent", stackTraces: false });
  const [stack] = buildStacks(app, [{ name, file: `environments/${name}.ts`, config }]);
  // Testing.synth runs the stack's aspects as a real synth does and returns the JSON text.
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** Problems of a config, formatted as the user sees them. */
export function problemsOf(config: unknown, name = "test"): string[] {
  return validateEnvironment(name, `environments/${name}.ts`, config).map(formatProblem);
}

/** The formatted violations of one environment, found by a real synth. */
export function violationsOf(config: EnvironmentConfig): string[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "guards-")), stackTraces: false });
  const [stack] = buildStacks(app, [{ name: "test", file: "environments/test.ts", config }]);
  try {
    app.synth();
  } catch {
    // The violations are read below; the failed synth is asserted elsewhere.
  }
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return stack.guards.errors().map(formatViolation);
}
