import { describeJson } from "./json-values";

/**
 * The subset of a jsii assembly (`.jsii` file) that the schema derivation reads.
 * See https://aws.github.io/jsii/specification/2-type-system/ for the full format.
 */

/** A reference to a type: a primitive, a named type, a collection or a union. */
export interface JsiiTypeReference {
  readonly primitive?: "string" | "number" | "boolean" | "any" | "date" | "json";
  readonly fqn?: string;
  readonly collection?: { readonly kind: "array" | "map"; readonly elementtype: JsiiTypeReference };
  readonly union?: { readonly types: readonly JsiiTypeReference[] };
}

/** Documentation attached to a type or member. */
export interface JsiiDocs {
  readonly summary?: string;
  readonly remarks?: string;
}

/** A property of a class (getter) or of a struct (data type interface). */
export interface JsiiProperty {
  readonly name: string;
  readonly type: JsiiTypeReference;
  readonly optional?: boolean;
  readonly static?: boolean;
  readonly docs?: JsiiDocs;
}

/** A class, interface or enum of the assembly. */
export interface JsiiType {
  readonly fqn: string;
  readonly kind: "class" | "interface" | "enum";
  readonly base?: string;
  readonly datatype?: boolean;
  readonly docs?: JsiiDocs;
  readonly properties?: readonly JsiiProperty[];
  readonly initializer?: {
    readonly parameters?: readonly { readonly name: string; readonly type: JsiiTypeReference }[];
  };
}

/** A jsii assembly. */
export interface JsiiAssembly {
  readonly name: string;
  readonly version: string;
  readonly types: { readonly [fqn: string]: JsiiType };
}

/** Checks the shape of a parsed `.jsii` file before it is used. */
export function assertJsiiAssembly(value: unknown, origin: string): asserts value is JsiiAssembly {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${origin}: expected a jsii assembly (a JSON object), got ${describeJson(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of ["name", "version"]) {
    if (typeof record[key] !== "string") {
      throw new Error(
        `${origin}: expected a jsii assembly with a string "${key}", got ${describeJson(record[key])}`,
      );
    }
  }
  if (typeof record.types !== "object" || record.types === null) {
    throw new Error(
      `${origin}: expected a jsii assembly with a "types" object, got ${describeJson(record.types)}`,
    );
  }
}
