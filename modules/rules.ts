/**
 * The pack's rules, each defined once: a stable ID (waivers and the review name it), how severe
 * breaking it is, why it exists and how to satisfy it. The config checks, the synth-time guards
 * (`guard-rules.ts`), the rules command and the review all read them from here.
 */

export type Severity = "high" | "medium" | "low";

/** One rule: what every check of it says. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly why: string;
  readonly fix: string;
}

function rule(id: string, severity: Severity, why: string, fix: string): Rule {
  return { id, severity, why, fix };
}

/** Every rule by name. IDs are public: waivers and reviews name them. */
export const RULES = {
  imdsv2Required: rule(
    "imdsv2-required",
    "high",
    "IMDSv1 answers any request from the instance, so an SSRF bug leaks the instance role's credentials.",
    'set metadata_options.http_tokens = "required" (the pack\'s launch templates do)',
  ),
  launchTemplateEbsEncrypted: rule(
    "launch-template-ebs-encrypted",
    "high",
    "Unencrypted volumes expose data in snapshots and to anyone who can attach them.",
    'set ebs.encrypted = "true" on every block device mapping',
  ),
  ebsEncrypted: rule(
    "ebs-encrypted",
    "high",
    "Unencrypted volumes expose data in snapshots and to anyone who can attach them.",
    "set encrypted = true on aws_ebs_volume and on every root_block_device and ebs_block_device of aws_instance",
  ),
  amiCopyEncrypted: rule(
    "ami-copy-encrypted",
    "high",
    "Copies carry the image's data to other regions; production copies need a key the environment controls and can share.",
    "set encrypted = true, and in production kms_key_id to a customer-managed key in the copy's region",
  ),
  noPublicLaunchPermission: rule(
    "no-public-launch-permission",
    "high",
    "A public AMI can be launched, and its snapshots read, by every AWS account.",
    'share with account_id, organization_arn or organizational_unit_arn instead of group = "all"',
  ),
  amiLookupOwners: rule(
    "ami-lookup-owners",
    "high",
    "A name filter without owners matches images anyone can publish under that name.",
    "set owners to the publisher's account, or filter by image-id",
  ),
  productionImagePinned: rule(
    "production-image-pinned",
    "high",
    "A production image must not change under the environment between two plans.",
    "use baseImage.imageId or baseImage.promoted; drop most_recent and SSM-resolved image IDs",
  ),
  userDataNoCredentials: rule(
    "user-data-no-credentials",
    "high",
    "User data is readable by anyone who can describe the instance or launch template.",
    "remove the key; give the instance an instance profile and read secrets from SSM or Secrets Manager at boot",
  ),
  asgUnsafeRefresh: rule(
    "asg-unsafe-refresh",
    "high",
    "A production instance refresh that takes capacity below 90 % or does not roll back on failure can take the fleet down with a bad image.",
    "keep autoScaling.refresh.minHealthyPercentage at 90 or more and autoRollback: true (instance_refresh.preferences.min_healthy_percentage and auto_rollback), or waive the rule with a reason",
  ),
  requiredTags: rule(
    "required-tags",
    "medium",
    "Costs, ownership and clean-up are traced by tags; instances launched from a template do not get provider default tags.",
    "add the tags to the environment's tags (provider default_tags) or to the resource, and to every tag specification",
  ),
  imdsHopLimit: rule(
    "imds-hop-limit",
    "medium",
    "A hop limit above 1 lets containers and forwarded traffic reach the instance's credentials.",
    "keep metadataHopLimit at 1 unless containers on the instance need the instance role",
  ),
  unpinnedBaseImage: rule(
    "unpinned-base-image",
    "medium",
    "A base image resolved when Terraform plans can change without a change in the stack.",
    "pin the base image with baseImage.imageId or baseImage.promoted",
  ),
  rootVolumeUnmapped: rule(
    "root-volume-unmapped",
    "medium",
    "Without a root volume mapping, encryption follows the image's snapshot and the account's EBS default.",
    "set rootVolume on the launch template",
  ),
  sharedWithDefaultKey: rule(
    "shared-with-default-key",
    "medium",
    "Other accounts cannot launch an image encrypted with the default aws/ebs key.",
    "encrypt shared copies with a customer-managed KMS key",
  ),
  snapshotWithoutReboot: rule(
    "snapshot-without-reboot",
    "medium",
    "A snapshot of a running instance may hold a half-written file system.",
    "let the builder instance reboot (snapshotWithoutReboot: false)",
  ),
  imageNotProtected: rule(
    "image-not-protected",
    "medium",
    "A production AMI destroyed by a plan breaks every instance and template that uses it.",
    "keep lifecycle.prevent_destroy = true on production AMIs",
  ),
  copyNotDeprecated: rule(
    "copy-not-deprecated",
    "low",
    "A copy that outlives its deprecated source keeps an old image in use.",
    "give the copy the source's deprecation time",
  ),
  publicIp: rule(
    "public-ip",
    "medium",
    "A public IP address exposes instances to the internet.",
    "launch instances without associate_public_ip_address",
  ),
  defaultSecurityGroup: rule(
    "default-security-group",
    "low",
    "The VPC's default security group is shared by everything that names no group.",
    "set securityGroupIds on the launch template",
  ),
  asgLatestVersion: rule(
    "asg-latest-version",
    "medium",
    "A group that launches $Latest or $Default sees no change when its template gets a new version, so no instance refresh starts, and AWS cannot roll it back.",
    "launch the template's latest_version (the pack's groups do)",
  ),
  userDataUnreadable: rule(
    "user-data-unreadable",
    "low",
    "User data the review cannot decode cannot be checked for credentials.",
    "write user data as a literal script",
  ),
  crossAccountKmsKey: rule(
    "cross-account-kms-key",
    "low",
    "A KMS key of another account encrypts only when its key policy grants the environment's account.",
    "grant the environment's account in the key's policy, or use a key of the environment's own account",
  ),
} as const;

/** Why a rule exists, to follow a colon: "a production image must not change ...". */
export function because(rule: Rule): string {
  return rule.why.charAt(0).toLowerCase() + rule.why.slice(1).replace(/\.$/, "");
}

/** What a rule says about itself after a problem: "<why> Fix: <fix>." */
export function explain(rule: Rule): string {
  return `${rule.why} Fix: ${rule.fix}.`;
}

// user-data-no-credentials: AWS access key IDs, long-term (AKIA) and temporary (ASIA), and a
// secret access key assigned in a script or config file.
const ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const SECRET_KEY = /aws_secret_access_key["']?\s*[=:]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i;

/** The AWS credential a script holds, as shown in messages: `an AWS access key ID (AKIA...)`. */
export function credentialIn(script: string): string | undefined {
  const accessKey = ACCESS_KEY.exec(script)?.[0];
  if (accessKey) return `an AWS access key ID (${accessKey.slice(0, 4)}...)`;
  if (SECRET_KEY.test(script)) return "an AWS secret access key (aws_secret_access_key=...)";
  return undefined;
}
