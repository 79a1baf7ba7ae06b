import { AmiCopy } from "@cdktf/provider-aws/lib/ami-copy";
import { Construct } from "constructs";
import type { CopyConfig } from "./config";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { imageName, movedFrom, pinAddress } from "./terraform-address";

/** Settings of the copies of one image. */
export interface ImageCopiesProps {
  /** The image in the home region; copies follow its deprecation time. */
  readonly source: RegionalImage;
  /** Destination regions and their keys. */
  readonly copies: readonly CopyConfig[];
  readonly providers: RegionalProviders;
  /** Tags of the copies, besides `SourceRegion`. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Refuse `terraform destroy` of the copies.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * Encrypted copies of an image in other regions: `aws_ami_copy.<golden|base>[_<version>]_<region>`,
 * with the source's name and tags, each through its region's provider and with its region's KMS key.
 */
export class ImageCopies extends Construct {
  /** The copies, in the order configured. */
  readonly images: readonly RegionalImage[];

  constructor(scope: Construct, id: string, props: ImageCopiesProps) {
    super(scope, id);
    const { source } = props;
    this.images = props.copies.map(({ region, kmsKeyId }) => {
      const copy = pinAddress(
        new AmiCopy(this, region, {
          provider: props.providers.forRegion(region),
          name: source.name,
          description: `Copy of ${source.name} from ${source.region}`,
          sourceAmiId: source.imageId,
          sourceAmiRegion: source.region,
          encrypted: true,
          kmsKeyId,
          deprecationTime: source.deprecateAt,
          tags: { ...props.tags, SourceRegion: source.region },
          lifecycle: { createBeforeDestroy: true, preventDestroy: props.preventDestroy || undefined },
        }),
        imageName(source.kind, source.version, region),
      );
      if (source.inheritsUnversioned) movedFrom(copy, imageName(source.kind, undefined, region));
      return {
        region,
        imageId: copy.id,
        rootDeviceName: copy.rootDeviceName,
        rootSnapshotId: copy.rootSnapshotId,
        kind: source.kind,
        owned: true,
        name: source.name,
        version: source.version,
        inheritsUnversioned: source.inheritsUnversioned,
        deprecateAt: source.deprecateAt,
        kmsKeyId,
      };
    });
  }
}
