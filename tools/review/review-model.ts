/**
 * The review as data: what `review.md` shows and `--format json` prints. Every list is sorted,
 * so that the same stacks always give the same review.
 */
import type { BaseImageSource } from "./base-image-source";
import type { Waiver } from "./environment-settings";

/** The review of every environment, and of the changes when compared with a base. */
export interface Review {
  /** Changes when the format of this document changes incompatibly. */
  readonly formatVersion: 1;
  /** Present when the review compares with a base output (`--base` or `--base-ref`). */
  readonly comparison?: Comparison;
  readonly environments: readonly EnvironmentReview[];
}

/** One environment's stack, as a reviewer reads it. */
export interface EnvironmentReview {
  readonly name: string;
  readonly account?: string;
  readonly homeRegion?: string;
  /** Home region first, then the others sorted. */
  readonly regions: readonly string[];
  readonly production: boolean;
  /** True when the stack did not record `production` and it was inferred from `prevent_destroy`. */
  readonly productionInferred: boolean;
  /** Where the state lives, in one line. */
  readonly backend: string;
  readonly baseImage: BaseImageSource;
  /** The versions of the environment's image, for golden and promoted images. */
  readonly versions?: ImageVersionsReview;
  /** Copy regions leaving: their resources go, their provider stays until the entry is removed. */
  readonly retiringRegions: readonly string[];
  readonly images: readonly ImageEntry[];
  readonly launchTemplates: readonly LaunchTemplateEntry[];
  /** Each distinct user data script once, with the templates that use it. */
  readonly userData: readonly UserDataEntry[];
  readonly autoScalingGroups: readonly AutoScalingGroupEntry[];
  /** KMS grants that let Auto Scaling's service-linked role launch from customer-managed keys. */
  readonly keyGrants: readonly KeyGrantEntry[];
  readonly sharing: readonly SharingEntry[];
  readonly findings: readonly Finding[];
  readonly waivers: readonly Waiver[];
  readonly lineage: LineageGraph;
  /** The lineage as a Mermaid flowchart. */
  readonly mermaid: string;
  /** Addresses of the resources and data sources the review does not describe. */
  readonly otherBlocks: readonly string[];
}

/** An AMI the environment looks up, bakes, copies or registers. */
export interface ImageEntry {
  readonly address: string;
  readonly region?: string;
  /** base: looked up; golden: baked from an instance; copy: copied from another region; registered: `aws_ami`. */
  readonly role: "base" | "golden" | "copy" | "registered";
  /** The AMI name, name pattern or the expression that gives it. */
  readonly name: string;
  /** Where the image comes from, in words. */
  readonly source: string;
  /** The address of the source image, when it is in the stack. */
  readonly sourceAddress?: string;
  /** The image version, for golden and promoted images. */
  readonly version?: string;
  /** "yes", "no", or what it depends on. */
  readonly encrypted: string;
  /** The KMS key of the image's snapshots, or "aws/ebs (account default)". */
  readonly kmsKey?: string;
  readonly deprecation?: string;
  readonly preventDestroy: boolean;
}

/** Which versions of its image an environment keeps, boots and lets go. */
export interface ImageVersionsReview {
  /** The image name, e.g. "web". */
  readonly image: string;
  /** golden: baked by the environment; promoted: baked by another one. */
  readonly kind: "golden" | "promoted";
  /** The version launch templates boot. */
  readonly current: string;
  /** Every version kept, oldest first. */
  readonly kept: readonly string[];
  /** Versions marked retired: this change deregisters their AMIs, if any are left. */
  readonly retiring: readonly string[];
  /** Each kept version in each region, home region first, then by version. */
  readonly entries: readonly ImageVersionEntry[];
}

/** One kept version in one region. */
export interface ImageVersionEntry {
  readonly region: string;
  readonly version: string;
  /** The AMI (or, for a promoted image without a copy there, its lookup). */
  readonly address: string;
  readonly current: boolean;
}

/** The instance metadata service settings of a launch template. */
export interface MetadataOptions {
  /** "enabled" or "disabled". */
  readonly endpoint: string;
  /** "required" (IMDSv2 only) or "optional" (IMDSv1 allowed). */
  readonly tokens: string;
  readonly hopLimit?: number;
  /** True when the template sets no `metadata_options` and AWS defaults apply. */
  readonly defaulted: boolean;
}

/** The root volume mapping of a launch template. */
export interface RootVolume {
  readonly deviceName: string;
  readonly sizeGiB?: number;
  readonly type?: string;
  readonly encrypted?: boolean;
  readonly kmsKey?: string;
}

/** One launch template in one region. */
export interface LaunchTemplateEntry {
  readonly address: string;
  readonly region?: string;
  /** The EC2 name of the template. */
  readonly name?: string;
  readonly instanceType?: string;
  /** The image instances boot: an address, an AMI ID or an expression. */
  readonly image: string;
  /** The address of that image, when it is in the stack. */
  readonly imageAddress?: string;
  readonly metadata: MetadataOptions;
  readonly rootVolume?: RootVolume;
  readonly securityGroups: readonly string[];
  readonly instanceProfile?: string;
  /** SHA-256 of the decoded user data; see `EnvironmentReview.userData`. */
  readonly userDataSha256?: string;
  readonly userDataBytes?: number;
  /** Why the user data cannot be shown, when it is not a literal. */
  readonly userDataProblem?: string;
}

/** How a group replaces its instances when its launch template changes (`instance_refresh`). */
export interface RefreshSettings {
  /** "Rolling", the only strategy AWS has. */
  readonly strategy: string;
  /** AWS's default (90) when the stack leaves it out. */
  readonly minHealthyPercentage: number;
  /** AWS's default (100) when the stack leaves it out. */
  readonly maxHealthyPercentage: number;
  readonly instanceWarmupSeconds?: number;
  /** AWS's default (false) when the stack leaves it out. */
  readonly skipMatching: boolean;
  /** AWS's default (false) when the stack leaves it out. */
  readonly autoRollback: boolean;
  readonly checkpointPercentages: readonly number[];
  /** Seconds at each checkpoint; AWS waits 3600 when there are checkpoints and no delay. */
  readonly checkpointDelaySeconds?: number;
}

/** An Auto Scaling group. */
export interface AutoScalingGroupEntry {
  readonly address: string;
  readonly region?: string;
  /** The group's name in AWS. */
  readonly name?: string;
  /** The launch template: its address when it is in the stack, else its ID or name. */
  readonly launchTemplate?: string;
  /** The version launched, as written: an expression, a number, `$Latest` or `$Default`. */
  readonly version?: string;
  /** True when the version is the template's `latest_version`, so a new version changes the group. */
  readonly followsNewVersions: boolean;
  readonly minSize?: number;
  readonly maxSize?: number;
  /** Absent when scaling decides. */
  readonly desiredCapacity?: number;
  /** "EC2" or "ELB". */
  readonly healthCheckType: string;
  readonly healthCheckGraceSeconds?: number;
  readonly subnets: readonly string[];
  readonly targetGroups: readonly string[];
  readonly serviceLinkedRole?: string;
  /** Absent when the group has no `instance_refresh`: a new version replaces no running instance. */
  readonly refresh?: RefreshSettings;
}

/** A KMS grant on a key, for a principal. */
export interface KeyGrantEntry {
  readonly address: string;
  readonly region?: string;
  readonly key: string;
  readonly grantee: string;
  readonly operations: readonly string[];
}

/** A group whose running instances a change of its launch template concerns. */
export interface InstanceRefreshEntry {
  /** The group's address. */
  readonly group: string;
  readonly region?: string;
  readonly name?: string;
  /** The launch template whose change reaches the group. */
  readonly launchTemplate?: string;
  /** True when the template's new version boots another image. */
  readonly newImage: boolean;
  /**
   * `rolling-refresh`: Terraform starts an instance refresh that replaces the running instances;
   * `no-refresh`: they keep running the old version (no `instance_refresh`, or `$Latest`/`$Default`).
   */
  readonly effect: "rolling-refresh" | "no-refresh";
  readonly refresh?: RefreshSettings;
  /** Why nothing is replaced, for `no-refresh`. */
  readonly reason?: string;
}

/** A distinct user data script. */
export interface UserDataEntry {
  readonly sha256: string;
  /** Size as EC2 receives it, after base64 decoding. */
  readonly bytes: number;
  readonly lines: number;
  readonly gzipped: boolean;
  readonly firstLines: readonly string[];
  readonly text: string;
  /** Launch template addresses, sorted. */
  readonly usedBy: readonly string[];
}

/** Who may launch an image, in which region. */
export interface SharingEntry {
  /** The `aws_ami_launch_permission` address. */
  readonly address: string;
  readonly region?: string;
  readonly principalKind: "account" | "organization" | "organizational unit" | "everyone" | "unknown";
  readonly principal: string;
  /** The shared image: an address, an AMI ID or an expression. */
  readonly image: string;
  readonly imageAddress?: string;
}

/** Something that weakens a default, flagged for the reviewer. */
export interface Finding {
  /** A stable rule name that waivers refer to, e.g. "imds-hop-limit". */
  readonly rule: string;
  readonly severity: "high" | "medium" | "low";
  readonly address: string;
  readonly message: string;
  /** The reason of the environment's waiver for this rule, when it has one. */
  readonly waiver?: string;
}

/** The AMI lineage: base image source, images, copies, launch templates and sharing. */
export interface LineageGraph {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
}

export interface LineageNode {
  /** A Mermaid-safe identifier. */
  readonly id: string;
  /** What the change compared with the base does to the node; absent when nothing or no base. */
  readonly change?: "added" | "moved" | "replaced" | "removed";
  readonly kind:
    | "source"
    | "lookup"
    | "parameter"
    | "golden"
    | "copy"
    | "registered"
    | "external"
    | "template"
    | "principal";
  readonly address?: string;
  readonly region?: string;
  /** The label, one entry per line. */
  readonly lines: readonly string[];
}

export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  /** Dotted edges are not Terraform references (a builder instance, a launch permission). */
  readonly style: "solid" | "dotted";
  readonly label?: string;
}

/** The changes between a base output and the current one. */
export interface Comparison {
  /** What the base is, e.g. "git ref main (0123abc)" or "directory base". */
  readonly base: string;
  readonly addedEnvironments: readonly string[];
  readonly removedEnvironments: readonly string[];
  /** Every environment of either side, sorted by name. */
  readonly environments: readonly EnvironmentChanges[];
  /**
   * Every AMI replaced or destroyed in a production environment, as `<environment>: <address> (<action>)`,
   * and every production environment removed with AMIs, as `<environment>: environment removed with <addresses>`.
   */
  readonly productionImageReplacements: readonly string[];
  /**
   * What the image removal gate refuses, as `<environment>: <address> (<action>): <why>`: every
   * deregistration that no `retired` marker explains and, in production, every deregistration,
   * unless the environment says `allowImageRemoval: true`; and every production environment
   * removed with AMIs.
   */
  readonly refusedImageRemovals: readonly string[];
}

export interface EnvironmentChanges {
  readonly name: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  /** True when the environment is production in the base or now: its AMIs are production AMIs either way. */
  readonly production: boolean;
  /** Changes of the environment's own settings: account, home region, production, backend, base image, waivers. */
  readonly settings: readonly AttributeChange[];
  readonly blocks: readonly BlockChange[];
  readonly counts: ChangeCounts;
  /** Groups whose running instances a launch template change replaces, or leaves on the old version. */
  readonly instanceRefreshes: readonly InstanceRefreshEntry[];
  /**
   * For a removed environment: the resources its stack managed. No plan destroys them, and no
   * plan manages them any more.
   */
  readonly orphanedResources?: readonly string[];
  /** How the versions of the environment's image change, when either side has versions. */
  readonly versions?: VersionChanges;
  /** Every AMI the change deregisters (its snapshots deleted with it). */
  readonly deregistrations: readonly Deregistration[];
  /** Regions whose provider goes while the base still has resources there. */
  readonly orphanedRegions: readonly OrphanedRegion[];
  /** The environments that publish this one's image or run it, when a side of the pair changes versions. */
  readonly related: readonly RelatedEnvironment[];
  /** True when the environment says `allowImageRemoval: true` although nothing is deregistered. */
  readonly idleAllowImageRemoval: boolean;
}

/** The versions of an environment's image, before and after. */
export interface VersionChanges {
  readonly image: string;
  /** Kept now and not before. */
  readonly added: readonly string[];
  /** Kept before and now. */
  readonly kept: readonly string[];
  /** Marked retired now: leaving with this change. */
  readonly retired: readonly string[];
  /** Kept before, and now neither kept nor marked retired: gone without a marker. */
  readonly dropped: readonly string[];
  readonly currentBefore?: string;
  readonly currentAfter?: string;
  /** How current moves: back to an earlier version, or on to a later one. */
  readonly currentMove?: "rollback" | "promotion";
}

/** An AMI that the change deregisters. */
export interface Deregistration {
  /** Its address in the base. */
  readonly address: string;
  readonly action: "destroy" | "replace";
  readonly region?: string;
  /** The AMI name in the base, e.g. "web-1.3.0". */
  readonly name?: string;
  readonly version?: string;
  /** The marker that explains it, e.g. "version 1.3.0 is retired". */
  readonly explainedBy?: string;
  /** Why the gate refuses it; absent when it lets it through. */
  readonly refusedBecause?: string;
}

/** A region whose provider goes while the base still has resources there. */
export interface OrphanedRegion {
  readonly region: string;
  /** `provider.aws.eu-west-1` */
  readonly provider: string;
  /** The base's resources there, which Terraform cannot destroy without the provider. */
  readonly resources: readonly string[];
}

/** Another environment of the same image, as this one's review names it. */
export interface RelatedEnvironment {
  readonly environment: string;
  /** publisher: it bakes this environment's promoted image; consumer: it runs this one's image. */
  readonly role: "publisher" | "consumer";
  /** What it keeps and runs, e.g. "runs web 1.5.0 (was 1.4.0), keeps 1.4.0". */
  readonly note: string;
}

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly destroy: number;
}

/**
 * What Terraform would do to one block, as far as the configuration tells: `forget` removes it
 * from the state only (a `removed` block, or a data source no longer read), `move` renames it in
 * the state (a `moved` block), `read` reads a data source with new arguments.
 */
export type ChangeAction = "create" | "update" | "replace" | "destroy" | "forget" | "move" | "read";

/** Loud markers for changes a reviewer must not miss. */
export type ChangeMarker =
  /** An AMI or copy is destroyed and created anew: a new AMI ID. */
  | "ami-replaced"
  /** An AMI or copy is deregistered. */
  | "ami-destroyed"
  /** A launch template's image changes: instances launched from it boot another AMI. */
  | "image-changes"
  /** An Auto Scaling group gets a new launch template version and refreshes its running instances. */
  | "instances-replaced"
  /** The replaced resource has `prevent_destroy`: Terraform refuses the plan until it is lifted. */
  | "prevent-destroy-blocks";

export interface BlockChange {
  /** `aws_ami_copy.golden_eu-west-1`, `data.aws_ami.base`, `output.image_id_us-east-1`, `provider.aws.eu-west-1`. */
  readonly address: string;
  readonly action: ChangeAction;
  /** The base address when a `moved` block renames it. */
  readonly movedFrom?: string;
  readonly markers: readonly ChangeMarker[];
  readonly attributes: readonly AttributeChange[];
  /** Why the block changes beyond its own attributes, e.g. "aws_ami_from_instance.golden is replaced, which changes source_ami_id". */
  readonly reasons: readonly string[];
  /** Unified diff of the decoded user data, when it changes. */
  readonly userDataDiff?: string;
}

export interface AttributeChange {
  /** `name`, `metadata_options.http_put_response_hop_limit`, `block_device_mappings[0].ebs.volume_size`. */
  readonly path: string;
  /** The old value as JSON text; absent when the attribute is new. */
  readonly before?: string;
  /** The new value as JSON text; absent when the attribute is removed. */
  readonly after?: string;
  readonly forcesReplacement: boolean;
}
