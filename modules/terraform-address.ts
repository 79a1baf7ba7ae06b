import type { TerraformElement } from "cdktf";

/**
 * Gives a resource, data source or output a fixed, readable Terraform name.
 *
 * CDKTF derives names from the construct path and adds a hash for nested constructs, so moving
 * a construct would rename its resources and make Terraform destroy and recreate the AMIs.
 * Pinning every name keeps addresses such as `aws_ami_copy.golden_eu-west-1` stable across
 * refactors.
 */
export function pinAddress<T extends TerraformElement>(element: T, name: string): T {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    throw new Error(`Terraform name is invalid, got "${name}", expected letters, digits, "_" and "-"`);
  }
  element.overrideLogicalId(name);
  return element;
}
