import type { ExpressionNode } from "./template-parser";

/** One step of a reference: `.name`, `[key]` or a splat (`[*]`, `.*`). */
export type TraversalStep =
  | { readonly kind: "attribute"; readonly name: string }
  | { readonly kind: "index"; readonly key?: string }
  | { readonly kind: "splat" };

/** A reference to a named object, e.g. `aws_ami_copy.golden[0].id` or `var.region`. */
export interface ExpressionReference {
  /** The steps; the first is always an attribute step naming the root (`aws_ami_copy`, `var`, `data`, ...). */
  readonly steps: readonly TraversalStep[];
  /** The reference as written, e.g. `aws_ami_copy.golden[0].id`. */
  readonly text: string;
}

/** What an expression calls and refers to. */
export interface ExpressionAnalysis {
  /** Names of the functions called, as written (`length`, `core::length`, `provider::aws::arn_parse`). */
  readonly functions: readonly string[];
  /** References to named objects; symbols local to `for` expressions are left out. */
  readonly references: readonly ExpressionReference[];
}

interface Chain {
  readonly steps: TraversalStep[];
  /** Expressions inside the chain that are not part of it (index keys). */
  readonly inner: ExpressionNode[];
}

/** Collects the function calls and references of an expression syntax tree. */
export function analyzeExpression(ast: ExpressionNode): ExpressionAnalysis {
  const functions: string[] = [];
  const references: ExpressionReference[] = [];

  const visit = (node: ExpressionNode, locals: ReadonlySet<string>): void => {
    const chain = chainOf(node);
    if (chain) {
      const root = chain.steps[0];
      if (root.kind === "attribute" && !locals.has(root.name)) {
        references.push({ steps: chain.steps, text: renderSteps(chain.steps) });
      }
      for (const inner of chain.inner) visit(inner, locals);
      return;
    }
    const children = node.children ?? [];
    switch (node.type) {
      case "function":
        if (typeof node.meta?.name === "string") functions.push(node.meta.name);
        break;
      case "for": {
        const scoped = new Set(locals);
        for (const name of [node.meta?.keyVar, node.meta?.valVar]) {
          if (typeof name === "string" && name !== "") scoped.add(name);
        }
        const collection = children[0];
        const collectionIsFirst = collection?.meta?.value === node.meta?.collectionExpression;
        children.forEach((child, i) => visit(child, i === 0 && collectionIsFirst ? locals : scoped));
        return;
      }
    }
    for (const child of children) visit(child, locals);
  };

  visit(ast, new Set());
  return { functions, references };
}

/**
 * The reference chain a node stands for: a scope traversal, possibly followed by index, splat and relative
 * traversal steps (`aws_x.y[var.k].id`, `aws_x.y[*].id`); undefined when the node is not such a chain.
 */
function chainOf(node: ExpressionNode): Chain | undefined {
  const children = node.children ?? [];
  switch (node.type) {
    case "scopeTraversal":
      return { steps: stepsOf(node.meta?.traversal), inner: [] };
    case "relativeTraversal": {
      const source = children[0] ? chainOf(children[0]) : undefined;
      if (!source) return undefined;
      return {
        steps: [...source.steps, ...stepsOf(node.meta?.traversal)],
        inner: source.inner,
      };
    }
    case "index": {
      const source = children[0] ? chainOf(children[0]) : undefined;
      if (!source) return undefined;
      const key = children[1];
      return {
        steps: [...source.steps, { kind: "index", key: String(node.meta?.keyExpression ?? "") }],
        inner: key ? [...source.inner, key] : source.inner,
      };
    }
    case "splat": {
      const source = children[0] ? chainOf(children[0]) : undefined;
      if (!source) return undefined;
      const each = children[1];
      const eachSteps = each?.type === "relativeTraversal" ? stepsOf(each.meta?.traversal) : [];
      return {
        steps: [...source.steps, { kind: "splat" }, ...eachSteps],
        inner: source.inner,
      };
    }
    default:
      return undefined;
  }
}

function stepsOf(traversal: unknown): TraversalStep[] {
  if (!Array.isArray(traversal)) return [];
  return traversal.map((part: { type?: unknown; segment?: unknown }): TraversalStep => {
    const segment = String(part.segment ?? "");
    return part.type === "indexTraversal"
      ? { kind: "index", key: segment }
      : { kind: "attribute", name: segment };
  });
}

/** Writes reference steps the way Terraform does: `aws_x.y[0].id`, `aws_x.y[*].id`. */
export function renderSteps(steps: readonly TraversalStep[]): string {
  return steps
    .map((step, i) => {
      switch (step.kind) {
        case "attribute":
          return i === 0 ? step.name : `.${step.name}`;
        case "index":
          return `[${step.key ?? ""}]`;
        case "splat":
          return "[*]";
      }
    })
    .join("");
}
