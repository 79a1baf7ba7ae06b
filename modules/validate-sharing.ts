import { FORMATS } from "./aws-formats";
import { join } from "./config-checker";
import type { EnvironmentScope } from "./environment-scope";

/** Checks `sharing`: principals, an image of the environment's own to share, shareable copy keys. */
export function checkSharing(
  context: EnvironmentScope,
  value: unknown,
  copiesValue: unknown,
  homeRegionCopyValue: unknown,
  account: unknown,
): void {
  const { check } = context;
  const sharing = check.object("sharing", value, [
    "accountIds",
    "organizationArns",
    "organizationalUnitArns",
  ]);
  if (!sharing) return;
  const accounts =
    sharing.accountIds === undefined
      ? []
      : check.stringList("sharing.accountIds", sharing.accountIds, FORMATS.account);
  accounts.forEach((id, i) => {
    if (id === account)
      check.expected(join("sharing.accountIds", i), id, "another account than the environment's own");
  });
  const orgs =
    sharing.organizationArns === undefined
      ? []
      : check.stringList("sharing.organizationArns", sharing.organizationArns, FORMATS.organizationArn);
  const ous =
    sharing.organizationalUnitArns === undefined
      ? []
      : check.stringList(
          "sharing.organizationalUnitArns",
          sharing.organizationalUnitArns,
          FORMATS.organizationalUnitArn,
        );
  if (accounts.length + orgs.length + ous.length === 0) return;

  const copies = Array.isArray(copiesValue) ? copiesValue : [];
  if (!context.hasGolden && !context.hasHomeCopy && context.regions.every((r) => r === context.home)) {
    check.report(
      "sharing",
      "got principals to share with but no image of the environment's own, expected a goldenImage, copies or a homeRegionCopy: the base image belongs to its publisher",
    );
  }
  const homeCopy = homeRegionCopyValue as { kmsKeyId?: unknown } | undefined;
  if (
    !context.production &&
    typeof homeCopy === "object" &&
    homeCopy !== null &&
    homeCopy.kmsKeyId === undefined
  ) {
    check.report(
      "homeRegionCopy.kmsKeyId",
      "missing, expected a customer-managed KMS key ARN because the environment shares its images: a copy encrypted with the default aws/ebs key cannot be launched by other accounts",
    );
  }
  // A production environment already requires every copy's key.
  copies.forEach((copy, index) => {
    if (
      !context.production &&
      typeof copy === "object" &&
      copy !== null &&
      (copy as Record<string, unknown>).kmsKeyId === undefined &&
      (copy as Record<string, unknown>).retired !== true
    ) {
      check.report(
        join("copies", index) + ".kmsKeyId",
        `missing, expected a customer-managed KMS key ARN because the environment shares its images: a copy encrypted with the default aws/ebs key cannot be launched by other accounts`,
      );
    }
  });
}
