import { DataAwsAmi, type DataAwsAmiConfig } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Construct } from "constructs";
import type { BaseImageConfig } from "./config";
import { presetImageFilter } from "./image-presets";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { pinAddress } from "./terraform-address";

/** Settings of the environment's base image. */
export interface BaseImageProps {
  readonly source: BaseImageConfig;
  readonly providers: RegionalProviders;
}

/**
 * The image the environment starts from, resolved in any of its regions.
 *
 * Every source ends in a `data aws_ami`, so that launch templates read the image's real root
 * device name. In the home region the data source is `data.aws_ami.base`; elsewhere
 * `data.aws_ami.base_<region>`, created only when a region asks for it.
 */
export class BaseImage extends Construct {
  private readonly resolved = new Map<string, RegionalImage>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: BaseImageProps,
  ) {
    super(scope, id);
    this.inRegion(props.providers.homeRegion);
  }

  /** The base image in the home region. */
  get home(): RegionalImage {
    return this.inRegion(this.props.providers.homeRegion);
  }

  /** The base image in `region`, looked up there on first use. */
  inRegion(region: string): RegionalImage {
    const known = this.resolved.get(region);
    if (known) return known;
    const image = this.lookUp(region);
    this.resolved.set(region, image);
    return image;
  }

  private lookUp(region: string): RegionalImage {
    const source = this.props.source;
    const suffix = region === this.props.providers.homeRegion ? "" : `_${region}`;
    const provider = this.props.providers.forRegion(region);
    const ami = (config: DataAwsAmiConfig) =>
      pinAddress(new DataAwsAmi(this, `ami${suffix}`, { provider, ...config }), `base${suffix}`);
    // Exact pins must keep resolving after the publisher deprecates the image: AWS hides
    // deprecated images from other accounts unless asked to include them.
    const byId = (imageId: string) =>
      ami({ includeDeprecated: true, filter: [{ name: "image-id", values: [imageId] }] });
    const image = (imageId: string, data: DataAwsAmi, name = data.name): RegionalImage => ({
      region,
      imageId,
      rootDeviceName: data.rootDeviceName,
      kind: "base",
      owned: false,
      name,
    });

    if ("preset" in source) {
      const filter = presetImageFilter(source.preset, source.architecture ?? "x86_64");
      const data = ami({
        owners: [filter.owner],
        mostRecent: true,
        filter: imageFilters(filter.namePattern, source.architecture ?? "x86_64"),
      });
      return image(data.id, data);
    }
    if ("lookup" in source) {
      const { owners, name, architecture, mostRecent } = source.lookup;
      const data = ami({
        owners: [...owners],
        mostRecent: mostRecent || undefined,
        filter: imageFilters(name, architecture),
      });
      return image(data.id, data);
    }
    if ("ssmParameter" in source) {
      const parameter = pinAddress(
        new DataAwsSsmParameter(this, `parameter${suffix}`, { provider, name: source.ssmParameter }),
        `base${suffix}`,
      );
      // insecure_value is the plain value: reviewers see the AMI ID in plans, not "(sensitive)".
      return image(parameter.insecureValue, byId(parameter.insecureValue));
    }
    if ("imageId" in source) {
      return image(source.imageId, byId(source.imageId));
    }
    const { name, version, ownerAccount } = source.promoted;
    // An exact name and no most_recent: a missing or ambiguous version fails the plan.
    const data = ami({
      owners: [ownerAccount],
      includeDeprecated: true,
      filter: [{ name: "name", values: [`${name}-${version}`] }],
    });
    return image(data.id, data, `${name}-${version}`);
  }
}

function imageFilters(namePattern: string, architecture?: string) {
  return [
    { name: "name", values: [namePattern] },
    ...(architecture ? [{ name: "architecture", values: [architecture] }] : []),
    { name: "virtualization-type", values: ["hvm"] },
    { name: "state", values: ["available"] },
  ];
}
