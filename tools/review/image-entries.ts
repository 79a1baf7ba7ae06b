import { describeLookup, filtersOf } from "./base-image-source";
import type { RecordedImageVersions } from "./environment-settings";
import { versionOf } from "./image-lifecycle";
import { booleanAt, objectAt, objectsAt, stringAt } from "../../modules/terraform-json";
import type { ImageEntry } from "./review-model";
import type { StackDocument, TerraformBlock } from "./stack-document";
import { isExpression, showExpression, showValue, soleReference } from "./terraform-references";

/** Resource types that create an AMI, and the role the review gives them. */
export const IMAGE_RESOURCE_ROLES: Readonly<Record<string, ImageEntry["role"]>> = {
  aws_ami_from_instance: "golden",
  aws_ami_copy: "copy",
  aws_ami: "registered",
};

/** True for blocks that are an AMI: looked up, baked, copied or registered. */
export function isImageBlock(block: TerraformBlock): boolean {
  return block.mode === "data" ? block.type === "aws_ami" : block.type in IMAGE_RESOURCE_ROLES;
}

/** Every AMI of the stack, in no particular order, each with its version when it has one. */
export function readImages(stack: StackDocument, versions?: RecordedImageVersions): ImageEntry[] {
  return stack.blocks.filter(isImageBlock).map((block) => {
    const entry = block.mode === "data" ? lookedUp(block) : owned(block);
    const version = versionOf(block, versions);
    return version === undefined ? entry : { ...entry, version };
  });
}

function lookedUp(block: TerraformBlock): ImageEntry {
  const filters = filtersOf(block.body);
  const imageIds = filters.get("image-id");
  const names = filters.get("name");
  return {
    address: block.address,
    region: block.region,
    role: "base",
    name: imageIds
      ? imageIds.some(isExpression)
        ? "read at plan time"
        : `the name of ${imageIds.join(", ")}`
      : names
        ? names.map(showExpression).join(", ")
        : "any name",
    source: describeLookup(block).join("; ") || "any image",
    encrypted: "as published",
    preventDestroy: false,
  };
}

function owned(block: TerraformBlock): ImageEntry {
  const { body } = block;
  const role = IMAGE_RESOURCE_ROLES[block.type];
  const common = {
    address: block.address,
    region: block.region,
    role,
    name: showValue(body.name),
    deprecation: stringAt(body, "deprecation_time"),
    preventDestroy: booleanAt(objectAt(body, "lifecycle"), "prevent_destroy") === true,
  };
  if (role === "golden") {
    const withoutReboot = booleanAt(body, "snapshot_without_reboot") === true;
    return {
      ...common,
      source: `instance ${showValue(body.source_instance_id)}${withoutReboot ? ", without reboot" : ""}`,
      encrypted: "as the instance's volumes",
    };
  }
  if (role === "copy") {
    const encrypted = booleanAt(body, "encrypted") === true;
    const kmsKey = stringAt(body, "kms_key_id");
    const sourceAddress = soleReference(body.source_ami_id)?.address;
    return {
      ...common,
      source: `${sourceAddress ?? showValue(body.source_ami_id)} in ${showValue(body.source_ami_region)}`,
      sourceAddress,
      encrypted: encrypted ? "yes" : "no",
      kmsKey: kmsKey ? showExpression(kmsKey) : encrypted ? "aws/ebs (account default)" : undefined,
    };
  }
  const devices = objectsAt(body, "ebs_block_device");
  const encryptedDevices = devices.filter((device) => booleanAt(device, "encrypted") === true).length;
  return {
    ...common,
    source: stringAt(body, "image_location") ?? "registered from snapshots",
    encrypted:
      devices.length === 0
        ? "as the snapshots"
        : encryptedDevices === devices.length
          ? "yes"
          : "not every volume",
  };
}
