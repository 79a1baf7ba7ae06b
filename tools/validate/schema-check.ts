import { describeJson, isJsonObject, type JsonObject } from "./json-values";
import { indexPath, joinPath, type ProblemSink } from "./problem";
import {
  isSettable,
  typeToString,
  type BlockSchema,
  type NestedBlockSchema,
  type ProviderSchema,
} from "./schema-types";
import { closestName, didYouMean } from "./suggest";
import { blocksOf, type DeclaredBlock, type TerraformDocument } from "./terraform-document";
import { hasTemplateSequence } from "./template-text";
import { checkValueType } from "./value-types";

/** Meta-arguments Terraform accepts in every resource block. */
export const RESOURCE_META_ARGUMENTS: readonly string[] = [
  "count",
  "for_each",
  "provider",
  "depends_on",
  "lifecycle",
  "provisioner",
  "connection",
];
/** Meta-arguments Terraform accepts in every data block. */
export const DATA_META_ARGUMENTS: readonly string[] = [
  "count",
  "for_each",
  "provider",
  "depends_on",
  "lifecycle",
];
/** Meta-arguments Terraform accepts in every provider block. */
export const PROVIDER_META_ARGUMENTS: readonly string[] = ["alias", "version"];

const RESOURCE_LIFECYCLE = [
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
];
const DATA_LIFECYCLE = ["precondition", "postcondition"];
const DYNAMIC_BLOCK_ARGUMENTS = ["for_each", "iterator", "labels", "content"];

/**
 * Checks every resource, data source and provider configuration of the schema's provider against the schema:
 * unknown types and arguments, missing required arguments, read-only attributes that are set, literal values of the
 * wrong type, and the number of nested blocks. Blocks of other providers are left alone.
 */
export function checkSchema(document: TerraformDocument, schema: ProviderSchema, sink: ProblemSink): void {
  const checker = new SchemaChecker(schema, sink);
  for (const block of document.resources) checker.typedBlock(block, "resource");
  for (const block of document.dataSources) checker.typedBlock(block, "data source");
  if (schema.provider) {
    for (const provider of document.providers) {
      if (provider.localName !== schema.localName) continue;
      checker.body(
        provider.address,
        "",
        schema.provider,
        provider.body,
        PROVIDER_META_ARGUMENTS,
        `the "${schema.localName}" provider`,
      );
    }
  }
}

class SchemaChecker {
  private readonly label: string;

  constructor(
    private readonly schema: ProviderSchema,
    private readonly sink: ProblemSink,
  ) {
    this.label = `${schema.source.split("/").slice(-2).join("/")} ${schema.version}`;
  }

  typedBlock(block: DeclaredBlock, what: "resource" | "data source"): void {
    if (!block.type.startsWith(`${this.schema.localName}_`)) return;
    const types = what === "resource" ? this.schema.resources : this.schema.dataSources;
    const blockSchema = types[block.type];
    if (!blockSchema) {
      const suggestion = closestName(block.type, Object.keys(types));
      this.sink.report(
        block.address,
        "",
        `unknown ${what} type "${block.type}": ${this.label} has no such ${what}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      );
      return;
    }
    const meta = what === "resource" ? RESOURCE_META_ARGUMENTS : DATA_META_ARGUMENTS;
    this.metaArguments(block, what, blockSchema);
    this.body(block.address, "", blockSchema, block.body, meta, block.type);
  }

  /** Checks one block body: its arguments, nested blocks and `dynamic` blocks. */
  body(
    address: string,
    path: string,
    schema: BlockSchema,
    body: JsonObject,
    meta: readonly string[],
    owner: string,
  ): void {
    const counts = new Map<string, number>();
    const dynamicBlocks = this.dynamicBlocks(address, path, schema, body.dynamic, owner);

    for (const [key, value] of Object.entries(body)) {
      if (key === "//" || key === "dynamic" || meta.includes(key)) continue;
      const keyPath = joinPath(path, key);
      const attribute = schema.attributes[key];
      if (attribute) {
        if (value === null) continue;
        if (!isSettable(attribute)) {
          this.sink.report(
            address,
            keyPath,
            `cannot set read-only attribute "${key}": ${owner} computes it (got ${describeJson(value)}); remove it from the configuration`,
          );
          continue;
        }
        counts.set(key, 1);
        for (const mismatch of checkValueType(value, attribute.type)) {
          this.sink.report(
            address,
            joinPath(keyPath, mismatch.path),
            `${mismatch.message} (${key} is ${typeToString(attribute.type)})`,
          );
        }
        continue;
      }
      const nested = schema.blocks[key];
      if (nested) {
        counts.set(key, this.nestedBlocks(address, keyPath, key, nested, value));
        continue;
      }
      const candidates = [
        ...Object.keys(schema.attributes).filter((a) => isSettable(schema.attributes[a])),
        ...Object.keys(schema.blocks),
      ];
      const readOnly = Object.keys(schema.attributes).filter((a) => !isSettable(schema.attributes[a]));
      const suggestion = closestName(key, candidates) ?? closestName(key, readOnly);
      this.sink.report(
        address,
        keyPath,
        `unsupported argument "${key}": ${owner} has no argument or block of that name${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      );
    }

    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (attribute.required && !counts.has(name)) {
        this.sink.report(
          address,
          joinPath(path, name),
          `missing required argument "${name}" (${typeToString(attribute.type)}): ${owner} needs it set`,
        );
      }
    }
    for (const [name, nested] of Object.entries(schema.blocks)) {
      const min = nested.minItems ?? 0;
      const count = counts.get(name) ?? 0;
      if (count < min && !dynamicBlocks.has(name)) {
        this.sink.report(
          address,
          joinPath(path, name),
          count === 0
            ? `missing required block "${name}": ${owner} needs at least ${min}, got none`
            : `insufficient "${name}" blocks: at least ${min} required, got ${count}`,
        );
      }
    }
  }

  /** Checks the blocks given for one block type; returns how many there are. */
  private nestedBlocks(
    address: string,
    path: string,
    name: string,
    nested: NestedBlockSchema,
    value: unknown,
  ): number {
    if (value === null || value === undefined) return 0;
    let items: unknown[];
    if (isJsonObject(value)) {
      items = [value];
    } else if (Array.isArray(value)) {
      items = value;
    } else {
      const hint =
        typeof value === "string" && hasTemplateSequence(value)
          ? `; to generate blocks from an expression use a "dynamic" block`
          : "";
      this.sink.report(
        address,
        path,
        `expected "${name}" block(s) (a JSON object or an array of objects), got ${describeJson(value)}${hint}`,
      );
      return 0;
    }
    items.forEach((item, i) => {
      const itemPath = Array.isArray(value) ? indexPath(path, i) : path;
      if (!isJsonObject(item)) {
        this.sink.report(
          address,
          itemPath,
          `expected a "${name}" block (a JSON object), got ${describeJson(item)}`,
        );
      } else if (!nested.unchecked) {
        this.body(address, itemPath, nested.block, item, [], `block "${name}"`);
      }
    });
    const max = nested.nesting === "single" ? 1 : nested.maxItems;
    if (max !== undefined && items.length > max) {
      this.sink.report(
        address,
        path,
        `too many "${name}" blocks: at most ${max} allowed, got ${items.length}`,
      );
    }
    return items.length;
  }

  /** Checks `dynamic` blocks; returns the block types they generate. */
  private dynamicBlocks(
    address: string,
    path: string,
    schema: BlockSchema,
    value: unknown,
    owner: string,
  ): Set<string> {
    const generated = new Set<string>();
    if (value === undefined) return generated;
    const dynamicPath = joinPath(path, "dynamic");
    if (!isJsonObject(value)) {
      this.sink.report(
        address,
        dynamicPath,
        `expected dynamic blocks (a JSON object of block type to spec), got ${describeJson(value)}`,
      );
      return generated;
    }
    for (const [label, specs] of Object.entries(value)) {
      if (label === "//") continue;
      const labelPath = joinPath(dynamicPath, label);
      const nested = schema.blocks[label];
      if (!nested) {
        this.sink.report(
          address,
          labelPath,
          `unsupported block type "${label}" in dynamic block: ${owner} has no block of that name${didYouMean(label, Object.keys(schema.blocks))}`,
        );
        continue;
      }
      generated.add(label);
      const list = Array.isArray(specs) ? specs : [specs];
      list.forEach((spec, i) => {
        const specPath = Array.isArray(specs) ? indexPath(labelPath, i) : labelPath;
        if (!isJsonObject(spec)) {
          this.sink.report(
            address,
            specPath,
            `expected a dynamic block spec (a JSON object with for_each and content), got ${describeJson(spec)}`,
          );
          return;
        }
        for (const key of Object.keys(spec)) {
          if (key !== "//" && !DYNAMIC_BLOCK_ARGUMENTS.includes(key)) {
            this.sink.report(
              address,
              joinPath(specPath, key),
              `unsupported argument "${key}" in dynamic block: expected ${DYNAMIC_BLOCK_ARGUMENTS.join(", ")}${didYouMean(key, DYNAMIC_BLOCK_ARGUMENTS)}`,
            );
          }
        }
        if (spec.for_each === undefined) {
          this.sink.report(
            address,
            joinPath(specPath, "for_each"),
            `missing required argument "for_each" in dynamic block "${label}"`,
          );
        }
        const content = blocksOf(spec.content);
        if (content.length === 0) {
          this.sink.report(
            address,
            joinPath(specPath, "content"),
            `missing "content" block in dynamic block "${label}"`,
          );
        } else if (!nested.unchecked) {
          this.body(address, joinPath(specPath, "content"), nested.block, content[0], [], `block "${label}"`);
        }
      });
    }
    return generated;
  }

  private metaArguments(block: DeclaredBlock, what: "resource" | "data source", schema: BlockSchema): void {
    const { body, address } = block;
    if (body.count !== undefined && body.for_each !== undefined) {
      this.sink.report(
        address,
        "for_each",
        `invalid combination of "count" and "for_each": a ${what} may use only one of them`,
      );
    }
    if (body.count !== undefined) {
      for (const mismatch of checkValueType(body.count, "number"))
        this.sink.report(address, "count", `${mismatch.message} (count is a whole number)`);
    }
    if (body.depends_on !== undefined && !Array.isArray(body.depends_on)) {
      this.sink.report(
        address,
        "depends_on",
        `wrong type: expected a list of references (a JSON array of strings), got ${describeJson(body.depends_on)}`,
      );
    }
    if (body.provider !== undefined && typeof body.provider !== "string") {
      this.sink.report(
        address,
        "provider",
        `wrong type: expected a provider reference such as "aws" or "aws.eu-west-1", got ${describeJson(body.provider)}`,
      );
    }
    const allowed = what === "resource" ? RESOURCE_LIFECYCLE : DATA_LIFECYCLE;
    blocksOf(body.lifecycle).forEach((lifecycle, i) => {
      const path = Array.isArray(body.lifecycle) ? indexPath("lifecycle", i) : "lifecycle";
      for (const [key, value] of Object.entries(lifecycle)) {
        if (key === "//") continue;
        if (!allowed.includes(key)) {
          this.sink.report(
            address,
            joinPath(path, key),
            `unsupported lifecycle argument "${key}" in a ${what}: expected one of ${allowed.join(", ")}${didYouMean(key, allowed)}`,
          );
        } else if (key === "ignore_changes") {
          this.ignoreChanges(address, joinPath(path, key), value, schema, block.type);
        }
      }
    });
  }

  private ignoreChanges(
    address: string,
    path: string,
    value: unknown,
    schema: BlockSchema,
    owner: string,
  ): void {
    if (value === "all") return;
    if (!Array.isArray(value)) {
      if (typeof value === "string" && hasTemplateSequence(value)) return;
      this.sink.report(
        address,
        path,
        `wrong type: expected "all" or a list of attribute names, got ${describeJson(value)}`,
      );
      return;
    }
    const names = [...Object.keys(schema.attributes), ...Object.keys(schema.blocks)];
    value.forEach((entry, i) => {
      if (typeof entry !== "string" || hasTemplateSequence(entry)) return;
      const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(entry)?.[0];
      if (name && !names.includes(name)) {
        this.sink.report(
          address,
          indexPath(path, i),
          `unsupported attribute "${name}" in ignore_changes: ${owner} has no attribute of that name${didYouMean(name, names)}`,
        );
      }
    });
  }
}
