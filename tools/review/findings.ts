import { GUARD_RULES } from "../../modules/guard-rules";
import { MOVING_VERSIONS, launchTemplateOf } from "./auto-scaling-entries";
import type { BaseImageSource } from "./base-image-source";
import { BASE_IMAGE_ADDRESS, filtersOf, homeBaseLookup } from "./base-image-source";
import type { Waiver } from "./environment-settings";
import { booleanAt, byCodePoint, objectAt, objectsAt, stringsAt } from "../../modules/terraform-json";
import type { ReadLaunchTemplate } from "./launch-template-entries";
import type { Finding, ImageEntry, SharingEntry } from "./review-model";
import type { StackDocument } from "./stack-document";
import { referencedAddresses, showValue } from "./terraform-references";
import { accountOfArn } from "../../modules/aws-formats";
import { because, credentialIn, explain, RULES, type Rule } from "../../modules/rules";

/** What the rules look at. */
export interface FindingInput {
  readonly stack: StackDocument;
  /** The environment's account, when the stack says. */
  readonly account?: string;
  readonly production: boolean;
  readonly baseImage: BaseImageSource;
  readonly images: readonly ImageEntry[];
  readonly launchTemplates: readonly ReadLaunchTemplate[];
  readonly sharing: readonly SharingEntry[];
  readonly waivers: readonly Waiver[];
}

type Unwaived = Omit<Finding, "waiver">;

/** A finding's rule ID and severity, from the rule table. */
const of = (rule: Rule) => ({ rule: rule.id, severity: rule.severity });
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
    ...crossAccountKeyFindings(input),
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
        ...of(RULES.imdsv2Required),
        address,
        message: metadata.defaulted
          ? 'sets no metadata_options, so IMDSv1 stays allowed, expected http_tokens = "required"'
          : `allows IMDSv1, got http_tokens = "${metadata.tokens}", expected "required"`,
      });
    }
    if (metadata.endpoint !== "disabled" && metadata.hopLimit !== undefined && metadata.hopLimit > 1) {
      findings.push({
        ...of(RULES.imdsHopLimit),
        address,
        message: `lets containers and forwarded traffic reach the instance's credentials, got hop limit ${metadata.hopLimit}, expected 1`,
      });
    }
    if (!entry.rootVolume) {
      findings.push({
        ...of(RULES.rootVolumeUnmapped),
        address,
        message:
          "maps no root volume, so its encryption follows the image's snapshot and the account's EBS default",
      });
    }
    objectsAt(block.body, "block_device_mappings").forEach((mapping, index) => {
      const ebs = objectAt(mapping, "ebs");
      if (!ebs || booleanAt(ebs, "encrypted") === true) return;
      findings.push({
        ...of(RULES.launchTemplateEbsEncrypted),
        address,
        message: `leaves the volume ${showValue(mapping.device_name) || `of block_device_mappings[${index}]`} unencrypted, got encrypted = ${JSON.stringify(ebs.encrypted ?? null)}, expected true`,
      });
    });
    if (entry.securityGroups.length === 0) {
      findings.push({
        ...of(RULES.defaultSecurityGroup),
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
        ...of(RULES.publicIp),
        address,
        message: "gives instances a public IP address (associate_public_ip_address = true)",
      });
    }
    if (userData.kind === "decoded") {
      const credential = credentialIn(userData.userData.text);
      if (credential) {
        findings.push({
          ...of(RULES.userDataNoCredentials),
          address,
          message: `has ${credential} in its user data. ${explain(RULES.userDataNoCredentials)}`,
        });
      }
    } else if (userData.kind === "unreadable") {
      findings.push({
        ...of(RULES.userDataUnreadable),
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
        ...of(RULES.amiCopyEncrypted),
        address: image.address,
        message: "copies the image without encryption, got encrypted = false, expected true",
      });
    } else if (image.role === "copy" && production && isDefaultKey(image.kmsKey)) {
      findings.push({
        ...of(RULES.amiCopyEncrypted),
        address: image.address,
        message:
          "encrypts a production copy with the default aws/ebs key, expected a customer-managed KMS key",
      });
    }
    if (image.role === "copy" && isDefaultKey(image.kmsKey) && shared.has(image.address)) {
      findings.push({
        ...of(RULES.sharedWithDefaultKey),
        address: image.address,
        message:
          "is shared but encrypted with the default aws/ebs key, which other accounts cannot use, expected a customer-managed key",
      });
    }
    if (image.role === "golden" && booleanAt(stack.block(image.address)?.body, "snapshot_without_reboot")) {
      findings.push({
        ...of(RULES.snapshotWithoutReboot),
        address: image.address,
        message: "snapshots the running instance without a reboot, so its file systems may be inconsistent",
      });
    }
    if (production && !image.preventDestroy) {
      findings.push({
        ...of(RULES.imageNotProtected),
        address: image.address,
        message:
          "can be destroyed by a plan in a production environment, expected lifecycle.prevent_destroy = true",
      });
    }
    const source = images.find((candidate) => candidate.address === image.sourceAddress);
    if (image.role === "copy" && source?.deprecation && !image.deprecation) {
      findings.push({
        ...of(RULES.copyNotDeprecated),
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
      ...of(RULES.noPublicLaunchPermission),
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
      ...of(RULES.amiLookupOwners),
      address: lookup.address,
      message: "looks up images by name from any owner, so anyone can publish a match, expected owners",
    }));
}

function baseImageFindings({ stack, production, baseImage }: FindingInput): Unwaived[] {
  const lookup = homeBaseLookup(stack);
  if (baseImage.pinned || !lookup) return [];
  const users = stack.blocks
    .filter((block) => block.mode === "managed")
    .filter((block) =>
      referencedAddresses(block.body).some(
        (address) => address === lookup.address || address.startsWith(`${BASE_IMAGE_ADDRESS}_`),
      ),
    )
    .map((block) => block.address);
  const effect = `resolves ${baseImage.summary} when Terraform plans, so the image can change without a change here`;
  return [
    {
      ...of(production ? RULES.productionImagePinned : RULES.unpinnedBaseImage),
      // A lookup nothing uses changes nothing when it moves.
      ...(users.length === 0 && !production ? { severity: "low" as const } : {}),
      address: lookup.address,
      message: `${effect}; ${users.length > 0 ? `used by ${users.join(", ")}` : "no resource of the stack refers to it"}`,
    },
  ];
}

function autoScalingFindings({ stack, production }: FindingInput): Unwaived[] {
  const unsafeRefresh = GUARD_RULES.find((rule) => rule.id === RULES.asgUnsafeRefresh.id);
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
        ...of(RULES.asgUnsafeRefresh),
        address: group.address,
        message: `refreshes a production fleet unsafely: ${problems.map((p) => `${p.attribute} ${p.problem}`).join("; ")}`,
      });
    }
    const version = launchTemplateOf(group.body)?.version;
    if (version !== undefined && MOVING_VERSIONS.includes(version)) {
      found.push({
        ...of(RULES.asgLatestVersion),
        address: group.address,
        message: `launches ${version}, so a new template version (a new image) changes nothing Terraform sees and starts no instance refresh, expected the template's latest_version`,
      });
    }
    return found;
  });
}

/** KMS keys of another account than the environment's: they work only when their policy grants it. */
function crossAccountKeyFindings({ account, images, launchTemplates }: FindingInput): Unwaived[] {
  if (!account) return [];
  const keys = [
    ...images.map((image) => ({ address: image.address, key: image.kmsKey })),
    ...launchTemplates.map(({ entry }) => ({ address: entry.address, key: entry.rootVolume?.kmsKey })),
  ];
  return keys.flatMap(({ address, key }) => {
    const owner = accountOfArn(key);
    if (!owner || owner === account) return [];
    return [
      {
        ...of(RULES.crossAccountKmsKey),
        address,
        message: `encrypts with a KMS key of account ${owner}, not the environment's ${account}: ${because(RULES.crossAccountKmsKey)}`,
      },
    ];
  });
}

function isDefaultKey(key: string | undefined): boolean {
  return key === undefined || key.startsWith("aws/ebs") || key.endsWith("alias/aws/ebs");
}
