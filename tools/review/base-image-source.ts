import {
  type JsonObject,
  booleanAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
} from "../../modules/terraform-json";
import type { StackDocument, TerraformBlock } from "./stack-document";
import { isExpression, showExpression } from "./terraform-references";

/** Where the environment's base image comes from, as a reviewer needs to know it. */
export interface BaseImageSource {
  readonly kind: "preset" | "lookup" | "ssmParameter" | "imageId" | "promoted" | "none";
  /** One line, e.g. `preset ubuntu-22.04 (x86_64)`. */
  readonly summary: string;
  /** How the lookup finds it: owners, name pattern, ... */
  readonly details: readonly string[];
  /** False when the image can change without any change to the config. */
  readonly pinned: boolean;
}

/** The home region's base image lookup. */
export const BASE_IMAGE_ADDRESS = "data.aws_ami.base";
export const BASE_PARAMETER_ADDRESS = "data.aws_ssm_parameter.base";

/**
 * The base image lookup in the home region: `data.aws_ami.base`, or for a promoted image one of
 * its versions' (`data.aws_ami.base_<version>`), the last in address order.
 */
export function homeBaseLookup(stack: StackDocument): TerraformBlock | undefined {
  return (
    stack.block(BASE_IMAGE_ADDRESS) ??
    stack
      .blocksOfType("aws_ami", "data")
      .filter((block) => block.name.startsWith("base_") && block.region === stack.defaultRegion)
      .pop()
  );
}

/**
 * Describes the base image from the config recorded in `"//".environment.baseImage`, and from
 * the lookup itself when the stack has no record.
 */
export function describeBaseImage(stack: StackDocument, recorded: JsonObject | undefined): BaseImageSource {
  const lookup = homeBaseLookup(stack);
  const parameter = stack.block(BASE_PARAMETER_ADDRESS);
  const details = lookup ? describeLookup(lookup) : [];
  const preset = stringAt(recorded, "preset");
  if (preset) {
    const architecture = stringAt(recorded, "architecture") ?? "x86_64";
    return { kind: "preset", summary: `preset ${preset} (${architecture})`, details, pinned: false };
  }
  const promoted = objectAt(recorded, "promoted");
  if (promoted) {
    const name = stringAt(promoted, "name") ?? "?";
    const version = stringAt(promoted, "version") ?? "?";
    return {
      kind: "promoted",
      summary: `promoted ${name} ${version}`,
      details: [`AMI ${name}-${version} of account ${stringAt(promoted, "ownerAccount") ?? "?"}`],
      pinned: true,
    };
  }
  const imageId = stringAt(recorded, "imageId");
  if (imageId) return { kind: "imageId", summary: `pinned ${imageId}`, details: [], pinned: true };
  const parameterName = stringAt(recorded, "ssmParameter") ?? stringAt(parameter?.body, "name");
  if (parameterName) {
    return {
      kind: "ssmParameter",
      summary: `SSM parameter ${parameterName}`,
      details: ["the AMI ID the parameter holds at plan time"],
      pinned: false,
    };
  }
  const recordedLookup = objectAt(recorded, "lookup");
  if (recordedLookup) {
    const name = stringAt(recordedLookup, "name") ?? "?";
    const mostRecent = booleanAt(recordedLookup, "mostRecent") === true;
    return { kind: "lookup", summary: `lookup ${name}`, details, pinned: !mostRecent && !/[*?]/.test(name) };
  }
  if (!lookup) return { kind: "none", summary: "no base image lookup", details: [], pinned: true };
  return deriveFromLookup(lookup, details);
}

/** For stacks without a recorded config: what the lookup's filters say. */
function deriveFromLookup(lookup: TerraformBlock, details: string[]): BaseImageSource {
  const filters = filtersOf(lookup.body);
  const imageIds = filters.get("image-id") ?? [];
  if (imageIds.length === 1 && !isExpression(imageIds[0]))
    return { kind: "imageId", summary: `pinned ${imageIds[0]}`, details: [], pinned: true };
  const names = filters.get("name") ?? [];
  const mostRecent = booleanAt(lookup.body, "most_recent") === true;
  const exact = names.length === 1 && !/[*?]/.test(names[0]) && !mostRecent;
  return {
    kind: "lookup",
    summary: `lookup ${names.join(", ") || "(no name filter)"}`,
    details,
    pinned: exact,
  };
}

/** `owners 099720109477`, `name ubuntu/...-*`, `newest match`. */
export function describeLookup(lookup: TerraformBlock): string[] {
  const lines: string[] = [];
  const owners = stringsAt(lookup.body, "owners");
  if (owners.length > 0) lines.push(`owners ${owners.join(", ")}`);
  for (const [name, values] of filtersOf(lookup.body))
    lines.push(`${name} ${values.map(showExpression).join(", ")}`);
  if (booleanAt(lookup.body, "most_recent")) lines.push("newest match");
  return lines;
}

/** The `filter` blocks of a `data aws_ami`, by filter name, in the order written. */
export function filtersOf(body: JsonObject): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const filter of objectsAt(body, "filter")) {
    const name = stringAt(filter, "name");
    if (name) filters.set(name, [...(filters.get(name) ?? []), ...stringsAt(filter, "values")]);
  }
  return filters;
}
