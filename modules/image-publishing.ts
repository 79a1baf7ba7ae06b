import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { pinAddress } from "./terraform-address";

/** Settings of the published image. */
export interface ImagePublishingProps {
  /** The current image in each region where it is published. */
  readonly images: readonly RegionalImage[];
  /** The parameter's name in every region, e.g. `/images/web/prod`. */
  readonly parameterName: string;
  /** The environment, named in the description. */
  readonly environment: string;
  readonly providers: RegionalProviders;
}

/**
 * The environment's current AMI ID in an SSM parameter per region:
 * `aws_ssm_parameter.image_<region>`, of data type `aws:ec2:image` so that AWS checks the value
 * is an image (the deployer needs `ec2:DescribeImages` for that) and other Terraform can read it
 * with `data aws_ssm_parameter` or `resolve:ssm:`.
 */
export class ImagePublishing extends Construct {
  constructor(scope: Construct, id: string, props: ImagePublishingProps) {
    super(scope, id);
    for (const image of props.images) {
      const name = `image_${image.region}`;
      pinAddress(
        new SsmParameter(this, image.region, {
          provider: props.providers.forRegion(image.region),
          name: props.parameterName,
          description: `The current ${image.kind} image of ${props.environment} in ${image.region}`,
          type: "String",
          dataType: "aws:ec2:image",
          // insecure_value is shown in plans: reviewers see which AMI is published.
          insecureValue: image.imageId,
        }),
        name,
      );
    }
  }
}
