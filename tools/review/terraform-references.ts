import { type Json, isObject, sortedUnique } from "../../modules/terraform-json";

/** A reference to one attribute of a resource or data source, e.g. `aws_ami_copy.golden_eu-west-1.id`. */
export interface AttributeReference {
  /** `aws_ami_copy.golden_eu-west-1` or `data.aws_ami.base`. */
  readonly address: string;
  /** `id`, `root_device_name`, ... */
  readonly attribute: string;
}

const NAME = "[A-Za-z_][A-Za-z0-9_-]*";
const ADDRESS = `(?:data\\.)?${NAME}\\.${NAME}`;
const SOLE_REFERENCE = new RegExp(`^\\$\\{\\s*(${ADDRESS})\\.(${NAME})\\s*\\}$`);
const INTERPOLATION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const TRAVERSAL = new RegExp(`(?<![A-Za-z0-9_.-])(${ADDRESS})(?=[.[\\s)},]|$)`, "g");
/** Names that start a traversal but are not resources. */
const NOT_RESOURCES = new Set(["var", "local", "module", "each", "count", "path", "self", "terraform"]);

/** The reference when the value is exactly one, e.g. `"${data.aws_ami.base.id}"`. */
export function soleReference(value: Json | undefined): AttributeReference | undefined {
  if (typeof value !== "string") return undefined;
  const match = SOLE_REFERENCE.exec(value);
  if (!match || NOT_RESOURCES.has(match[1].split(".")[0])) return undefined;
  return { address: match[1], attribute: match[2] };
}

/** Every resource or data source address that the value refers to, at any depth, sorted. */
export function referencedAddresses(value: Json | undefined): string[] {
  const found: string[] = [];
  const visit = (item: Json | undefined) => {
    if (typeof item === "string") {
      for (const [, expression] of item.matchAll(INTERPOLATION)) {
        for (const [, address] of expression.matchAll(TRAVERSAL)) {
          if (!NOT_RESOURCES.has(address.split(".")[0])) found.push(address);
        }
      }
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (isObject(item)) Object.values(item).forEach(visit);
  };
  visit(value);
  return sortedUnique(found);
}

const ATTRIBUTE_TRAVERSAL = new RegExp(`(?<![A-Za-z0-9_.-])(${ADDRESS})\\.(${NAME})`, "g");

/** Every attribute of a resource or data source that the value refers to, at any depth. */
export function referencedAttributes(value: Json | undefined): AttributeReference[] {
  const found = new Map<string, AttributeReference>();
  const visit = (item: Json | undefined) => {
    if (typeof item === "string") {
      for (const [, expression] of item.matchAll(INTERPOLATION)) {
        for (const [, address, attribute] of expression.matchAll(ATTRIBUTE_TRAVERSAL)) {
          if (!NOT_RESOURCES.has(address.split(".")[0]))
            found.set(`${address}.${attribute}`, { address, attribute });
        }
      }
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (isObject(item)) Object.values(item).forEach(visit);
  };
  visit(value);
  return [...found.values()];
}

/**
 * The value with references to renamed blocks rewritten to their new addresses, at any depth:
 * `${data.aws_ami.base.id}` reads `${data.aws_ami.base_1-4-0.id}` when that lookup was renamed.
 */
export function renameReferences(value: Json, renames: ReadonlyMap<string, string>): Json {
  if (renames.size === 0) return value;
  if (typeof value === "string")
    return value.replace(INTERPOLATION, (expression) =>
      expression.replace(TRAVERSAL, (address: string) => renames.get(address) ?? address),
    );
  if (Array.isArray(value)) return value.map((item) => renameReferences(item, renames));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, renameReferences(item, renames)]),
  );
}

/** An expression as a reviewer reads it: `"${a.b.c}"` becomes `a.b.c`; literals stay as they are. */
export function showExpression(value: string): string {
  const match = /^\$\{\s*([^{}]*?)\s*\}$/.exec(value);
  return match ? match[1] : value;
}

/** True when the string holds an interpolation, so its value is only known at plan or apply time. */
export function isExpression(value: Json | undefined): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Any value as a reviewer reads it: strings as `showExpression` shows them, others as JSON. */
export function showValue(value: Json | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? showExpression(value) : JSON.stringify(value);
}
