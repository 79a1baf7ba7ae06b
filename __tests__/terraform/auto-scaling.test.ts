import type { EnvironmentConfig } from "../../modules";
import { describeWithTerraform, runSequence, type SequenceOutcome, type StepOutcome } from "./harness";
import { shippedConfigs, stackOf } from "./harness/stacks";

// Staging's groups with real Terraform: the shipped stack applied under mocks, then a rollback (another kept version
// made current) planned against that state with the real provider. One `terraform test`, two steps.

jest.setTimeout(15 * 60_000);

const staging = shippedConfigs().staging;
const groupRegions = Object.keys(staging.launchTemplates?.web?.autoScaling?.subnetIds ?? {}).sort();

/** Staging rolled back to 1.4.0, keeping 1.5.0: every launch template gets a new version. */
function rolledBack(config: EnvironmentConfig): EnvironmentConfig {
  if (!("promoted" in config.baseImage)) throw new Error("expected a promoted base image");
  return {
    ...config,
    baseImage: { promoted: { ...config.baseImage.promoted, version: "1.4.0", keep: ["1.5.0"] } },
  };
}

let outcome: Promise<SequenceOutcome>;
const step = async (name: string): Promise<StepOutcome> => {
  const found = (await outcome).steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step "${name}"`);
  return found;
};

describeWithTerraform("staging's Auto Scaling groups with real Terraform", () => {
  beforeAll(() => {
    outcome = runSequence(
      [
        { name: "shipped", apply: stackOf("staging", staging) },
        { name: "rollback", plan: stackOf("staging", staging, rolledBack) },
      ],
      { name: "staging-groups" },
    );
    outcome.catch(() => undefined);
  });

  it("ships a group per region of the web template", () => {
    expect(groupRegions.length).toBeGreaterThan(1);
    expect(Object.keys(stackOf("staging", staging).resource.aws_autoscaling_group).sort()).toEqual(
      groupRegions.map((region) => `web_${region}`),
    );
  });

  it("applies under mocks: each group launches its region's template by its lt- ID, its KMS grants in place", async () => {
    const applied = await step("shipped");
    expect(applied.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(applied.status).toBe("pass");
    for (const region of groupRegions) {
      const template = applied.state[`aws_launch_template.web_${region}`];
      const group = applied.state[`aws_autoscaling_group.web_${region}`];
      expect(template.id).toMatch(/^lt-[0-9a-f]{17}$/);
      expect(group).toBeDefined();
      expect(group.arn).toMatch(new RegExp(`^arn:aws:autoscaling:${region}:\\d{12}:autoScalingGroup:`));
      expect(group.launch_template).toEqual([
        expect.objectContaining({ id: template.id, version: String(template.latest_version) }),
      ]);
      const grants = Object.entries(applied.state).filter(([address]) =>
        address.startsWith(`aws_kms_grant.autoscaling_${region}_`),
      );
      expect(grants.length).toBeGreaterThan(0);
      for (const [, grant] of grants) expect(grant.grant_id).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("a rollback updates each launch template and each group, the group's template version known only after apply", async () => {
    const plan = await step("rollback");
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(plan.status).toBe("pass");
    const changed = Object.fromEntries(
      Object.entries(plan.actions).filter(([, action]) => action !== "no-op"),
    );
    expect(changed).toEqual(
      Object.fromEntries(
        groupRegions.flatMap((region) => [
          [`aws_launch_template.web_${region}`, "update"],
          [`aws_autoscaling_group.web_${region}`, "update"],
        ]),
      ),
    );
    for (const region of groupRegions) {
      const group = plan.changes[`aws_autoscaling_group.web_${region}`];
      expect(group.afterUnknown.launch_template).toEqual([expect.objectContaining({ version: true })]);
      // The group keeps its template: only the version moves.
      expect((group.after?.launch_template as Array<Record<string, unknown>>)[0].id).toBe(
        (group.before?.launch_template as Array<Record<string, unknown>>)[0].id,
      );
      expect(plan.changes[`aws_launch_template.web_${region}`].afterUnknown.latest_version).toBe(true);
    }
  });

  it("tears down cleanly, and nothing left the machine", async () => {
    const finished = await outcome;
    expect(finished.cleanup).toEqual([]);
    expect(finished.escaped).toEqual([]);
    expect(finished.requests).toEqual([]);
  });
});
