import type { JsiiAssembly, JsiiProperty, JsiiType, JsiiTypeReference } from "./jsii-assembly";
import type {
  AttributeSchema,
  BlockSchema,
  NestedBlockSchema,
  ProviderSchema,
  TypeSpec,
} from "./schema-types";

/** Options for {@link deriveProviderSchemaFromJsii}. */
export interface DeriveSchemaOptions {
  /** Registry source address recorded in the schema. Default: taken from the assembly's documentation links. */
  readonly source?: string;
  /** Provider version recorded in the schema. Default: taken from the assembly's documentation links. */
  readonly version?: string;
}

const RESOURCE_BASE = "cdktf.TerraformResource";
const DATA_SOURCE_BASE = "cdktf.TerraformDataSource";
const PROVIDER_BASE = "cdktf.TerraformProvider";
const LIST_BASE = "cdktf.ComplexList";
const OBJECT_BASE = "cdktf.ComplexObject";
const MAP_BASE = "cdktf.ComplexMap";
const RESOLVABLE = "cdktf.IResolvable";
const MAX_DEPTH = 32;

/** `{@link https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/ami_copy aws_ami_copy}` */
const CLASS_LINK =
  /\{@link https:\/\/registry\.terraform\.io\/providers\/([^/\s]+)\/([^/\s]+)\/([^/\s]+)\/docs\S*\s+([^}\s]+)\}/;
/** `{@link https://.../docs/resources/ami_copy#source_ami_id AmiCopy#source_ami_id}` */
const PROPERTY_LINK = /\{@link https:\/\/registry\.terraform\.io\/providers\/\S*#([A-Za-z0-9_-]+)\s+[^}]*\}/;

/**
 * Getter names that the CDKTF code generator renames because they clash with members of the generated
 * classes or with reserved words; mapped back to the Terraform name.
 */
const RENAMED_MEMBERS: { readonly [member: string]: string } = {
  equalTo: "equals",
  nodeAttribute: "node",
  systemAttribute: "system",
  selfAttribute: "self",
  buildAttribute: "build",
  softwareAttribute: "software",
  tfResourceTypeAttribute: "tfResourceType",
  importFromAttribute: "importFrom",
  moveToAttribute: "moveTo",
};

/**
 * Derives the Terraform schema of a provider from the jsii assembly of its CDKTF bindings
 * (e.g. `@cdktf/provider-aws`'s `.jsii`).
 *
 * - A resource is a class extending `cdktf.TerraformResource` (a data source `cdktf.TerraformDataSource`); its
 *   Terraform type name is the text of the registry link in its summary.
 * - Its arguments are the properties of the `config` struct of its constructor; each property's documentation links
 *   to `...#<terraform_name>`, which gives the exact snake_case name. A property without `optional` is required.
 * - A property documented as `<name> block.` is a nested block: a struct type is a single block (at most one), a
 *   `IResolvable | Struct[]` union a repeated block. Its content is derived from the struct the same way.
 * - Read-only (computed) attributes are the getters of the resource class, or of the block's `...OutputReference`
 *   class, that have no counterpart in the config struct.
 *
 * What the bindings do not record, and is therefore absent: whether a repeated block or collection is a set or a
 * list (sets are derived as lists), the maximum number of repeated blocks other than one, whether an optional
 * argument is also computed, and descriptions.
 */
export function deriveProviderSchemaFromJsii(
  assembly: JsiiAssembly,
  options: DeriveSchemaOptions = {},
): ProviderSchema {
  return new JsiiSchemaDeriver(assembly).derive(options);
}

class JsiiSchemaDeriver {
  private readonly learnedNames: Map<string, string>;

  constructor(private readonly assembly: JsiiAssembly) {
    this.learnedNames = learnTerraformNames(assembly);
  }

  derive(options: DeriveSchemaOptions): ProviderSchema {
    const resources: { [type: string]: BlockSchema } = {};
    const dataSources: { [type: string]: BlockSchema } = {};
    let provider: BlockSchema | undefined;
    let localName: string | undefined;
    let linkSource: string | undefined;
    let linkVersion: string | undefined;

    for (const type of Object.values(this.assembly.types)) {
      if (type.kind !== "class" || !isOwnType(this.assembly, type)) continue;
      if (type.base !== RESOURCE_BASE && type.base !== DATA_SOURCE_BASE && type.base !== PROVIDER_BASE)
        continue;
      const link = CLASS_LINK.exec(type.docs?.summary ?? "");
      if (!link) {
        throw new Error(
          `${type.fqn}: expected a registry link naming the Terraform type in the class summary, got ${JSON.stringify(type.docs?.summary ?? "")}`,
        );
      }
      const [, namespace, name, version, terraformName] = link;
      linkSource ??= `registry.terraform.io/${namespace}/${name}`;
      linkVersion ??= version;
      const block = this.deriveBlock(this.configStructOf(type), type.fqn, 0);
      if (type.base === RESOURCE_BASE) {
        resources[terraformName] = block;
      } else if (type.base === DATA_SOURCE_BASE) {
        dataSources[terraformName] = block;
      } else {
        provider = block;
        localName = terraformName;
      }
    }

    const source = options.source ?? linkSource;
    const version = options.version ?? linkVersion;
    if (!source || !version || !localName) {
      throw new Error(
        `${this.assembly.name}@${this.assembly.version}: expected a provider class and registry links to derive a provider schema from, found none`,
      );
    }
    return {
      source,
      localName,
      version,
      origin: `${this.assembly.name}@${this.assembly.version} (.jsii)`,
      provider,
      resources: sortKeys(resources),
      dataSources: sortKeys(dataSources),
    };
  }

  private configStructOf(type: JsiiType): string {
    const config = type.initializer?.parameters?.find((p) => p.name === "config");
    if (!config?.type.fqn) {
      throw new Error(`${type.fqn}: expected a constructor parameter "config" of a struct type, found none`);
    }
    return config.type.fqn;
  }

  private type(fqn: string): JsiiType | undefined {
    return this.assembly.types[fqn];
  }

  /**
   * The block described by a config struct, plus the read-only attributes of the class that reads it
   * (the resource class at the top level, the `...OutputReference` class of a nested block).
   */
  private deriveBlock(structFqn: string, readerFqn: string | undefined, depth: number): BlockSchema {
    if (depth > MAX_DEPTH) {
      throw new Error(
        `${structFqn}: nested blocks deeper than ${MAX_DEPTH} levels, expected a finite schema`,
      );
    }
    const struct = this.type(structFqn);
    if (!struct) {
      throw new Error(`${structFqn}: referenced struct type not found in ${this.assembly.name}`);
    }
    const attributes: { [name: string]: AttributeSchema } = {};
    const blocks: { [name: string]: NestedBlockSchema } = {};
    const configMembers = new Set<string>();

    for (const property of struct.properties ?? []) {
      configMembers.add(property.name);
      const name = terraformNameOf(property);
      const nested = this.nestedBlockOf(property, name, depth);
      if (nested) {
        blocks[name] = nested;
      } else {
        attributes[name] = {
          type: this.configType(property.type, depth),
          ...(property.optional ? { optional: true } : { required: true }),
        };
      }
    }

    const reader = readerFqn ? this.type(readerFqn) : undefined;
    for (const getter of reader?.properties ?? []) {
      if (getter.static || getter.name === "internalValue" || configMembers.has(getter.name)) continue;
      if (getter.name.endsWith("Input") && configMembers.has(getter.name.slice(0, -"Input".length))) continue;
      const name = this.getterTerraformName(getter.name);
      if (attributes[name] || blocks[name]) continue;
      attributes[name] = { type: this.getterType(getter.type, depth), computed: true };
    }
    return { attributes: sortKeys(attributes), blocks: sortKeys(blocks) };
  }

  private nestedBlockOf(property: JsiiProperty, name: string, depth: number): NestedBlockSchema | undefined {
    const summary = (property.docs?.summary ?? "").trim();
    if (summary !== `${name} block.`) return undefined;
    const minItems = property.optional ? undefined : 1;
    const type = property.type;
    if (type.primitive === "any") {
      return {
        nesting: "list",
        ...(minItems ? { minItems } : {}),
        block: { attributes: {}, blocks: {} },
        unchecked: true,
      };
    }
    if (type.fqn && this.type(type.fqn)?.datatype) {
      return {
        nesting: "list",
        ...(minItems ? { minItems } : {}),
        maxItems: 1,
        block: this.deriveBlock(type.fqn, `${type.fqn}OutputReference`, depth + 1),
      };
    }
    const element = arrayElementOf(type);
    if (element?.fqn && this.type(element.fqn)?.datatype) {
      return {
        nesting: "list",
        ...(minItems ? { minItems } : {}),
        block: this.deriveBlock(element.fqn, `${element.fqn}OutputReference`, depth + 1),
      };
    }
    return undefined;
  }

  /** The Terraform type of a config struct property. */
  private configType(ref: JsiiTypeReference, depth: number): TypeSpec {
    if (ref.primitive) return primitiveType(ref.primitive);
    if (ref.collection) {
      const element = this.configType(ref.collection.elementtype, depth);
      return [ref.collection.kind === "array" ? "list" : "map", element];
    }
    if (ref.union) {
      const members = ref.union.types.filter((t) => t.fqn !== RESOLVABLE);
      if (members.some((t) => t.primitive === "boolean")) return "bool";
      return members.length === 1 ? this.configType(members[0], depth) : "dynamic";
    }
    if (ref.fqn) {
      const type = this.type(ref.fqn);
      if (type?.datatype) return this.objectTypeOfStruct(type, depth);
    }
    return "dynamic";
  }

  private objectTypeOfStruct(struct: JsiiType, depth: number): TypeSpec {
    if (depth > MAX_DEPTH) return "dynamic";
    const fields: { [name: string]: TypeSpec } = {};
    for (const property of struct.properties ?? []) {
      fields[terraformNameOf(property)] = this.configType(property.type, depth + 1);
    }
    return ["object", sortKeys(fields)];
  }

  /** The Terraform type of a getter of a resource or `...OutputReference` class. */
  private getterType(ref: JsiiTypeReference, depth: number): TypeSpec {
    if (ref.primitive) return primitiveType(ref.primitive);
    if (ref.collection) {
      const element = this.getterType(ref.collection.elementtype, depth);
      return [ref.collection.kind === "array" ? "list" : "map", element];
    }
    if (ref.union) {
      const members = ref.union.types.filter((t) => t.fqn !== RESOLVABLE);
      if (members.some((t) => t.primitive === "boolean")) return "bool";
      return members.length === 1 ? this.getterType(members[0], depth) : "dynamic";
    }
    switch (ref.fqn) {
      case undefined:
        return "dynamic";
      case RESOLVABLE:
        return "bool";
      case "cdktf.StringMap":
        return ["map", "string"];
      case "cdktf.NumberMap":
        return ["map", "number"];
      case "cdktf.BooleanMap":
        return ["map", "bool"];
      case "cdktf.AnyMap":
        return ["map", "dynamic"];
      case "cdktf.StringMapList":
        return ["list", ["map", "string"]];
      case "cdktf.NumberMapList":
        return ["list", ["map", "number"]];
      case "cdktf.BooleanMapList":
        return ["list", ["map", "bool"]];
      case "cdktf.AnyMapList":
        return ["list", ["map", "dynamic"]];
      case "cdktf.StringListList":
        return ["list", ["list", "string"]];
      case "cdktf.NumberListList":
        return ["list", ["list", "number"]];
    }
    const type = this.type(ref.fqn);
    if (!type || depth > MAX_DEPTH) return "dynamic";
    if (type.datatype) return this.objectTypeOfStruct(type, depth);
    switch (type.base) {
      case LIST_BASE:
        return ["list", this.objectTypeOfReader(ref.fqn.replace(/List$/, "OutputReference"), depth + 1)];
      case MAP_BASE:
        return ["map", this.objectTypeOfReader(ref.fqn.replace(/Map$/, "OutputReference"), depth + 1)];
      case OBJECT_BASE:
        return this.objectTypeOfReader(ref.fqn, depth + 1);
      default:
        return "dynamic";
    }
  }

  private objectTypeOfReader(readerFqn: string, depth: number): TypeSpec {
    const reader = this.type(readerFqn);
    if (!reader) return "dynamic";
    const fields: { [name: string]: TypeSpec } = {};
    for (const getter of reader.properties ?? []) {
      if (getter.static || getter.name === "internalValue") continue;
      fields[this.getterTerraformName(getter.name)] = this.getterType(getter.type, depth);
    }
    return ["object", sortKeys(fields)];
  }

  private getterTerraformName(member: string): string {
    const learned = this.learnedNames.get(member);
    if (learned) return learned;
    const renamed = RENAMED_MEMBERS[member];
    if (renamed) return renamed;
    const fetch = /^fetch([A-Z].*)$/.exec(member);
    if (fetch) return `get_${camelToSnake(fetch[1])}`;
    return camelToSnake(member);
  }
}

/** The Terraform name of a struct property: the anchor of its registry link, else its snake_case name. */
function terraformNameOf(property: JsiiProperty): string {
  const text = `${property.docs?.summary ?? ""} ${property.docs?.remarks ?? ""}`;
  const link = PROPERTY_LINK.exec(text);
  return link ? link[1] : camelToSnake(property.name);
}

/**
 * Member name to Terraform name, learned from every documented struct property of the assembly, for names that
 * always map the same way; used for getters, which carry no registry link.
 */
function learnTerraformNames(assembly: JsiiAssembly): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const type of Object.values(assembly.types)) {
    if (type.kind !== "interface" || !type.datatype || !isOwnType(assembly, type)) continue;
    for (const property of type.properties ?? []) {
      const link = PROPERTY_LINK.exec(`${property.docs?.summary ?? ""} ${property.docs?.remarks ?? ""}`);
      if (!link) continue;
      const previous = seen.get(property.name);
      if (previous === undefined) seen.set(property.name, link[1]);
      else if (previous !== link[1]) seen.set(property.name, null);
    }
  }
  const learned = new Map<string, string>();
  for (const [member, name] of seen) {
    if (name !== null) learned.set(member, name);
  }
  return learned;
}

function isOwnType(assembly: JsiiAssembly, type: JsiiType): boolean {
  return type.fqn.startsWith(`${assembly.name}.`);
}

function arrayElementOf(ref: JsiiTypeReference): JsiiTypeReference | undefined {
  const candidates = ref.union ? ref.union.types : [ref];
  for (const candidate of candidates) {
    if (candidate.collection?.kind === "array") return candidate.collection.elementtype;
  }
  return undefined;
}

function primitiveType(primitive: NonNullable<JsiiTypeReference["primitive"]>): TypeSpec {
  switch (primitive) {
    case "string":
    case "date":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "dynamic";
  }
}

/** `sourceAmiId` -> `source_ami_id`. */
export function camelToSnake(name: string): string {
  return name.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`);
}

function sortKeys<T>(record: { [key: string]: T }): { [key: string]: T } {
  const sorted: { [key: string]: T } = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return sorted;
}
