import {
  isSettable,
  typeToString,
  type BlockSchema,
  type NestedBlockSchema,
  type ProviderSchema,
  type TypeSpec,
} from "./schema-types";

/** What a difference between two schemas is about. */
export type SchemaAspect =
  /** An argument (settable attribute or block) exists in one schema only. */
  | "argument"
  /** A read-only attribute exists in one schema only. */
  | "read-only attribute"
  /** A name is a block in one schema and an attribute in the other. */
  | "block or attribute"
  /** An argument is required in one schema and optional in the other. */
  | "required"
  /** A block may repeat in one schema and not in the other, or is required in one only. */
  | "nesting"
  /** An argument has different types (sets compare equal to lists). */
  | "type"
  /** A resource or data source type exists in one schema only. */
  | "resource type";

/** One disagreement between a derived schema and a reference schema. */
export interface SchemaDifference {
  /** `aws_ami_copy`, `data.aws_ami`. */
  readonly type: string;
  /** Path of the argument inside the type, e.g. `ebs_block_device.volume_size`; empty for the type itself. */
  readonly path: string;
  readonly aspect: SchemaAspect;
  /** What the derived schema says. */
  readonly derived: string;
  /** What the reference schema says. */
  readonly reference: string;
}

/** The outcome of {@link compareProviderSchemas}. */
export interface SchemaComparison {
  /** Number of facts compared (each name, required flag, nesting and type). */
  readonly checks: number;
  /** Number of facts that agree. */
  readonly agreements: number;
  /** `agreements / checks`, 1 when nothing was compared. */
  readonly rate: number;
  /** Every disagreement. */
  readonly differences: readonly SchemaDifference[];
}

/** Which types {@link compareProviderSchemas} compares. */
export interface CompareOptions {
  /** Resource types to compare. Default: every resource type in either schema. */
  readonly resources?: readonly string[];
  /** Data source types to compare (without `data.`). Default: every data source in either schema. */
  readonly dataSources?: readonly string[];
}

/**
 * Compares a schema (e.g. derived from CDKTF bindings) with a reference schema (e.g. from
 * `terraform providers schema -json`): argument names, required flags, read-only attributes, block nesting and
 * argument types.
 */
export function compareProviderSchemas(
  derived: ProviderSchema,
  reference: ProviderSchema,
  options: CompareOptions = {},
): SchemaComparison {
  const tally = new Tally();
  const compareKind = (
    names: readonly string[] | undefined,
    ours: { readonly [type: string]: BlockSchema },
    theirs: { readonly [type: string]: BlockSchema },
    prefix: string,
  ) => {
    const selected = names ?? unionKeys(ours, theirs);
    for (const name of selected) {
      const label = `${prefix}${name}`;
      const a = ours[name];
      const b = theirs[name];
      if (
        !tally.check(a !== undefined && b !== undefined, label, "", "resource type", present(a), present(b))
      )
        continue;
      compareBlocks(a, b, label, "", tally);
    }
  };
  compareKind(options.resources, derived.resources, reference.resources, "");
  compareKind(options.dataSources, derived.dataSources, reference.dataSources, "data.");
  return tally.result();
}

function compareBlocks(a: BlockSchema, b: BlockSchema, type: string, path: string, tally: Tally): void {
  const at = (name: string) => (path === "" ? name : `${path}.${name}`);
  const argumentsOf = (block: BlockSchema) =>
    new Set([
      ...Object.entries(block.attributes)
        .filter(([, attribute]) => isSettable(attribute))
        .map(([name]) => name),
      ...Object.keys(block.blocks),
    ]);
  const ours = argumentsOf(a);
  const theirs = argumentsOf(b);
  for (const name of [...new Set([...ours, ...theirs])].sort()) {
    const where = at(name);
    if (
      !tally.check(
        ours.has(name) && theirs.has(name),
        type,
        where,
        "argument",
        present(ours.has(name)),
        present(theirs.has(name)),
      )
    ) {
      continue;
    }
    const blockA = a.blocks[name];
    const blockB = b.blocks[name];
    if (
      !tally.check(
        (blockA === undefined) === (blockB === undefined),
        type,
        where,
        "block or attribute",
        kindOf(blockA),
        kindOf(blockB),
      )
    ) {
      continue;
    }
    if (blockA && blockB) {
      tally.check(
        repeats(blockA) === repeats(blockB),
        type,
        where,
        "nesting",
        nestingOf(blockA),
        nestingOf(blockB),
      );
      tally.check(
        isRequiredBlock(blockA) === isRequiredBlock(blockB),
        type,
        where,
        "nesting",
        nestingOf(blockA),
        nestingOf(blockB),
      );
      if (!blockA.unchecked && !blockB.unchecked)
        compareBlocks(blockA.block, blockB.block, type, where, tally);
      continue;
    }
    const attributeA = a.attributes[name];
    const attributeB = b.attributes[name];
    tally.check(
      (attributeA.required === true) === (attributeB.required === true),
      type,
      where,
      "required",
      attributeA.required ? "required" : "optional",
      attributeB.required ? "required" : "optional",
    );
    const typeA = typeToString(normalizeType(attributeA.type));
    const typeB = typeToString(normalizeType(attributeB.type));
    tally.check(typeA === typeB, type, where, "type", typeA, typeB);
  }

  const readOnly = (block: BlockSchema) =>
    Object.entries(block.attributes)
      .filter(([, attribute]) => !isSettable(attribute))
      .map(([name]) => name);
  const readable = (block: BlockSchema, name: string) =>
    block.attributes[name] !== undefined || block.blocks[name] !== undefined;
  for (const name of [...new Set([...readOnly(a), ...readOnly(b)])].sort()) {
    const both = tally.check(
      readable(a, name) && readable(b, name),
      type,
      at(name),
      "read-only attribute",
      present(readable(a, name)),
      present(readable(b, name)),
    );
    const attributeA = a.attributes[name];
    const attributeB = b.attributes[name];
    if (both && attributeA && attributeB) {
      const typeA = typeToString(normalizeType(attributeA.type));
      const typeB = typeToString(normalizeType(attributeB.type));
      tally.check(typeA === typeB, type, at(name), "type", typeA, typeB);
    }
  }
}

/** Sets become lists: CDKTF bindings do not tell them apart. */
function normalizeType(type: TypeSpec): TypeSpec {
  if (typeof type === "string") return type;
  switch (type[0]) {
    case "list":
    case "set":
      return ["list", normalizeType(type[1] as TypeSpec)];
    case "map":
      return ["map", normalizeType(type[1] as TypeSpec)];
    case "object": {
      const fields: { [name: string]: TypeSpec } = {};
      for (const [name, t] of Object.entries(type[1] as { [name: string]: TypeSpec }))
        fields[name] = normalizeType(t);
      return ["object", fields];
    }
    default:
      return type;
  }
}

function repeats(block: NestedBlockSchema): boolean {
  return block.nesting !== "single" && block.maxItems !== 1;
}

function isRequiredBlock(block: NestedBlockSchema): boolean {
  return (block.minItems ?? 0) > 0;
}

function nestingOf(block: NestedBlockSchema): string {
  return `${block.nesting} (${block.minItems ?? 0}..${block.maxItems ?? "n"})`;
}

function kindOf(block: NestedBlockSchema | undefined): string {
  return block ? "block" : "attribute";
}

function present(value: unknown): string {
  return value === undefined || value === false ? "absent" : "present";
}

function unionKeys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

class Tally {
  private checks = 0;
  private agreements = 0;
  private readonly differences: SchemaDifference[] = [];

  check(
    agrees: boolean,
    type: string,
    path: string,
    aspect: SchemaAspect,
    derived: string,
    reference: string,
  ): boolean {
    this.checks++;
    if (agrees) this.agreements++;
    else this.differences.push({ type, path, aspect, derived, reference });
    return agrees;
  }

  result(): SchemaComparison {
    return {
      checks: this.checks,
      agreements: this.agreements,
      rate: this.checks === 0 ? 1 : this.agreements / this.checks,
      differences: this.differences,
    };
  }
}
