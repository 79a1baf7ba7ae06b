import { ConfigChecker, type ConfigProblem, show } from "./config-checker";
import { problemsOf } from "./config-fields";
import { checkAcrossFields } from "./config-rules";
import { environment } from "./config-schema";

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const FIELD_ORDER = Object.keys(environment.entries);

/**
 * Checks one environment's config and reports every problem at once, each with the file, the
 * field path, the value and what was expected: first each field against its definition, then
 * the rules between fields; in the order of the definition's fields.
 *
 * @param name the environment (stack) name, from the file name
 * @param file the file, as shown in messages, e.g. "environments/prod.ts"
 */
export function validateEnvironment(name: string, file: string, raw: unknown): ConfigProblem[] {
  const check = new ConfigChecker(file);
  if (!ENVIRONMENT_NAME.test(name)) {
    check.report(
      "",
      `file name ${show(name)} is not a valid environment name, expected lower-case letters, digits and hyphens, starting with a letter, such as "staging" or "prod-eu"`,
    );
  }
  const fieldProblems = problemsOf(file, environment, raw);
  check.problems.push(...fieldProblems);
  const invalid = fieldProblems.map((problem) => problem.path);
  // A field is valid when nothing was reported at it, inside it, or around it.
  const valid = (path: string) =>
    !invalid.some((bad) => bad === "" || bad === path || within(bad, path) || within(path, bad));
  if (!invalid.includes("")) checkAcrossFields(check, raw, valid);
  return check.problems
    .map((problem, index) => ({ problem, index, field: fieldIndex(problem.path) }))
    .sort((a, b) => a.field - b.field || a.index - b.index)
    .map(({ problem }) => problem);
}

function within(path: string, parent: string): boolean {
  return path.startsWith(parent) && (path[parent.length] === "." || path[parent.length] === "[");
}

/** The position of a path's top-level field in the definition; unknown fields come first. */
function fieldIndex(path: string): number {
  if (path === "") return -2;
  const top = /^[^.[]+/.exec(path)?.[0] ?? "";
  return FIELD_ORDER.indexOf(top);
}
