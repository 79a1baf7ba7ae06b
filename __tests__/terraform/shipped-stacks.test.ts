import type { EnvironmentConfig } from "../../modules";
import {
  describeWithTerraform,
  runSequence,
  withoutLifecycle,
  type PlanAction,
  type SequenceOutcome,
  type Stack,
  type StepOutcome,
} from "./harness";
import { shippedConfigs, stackOf } from "./harness/stacks";

// Every shipped stack applied under mocks, then today's lifecycle scenarios planned against that state with the
// real provider: one `terraform test` per environment, the three run in parallel.

jest.setTimeout(15 * 60_000);

/** `web` 1.5.0, as dev would bake it next. */
const NEXT = { version: "1.5.0", sourceInstanceId: "i-0fedcba9876543210" };

/** A consumer promoting `web` to the next version. */
const promote = (config: EnvironmentConfig): EnvironmentConfig => {
  if (!("promoted" in config.baseImage)) throw new Error("expected a promoted base image");
  return { ...config, baseImage: { promoted: { ...config.baseImage.promoted, version: NEXT.version } } };
};

/** The planned changes: every address whose action is not a no-op. */
function changed(plan: StepOutcome): Record<string, PlanAction> {
  return Object.fromEntries(Object.entries(plan.actions).filter(([, action]) => action !== "no-op"));
}

/** What a safe image change plans: new images created before the old ones go, launch templates updated in place. */
function expectSafeImageChange(plan: StepOutcome, expected: Record<string, PlanAction>): void {
  expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(plan.status).toBe("pass");
  expect(changed(plan)).toEqual(expected);
}

let sequences: Record<"dev" | "staging" | "prod", Promise<SequenceOutcome>>;
let stacks: Record<string, Stack>;

describeWithTerraform("the shipped stacks with real Terraform", () => {
  beforeAll(() => {
    const configs = shippedConfigs();
    const bumped = (config: EnvironmentConfig) => ({
      ...config,
      goldenImage: { ...config.goldenImage!, ...NEXT },
    });
    const withCopy = (config: EnvironmentConfig): EnvironmentConfig => ({
      ...config,
      copies: [
        ...(config.copies ?? []),
        {
          region: "eu-west-1",
          kmsKeyId: "arn:aws:kms:eu-west-1:222222222222:key/22222222-2222-4222-8222-222222222223",
        },
      ],
    });
    stacks = {
      dev: stackOf("dev", configs.dev),
      devBumped: stackOf("dev", configs.dev, bumped),
      staging: stackOf("staging", configs.staging),
      stagingPromoted: stackOf("staging", configs.staging, promote),
      stagingWithCopy: stackOf("staging", configs.staging, withCopy),
      prod: stackOf("prod", configs.prod),
      prodPromoted: stackOf("prod", configs.prod, promote),
      prodPromotedAllowed: stackOf("prod", configs.prod, (c) => ({
        ...promote(c),
        allowImageReplacement: true,
      })),
    };
    // The longest first: the three share the machine's CPUs.
    sequences = {
      prod: runSequence(
        [
          { name: "prod", apply: stacks.prod },
          { name: "promotion allowed", plan: stacks.prodPromotedAllowed },
          {
            name: "promotion allowed, no create_before_destroy",
            plan: withoutLifecycle(stacks.prodPromotedAllowed, "create_before_destroy"),
          },
          // Refused: it stops the sequence, so it comes last.
          { name: "promotion", plan: stacks.prodPromoted },
        ],
        { name: "prod" },
      ),
      staging: runSequence(
        [
          { name: "staging", apply: stacks.staging },
          { name: "promotion", plan: stacks.stagingPromoted },
          {
            name: "promotion, no create_before_destroy",
            plan: withoutLifecycle(stacks.stagingPromoted, "create_before_destroy"),
          },
          { name: "copy region added", plan: stacks.stagingWithCopy },
        ],
        { name: "staging" },
      ),
      dev: runSequence(
        [
          { name: "dev", apply: stacks.dev },
          { name: "version bump", plan: stacks.devBumped },
          {
            name: "version bump, no create_before_destroy",
            plan: withoutLifecycle(stacks.devBumped, "create_before_destroy"),
          },
        ],
        { name: "dev" },
      ),
    };
    // Each test awaits its sequence; a failure is reported there, not as an unhandled rejection.
    for (const sequence of Object.values(sequences)) sequence.catch(() => undefined);
  });

  describe.each(["dev", "staging", "prod"] as const)("%s", (name) => {
    it("applies under mocks, every launch template booting the image the stack outputs for its region", async () => {
      const { steps } = await sequences[name];
      const applied = steps[0];
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

    it("tears down cleanly, and nothing left the machine", async () => {
      const outcome = await sequences[name];
      expect(outcome.cleanup).toEqual([]);
      expect(outcome.escaped).toEqual([]);
      // refresh = false and overridden data sources: the real provider made no AWS call at all.
      expect(outcome.requests).toEqual([]);
    });
  });

  describe("a golden image version bump in dev", () => {
    const expected: Record<string, PlanAction> = {
      "aws_ami_from_instance.golden": "create-before-destroy",
      "aws_launch_template.web_us-east-1": "update",
      // Sharing belongs to an image: the old version's goes with it, the new version's is made for it.
      "aws_ami_launch_permission.golden_us-east-1_222222222222": "destroy-before-create",
      "aws_ami_launch_permission.golden_us-east-1_333333333333": "destroy-before-create",
      "aws_snapshot_create_volume_permission.golden_us-east-1_222222222222": "destroy-before-create",
      "aws_snapshot_create_volume_permission.golden_us-east-1_333333333333": "destroy-before-create",
    };

    it("creates the new AMI before the old one is deregistered and updates the launch template", async () => {
      const [, bump] = (await sequences.dev).steps;
      expectSafeImageChange(bump, expected);
    });

    it("fails when create_before_destroy is removed", async () => {
      const [, , bump] = (await sequences.dev).steps;
      expect(bump.actions["aws_ami_from_instance.golden"]).toBe("destroy-before-create");
      expect(() => expectSafeImageChange(bump, expected)).toThrow();
    });
  });

  describe("a promotion in staging", () => {
    const expected: Record<string, PlanAction> = {
      "aws_ami_copy.base_us-east-1": "create-before-destroy",
      "aws_ami_copy.base_us-west-2": "create-before-destroy",
      "aws_launch_template.web_us-east-1": "update",
      "aws_launch_template.web_us-west-2": "update",
    };

    it("copies the new version before the old copies are deregistered and updates the launch templates", async () => {
      const [, promotion] = (await sequences.staging).steps;
      expectSafeImageChange(promotion, expected);
    });

    it("fails when create_before_destroy is removed", async () => {
      const [, , promotion] = (await sequences.staging).steps;
      expect(promotion.actions["aws_ami_copy.base_us-east-1"]).toBe("destroy-before-create");
      expect(() => expectSafeImageChange(promotion, expected)).toThrow();
    });
  });

  describe("a promotion in prod", () => {
    const expected: Record<string, PlanAction> = {
      "aws_ami_copy.base_us-east-1": "create-before-destroy",
      "aws_ami_copy.base_eu-west-1": "create-before-destroy",
      "aws_ami_copy.base_us-west-2": "create-before-destroy",
      "aws_launch_template.web_us-east-1": "update",
      "aws_launch_template.web_eu-west-1": "update",
      "aws_launch_template.web_us-west-2": "update",
      "aws_launch_template.worker_us-east-1": "update",
    };

    it("is refused by prevent_destroy, at the home copy the others are made from", async () => {
      const refused = (await sequences.prod).steps[3];
      expect(refused.status).toBe("error");
      // Terraform stops at the first protected replacement: the regional copies depend on the home one.
      expect(refused.diagnostics.filter((d) => d.severity === "error")).toEqual([
        expect.objectContaining({
          summary: "Instance cannot be destroyed",
          detail: expect.stringContaining("lifecycle.prevent_destroy"),
          address: "aws_ami_copy.base_us-east-1",
        }),
      ]);
    });

    it("with allowImageReplacement, copies before deregistering and updates every launch template", async () => {
      const [, allowed] = (await sequences.prod).steps;
      expectSafeImageChange(allowed, expected);
    });

    it("fails when create_before_destroy is removed", async () => {
      const [, , allowed] = (await sequences.prod).steps;
      expect(allowed.actions["aws_ami_copy.base_us-east-1"]).toBe("destroy-before-create");
      expect(() => expectSafeImageChange(allowed, expected)).toThrow();
    });
  });

  describe("a copy region added in staging", () => {
    it("only creates: the copy and the region's launch template", async () => {
      const [, , , added] = (await sequences.staging).steps;
      expect(added.status).toBe("pass");
      expect(changed(added)).toEqual({
        "aws_ami_copy.base_eu-west-1": "create",
        "aws_launch_template.web_eu-west-1": "create",
      });
      expect(Object.keys(added.actions).sort()).toEqual(
        Object.keys({
          ...stacks.stagingWithCopy.resource.aws_ami_copy,
          ...stacks.stagingWithCopy.resource.aws_launch_template,
        })
          .map((name) => (name.startsWith("web_") ? `aws_launch_template.${name}` : `aws_ami_copy.${name}`))
          .sort(),
      );
    });
  });
});
