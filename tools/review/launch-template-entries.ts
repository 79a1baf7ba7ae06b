import {
  type JsonObject,
  booleanAt,
  numberAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
} from "../../modules/terraform-json";
import type { LaunchTemplateEntry, MetadataOptions, RootVolume } from "./review-model";
import type { StackDocument, TerraformBlock } from "./stack-document";
import { showExpression, showValue, soleReference } from "./terraform-references";
import { type UserDataReading, readUserData } from "./user-data";

/** A launch template as the review shows it, with its decoded user data. */
export interface ReadLaunchTemplate {
  readonly entry: LaunchTemplateEntry;
  readonly userData: UserDataReading;
  readonly block: TerraformBlock;
}

/** Every `aws_launch_template` of the stack, in no particular order. */
export function readLaunchTemplates(stack: StackDocument): ReadLaunchTemplate[] {
  return stack.blocksOfType("aws_launch_template").map((block) => {
    const { body } = block;
    const imageAddress = soleReference(body.image_id)?.address;
    const userData = readUserData(body.user_data);
    const entry: LaunchTemplateEntry = {
      address: block.address,
      region: block.region,
      name: stringAt(body, "name") ?? (stringAt(body, "name_prefix") && `${stringAt(body, "name_prefix")}*`),
      instanceType: stringAt(body, "instance_type") && showExpression(stringAt(body, "instance_type") ?? ""),
      image: body.image_id === undefined ? "none (set at launch)" : showValue(body.image_id),
      imageAddress,
      metadata: metadataOptions(objectAt(body, "metadata_options")),
      rootVolume: rootVolume(body, imageAddress),
      securityGroups: securityGroups(body),
      instanceProfile: instanceProfile(objectAt(body, "iam_instance_profile")),
      userDataSha256: userData.kind === "decoded" ? userData.userData.sha256 : undefined,
      userDataBytes: userData.kind === "decoded" ? userData.userData.bytes : undefined,
      userDataProblem: userData.kind === "unreadable" ? userData.reason : undefined,
    };
    return { entry, userData, block };
  });
}

/** AWS's defaults apply to what the template leaves out: endpoint on, IMDSv1 allowed, hop limit 1. */
function metadataOptions(options: JsonObject | undefined): MetadataOptions {
  return {
    endpoint: stringAt(options, "http_endpoint") ?? "enabled",
    tokens: stringAt(options, "http_tokens") ?? "optional",
    hopLimit: numberAt(options, "http_put_response_hop_limit"),
    defaulted: options === undefined,
  };
}

/** The mapping of the image's root device, recognised by its reference to the image's `root_device_name`. */
function rootVolume(body: JsonObject, imageAddress: string | undefined): RootVolume | undefined {
  const mappings = objectsAt(body, "block_device_mappings");
  const root =
    mappings.find((mapping) => {
      const reference = soleReference(mapping.device_name);
      return reference?.attribute === "root_device_name" && reference.address === imageAddress;
    }) ??
    mappings.find((mapping) => ["/dev/xvda", "/dev/sda1"].includes(stringAt(mapping, "device_name") ?? "")) ??
    mappings[0];
  if (!root) return undefined;
  const ebs = objectAt(root, "ebs");
  const kmsKey = stringAt(ebs, "kms_key_id");
  return {
    deviceName: showValue(root.device_name),
    sizeGiB: numberAt(ebs, "volume_size"),
    type: stringAt(ebs, "volume_type"),
    encrypted: booleanAt(ebs, "encrypted"),
    kmsKey: kmsKey && showExpression(kmsKey),
  };
}

function securityGroups(body: JsonObject): string[] {
  return [
    ...stringsAt(body, "vpc_security_group_ids"),
    ...stringsAt(body, "security_group_names"),
    ...objectsAt(body, "network_interfaces").flatMap((nic) => stringsAt(nic, "security_groups")),
  ].map(showExpression);
}

function instanceProfile(profile: JsonObject | undefined): string | undefined {
  const value = stringAt(profile, "name") ?? stringAt(profile, "arn");
  return value && showExpression(value);
}
