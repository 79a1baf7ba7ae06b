import { checkBlock, type GuardContext, type TerraformBlock } from "../../modules/guard-rules";
import type { GuardWaiver } from "../../modules/policy-guards";
import type { JsonObject } from "./json-values";
import type { ValidationProblem } from "./problem";
import type { ValidationContext, ValidationRule } from "./validation-context";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What the pack records in the stack's `"//".environment`; absent on stacks from elsewhere. */
interface EnvironmentMetadata {
  readonly production?: boolean;
  readonly requiredTags?: readonly string[];
  readonly waivers?: readonly GuardWaiver[];
}

/** `default_tags` of each provider configuration, by `aws` or `aws.<alias>`. */
function providerTags(json: Json): Map<string, Record<string, string>> {
  const tags = new Map<string, Record<string, string>>();
  const configs = isObject(json.provider) ? json.provider.aws : undefined;
  for (const config of Array.isArray(configs) ? configs : isObject(configs) ? [configs] : []) {
    if (!isObject(config)) continue;
    const defaults = Array.isArray(config.default_tags) ? config.default_tags[0] : config.default_tags;
    const key = typeof config.alias === "string" ? `aws.${config.alias}` : "aws";
    tags.set(
      key,
      isObject(defaults) && isObject(defaults.tags) ? (defaults.tags as Record<string, string>) : {},
    );
  }
  return tags;
}

/**
 * The pack's policy rules (the same `GUARD_RULES` the synth-time aspects run), applied to a
 * synthesized document, so that hand-edited or foreign stacks are held to them too. Waivers
 * recorded in the stack's metadata are honoured.
 */
export const amiGuardRule: ValidationRule = (json: JsonObject, context: ValidationContext) => {
  const document = json as unknown as Json;
  const metadata = (isObject(document["//"]) ? (document["//"] as Json).environment : undefined) as
    EnvironmentMetadata | undefined;
  const guardContext: GuardContext = {
    production: metadata?.production === true,
    requiredTags: ["Environment", ...(metadata?.requiredTags ?? []).filter((tag) => tag !== "Environment")],
  };
  const waived = new Set((metadata?.waivers ?? []).map((waiver) => waiver.rule));
  const tagsByProvider = providerTags(document);
  const problems: ValidationProblem[] = [];
  for (const kind of ["resource", "data"] as const) {
    const byType = document[kind];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!type.startsWith("aws_") || !isObject(byName)) continue;
      const schema = kind === "resource" ? context.schema.resources[type] : context.schema.dataSources[type];
      for (const [name, attributes] of Object.entries(byName)) {
        if (!isObject(attributes)) continue;
        const provider = typeof attributes.provider === "string" ? attributes.provider : "aws";
        const block: TerraformBlock = {
          kind,
          type,
          name,
          attributes,
          taggable: kind === "resource" && schema?.attributes.tags !== undefined,
          providerTags: tagsByProvider.get(provider) ?? {},
        };
        for (const violation of checkBlock(block, guardContext)) {
          if (waived.has(violation.rule)) continue;
          problems.push(context.problem(violation.address, violation.attribute, violation.message));
        }
      }
    }
  }
  return problems;
};
