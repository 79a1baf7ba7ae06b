import { describeJson, isJsonObject, type JsonObject } from "./json-values";
import { didYouMean } from "./suggest";

/** A labelled block of a document: a resource, data source or module call. */
export interface DeclaredBlock {
  /** `aws_ami_copy.golden`, `data.aws_ami.base`, `module.network`. */
  readonly address: string;
  /** Resource or data source type (`aws_ami_copy`); empty for modules. */
  readonly type: string;
  /** The block's name label. */
  readonly name: string;
  readonly body: JsonObject;
}

/** One `provider` configuration. */
export interface ProviderConfiguration {
  /** `provider.aws` or `provider.aws.eu-west-1` (with the alias). */
  readonly address: string;
  /** Provider local name, e.g. `aws`. */
  readonly localName: string;
  /** The configuration's `alias`, if any. */
  readonly alias?: string;
  readonly body: JsonObject;
}

/** A block without labels other than its name: an output, variable or local value. */
export interface NamedValue {
  /** `output.ami_id`, `var.region`, `local.tags`. */
  readonly address: string;
  readonly name: string;
  readonly value: unknown;
}

/** The declarations of a Terraform JSON document (`cdk.tf.json`), indexed for lookups. */
export interface TerraformDocument {
  readonly json: JsonObject;
  readonly resources: readonly DeclaredBlock[];
  readonly dataSources: readonly DeclaredBlock[];
  readonly modules: readonly DeclaredBlock[];
  readonly providers: readonly ProviderConfiguration[];
  readonly variables: readonly NamedValue[];
  readonly locals: readonly NamedValue[];
  readonly outputs: readonly NamedValue[];
  /** Local names in `terraform.required_providers`; undefined when the document has none. */
  readonly requiredProviders?: ReadonlySet<string>;
  /** The resource `type.name`, if declared. */
  resource(type: string, name: string): DeclaredBlock | undefined;
  /** The data source `data.type.name`, if declared. */
  dataSource(type: string, name: string): DeclaredBlock | undefined;
}

/** Reports a structural problem found while reading a document. */
export type ReportProblem = (address: string, attributePath: string, message: string) => void;

/** The top-level keys of Terraform JSON configuration syntax. */
export const TOP_LEVEL_KEYS: readonly string[] = [
  "//",
  "terraform",
  "resource",
  "data",
  "ephemeral",
  "provider",
  "variable",
  "output",
  "locals",
  "module",
  "moved",
  "import",
  "removed",
  "check",
];

/**
 * Reads the declarations of a Terraform JSON document. Malformed parts (a resource that is not an object, an
 * unknown top-level key, a duplicate name) are reported and skipped.
 */
export function readTerraformDocument(json: JsonObject, report: ReportProblem): TerraformDocument {
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      report(
        key,
        "",
        `unsupported top-level key "${key}": Terraform JSON has no such block type${didYouMean(key, TOP_LEVEL_KEYS)}`,
      );
    }
  }

  const resources = readTypedBlocks(json.resource, "resource", "", report);
  const dataSources = readTypedBlocks(json.data, "data", "data.", report);
  const modules: DeclaredBlock[] = [];
  for (const [name, body] of entriesOf(json.module, "module", report)) {
    const address = `module.${name}`;
    if (!isJsonObject(body))
      report(address, "", `expected a module block (a JSON object), got ${describeJson(body)}`);
    else modules.push({ address, type: "", name, body });
  }

  const providers: ProviderConfiguration[] = [];
  for (const [localName, configs] of entriesOf(json.provider, "provider", report)) {
    const list = Array.isArray(configs) ? configs : [configs];
    list.forEach((body, i) => {
      const alias = isJsonObject(body) && typeof body.alias === "string" ? body.alias : undefined;
      const address = alias
        ? `provider.${localName}.${alias}`
        : list.length > 1
          ? `provider.${localName}[${i}]`
          : `provider.${localName}`;
      if (!isJsonObject(body)) {
        report(address, "", `expected a provider configuration (a JSON object), got ${describeJson(body)}`);
        return;
      }
      const duplicate = providers.find((p) => p.localName === localName && p.alias === alias);
      if (duplicate) {
        const what = alias ? `alias "${alias}"` : "no alias (the default configuration)";
        report(
          address,
          alias ? "alias" : "",
          `duplicate provider configuration: another "${localName}" configuration has ${what}`,
        );
        return;
      }
      providers.push({ address, localName, alias, body });
    });
  }

  const variables = readNamedValues(json.variable, "variable", "var.", report);
  const outputs = readNamedValues(json.output, "output", "output.", report);
  const locals: NamedValue[] = [];
  for (const [name, value] of entriesOf(json.locals, "locals", report)) {
    if (locals.some((l) => l.name === name)) {
      report(
        `local.${name}`,
        "",
        `duplicate local value "${name}": each local value may only be defined once`,
      );
      continue;
    }
    locals.push({ address: `local.${name}`, name, value });
  }

  let requiredProviders: Set<string> | undefined;
  for (const terraform of blocksOf(json.terraform)) {
    for (const [name] of entriesOf(terraform.required_providers, "terraform.required_providers", report)) {
      requiredProviders ??= new Set();
      requiredProviders.add(name);
    }
  }

  const index = (blocks: readonly DeclaredBlock[]) => new Map(blocks.map((b) => [`${b.type}.${b.name}`, b]));
  const resourceIndex = index(resources);
  const dataIndex = index(dataSources);
  return {
    json,
    resources,
    dataSources,
    modules,
    providers,
    variables,
    locals,
    outputs,
    requiredProviders,
    resource: (type, name) => resourceIndex.get(`${type}.${name}`),
    dataSource: (type, name) => dataIndex.get(`${type}.${name}`),
  };
}

function readTypedBlocks(
  value: unknown,
  what: "resource" | "data",
  prefix: string,
  report: ReportProblem,
): DeclaredBlock[] {
  const blocks: DeclaredBlock[] = [];
  for (const [type, byName] of entriesOf(value, what, report)) {
    for (const [name, body] of entriesOf(byName, `${what}.${type}`, report)) {
      const address = `${prefix}${type}.${name}`;
      if (!isJsonObject(body)) {
        report(
          address,
          "",
          `expected a ${what === "data" ? "data source" : "resource"} block (a JSON object), got ${describeJson(body)}`,
        );
      } else if (blocks.some((b) => b.address === address)) {
        report(
          address,
          "",
          `duplicate ${what === "data" ? "data source" : "resource"} "${type}" "${name}": each name may only be declared once per type`,
        );
      } else {
        blocks.push({ address, type, name, body });
      }
    }
  }
  return blocks;
}

function readNamedValues(value: unknown, what: string, prefix: string, report: ReportProblem): NamedValue[] {
  const values: NamedValue[] = [];
  for (const [name, body] of entriesOf(value, what, report)) {
    const address = `${prefix}${name}`;
    if (values.some((v) => v.name === name)) {
      report(address, "", `duplicate ${what} "${name}": each ${what} may only be declared once`);
      continue;
    }
    if (!isJsonObject(body)) {
      report(address, "", `expected a ${what} block (a JSON object), got ${describeJson(body)}`);
      continue;
    }
    values.push({ address, name, value: body });
  }
  return values;
}

/**
 * The entries of a JSON block map. Terraform JSON also accepts an array of such objects, which are merged; the
 * `//` comment key is skipped.
 */
function entriesOf(value: unknown, where: string, report: ReportProblem): [string, unknown][] {
  if (value === undefined || value === null) return [];
  const parts = Array.isArray(value) ? value : [value];
  const entries: [string, unknown][] = [];
  for (const part of parts) {
    if (!isJsonObject(part)) {
      report(where, "", `expected a JSON object mapping names to blocks, got ${describeJson(part)}`);
      continue;
    }
    for (const [key, entry] of Object.entries(part)) {
      if (key !== "//") entries.push([key, entry]);
    }
  }
  return entries;
}

/** The objects of a value given as one object or an array of objects. */
export function blocksOf(value: unknown): JsonObject[] {
  if (isJsonObject(value)) return [value];
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return [];
}
