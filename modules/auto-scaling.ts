import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AmiLaunchTemplate } from "./ami-launch-template";
import { isAwsManagedKey, partitionOf } from "./aws-formats";
import type { AutoScalingConfig } from "./config";
import type { RegionalProviders } from "./regional-providers";
import { pinAddress } from "./terraform-address";

/**
 * What EC2 does with a key when Auto Scaling launches an instance on the service-linked role's
 * behalf: read the image's snapshots, create and re-encrypt the volumes' data keys, and hand a
 * grant on to EC2 for the volumes' lifetime (the operations of AWS's key policy for encrypted
 * Auto Scaling volumes, `ReEncrypt*` and `GenerateDataKey*` spelled out as grants require).
 */
export const AUTOSCALING_KEY_OPERATIONS: readonly string[] = [
  "CreateGrant",
  "Decrypt",
  "DescribeKey",
  "Encrypt",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "ReEncryptFrom",
  "ReEncryptTo",
];

/** Defaults of an instance refresh, where the pack's differ from AWS's or are written out. */
export const REFRESH_DEFAULTS = {
  minHealthyPercentage: 90,
  maxHealthyPercentage: 100,
  skipMatching: true,
  autoRollback: true,
} as const;

/** @default grace period of the group's health checks, in seconds. */
export const HEALTH_CHECK_GRACE_SECONDS = 300;

/** The account's default Auto Scaling service-linked role, which exists once the account has had a group. */
export function defaultAutoScalingRoleArn(account: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/** A launch template and the group that runs its instances in the template's region. */
export interface FleetTemplate {
  readonly launchTemplate: AmiLaunchTemplate;
  readonly autoScaling: AutoScalingConfig;
}

/** Settings of the environment's Auto Scaling groups. */
export interface AutoScalingGroupsProps {
  /** The environment; each group is named `<environment>-<template>` in its region. */
  readonly environment: string;
  readonly account: string;
  readonly providers: RegionalProviders;
  /** The templates that run in groups, in the order configured. */
  readonly fleet: readonly FleetTemplate[];
  /** Tags of the groups, propagated to the instances they launch. */
  readonly tags: (templateName: string) => Readonly<Record<string, string>>;
}

/**
 * The environment's Auto Scaling groups, `aws_autoscaling_group.<template>_<region>`, and the
 * KMS grants their service-linked role needs, `aws_kms_grant.autoscaling_<region>_<n>`.
 *
 * Each group launches the latest version of its template: a template change (a new image, a
 * rollback) is a new version, which changes the group's `launch_template.version` and starts a
 * rolling instance refresh. (`$Latest` would leave the group unchanged and start nothing.)
 */
export class AutoScalingGroups extends Construct {
  readonly groups: readonly AutoscalingGroup[];
  /** Every grant, by region in the order of the groups that need them. */
  readonly grants: readonly KmsGrant[];

  constructor(scope: Construct, id: string, props: AutoScalingGroupsProps) {
    super(scope, id);
    const grants = new KeyGrants(this, "grants", props);
    this.grants = grants.all;
    this.groups = props.fleet.map(({ launchTemplate, autoScaling }) => {
      const { region, templateName } = launchTemplate;
      const role = roleOf(props, autoScaling, region);
      const refresh = { ...REFRESH_DEFAULTS, ...autoScaling.refresh };
      const tags = props.tags(templateName);
      const keyGrants = launchTemplate.kmsKeyIds.flatMap((key) => grants.find(region, key, role) ?? []);
      return pinAddress(
        new AutoscalingGroup(this, launchTemplate.address, {
          provider: props.providers.forRegion(region),
          name: `${props.environment}-${templateName}`,
          launchTemplate: {
            id: launchTemplate.template.id,
            // The number of the newest version: it changes with every template change.
            version: Token.asString(launchTemplate.template.latestVersion),
          },
          vpcZoneIdentifier: [...autoScaling.subnetIds[region]],
          minSize: autoScaling.minSize,
          maxSize: autoScaling.maxSize,
          // Left out, Terraform keeps what scaling sets: desired_capacity is computed.
          desiredCapacity: autoScaling.desiredCapacity,
          healthCheckType: autoScaling.healthCheck?.type ?? "EC2",
          healthCheckGracePeriod: autoScaling.healthCheck?.gracePeriodSeconds ?? HEALTH_CHECK_GRACE_SECONDS,
          targetGroupArns: autoScaling.targetGroupArns?.[region]
            ? [...autoScaling.targetGroupArns[region]]
            : undefined,
          serviceLinkedRoleArn: autoScaling.serviceLinkedRoleArn,
          instanceRefresh: {
            strategy: "Rolling",
            preferences: {
              minHealthyPercentage: refresh.minHealthyPercentage,
              maxHealthyPercentage: refresh.maxHealthyPercentage,
              instanceWarmup: seconds(refresh.instanceWarmupSeconds),
              skipMatching: refresh.skipMatching,
              autoRollback: refresh.autoRollback,
              checkpointPercentages: refresh.checkpointPercentages
                ? [...refresh.checkpointPercentages]
                : undefined,
              checkpointDelay: seconds(refresh.checkpointDelaySeconds),
            },
          },
          tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
          // Instances launched before the service-linked role may use the keys would fail.
          dependsOn: keyGrants.length > 0 ? keyGrants : undefined,
        }),
        launchTemplate.address,
      );
    });
  }
}

/** The role a group launches with. */
function roleOf(props: AutoScalingGroupsProps, autoScaling: AutoScalingConfig, region: string): string {
  return autoScaling.serviceLinkedRoleArn ?? defaultAutoScalingRoleArn(props.account, region);
}

function seconds(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/**
 * One grant per customer-managed key and service-linked role in each region, numbered from 1
 * in the order of the groups that need them. AWS-managed keys need none.
 */
class KeyGrants extends Construct {
  readonly all: KmsGrant[] = [];
  private readonly byKey = new Map<string, KmsGrant>();

  constructor(scope: Construct, id: string, props: AutoScalingGroupsProps) {
    super(scope, id);
    const counts = new Map<string, number>();
    for (const { launchTemplate, autoScaling } of props.fleet) {
      const { region } = launchTemplate;
      const role = roleOf(props, autoScaling, region);
      for (const key of launchTemplate.kmsKeyIds) {
        if (isAwsManagedKey(key) || this.find(region, key, role)) continue;
        const n = (counts.get(region) ?? 0) + 1;
        counts.set(region, n);
        const name = `autoscaling_${region}_${n}`;
        const grant = pinAddress(
          new KmsGrant(this, name, {
            provider: props.providers.forRegion(region),
            name: `${props.environment}-autoscaling`,
            keyId: key,
            granteePrincipal: role,
            operations: [...AUTOSCALING_KEY_OPERATIONS],
            // A changed key or role grants anew before the old grant is revoked.
            lifecycle: { createBeforeDestroy: true },
          }),
          name,
        );
        this.byKey.set(JSON.stringify([region, key, role]), grant);
        this.all.push(grant);
      }
    }
  }

  find(region: string, key: string, role: string): KmsGrant | undefined {
    return this.byKey.get(JSON.stringify([region, key, role]));
  }
}
