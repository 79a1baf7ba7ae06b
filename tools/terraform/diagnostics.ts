import { findNodeAtLocation, getLocation, parseTree, type JSONPath } from "jsonc-parser";

/** A position in a file, as Terraform reports it (1-based line and column, 0-based byte offset). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

/** A diagnostic as Terraform prints it with `-json`. */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: {
    readonly filename: string;
    readonly start: SourcePosition;
    readonly end: SourcePosition;
  };
}

/** A Terraform diagnostic placed in the stack it concerns. */
export interface LocatedDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  /** Terraform's explanation; empty when it gave none. */
  readonly detail: string;
  /** The file it was found in, as the user named it; undefined when Terraform named none. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /**
   * The Terraform address of the block at the diagnostic's position: `aws_ami_copy.golden_eu-west-1`,
   * `data.aws_ami.base`, `provider.aws.eu-west-1`, `output.image_id`, `terraform`; empty when Terraform
   * gave no position.
   */
  readonly address: string;
  /** The argument inside the block, e.g. `lifecycle.prevent_destroy` or `block_device_mappings[0].ebs`. */
  readonly attributePath: string;
}

/** Whether a value is a Terraform `-json` diagnostic. */
export function isTerraformDiagnostic(value: unknown): value is TerraformDiagnostic {
  const candidate = value as Partial<TerraformDiagnostic> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    (candidate.severity === "error" || candidate.severity === "warning") &&
    typeof candidate.summary === "string"
  );
}

/** A file Terraform read: the name to show for it, the text Terraform read, and the user's text. */
export interface DiagnosticSource {
  /** The file as the user named it, e.g. `cdktf.out/stacks/dev/cdk.tf.json`. */
  readonly shown: string;
  /** The text Terraform read (a copy of the user's file, perhaps with the provider pins relaxed). */
  readonly seen: string;
  /** The user's text, where lines and columns are reported; the same as `seen` when it was not changed. */
  readonly original: string;
}

/**
 * Places a diagnostic in a Terraform JSON document: the block and argument at the position Terraform
 * reports. `sources` maps the file names Terraform uses to the files they stand for.
 */
export function locateDiagnostic(
  diagnostic: TerraformDiagnostic,
  sources: ReadonlyMap<string, DiagnosticSource>,
): LocatedDiagnostic {
  const base = {
    severity: diagnostic.severity,
    summary: diagnostic.summary,
    detail: diagnostic.detail ?? "",
  };
  const range = diagnostic.range;
  if (!range) return { ...base, address: diagnostic.address ?? "", attributePath: "" };
  const source = sources.get(range.filename);
  const where = { file: source?.shown ?? range.filename, line: range.start.line, column: range.start.column };
  if (!source || !range.filename.endsWith(".json"))
    return { ...base, ...where, address: diagnostic.address ?? "", attributePath: "" };
  const located = addressAt(source.seen, range.start.byte);
  if (source.original !== source.seen) {
    const position = positionOf(source.original, located.path);
    if (position) Object.assign(where, position);
  }
  return { ...base, ...where, address: located.address, attributePath: located.attributePath };
}

/** The Terraform address and argument path at a byte offset of a Terraform JSON document. */
export function addressAt(
  text: string,
  byte: number,
): { address: string; attributePath: string; path: JSONPath } {
  // Terraform counts bytes; JavaScript strings count UTF-16 code units.
  const offset = Buffer.from(text, "utf8").subarray(0, byte).toString("utf8").length;
  const path = getLocation(text, offset).path;
  const steps = [...path];
  // JSON syntax allows a list of objects wherever a block type is expected: skip those indexes.
  const key = () => {
    while (typeof steps[0] === "number") steps.shift();
    return steps.length > 0 ? String(steps.shift()) : undefined;
  };
  const section = key();
  let address = section ?? "";
  switch (section) {
    case "resource":
    case "data": {
      const type = key();
      const name = key();
      address = [section === "data" ? "data" : undefined, type, name].filter(Boolean).join(".");
      break;
    }
    case "provider": {
      const name = key();
      address = name ? `provider.${name}` : "provider";
      const index = steps[0];
      if (typeof index === "number") {
        steps.shift();
        const alias = providerAlias(text, name ?? "", index);
        if (alias) address += `.${alias}`;
      }
      break;
    }
    case "output":
    case "module":
    case "variable":
    case "check": {
      const name = key();
      address = name ? `${section === "variable" ? "var" : section}.${name}` : section;
      break;
    }
    case "locals": {
      const name = key();
      address = name ? `local.${name}` : "locals";
      break;
    }
  }
  return { address, attributePath: attributePath(steps), path };
}

/** The line and column where the value at a JSON path starts, if the text has it. */
function positionOf(text: string, path: JSONPath): { line: number; column: number } | undefined {
  const tree = parseTree(text);
  const node = tree && findNodeAtLocation(tree, path);
  if (!node) return undefined;
  const before = text.slice(0, node.offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** `lifecycle.prevent_destroy`, `block_device_mappings[0].ebs`. */
function attributePath(steps: ReadonlyArray<string | number>): string {
  return steps
    .map((step, index) => (typeof step === "number" ? `[${step}]` : index === 0 ? step : `.${step}`))
    .join("");
}

/** The alias of the `index`-th configuration of a provider in JSON syntax, if it has one. */
function providerAlias(text: string, name: string, index: number): string | undefined {
  try {
    const configs = (JSON.parse(text) as { provider?: Record<string, unknown> }).provider?.[name];
    const config = Array.isArray(configs) ? configs[index] : configs;
    const alias = (config as { alias?: unknown } | undefined)?.alias;
    return typeof alias === "string" ? alias : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `cdk.tf.json:40:12: aws_ami_copy.golden.kms_key_id: Error: Unsupported argument: An argument named ...`:
 * where, what (Terraform's summary) and why (Terraform's detail, on one line).
 */
export function formatDiagnostic(diagnostic: LocatedDiagnostic): string {
  const position =
    diagnostic.file === undefined
      ? ""
      : `${diagnostic.file}${diagnostic.line === undefined ? "" : `:${diagnostic.line}:${diagnostic.column}`}: `;
  const where =
    diagnostic.address === ""
      ? ""
      : `${diagnostic.address}${diagnostic.attributePath === "" ? "" : `.${diagnostic.attributePath}`}: `;
  const severity = diagnostic.severity === "error" ? "Error" : "Warning";
  const detail = diagnostic.detail.replace(/\s*\n\s*/g, " ").trim();
  return `${position}${where}${severity}: ${diagnostic.summary}${detail === "" ? "" : `: ${detail}`}`;
}
