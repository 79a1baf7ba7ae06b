import type { RecordedImageVersions } from "../../modules/image-versions";
import {
  type JsonObject,
  booleanAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
} from "../../modules/terraform-json";
import { IMAGE_TYPES } from "./replacement-rules";
import type { StackDocument } from "./stack-document";

/** A finding that the environment accepts, with the reason it gives. */
export interface Waiver {
  /** The rule it waives, e.g. "imds-hop-limit". */
  readonly rule: string;
  readonly reason: string;
}

/** What the stack says about its environment. */
export interface EnvironmentSettings {
  readonly name: string;
  readonly account?: string;
  readonly homeRegion?: string;
  readonly production: boolean;
  /** True when the stack did not record `production` and it was inferred from `prevent_destroy`. */
  readonly productionInferred: boolean;
  /** The base image source of the config, as recorded in `"//".environment.baseImage`. */
  readonly baseImage?: JsonObject;
  readonly waivers: readonly Waiver[];
  /** One line describing where the state lives. */
  readonly backend: string;
  /** The versions of the environment's image, for golden and promoted images. */
  readonly imageVersions?: RecordedImageVersions;
  /** Copy regions leaving: their resources go, their provider stays. */
  readonly retiredRegions: readonly string[];
  /** The environment lets this change deregister AMIs. */
  readonly allowImageRemoval: boolean;
}

export type { RecordedImageVersions };

/**
 * Reads the environment's settings from `"//".environment`, which Terraform ignores, and falls
 * back on what the providers and resources say for stacks synthesized without it.
 */
export function readEnvironmentSettings(stack: StackDocument): EnvironmentSettings {
  const recorded = objectAt(stack.comments, "environment");
  const defaultProvider = stack.providers.find((provider) => provider.reference === "aws");
  const recordedProduction = booleanAt(recorded, "production");
  return {
    name: stringAt(recorded, "name") ?? stack.name,
    account: stringAt(recorded, "account") ?? stringsAt(defaultProvider?.body, "allowed_account_ids")[0],
    homeRegion: stringAt(recorded, "region") ?? stack.defaultRegion,
    production: recordedProduction ?? protectsImages(stack),
    productionInferred: recordedProduction === undefined,
    baseImage: objectAt(recorded, "baseImage"),
    waivers: objectsAt(recorded, "waivers")
      .map((waiver) => ({ rule: stringAt(waiver, "rule") ?? "", reason: stringAt(waiver, "reason") ?? "" }))
      .filter((waiver) => waiver.rule !== ""),
    backend: describeBackend(objectAt(stack.json, "terraform")),
    imageVersions:
      readImageVersions(objectAt(recorded, "imageVersions")) ??
      singleVersion(stack, objectAt(recorded, "baseImage")),
    retiredRegions: stringsAt(recorded, "retiredRegions"),
    allowImageRemoval: booleanAt(recorded, "allowImageRemoval") === true,
  };
}

function readImageVersions(recorded: JsonObject | undefined): RecordedImageVersions | undefined {
  const name = stringAt(recorded, "name");
  const kind = stringAt(recorded, "kind");
  const current = stringAt(recorded, "current");
  if (!name || !current || (kind !== "golden" && kind !== "promoted")) return undefined;
  return {
    name,
    kind,
    kept: stringsAt(recorded, "kept"),
    current,
    retired: stringsAt(recorded, "retired"),
  };
}

/**
 * For a stack synthesized before versions were recorded: its one version, read from its golden
 * image's tags or from the promoted base image it records.
 */
function singleVersion(
  stack: StackDocument,
  baseImage: JsonObject | undefined,
): RecordedImageVersions | undefined {
  const [golden] = stack.blocksOfType("aws_ami_from_instance");
  const tags = objectAt(golden?.body, "tags");
  const promoted = objectAt(baseImage, "promoted");
  const [kind, name, version] = golden
    ? (["golden", stringAt(tags, "ImageName"), stringAt(tags, "ImageVersion")] as const)
    : (["promoted", stringAt(promoted, "name"), stringAt(promoted, "version")] as const);
  if (!name || !version) return undefined;
  return { name, kind, kept: [version], current: version, retired: [] };
}

/** Production environments protect their AMIs from destroy. */
function protectsImages(stack: StackDocument): boolean {
  return stack.blocks.some(
    (block) =>
      IMAGE_TYPES.includes(block.type) && booleanAt(objectAt(block.body, "lifecycle"), "prevent_destroy"),
  );
}

function describeBackend(terraform: JsonObject | undefined): string {
  const cloud = objectAt(terraform, "cloud");
  if (cloud) {
    const workspaces = objectAt(cloud, "workspaces");
    const workspace = stringAt(workspaces, "name") ?? `tags ${stringsAt(workspaces, "tags").join(", ")}`;
    return `cloud: ${stringAt(cloud, "organization") ?? "?"} / ${workspace}`;
  }
  const backends = objectAt(terraform, "backend");
  const [kind] = Object.keys(backends ?? {});
  if (!kind) return "local (default)";
  const settings = objectAt(backends, kind);
  if (kind === "local") return `local: ${stringAt(settings, "path") ?? "terraform.tfstate"}`;
  if (kind === "s3") {
    const details = [
      stringAt(settings, "region"),
      booleanAt(settings, "encrypt") ? "encrypted" : "not encrypted",
      booleanAt(settings, "use_lockfile")
        ? "S3 lock file"
        : stringAt(settings, "dynamodb_table")
          ? `DynamoDB lock ${stringAt(settings, "dynamodb_table")}`
          : "no locking",
    ].filter(Boolean);
    return `s3: ${stringAt(settings, "bucket") ?? "?"}/${stringAt(settings, "key") ?? "?"} (${details.join(", ")})`;
  }
  return kind;
}
