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
    /** The version launch templates boot: one that the publishing environment keeps. */
    readonly version: string;
    /** The account that baked and shared the image. */
    readonly ownerAccount: string;
    /**
     * Other versions this environment keeps (their lookups, copies and sharing stay), in any
     * order: moving `version` to one of them is a rollback or promotion that only changes
     * launch templates.
     * @default - only `version`
     */
    readonly keep?: readonly string[];
    /**
     * Versions leaving this environment: their copies are removed, so Terraform deregisters them
     * and deletes their snapshots. Once that change is applied, the entries can go.
     * @default - none
     */
    readonly retired?: readonly string[];
  };
}

/** Where the environment's base image comes from: exactly one source. */
export type BaseImageConfig = PresetImage | LookupImage | SsmParameterImage | PinnedImage | PromotedImage;

/** One version of a golden image: an AMI of its own, named `<name>-<version>`. */
export interface GoldenImageVersionConfig {
  /** The builder instance to image. */
  readonly sourceInstanceId: string;
  /**
   * When the image is deprecated: an RFC 3339 UTC time, e.g. "2027-06-30T00:00:00Z"; AWS drops seconds.
   * @default - never deprecated
   */
  readonly deprecateAt?: string;
  /**
   * @default "<name> <version>, baked from <sourceInstanceId>"
   */
  readonly description?: string;
  /**
   * The version is leaving: its AMI, copies and launch permissions are removed, so Terraform
   * deregisters the AMIs and deletes their snapshots. Once that change is applied, the entry can go.
   * @default false
   */
  readonly retired?: boolean;
}

/** An immutable image in several versions, each baked from a builder instance. */
export interface VersionedGoldenImageConfig {
  /** Image name; each version's AMI is named `<name>-<version>`. */
  readonly name: string;
  /** Every version this environment keeps, by semantic version; each is its own AMI. */
  readonly versions: Readonly<Record<string, GoldenImageVersionConfig>>;
  /**
   * The version launch templates boot; moving it to another kept version is a rollback or a
   * promotion that only changes launch templates.
   * @default - the only version that is not retired; required when more than one is kept
   */
  readonly current?: string;
  /**
   * Snapshot without stopping the instance (risks an inconsistent file system).
   * @default false - the instance is rebooted for a consistent snapshot
   */
  readonly snapshotWithoutReboot?: boolean;
}

/** An immutable image in one version: the same as `versions` with that single entry, and `current` that version. */
export interface SingleVersionGoldenImageConfig extends Omit<GoldenImageVersionConfig, "retired"> {
  /** Image name; the AMI is named `<name>-<version>`. */
  readonly name: string;
  /** Semantic version; a new version is a new AMI. */
  readonly version: string;
  /**
   * Snapshot without stopping the instance (risks an inconsistent file system).
   * @default false - the instance is rebooted for a consistent snapshot
   */
  readonly snapshotWithoutReboot?: boolean;
}

/** An immutable image baked from configured builder instances: several versions, or one. */
export type GoldenImageConfig = VersionedGoldenImageConfig | SingleVersionGoldenImageConfig;

/** A copy of the environment's image into another region. */
export interface CopyConfig {
  /** Destination region; not the home region. */
  readonly region: string;
  /**
   * Customer-managed KMS key ARN in `region` for the copy's snapshots.
   * @default - the account's default EBS key (`aws/ebs`), which cannot be shared with other accounts
   */
  readonly kmsKeyId?: string;
  /**
   * The region is leaving: its copies and launch permissions are removed, so Terraform
   * deregisters them, while the region's provider stays so that it can. Once that change is
   * applied, the entry can go.
   * @default false
   */
  readonly retired?: boolean;
}

/** A copy of the base image into the environment's own account, in its home region. */
export interface HomeRegionCopyConfig {
  /**
   * Customer-managed KMS key ARN in the home region for the copy's snapshots.
   * @default - the account's default EBS key; required in production and when sharing
   */
  readonly kmsKeyId?: string;
}

/** Where the environment publishes its current image for Terraform outside this project. */
export interface PublishConfig {
  /**
   * Path prefix of the SSM parameters: in each region, `<prefix>/<image name>/<environment>`
   * (e.g. `/images/web/prod`) holds the current AMI ID, with data type `aws:ec2:image`.
   */
  readonly ssmParameterPrefix: string;
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
   * Lift `prevent_destroy` from a production environment's AMIs for a change that replaces them
   * (another builder instance, KMS key or reboot setting for a kept version; a new version is a
   * new AMI beside the others and replaces nothing). Set it in that change, remove it in the next.
   * @default false - production AMIs cannot be destroyed or replaced
   */
  readonly allowImageReplacement?: boolean;
  /**
   * Let this change deregister AMIs: in production every deregistration needs it, elsewhere those
   * that no `retired` marker explains. The review's gate fails without it. Set it in the change
   * that removes the AMIs, remove it in the next one.
   * @default false
   */
  readonly allowImageRemoval?: boolean;
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
  /** @default - not published */
  readonly publish?: PublishConfig;
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
