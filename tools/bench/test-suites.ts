import * as fs from "node:fs";
import * as path from "node:path";
import {
  bindingsRequirements,
  installProviders,
  isInstallationFailure,
} from "../terraform/provider-installation";
import { findTerraform } from "../terraform/terraform-cli";
import type { Meter } from "./measure";
import { median } from "./stats";
import type { OneOff } from "./targets";

/**
 * The unit tests: the README's test command without the real-Terraform suite (lint, type-check,
 * Jest on every other test file), so that a machine with or without Terraform times the same work.
 */
export const UNIT_TESTS_COMMAND =
  "npm run --silent lint && npm run --silent typecheck && npx jest --ci --testPathIgnorePatterns /__tests__/terraform/";

/** Rounds of the unit tests when they are compared with a reference checkout; once without one. */
export const UNIT_TESTS_ROUNDS = 2;

/**
 * Times the unit tests in each of `projectDirs`, taking turns for `rounds` rounds so that a slow
 * spell of the machine falls on all of them; per folder, the median of its rounds and the worst
 * exit status.
 */
export function timeUnitTests(meter: Meter, projectDirs: readonly string[], rounds: number): OneOff[] {
  const samples = projectDirs.map(() => [] as OneOff[]);
  for (let round = 0; round < rounds; round++)
    projectDirs.forEach((dir, index) => samples[index].push(timeUnitTestsOnce(meter, dir)));
  return samples.map((runs) => ({
    wallMs: median(runs.map((run) => run.wallMs)),
    status: runs.find((run) => run.status !== 0)?.status ?? 0,
  }));
}

function timeUnitTestsOnce(meter: Meter, projectDir: string): OneOff {
  const sample = meter.run({ command: "sh", args: ["-c", UNIT_TESTS_COMMAND], cwd: projectDir });
  if (sample.status !== 0)
    process.stderr.write(
      `${`${sample.stdout}\n${sample.stderr}`.trim().split("\n").slice(-30).join("\n")}\n`,
    );
  return { wallMs: sample.wallMs, status: sample.status };
}

/** The real-Terraform suite's wall time, and the floor it is made of. */
export interface TerraformSuiteTiming {
  /** `npx jest __tests__/terraform`, once; undefined when it did not run (see `skipped`). */
  readonly suiteMs?: number;
  readonly status?: number | null;
  /**
   * One `terraform validate` of a configuration with a single hashicorp/aws provider: the least any run of
   * the suite costs (a provider start-up and its schema), median of three.
   */
  readonly floorMs?: number;
  /** Why the suite was not timed: no terraform, no installable provider, or the suite skipped itself. */
  readonly skipped?: string;
}

/** A configuration with one provider and one resource; its `terraform` block comes from the installation. */
const FLOOR_CONFIG = {
  provider: { aws: { region: "us-east-1" } },
  resource: { aws_launch_template: { floor: { name: "floor" } } },
};

/** Times the real-Terraform suite in `projectDir`, with its floor measured beside it. */
export function timeTerraformSuite(meter: Meter, projectDir: string, workDir: string): TerraformSuiteTiming {
  const binary = findTerraform(process.env);
  if (!binary) return { skipped: "no terraform on PATH" };
  const floorDir = path.join(workDir, "terraform-floor");
  fs.mkdirSync(floorDir, { recursive: true });
  const pinned = bindingsRequirements();
  const installation = installProviders([pinned], { binary, env: process.env, workDir: floorDir });
  if (isInstallationFailure(installation))
    return {
      skipped: `the provider cannot be installed: ${installation.diagnostics.map((d) => d.summary).join("; ")}`,
    };
  fs.writeFileSync(
    path.join(floorDir, "main.tf.json"),
    JSON.stringify({ ...FLOOR_CONFIG, ...installation.relax(pinned) }),
  );
  fs.copyFileSync(installation.lockFileFor(pinned), path.join(floorDir, ".terraform.lock.hcl"));
  const env = { CHECKPOINT_DISABLE: "1", TF_PLUGIN_CACHE_DIR: installation.pluginCacheDir };
  meter.run({ command: binary, args: ["init", "-backend=false", "-input=false"], cwd: floorDir, env });
  const floorMs = median(
    [0, 1, 2].map(
      () => meter.run({ command: binary, args: ["validate", "-no-color"], cwd: floorDir, env }).wallMs,
    ),
  );

  const suite = meter.run({
    command: "npx",
    args: ["jest", "__tests__/terraform"],
    cwd: projectDir,
    env: { CI: "" },
  });
  const skipped = /real-Terraform tests .* skipped: (.*)/.exec(suite.stderr)?.[1];
  if (skipped) return { floorMs, skipped };
  return { suiteMs: suite.wallMs, status: suite.status, floorMs };
}
