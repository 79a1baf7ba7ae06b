import { closestName } from "./suggest";

/**
 * Terraform's built-in functions (Terraform 1.x core, including `templatestring`, `ephemeralasnull` and
 * `plantimestamp`). Each may also be called with the `core::` prefix.
 */
export const TERRAFORM_FUNCTIONS: ReadonlySet<string> = new Set([
  "abs",
  "abspath",
  "alltrue",
  "anytrue",
  "base64decode",
  "base64encode",
  "base64gzip",
  "base64sha256",
  "base64sha512",
  "basename",
  "bcrypt",
  "can",
  "ceil",
  "chomp",
  "chunklist",
  "cidrhost",
  "cidrnetmask",
  "cidrsubnet",
  "cidrsubnets",
  "coalesce",
  "coalescelist",
  "compact",
  "concat",
  "contains",
  "convert",
  "csvdecode",
  "dirname",
  "distinct",
  "element",
  "endswith",
  "ephemeralasnull",
  "file",
  "filebase64",
  "filebase64sha256",
  "filebase64sha512",
  "fileexists",
  "filemd5",
  "fileset",
  "filesha1",
  "filesha256",
  "filesha512",
  "flatten",
  "floor",
  "format",
  "formatdate",
  "formatlist",
  "indent",
  "index",
  "issensitive",
  "join",
  "jsondecode",
  "jsonencode",
  "keys",
  "length",
  "log",
  "lookup",
  "lower",
  "matchkeys",
  "max",
  "md5",
  "merge",
  "min",
  "nonsensitive",
  "one",
  "parseint",
  "pathexpand",
  "plantimestamp",
  "pow",
  "range",
  "regex",
  "regexall",
  "replace",
  "reverse",
  "rsadecrypt",
  "sensitive",
  "setintersection",
  "setproduct",
  "setsubtract",
  "setunion",
  "sha1",
  "sha256",
  "sha512",
  "signum",
  "slice",
  "sort",
  "split",
  "startswith",
  "strcontains",
  "strrev",
  "substr",
  "sum",
  "templatefile",
  "templatestring",
  "textdecodebase64",
  "textencodebase64",
  "timeadd",
  "timecmp",
  "timestamp",
  "title",
  "tobool",
  "tolist",
  "tomap",
  "tonumber",
  "toset",
  "tostring",
  "transpose",
  "trim",
  "trimprefix",
  "trimspace",
  "trimsuffix",
  "try",
  "upper",
  "urlencode",
  "uuid",
  "uuidv5",
  "values",
  "yamldecode",
  "yamlencode",
  "zipmap",
]);

/** Functions that Terraform removed, with what to write instead. */
const REMOVED_FUNCTIONS: { readonly [name: string]: string } = {
  list: "it was removed in Terraform 0.12; write a tuple literal ([a, b]) or use tolist([...])",
  map: "it was removed in Terraform 0.12; write an object literal ({ k = v }) or use tomap({...})",
};

/** Providers whose functions are always available without a `required_providers` entry. */
const BUILT_IN_FUNCTION_PROVIDERS: ReadonlySet<string> = new Set(["terraform"]);

/**
 * Checks a function name as written in an expression. Returns a message when Terraform would reject the call,
 * undefined when the name is fine.
 *
 * @param declaredProviders local names of the providers the configuration requires; provider-defined functions
 *   (`provider::<name>::<function>`) must name one of them. Undefined to accept any provider name.
 */
export function checkFunctionName(name: string, declaredProviders?: ReadonlySet<string>): string | undefined {
  const providerFunction = /^provider::([A-Za-z][A-Za-z0-9_-]*)::([A-Za-z][A-Za-z0-9_]*)$/.exec(name);
  if (providerFunction) {
    const [, provider] = providerFunction;
    if (declaredProviders && !declaredProviders.has(provider) && !BUILT_IN_FUNCTION_PROVIDERS.has(provider)) {
      const known = [...declaredProviders].sort().join(", ") || "none";
      return `unknown provider "${provider}" in function call ${name}(): provider-defined functions need the provider in terraform.required_providers (declared: ${known})`;
    }
    return undefined;
  }
  if (name.startsWith("provider::")) {
    return `invalid provider function name "${name}": expected provider::<provider local name>::<function>`;
  }
  const bare = name.startsWith("core::") ? name.slice("core::".length) : name;
  if (TERRAFORM_FUNCTIONS.has(bare)) return undefined;
  const removed = REMOVED_FUNCTIONS[bare];
  if (removed) return `function "${name}" is not available: ${removed}`;
  const suggestion = closestName(bare, TERRAFORM_FUNCTIONS);
  return `unknown function "${name}": Terraform has no built-in function of that name${suggestion ? `; did you mean "${suggestion}"?` : ""}`;
}
