/** An image as a launch template, a copy or a share sees it in one region. */
export interface RegionalImage {
  /** The region the image is in. */
  readonly region: string;
  /** The AMI ID: a literal or a Terraform reference. */
  readonly imageId: string;
  /** The AMI's root snapshot, for images the environment owns and may share. */
  readonly rootSnapshotId?: string;
  /** The AMI's root device name, read from the AWS API rather than guessed. */
  readonly rootDeviceName: string;
  /** `golden` or `base`: which of the environment's images this is. */
  readonly kind: "golden" | "base";
  /** True when the environment owns the image (it can be shared). */
  readonly owned: boolean;
  /** AMI name, for copies: a literal or a Terraform reference. */
  readonly name: string;
  /** The version, for golden and promoted images; other base images have none. */
  readonly version?: string;
  /**
   * True for the version whose resources take over the unversioned addresses of stacks
   * synthesized before versions existed (see `ImageVersions.inheritsUnversioned`).
   */
  readonly inheritsUnversioned?: boolean;
  /** When the image is deprecated, which its copies follow. */
  readonly deprecateAt?: string;
  /** The customer-managed KMS key of the image's snapshots, when the environment chose it. */
  readonly kmsKeyId?: string;
}
