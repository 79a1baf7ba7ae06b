import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";
import type { RootVolumeConfig } from "./config";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { pinAddress } from "./terraform-address";

/** Settings of one launch template in one region. */
export interface AmiLaunchTemplateProps {
  /** The template's name in the environment, e.g. "web". */
  readonly templateName: string;
  /** The environment; the EC2 name of the template is `<environment>-<templateName>`. */
  readonly environment: string;
  /** The image instances boot, in the template's region. */
  readonly image: RegionalImage;
  readonly providers: RegionalProviders;
  readonly instanceType: string;
  /** @default - the VPC's default security group */
  readonly securityGroupIds?: readonly string[];
  /** @default - no instance profile */
  readonly instanceProfileName?: string;
  /** Plain-text boot script, base64-encoded here. @default - no user data */
  readonly userData?: string;
  /** @default - gp3, encrypted with the account's default EBS key, the image's snapshot size */
  readonly rootVolume?: RootVolumeConfig;
  /** @default 1 - only the instance itself reaches the metadata service */
  readonly metadataHopLimit?: number;
  /** Tags of the instances and volumes launched from the template. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A launch template, secure by default: `aws_launch_template.<name>_<region>`, requiring IMDSv2,
 * with an encrypted root volume mapped on the image's own root device, tagged instances and
 * volumes, and each change becoming the default version.
 */
export class AmiLaunchTemplate extends Construct {
  readonly template: LaunchTemplate;
  /** The Terraform name, `<name>_<region>`. */
  readonly address: string;
  /** The template's name in the environment, e.g. "web". */
  readonly templateName: string;
  readonly region: string;
  /**
   * The KMS keys that the environment chose for what instances launched from the template
   * read: the image's snapshots (a copy's key) and the root volume. Other keys (the account's
   * default EBS key, a golden image's own volumes, a publisher's key) are not known here.
   */
  readonly kmsKeyIds: readonly string[];

  constructor(scope: Construct, id: string, props: AmiLaunchTemplateProps) {
    super(scope, id);
    const { image, rootVolume = {} } = props;
    this.address = `${props.templateName}_${image.region}`;
    this.templateName = props.templateName;
    this.region = image.region;
    const kmsKeyId =
      typeof rootVolume.kmsKeyId === "string" ? rootVolume.kmsKeyId : rootVolume.kmsKeyId?.[image.region];
    this.kmsKeyIds = [...new Set([image.kmsKeyId, kmsKeyId].filter((key) => key !== undefined))];
    this.template = pinAddress(
      new LaunchTemplate(this, "template", {
        provider: props.providers.forRegion(image.region),
        name: `${props.environment}-${props.templateName}`,
        description: `${props.templateName} instances of ${props.environment} (${image.kind} image)`,
        imageId: image.imageId,
        instanceType: props.instanceType,
        vpcSecurityGroupIds: props.securityGroupIds ? [...props.securityGroupIds] : undefined,
        iamInstanceProfile: props.instanceProfileName ? { name: props.instanceProfileName } : undefined,
        userData:
          props.userData === undefined ? undefined : Buffer.from(props.userData, "utf8").toString("base64"),
        updateDefaultVersion: true,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: props.metadataHopLimit ?? 1,
        },
        blockDeviceMappings: [
          {
            deviceName: image.rootDeviceName,
            ebs: {
              volumeType: rootVolume.type ?? "gp3",
              volumeSize: rootVolume.sizeGiB,
              encrypted: "true",
              kmsKeyId,
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: [
          { resourceType: "instance", tags: { ...props.tags } },
          { resourceType: "volume", tags: { ...props.tags } },
        ],
        tags: { ...props.tags },
      }),
      this.address,
    );
  }
}
