import { TerraformResource, type IAspect, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { GuardWaiver } from "./config";
import { checkTerraformJson, type GuardContext, type GuardViolation } from "./guard-rules";

/**
 * The pack's policy rules as a CDKTF aspect on one stack. The aspect visits every construct,
 * including those an environment adds with `extend`, and learns which resources are taggable;
 * the stack's validation then checks the stack as Terraform will read it (with every override,
 * also those set on the stack itself) and fails the synth on violations that are not waived.
 */
export class PolicyGuards implements IAspect {
  private readonly taggable = new Set<string>();
  private found?: GuardViolation[];

  constructor(
    private readonly stack: TerraformStack,
    private readonly context: GuardContext,
    private readonly waivers: readonly GuardWaiver[],
  ) {
    stack.node.addValidation({
      validate: () => {
        this.found = undefined;
        return this.errors().map((v) => `${v.address}.${v.attribute}: ${v.message}`);
      },
    });
  }

  visit(node: IConstruct): void {
    // Generated provider classes expose `tagsInput` exactly when the type has a `tags` argument.
    if (node instanceof TerraformResource && "tagsInput" in node) {
      this.taggable.add(`${node.terraformResourceType}.${node.friendlyUniqueId}`);
    }
  }

  /** Every violation found, waived or not, sorted by address. */
  get violations(): GuardViolation[] {
    this.found ??= checkTerraformJson(this.stack.toTerraform(), this.context, (type, name) =>
      this.taggable.has(`${type}.${name}`),
    ).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    return this.found;
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
