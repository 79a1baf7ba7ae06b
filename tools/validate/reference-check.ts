import type { ExpressionReference, TraversalStep } from "./expression-analysis";
import { renderSteps } from "./expression-analysis";
import type { ReferenceScope } from "./expression-sites";
import type { BlockSchema, ProviderSchema } from "./schema-types";
import { closestName, didYouMean } from "./suggest";
import type { DeclaredBlock, TerraformDocument } from "./terraform-document";

/** How a reference is used. */
export interface ReferenceUse {
  readonly scope: ReferenceScope;
  /** A bare reference in `depends_on` or `replace_triggered_by`: it may only name an object, not read an attribute. */
  readonly bare: boolean;
}

const PATH_ATTRIBUTES = ["module", "root", "cwd"];
const TERRAFORM_ATTRIBUTES = ["workspace", "applying"];
const ITERATOR_ATTRIBUTES = ["key", "value"];
const RESERVED_ROOTS = [
  "var",
  "local",
  "data",
  "module",
  "count",
  "each",
  "self",
  "path",
  "terraform",
  "ephemeral",
];

/**
 * Checks that a reference names something declared in the document and, for resources and data sources, that the
 * attribute it reads exists in the provider schema. Returns a message when it does not, undefined when it does.
 */
export function checkReference(
  reference: ExpressionReference,
  use: ReferenceUse,
  document: TerraformDocument,
  schema: ProviderSchema | undefined,
): string | undefined {
  const steps = reference.steps;
  const root = (steps[0] as { name: string }).name;
  const { scope } = use;
  const attributeAt = (i: number) =>
    steps[i]?.kind === "attribute" ? (steps[i] as { name: string }).name : undefined;

  if (scope.iterators.includes(root)) {
    const name = attributeAt(1);
    return name === undefined || ITERATOR_ATTRIBUTES.includes(name)
      ? undefined
      : `unsupported attribute "${name}" of dynamic block iterator "${root}" in ${reference.text}: expected ${root}.key or ${root}.value`;
  }

  switch (root) {
    case "var":
    case "local": {
      const name = attributeAt(1);
      if (name === undefined) return `invalid reference ${reference.text}: expected ${root}.<name>`;
      const declared = (root === "var" ? document.variables : document.locals).map((v) => v.name);
      if (declared.includes(name)) return undefined;
      const what = root === "var" ? `input variable "${name}"` : `local value "${name}"`;
      const block = root === "var" ? `"variable" block` : `"locals" entry`;
      return `reference to undeclared ${what} in ${reference.text}: no ${block} declares it${didYouMean(name, declared)}`;
    }
    case "module": {
      const name = attributeAt(1);
      if (name === undefined) return `invalid reference ${reference.text}: expected module.<name>`;
      const declared = document.modules.map((m) => m.name);
      return declared.includes(name)
        ? undefined
        : `reference to undeclared module "${name}" in ${reference.text}: no "module" block declares it${didYouMean(name, declared)}`;
    }
    case "count":
      if (!scope.count) {
        return `count.index used where there is no "count" (in ${reference.text}): it is only available in a resource, data source or module with "count" set`;
      }
      return attributeAt(1) === "index"
        ? undefined
        : `unsupported attribute in ${reference.text}: the only attribute of "count" is "index"`;
    case "each": {
      if (!scope.each) {
        return `each.${attributeAt(1) ?? "value"} used where there is no "for_each" (in ${reference.text}): it is only available in a resource, data source or module with "for_each" set`;
      }
      const name = attributeAt(1);
      return name !== undefined && ITERATOR_ATTRIBUTES.includes(name)
        ? undefined
        : `unsupported attribute in ${reference.text}: "each" has only "key" and "value"`;
    }
    case "self":
      return scope.self
        ? undefined
        : `"self" used outside a provisioner, connection or postcondition (in ${reference.text}): refer to the resource by its address instead`;
    case "path": {
      const name = attributeAt(1);
      return name !== undefined && PATH_ATTRIBUTES.includes(name)
        ? undefined
        : `unsupported attribute in ${reference.text}: "path" has only ${PATH_ATTRIBUTES.map((a) => `path.${a}`).join(", ")}`;
    }
    case "terraform": {
      const name = attributeAt(1);
      return name !== undefined && TERRAFORM_ATTRIBUTES.includes(name)
        ? undefined
        : `unsupported attribute in ${reference.text}: "terraform" has only ${TERRAFORM_ATTRIBUTES.map((a) => `terraform.${a}`).join(", ")}`;
    }
    case "ephemeral":
      return undefined;
    case "data": {
      const type = attributeAt(1);
      const name = attributeAt(2);
      if (type === undefined || name === undefined) {
        return `invalid reference ${reference.text}: expected data.<type>.<name>`;
      }
      const block = document.dataSource(type, name);
      if (!block)
        return undeclared("data source", `data.${type}.${name}`, type, document.dataSources, reference);
      return checkInstanceAttribute(block, steps.slice(3), use, reference, schema?.dataSources[type], schema);
    }
    default: {
      const name = attributeAt(1);
      if (name === undefined) {
        const suggestion = closestName(root, RESERVED_ROOTS);
        const hint = suggestion
          ? `; did you mean "${suggestion}"?`
          : "; if the text is meant literally (e.g. shell syntax), escape the sequence as $${...}";
        return `invalid reference ${reference.text}: a resource type must be followed by the resource name (${root}.<name>)${hint}`;
      }
      const block = document.resource(root, name);
      if (!block) return undeclared("resource", `${root}.${name}`, root, document.resources, reference);
      return checkInstanceAttribute(block, steps.slice(2), use, reference, schema?.resources[root], schema);
    }
  }
}

function undeclared(
  what: "resource" | "data source",
  address: string,
  type: string,
  declared: readonly DeclaredBlock[],
  reference: ExpressionReference,
): string {
  const sameType = declared.filter((b) => b.type === type).map((b) => b.name);
  const hint =
    sameType.length > 0
      ? `; declared ${type} ${what === "data source" ? "data sources" : "resources"}: ${sameType.join(", ")}${didYouMean(address.split(".").pop() ?? "", sameType)}`
      : didYouMean(
          address,
          declared.map((b) => b.address),
        );
  return `reference to undeclared ${what} "${address}" in ${reference.text}: no ${what === "data source" ? "data" : "resource"} block declares it${hint}`;
}

/**
 * Checks the steps after `type.name`: an instance key exactly when the block has `count` or `for_each`, then an
 * attribute the schema knows.
 */
function checkInstanceAttribute(
  block: DeclaredBlock,
  rest: readonly TraversalStep[],
  use: ReferenceUse,
  reference: ExpressionReference,
  blockSchema: BlockSchema | undefined,
  schema: ProviderSchema | undefined,
): string | undefined {
  const repeated = block.body.count !== undefined || block.body.for_each !== undefined;
  const first = rest[0];
  if (use.bare) {
    return rest.length === 0
      ? undefined
      : `invalid reference ${reference.text}: expected a resource, data source or module address such as ${block.address}`;
  }
  if (first === undefined) return undefined;
  if (repeated && first.kind === "attribute") {
    const meta = block.body.count !== undefined ? "count" : "for_each";
    return `missing resource instance key in ${reference.text}: ${block.address} has "${meta}" set, so refer to one instance (${block.address}[...].${first.name}) or all of them (${block.address}[*].${first.name})`;
  }
  if (!repeated && first.kind === "index") {
    return `unexpected resource instance key in ${reference.text}: ${block.address} has neither "count" nor "for_each" set, so refer to it without an index (${renderSteps([{ kind: "attribute", name: block.address }, ...rest.slice(1)])})`;
  }
  const attribute = rest.find((step) => step.kind === "attribute") as { name: string } | undefined;
  if (!attribute || !blockSchema) return undefined;
  if (
    blockSchema.attributes[attribute.name] !== undefined ||
    blockSchema.blocks[attribute.name] !== undefined
  ) {
    return undefined;
  }
  const known = [...Object.keys(blockSchema.attributes), ...Object.keys(blockSchema.blocks)];
  const version = schema ? ` (${schema.source.split("/").slice(-2).join("/")} ${schema.version})` : "";
  return `unsupported attribute "${attribute.name}" in ${reference.text}: ${block.type}${version} has no attribute of that name${didYouMean(attribute.name, known)}`;
}
