import { isJsonObject, type JsonObject } from "./json-values";
import { indexPath, joinPath } from "./problem";
import { blocksOf, type DeclaredBlock, type TerraformDocument } from "./terraform-document";
import { hasTemplateSequence } from "./template-text";

/** Which special symbols an expression may use where it is written. */
export interface ReferenceScope {
  /** `count.index` is available: the enclosing resource, data source or module has `count`. */
  readonly count: boolean;
  /** `each.key` and `each.value` are available: the enclosing block has `for_each`. */
  readonly each: boolean;
  /** `self` is available: inside a provisioner, a connection block or a postcondition. */
  readonly self: boolean;
  /** Iterator symbols of enclosing `dynamic` blocks. */
  readonly iterators: readonly string[];
  /** The resource or data source the expression belongs to, if any. */
  readonly block?: DeclaredBlock;
}

/** A string of a document that Terraform evaluates. */
export interface ExpressionSite {
  /** Address of the block the string is in. */
  readonly address: string;
  /** Path of the string inside the block. */
  readonly attributePath: string;
  /** The raw string. */
  readonly value: string;
  /**
   * `template`: a string template (has `${` or `%{`); `traversal`: a bare reference such as the entries of
   * `depends_on` (`"aws_ami_copy.golden"`), which names an object and may not go on to its attributes.
   */
  readonly kind: "template" | "traversal";
  readonly scope: ReferenceScope;
}

const NO_SCOPE: ReferenceScope = { count: false, each: false, self: false, iterators: [] };

/**
 * Finds every string of a document that Terraform evaluates: templates in resource, data source, module, output,
 * local value and provider bodies and in variable validations, and the bare references of `depends_on` and
 * `replace_triggered_by`. `//` metadata, the `terraform` block, variable defaults and static arguments such as
 * `provider`, `source` and `ignore_changes` are left out.
 */
export function collectExpressionSites(document: TerraformDocument): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const collector = new SiteCollector(sites);

  for (const block of [...document.resources, ...document.dataSources]) {
    collector.metaBody(block.address, block.body, {
      count: block.body.count !== undefined,
      each: block.body.for_each !== undefined,
      self: false,
      iterators: [],
      block,
    });
  }
  for (const module of document.modules) {
    const scope = {
      ...NO_SCOPE,
      count: module.body.count !== undefined,
      each: module.body.for_each !== undefined,
    };
    for (const [key, value] of Object.entries(module.body)) {
      if (key === "//" || key === "source" || key === "version" || key === "providers") continue;
      if (key === "depends_on") collector.traversals(module.address, key, value, scope);
      else collector.value(module.address, key, value, scope);
    }
  }
  for (const provider of document.providers) {
    for (const [key, value] of Object.entries(provider.body)) {
      if (key !== "//" && key !== "alias" && key !== "version")
        collector.value(provider.address, key, value, NO_SCOPE);
    }
  }
  for (const local of document.locals) {
    collector.value(local.address, "", local.value, NO_SCOPE);
  }
  for (const output of document.outputs) {
    const body = output.value as JsonObject;
    for (const [key, value] of Object.entries(body)) {
      if (key === "//" || key === "sensitive" || key === "ephemeral") continue;
      if (key === "depends_on") collector.traversals(output.address, key, value, NO_SCOPE);
      else collector.value(output.address, key, value, NO_SCOPE);
    }
  }
  for (const variable of document.variables) {
    const body = variable.value as JsonObject;
    blocksOf(body.validation).forEach((validation, i) => {
      const path = Array.isArray(body.validation) ? indexPath("validation", i) : "validation";
      collector.value(variable.address, path, validation, NO_SCOPE);
    });
  }
  return sites;
}

class SiteCollector {
  constructor(private readonly sites: ExpressionSite[]) {}

  /** The body of a resource or data source, with its meta-arguments. */
  metaBody(address: string, body: JsonObject, scope: ReferenceScope): void {
    for (const [key, value] of Object.entries(body)) {
      switch (key) {
        case "//":
        case "provider":
          break;
        case "depends_on":
          this.traversals(address, key, value, scope);
          break;
        case "lifecycle":
          this.lifecycle(address, value, scope);
          break;
        case "provisioner":
        case "connection":
          this.value(address, key, value, { ...scope, self: true });
          break;
        case "dynamic":
          this.dynamic(address, key, value, scope);
          break;
        default:
          this.value(address, key, value, scope);
      }
    }
  }

  /** Any value: strings with template sequences are sites; arrays and objects are searched. */
  value(address: string, path: string, value: unknown, scope: ReferenceScope): void {
    if (typeof value === "string") {
      if (hasTemplateSequence(value))
        this.sites.push({ address, attributePath: path, value, kind: "template", scope });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => this.value(address, indexPath(path, i), item, scope));
    } else if (isJsonObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === "//") continue;
        if (key === "dynamic" && isJsonObject(item)) this.dynamic(address, joinPath(path, key), item, scope);
        else this.value(address, joinPath(path, key), item, scope);
      }
    }
  }

  /** A list of bare references (`depends_on`, `replace_triggered_by`). */
  traversals(address: string, path: string, value: unknown, scope: ReferenceScope): void {
    if (!Array.isArray(value)) {
      this.value(address, path, value, scope);
      return;
    }
    value.forEach((item, i) => {
      const itemPath = indexPath(path, i);
      if (typeof item === "string" && !hasTemplateSequence(item)) {
        this.sites.push({ address, attributePath: itemPath, value: item, kind: "traversal", scope });
      } else {
        this.value(address, itemPath, item, scope);
      }
    });
  }

  /** `dynamic "label" { for_each = ..., iterator = ..., content { ... } }`: the iterator is in scope in `content`. */
  private dynamic(address: string, path: string, value: unknown, scope: ReferenceScope): void {
    if (!isJsonObject(value)) {
      this.value(address, path, value, scope);
      return;
    }
    for (const [label, specs] of Object.entries(value)) {
      if (label === "//") continue;
      blocksOf(specs).forEach((spec, i) => {
        const specPath = Array.isArray(specs) ? indexPath(joinPath(path, label), i) : joinPath(path, label);
        const iterator = typeof spec.iterator === "string" ? spec.iterator : label;
        for (const [key, item] of Object.entries(spec)) {
          if (key === "//" || key === "iterator") continue;
          const inner = key === "content" ? { ...scope, iterators: [...scope.iterators, iterator] } : scope;
          this.value(address, joinPath(specPath, key), item, inner);
        }
      });
    }
  }

  private lifecycle(address: string, value: unknown, scope: ReferenceScope): void {
    blocksOf(value).forEach((lifecycle, i) => {
      const path = Array.isArray(value) ? indexPath("lifecycle", i) : "lifecycle";
      for (const [key, item] of Object.entries(lifecycle)) {
        const itemPath = joinPath(path, key);
        switch (key) {
          case "//":
          case "ignore_changes":
          case "create_before_destroy":
          case "prevent_destroy":
            break;
          case "replace_triggered_by":
            this.traversals(address, itemPath, item, scope);
            break;
          case "postcondition":
            this.value(address, itemPath, item, { ...scope, self: true });
            break;
          default:
            this.value(address, itemPath, item, scope);
        }
      }
    });
  }
}
