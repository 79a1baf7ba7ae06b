import { AmiFromInstance } from "@cdktf/provider-aws/lib/ami-from-instance";
import { Construct } from "constructs";
import type { GoldenImageConfig } from "./config";
import type { RegionalImage } from "./regional-image";
import { pinAddress } from "./terraform-address";

/** Settings of a golden image. */
export interface GoldenImageProps extends GoldenImageConfig {
  /** The environment that bakes it, recorded in its tags. */
  readonly environment: string;
  /** The home region, where the builder instance runs. */
  readonly region: string;
  /**
   * Refuse `terraform destroy` of the image.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * An immutable, versioned image baked from a builder instance: `aws_ami_from_instance.golden`,
 * named `<name>-<version>`. A new version is a new AMI, created before the old one goes.
 */
export class GoldenImage extends Construct {
  readonly image: RegionalImage;
  /** Tags that copies carry too. */
  readonly tags: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GoldenImageProps) {
    super(scope, id);
    const name = `${props.name}-${props.version}`;
    this.tags = {
      Name: name,
      ImageName: props.name,
      ImageVersion: props.version,
      Environment: props.environment,
      SourceInstance: props.sourceInstanceId,
    };
    const ami = pinAddress(
      new AmiFromInstance(this, "ami", {
        name,
        description:
          props.description ?? `${props.name} ${props.version}, baked from ${props.sourceInstanceId}`,
        sourceInstanceId: props.sourceInstanceId,
        snapshotWithoutReboot: props.snapshotWithoutReboot ?? false,
        deprecationTime: props.deprecateAt,
        tags: this.tags,
        lifecycle: { createBeforeDestroy: true, preventDestroy: props.preventDestroy || undefined },
      }),
      "golden",
    );
    this.image = {
      region: props.region,
      imageId: ami.id,
      rootDeviceName: ami.rootDeviceName,
      rootSnapshotId: ami.rootSnapshotId,
      kind: "golden",
      owned: true,
      name,
    };
  }
}
