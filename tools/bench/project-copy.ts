import * as fs from "node:fs";
import * as path from "node:path";
import { findEnvironmentNames } from "../../app/environment-files";
import { writeScenario } from "./scenario";
import { MAIN_JOB_FILES } from "../project-files";

/** A copy of the project in a temporary folder. */
export interface ProjectCopy {
  /** The copy's root. */
  readonly dir: string;
  /** The environment names the main job must synthesize there, sorted as it sorts them. */
  readonly environments: readonly string[];
}

/** Which environments the copy holds. */
export interface CopyOptions {
  /**
   * Generated environments replacing the shipped ones.
   * @default - the shipped environments
   */
  readonly generated?: number;
}

/**
 * Links every installed package into `<dir>/node_modules`, except the cache folder: the copy
 * runs with the project's packages but its own transpile cache, which starts empty (so the first
 * run measures a cold cache) and goes away with the copy instead of piling up in the project.
 */
function linkNodeModules(projectDir: string, dir: string): void {
  const installed = path.join(projectDir, "node_modules");
  const linked = path.join(dir, "node_modules");
  fs.mkdirSync(linked);
  for (const entry of fs.readdirSync(installed)) {
    if (entry === ".cache") continue;
    fs.symlinkSync(path.join(installed, entry), path.join(linked, entry), "dir");
  }
}

/** Copies the project into `<root>/<name>`, with the shipped or generated environments. */
export function copyProject(
  projectDir: string,
  root: string,
  name: string,
  options: CopyOptions = {},
): ProjectCopy {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  for (const entry of MAIN_JOB_FILES) {
    if (entry === "environments" && options.generated !== undefined) continue;
    fs.cpSync(path.join(projectDir, entry), path.join(dir, entry), { recursive: true });
  }
  linkNodeModules(projectDir, dir);
  const environmentsDir = path.join(dir, "environments");
  if (options.generated !== undefined) writeScenario(environmentsDir, options.generated);
  return { dir, environments: findEnvironmentNames(environmentsDir) };
}
