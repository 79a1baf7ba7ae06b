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
