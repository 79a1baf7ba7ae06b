import { isTrue, objectsAt } from "./terraform-json";
import { credentialIn, explain, type Rule, RULES } from "./rules";

/** One Terraform block as it appears in the synthesized JSON, references resolved. */
export interface TerraformBlock {
  readonly kind: "resource" | "data";
  /** e.g. "aws_launch_template" */
  readonly type: string;
  /** The block's Terraform name, e.g. "web_us-east-1". */
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** True when the resource type has a `tags` argument. */
  readonly taggable: boolean;
  /** Tags the block's provider adds (`default_tags`). */
  readonly providerTags: Readonly<Record<string, string>>;
}

/** What the rules know about the environment. */
export interface GuardContext {
  readonly production: boolean;
  /** Tag keys every taggable resource must carry: Environment and the environment's own. */
  readonly requiredTags: readonly string[];
}

/** A rule broken by one block. */
export interface GuardViolation {
  readonly rule: string;
  /** `aws_launch_template.web_us-east-1` */
  readonly address: string;
  /** The attribute at fault, e.g. "metadata_options.http_tokens". */
  readonly attribute: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A rule of the table (`rules.ts`) checked on the synthesized Terraform JSON. */
export interface GuardRule extends Rule {
  readonly check: (
    block: TerraformBlock,
    context: GuardContext,
  ) => Array<{ attribute: string; problem: string }>;
}

type Json = Record<string, unknown>;
const isReference = (value: unknown) => typeof value === "string" && value.includes("${");

function decodedUserData(attributes: Readonly<Json>): string | undefined {
  const encoded = attributes.user_data_base64;
  if (typeof encoded === "string" && !isReference(encoded))
    return Buffer.from(encoded, "base64").toString("utf8");
  const plain = attributes.user_data;
  if (typeof plain !== "string" || isReference(plain)) return undefined;
  // Launch templates take base64; instances take plain text (or user_data_base64).
  const decoded = Buffer.from(plain, "base64").toString("utf8");
  return Buffer.from(decoded, "utf8").toString("base64") === plain.replace(/\s/g, "") ? decoded : plain;
}

/** Every rule, in the order they are reported. IDs are public: waivers name them. */
export const GUARD_RULES: readonly GuardRule[] = [
  {
    ...RULES.imdsv2Required,
    check: (block) => {
      if (block.kind !== "resource" || !["aws_launch_template", "aws_instance"].includes(block.type))
        return [];
      const tokens = objectsAt(block.attributes, "metadata_options")[0]?.http_tokens;
      return tokens === "required"
        ? []
        : [
            {
              attribute: "metadata_options.http_tokens",
              problem: `got ${JSON.stringify(tokens ?? null)}, expected "required"`,
            },
          ];
    },
  },
  {
    ...RULES.launchTemplateEbsEncrypted,
    check: (block) => {
      if (block.kind !== "resource" || block.type !== "aws_launch_template") return [];
      return objectsAt(block.attributes, "block_device_mappings").flatMap((mapping, index) => {
        const ebs = objectsAt(mapping, "ebs")[0];
        if (!ebs || isTrue(ebs.encrypted)) return [];
        return [
          {
            attribute: `block_device_mappings[${index}].ebs.encrypted`,
            problem: `got ${JSON.stringify(ebs.encrypted ?? null)}, expected "true"`,
          },
        ];
      });
    },
  },
  {
    ...RULES.ebsEncrypted,
    check: (block) => {
      if (block.kind !== "resource") return [];
      const unencrypted = (attribute: string, value: unknown) =>
        isTrue(value) ? [] : [{ attribute, problem: `got ${JSON.stringify(value ?? null)}, expected true` }];
      if (block.type === "aws_ebs_volume") return unencrypted("encrypted", block.attributes.encrypted);
      if (block.type !== "aws_instance") return [];
      return ["root_block_device", "ebs_block_device"].flatMap((kind) =>
        objectsAt(block.attributes, kind).flatMap((device, index) =>
          unencrypted(`${kind}[${index}].encrypted`, device.encrypted),
        ),
      );
    },
  },
  {
    ...RULES.amiCopyEncrypted,
    check: (block, context) => {
      if (block.kind !== "resource" || block.type !== "aws_ami_copy") return [];
      if (!isTrue(block.attributes.encrypted))
        return [
          {
            attribute: "encrypted",
            problem: `got ${JSON.stringify(block.attributes.encrypted ?? null)}, expected true`,
          },
        ];
      const key = block.attributes.kms_key_id;
      if (context.production && (typeof key !== "string" || key === "" || key.endsWith("alias/aws/ebs"))) {
        return [
          {
            attribute: "kms_key_id",
            problem: `got ${JSON.stringify(key ?? null)}, expected a customer-managed KMS key in a production environment`,
          },
        ];
      }
      return [];
    },
  },
  {
    ...RULES.noPublicLaunchPermission,
    check: (block) => {
      if (block.kind !== "resource" || block.type !== "aws_ami_launch_permission") return [];
      return block.attributes.group === undefined
        ? []
        : [
            {
              attribute: "group",
              problem: `got ${JSON.stringify(block.attributes.group)}, expected no group: it makes the image public`,
            },
          ];
    },
  },
  {
    ...RULES.amiLookupOwners,
    check: (block) => {
      if (block.kind !== "data" || block.type !== "aws_ami") return [];
      const owners = block.attributes.owners;
      const byId = objectsAt(block.attributes, "filter").some((filter) => filter.name === "image-id");
      return byId || (Array.isArray(owners) && owners.length > 0)
        ? []
        : [{ attribute: "owners", problem: "got no owners, expected at least one owner account" }];
    },
  },
  {
    ...RULES.productionImagePinned,
    check: (block, context) => {
      if (!context.production) return [];
      if (block.kind === "data" && block.type === "aws_ami") {
        const found: Array<{ attribute: string; problem: string }> = [];
        if (isTrue(block.attributes.most_recent))
          found.push({
            attribute: "most_recent",
            problem: "got true, expected the newest match not to be picked in production",
          });
        const resolved = objectsAt(block.attributes, "filter").some((filter) =>
          JSON.stringify(filter.values ?? "").includes("aws_ssm_parameter."),
        );
        if (resolved)
          found.push({
            attribute: "filter",
            problem: "got an image ID read from SSM, expected a pinned image in production",
          });
        return found;
      }
      if (
        block.kind === "resource" &&
        ["aws_launch_template", "aws_instance", "aws_ami_copy"].includes(block.type)
      ) {
        const image = block.attributes.image_id ?? block.attributes.ami ?? block.attributes.source_ami_id;
        if (
          typeof image === "string" &&
          (image.includes("aws_ssm_parameter.") || image.startsWith("resolve:ssm:"))
        ) {
          const attribute =
            block.type === "aws_ami_copy"
              ? "source_ami_id"
              : block.type === "aws_instance"
                ? "ami"
                : "image_id";
          return [
            { attribute, problem: "got an image ID read from SSM, expected a pinned image in production" },
          ];
        }
      }
      return [];
    },
  },
  {
    ...RULES.userDataNoCredentials,
    check: (block) => {
      if (block.kind !== "resource" || !["aws_launch_template", "aws_instance"].includes(block.type))
        return [];
      const script = decodedUserData(block.attributes);
      if (script === undefined) return [];
      const credential = credentialIn(script);
      return credential
        ? [{ attribute: "user_data", problem: `got ${credential}, expected no credentials` }]
        : [];
    },
  },
  {
    ...RULES.asgUnsafeRefresh,
    check: (block, context) => {
      if (!context.production || block.kind !== "resource" || block.type !== "aws_autoscaling_group")
        return [];
      const refresh = objectsAt(block.attributes, "instance_refresh")[0];
      if (!refresh) return [];
      const preferences = objectsAt(refresh, "preferences")[0] ?? {};
      const found: Array<{ attribute: string; problem: string }> = [];
      // AWS keeps 90 % healthy when the preference is left out.
      const minHealthy = preferences.min_healthy_percentage;
      if (
        (typeof minHealthy === "number" || (typeof minHealthy === "string" && !isReference(minHealthy))) &&
        Number(minHealthy) < 90
      ) {
        found.push({
          attribute: "instance_refresh.preferences.min_healthy_percentage",
          problem: `got ${JSON.stringify(minHealthy)}, expected at least 90 in production`,
        });
      }
      // AWS does not roll back unless asked.
      if (!isTrue(preferences.auto_rollback) && !isReference(preferences.auto_rollback)) {
        found.push({
          attribute: "instance_refresh.preferences.auto_rollback",
          problem: `got ${JSON.stringify(preferences.auto_rollback ?? null)}, expected true in production`,
        });
      }
      return found;
    },
  },
  {
    ...RULES.requiredTags,
    check: (block, context) => {
      if (block.kind !== "resource" || !block.taggable) return [];
      const found: Array<{ attribute: string; problem: string }> = [];
      const missing = (tags: unknown, inherited: Readonly<Record<string, string>>) =>
        context.requiredTags.filter(
          (key) => !(tags && typeof tags === "object" && key in tags) && !(key in inherited),
        );
      const onResource = missing(block.attributes.tags, block.providerTags);
      if (onResource.length > 0)
        found.push({
          attribute: "tags",
          problem: `got no ${onResource.join(", ")} tag, expected ${context.requiredTags.join(", ")}`,
        });
      if (
        block.type === "aws_launch_template" &&
        objectsAt(block.attributes, "tag_specifications").length === 0
      ) {
        found.push({
          attribute: "tag_specifications",
          problem: `got none, expected instance and volume tag specifications with ${context.requiredTags.join(", ")}`,
        });
      }
      objectsAt(block.attributes, "tag_specifications").forEach((specification, index) => {
        const absent = missing(specification.tags, {});
        if (absent.length > 0) {
          found.push({
            attribute: `tag_specifications[${index}].tags`,
            problem: `got no ${absent.join(", ")} tag on ${specification.resource_type ?? "launched resources"}, expected ${context.requiredTags.join(", ")}`,
          });
        }
      });
      return found;
    },
  },
];

/** Runs every rule on one block. */
export function checkBlock(block: TerraformBlock, context: GuardContext): GuardViolation[] {
  const address = `${block.kind === "data" ? "data." : ""}${block.type}.${block.name}`;
  return GUARD_RULES.flatMap((rule) =>
    rule.check(block, context).map(({ attribute, problem }) => ({
      rule: rule.id,
      address,
      attribute,
      message: `[${rule.id}] ${problem}. ${explain(rule)}`,
    })),
  );
}

/** `aws_launch_template.web_us-east-1.metadata_options.http_tokens: [imdsv2-required] ...` */
export function formatViolation(violation: GuardViolation): string {
  return `${violation.address}.${violation.attribute}: ${violation.message}`;
}

/** Tells whether a resource type has a `tags` argument. */
export type IsTaggable = (type: string, name: string) => boolean;

/** `default_tags` of each AWS provider configuration, by `aws` or `aws.<alias>`. */
function defaultTagsByProvider(json: Json): Map<string, Record<string, string>> {
  const tags = new Map<string, Record<string, string>>();
  for (const config of objectsAt(json.provider, "aws")) {
    const defaults = objectsAt(config, "default_tags")[0];
    const key = typeof config.alias === "string" ? `aws.${config.alias}` : "aws";
    const found = defaults?.tags;
    tags.set(key, typeof found === "object" && found !== null ? (found as Record<string, string>) : {});
  }
  return tags;
}

/**
 * Runs every rule on every AWS resource and data source of a stack's Terraform JSON, as
 * Terraform will read it (overrides applied, references resolved).
 */
export function checkTerraformJson(
  json: Json,
  context: GuardContext,
  isTaggable: IsTaggable,
): GuardViolation[] {
  const tagsByProvider = defaultTagsByProvider(json);
  const violations: GuardViolation[] = [];
  for (const kind of ["resource", "data"] as const) {
    const byType = json[kind];
    if (typeof byType !== "object" || byType === null) continue;
    for (const [type, byName] of Object.entries(byType as Record<string, unknown>)) {
      if (!type.startsWith("aws_") || typeof byName !== "object" || byName === null) continue;
      for (const [name, attributes] of Object.entries(byName as Record<string, unknown>)) {
        if (typeof attributes !== "object" || attributes === null) continue;
        const provider = (attributes as Json).provider;
        violations.push(
          ...checkBlock(
            {
              kind,
              type,
              name,
              attributes: attributes as Json,
              taggable: kind === "resource" && isTaggable(type, name),
              providerTags: tagsByProvider.get(typeof provider === "string" ? provider : "aws") ?? {},
            },
            context,
          ),
        );
      }
    }
  }
  return violations;
}
