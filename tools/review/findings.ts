import { GUARD_RULES } from "../../modules/guard-rules";
import { MOVING_VERSIONS, launchTemplateOf } from "./auto-scaling-entries";
import type { BaseImageSource } from "./base-image-source";
import { BASE_IMAGE_ADDRESS, filtersOf } from "./base-image-source";
import type { Waiver } from "./environment-settings";
import { booleanAt, byCodePoint, objectAt, objectsAt, stringsAt } from "./json-values";
import type { ReadLaunchTemplate } from "./launch-template-entries";
import type { Finding, ImageEntry, SharingEntry } from "./review-model";
import type { StackDocument } from "./stack-document";
import { referencedAddresses, showValue } from "./terraform-references";
import { credentialIn } from "./user-data";

/** What the rules look at. */
export interface FindingInput {
  readonly stack: StackDocument;
  readonly production: boolean;
  readonly baseImage: BaseImageSource;
  readonly images: readonly ImageEntry[];
  readonly launchTemplates: readonly ReadLaunchTemplate[];
  readonly sharing: readonly SharingEntry[];
  readonly waivers: readonly Waiver[];
}

/**
 * Rule names, stable: waivers in `"//".environment.waivers` refer to them. Where the pack's
 * policy guards (`modules/guard-rules.ts`) check the same thing, the review uses the guard's ID,
 * so that one waiver covers both.
 */
export const RULES = {
  imdsTokensOptional: "imdsv2-required",
  volumeUnencrypted: "launch-template-ebs-encrypted",
  copyUnencrypted: "ami-copy-encrypted",
  publicImage: "no-public-launch-permission",
  lookupWithoutOwners: "ami-lookup-owners",
  productionImageUnpinned: "production-image-pinned",
  userDataCredentials: "user-data-no-credentials",
  imdsHopLimit: "imds-hop-limit",
  unpinnedBaseImage: "unpinned-base-image",
  rootVolumeUnmapped: "root-volume-unmapped",
  sharedWithDefaultKey: "shared-with-default-key",
  snapshotWithoutReboot: "snapshot-without-reboot",
  imageNotProtected: "image-not-protected",
  copyNotDeprecated: "copy-not-deprecated",
  publicIp: "public-ip",
  defaultSecurityGroup: "default-security-group",
  userDataUnreadable: "user-data-unreadable",
  unsafeRefresh: "asg-unsafe-refresh",
  groupOnMovingVersion: "asg-latest-version",
} as const;

type Unwaived = Omit<Finding, "waiver">;
const SEVERITY_ORDER: Record<Finding["severity"], number> = { high: 0, medium: 1, low: 2 };

/** Everything that weakens a default, most severe first, each with its waiver when there is one. */
export function findWeakenedDefaults(input: FindingInput): Finding[] {
  const findings = [
    ...launchTemplateFindings(input),
    ...imageFindings(input),
    ...sharingFindings(input),
    ...lookupFindings(input),
    ...baseImageFindings(input),
    ...autoScalingFindings(input),
  ];
  const reasons = new Map(input.waivers.map((waiver) => [waiver.rule, waiver.reason]));
  return findings
    .map((finding): Finding => {
      const waiver = reasons.get(finding.rule);
      return waiver === undefined ? finding : { ...finding, waiver };
    })
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        byCodePoint(a.address, b.address) ||
        byCodePoint(a.rule, b.rule),
    );
}

function launchTemplateFindings({ launchTemplates }: FindingInput): Unwaived[] {
  const findings: Unwaived[] = [];
  for (const { entry, userData, block } of launchTemplates) {
    const { address, metadata } = entry;
    if (metadata.endpoint !== "disabled" && metadata.tokens !== "required") {
      findings.push({
        rule: RULES.imdsTokensOptional,
        severity: "high",
        address,
        message: metadata.defaulted
          ? 'sets no metadata_options, so IMDSv1 stays allowed, expected http_tokens = "required"'
          : `allows IMDSv1, got http_tokens = "${metadata.tokens}", expected "required"`,
      });
    }
    if (metadata.endpoint !== "disabled" && metadata.hopLimit !== undefined && metadata.hopLimit > 1) {
      findings.push({
        rule: RULES.imdsHopLimit,
        severity: "medium",
        address,
        message: `lets containers and forwarded traffic reach the instance's credentials, got hop limit ${metadata.hopLimit}, expected 1`,
      });
    }
    if (!entry.rootVolume) {
      findings.push({
        rule: RULES.rootVolumeUnmapped,
        severity: "medium",
        address,
        message:
          "maps no root volume, so its encryption follows the image's snapshot and the account's EBS default",
      });
    }
    objectsAt(block.body, "block_device_mappings").forEach((mapping, index) => {
      const ebs = objectAt(mapping, "ebs");
      if (!ebs || booleanAt(ebs, "encrypted") === true) return;
      findings.push({
        rule: RULES.volumeUnencrypted,
        severity: "high",
        address,
        message: `leaves the volume ${showValue(mapping.device_name) || `of block_device_mappings[${index}]`} unencrypted, got encrypted = ${JSON.stringify(ebs.encrypted ?? null)}, expected true`,
      });
    });
    if (entry.securityGroups.length === 0) {
      findings.push({
        rule: RULES.defaultSecurityGroup,
        severity: "low",
        address,
        message: "names no security group, so instances get the VPC's default security group",
      });
    }
    if (
      objectsAt(block.body, "network_interfaces").some(
        (nic) => booleanAt(nic, "associate_public_ip_address") === true,
      )
    ) {
      findings.push({
        rule: RULES.publicIp,
        severity: "medium",
        address,
        message: "gives instances a public IP address (associate_public_ip_address = true)",
      });
    }
    if (userData.kind === "decoded") {
      const credential = credentialIn(userData.userData.text);
      if (credential) {
        findings.push({
          rule: RULES.userDataCredentials,
          severity: "high",
          address,
          message: `has ${credential} in its user data, which anyone who can describe the instance reads; use the instance profile`,
        });
      }
    } else if (userData.kind === "unreadable") {
      findings.push({
        rule: RULES.userDataUnreadable,
        severity: "low",
        address,
        message: `has user data the review cannot show: ${userData.reason}`,
      });
    }
  }
  return findings;
}

function imageFindings({ stack, production, images, sharing }: FindingInput): Unwaived[] {
  const findings: Unwaived[] = [];
  const shared = new Set(sharing.map((entry) => entry.imageAddress).filter(Boolean));
  for (const image of images) {
    if (image.role === "base") continue;
    if (image.role === "copy" && image.encrypted === "no") {
      findings.push({
        rule: RULES.copyUnencrypted,
        severity: "high",
        address: image.address,
        message: "copies the image without encryption, got encrypted = false, expected true",
      });
    } else if (image.role === "copy" && production && isDefaultKey(image.kmsKey)) {
      findings.push({
        rule: RULES.copyUnencrypted,
        severity: "high",
        address: image.address,
        message:
          "encrypts a production copy with the default aws/ebs key, expected a customer-managed KMS key",
      });
    }
    if (image.role === "copy" && isDefaultKey(image.kmsKey) && shared.has(image.address)) {
      findings.push({
        rule: RULES.sharedWithDefaultKey,
        severity: "medium",
        address: image.address,
        message:
          "is shared but encrypted with the default aws/ebs key, which other accounts cannot use, expected a customer-managed key",
      });
    }
    if (image.role === "golden" && booleanAt(stack.block(image.address)?.body, "snapshot_without_reboot")) {
      findings.push({
        rule: RULES.snapshotWithoutReboot,
        severity: "medium",
        address: image.address,
        message: "snapshots the running instance without a reboot, so its file systems may be inconsistent",
      });
    }
    if (production && !image.preventDestroy) {
      findings.push({
        rule: RULES.imageNotProtected,
        severity: "medium",
        address: image.address,
        message:
          "can be destroyed by a plan in a production environment, expected lifecycle.prevent_destroy = true",
      });
    }
    const source = images.find((candidate) => candidate.address === image.sourceAddress);
    if (image.role === "copy" && source?.deprecation && !image.deprecation) {
      findings.push({
        rule: RULES.copyNotDeprecated,
        severity: "low",
        address: image.address,
        message: `is never deprecated although its source ${source.address} is deprecated at ${source.deprecation}`,
      });
    }
  }
  return findings;
}

function sharingFindings({ sharing }: FindingInput): Unwaived[] {
  return sharing
    .filter((entry) => entry.principalKind === "everyone")
    .map((entry) => ({
      rule: RULES.publicImage,
      severity: "high" as const,
      address: entry.address,
      message: `makes ${entry.image} public (group = "all"): any AWS account can launch it`,
    }));
}

function lookupFindings({ stack }: FindingInput): Unwaived[] {
  return stack
    .blocksOfType("aws_ami", "data")
    .filter(
      (lookup) => stringsAt(lookup.body, "owners").length === 0 && !filtersOf(lookup.body).has("image-id"),
    )
    .map((lookup) => ({
      rule: RULES.lookupWithoutOwners,
      severity: "high" as const,
      address: lookup.address,
      message: "looks up images by name from any owner, so anyone can publish a match, expected owners",
    }));
}

function baseImageFindings({ stack, production, baseImage }: FindingInput): Unwaived[] {
  if (baseImage.pinned || !stack.block(BASE_IMAGE_ADDRESS)) return [];
  const users = stack.blocks
    .filter((block) => block.mode === "managed")
    .filter((block) =>
      referencedAddresses(block.body).some(
        (address) => address === BASE_IMAGE_ADDRESS || address.startsWith(`${BASE_IMAGE_ADDRESS}_`),
      ),
    )
    .map((block) => block.address);
  const effect = `resolves ${baseImage.summary} when Terraform plans, so the image can change without a change here`;
  return [
    {
      rule: production ? RULES.productionImageUnpinned : RULES.unpinnedBaseImage,
      severity: production ? "high" : users.length > 0 ? "medium" : "low",
      address: BASE_IMAGE_ADDRESS,
      message: `${effect}; ${users.length > 0 ? `used by ${users.join(", ")}` : "no resource of the stack refers to it"}`,
    },
  ];
}

function autoScalingFindings({ stack, production }: FindingInput): Unwaived[] {
  const unsafeRefresh = GUARD_RULES.find((rule) => rule.id === RULES.unsafeRefresh);
  return stack.blocksOfType("aws_autoscaling_group").flatMap((group): Unwaived[] => {
    const found: Unwaived[] = [];
    // The policy guard's own check, so that the review and the synth flag the same groups.
    const problems =
      unsafeRefresh?.check(
        {
          kind: "resource",
          type: group.type,
          name: group.name,
          attributes: group.body,
          taggable: false,
          providerTags: {},
        },
        { production, requiredTags: [] },
      ) ?? [];
    if (problems.length > 0) {
      found.push({
        rule: RULES.unsafeRefresh,
        severity: "high",
        address: group.address,
        message: `refreshes a production fleet unsafely: ${problems.map((p) => `${p.attribute} ${p.problem}`).join("; ")}`,
      });
    }
    const version = launchTemplateOf(group.body)?.version;
    if (version !== undefined && MOVING_VERSIONS.includes(version)) {
      found.push({
        rule: RULES.groupOnMovingVersion,
        severity: "medium",
        address: group.address,
        message: `launches ${version}, so a new template version (a new image) changes nothing Terraform sees and starts no instance refresh, expected the template's latest_version`,
      });
    }
    return found;
  });
}

function isDefaultKey(key: string | undefined): boolean {
  return key === undefined || key.startsWith("aws/ebs") || key.endsWith("alias/aws/ebs");
}
