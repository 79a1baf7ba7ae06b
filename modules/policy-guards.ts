import { TerraformResource, TerraformStack } from "cdktf";
import type { GuardWaiver } from "./config";
import { checkTerraformJson, formatViolation, type GuardContext, type GuardViolation } from "./guard-rules";

/**
 * The pack's policy rules on one stack, checked on the stack as Terraform will read it: the JSON
 * that CDKTF writes, with every override (also those set on the stack itself) and every resource
 * an environment adds with `extend`. The stack hands each render to `inspect`, so the rules read
 * the one render that is written instead of rendering the stack a second time.
 */
export class PolicyGuards {
  private found?: GuardViolation[];

  constructor(
    private readonly stack: TerraformStack,
    private readonly context: GuardContext,
    private readonly waivers: readonly GuardWaiver[],
  ) {}

  /**
   * Checks `json`, the stack's render, and remembers what was found; throws when a violation is
   * not waived, which fails the synth before the stack is written.
   */
  inspect(json: Record<string, unknown>): void {
    const taggable = new Set(
      this.stack.node
        .findAll()
        // Generated provider classes expose `tagsInput` exactly when the type has a `tags` argument.
        .filter((node) => node instanceof TerraformResource && "tagsInput" in node)
        .map((node) => {
          const resource = node as TerraformResource;
          return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
        }),
    );
    this.found = checkTerraformJson(json, this.context, (type, name) => taggable.has(`${type}.${name}`)).sort(
      (a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
    );
    const errors = this.errors();
    if (errors.length > 0) {
      throw new Error(
        `Stack ${this.stack.node.id} breaks ${errors.length} policy rule(s):\n  ${errors.map(formatViolation).join("\n  ")}`,
      );
    }
  }

  /** Every violation found, waived or not, sorted by address; renders the stack if it was not yet. */
  get violations(): GuardViolation[] {
    if (!this.found) {
      try {
        this.stack.toTerraform();
      } catch (error) {
        // A violation is recorded before it is thrown; any other failure is the caller's to see.
        if (!this.found) throw error;
      }
    }
    return this.found ?? [];
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
