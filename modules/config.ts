import type * as v from "valibot";
import type * as schema from "./config-schema";

/**
 * The typed shape of one environment file (`environments/<name>.ts`), derived from its one
 * definition in `config-schema.ts`: the doc comments shown on hover are those of the definition.
 *
 * Everything here is plain data: the environment stack turns it into Terraform. Values are
 * checked by `validateEnvironment` before any stack is built, so the types document intent
 * and the validator enforces it for untyped callers too.
 */

/** The config a schema accepts, read-only at every depth (functions as they are). */
type Config<T extends v.GenericSchema> = Immutable<v.InferInput<T>>;
type Immutable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer I)[]
    ? readonly Immutable<I>[]
    : T extends object
      ? { readonly [K in keyof T]: Immutable<T[K]> }
      : T;

/** CPU architecture of an image. */
export type Architecture = Config<typeof schema.architecture>;
/** Operating systems that `preset` resolves to an official owner and name pattern. */
export type ImagePreset = PresetImage["preset"];
/** A base image resolved from a well-known operating system. */
export type PresetImage = Config<typeof schema.presetImage>;
/** A base image found by owner and name pattern with `data aws_ami`. */
export type LookupImage = Config<typeof schema.lookupImage>;
/** A base image read from an SSM public parameter (e.g. `/aws/service/canonical/...`). */
export type SsmParameterImage = Config<typeof schema.ssmParameterImage>;
/** A base image pinned by ID; IDs are regional, so it belongs to the home region. */
export type PinnedImage = Config<typeof schema.pinnedImage>;
/** A golden image version baked by another environment, found by its exact name. */
export type PromotedImage = Config<typeof schema.promotedImage>;
/** Where the environment's base image comes from: exactly one source. */
export type BaseImageConfig = Config<typeof schema.baseImage>;
/** An immutable image baked from builder instances: several versions, or one. */
export type GoldenImageConfig = Config<typeof schema.goldenImage>;
/** A golden image in several versions, each its own AMI; launch templates boot `current`. */
export type VersionedGoldenImageConfig = Config<typeof schema.versionedGoldenImage>;
/** A golden image in one version. */
export type SingleVersionGoldenImageConfig = Config<typeof schema.singleVersionGoldenImage>;
/** One version of a golden image: an AMI of its own, named `<name>-<version>`. */
export type GoldenImageVersionConfig = Config<typeof schema.goldenImageVersion>;
/** Where the environment publishes its current image for Terraform outside this project. */
export type PublishConfig = Config<typeof schema.publish>;
/** A copy of the environment's image into another region. */
export type CopyConfig = Config<typeof schema.copy>;
/** A copy of the base image into the environment's own account, in its home region. */
export type HomeRegionCopyConfig = Config<typeof schema.homeRegionCopy>;
/** Who may launch the environment's images. Public sharing is never possible. */
export type SharingConfig = Config<typeof schema.sharing>;
/** The root EBS volume of instances launched from a template. */
export type RootVolumeConfig = Config<typeof schema.rootVolume>;
/** How a group replaces its instances when its launch template gets a new version. */
export type InstanceRefreshConfig = Config<typeof schema.instanceRefresh>;
/** How a group decides that an instance is unhealthy and replaces it. */
export type HealthCheckConfig = Config<typeof schema.healthCheck>;
/** Auto Scaling groups that run a launch template's instances, one per region of the template. */
export type AutoScalingConfig = Config<typeof schema.autoScaling>;
/** A launch template, created in every region of the environment unless narrowed. */
export type LaunchTemplateConfig = Config<typeof schema.launchTemplate>;
/** A Terraform state backend: exactly one kind. */
export type BackendConfig = Config<typeof schema.backend>;
/** A policy rule an environment does not enforce, and why. */
export type GuardWaiver = Config<typeof schema.waiver>;
/** One environment: an account, a home region, its images and launch templates. */
export type EnvironmentConfig = Config<typeof schema.environment>;
export type { ExtensibleStack } from "./config-schema";

const ENVIRONMENT_MARK = Symbol.for("cdktf-ami-pack.environment");

/** What an environment file default-exports. */
export interface EnvironmentDefinition {
  readonly config: EnvironmentConfig;
}

/**
 * Declares an environment. The file's name (without `.ts`) is the stack name.
 *
 * @example
 * export default defineEnvironment({ account: "111111111111", region: "us-east-1", baseImage: { preset: "ubuntu-24.04" } });
 */
export function defineEnvironment(config: EnvironmentConfig): EnvironmentDefinition {
  return Object.freeze({ config, [ENVIRONMENT_MARK]: true });
}

/** Tells a `defineEnvironment` result from any other default export. */
export function isEnvironmentDefinition(value: unknown): value is EnvironmentDefinition {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[ENVIRONMENT_MARK] === true
  );
}
