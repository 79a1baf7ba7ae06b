import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AUTOSCALING_KEY_OPERATIONS } from "../modules/auto-scaling";
import type { AutoScalingConfig, EnvironmentConfig, LaunchTemplateConfig } from "../modules/config";
import { loadEnvironments } from "../app/environment-files";
import { synthesizeEnvironments } from "../app/synthesize";
import { copyProject, runSynth } from "./support/project";
import { baseConfig, problemsOf, synthEnvironment, violationsOf } from "./support/synth";

const golden = { name: "web", version: "1.4.0", sourceInstanceId: "i-0123456789abcdef0" };
const euKey = "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111";
const usKey = "arn:aws:kms:us-east-1:111111111111:key/22222222-2222-4222-8222-222222222222";
const euRootKey = "arn:aws:kms:eu-west-1:111111111111:key/33333333-3333-4333-8333-333333333333";
const defaultRole =
  "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
const customRole = `${defaultRole}_web`;
const subnets = { "us-east-1": ["subnet-0123456789abcdef0"], "eu-west-1": ["subnet-0123456789abcdef1"] };
const usTargetGroup = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web/0123456789abcdef";
const euTargetGroup = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/fedcba9876543210";
const fleet: AutoScalingConfig = { subnetIds: subnets, minSize: 2, maxSize: 6 };

/** An environment with a golden image copied to eu-west-1, and the given templates. */
function environment(
  launchTemplates: Record<string, LaunchTemplateConfig>,
  overrides: Partial<EnvironmentConfig> = {},
): EnvironmentConfig {
  return baseConfig({
    baseImage: { preset: "ubuntu-24.04" },
    goldenImage: golden,
    copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
    tags: { Team: "platform" },
    launchTemplates,
    ...overrides,
  });
}

function synth(
  launchTemplates: Record<string, LaunchTemplateConfig>,
  overrides: Partial<EnvironmentConfig> = {},
) {
  return synthEnvironment(environment(launchTemplates, overrides), "dev");
}

describe("Auto Scaling groups", () => {
  const json = synth({ web: { instanceType: "t3.micro", autoScaling: fleet } });
  const groups = json.resource.aws_autoscaling_group;
  const home = groups["web_us-east-1"];
  const eu = groups["web_eu-west-1"];

  it("run each template's instances in a group per region, named <env>-<template>, through the region's provider", () => {
    expect(Object.keys(groups).sort()).toEqual(["web_eu-west-1", "web_us-east-1"]);
    expect(home.name).toBe("dev-web");
    expect(eu.name).toBe("dev-web");
    expect(home.provider).toBeUndefined();
    expect(eu.provider).toBe("aws.eu-west-1");
    expect(home.vpc_zone_identifier).toEqual(["subnet-0123456789abcdef0"]);
    expect(eu.vpc_zone_identifier).toEqual(["subnet-0123456789abcdef1"]);
  });

  it("launch the template's latest version, never $Latest or $Default, so a new version changes the group", () => {
    expect(home.launch_template).toEqual({
      id: "${aws_launch_template.web_us-east-1.id}",
      version: "${aws_launch_template.web_us-east-1.latest_version}",
    });
    expect(eu.launch_template.version).toBe("${aws_launch_template.web_eu-west-1.latest_version}");
    expect(JSON.stringify(json)).not.toMatch(/\$Latest|\$Default/);
  });

  it("replace instances with a rolling refresh, keeping AWS's 90-100 % and rolling back on failure by default", () => {
    expect(home.instance_refresh).toEqual({
      strategy: "Rolling",
      preferences: {
        min_healthy_percentage: 90,
        max_healthy_percentage: 100,
        skip_matching: true,
        auto_rollback: true,
      },
    });
  });

  it("check EC2 status with 300 seconds of grace by default, and leave the desired capacity to scaling", () => {
    expect(home).toMatchObject({
      min_size: 2,
      max_size: 6,
      health_check_type: "EC2",
      health_check_grace_period: 300,
    });
    // desired_capacity is computed: left out, Terraform keeps whatever scaling policies set.
    expect(home).not.toHaveProperty("desired_capacity");
    expect(home).not.toHaveProperty("lifecycle");
    expect(home).not.toHaveProperty("target_group_arns");
    expect(home).not.toHaveProperty("service_linked_role_arn");
  });

  it("propagate the environment's tags, the template's and a Name to the instances they launch", () => {
    expect(home.tag).toEqual([
      { key: "Name", value: "dev-web", propagate_at_launch: true },
      { key: "Team", value: "platform", propagate_at_launch: true },
      { key: "Environment", value: "dev", propagate_at_launch: true },
      { key: "LaunchTemplate", value: "web", propagate_at_launch: true },
    ]);
  });

  it("output each group's name and ARN per region", () => {
    expect(json.output["autoscaling_group_web_us-east-1_name"].value).toBe(
      "${aws_autoscaling_group.web_us-east-1.name}",
    );
    expect(json.output["autoscaling_group_web_eu-west-1_arn"].value).toBe(
      "${aws_autoscaling_group.web_eu-west-1.arn}",
    );
    expect(
      Object.keys(json.output)
        .filter((name) => name.startsWith("autoscaling_group_"))
        .sort(),
    ).toEqual([
      "autoscaling_group_web_eu-west-1_arn",
      "autoscaling_group_web_eu-west-1_name",
      "autoscaling_group_web_us-east-1_arn",
      "autoscaling_group_web_us-east-1_name",
    ]);
  });

  it("are made only for templates that ask for them", () => {
    const some = synth({
      web: { instanceType: "t3.micro", autoScaling: fleet },
      batch: { instanceType: "t3.micro" },
    });
    expect(Object.keys(some.resource.aws_autoscaling_group).sort()).toEqual([
      "web_eu-west-1",
      "web_us-east-1",
    ]);
    const none = synth({ web: { instanceType: "t3.micro" } });
    expect(none.resource.aws_autoscaling_group).toBeUndefined();
    expect(none.resource.aws_kms_grant).toBeUndefined();
  });

  it("take every setting given: desired capacity, ELB checks, target groups, role and refresh preferences", () => {
    const custom = synth({
      web: {
        instanceType: "t3.micro",
        autoScaling: {
          ...fleet,
          desiredCapacity: 3,
          healthCheck: { type: "ELB", gracePeriodSeconds: 120 },
          targetGroupArns: { "us-east-1": [usTargetGroup], "eu-west-1": [euTargetGroup] },
          serviceLinkedRoleArn: customRole,
          refresh: {
            minHealthyPercentage: 100,
            maxHealthyPercentage: 150,
            instanceWarmupSeconds: 60,
            skipMatching: false,
            autoRollback: false,
            checkpointPercentages: [25, 50, 100],
            checkpointDelaySeconds: 600,
          },
        },
      },
    }).resource.aws_autoscaling_group;
    expect(custom["web_eu-west-1"]).toMatchObject({
      desired_capacity: 3,
      health_check_type: "ELB",
      health_check_grace_period: 120,
      target_group_arns: [euTargetGroup],
      service_linked_role_arn: customRole,
      instance_refresh: {
        strategy: "Rolling",
        preferences: {
          min_healthy_percentage: 100,
          max_healthy_percentage: 150,
          instance_warmup: "60",
          skip_matching: false,
          auto_rollback: false,
          checkpoint_percentages: [25, 50, 100],
          checkpoint_delay: "600",
        },
      },
    });
    expect(custom["web_us-east-1"].target_group_arns).toEqual([usTargetGroup]);
  });
});

describe("KMS grants for the Auto Scaling service-linked role", () => {
  it("grant the account's default role each customer-managed key of a region, with what EC2 needs to launch", () => {
    const json = synth({ web: { instanceType: "t3.micro", autoScaling: fleet } });
    // The golden image at home keeps its builder's keys, which the pack does not know: no grant there.
    expect(Object.keys(json.resource.aws_kms_grant)).toEqual(["autoscaling_eu-west-1_1"]);
    expect(json.resource.aws_kms_grant["autoscaling_eu-west-1_1"]).toEqual({
      provider: "aws.eu-west-1",
      name: "dev-autoscaling",
      key_id: euKey,
      grantee_principal: defaultRole,
      operations: [
        "CreateGrant",
        "Decrypt",
        "DescribeKey",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
      ],
      lifecycle: { create_before_destroy: true },
    });
    expect(AUTOSCALING_KEY_OPERATIONS).toEqual(
      json.resource.aws_kms_grant["autoscaling_eu-west-1_1"].operations,
    );
  });

  it("make each group wait for its grants", () => {
    const json = synth({ web: { instanceType: "t3.micro", autoScaling: fleet } });
    expect(json.resource.aws_autoscaling_group["web_eu-west-1"].depends_on).toEqual([
      "aws_kms_grant.autoscaling_eu-west-1_1",
    ]);
    expect(json.resource.aws_autoscaling_group["web_us-east-1"]).not.toHaveProperty("depends_on");
  });

  it("cover the home-region copy's key and the root volume keys, once per key and role in a region", () => {
    const json = synth(
      {
        web: {
          instanceType: "t3.micro",
          rootVolume: { kmsKeyId: { "us-east-1": usKey, "eu-west-1": euRootKey } },
          autoScaling: fleet,
        },
        api: { instanceType: "t3.micro", autoScaling: fleet },
        admin: { instanceType: "t3.micro", autoScaling: { ...fleet, serviceLinkedRoleArn: customRole } },
      },
      {
        goldenImage: undefined,
        baseImage: { imageId: "ami-0123456789abcdef0" },
        homeRegionCopy: { kmsKeyId: usKey },
      },
    );
    const grants = json.resource.aws_kms_grant;
    const summary = Object.fromEntries(
      Object.entries(grants).map(([name, grant]) => [
        name,
        [(grant as { key_id: string }).key_id, (grant as { grantee_principal: string }).grantee_principal],
      ]),
    );
    expect(summary).toEqual({
      "autoscaling_us-east-1_1": [usKey, defaultRole],
      "autoscaling_us-east-1_2": [usKey, customRole],
      "autoscaling_eu-west-1_1": [euKey, defaultRole],
      "autoscaling_eu-west-1_2": [euRootKey, defaultRole],
      "autoscaling_eu-west-1_3": [euKey, customRole],
    });
    const groups = json.resource.aws_autoscaling_group;
    expect(groups["web_eu-west-1"].depends_on).toEqual([
      "aws_kms_grant.autoscaling_eu-west-1_1",
      "aws_kms_grant.autoscaling_eu-west-1_2",
    ]);
    expect(groups["api_eu-west-1"].depends_on).toEqual(["aws_kms_grant.autoscaling_eu-west-1_1"]);
    expect(groups["admin_us-east-1"].depends_on).toEqual(["aws_kms_grant.autoscaling_us-east-1_2"]);
  });

  it("skip AWS-managed keys, which Auto Scaling may already use", () => {
    const json = synth({
      web: {
        instanceType: "t3.micro",
        regions: ["us-east-1"],
        rootVolume: { kmsKeyId: "arn:aws:kms:us-east-1:111111111111:alias/aws/ebs" },
        autoScaling: { ...fleet, subnetIds: { "us-east-1": subnets["us-east-1"] } },
      },
    });
    expect(
      json.resource.aws_launch_template["web_us-east-1"].block_device_mappings[0].ebs.kms_key_id,
    ).toContain("alias/aws/ebs");
    expect(json.resource.aws_kms_grant).toBeUndefined();
  });
});

describe("Auto Scaling config checks", () => {
  const withScaling = (autoScaling: unknown, template: Record<string, unknown> = {}, overrides = {}) =>
    problemsOf(
      environment(
        { web: { instanceType: "t3.micro", ...template, autoScaling } as unknown as LaunchTemplateConfig },
        overrides,
      ),
    );
  const at = "environments/test.ts: launchTemplates.web.autoScaling";

  it("accept a complete valid config", () => {
    expect(
      withScaling({
        ...fleet,
        desiredCapacity: 2,
        healthCheck: { type: "ELB" },
        targetGroupArns: { "us-east-1": [usTargetGroup], "eu-west-1": [euTargetGroup] },
        refresh: { minHealthyPercentage: 0, maxHealthyPercentage: 100, checkpointPercentages: [100] },
        serviceLinkedRoleArn: customRole,
      }),
    ).toEqual([]);
  });

  it.each([
    [
      "a bad subnet ID",
      { ...fleet, subnetIds: { ...subnets, "eu-west-1": ["subnet-xyz"] } },
      [
        `${at}.subnetIds["eu-west-1"][0]: got "subnet-xyz", expected a subnet ID such as "subnet-0123456789abcdef0"`,
      ],
    ],
    [
      "a region of the template without subnets",
      { ...fleet, subnetIds: { "us-east-1": subnets["us-east-1"] } },
      [
        `${at}.subnetIds["eu-west-1"]: missing, expected subnet IDs in eu-west-1: the template runs there, so its group does too`,
      ],
    ],
    [
      "subnets in a region the template does not run in",
      { ...fleet, subnetIds: { ...subnets, "us-west-2": ["subnet-0123456789abcdef2"] } },
      [
        `${at}.subnetIds["us-west-2"]: got "us-west-2", expected one of the template's regions (us-east-1, eu-west-1)`,
      ],
    ],
    [
      "an empty subnet list",
      { ...fleet, subnetIds: { ...subnets, "us-east-1": [] } },
      [`${at}.subnetIds["us-east-1"]: got [], expected at least one of the subnet IDs`],
    ],
    [
      "no subnets at all",
      { minSize: 1, maxSize: 2 },
      [`${at}.subnetIds: missing, expected subnet IDs per region of the template`],
    ],
    [
      "maxSize below minSize",
      { ...fleet, minSize: 4, maxSize: 3 },
      [`${at}.maxSize: got 3, expected at least minSize (4)`],
    ],
    [
      "desiredCapacity above maxSize",
      { ...fleet, desiredCapacity: 7 },
      [
        `${at}.desiredCapacity: got 7, expected from minSize to maxSize (2 to 6) (AWS refuses a desired capacity outside the group's size)`,
      ],
    ],
    [
      "desiredCapacity below minSize",
      { ...fleet, desiredCapacity: 1 },
      [
        `${at}.desiredCapacity: got 1, expected from minSize to maxSize (2 to 6) (AWS refuses a desired capacity outside the group's size)`,
      ],
    ],
    [
      "sizes that are not whole numbers",
      { subnetIds: subnets, minSize: -1, maxSize: 2.5 },
      [
        `${at}.minSize: got -1, expected a whole number, 0 or more`,
        `${at}.maxSize: got 2.5, expected a whole number, 0 or more`,
      ],
    ],
    [
      "no sizes",
      { subnetIds: subnets },
      [
        `${at}.minSize: missing, expected the fewest instances, a whole number`,
        `${at}.maxSize: missing, expected the most instances, a whole number`,
      ],
    ],
    [
      "a minimum healthy percentage above 100",
      { ...fleet, refresh: { minHealthyPercentage: 101 } },
      [`${at}.refresh.minHealthyPercentage: got 101, expected a whole number from 0 to 100`],
    ],
    [
      "a maximum healthy percentage below 100",
      { ...fleet, refresh: { maxHealthyPercentage: 90 } },
      [`${at}.refresh.maxHealthyPercentage: got 90, expected a whole number from 100 to 200`],
    ],
    [
      "healthy percentages more than 100 apart",
      { ...fleet, refresh: { minHealthyPercentage: 50, maxHealthyPercentage: 200 } },
      [
        `${at}.refresh.maxHealthyPercentage: got 200, expected at most 100 between minHealthyPercentage (50) and maxHealthyPercentage (200) (AWS's limit on their gap)`,
      ],
    ],
    [
      "checkpoints out of order",
      { ...fleet, refresh: { checkpointPercentages: [50, 25, 100] } },
      [
        `${at}.refresh.checkpointPercentages: got [50,25,100], expected percentages in ascending order ending at 100, such as [25, 100] (the refresh pauses at each one and finishes at 100)`,
      ],
    ],
    [
      "checkpoints that stop short of 100",
      { ...fleet, refresh: { checkpointPercentages: [25, 50] } },
      [
        `${at}.refresh.checkpointPercentages: got [25,50], expected percentages in ascending order ending at 100, such as [25, 100] (the refresh pauses at each one and finishes at 100)`,
      ],
    ],
    [
      "a checkpoint outside 1-100",
      { ...fleet, refresh: { checkpointPercentages: [0, 100] } },
      [`${at}.refresh.checkpointPercentages[0]: got 0, expected a whole number from 1 to 100`],
    ],
    [
      "a checkpoint delay without checkpoints",
      { ...fleet, refresh: { checkpointDelaySeconds: 600 } },
      [
        `${at}.refresh.checkpointDelaySeconds: got 600, expected checkpointPercentages beside it (the delay is the pause at each checkpoint)`,
      ],
    ],
    [
      "a checkpoint delay over two days",
      { ...fleet, refresh: { checkpointPercentages: [100], checkpointDelaySeconds: 172801 } },
      [`${at}.refresh.checkpointDelaySeconds: got 172801, expected a whole number from 0 to 172800`],
    ],
    [
      "a misspelt refresh preference",
      { ...fleet, refresh: { autoRolback: false } },
      [
        `${at}.refresh.autoRolback: unknown field, expected one of minHealthyPercentage, maxHealthyPercentage, instanceWarmupSeconds, skipMatching, autoRollback, checkpointPercentages, checkpointDelaySeconds; did you mean "autoRollback"?`,
      ],
    ],
    [
      "a target group of another region",
      { ...fleet, targetGroupArns: { "eu-west-1": [usTargetGroup] } },
      [
        expect.stringMatching(
          /^environments\/test\.ts: launchTemplates\.web\.autoScaling\.targetGroupArns\["eu-west-1"\]\[0\]: got "arn:aws:elasticloadbalancing:us-east-1:.*", expected an ARN in eu-west-1 \(a group only uses resources of its own region\)$/,
        ),
      ],
    ],
    [
      "a target group ARN that is not one",
      { ...fleet, targetGroupArns: { "us-east-1": ["web-tg"] } },
      [
        `${at}.targetGroupArns["us-east-1"][0]: got "web-tg", expected a target group ARN such as "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web/0123456789abcdef"`,
      ],
    ],
    [
      "ELB health checks without target groups in a region",
      { ...fleet, healthCheck: { type: "ELB" }, targetGroupArns: { "us-east-1": [usTargetGroup] } },
      [
        `${at}.healthCheck.type: got "ELB", expected "EC2", or targetGroupArns in eu-west-1 (ELB health checks come from the target groups the instances are registered with)`,
      ],
    ],
    [
      "an unknown health check type",
      { ...fleet, healthCheck: { type: "elb" } },
      [`${at}.healthCheck.type: got "elb", expected one of "EC2", "ELB" (did you mean "ELB"?)`],
    ],
    [
      "a role that is not an Auto Scaling service-linked role",
      { ...fleet, serviceLinkedRoleArn: "arn:aws:iam::111111111111:role/web" },
      [
        `${at}.serviceLinkedRoleArn: got "arn:aws:iam::111111111111:role/web", expected an Auto Scaling service-linked role ARN such as "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_web"`,
      ],
    ],
    [
      "a service-linked role of another account",
      { ...fleet, serviceLinkedRoleArn: customRole.replace("111111111111", "999999999999") },
      [
        expect.stringMatching(
          /^environments\/test\.ts: launchTemplates\.web\.autoScaling\.serviceLinkedRoleArn: got "arn:aws:iam::999999999999:role\/.*", expected a role of the environment's account \(111111111111\) \(a group uses a service-linked role of its own account\)$/,
        ),
      ],
    ],
  ])("report %s", (_title, autoScaling, expected) => {
    expect(withScaling(autoScaling)).toEqual(expected);
  });

  it("say why a retired region's subnets no longer fit", () => {
    const retiring = { copies: [{ region: "eu-west-1", kmsKeyId: euKey, retired: true }] };
    expect(withScaling(fleet, {}, retiring)).toEqual([
      `${at}.subnetIds["eu-west-1"]: got "eu-west-1", expected one of the template's regions (us-east-1) (the copy to eu-west-1 is retired, and the template's group there goes with it)`,
    ]);
    expect(withScaling({ ...fleet, subnetIds: { "us-east-1": subnets["us-east-1"] } }, {}, retiring)).toEqual(
      [],
    );
  });

  it("report keys named by alias, which grants cannot name", () => {
    const alias = "arn:aws:kms:eu-west-1:111111111111:alias/web";
    expect(withScaling(fleet, {}, { copies: [{ region: "eu-west-1", kmsKeyId: alias }] })).toEqual([
      `environments/test.ts: copies[0].kmsKeyId: got "${alias}", expected a key ARN (arn:...:key/...) in eu-west-1, not an alias: the group's service-linked role gets a KMS grant on the key, and grants name keys by ID (launchTemplates.web.autoScaling runs instances of this image)`,
    ]);
    const euOnly = { ...fleet, subnetIds: { "eu-west-1": subnets["eu-west-1"] } };
    expect(withScaling(euOnly, { regions: ["eu-west-1"], rootVolume: { kmsKeyId: alias } })).toEqual([
      `environments/test.ts: launchTemplates.web.rootVolume.kmsKeyId: got "${alias}", expected a key ARN (arn:...:key/...) in eu-west-1, not an alias: the group's service-linked role gets a KMS grant on the key, and grants name keys by ID`,
    ]);
    // Without a group, an alias stays fine.
    expect(
      problemsOf(
        environment(
          { web: { instanceType: "t3.micro" } },
          { copies: [{ region: "eu-west-1", kmsKeyId: alias }] },
        ),
      ),
    ).toEqual([]);
  });

  it("stop the main job before anything is written", () => {
    const dir = copyProject("asg-invalid-");
    const prod = path.join(dir, "environments/prod.ts");
    fs.writeFileSync(prod, fs.readFileSync(prod, "utf8").replace("maxSize: 12,", "maxSize: 2,"));
    const result = runSynth(dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "environments/prod.ts: launchTemplates.web.autoScaling.maxSize: got 2, expected at least minSize (3)",
    );
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("asg-unsafe-refresh", () => {
  const production = (refresh: AutoScalingConfig["refresh"], waivers: EnvironmentConfig["waivers"] = []) =>
    environment(
      { web: { instanceType: "t3.micro", autoScaling: { ...fleet, refresh } } },
      { production: true, baseImage: { imageId: "ami-0123456789abcdef0" }, waivers },
    );

  it("accepts production refreshes that keep 90 % healthy and roll back", () => {
    expect(violationsOf(production(undefined))).toEqual([]);
    expect(violationsOf(production({ minHealthyPercentage: 100, maxHealthyPercentage: 110 }))).toEqual([]);
  });

  it("refuses a production refresh below 90 % healthy or without rollback, naming group and attribute", () => {
    const found = violationsOf(production({ minHealthyPercentage: 50, autoRollback: false }));
    expect(found).toEqual([
      expect.stringMatching(
        /^aws_autoscaling_group\.web_eu-west-1\.instance_refresh\.preferences\.min_healthy_percentage: \[asg-unsafe-refresh\] got 50, expected at least 90 in production\. .* Fix: keep autoScaling\.refresh\.minHealthyPercentage at 90 or more/,
      ),
      expect.stringMatching(
        /^aws_autoscaling_group\.web_eu-west-1\.instance_refresh\.preferences\.auto_rollback: \[asg-unsafe-refresh\] got false, expected true in production/,
      ),
      expect.stringContaining(
        "aws_autoscaling_group.web_us-east-1.instance_refresh.preferences.min_healthy_percentage",
      ),
      expect.stringContaining(
        "aws_autoscaling_group.web_us-east-1.instance_refresh.preferences.auto_rollback",
      ),
    ]);
  });

  it("leaves other environments alone", () => {
    const config = environment({
      web: {
        instanceType: "t3.micro",
        autoScaling: { ...fleet, refresh: { minHealthyPercentage: 0, autoRollback: false } },
      },
    });
    expect(violationsOf(config)).toEqual([]);
  });

  it("sees hand-written groups too: AWS does not roll back unless asked", () => {
    const config = baseConfig({
      production: true,
      extend: (stack) => {
        new AutoscalingGroup(stack, "legacy", {
          minSize: 1,
          maxSize: 2,
          instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90 } },
        }).overrideLogicalId("legacy");
      },
    });
    expect(violationsOf(config)).toEqual([
      expect.stringContaining(
        "aws_autoscaling_group.legacy.instance_refresh.preferences.auto_rollback: [asg-unsafe-refresh] got null, expected true in production",
      ),
    ]);
  });

  it("fails the synth and writes nothing, unless waived with a reason", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "asg-guard-")), "cdktf.out");
    const unsafe = production({ minHealthyPercentage: 50 });
    const file = { name: "prod", file: "environments/prod.ts" };
    expect(() => synthesizeEnvironments([{ ...file, config: unsafe }], { outdir })).toThrow(
      /environments\/prod\.ts: aws_autoscaling_group\.web_us-east-1\.instance_refresh\.preferences\.min_healthy_percentage: \[asg-unsafe-refresh\]/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
    const waiver = {
      rule: "asg-unsafe-refresh",
      reason: "the fleet is stateless and half of it serves the load",
    };
    const report = synthesizeEnvironments(
      [{ ...file, config: production({ minHealthyPercentage: 50 }, [waiver]) }],
      { outdir },
    );
    expect(report.waivers).toEqual([
      {
        environment: "prod",
        ...waiver,
        findings: [
          "aws_autoscaling_group.web_eu-west-1.instance_refresh.preferences.min_healthy_percentage",
          "aws_autoscaling_group.web_us-east-1.instance_refresh.preferences.min_healthy_percentage",
        ],
      },
    ]);
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  });
});

describe("shipped environments with Auto Scaling", () => {
  const { environments } = loadEnvironments({ projectDir: path.resolve(__dirname, "..") });
  const stackOf = (name: string) => synthEnvironment(environments.find((e) => e.name === name)!.config, name);

  it.each(["staging", "prod"])("%s runs web in a group in each of its regions", (name) => {
    const json = stackOf(name);
    const regions = [
      "us-east-1",
      ...(json.provider.aws as Array<{ alias?: string }>).flatMap((provider) => provider.alias ?? []),
    ];
    expect(Object.keys(json.resource.aws_autoscaling_group).sort()).toEqual(
      regions.map((r) => `web_${r}`).sort(),
    );
    for (const region of regions) {
      const group = json.resource.aws_autoscaling_group[`web_${region}`];
      expect(group.launch_template.version).toBe(`\${aws_launch_template.web_${region}.latest_version}`);
      expect(group.instance_refresh.strategy).toBe("Rolling");
    }
    // Every copy key of the environment (the same for each kept version) is granted to its Auto Scaling role, once.
    const copyKeys = Object.values(json.resource.aws_ami_copy).map(
      (copy) => (copy as { kms_key_id: string }).kms_key_id,
    );
    const grantedKeys = Object.values(json.resource.aws_kms_grant).map(
      (grant) => (grant as { key_id: string }).key_id,
    );
    expect(grantedKeys.sort()).toEqual([...new Set(copyKeys)].sort());
  });

  it("prod keeps at least 90 % healthy and rolls back on failure", () => {
    const json = stackOf("prod");
    for (const group of Object.values(json.resource.aws_autoscaling_group)) {
      const { preferences } = (group as { instance_refresh: { preferences: Record<string, unknown> } })
        .instance_refresh;
      expect(preferences.min_healthy_percentage).toBeGreaterThanOrEqual(90);
      expect(preferences.auto_rollback).toBe(true);
    }
    expect(environments.find((e) => e.name === "prod")!.config.waivers ?? []).toEqual([]);
  });
});
