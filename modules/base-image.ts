import { DataAwsAmi, type DataAwsAmiConfig } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Construct } from "constructs";
import type { BaseImageConfig } from "./config";
import { presetImageFilter } from "./image-presets";
import { type ImageVersions, promotedImageVersions } from "./image-versions";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { imageName, pinAddress } from "./terraform-address";

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
 * `data.aws_ami.base_<region>`, created only when a region asks for it. A promoted image has a
 * lookup per kept version: `data.aws_ami.base_<version>` and `data.aws_ami.base_<version>_<region>`.
 */
export class BaseImage extends Construct {
  /** The promoted versions, when the source is a promoted image. */
  readonly versions?: ImageVersions;
  private readonly resolved = new Map<string, RegionalImage>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: BaseImageProps,
  ) {
    super(scope, id);
    this.versions = promotedImageVersions(props.source);
    for (const version of this.versions?.kept ?? [undefined])
      this.inRegion(props.providers.homeRegion, version);
  }

  /** The base image in the home region (for a promoted image, its current version). */
  get home(): RegionalImage {
    return this.inRegion(this.props.providers.homeRegion);
  }

  /**
   * The base image in `region`, looked up there on first use; for a promoted image, `version`
   * (one it keeps) or else its current version.
   */
  inRegion(region: string, version = this.versions?.current): RegionalImage {
    const key = `${version ?? ""} ${region}`;
    const known = this.resolved.get(key);
    if (known) return known;
    const image = this.lookUp(region, version);
    this.resolved.set(key, image);
    return image;
  }

  private lookUp(region: string, version: string | undefined): RegionalImage {
    const source = this.props.source;
    const home = region === this.props.providers.homeRegion;
    const name = imageName("base", version, ...(home ? [] : [region]));
    const provider = this.props.providers.forRegion(region);
    const ami = (config: DataAwsAmiConfig) =>
      pinAddress(new DataAwsAmi(this, `ami-${name}`, { provider, ...config }), name);
    // Exact pins must keep resolving after the publisher deprecates the image: AWS hides
    // deprecated images from other accounts unless asked to include them.
    const byId = (imageId: string) =>
      ami({ includeDeprecated: true, filter: [{ name: "image-id", values: [imageId] }] });
    const image = (imageId: string, data: DataAwsAmi, amiName = data.name): RegionalImage => ({
      region,
      imageId,
      rootDeviceName: data.rootDeviceName,
      kind: "base",
      owned: false,
      name: amiName,
      ...(version === undefined
        ? {}
        : { version, inheritsUnversioned: version === this.versions?.inheritsUnversioned }),
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
      const { owners, name: pattern, architecture, mostRecent } = source.lookup;
      const data = ami({
        owners: [...owners],
        mostRecent: mostRecent || undefined,
        filter: imageFilters(pattern, architecture),
      });
      return image(data.id, data);
    }
    if ("ssmParameter" in source) {
      const parameter = pinAddress(
        new DataAwsSsmParameter(this, `parameter-${name}`, { provider, name: source.ssmParameter }),
        name,
      );
      // insecure_value is the plain value: reviewers see the AMI ID in plans, not "(sensitive)".
      return image(parameter.insecureValue, byId(parameter.insecureValue));
    }
    if ("imageId" in source) {
      return image(source.imageId, byId(source.imageId));
    }
    const { name: promotedName, ownerAccount } = source.promoted;
    const amiName = `${promotedName}-${version}`;
    // An exact name and no most_recent: a missing or ambiguous version fails the plan.
    const data = ami({
      owners: [ownerAccount],
      includeDeprecated: true,
      filter: [{ name: "name", values: [amiName] }],
    });
    return image(data.id, data, amiName);
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
