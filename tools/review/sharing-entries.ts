import { stringAt } from "../../modules/terraform-json";
import type { SharingEntry } from "./review-model";
import type { StackDocument } from "./stack-document";
import { showExpression, showValue, soleReference } from "./terraform-references";

/** Every `aws_ami_launch_permission` of the stack: who may launch which image, in which region. */
export function readSharing(stack: StackDocument): SharingEntry[] {
  return stack.blocksOfType("aws_ami_launch_permission").map((block) => {
    const { body } = block;
    const [principalKind, principal] = principalOf(
      stringAt(body, "account_id"),
      stringAt(body, "organization_arn"),
      stringAt(body, "organizational_unit_arn"),
      stringAt(body, "group"),
    );
    return {
      address: block.address,
      region: block.region,
      principalKind,
      principal,
      image: showValue(body.image_id),
      imageAddress: soleReference(body.image_id)?.address,
    };
  });
}

function principalOf(
  account: string | undefined,
  organization: string | undefined,
  organizationalUnit: string | undefined,
  group: string | undefined,
): [SharingEntry["principalKind"], string] {
  if (account) return ["account", showExpression(account)];
  if (organization) return ["organization", showExpression(organization)];
  if (organizationalUnit) return ["organizational unit", showExpression(organizationalUnit)];
  // `group = "all"` makes the image public.
  if (group) return group === "all" ? ["everyone", "all (public)"] : ["unknown", `group ${group}`];
  return ["unknown", "no principal"];
}
