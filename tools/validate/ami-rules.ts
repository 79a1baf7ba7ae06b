import { checkTerraformJson, type GuardContext } from "../../modules/guard-rules";
import { isJsonObject, type JsonObject } from "./json-values";
import type { ValidationContext, ValidationRule } from "./validation-context";

/** What the pack records in the stack's `"//".environment`; absent on stacks from elsewhere. */
interface EnvironmentMetadata {
  readonly production: boolean;
  readonly requiredTags: readonly string[];
  /** The rules of the recorded waivers. */
  readonly waivedRules: ReadonlySet<string>;
}

/**
 * The pack's policy rules (the same `GUARD_RULES` the synth-time aspects run), applied to a
 * synthesized document, so that hand-edited or foreign stacks are held to them too. Waivers
 * recorded in the stack's metadata are honoured.
 */
export const amiGuardRule: ValidationRule = (json: JsonObject, context: ValidationContext) => {
  const metadata = readMetadata(json);
  const guardContext: GuardContext = {
    production: metadata.production,
    requiredTags: ["Environment", ...metadata.requiredTags.filter((tag) => tag !== "Environment")],
  };
  return checkTerraformJson(
    json as Record<string, unknown>,
    guardContext,
    (type) => context.schema.resources[type]?.attributes.tags !== undefined,
  )
    .filter((violation) => !metadata.waivedRules.has(violation.rule))
    .map((violation) => context.problem(violation.address, violation.attribute, violation.message));
};

/**
 * The stack's recorded settings. Terraform ignores `"//"`, so it may hold anything: values of
 * another shape count as absent, which holds the stack to every rule rather than waiving one.
 */
function readMetadata(json: JsonObject): EnvironmentMetadata {
  const comments = json["//"];
  const environment =
    isJsonObject(comments) && isJsonObject(comments.environment) ? comments.environment : {};
  const waivers = Array.isArray(environment.waivers) ? environment.waivers.filter(isJsonObject) : [];
  return {
    production: environment.production === true,
    requiredTags: strings(environment.requiredTags),
    waivedRules: new Set(strings(waivers.map((waiver) => waiver.rule))),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
