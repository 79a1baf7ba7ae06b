import { describeJson, isJsonObject, type JsonObject } from "./json-values";
import type {
  AttributeSchema,
  BlockSchema,
  NestedBlockSchema,
  NestingMode,
  ProviderSchema,
  TypeSpec,
} from "./schema-types";

/** Options for {@link providerSchemaFromTerraformJson}. */
export interface TerraformSchemaOptions {
  /** Registry source address of the provider to take, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  /** Provider version the document describes (the document does not record it). */
  readonly version: string;
  /** Local name of the provider. Default: the last segment of `source`. */
  readonly localName?: string;
}

/**
 * Converts the output of `terraform providers schema -json` for one provider into a {@link ProviderSchema},
 * so that documents can be validated against a schema taken from Terraform itself.
 */
export function providerSchemaFromTerraformJson(
  document: unknown,
  options: TerraformSchemaOptions,
): ProviderSchema {
  if (!isJsonObject(document) || !isJsonObject(document.provider_schemas)) {
    throw new Error(
      `expected the output of "terraform providers schema -json" (an object with "provider_schemas"), got ${describeJson(document)}`,
    );
  }
  const entry = document.provider_schemas[options.source];
  if (!isJsonObject(entry)) {
    throw new Error(
      `expected a schema for provider "${options.source}", got none; the document has: ${Object.keys(document.provider_schemas).join(", ") || "no providers"}`,
    );
  }
  const convertAll = (schemas: unknown, what: string): { [type: string]: BlockSchema } => {
    const converted: { [type: string]: BlockSchema } = {};
    for (const [type, schema] of Object.entries(isJsonObject(schemas) ? schemas : {})) {
      if (!isJsonObject(schema) || !isJsonObject(schema.block)) {
        throw new Error(`${what} "${type}": expected an object with a "block", got ${describeJson(schema)}`);
      }
      converted[type] = convertBlock(schema.block, `${what} "${type}"`);
    }
    return converted;
  };
  const provider =
    isJsonObject(entry.provider) && isJsonObject(entry.provider.block) ? entry.provider.block : undefined;
  return {
    source: options.source,
    localName: options.localName ?? options.source.split("/").pop() ?? options.source,
    version: options.version,
    origin: `terraform providers schema -json (${options.source} ${options.version})`,
    provider: provider ? convertBlock(provider, "provider") : undefined,
    resources: convertAll(entry.resource_schemas, "resource"),
    dataSources: convertAll(entry.data_source_schemas, "data source"),
  };
}

function convertBlock(block: JsonObject, where: string): BlockSchema {
  const attributes: { [name: string]: AttributeSchema } = {};
  const blocks: { [name: string]: NestedBlockSchema } = {};
  for (const [name, attribute] of Object.entries(isJsonObject(block.attributes) ? block.attributes : {})) {
    if (!isJsonObject(attribute)) {
      throw new Error(`${where}: attribute "${name}": expected an object, got ${describeJson(attribute)}`);
    }
    attributes[name] = {
      type:
        attribute.nested_type !== undefined
          ? nestedAttributeType(attribute.nested_type)
          : toTypeSpec(attribute.type, where),
      ...(attribute.required === true ? { required: true } : {}),
      ...(attribute.optional === true ? { optional: true } : {}),
      ...(attribute.computed === true ? { computed: true } : {}),
    };
  }
  for (const [name, nested] of Object.entries(isJsonObject(block.block_types) ? block.block_types : {})) {
    if (!isJsonObject(nested) || !isJsonObject(nested.block)) {
      throw new Error(
        `${where}: block "${name}": expected an object with a "block", got ${describeJson(nested)}`,
      );
    }
    const nesting = nested.nesting_mode;
    const mode: NestingMode =
      nesting === "single" || nesting === "group" ? "single" : (nesting as NestingMode);
    blocks[name] = {
      nesting: mode,
      ...(typeof nested.min_items === "number" && nested.min_items > 0 ? { minItems: nested.min_items } : {}),
      ...(typeof nested.max_items === "number" && nested.max_items > 0 ? { maxItems: nested.max_items } : {}),
      block: convertBlock(nested.block, `${where}.${name}`),
    };
  }
  return { attributes, blocks };
}

function nestedAttributeType(nested: unknown): TypeSpec {
  if (!isJsonObject(nested) || !isJsonObject(nested.attributes)) return "dynamic";
  const fields: { [name: string]: TypeSpec } = {};
  for (const [name, attribute] of Object.entries(nested.attributes)) {
    fields[name] = isJsonObject(attribute) ? toTypeSpec(attribute.type ?? "dynamic", name) : "dynamic";
  }
  const object: TypeSpec = ["object", fields];
  switch (nested.nesting_mode) {
    case "list":
      return ["list", object];
    case "set":
      return ["set", object];
    case "map":
      return ["map", object];
    default:
      return object;
  }
}

function toTypeSpec(type: unknown, where: string): TypeSpec {
  if (type === "string" || type === "number" || type === "bool" || type === "dynamic") return type;
  if (Array.isArray(type) && (type.length === 2 || type.length === 3)) {
    const [kind, inner] = type as [unknown, unknown];
    if (kind === "list" || kind === "set" || kind === "map") return [kind, toTypeSpec(inner, where)];
    if (kind === "object" && isJsonObject(inner)) {
      const fields: { [name: string]: TypeSpec } = {};
      for (const [name, t] of Object.entries(inner)) fields[name] = toTypeSpec(t, where);
      return ["object", fields];
    }
    if (kind === "tuple" && Array.isArray(inner)) return ["tuple", inner.map((t) => toTypeSpec(t, where))];
  }
  throw new Error(`${where}: expected a Terraform type, got ${JSON.stringify(type)}`);
}
