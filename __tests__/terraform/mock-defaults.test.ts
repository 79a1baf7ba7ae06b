import { fillsProviderDefaultsOnly } from "./harness/mocks";

// The first real plan after a mocked apply fills in the provider's defaults; only that is discounted.
describe("an update that only fills the provider's defaults into a mocked state", () => {
  const mocked = {
    force_delete: null,
    wait_for_capacity_timeout: null,
    max_size: 4,
    instance_refresh: [
      { triggers: null, preferences: [{ standby_instances: null, min_healthy_percentage: 90 }] },
    ],
    launch_template: [{ id: "lt-0123456789abcdef0", version: "1" }],
  };
  const filled = {
    ...mocked,
    force_delete: false,
    wait_for_capacity_timeout: "10m",
    instance_refresh: [
      { triggers: [], preferences: [{ standby_instances: "Ignore", min_healthy_percentage: 90 }] },
    ],
  };

  it("is recognised", () => {
    expect(fillsProviderDefaultsOnly("aws_autoscaling_group", mocked, filled, {})).toBe(true);
  });

  it("is not, with any other change: a value changed, a default that differs, a value known after apply", () => {
    expect(fillsProviderDefaultsOnly("aws_autoscaling_group", mocked, { ...filled, max_size: 6 }, {})).toBe(
      false,
    );
    expect(
      fillsProviderDefaultsOnly("aws_autoscaling_group", mocked, { ...filled, force_delete: true }, {}),
    ).toBe(false);
    expect(
      fillsProviderDefaultsOnly("aws_autoscaling_group", mocked, filled, {
        launch_template: [{ version: true }],
      }),
    ).toBe(false);
    // A default only counts where the mocked state had nothing.
    expect(
      fillsProviderDefaultsOnly("aws_autoscaling_group", { ...mocked, force_delete: true }, filled, {}),
    ).toBe(false);
  });

  it("is never assumed for types without known defaults", () => {
    expect(fillsProviderDefaultsOnly("aws_launch_template", { a: null }, { a: false }, {})).toBe(false);
  });
});
