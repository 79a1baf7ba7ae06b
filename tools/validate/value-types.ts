import { describeJson, isJsonObject } from "./json-values";
import { indexPath, joinPath } from "./problem";
import { typeToString, type TypeSpec } from "./schema-types";
import { didYouMean } from "./suggest";
import { hasTemplateSequence, isSingleInterpolation } from "./template-text";

/** A value that does not fit its type, and where. */
export interface TypeMismatch {
  /** Path of the offending value, relative to the checked value (empty for the value itself). */
  readonly path: string;
  readonly message: string;
}

/** A number as Terraform accepts it in a string (`"8"`, `"-1.5"`, `"1e3"`). */
const NUMERIC_STRING = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** Strings Terraform converts to a bool. */
const BOOL_STRINGS: ReadonlySet<string> = new Set(["true", "false", "1", "0"]);

/**
 * Checks a literal JSON value against a Terraform type the way Terraform converts values: a number or bool is
 * accepted for a string, a numeric string for a number, `"true"`/`"false"` for a bool. A string that is one `${...}`
 * interpolation has the type of its expression, only known when it is evaluated, so it is accepted anywhere; any
 * other template produces a string, so it is accepted where a string, number or bool may go. Null is accepted.
 */
export function checkValueType(value: unknown, type: TypeSpec, path = ""): TypeMismatch[] {
  if (value === null || value === undefined) return [];
  const mismatch = (expected: string, hint = ""): TypeMismatch[] => [
    { path, message: `wrong type: expected ${expected}, got ${describeJson(value)}${hint}` },
  ];
  if (typeof value === "string" && hasTemplateSequence(value)) {
    if (typeof type === "string" || isSingleInterpolation(value)) return [];
    return mismatch(
      `a ${typeToString(type)}`,
      ", a template that always produces a string; use a single ${...} expression",
    );
  }

  if (typeof type === "string") {
    switch (type) {
      case "dynamic":
        return [];
      case "string":
        return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? []
          : mismatch("a string");
      case "number":
        if (typeof value === "number") return [];
        if (typeof value === "string") {
          return NUMERIC_STRING.test(value) ? [] : mismatch("a number", " which is not a number");
        }
        return mismatch("a number");
      case "bool":
        if (typeof value === "boolean") return [];
        if (typeof value === "string") {
          if (BOOL_STRINGS.has(value)) return [];
          const lower = value.toLowerCase();
          return mismatch(
            "a bool",
            lower === "true" || lower === "false" ? ` (write it in lowercase: ${lower})` : "",
          );
        }
        return mismatch("a bool");
    }
  }

  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set": {
      if (!Array.isArray(value)) return mismatch(`a ${typeToString(type)} (a JSON array)`);
      return value.flatMap((item, i) => checkValueType(item, inner as TypeSpec, indexPath(path, i)));
    }
    case "map": {
      if (!isJsonObject(value)) return mismatch(`a ${typeToString(type)} (a JSON object)`);
      return Object.entries(value).flatMap(([key, item]) =>
        checkValueType(item, inner as TypeSpec, joinPath(path, key)),
      );
    }
    case "object": {
      if (!isJsonObject(value)) return mismatch("an object (a JSON object)");
      const fields = inner as { readonly [name: string]: TypeSpec };
      return Object.entries(value).flatMap(([key, item]): TypeMismatch[] => {
        const field = fields[key];
        if (field === undefined) {
          return [
            {
              path: joinPath(path, key),
              message: `unsupported attribute "${key}": the object type has ${Object.keys(fields).join(", ") || "no attributes"}${didYouMean(key, Object.keys(fields))}`,
            },
          ];
        }
        return checkValueType(item, field, joinPath(path, key));
      });
    }
    case "tuple": {
      const elements = inner as readonly TypeSpec[];
      if (!Array.isArray(value)) return mismatch(`a tuple of ${elements.length} elements (a JSON array)`);
      if (value.length !== elements.length)
        return mismatch(`a tuple of ${elements.length} elements`, ` with ${value.length}`);
      return value.flatMap((item, i) => checkValueType(item, elements[i], indexPath(path, i)));
    }
  }
}
