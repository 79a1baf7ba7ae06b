import * as path from "node:path";
import * as ts from "typescript";
import type * as v from "valibot";
import { expectationOf } from "../../modules/config-fields";
import { environment } from "../../modules/config-schema";

/**
 * docs/environment-reference.md, generated from the config's one definition
 * (`modules/config-schema.ts`): the doc comments and defaults as the derived types carry them,
 * and what each field expects as its check says it.
 */

export const REFERENCE_FILE = "docs/environment-reference.md";
export const REGENERATE_COMMAND = "npm run docs";

interface Field {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** Set when the field belongs to one of several shapes of its parent (`baseImage`, `backend`). */
  readonly shapeOf?: string;
  readonly doc: string;
  readonly defaultValue?: string;
  readonly expected?: string;
}

/** The reference's Markdown text. */
export function environmentReference(projectDir: string): string {
  const file = path.join(projectDir, "modules/config.ts");
  // The config's types need no ambient @types package (node, jest): leaving them out halves the time.
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol =
    source && checker.getSymbolAtLocation(source)?.exports?.get("EnvironmentConfig" as ts.__String);
  if (!symbol) throw new Error(`${file} exports no EnvironmentConfig`);
  const fields: Field[] = [];
  collect(checker, checker.getDeclaredTypeOfSymbol(symbol), "", fields, new Set());
  const lines = [
    "# Environment reference",
    "",
    `<!-- Generated from modules/config-schema.ts by \`${REGENERATE_COMMAND}\`; do not edit. -->`,
    "",
    "Every field of `defineEnvironment({...})` in `environments/<name>.ts`. Paths use `[]` for",
    "list items and `<name>` for keys you choose. A field's check reports the file, the path, the",
    "value and what was expected; the rules between fields (production, home region, copies,",
    "sharing) are described with the fields they concern.",
    "",
  ];
  for (const field of fields) {
    lines.push(`## \`${field.path}\``, "");
    if (field.doc) lines.push(field.doc, "");
    const required = field.shapeOf
      ? `, in one shape of \`${field.shapeOf}\``
      : field.required
        ? ", required"
        : "";
    lines.push(`- Type: \`${field.type}\`${required}`);
    if (field.expected) lines.push(`- Expected: ${field.expected}`);
    if (field.defaultValue) lines.push(`- Default: ${field.defaultValue}`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function collect(
  checker: ts.TypeChecker,
  type: ts.Type,
  prefix: string,
  fields: Field[],
  seen: Set<string>,
): void {
  const shapes = objectMembers(type);
  for (const member of shapes) {
    for (const property of member.getProperties()) {
      const fieldPath = prefix ? `${prefix}.${property.name}` : property.name;
      if (seen.has(fieldPath)) continue;
      seen.add(fieldPath);
      const declared = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      const defaultTag = property.getJsDocTags(checker).find((tag) => tag.name === "default");
      const expected = expectationAt(fieldPath);
      fields.push({
        path: fieldPath,
        type: describeType(checker, declared),
        required: (property.flags & ts.SymbolFlags.Optional) === 0,
        shapeOf: shapes.length > 1 ? prefix : undefined,
        doc: ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s*\n\s*/g, " "),
        defaultValue: defaultTag?.text && ts.displayPartsToString(defaultTag.text).replace(/^- /, ""),
        expected: expected === "a value" || expected === "an object" ? undefined : expected,
      });
      nested(checker, declared, fieldPath, fields, seen);
    }
  }
}

/**
 * The object types of `type` (itself, or the members of a union). A field that takes a value or
 * an object (a key ARN, or a map of them) has the object's fields only: a string's methods are not fields.
 */
function objectMembers(type: ts.Type): ts.Type[] {
  return (type.isUnion() ? type.types : [type]).filter((member) => member.flags & ts.TypeFlags.Object);
}

/** A type in a few words: `string`, `"gp3" | "gp2"`, `list of string`, `map of object`, `object`. */
function describeType(checker: ts.TypeChecker, type: ts.Type): string {
  if (type.getCallSignatures().length > 0)
    return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    return `list of ${item ? describeType(checker, item) : "values"}`;
  }
  if (type.isUnion()) {
    const shapes = [...new Set(type.types.map((member) => describeType(checker, member)))];
    return shapes.length === 1 ? shapes[0] : shapes.join(" | ");
  }
  if (type.flags & ts.TypeFlags.Object) {
    const index = checker.getIndexInfosOfType(type)[0];
    return index ? `map of ${describeType(checker, index.type)}` : "object";
  }
  return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
}

/** Goes into objects, list items and the values of records; not into functions or the stack. */
function nested(
  checker: ts.TypeChecker,
  type: ts.Type,
  fieldPath: string,
  fields: Field[],
  seen: Set<string>,
): void {
  if (type.getCallSignatures().length > 0) return;
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    if (item) nested(checker, item, `${fieldPath}[]`, fields, seen);
    return;
  }
  const objects = objectMembers(type);
  if (objects.length === 0) return;
  const index = objects.length === 1 ? checker.getIndexInfosOfType(objects[0])[0] : undefined;
  if (index) {
    const key = fieldPath.endsWith("launchTemplates") ? "<name>" : "<key>";
    nested(checker, index.type, `${fieldPath}.${key}`, fields, seen);
    return;
  }
  collect(checker, type, fieldPath, fields, seen);
}

/** What the field's check expects, from the runtime definition. */
function expectationAt(fieldPath: string): string | undefined {
  let schema: v.GenericSchema | undefined = environment;
  for (const segment of fieldPath.split(".")) {
    schema = schema && childOf(schema, segment.replace(/\[\]$/, ""));
    if (schema && segment.endsWith("[]")) schema = itemOf(schema);
  }
  return schema && expectationOf(schema);
}

type Node = {
  entries?: Record<string, v.GenericSchema>;
  options?: Record<string, v.GenericSchema>;
  pipe?: v.GenericSchema[];
  wrapped?: v.GenericSchema;
  item?: v.GenericSchema;
  value?: v.GenericSchema;
};

function childOf(schema: v.GenericSchema, key: string): v.GenericSchema | undefined {
  const node = schema as Node;
  if (node.wrapped) return childOf(node.wrapped, key);
  if (key === "<name>" || key === "<key>") return node.value ?? node.pipe?.map(childValue).find(Boolean);
  if (node.entries?.[key]) return node.entries[key];
  for (const option of Object.values(node.options ?? {})) {
    const found = childOf(option, key);
    if (found) return found;
  }
  for (const item of node.pipe ?? []) {
    const found = item !== schema ? childOf(item, key) : undefined;
    if (found) return found;
  }
  return undefined;
}

const childValue = (schema: v.GenericSchema) => (schema as Node).value;

function itemOf(schema: v.GenericSchema): v.GenericSchema | undefined {
  const node = schema as Node;
  if (node.wrapped) return itemOf(node.wrapped);
  return node.item ?? node.pipe?.map((item) => (item as Node).item).find(Boolean);
}
