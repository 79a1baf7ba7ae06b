import * as fs from "node:fs";
import * as path from "node:path";
import type { EnvironmentConfig } from "../../../modules";
import { loadProjectEnvironments } from "../../support/environments";
import { synthEnvironment } from "../../support/synth";
import type { Stack } from "./index";

/** The shipped environments' configs, by name, loaded as `npm run synth` loads them. */
export function shippedConfigs(): Record<string, EnvironmentConfig> {
  const { environments, problems } = loadProjectEnvironments();
  if (problems.length > 0)
    throw new Error(`the shipped environments are invalid: ${JSON.stringify(problems)}`);
  return Object.fromEntries(environments.map(({ name, config }) => [name, config]));
}

/**
 * The stack an environment synthesizes to, after `change` edits a copy of its config (e.g. a version bump):
 * the same validation and guards as `npm run synth`.
 */
export function stackOf(
  name: string,
  config: EnvironmentConfig,
  change: (config: EnvironmentConfig) => EnvironmentConfig = (c) => c,
): Stack {
  return synthEnvironment(change(structuredClone(config)), name);
}

/**
 * The stack an environment synthesized to before images had versions (one image per environment at unversioned
 * addresses), recorded in fixtures/before-versions/: the state users upgrade from.
 */
export function stackBeforeVersions(name: string): Stack {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "fixtures", "before-versions", `${name}.json`), "utf8"),
  ) as Stack;
}
