import * as fs from "node:fs";
import * as path from "node:path";
import { isEnvironmentDefinition } from "../modules/config";
import { type ConfigProblem, show } from "../modules/config-checker";
import { type CheckedEnvironment, checkAcrossEnvironments } from "../modules/cross-environment-checks";
import { validateEnvironment } from "../modules/validate-environment";
import { locateSyntaxError } from "./syntax-error";

/** A checked environment, ready to build: its stack name, its file as messages show it, its config. */
export type LoadedEnvironment = CheckedEnvironment;

/** Every environment file found, and every problem with any of them. */
export interface LoadResult {
  readonly environments: readonly LoadedEnvironment[];
  readonly problems: readonly ConfigProblem[];
  /** What the checks across environments cannot verify, for the user to know; not an error. */
  readonly warnings: readonly ConfigProblem[];
}

/** Where to look for environments. */
export interface LoadOptions {
  /** The project root; messages show files relative to it. */
  readonly projectDir: string;
  /**
   * The folder of environment files.
   * @default "<projectDir>/environments"
   */
  readonly environmentsDir?: string;
}

/** `environments/*.ts`, sorted by name the same way on every machine. */
export function findEnvironmentFiles(environmentsDir: string): string[] {
  if (!fs.existsSync(environmentsDir)) return [];
  return fs
    .readdirSync(environmentsDir)
    .filter((entry) => entry.endsWith(".ts") && !entry.endsWith(".d.ts"))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((entry) => path.join(environmentsDir, entry));
}

/** The environment names in `environmentsDir`: each file name of `findEnvironmentFiles` without `.ts`. */
export function findEnvironmentNames(environmentsDir: string): string[] {
  return findEnvironmentFiles(environmentsDir).map((file) => path.basename(file, ".ts"));
}

/**
 * Loads and validates every environment file before any is built, then checks the valid ones
 * against each other, so that all problems are reported at once.
 */
export function loadEnvironments(options: LoadOptions): LoadResult {
  const environmentsDir = options.environmentsDir ?? path.join(options.projectDir, "environments");
  const files = findEnvironmentFiles(environmentsDir);
  const shown = path.relative(options.projectDir, environmentsDir).split(path.sep).join("/") || ".";
  if (files.length === 0) {
    return {
      environments: [],
      warnings: [],
      problems: [
        {
          file: shown,
          path: "",
          message:
            "got no environment file, expected at least one <name>.ts that default-exports defineEnvironment({...})",
        },
      ],
    };
  }
  const environments: LoadedEnvironment[] = [];
  const problems: ConfigProblem[] = [];
  for (const absolute of files) {
    const file = path.relative(options.projectDir, absolute).split(path.sep).join("/");
    const name = path.basename(absolute, ".ts");
    let exported: unknown;
    try {
      // Loaded by path at run time: which files exist is only known then.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = (require(absolute) as { default?: unknown }).default;
    } catch (error) {
      problems.push(loadProblem(error, absolute, file, options.projectDir));
      continue;
    }
    if (exported === undefined) {
      problems.push({
        file,
        path: "",
        message: "has no default export, expected `export default defineEnvironment({...})`",
      });
      continue;
    }
    if (!isEnvironmentDefinition(exported)) {
      problems.push({
        file,
        path: "",
        message: `default export is ${show(exported)}, expected the result of defineEnvironment({...}) from "../modules"`,
      });
      continue;
    }
    const found = validateEnvironment(name, file, exported.config);
    problems.push(...found);
    if (found.length === 0) environments.push({ name, file, config: exported.config });
  }
  const across = checkAcrossEnvironments(environments);
  return { environments, problems: [...problems, ...across.problems], warnings: across.warnings };
}

/**
 * Why an environment file could not be loaded, on one line. A syntax error is shown as
 * `file:line:column: syntax error: ...`, in the environment file or in a file it imports.
 */
function loadProblem(error: unknown, absolute: string, file: string, projectDir: string): ConfigProblem {
  const syntax = locateSyntaxError(error);
  if (syntax) {
    const shown = path.relative(projectDir, syntax.file).split(path.sep).join("/");
    const where = `${shown}:${syntax.line}:${syntax.column}`;
    return syntax.file === absolute
      ? { file: where, path: "", message: `syntax error: ${syntax.message}` }
      : { file, path: "", message: `could not be loaded: ${where}: syntax error: ${syntax.message}` };
  }
  // One line per problem: runtimes add code excerpts and traces below the first line.
  const reason = (error instanceof Error ? error.message : String(error)).trim().split("\n")[0];
  return { file, path: "", message: `could not be loaded: ${reason.split(absolute).join(file)}` };
}
