import type { EnvironmentStack } from "./environment-stack";
import type { GuardWaiver } from "./policy-guards";

/**
 * The typed shape of one environment file (`environments/<name>.ts`).
 *
 * Everything here is plain data: the environment stack turns it into Terraform. Values are
 * checked by `validateEnvironment` before any stack is built, so the types document intent
 * and the validator enforces it for untyped callers too.
 */

/** CPU architecture of an image. */
export type Architecture = "x86_64" | "arm64";

/** Operating systems that `preset` resolves to an official owner and name pattern. */
export type ImagePreset = "ubuntu-22.04" | "ubuntu-24.04" | "amazon-linux-2023" | "debian-12";

/** A base image resolved from a well-known operating system. */
export interface PresetImage {
  /** The operating system. */
  readonly preset: ImagePreset;
  /**
   * The CPU architecture.
   * @default "x86_64"
   */
  readonly architecture?: Architecture;
}

/** A base image found by owner and name pattern with `data aws_ami`. */
export interface LookupImage {
  readonly lookup: {
    /** Account IDs or aliases ("amazon", "self", ...) that may own the image; at least one. */
    readonly owners: readonly string[];
    /** AMI name pattern, `*` and `?` as wildcards. */
    readonly name: string;
    /**
     * The CPU architecture.
     * @default - any architecture the name matches
     */
    readonly architecture?: Architecture;
    /**
     * Take the newest of several matches. Without it, more than one match fails the plan.
     * @default false
     */
    readonly mostRecent?: boolean;
  };
}

/** A base image read from an SSM public parameter (e.g. `/aws/service/canonical/...`). */
export interface SsmParameterImage {
  readonly ssmParameter: string;
}

/** A base image pinned by ID; IDs are regional, so it belongs to the home region. */
export interface PinnedImage {
  readonly imageId: string;
}

/** A golden image version baked by another environment, found by its exact name. */
export interface PromotedImage {
  readonly promoted: {
    /** Golden image name, as in that environment's `goldenImage.name`. */
    readonly name: string;
    /** Semantic version, as in that environment's `goldenImage.version`. */
    readonly version: string;
    /** The account that baked and shared the image. */
    readonly ownerAccount: string;
  };
}

/** Where the environment's base image comes from: exactly one source. */
export type BaseImageConfig = PresetImage | LookupImage | SsmParameterImage | PinnedImage | PromotedImage;

/** An immutable image baked from a configured builder instance. */
export interface GoldenImageConfig {
  /** Image name; the AMI is named `<name>-<version>`. */
  readonly name: string;
  /** Semantic version; a new version is a new AMI. */
  readonly version: string;
  /** The builder instance to image. */
  readonly sourceInstanceId: string;
  /**
   * Snapshot without stopping the instance (risks an inconsistent file system).
   * @default false - the instance is rebooted for a consistent snapshot
   */
  readonly snapshotWithoutReboot?: boolean;
  /**
   * When the image is deprecated: an RFC 3339 UTC time, e.g. "2027-06-30T00:00:00Z"; AWS drops seconds.
   * @default - never deprecated
   */
  readonly deprecateAt?: string;
  /**
   * @default "<name> <version>, baked from <sourceInstanceId>"
   */
  readonly description?: string;
}

/** A copy of the environment's image into another region. */
export interface CopyConfig {
  /** Destination region; not the home region. */
  readonly region: string;
  /**
   * Customer-managed KMS key ARN in `region` for the copy's snapshots.
   * @default - the account's default EBS key (`aws/ebs`), which cannot be shared with other accounts
   */
  readonly kmsKeyId?: string;
}

/** A copy of the base image into the environment's own account, in its home region. */
export interface HomeRegionCopyConfig {
  /**
   * Customer-managed KMS key ARN in the home region for the copy's snapshots.
   * @default - the account's default EBS key; required in production and when sharing
   */
  readonly kmsKeyId?: string;
}

/** Who may launch the environment's images. Public sharing is never possible. */
export interface SharingConfig {
  /** @default - no account */
  readonly accountIds?: readonly string[];
  /** @default - no organisation */
  readonly organizationArns?: readonly string[];
  /** @default - no organisational unit */
  readonly organizationalUnitArns?: readonly string[];
}

/** The root EBS volume of instances launched from a template. */
export interface RootVolumeConfig {
  /**
   * @default - the image's root snapshot size
   */
  readonly sizeGiB?: number;
  /**
   * @default "gp3"
   */
  readonly type?: "gp3" | "gp2" | "standard";
  /**
   * KMS key ARN for the volume: one ARN when the template is in one region, or an ARN per region.
   * @default - the account's default EBS key
   */
  readonly kmsKeyId?: string | Readonly<Record<string, string>>;
}

/** How a group replaces its instances when its launch template gets a new version. */
export interface InstanceRefreshConfig {
  /**
   * Capacity kept in service during the refresh, in percent of the desired capacity (0-100).
   * @default 90 - AWS's default
   */
  readonly minHealthyPercentage?: number;
  /**
   * Capacity allowed above the desired capacity during the refresh, in percent (100-200, at most
   * 100 above `minHealthyPercentage`); above 100 launches new instances before terminating old ones.
   * @default 100 - AWS's default
   */
  readonly maxHealthyPercentage?: number;
  /**
   * Seconds a new instance is given to warm up before the refresh counts it and moves on.
   * @default - the group's default instance warmup, else its health check grace period
   */
  readonly instanceWarmupSeconds?: number;
  /**
   * Leave instances alone that already run the new launch template version.
   * @default true
   */
  readonly skipMatching?: boolean;
  /**
   * Put the group back on the previous launch template version when the refresh fails.
   * @default true
   */
  readonly autoRollback?: boolean;
  /**
   * Pause at these percentages of replaced instances, ascending and ending at 100, e.g. [25, 100].
   * @default - no checkpoints
   */
  readonly checkpointPercentages?: readonly number[];
  /**
   * Seconds to pause at each checkpoint; only with `checkpointPercentages`.
   * @default 3600 - AWS's default, when there are checkpoints
   */
  readonly checkpointDelaySeconds?: number;
}

/** How a group decides that an instance is unhealthy and replaces it. */
export interface HealthCheckConfig {
  /** "EC2": the instance's status checks; "ELB": also the target groups' health checks. */
  readonly type: "EC2" | "ELB";
  /**
   * Seconds after launch before health checks count.
   * @default 300
   */
  readonly gracePeriodSeconds?: number;
}

/**
 * An Auto Scaling group per region of a launch template, following the template's latest version
 * with a rolling instance refresh.
 */
export interface AutoScalingConfig {
  /** Subnets per region, exactly the template's regions; instances spread over their zones. */
  readonly subnetIds: Readonly<Record<string, readonly string[]>>;
  /** The fewest instances the group runs. */
  readonly minSize: number;
  /** The most instances the group runs. */
  readonly maxSize: number;
  /**
   * Instances to run; every apply sets it again. Leave it out when scaling policies manage it.
   * @default - `minSize` at creation, then whatever scaling sets
   */
  readonly desiredCapacity?: number;
  /** @default - EC2 status checks, 300 seconds of grace */
  readonly healthCheck?: HealthCheckConfig;
  /**
   * Target groups to register instances with, per region; each ARN in its region.
   * @default - no target groups
   */
  readonly targetGroupArns?: Readonly<Record<string, readonly string[]>>;
  /** @default - minimum 90 % healthy, maximum 100 %, matching instances skipped, automatic rollback */
  readonly refresh?: InstanceRefreshConfig;
  /**
   * The Auto Scaling service-linked role the group uses; the pack grants it the group's KMS keys.
   * @default - the account's `AWSServiceRoleForAutoScaling`
   */
  readonly serviceLinkedRoleArn?: string;
}

/** A launch template, created in every region of the environment unless narrowed. */
export interface LaunchTemplateConfig {
  /** EC2 instance type, e.g. "t3.micro". */
  readonly instanceType: string;
  /**
   * Which image instances boot.
   * @default "golden" when the environment bakes one, else "base"
   */
  readonly image?: "golden" | "base";
  /**
   * Regions to create the template in: the home region and copy regions only.
   * @default - every region of the environment
   */
  readonly regions?: readonly string[];
  /** @default - the VPC's default security group */
  readonly securityGroupIds?: readonly string[];
  /** @default - no instance profile */
  readonly instanceProfileName?: string;
  /**
   * Boot script, plain text; base64-encoded at synth. At most 16 KB, no AWS access keys.
   * @default - no user data
   */
  readonly userData?: string;
  /** @default - gp3, encrypted, the image's snapshot size */
  readonly rootVolume?: RootVolumeConfig;
  /**
   * IMDSv2 response hop limit; 2 lets containers on the instance reach the metadata service.
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * Run the template's instances in an Auto Scaling group per region, replaced by a rolling
   * instance refresh whenever the template gets a new version (a new image, for instance).
   * @default - no Auto Scaling group
   */
  readonly autoScaling?: AutoScalingConfig;
}

/** A Terraform state backend: exactly one kind. */
export type BackendConfig =
  | { readonly local: { readonly path?: string } }
  | {
      readonly s3: {
        readonly bucket: string;
        readonly key: string;
        readonly region: string;
        /** @default true */
        readonly encrypt?: boolean;
        /** S3-native state locking. @default true */
        readonly useLockfile?: boolean;
        /** Legacy DynamoDB locking table. @default - none */
        readonly dynamodbTable?: string;
      };
    }
  | {
      readonly cloud: {
        readonly organization: string;
        /** @default - the environment name, unless `workspaceTags` is given */
        readonly workspace?: string;
        readonly workspaceTags?: readonly string[];
        readonly project?: string;
        /** @default "app.terraform.io" */
        readonly hostname?: string;
      };
    };

/** One environment: an account, a home region, its images and launch templates. */
export interface EnvironmentConfig {
  /** The 12-digit AWS account; every provider refuses any other (`allowed_account_ids`). */
  readonly account: string;
  /** The home region: the base and golden images live here. */
  readonly region: string;
  /** @default - the caller's credentials */
  readonly assumeRoleArn?: string;
  /**
   * Refuse what breaks repeatability or safety, and protect AMIs from destroy.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Lift `prevent_destroy` from a production environment's AMIs for the change that replaces them
   * (a new golden or promoted version renames the AMIs, which Terraform does by replacement).
   * Set it in the promotion's change, remove it in the next one.
   * @default false - production AMIs cannot be destroyed or replaced
   */
  readonly allowImageReplacement?: boolean;
  /** Provider default tags; `Environment=<name>` is always added. @default - only Environment */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - local state at `terraform.<env>.tfstate`, relative to the stack directory */
  readonly backend?: BackendConfig;
  readonly baseImage: BaseImageConfig;
  /** @default - no golden image; the base image is the environment's image */
  readonly goldenImage?: GoldenImageConfig;
  /** @default - no copies */
  readonly copies?: readonly CopyConfig[];
  /**
   * Copy the base image into the environment's own account in the home region too, and use the
   * copy there and as the source of the other copies: the environment then no longer depends on
   * the publisher keeping the image (e.g. the baking environment moving to its next version).
   * Not with a golden image, which is already the environment's own.
   * @default - the home region uses the base image itself
   */
  readonly homeRegionCopy?: HomeRegionCopyConfig;
  /** @default - not shared */
  readonly sharing?: SharingConfig;
  /** @default - no launch templates */
  readonly launchTemplates?: Readonly<Record<string, LaunchTemplateConfig>>;
  /**
   * Tag keys every taggable resource must carry, besides Environment; each must be in `tags`.
   * @default - only Environment
   */
  readonly requiredTags?: readonly string[];
  /**
   * Policy rules this environment does not enforce, each with its reason.
   * @default - every rule is enforced
   */
  readonly waivers?: readonly GuardWaiver[];
  /**
   * Adds the environment's own resources next to the pack's. Policy rules see them too.
   * @default - nothing is added
   */
  readonly extend?: (stack: EnvironmentStack) => void;
}

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
