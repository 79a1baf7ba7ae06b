import { AmiFromInstance } from "@cdktf/provider-aws/lib/ami-from-instance";
import { Construct } from "constructs";
import type { GoldenImageVersion } from "./image-versions";
import type { RegionalImage } from "./regional-image";
import { imageName, movedFrom, pinAddress } from "./terraform-address";

/** Settings of a golden image. */
export interface GoldenImageProps {
  /** Image name; each version's AMI is `<name>-<version>`. */
  readonly name: string;
  /** The versions to keep, each baked from its builder instance. */
  readonly versions: readonly GoldenImageVersion[];
  /**
   * Snapshot without stopping the instance.
   * @default false
   */
  readonly snapshotWithoutReboot?: boolean;
  /**
   * The version that takes over `aws_ami_from_instance.golden` of a stack synthesized before
   * versions existed.
   * @default - none
   */
  readonly inheritsUnversioned?: string;
  /** The environment that bakes it, recorded in its tags. */
  readonly environment: string;
  /** The home region, where the builder instances run. */
  readonly region: string;
  /**
   * Refuse `terraform destroy` of the images.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * An immutable image in versions, each baked from a builder instance:
 * `aws_ami_from_instance.golden_<version>`, named `<name>-<version>`. Adding a version adds an
 * AMI beside the others; removing one deregisters its AMI.
 */
export class GoldenImage extends Construct {
  /** Each kept version's AMI, by version, oldest first. */
  readonly versions: ReadonlyMap<string, RegionalImage>;
  private readonly tagsByVersion = new Map<string, Readonly<Record<string, string>>>();

  constructor(scope: Construct, id: string, props: GoldenImageProps) {
    super(scope, id);
    const versions = new Map<string, RegionalImage>();
    for (const entry of props.versions) {
      const { version, sourceInstanceId } = entry;
      const name = `${props.name}-${version}`;
      const tags = {
        Name: name,
        ImageName: props.name,
        ImageVersion: version,
        Environment: props.environment,
        SourceInstance: sourceInstanceId,
      };
      this.tagsByVersion.set(version, tags);
      const ami = pinAddress(
        new AmiFromInstance(this, version, {
          name,
          description: entry.description ?? `${props.name} ${version}, baked from ${sourceInstanceId}`,
          sourceInstanceId,
          snapshotWithoutReboot: props.snapshotWithoutReboot ?? false,
          deprecationTime: entry.deprecateAt,
          tags,
          lifecycle: { createBeforeDestroy: true, preventDestroy: props.preventDestroy || undefined },
        }),
        imageName("golden", version),
      );
      const inheritsUnversioned = version === props.inheritsUnversioned;
      if (inheritsUnversioned) movedFrom(ami, "golden");
      versions.set(version, {
        region: props.region,
        imageId: ami.id,
        rootDeviceName: ami.rootDeviceName,
        rootSnapshotId: ami.rootSnapshotId,
        kind: "golden",
        owned: true,
        name,
        version,
        inheritsUnversioned,
        deprecateAt: entry.deprecateAt,
      });
    }
    this.versions = versions;
  }

  /** The AMI of a kept version. */
  image(version: string): RegionalImage {
    const image = this.versions.get(version);
    if (!image)
      throw new Error(
        `The golden image has no such version, got "${version}", expected one of ${[...this.versions.keys()].join(", ")}`,
      );
    return image;
  }

  /** Tags of a version's AMI, which its copies carry too. */
  tagsOf(version: string): Readonly<Record<string, string>> {
    return this.tagsByVersion.get(version) ?? {};
  }
}
