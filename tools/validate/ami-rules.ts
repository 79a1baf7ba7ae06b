import { checkTerraformJson, type GuardContext } from "../../modules/guard-rules";
import type { GuardWaiver } from "../../modules/policy-guards";
import type { JsonObject } from "./json-values";
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
  return checkTerraformJson(
    document,
    guardContext,
    (type) => context.schema.resources[type]?.attributes.tags !== undefined,
  )
    .filter((violation) => !waived.has(violation.rule))
    .map((violation) => context.problem(violation.address, violation.attribute, violation.message));
};
