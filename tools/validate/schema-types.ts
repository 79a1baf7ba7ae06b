/**
 * A Terraform value type in the encoding of `terraform providers schema -json`:
 * `"string"`, `"number"`, `"bool"`, `"dynamic"` (any type), or a collection/structural type
 * `["list", T]`, `["set", T]`, `["map", T]`, `["object", { name: T }]`, `["tuple", [T, ...]]`.
 */
export type TypeSpec =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", TypeSpec]
  | readonly ["object", { readonly [name: string]: TypeSpec }]
  | readonly ["tuple", readonly TypeSpec[]];

/** An argument or attribute of a resource, data source, provider or nested block. */
export interface AttributeSchema {
  /** The value type. */
  readonly type: TypeSpec;
  /** The argument must be set. */
  readonly required?: boolean;
  /** The argument may be set. */
  readonly optional?: boolean;
  /** The provider computes the value; without `required`/`optional` it is read-only. */
  readonly computed?: boolean;
}

/** How a nested block repeats. `single` and `list` with `maxItems: 1` both allow one block. */
export type NestingMode = "single" | "list" | "set" | "map";

/** A nested block (`ebs_block_device { ... }`) and how many of it may be given. */
export interface NestedBlockSchema {
  readonly nesting: NestingMode;
  /** Fewest blocks that must be given (0 when absent). */
  readonly minItems?: number;
  /** Most blocks that may be given (unbounded when absent). */
  readonly maxItems?: number;
  /** The content of each block. */
  readonly block: BlockSchema;
  /** The content is not described by the schema source (too deep to generate) and is not checked. */
  readonly unchecked?: boolean;
}

/** The body of a resource, data source, provider or nested block. */
export interface BlockSchema {
  readonly attributes: { readonly [name: string]: AttributeSchema };
  readonly blocks: { readonly [name: string]: NestedBlockSchema };
}

/** The schema of one Terraform provider: its configuration, resources and data sources. */
export interface ProviderSchema {
  /** Registry source address, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  /** Local name used in resource type prefixes and `provider` blocks, e.g. `aws`. */
  readonly localName: string;
  /** Provider version the schema describes, e.g. `6.25.0`. */
  readonly version: string;
  /** Where the schema came from, e.g. `@cdktf/provider-aws@21.22.1 (.jsii)`. */
  readonly origin: string;
  /** The `provider "aws" { ... }` block, when known. */
  readonly provider?: BlockSchema;
  /** Managed resources by type name (`aws_ami_copy`). */
  readonly resources: { readonly [type: string]: BlockSchema };
  /** Data sources by type name without the `data.` prefix (`aws_ami`). */
  readonly dataSources: { readonly [type: string]: BlockSchema };
}

/** Whether a user may write the attribute (as opposed to a read-only computed attribute). */
export function isSettable(attribute: AttributeSchema): boolean {
  return attribute.required === true || attribute.optional === true;
}

/** Renders a type the way Terraform writes type constraints, e.g. `list(string)`. */
export function typeToString(type: TypeSpec): string {
  if (typeof type === "string") {
    return type;
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
    case "map":
      return `${kind}(${typeToString(inner as TypeSpec)})`;
    case "object":
      return `object({${Object.entries(inner as { [name: string]: TypeSpec })
        .map(([name, t]) => `${name}=${typeToString(t)}`)
        .join(", ")}})`;
    case "tuple":
      return `tuple([${(inner as readonly TypeSpec[]).map(typeToString).join(", ")}])`;
  }
}
