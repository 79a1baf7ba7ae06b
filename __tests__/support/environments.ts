import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { findEnvironmentNames, loadEnvironments, type LoadResult } from "../../app";
import { PROJECT_DIR } from "./project";

/**
 * The example environments this project ships. Only their output is pinned by snapshots: every
 * other environment is the project's own, found in environments/ like the main job finds it.
 */
export const SHIPPED_EXAMPLES: readonly string[] = ["dev", "prod", "staging"];

/** The project's environment names: environments/*.ts, without environments/shared/. */
export function projectEnvironmentNames(projectDir = PROJECT_DIR): string[] {
  return findEnvironmentNames(path.join(projectDir, "environments"));
}

/** Every environment of the project, loaded and checked as the main job does. */
export function loadProjectEnvironments(projectDir = PROJECT_DIR): LoadResult {
  return loadEnvironments({ projectDir });
}

/** The SHA-256 of an environment file, or undefined when the project has no such file. */
export function environmentSourceDigest(name: string, projectDir = PROJECT_DIR): string | undefined {
  const file = path.join(projectDir, "environments", `${name}.ts`);
  if (!fs.existsSync(file)) return undefined;
  return `sha256:${createHash("sha256").update(fs.readFileSync(file)).digest("hex")}`;
}
