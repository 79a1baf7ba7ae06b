import type { EnvironmentConfig } from "../../modules";
import {
  describeWithTerraform,
  destroyedAddresses,
  mockedData,
  plannedChanges,
  runSequence,
  withoutLifecycle,
  type PlanAction,
  type SequenceOutcome,
  type Stack,
  type Step,
  type StepOutcome,
} from "./harness";
import { shippedConfigs, stackBeforeVersions, stackOf } from "./harness/stacks";

// Every shipped stack, from the state its environment had before images had versions: planned after the upgrade,
// applied under mocks, then the lifecycle's changes planned against that state with the real provider. One
// `terraform test` per environment, the three in parallel; a step refused on purpose comes last in its sequence.

jest.setTimeout(15 * 60_000);

type Name = "dev" | "staging" | "prod";
type Config = EnvironmentConfig;

/** A consumer's promoted base image, to edit. */
function promotedOf(config: Config) {
  if (!("promoted" in config.baseImage)) throw new Error("expected a promoted base image");
  return config.baseImage.promoted;
}

/** A producer's versioned golden image, to edit. */
function versionsOf(config: Config) {
  const golden = config.goldenImage;
  if (!golden || !("versions" in golden)) throw new Error("expected a golden image with versions");
  return golden;
}

/** The config with the copy to `region` edited (or removed, when `edit` returns undefined). */
function withCopy(
  config: Config,
  region: string,
  edit: (copy: NonNullable<Config["copies"]>[number]) => unknown,
) {
  const copies = config.copies ?? [];
  if (!copies.some((copy) => copy.region === region)) throw new Error(`expected a copy to ${region}`);
  return {
    ...config,
    copies: copies.flatMap((copy) => (copy.region === region ? [edit(copy)].filter(Boolean) : [copy])),
  } as Config;
}

/** The config with each Auto Scaling group's subnets in `region` set (or dropped, when `subnets` is undefined). */
function withGroupSubnets(config: Config, region: string, subnets: readonly string[] | undefined): Config {
  const templates = Object.fromEntries(
    Object.entries(config.launchTemplates ?? {}).map(([name, template]) => {
      const group = template.autoScaling;
      if (!group) return [name, template];
      const others = Object.fromEntries(Object.entries(group.subnetIds).filter(([r]) => r !== region));
      const subnetIds = subnets ? { ...others, [region]: subnets } : others;
      return [name, { ...template, autoScaling: { ...group, subnetIds } }];
    }),
  );
  return { ...config, launchTemplates: templates } as Config;
}

/** A copy re-encrypted with another key of the same account and region: a kept version's AMI is replaced. */
const rekeyed = (region: string) => (config: Config) =>
  withCopy(config, region, (copy) => ({ ...copy, kmsKeyId: copy.kmsKeyId!.replace(/.{4}$/, "9999") }));

/** The changes a plan makes: every address whose action is not a no-op (nor the mocked state's missing defaults). */
const changed = (plan: StepOutcome): Record<string, PlanAction> => plannedChanges(plan);

/** A plan Terraform accepts, making exactly these changes. */
function expectPlan(plan: StepOutcome, expected: Record<string, PlanAction>): void {
  expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(plan.status).toBe("pass");
  expect(changed(plan)).toEqual(expected);
}

/** Every managed address of a stack. */
function addressesOf(stack: Stack): string[] {
  return Object.entries<Record<string, unknown>>(stack.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

const configs = shippedConfigs();
const shipped = (name: Name) => stackOf(name, configs[name]);
const before = (name: Name) => stackBeforeVersions(name);

/**
 * The promoted image's lookup moved from `data.aws_ami.base` to the version's address: every step after the upgrade
 * keeps the image it found (the same AMI), as AWS would.
 */
const LOOKUPS_MOVED: Record<Name, Record<string, string>> = {
  dev: {},
  staging: { "data.aws_ami.base_1-4-0": "data.aws_ami.base" },
  prod: { "data.aws_ami.base_1-4-0": "data.aws_ami.base" },
};

/** A sequence: the stack before versions applied, the upgrade planned, the shipped stack applied, then `steps`. */
function sequence(name: Name, steps: ReadonlyArray<{ name: string; plan: Stack }>): Step[] {
  const data = Object.fromEntries(
    Object.entries(LOOKUPS_MOVED[name]).map(([to, from]) => [to, mockedData(before(name), from)]),
  );
  return [
    { name: "before versions", apply: before(name) },
    { name: "upgrade", plan: shipped(name), data },
    { name: "shipped", apply: shipped(name), data },
    ...steps.map((step) => ({ ...step, data })),
  ];
}

/** The changes planned against each shipped stack's state. */
const scenarios = {
  dev: {
    "version added": stackOf("dev", configs.dev, (c) => ({
      ...c,
      goldenImage: {
        ...versionsOf(c),
        versions: { ...versionsOf(c).versions, "1.6.0": { sourceInstanceId: "i-0abcdef0123456789" } },
      },
    })),
    // The current version rebaked from another builder instance: its AMI is replaced.
    "current version rebuilt": stackOf("dev", configs.dev, (c) => {
      const golden = versionsOf(c);
      const current = golden.versions[golden.current!];
      return {
        ...c,
        goldenImage: {
          ...golden,
          versions: {
            ...golden.versions,
            [golden.current!]: { ...current, sourceInstanceId: "i-0abcdef0123456789" },
          },
        },
      };
    }),
  },
  staging: {
    rollback: stackOf("staging", configs.staging, (c) => ({
      ...c,
      baseImage: { promoted: { ...promotedOf(c), version: "1.4.0", keep: ["1.5.0"] } },
    })),
    "version retired": stackOf("staging", configs.staging, (c) => ({
      ...c,
      baseImage: { promoted: { ...promotedOf(c), keep: undefined, retired: ["1.4.0"] } },
    })),
    "copy re-encrypted": stackOf("staging", configs.staging, rekeyed("us-west-2")),
    "copy region added": stackOf("staging", configs.staging, (c) =>
      withGroupSubnets(
        {
          ...c,
          copies: [
            ...(c.copies ?? []),
            {
              region: "eu-west-1",
              kmsKeyId: "arn:aws:kms:eu-west-1:222222222222:key/22222222-2222-4222-8222-222222222223",
            },
          ],
        },
        "eu-west-1",
        ["subnet-0b2b2b2b2b2b2b2b5", "subnet-0b2b2b2b2b2b2b2b6"],
      ),
    ),
    // The region's group goes with it: its subnets leave the config too.
    "region retired": stackOf("staging", configs.staging, (c) =>
      withGroupSubnets(
        withCopy(c, "us-west-2", (copy) => ({ ...copy, retired: true })),
        "us-west-2",
        undefined,
      ),
    ),
    "region removed without retired": stackOf("staging", configs.staging, (c) =>
      withGroupSubnets(
        withCopy(c, "us-west-2", () => undefined),
        "us-west-2",
        undefined,
      ),
    ),
  },
  prod: {
    // Prod promotes what staging runs, keeping what it ran: new copies, and every group refreshed.
    promotion: stackOf("prod", configs.prod, (c) => ({
      ...c,
      baseImage: { promoted: { ...promotedOf(c), version: "1.5.0", keep: ["1.4.0"] } },
    })),
    "copy re-encrypted": stackOf("prod", configs.prod, rekeyed("eu-west-1")),
    "copy re-encrypted, allowed": stackOf("prod", configs.prod, (c) => ({
      ...rekeyed("eu-west-1")(c),
      allowImageReplacement: true,
    })),
  },
};

let sequences: Record<Name, Promise<SequenceOutcome>>;
/** A step's outcome by name. */
const step = async (name: Name, stepName: string): Promise<StepOutcome> => {
  const found = (await sequences[name]).steps.find((s) => s.name === stepName);
  if (!found) throw new Error(`no step "${stepName}" in ${name}`);
  return found;
};

describeWithTerraform("the shipped stacks with real Terraform", () => {
  beforeAll(() => {
    // The longest first: the three share the machine's CPUs.
    sequences = {
      staging: runSequence(
        sequence("staging", [
          { name: "rollback", plan: scenarios.staging.rollback },
          { name: "version retired", plan: scenarios.staging["version retired"] },
          { name: "copy re-encrypted", plan: scenarios.staging["copy re-encrypted"] },
          {
            name: "copy re-encrypted, no create_before_destroy",
            plan: withoutLifecycle(scenarios.staging["copy re-encrypted"], "create_before_destroy"),
          },
          { name: "copy region added", plan: scenarios.staging["copy region added"] },
          { name: "region retired", plan: scenarios.staging["region retired"] },
          // Refused: it stops the sequence, so it comes last.
          {
            name: "region removed without retired",
            plan: scenarios.staging["region removed without retired"],
          },
        ]),
        { name: "staging" },
      ),
      prod: runSequence(
        sequence("prod", [
          { name: "promotion", plan: scenarios.prod.promotion },
          { name: "copy re-encrypted, allowed", plan: scenarios.prod["copy re-encrypted, allowed"] },
          {
            name: "copy re-encrypted, allowed, no create_before_destroy",
            plan: withoutLifecycle(scenarios.prod["copy re-encrypted, allowed"], "create_before_destroy"),
          },
          // Refused: it stops the sequence, so it comes last.
          { name: "copy re-encrypted", plan: scenarios.prod["copy re-encrypted"] },
        ]),
        { name: "prod" },
      ),
      dev: runSequence(
        sequence("dev", [
          { name: "version added", plan: scenarios.dev["version added"] },
          { name: "current version rebuilt", plan: scenarios.dev["current version rebuilt"] },
          {
            name: "current version rebuilt, no create_before_destroy",
            plan: withoutLifecycle(scenarios.dev["current version rebuilt"], "create_before_destroy"),
          },
        ]),
        { name: "dev" },
      ),
    };
    // Each test awaits its sequence; a failure is reported there, not as an unhandled rejection.
    for (const sequence of Object.values(sequences)) sequence.catch(() => undefined);
  });

  describe.each(["dev", "staging", "prod"] as const)("%s", (name) => {
    it("upgrades from the stack before versions with no destroy: every old resource moves to a kept version", async () => {
      const upgraded = await step(name, "upgrade");
      expect(upgraded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(upgraded.status).toBe("pass");
      expect(destroyedAddresses(upgraded.actions)).toEqual([]);
      const moved = Object.values(upgraded.changes).flatMap((change) =>
        change.previousAddress ? [change.previousAddress] : [],
      );
      // What the old stack had is still there: at its own address (launch templates) or moved, unchanged.
      for (const address of addressesOf(before(name)))
        expect([address, moved.includes(address) || upgraded.actions[address] !== undefined]).toEqual([
          address,
          true,
        ]);
      for (const change of Object.values(upgraded.changes).filter((c) => c.previousAddress))
        expect(change.action).toBe("no-op");
    });

    it("applies under mocks, every launch template booting the image the stack outputs for its region", async () => {
      const applied = await step(name, "shipped");
      expect(applied.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(applied.status).toBe("pass");
      const imageOutputs = Object.entries(applied.outputs).filter(([output]) =>
        output.startsWith("image_id_"),
      );
      expect(imageOutputs.length).toBeGreaterThan(0);
      for (const [output, imageId] of imageOutputs) {
        expect(imageId).toMatch(/^ami-[0-9a-f]{17}$/);
        const region = output.slice("image_id_".length);
        const templates = Object.entries(applied.state).filter(([address]) =>
          new RegExp(`^aws_launch_template\\.[a-z]+_${region}$`).test(address),
        );
        expect(templates.length).toBeGreaterThan(0);
        for (const [, template] of templates) expect(template.image_id).toBe(imageId);
      }
      for (const [output, id] of Object.entries(applied.outputs).filter(
        ([o]) => o.endsWith("_id") && o.startsWith("launch_template_"),
      ))
        expect([output, id]).toEqual([output, expect.stringMatching(/^lt-[0-9a-f]{17}$/)]);
    });

    it("applies its Auto Scaling groups under mocks, each launching its region's template at its latest version", async () => {
      const applied = await step(name, "shipped");
      const groups = Object.entries(applied.state).filter(([address]) =>
        address.startsWith("aws_autoscaling_group."),
      );
      expect(groups.length).toBe(name === "dev" ? 0 : shipped(name).provider.aws.length);
      for (const [address, group] of groups) {
        const template = applied.state[address.replace("aws_autoscaling_group.", "aws_launch_template.")];
        expect(group.launch_template).toEqual([
          expect.objectContaining({ id: template.id, version: String(template.latest_version) }),
        ]);
        expect(template.id).toMatch(/^lt-[0-9a-f]{17}$/);
        const region = address.slice(`aws_autoscaling_group.web_`.length);
        const grants = Object.entries(applied.state).filter(([grant]) =>
          grant.startsWith(`aws_kms_grant.autoscaling_${region}_`),
        );
        expect(grants.length).toBeGreaterThan(0);
        for (const [, grant] of grants) expect(grant.grant_id).toMatch(/^[0-9a-f]{64}$/);
        const key = address.slice("aws_autoscaling_group.".length);
        expect(applied.outputs[`autoscaling_group_${key}_name`]).toBe(`${name}-web`);
        expect(applied.outputs[`autoscaling_group_${key}_arn`]).toMatch(
          new RegExp(
            `^arn:aws:autoscaling:[a-z0-9-]+:\\d{12}:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName/${name}-web$`,
          ),
        );
      }
    });

    it("tears down cleanly, and nothing left the machine", async () => {
      const outcome = await sequences[name];
      expect(outcome.cleanup).toEqual([]);
      expect(outcome.escaped).toEqual([]);
      // refresh = false and overridden data sources: the real provider made no AWS call at all.
      expect(outcome.requests).toEqual([]);
    });
  });

  describe("the upgrade from the stacks before versions", () => {
    it("dev: moves 1.4.0, creates the 1.5.0 it adds and its sharing, and boots it", async () => {
      expectPlan(await step("dev", "upgrade"), {
        "aws_ami_from_instance.golden_1-5-0": "create",
        "aws_ami_launch_permission.golden_1-5-0_us-east-1_222222222222": "create",
        "aws_ami_launch_permission.golden_1-5-0_us-east-1_333333333333": "create",
        "aws_snapshot_create_volume_permission.golden_1-5-0_us-east-1_222222222222": "create",
        "aws_snapshot_create_volume_permission.golden_1-5-0_us-east-1_333333333333": "create",
        "aws_launch_template.web_us-east-1": "update",
      });
    });

    it("staging: moves its 1.4.0 copies, copies the 1.5.0 it runs now and boots it", async () => {
      expectPlan(await step("staging", "upgrade"), {
        "aws_ami_copy.base_1-5-0_us-east-1": "create",
        "aws_ami_copy.base_1-5-0_us-west-2": "create",
        "aws_launch_template.web_us-east-1": "update",
        "aws_launch_template.web_us-west-2": "update",
        // Auto Scaling came after versions: its groups and their key grants are new.
        "aws_autoscaling_group.web_us-east-1": "create",
        "aws_autoscaling_group.web_us-west-2": "create",
        "aws_kms_grant.autoscaling_us-east-1_1": "create",
        "aws_kms_grant.autoscaling_us-west-2_1": "create",
      });
    });

    it("prod: only moves, since it still runs 1.4.0, and creates the Auto Scaling groups that came later", async () => {
      expectPlan(await step("prod", "upgrade"), {
        "aws_autoscaling_group.web_us-east-1": "create",
        "aws_autoscaling_group.web_eu-west-1": "create",
        "aws_autoscaling_group.web_us-west-2": "create",
        "aws_kms_grant.autoscaling_us-east-1_1": "create",
        "aws_kms_grant.autoscaling_eu-west-1_1": "create",
        "aws_kms_grant.autoscaling_us-west-2_1": "create",
      });
    });
  });

  describe("a version added in dev", () => {
    it("only creates: the new version's AMI and its sharing", async () => {
      expectPlan(await step("dev", "version added"), {
        "aws_ami_from_instance.golden_1-6-0": "create",
        "aws_ami_launch_permission.golden_1-6-0_us-east-1_222222222222": "create",
        "aws_ami_launch_permission.golden_1-6-0_us-east-1_333333333333": "create",
        "aws_snapshot_create_volume_permission.golden_1-6-0_us-east-1_222222222222": "create",
        "aws_snapshot_create_volume_permission.golden_1-6-0_us-east-1_333333333333": "create",
      });
    });
  });

  describe("a rollback in staging", () => {
    it("only updates the launch templates, and the groups that launch them", async () => {
      expectPlan(await step("staging", "rollback"), {
        "aws_launch_template.web_us-east-1": "update",
        "aws_launch_template.web_us-west-2": "update",
        "aws_autoscaling_group.web_us-east-1": "update",
        "aws_autoscaling_group.web_us-west-2": "update",
      });
    });

    it("gives each group its template's next version, known only after apply: the change that starts a refresh", async () => {
      const rollback = await step("staging", "rollback");
      for (const region of ["us-east-1", "us-west-2"]) {
        const template = rollback.changes[`aws_launch_template.web_${region}`];
        expect(template.afterUnknown).toMatchObject({ latest_version: true });
        const group = rollback.changes[`aws_autoscaling_group.web_${region}`];
        expect(group.before).toMatchObject({
          launch_template: [{ id: expect.stringMatching(/^lt-[0-9a-f]{17}$/), version: "1" }],
        });
        expect(group.afterUnknown).toMatchObject({ launch_template: [{ version: true }] });
        // The template stays the same: only the version moves, and the refresh settings are untouched.
        expect((group.after as { launch_template: Array<{ id: string }> }).launch_template[0].id).toBe(
          (group.before as { launch_template: Array<{ id: string }> }).launch_template[0].id,
        );
        expect(group.replacePaths).toEqual([]);
      }
    });
  });

  describe("a promotion in prod", () => {
    it("copies the new version, updates every launch template, and refreshes every group", async () => {
      expectPlan(await step("prod", "promotion"), {
        "aws_ami_copy.base_1-5-0_us-east-1": "create",
        "aws_ami_copy.base_1-5-0_eu-west-1": "create",
        "aws_ami_copy.base_1-5-0_us-west-2": "create",
        "aws_launch_template.web_us-east-1": "update",
        "aws_launch_template.web_eu-west-1": "update",
        "aws_launch_template.web_us-west-2": "update",
        "aws_launch_template.worker_us-east-1": "update",
        "aws_autoscaling_group.web_us-east-1": "update",
        "aws_autoscaling_group.web_eu-west-1": "update",
        "aws_autoscaling_group.web_us-west-2": "update",
      });
      const promotion = await step("prod", "promotion");
      for (const region of ["us-east-1", "eu-west-1", "us-west-2"])
        expect(promotion.changes[`aws_autoscaling_group.web_${region}`].afterUnknown).toMatchObject({
          launch_template: [{ version: true }],
        });
    });
  });

  describe("a version retired in staging", () => {
    it("deletes exactly that version's copies", async () => {
      expectPlan(await step("staging", "version retired"), {
        "aws_ami_copy.base_1-4-0_us-east-1": "delete",
        "aws_ami_copy.base_1-4-0_us-west-2": "delete",
      });
    });
  });

  describe("a region retired in staging", () => {
    it("plans: the region's copies, launch template, group and grant are deleted by the provider it keeps", async () => {
      expectPlan(await step("staging", "region retired"), {
        "aws_ami_copy.base_1-4-0_us-west-2": "delete",
        "aws_ami_copy.base_1-5-0_us-west-2": "delete",
        "aws_launch_template.web_us-west-2": "delete",
        "aws_autoscaling_group.web_us-west-2": "delete",
        "aws_kms_grant.autoscaling_us-west-2_1": "delete",
      });
    });

    it("without retired, the region's provider is gone and Terraform cannot plan", async () => {
      const removed = await step("staging", "region removed without retired");
      expect(removed.status).toBe("error");
      expect(removed.diagnostics.filter((d) => d.severity === "error")).toContainEqual(
        expect.objectContaining({ summary: "Provider configuration not present" }),
      );
    });
  });

  describe("a copy region added in staging", () => {
    it("only creates: each kept version's copy, the region's launch template, group and key grant", async () => {
      expectPlan(await step("staging", "copy region added"), {
        "aws_ami_copy.base_1-4-0_eu-west-1": "create",
        "aws_ami_copy.base_1-5-0_eu-west-1": "create",
        "aws_launch_template.web_eu-west-1": "create",
        "aws_autoscaling_group.web_eu-west-1": "create",
        "aws_kms_grant.autoscaling_eu-west-1_1": "create",
      });
    });
  });

  describe("a kept version's AMI replaced", () => {
    const devRebuilt: Record<string, PlanAction> = {
      "aws_ami_from_instance.golden_1-5-0": "create-before-destroy",
      "aws_launch_template.web_us-east-1": "update",
      // Sharing belongs to an AMI: the old one's goes with it, the new one's is made for it.
      "aws_ami_launch_permission.golden_1-5-0_us-east-1_222222222222": "destroy-before-create",
      "aws_ami_launch_permission.golden_1-5-0_us-east-1_333333333333": "destroy-before-create",
      "aws_snapshot_create_volume_permission.golden_1-5-0_us-east-1_222222222222": "destroy-before-create",
      "aws_snapshot_create_volume_permission.golden_1-5-0_us-east-1_333333333333": "destroy-before-create",
    };
    // The region's group gets the new template version; its key grant is made for the new key before the old goes.
    const stagingRekeyed: Record<string, PlanAction> = {
      "aws_ami_copy.base_1-4-0_us-west-2": "create-before-destroy",
      "aws_ami_copy.base_1-5-0_us-west-2": "create-before-destroy",
      "aws_launch_template.web_us-west-2": "update",
      "aws_autoscaling_group.web_us-west-2": "update",
      "aws_kms_grant.autoscaling_us-west-2_1": "create-before-destroy",
    };
    const prodRekeyed: Record<string, PlanAction> = {
      "aws_ami_copy.base_1-4-0_eu-west-1": "create-before-destroy",
      "aws_launch_template.web_eu-west-1": "update",
      "aws_autoscaling_group.web_eu-west-1": "update",
      "aws_kms_grant.autoscaling_eu-west-1_1": "create-before-destroy",
    };

    it("dev, current version rebuilt from another instance: the new AMI exists before the old is deregistered", async () => {
      expectPlan(await step("dev", "current version rebuilt"), devRebuilt);
    });

    it("staging, a copy re-encrypted with another key: each copy is made again before the old goes", async () => {
      expectPlan(await step("staging", "copy re-encrypted"), stagingRekeyed);
    });

    it("prod, with allowImageReplacement: the same, the launch template updated", async () => {
      expectPlan(await step("prod", "copy re-encrypted, allowed"), prodRekeyed);
    });

    it.each<[Name, string, string, Record<string, PlanAction>]>([
      ["dev", "current version rebuilt", "aws_ami_from_instance.golden_1-5-0", devRebuilt],
      ["staging", "copy re-encrypted", "aws_ami_copy.base_1-5-0_us-west-2", stagingRekeyed],
      ["prod", "copy re-encrypted, allowed", "aws_ami_copy.base_1-4-0_eu-west-1", prodRekeyed],
    ])(
      "%s, %s: the check fails when create_before_destroy is removed",
      async (name, scenario, address, expected) => {
        const unsafe = await step(name, `${scenario}, no create_before_destroy`);
        expect(unsafe.actions[address]).toBe("destroy-before-create");
        expect(() => expectPlan(unsafe, expected)).toThrow();
      },
    );

    it("prod, without allowImageReplacement: refused by prevent_destroy at the copy", async () => {
      const refused = await step("prod", "copy re-encrypted");
      expect(refused.status).toBe("error");
      expect(refused.diagnostics.filter((d) => d.severity === "error")).toEqual([
        expect.objectContaining({
          summary: "Instance cannot be destroyed",
          detail: expect.stringContaining("lifecycle.prevent_destroy"),
          address: "aws_ami_copy.base_1-4-0_eu-west-1",
        }),
      ]);
    });
  });
});
