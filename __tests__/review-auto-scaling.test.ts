import type { EnvironmentConfig, InstanceRefreshConfig } from "../modules/config";
import { renderMarkdown } from "../tools/review/render-markdown";
import type { Comparison, EnvironmentChanges, EnvironmentReview, Review } from "../tools/review/review-model";
import {
  KEYS,
  PINNED,
  PROD,
  WEB_SCRIPT,
  type EditableJson,
  type Stacks,
  edit,
  reviewOf,
  synthStacks,
} from "./fixtures/review/stacks";

const subnetIds = {
  "us-east-1": ["subnet-0c3c3c3c3c3c3c3c1"],
  "us-west-2": ["subnet-0c3c3c3c3c3c3c3c2"],
  "eu-west-1": ["subnet-0c3c3c3c3c3c3c3c3"],
};
const role =
  "arn:aws:iam::333333333333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

/** PROD with its `web` template running in groups, with the refresh given. */
function fleet(
  refresh: InstanceRefreshConfig,
  overrides: Partial<EnvironmentConfig> = {},
): EnvironmentConfig {
  return {
    ...PROD,
    launchTemplates: {
      web: {
        ...PROD.launchTemplates!.web,
        autoScaling: { subnetIds, minSize: 2, maxSize: 6, refresh },
      },
    },
    ...overrides,
  };
}

const base = synthStacks({ prod: fleet({ checkpointPercentages: [50, 100] }), pinned: PINNED });
const review = reviewOf(base);

function environment(name: string, from: Review = review): EnvironmentReview {
  return from.environments.find((candidate) => candidate.name === name)!;
}

function changesOf(head: Stacks, from: Stacks = base): EnvironmentChanges {
  const comparison: Comparison | undefined = reviewOf(head, from).comparison;
  return comparison!.environments.find((candidate) => candidate.name === "prod")!;
}

function section(markdown: string, name: string): string {
  const start = markdown.indexOf(`## \`${name}\``);
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

/** The base with prod edited by hand. */
function edited(change: (json: EditableJson) => void): Stacks {
  return { ...base, prod: edit(base.prod, change) };
}

describe("the Auto Scaling section", () => {
  const prod = environment("prod");

  it("lists each group with its region, template version, sizes, health check and refresh preferences", () => {
    expect(prod.autoScalingGroups.map((group) => [group.region, group.address])).toEqual([
      ["us-east-1", "aws_autoscaling_group.web_us-east-1"],
      ["eu-west-1", "aws_autoscaling_group.web_eu-west-1"],
      ["us-west-2", "aws_autoscaling_group.web_us-west-2"],
    ]);
    expect(prod.autoScalingGroups[0]).toEqual({
      address: "aws_autoscaling_group.web_us-east-1",
      region: "us-east-1",
      name: "prod-web",
      launchTemplate: "aws_launch_template.web_us-east-1",
      version: "aws_launch_template.web_us-east-1.latest_version",
      followsNewVersions: true,
      minSize: 2,
      maxSize: 6,
      desiredCapacity: undefined,
      healthCheckType: "EC2",
      healthCheckGraceSeconds: 300,
      subnets: ["subnet-0c3c3c3c3c3c3c3c1"],
      targetGroups: [],
      serviceLinkedRole: undefined,
      refresh: {
        strategy: "Rolling",
        minHealthyPercentage: 90,
        maxHealthyPercentage: 100,
        instanceWarmupSeconds: undefined,
        skipMatching: true,
        autoRollback: true,
        checkpointPercentages: [50, 100],
        checkpointDelaySeconds: undefined,
      },
    });
  });

  it("lists the KMS grants of the service-linked role, and leaves neither in Other resources", () => {
    expect(prod.keyGrants).toEqual([
      {
        address: "aws_kms_grant.autoscaling_eu-west-1_1",
        region: "eu-west-1",
        key: KEYS.prodEuWest1,
        grantee: role,
        operations: expect.arrayContaining(["Decrypt", "CreateGrant", "GenerateDataKeyWithoutPlaintext"]),
      },
      {
        address: "aws_kms_grant.autoscaling_us-west-2_1",
        region: "us-west-2",
        key: KEYS.prodUsWest2,
        grantee: role,
        operations: expect.arrayContaining(["ReEncryptFrom", "ReEncryptTo", "DescribeKey"]),
      },
    ]);
    expect(prod.otherBlocks).toEqual([]);
  });

  it("renders a table per environment, and says so when there is no group", () => {
    const markdown = renderMarkdown(review);
    const prodSection = section(markdown, "prod");
    expect(prodSection).toContain("### Auto Scaling");
    expect(prodSection).toContain(
      "| `us-east-1` | `aws_autoscaling_group.web_us-east-1` | `prod-web` | `aws_launch_template.web_us-east-1`, latest version | 2-6, desired set by scaling | EC2, 300 s grace | none | rolling, 90-100 % healthy, default warmup, checkpoints at 50 %, 100 % (3600 s each), skips matching instances, rolls back on failure |",
    );
    expect(prodSection).toContain(
      "| `eu-west-1` | `aws_kms_grant.autoscaling_eu-west-1_1` | `key/33333333-3333-4333-8333-333333333331` |",
    );
    expect(section(markdown, "pinned")).toContain("### Auto Scaling\n\nNo Auto Scaling group in this stack.");
  });

  it("flags a production refresh below 90 % or without rollback with the guard's rule and its waiver", () => {
    const waiver = {
      rule: "asg-unsafe-refresh",
      reason: "a stateless fleet where half the capacity is enough",
    };
    const unsafe = synthStacks({
      prod: fleet({ minHealthyPercentage: 50, autoRollback: false }, { waivers: [waiver] }),
    });
    const findings = environment("prod", reviewOf(unsafe)).findings.filter(
      (f) => f.rule === "asg-unsafe-refresh",
    );
    expect(findings.map((finding) => [finding.severity, finding.address, finding.waiver])).toEqual([
      ["high", "aws_autoscaling_group.web_eu-west-1", waiver.reason],
      ["high", "aws_autoscaling_group.web_us-east-1", waiver.reason],
      ["high", "aws_autoscaling_group.web_us-west-2", waiver.reason],
    ]);
    expect(findings[0].message).toContain("instance_refresh.preferences.min_healthy_percentage got 50");
    expect(findings[0].message).toContain("instance_refresh.preferences.auto_rollback got false");
    expect(environment("prod").findings.filter((f) => f.rule === "asg-unsafe-refresh")).toEqual([]);
  });

  it("flags a hand-written group on $Latest, which no new version ever refreshes", () => {
    const latest = reviewOf(
      edited((json) => {
        json.resource.aws_autoscaling_group["web_us-east-1"].launch_template.version = "$Latest";
      }),
    );
    const prod = environment("prod", latest);
    expect(prod.autoScalingGroups[0]).toMatchObject({ version: "$Latest", followsNewVersions: false });
    expect(prod.findings.filter((f) => f.rule === "asg-latest-version")).toEqual([
      {
        rule: "asg-latest-version",
        severity: "medium",
        address: "aws_autoscaling_group.web_us-east-1",
        message: expect.stringContaining("starts no instance refresh"),
      },
    ]);
  });
});

describe("instance refreshes in a --base comparison", () => {
  it("lists every group an image change replaces, with its refresh settings and the apply note", () => {
    const promoted = fleet({ checkpointPercentages: [50, 100] });
    const head = synthStacks({
      prod: {
        ...promoted,
        baseImage: { promoted: { name: "web", version: "2.1.0", ownerAccount: "111111111111" } },
        allowImageReplacement: true,
      },
      pinned: PINNED,
    });
    const changes = changesOf(head);
    expect(changes.instanceRefreshes.map((entry) => [entry.group, entry.effect, entry.newImage])).toEqual([
      ["aws_autoscaling_group.web_eu-west-1", "rolling-refresh", true],
      ["aws_autoscaling_group.web_us-east-1", "rolling-refresh", true],
      ["aws_autoscaling_group.web_us-west-2", "rolling-refresh", true],
    ]);
    expect(changes.instanceRefreshes[1]).toMatchObject({
      region: "us-east-1",
      name: "prod-web",
      launchTemplate: "aws_launch_template.web_us-east-1",
      refresh: { minHealthyPercentage: 90, autoRollback: true, checkpointPercentages: [50, 100] },
    });
    const group = changes.blocks.find((block) => block.address === "aws_autoscaling_group.web_us-east-1")!;
    expect(group).toMatchObject({ action: "update", markers: ["instances-replaced"] });
    expect(group.reasons).toEqual([
      "aws_launch_template.web_us-east-1 gets a new version, which changes launch_template",
    ]);
    // Grants do not depend on the image: nothing to do for them.
    expect(changes.blocks.filter((block) => block.address.startsWith("aws_kms_grant."))).toEqual([]);

    const markdown = renderMarkdown(reviewOf(head, base));
    expect(markdown).toContain(
      "🔄 **INSTANCES REPLACED** `aws_autoscaling_group.web_us-east-1`: update in place",
    );
    expect(markdown).toContain(
      "**Instance refreshes:** 3 group(s) replace their running instances with the new launch template version. `terraform apply` returns once each refresh has started, not when it has finished",
    );
    expect(markdown).toContain(
      "| `aws_autoscaling_group.web_us-east-1` | `us-east-1` | `prod-web` | `aws_launch_template.web_us-east-1` gets a new version with a **new image** | rolling, 90-100 % healthy, default warmup, checkpoints at 50 %, 100 % (3600 s each), skips matching instances, rolls back on failure |",
    );
  });

  it("replaces the instances on a rollback to a kept version, without touching an AMI", () => {
    const promoted = (version: string, keep: string) =>
      fleet(
        {},
        { baseImage: { promoted: { name: "web", version, ownerAccount: "111111111111", keep: [keep] } } },
      );
    const before = synthStacks({ prod: promoted("2.1.0", "2.0.0") });
    const after = synthStacks({ prod: promoted("2.0.0", "2.1.0") });
    const changes = changesOf(after, before);
    expect(changes.instanceRefreshes.map((entry) => [entry.group, entry.effect, entry.newImage])).toEqual([
      ["aws_autoscaling_group.web_eu-west-1", "rolling-refresh", true],
      ["aws_autoscaling_group.web_us-east-1", "rolling-refresh", true],
      ["aws_autoscaling_group.web_us-west-2", "rolling-refresh", true],
    ]);
    expect(
      changes.blocks.filter((block) => /^aws_ami/.test(block.address) && block.action !== "read"),
    ).toEqual([]);
  });

  it("counts any new template version, e.g. new user data, as a refresh without a new image", () => {
    const config = fleet({ checkpointPercentages: [50, 100] });
    const web = config.launchTemplates!.web;
    const head = synthStacks({
      prod: { ...config, launchTemplates: { web: { ...web, userData: `${WEB_SCRIPT}echo ok\n` } } },
      pinned: PINNED,
    });
    const changes = changesOf(head);
    expect(changes.instanceRefreshes.map((entry) => [entry.group, entry.effect, entry.newImage])).toEqual([
      ["aws_autoscaling_group.web_eu-west-1", "rolling-refresh", false],
      ["aws_autoscaling_group.web_us-east-1", "rolling-refresh", false],
      ["aws_autoscaling_group.web_us-west-2", "rolling-refresh", false],
    ]);
  });

  it("warns when a template changes but its group keeps the old version", () => {
    const noRefresh = edited((json) => {
      delete json.resource.aws_autoscaling_group["web_us-east-1"].instance_refresh;
      json.resource.aws_autoscaling_group["web_eu-west-1"].launch_template.version = "$Latest";
    });
    const head = edit(noRefresh.prod, (json) => {
      for (const template of Object.values(json.resource.aws_launch_template) as EditableJson[])
        template.instance_type = "m7i.xlarge";
    });
    const changes = changesOf({ ...noRefresh, prod: head }, noRefresh);
    expect(
      changes.instanceRefreshes.map((entry) => [entry.group, entry.effect, entry.reason?.slice(0, 40)]),
    ).toEqual([
      ["aws_autoscaling_group.web_eu-west-1", "no-refresh", "the group launches $Latest: Terraform se"],
      ["aws_autoscaling_group.web_us-east-1", "no-refresh", "the group has no instance_refresh: its r"],
      ["aws_autoscaling_group.web_us-west-2", "rolling-refresh", undefined],
    ]);
    const markdown = renderMarkdown(reviewOf({ ...noRefresh, prod: head }, noRefresh));
    expect(markdown).toContain("⚠️ **Instances left on the old version:**");
  });

  it("says nothing about refreshes when the templates do not change or the groups are new", () => {
    expect(changesOf(base).instanceRefreshes).toEqual([]);
    const withoutGroups = synthStacks({ prod: PROD, pinned: PINNED });
    const added = changesOf(base, withoutGroups);
    expect(added.instanceRefreshes).toEqual([]);
    expect(
      added.blocks.filter((block) => block.address.startsWith("aws_autoscaling_group.")).map((b) => b.action),
    ).toEqual(["create", "create", "create"]);
  });
});
