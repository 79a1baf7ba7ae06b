import {
  type JsonObject,
  asObject,
  byCodePoint,
  isObject,
  objectAt,
  objectsAt,
  stringAt,
  withoutComments,
} from "../../modules/terraform-json";

/** A resource or data source of a stack. */
export interface TerraformBlock {
  /** `aws_ami_copy.golden_eu-west-1`, or `data.aws_ami.base` for a data source. */
  readonly address: string;
  readonly mode: "managed" | "data";
  /** `aws_ami_copy` */
  readonly type: string;
  /** `golden_eu-west-1` */
  readonly name: string;
  /** The arguments as written, without CDKTF's `"//"` comments. */
  readonly body: JsonObject;
  /** The region of the block's provider, when the stack says. */
  readonly region?: string;
}

/** A provider configuration: `aws` (the default) or `aws.<alias>`. */
export interface ProviderConfiguration {
  /** `aws` or `aws.eu-west-1`: how resources refer to it. */
  readonly reference: string;
  readonly region?: string;
  readonly body: JsonObject;
}

/** A `moved` block: Terraform renames the object in state instead of replacing it. */
export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

/**
 * One synthesized stack (`cdk.tf.json`), indexed for reading: blocks by address, providers by
 * reference and region.
 */
export class StackDocument {
  /** Every resource and data source, sorted by address. */
  readonly blocks: readonly TerraformBlock[];
  readonly providers: readonly ProviderConfiguration[];
  /** Outputs by name, without comments. */
  readonly outputs: ReadonlyMap<string, JsonObject>;
  readonly moved: readonly MovedBlock[];
  /** Addresses that `removed` blocks forget without destroying (`lifecycle { destroy = false }`). */
  readonly forgotten: ReadonlySet<string>;
  private readonly byAddress: ReadonlyMap<string, TerraformBlock>;

  constructor(
    /** The stack's folder name, which is the environment's name. */
    readonly name: string,
    /** The whole document as parsed. */
    readonly json: JsonObject,
  ) {
    this.providers = readProviders(json);
    this.blocks = [
      ...readBlocks(json, "managed", this.providers),
      ...readBlocks(json, "data", this.providers),
    ].sort((a, b) => byCodePoint(a.address, b.address));
    this.byAddress = new Map(this.blocks.map((block) => [block.address, block]));
    const outputs = new Map<string, JsonObject>();
    for (const [name, body] of Object.entries(asObject(json.output) ?? {}).sort(([a], [b]) =>
      byCodePoint(a, b),
    )) {
      const output = asObject(body);
      if (output) outputs.set(name, withoutComments(output) as JsonObject);
    }
    this.outputs = outputs;
    this.moved = objectsAt(json, "moved").flatMap((block) => {
      const from = stringAt(block, "from");
      const to = stringAt(block, "to");
      return from && to ? [{ from: stripInterpolation(from), to: stripInterpolation(to) }] : [];
    });
    this.forgotten = new Set(
      objectsAt(json, "removed")
        .filter((block) => objectAt(block, "lifecycle")?.destroy === false)
        .map((block) => stringAt(block, "from"))
        .filter((from): from is string => from !== undefined)
        .map(stripInterpolation),
    );
  }

  block(address: string): TerraformBlock | undefined {
    return this.byAddress.get(address);
  }

  /** Blocks of one type, sorted by address. */
  blocksOfType(type: string, mode: TerraformBlock["mode"] = "managed"): TerraformBlock[] {
    return this.blocks.filter((block) => block.type === type && block.mode === mode);
  }

  /** The region of the default `aws` provider. */
  get defaultRegion(): string | undefined {
    return this.providers.find((provider) => provider.reference === "aws")?.region;
  }

  /** The `"//"` comment object at the top of the document, where the stack records its settings. */
  get comments(): JsonObject | undefined {
    return objectAt(this.json, "//");
  }
}

function readProviders(json: JsonObject): ProviderConfiguration[] {
  const providers: ProviderConfiguration[] = [];
  for (const [type, value] of Object.entries(asObject(json.provider) ?? {})) {
    const bodies = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
    for (const body of bodies) {
      const alias = stringAt(body, "alias");
      providers.push({
        reference: alias ? `${type}.${alias}` : type,
        region: stringAt(body, "region"),
        body: withoutComments(body) as JsonObject,
      });
    }
  }
  return providers.sort((a, b) => byCodePoint(a.reference, b.reference));
}

function readBlocks(
  json: JsonObject,
  mode: TerraformBlock["mode"],
  providers: readonly ProviderConfiguration[],
): TerraformBlock[] {
  const section = asObject(mode === "managed" ? json.resource : json.data) ?? {};
  const blocks: TerraformBlock[] = [];
  for (const [type, byName] of Object.entries(section)) {
    if (!isObject(byName)) continue;
    for (const [name, raw] of Object.entries(byName)) {
      const body = asObject(raw);
      if (!body) continue;
      const clean = withoutComments(body) as JsonObject;
      const providerReference = stripInterpolation(stringAt(clean, "provider") ?? type.split("_")[0]);
      blocks.push({
        address: mode === "managed" ? `${type}.${name}` : `data.${type}.${name}`,
        mode,
        type,
        name,
        body: clean,
        region: providers.find((provider) => provider.reference === providerReference)?.region,
      });
    }
  }
  return blocks;
}

/** `"${aws.eu-west-1}"` and `"aws.eu-west-1"` both name the same provider. */
function stripInterpolation(value: string): string {
  return /^\$\{(.*)\}$/.exec(value.trim())?.[1].trim() ?? value.trim();
}
