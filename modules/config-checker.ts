import type { IdentifierFormat } from "./aws-formats";

/** One thing wrong with an environment file. */
export interface ConfigProblem {
  /** The environment file, relative to the project, e.g. "environments/prod.ts". */
  readonly file: string;
  /** Where in the config, e.g. "copies[1].region"; "" for the file itself. */
  readonly path: string;
  /** What is wrong: "got X, expected Y", and why when it is not obvious. */
  readonly message: string;
}

/** `environments/prod.ts: copies[1].region: got "eu-west-9", expected ...` */
export function formatProblem(problem: ConfigProblem): string {
  return problem.path
    ? `${problem.file}: ${problem.path}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

/** Shows a value the way it was written: strings quoted, objects as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "function") return "a function";
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  // JSON has no NaN, Infinity or bigint: show them as written rather than as null or a crash.
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "symbol")
    return typeof value === "bigint" ? `${value}n` : String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A circular structure, or a bigint deep inside.
    return Array.isArray(value) ? "a list that is not plain JSON" : "an object that is not plain JSON";
  }
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A field path: `copies[1].region`. */
export function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return safe;
  return /^[A-Za-z_$]/.test(safe) ? `${path}.${safe}` : `${path}[${safe}]`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest known name, when it is close enough to be a typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Collects problems for one file. Each `expect*` method reports what is wrong and returns the
 * value when it has the expected shape, so callers go deeper only into well-formed parts.
 */
export class ConfigChecker {
  readonly problems: ConfigProblem[] = [];

  constructor(readonly file: string) {}

  report(path: string, message: string): void {
    this.problems.push({ file: this.file, path, message });
  }

  expected(path: string, value: unknown, expected: string, why?: string): void {
    this.report(path, `got ${show(value)}, expected ${expected}${why ? ` (${why})` : ""}`);
  }

  /** A plain object whose keys are all in `allowed`; unknown keys are reported with a suggestion. */
  object(path: string, value: unknown, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.expected(path, value, "an object");
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (allowed.includes(key)) continue;
      const close = suggest(key, allowed);
      this.report(
        join(path, key),
        `unknown field, expected one of ${allowed.join(", ")}${close ? `; did you mean "${close}"?` : ""}`,
      );
    }
    return record;
  }

  /** A record of user-chosen keys (tags, templates): an object, keys not checked. */
  record(path: string, value: unknown): Record<string, unknown> | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.expected(path, value, "an object");
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  required(path: string, value: unknown, what: string): boolean {
    if (value !== undefined) return true;
    this.report(path, `missing, expected ${what}`);
    return false;
  }

  string(path: string, value: unknown, format?: IdentifierFormat): value is string {
    if (typeof value !== "string") {
      this.expected(path, value, format ? format.expected : "a string");
      return false;
    }
    if (format && !format.test(value)) {
      this.expected(path, value, format.expected);
      return false;
    }
    return true;
  }

  oneOf<T extends string>(path: string, value: unknown, choices: readonly T[]): value is T {
    if (typeof value === "string" && (choices as readonly string[]).includes(value)) return true;
    const close = typeof value === "string" ? suggest(value, choices) : undefined;
    this.expected(
      path,
      value,
      `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`,
      close && `did you mean "${close}"?`,
    );
    return false;
  }

  boolean(path: string, value: unknown): value is boolean {
    if (typeof value === "boolean") return true;
    this.expected(path, value, "true or false");
    return false;
  }

  integer(path: string, value: unknown, min: number, max: number): value is number {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return true;
    this.expected(path, value, `a whole number from ${min} to ${max}`);
    return false;
  }

  array(path: string, value: unknown, what: string): readonly unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.expected(path, value, `a list of ${what}`);
    return undefined;
  }

  /** A list of strings of one format, reporting each bad item and each duplicate. */
  stringList(path: string, value: unknown, format: IdentifierFormat): string[] {
    const items = this.array(path, value, `values, each ${format.expected}`) ?? [];
    const seen = new Set<string>();
    const valid: string[] = [];
    items.forEach((item, index) => {
      if (!this.string(join(path, index), item, format)) return;
      if (seen.has(item)) this.report(join(path, index), `got ${show(item)} twice, expected each value once`);
      seen.add(item);
      valid.push(item);
    });
    return valid;
  }
}
