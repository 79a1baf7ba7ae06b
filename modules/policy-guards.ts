import {
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  Tokenization,
  type IAspect,
  type TerraformStack,
} from "cdktf";
import type { IConstruct } from "constructs";
import { checkBlock, type GuardContext, type GuardViolation, type TerraformBlock } from "./guard-rules";

/** A rule an environment chose not to enforce, and why. */
export interface GuardWaiver {
  /** A rule ID from `GUARD_RULES`. */
  readonly rule: string;
  /** Why the environment may break the rule; shown in the synth output and the review. */
  readonly reason: string;
}

type Json = Record<string, unknown>;

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Turns tokens into the `${...}` references Terraform will read, as synthesis does. */
function resolve(stack: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: stack, resolver: RESOLVER });
}

/** The single block a Terraform element renders, references resolved. */
function renderedBlock(
  stack: TerraformStack,
  element: TerraformResource | TerraformDataSource,
): { name: string; attributes: Json } | undefined {
  const rendered = resolve(stack, element.toTerraform()) as Json;
  const byType = (rendered.resource ?? rendered.data) as Record<string, Record<string, Json>> | undefined;
  const byName = byType?.[element.terraformResourceType];
  const name = byName && Object.keys(byName)[0];
  return name ? { name, attributes: byName[name] } : undefined;
}

function providerTags(
  stack: TerraformStack,
  provider: TerraformProvider | undefined,
): Record<string, string> {
  const chosen =
    provider ??
    stack.node
      .findAll()
      .find((node): node is TerraformProvider => node instanceof TerraformProvider && !node.alias);
  if (!chosen) return {};
  const rendered = resolve(stack, chosen.toTerraform()) as { provider?: Record<string, Json[]> };
  const config = Object.values(rendered.provider ?? {})[0]?.[0] as
    { default_tags?: Array<{ tags?: Record<string, string> }> } | undefined;
  return { ...config?.default_tags?.[0]?.tags };
}

/**
 * The pack's policy rules as a CDKTF aspect: it sees every AWS resource and data source of the
 * stack, including those added with `extend`, and a stack validation turns the violations that
 * are not waived into a failed synth.
 */
export class PolicyGuards implements IAspect {
  private readonly found = new Map<string, GuardViolation>();
  /** Each provider's default tags, rendered once: every resource of a region shares them. */
  private readonly tagsByProvider = new Map<TerraformProvider | undefined, Record<string, string>>();

  constructor(
    private readonly stack: TerraformStack,
    private readonly context: GuardContext,
    private readonly waivers: readonly GuardWaiver[],
  ) {
    stack.node.addValidation({
      validate: () => this.errors().map((v) => `${v.address}.${v.attribute}: ${v.message}`),
    });
  }

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) return;
    if (!node.terraformResourceType.startsWith("aws_")) return;
    const rendered = renderedBlock(this.stack, node);
    if (!rendered) return;
    const block: TerraformBlock = {
      kind: node instanceof TerraformDataSource ? "data" : "resource",
      type: node.terraformResourceType,
      name: rendered.name,
      attributes: rendered.attributes,
      // Generated provider classes expose `tagsInput` exactly when the type has a `tags` argument.
      taggable: node instanceof TerraformResource && "tagsInput" in node,
      providerTags: this.providerTagsOf(node.provider),
    };
    // Aspects may visit a node more than once (a test synth, then the app's): keep each finding once.
    for (const violation of checkBlock(block, this.context)) {
      this.found.set(`${violation.address}.${violation.attribute}#${violation.rule}`, violation);
    }
  }

  private providerTagsOf(provider: TerraformProvider | undefined): Record<string, string> {
    let tags = this.tagsByProvider.get(provider);
    if (!tags) {
      tags = providerTags(this.stack, provider);
      this.tagsByProvider.set(provider, tags);
    }
    return tags;
  }

  /** Every violation found, waived or not, sorted by address. */
  get violations(): GuardViolation[] {
    return [...this.found.values()].sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
    );
  }

  /** Violations that fail the synth. */
  errors(): GuardViolation[] {
    return this.violations.filter(
      (violation) => !this.waivers.some((waiver) => waiver.rule === violation.rule),
    );
  }

  /** Each waiver with the findings it covers. */
  waived(): Array<GuardWaiver & { findings: string[] }> {
    return this.waivers.map((waiver) => ({
      ...waiver,
      findings: this.violations
        .filter((v) => v.rule === waiver.rule)
        .map((v) => `${v.address}.${v.attribute}`),
    }));
  }
}
