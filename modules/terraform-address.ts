import { Lazy, type TerraformElement, type TerraformResource, TerraformStack } from "cdktf";

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

/**
 * A version as it appears in Terraform names: dots become dashes and hyphens underscores, so
 * that `1.5.0-rc.1` gives `1-5-0_rc-1` (one name per version, and back).
 */
export function versionLabel(version: string): string {
  return version.replace(/-/g, "_").replace(/\./g, "-");
}

/**
 * The Terraform name of one version of an image: `golden_1-5-0`, `golden_1-5-0_eu-west-1`,
 * `base_1-4-0_us-east-1_222222222222`. Without a version (base images that are not promoted),
 * the name has no version part: `base_eu-west-1`.
 */
export function imageName(kind: string, version: string | undefined, ...parts: string[]): string {
  return [kind, ...(version === undefined ? [] : [versionLabel(version)]), ...parts].join("_");
}

/** A Terraform `moved` block: the object known at `from` is now at `to`. */
export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

const MOVED_BLOCKS = new WeakMap<TerraformStack, MovedBlock[]>();

/**
 * Tells Terraform that the object it knows at `<type>.<previousName>` is now this resource (a
 * `moved` block), so that a state written before the rename keeps its objects instead of
 * destroying and recreating them. Call it after the resource's name is pinned.
 *
 * The blocks are written by the stack rather than with CDKTF's `moveFromId`, which makes every
 * synth run `terraform version` (to require Terraform 1.5), and the pack synthesizes where no
 * terraform is installed; renames within one resource type need Terraform 1.1.
 */
export function movedFrom<T extends TerraformResource>(resource: T, previousName: string): T {
  const stack = TerraformStack.of(resource);
  let blocks = MOVED_BLOCKS.get(stack);
  if (!blocks) {
    const list: MovedBlock[] = [];
    MOVED_BLOCKS.set(stack, list);
    stack.addOverride("moved", Lazy.anyValue({ produce: () => list.map((block) => ({ ...block })) }));
    blocks = list;
  }
  const type = resource.terraformResourceType;
  blocks.push({ from: `${type}.${previousName}`, to: `${type}.${resource.friendlyUniqueId}` });
  return resource;
}

/** The `moved` blocks of a stack, in the order they were added. */
export function movedBlocks(stack: TerraformStack): readonly MovedBlock[] {
  return MOVED_BLOCKS.get(stack) ?? [];
}
