import * as v from "valibot";
import type { IdentifierFormat } from "./aws-formats";
import { type ConfigProblem, join, show, suggest } from "./config-checker";

/**
 * The building blocks of the config's definition (`config-schema.ts`): valibot schemas whose
 * messages read "got <value>, expected <what> (<why>)", and the translation of valibot's issues
 * into the pack's problems.
 */

/** A valibot message that also knows what it expects, for "missing, expected <what>". */
export type Expectation = ((issue: v.BaseIssue<unknown>) => string) & { readonly what: string };

/** "got <value>, expected <what> (<why>)"; `got` overrides how the value is shown. */
export function expecting(what: string, why?: string, got = (input: unknown) => show(input)): Expectation {
  return Object.assign(
    (issue: v.BaseIssue<unknown>) => `got ${got(issue.input)}, expected ${what}${why ? ` (${why})` : ""}`,
    { what },
  );
}

/** A full message for a value that has the right type but breaks a rule. */
export type Refusal<T> = (value: T) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A string, of one format when given. */
export function text(format?: IdentifierFormat, why?: string) {
  const message = expecting(format?.expected ?? "a string", why);
  return format ? v.pipe(v.string(message), v.check(format.test, message)) : v.string(message);
}

/** A string with a rule beyond its format: `refuse` returns the message when the value breaks it. */
export function refusing<T extends v.GenericSchema<string, string>>(schema: T, refuse: Refusal<string>) {
  return v.pipe(
    schema,
    v.rawCheck<string>(({ dataset, addIssue }) => {
      if (!dataset.typed || dataset.issues) return;
      const message = refuse(dataset.value);
      if (message) addIssue({ message });
    }),
  );
}

/** true or false. */
export const flag = () => v.boolean(expecting("true or false"));

/** A whole number in a range. */
export function wholeNumber(min: number, max: number) {
  const message = expecting(`a whole number from ${min} to ${max}`);
  return v.pipe(
    v.number(message),
    v.check((n) => Number.isInteger(n) && n >= min && n <= max, message),
  );
}

/** One of a few strings, suggesting the closest on a typo. */
export function choice<const T extends readonly string[]>(options: T) {
  const what = `one of ${options.map((option) => JSON.stringify(option)).join(", ")}`;
  const message: Expectation = Object.assign(
    (issue: v.BaseIssue<unknown>) => {
      const close = typeof issue.input === "string" ? suggest(issue.input, options) : undefined;
      return `got ${show(issue.input)}, expected ${what}${close ? ` (did you mean "${close}"?)` : ""}`;
    },
    { what },
  );
  return v.picklist(options, message);
}

/** A list whose items are each checked. */
export function list<T extends v.GenericSchema>(item: T, what: string) {
  return v.pipe(v.array(item, expecting(`a list of ${what}`)), v.readonly());
}

/** A list of strings of one format, each value once. */
export function distinctList(format: IdentifierFormat) {
  return v.pipe(
    v.array(text(format), expecting(`a list of values, each ${format.expected}`)),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!Array.isArray(dataset.value)) return;
      const seen = new Set<unknown>();
      dataset.value.forEach((item: unknown, index: number) => {
        if (seen.has(item) && typeof item === "string")
          addIssue({ message: `got ${show(item)} twice, expected each value once`, path: at(index) });
        seen.add(item);
      });
    }),
    v.readonly(),
  );
}

/** A function, e.g. a callback of the environment. */
export function callback<T extends (...args: never[]) => unknown>(what: string) {
  return v.custom<T>((value) => typeof value === "function", expecting(what));
}

const UNKNOWN_FIELD = "a known field";

/** Entries of an object schema. */
export type Entries = Record<string, v.GenericSchema>;

/**
 * A plain object of known fields. Unknown fields are each reported with a suggestion; a
 * missing required field says what it expects.
 */
export function fields<E extends Entries>(entries: E, what = "an object") {
  const missingOrWrong = Object.assign(
    (issue: v.BaseIssue<unknown>) => {
      const key = issue.path?.[issue.path.length - 1]?.key;
      return typeof key === "string" && key in entries
        ? `missing, expected ${expectationOf(entries[key])}`
        : `got ${show(issue.input)}, expected ${what}`;
    },
    { what },
  );
  const known = Object.keys(entries);
  const schema = v.pipe(
    v.custom<Record<string, unknown>>(isRecord, missingOrWrong),
    v.looseObject(entries, missingOrWrong),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!isRecord(dataset.value)) return;
      for (const key of Object.keys(dataset.value)) {
        if (key in entries) continue;
        const close = suggest(key, known);
        addIssue({
          message: `unknown field, expected one of ${known.join(", ")}${close ? `; did you mean "${close}"?` : ""}`,
          expected: UNKNOWN_FIELD,
          path: at(key),
        });
      }
    }),
  );
  type Run = (typeof schema)["~run"];
  const run: Run = schema["~run"].bind(schema);
  // Unknown fields first: a typo explains the missing field it was meant to be.
  (schema as { "~run": Run })["~run"] = (dataset, config) => {
    const result = run(dataset, config);
    const unknownHere = (issue: v.BaseIssue<unknown>) =>
      Number(issue.expected === UNKNOWN_FIELD && issue.path?.length === 1);
    result.issues?.sort((a, b) => unknownHere(b) - unknownHere(a));
    return result;
  };
  // Typed as a strict object so that the derived types refuse unknown fields too.
  return Object.assign(schema, { entries }) as unknown as v.ObjectSchema<E, Expectation>;
}

/** An object whose keys the user chooses (tags, templates), each key and value checked. */
export function named<K extends v.GenericSchema<string, string>, V extends v.GenericSchema>(
  key: K,
  value: V,
  what = "an object",
) {
  const message = expecting(what);
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, message),
    v.record(key, value, message),
    v.readonly(),
  ) as unknown as v.RecordSchema<K, V, Expectation>;
}

/** Checks of a whole object after its fields: each returns problems by field path. */
export function refusingObject<T extends v.GenericSchema>(
  schema: T,
  refuse: (value: v.InferOutput<T>) => Array<{ path?: ReadonlyArray<string | number>; message: string }>,
): T {
  return Object.assign(
    v.pipe(
      schema,
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        for (const problem of refuse(dataset.value as v.InferOutput<T>))
          addIssue({ message: problem.message, path: problem.path && at(...problem.path) });
      }),
    ),
    { entries: (schema as { entries?: Entries }).entries },
  ) as unknown as T;
}

/**
 * Checks between fields of an object that run even when some of its fields are wrong, so that
 * every problem is reported at once: `refuse` sees the fields as written and checks their types.
 */
export function relatingFields<T extends v.GenericSchema>(
  schema: T,
  refuse: (
    fields: Readonly<Record<string, unknown>>,
  ) => Array<{ path?: ReadonlyArray<string | number>; message: string }>,
): T {
  return Object.assign(
    v.pipe(
      schema,
      v.rawCheck(({ dataset, addIssue }) => {
        if (!isRecord(dataset.value)) return;
        for (const problem of refuse(dataset.value))
          addIssue({ message: problem.message, path: problem.path && at(...problem.path) });
      }),
    ),
    { entries: (schema as { entries?: Entries }).entries },
  ) as unknown as T;
}

/**
 * Exactly one of several shapes, told apart by which of their keys is set (`preset`, `lookup`,
 * ...). Naming none or several is one problem; a field of another shape is reported as
 * misplaced, with the nested field it was likely meant for.
 */
export function exactlyOne<const S extends Record<string, v.GenericSchema>>(options: S, none: string) {
  const names = Object.keys(options);
  const what = `one of ${names.join(", ")}`;
  const entriesOf = (name: string) => (options[name] as { entries?: Entries }).entries ?? {};
  const allKeys = [...new Set([...names, ...names.flatMap((name) => Object.keys(entriesOf(name)))])];
  const schema = v.custom<v.InferInput<S[keyof S]>>(() => true);
  return Object.assign(schema, {
    type: "exactly_one",
    options,
    message: Object.assign(() => "", { what }) as Expectation,
    "~run"(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const input = dataset.value;
      const issues: v.BaseIssue<unknown>[] = [];
      const add = (message: string, key?: string) =>
        issues.push({ ...issueBase(input, message), path: key === undefined ? undefined : at(key) });
      if (!isRecord(input)) {
        add(`got ${show(input)}, expected an object`);
      } else {
        const unknown = Object.keys(input).filter((key) => !allKeys.includes(key));
        for (const key of unknown) {
          const close = suggest(key, allKeys);
          add(
            `unknown field, expected one of ${allKeys.join(", ")}${close ? `; did you mean "${close}"?` : ""}`,
            key,
          );
        }
        const chosen = names.filter((name) => input[name] !== undefined);
        if (chosen.length !== 1) {
          add(`got ${chosen.length === 0 ? none : chosen.join(" and ")}, expected exactly ${what}`);
        } else {
          const [name] = chosen;
          const own = entriesOf(name);
          const misplaced = Object.keys(input).filter((key) => allKeys.includes(key) && !(key in own));
          const rest: Record<string, unknown> = { ...input };
          for (const key of misplaced) {
            delete rest[key];
            const nested = (own[name] as { entries?: Entries } | undefined)?.entries;
            const owner = names.find((other) => other !== name && key in entriesOf(other));
            add(
              `got ${show(input[key])} beside ${name}, expected ${key} only with ${owner}${nested && key in nested ? ` (use ${name}.${key})` : ""}`,
              key,
            );
          }
          const result = options[name]["~run"]({ value: rest }, config);
          issues.push(...(result.issues ?? []));
        }
      }
      if (issues.length > 0)
        return { typed: false, value: input, issues } as v.FailureDataset<v.BaseIssue<unknown>>;
      return { typed: true, value: input } as v.SuccessDataset<v.InferOutput<S[keyof S]>>;
    },
  }) as unknown as v.GenericSchema<v.InferInput<S[keyof S]>, v.InferOutput<S[keyof S]>> & {
    readonly options: S;
  };
}

/**
 * One of two shapes of an object, told apart by whether `key` is set (`goldenImage` with
 * `versions`, or in its one-version form): the value is checked against that shape alone, which
 * reports its own unknown and missing fields.
 */
export function byPresenceOf<P extends v.GenericSchema, A extends v.GenericSchema>(
  key: string,
  present: P,
  absent: A,
) {
  const schema = v.custom<v.InferInput<P> | v.InferInput<A>>(() => true);
  return Object.assign(schema, {
    type: "by_presence",
    // Read by the reference generator, as the shapes of `exactlyOne` are.
    options: { [key]: present, [`no ${key}`]: absent },
    message: Object.assign(() => "", { what: "an object" }) as Expectation,
    "~run"(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const shape = isRecord(dataset.value) && dataset.value[key] !== undefined ? present : absent;
      return shape["~run"](dataset, config);
    },
  }) as unknown as v.GenericSchema<v.InferInput<P> | v.InferInput<A>, v.InferOutput<P> | v.InferOutput<A>> & {
    readonly options: Record<string, P | A>;
  };
}

function issueBase(input: unknown, message: string): v.BaseIssue<unknown> {
  return { kind: "schema", type: "custom", input, expected: null, received: show(input), message };
}

/** An issue path; only the keys are read back. */
function at(...keys: Array<string | number>): [v.IssuePathItem, ...v.IssuePathItem[]] {
  return keys.map((key) => ({
    type: "unknown",
    origin: "value",
    input: undefined,
    key,
    value: undefined,
  })) as [v.IssuePathItem, ...v.IssuePathItem[]];
}

/** What a field expects, for "missing, expected ...". */
export function expectationOf(schema: v.GenericSchema): string {
  const node = schema as {
    message?: { what?: string };
    missing?: string;
    pipe?: v.GenericSchema[];
    wrapped?: v.GenericSchema;
  };
  if (node.missing) return node.missing;
  if (node.pipe) {
    for (const item of node.pipe) {
      const what = (item as { message?: { what?: string } }).message?.what;
      if (what) return what;
    }
  }
  if (node.wrapped) return expectationOf(node.wrapped);
  return node.message?.what ?? "a value";
}

/** The same schema, saying `text` when the field is missing. */
export function whenMissing<T extends v.GenericSchema>(schema: T, missing: string): T {
  return Object.assign(Object.create(Object.getPrototypeOf(schema) as object) as T, schema, { missing });
}

/** The dotted path of an issue: `copies[1].region`. */
export function pathOf(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).reduce((path, item) => join(path, item.key as string | number), "");
}

/** Validates a value against a schema and returns every problem, in the order of the definition. */
export function problemsOf(file: string, schema: v.GenericSchema, value: unknown): ConfigProblem[] {
  const result = v.safeParse(schema, value);
  return (result.issues ?? []).map((issue) => ({ file, path: pathOf(issue), message: issue.message }));
}
