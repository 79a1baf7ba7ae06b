import { checkTerraformJson, type GuardContext } from "../../modules/guard-rules";
import { byCodePoint, isObject, type JsonObject } from "../../modules/terraform-json";
import type { ValidationProblem } from "./problem";

/** What the pack records in the stack's `"//".environment`; absent on stacks from elsewhere. */
interface EnvironmentMetadata {
  readonly production: boolean;
  readonly requiredTags: readonly string[];
  /** The rules of the recorded waivers. */
  readonly waivedRules: ReadonlySet<string>;
}

/**
 * The pack's AMI rules (the same `GUARD_RULES` the synth-time guards run) on a Terraform JSON
 * document, so that hand-edited stacks, and stacks written by hand or by another tool, are held to
 * them too. Waivers recorded in the stack's metadata are honoured. A document the rules cannot
 * read is one problem of its file, not an exception. Sorted by address, then argument.
 *
 * @param file the file the document was read from, as it is shown in the problems.
 */
export async function checkAmiRules(file: string, json: unknown): Promise<ValidationProblem[]> {
  if (!isObject(json))
    return [problem(file, "document", "", "expected a Terraform JSON document (a JSON object)")];
  const metadata = readMetadata(json);
  const context: GuardContext = {
    production: metadata.production,
    requiredTags: ["Environment", ...metadata.requiredTags.filter((tag) => tag !== "Environment")],
  };
  try {
    const taggable = await taggableTypes(json);
    return checkTerraformJson(json, context, (type) => taggable.has(type))
      .filter((violation) => !metadata.waivedRules.has(violation.rule))
      .map((violation) => ({
        ...problem(file, violation.address, violation.attribute, violation.message),
        rule: violation.rule,
      }))
      .sort((a, b) => byCodePoint(a.address, b.address) || byCodePoint(a.attributePath, b.attributePath));
  } catch (error) {
    // Terraform reports what is malformed; the rules say only that they could not look.
    const message = error instanceof Error ? error.message : String(error);
    return [
      problem(
        file,
        "document",
        "",
        `the AMI rules could not read this document, got the error ${JSON.stringify(message)}, expected a document Terraform accepts`,
      ),
    ];
  }
}

function problem(file: string, address: string, attributePath: string, message: string): ValidationProblem {
  return { file, address, attributePath, message };
}

/**
 * The document's AWS resource types that have a `tags` argument, from the provider bindings the
 * stacks are built with (hashicorp/aws at the version they pin): the generated class has
 * `tagsInput` exactly then. Types this provider version does not know have no tags to require.
 */
export async function taggableTypes(json: JsonObject): Promise<Set<string>> {
  const types = Object.keys(isObject(json.resource) ? json.resource : {}).filter((type) =>
    type.startsWith("aws_"),
  );
  const found = new Set<string>();
  for (const type of types) {
    let known = taggableByType.get(type);
    if (known === undefined) {
      known = false;
      try {
        // e.g. aws_launch_template → @cdktf/provider-aws/lib/launch-template
        const bindings = (await import(
          `@cdktf/provider-aws/lib/${type.replace(/^aws_/, "").replace(/_/g, "-")}`
        )) as Record<string, unknown>;
        known = Object.values(bindings).some(
          (binding) =>
            typeof binding === "function" &&
            (binding as { tfResourceType?: unknown }).tfResourceType === type &&
            "tagsInput" in (binding as { prototype: object }).prototype,
        );
      } catch {
        // Not a resource type of this provider version.
      }
      taggableByType.set(type, known);
    }
    if (known) found.add(type);
  }
  return found;
}
const taggableByType = new Map<string, boolean>();

/**
 * The stack's recorded settings. Terraform ignores `"//"`, so it may hold anything: values of
 * another shape count as absent, which holds the stack to every rule rather than waiving one.
 */
function readMetadata(json: JsonObject): EnvironmentMetadata {
  const comments = json["//"];
  const environment = isObject(comments) && isObject(comments.environment) ? comments.environment : {};
  const waivers = Array.isArray(environment.waivers) ? environment.waivers.filter(isObject) : [];
  return {
    production: environment.production === true,
    requiredTags: strings(environment.requiredTags),
    waivedRules: new Set(strings(waivers.map((waiver) => waiver.rule))),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
