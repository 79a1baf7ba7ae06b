import { AmiLaunchPermission } from "@cdktf/provider-aws/lib/ami-launch-permission";
import { SnapshotCreateVolumePermission } from "@cdktf/provider-aws/lib/snapshot-create-volume-permission";
import { Construct } from "constructs";
import type { SharingConfig } from "./config";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { imageName, movedFrom, pinAddress } from "./terraform-address";

/** Settings of image sharing. */
export interface ImageSharingProps {
  /** The images to share, one per version and region; all must be owned by the environment. */
  readonly images: readonly RegionalImage[];
  readonly sharing: SharingConfig;
  readonly providers: RegionalProviders;
}

/** A principal, and the short label that names its permission. */
interface Principal {
  readonly label: string;
  readonly argument: { accountId?: string; organizationArn?: string; organizationalUnitArn?: string };
}

function principals(sharing: SharingConfig): Principal[] {
  return [
    ...(sharing.accountIds ?? []).map((accountId) => ({ label: accountId, argument: { accountId } })),
    ...(sharing.organizationArns ?? []).map((organizationArn) => ({
      label: `org_${organizationArn.split("/").pop()}`,
      argument: { organizationArn },
    })),
    ...(sharing.organizationalUnitArns ?? []).map((organizationalUnitArn) => ({
      label: `ou_${organizationalUnitArn.split("/").pop()}`,
      argument: { organizationalUnitArn },
    })),
  ];
}

/**
 * Launch permissions: `aws_ami_launch_permission.<image>[_<version>]_<region>_<principal>`, one
 * per image per version per region per principal, and for accounts
 * `aws_snapshot_create_volume_permission` of the same name on the image's root snapshot, so that
 * they can copy the image too. Only accounts, organisations and OUs: the `group = "all"` form
 * that makes an image public is never written.
 */
export class ImageSharing extends Construct {
  constructor(scope: Construct, id: string, props: ImageSharingProps) {
    super(scope, id);
    for (const image of props.images) {
      if (!image.owned)
        throw new Error(
          `Cannot share an image the environment does not own, got the ${image.kind} image in ${image.region}, expected a golden image or a copy`,
        );
      for (const principal of principals(props.sharing)) {
        const name = imageName(image.kind, image.version, image.region, principal.label);
        const previousName = image.inheritsUnversioned
          ? imageName(image.kind, undefined, image.region, principal.label)
          : undefined;
        const provider = props.providers.forRegion(image.region);
        const permission = pinAddress(
          new AmiLaunchPermission(this, name, { provider, imageId: image.imageId, ...principal.argument }),
          name,
        );
        if (previousName) movedFrom(permission, previousName);
        // Copying a shared AMI (as a promoting environment does) also needs read access to its
        // snapshot; AWS grants that to accounts only, not to organisations or OUs.
        if (principal.argument.accountId && image.rootSnapshotId) {
          const snapshotPermission = pinAddress(
            new SnapshotCreateVolumePermission(this, `${name}-snapshot`, {
              provider,
              snapshotId: image.rootSnapshotId,
              accountId: principal.argument.accountId,
            }),
            name,
          );
          if (previousName) movedFrom(snapshotPermission, previousName);
        }
      }
    }
  }
}
