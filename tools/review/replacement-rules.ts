/**
 * Arguments whose change makes Terraform replace the resource (`ForceNew` in the hashicorp/aws
 * provider's schemas, 6.x). A new AMI means a new AMI ID: copies, launch permissions and launch
 * templates that refer to it change too.
 */
export const REPLACING_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_ami_from_instance: ["ephemeral_block_device", "name", "snapshot_without_reboot", "source_instance_id"],
  aws_ami_copy: [
    "encrypted",
    "ephemeral_block_device",
    "kms_key_id",
    "name",
    "source_ami_id",
    "source_ami_region",
  ],
  aws_ami: [
    "architecture",
    "boot_mode",
    "ebs_block_device",
    "ena_support",
    "ephemeral_block_device",
    "image_location",
    "imds_support",
    "kernel_id",
    "name",
    "ramdisk_id",
    "root_device_name",
    "sriov_net_support",
    "tpm_support",
    "virtualization_type",
  ],
  // A launch permission has no update: every argument replaces it.
  aws_ami_launch_permission: [
    "account_id",
    "group",
    "image_id",
    "organization_arn",
    "organizational_unit_arn",
  ],
  // Any other change of a launch template is a new version of the same template.
  aws_launch_template: ["name", "name_prefix"],
  aws_autoscaling_group: ["name", "name_prefix"],
  // A grant has no update: every argument replaces it.
  aws_kms_grant: [
    "constraints",
    "grant_creation_tokens",
    "grantee_principal",
    "key_id",
    "name",
    "operations",
    "retire_on_delete",
    "retiring_principal",
  ],
};

/**
 * Attributes that an in-place update changes, so that what refers to them changes too: every
 * change of a launch template is a new version.
 */
export const UPDATED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_launch_template: ["default_version", "latest_version"],
};

/** True when updating a resource of `type` in place gives `attribute` a new value. */
export function changesOnUpdate(type: string, attribute: string): boolean {
  return UPDATED_ATTRIBUTES[type]?.includes(attribute) ?? false;
}

/** Resource types that are AMIs. */
export const IMAGE_TYPES: readonly string[] = ["aws_ami", "aws_ami_copy", "aws_ami_from_instance"];

/** The top-level argument of an attribute path: `ebs` of `ebs.volume_size`, `filter` of `filter[0].name`. */
export function topLevelArgument(path: string): string {
  return /^[^.[]+/.exec(path)?.[0] ?? path;
}

/** True when changing the attribute at `path` makes Terraform replace a resource of `type`. */
export function forcesReplacement(type: string, path: string): boolean {
  return REPLACING_ARGUMENTS[type]?.includes(topLevelArgument(path)) ?? false;
}
