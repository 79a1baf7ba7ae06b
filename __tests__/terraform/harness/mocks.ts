import { createHash } from "node:crypto";

/**
 * Values the mocked provider gives resources and data sources, in the formats AWS uses, so that
 * anything reading them (a launch template's image_id, an ARN, an output) sees a plausible value.
 *
 * Add a resource type here when a stack starts using one whose computed attributes are read.
 */

/** A JSON object of Terraform values. */
export type Values = Record<string, unknown>;

/** What a mocked value may depend on. */
export interface MockContext {
  /** The AWS region of the block's provider. */
  readonly region: string;
  /** The account that owns what the mock creates. */
  readonly account: string;
  /** Stable hex digits for this block (and its configuration, for data sources). */
  readonly hex: string;
  /** The block's arguments as written in the stack (references left as `${...}`). */
  readonly config: Values;
}

const imageValues = ({ region, account, hex }: MockContext): Values => ({
  id: `ami-0${hex.slice(0, 16)}`,
  arn: `arn:aws:ec2:${region}::image/ami-0${hex.slice(0, 16)}`,
  owner_id: account,
  root_device_name: "/dev/xvda",
  root_snapshot_id: `snap-0${hex.slice(16, 32)}`,
  architecture: "x86_64",
  virtualization_type: "hvm",
  image_location: `${account}/image`,
});

/** Computed attributes per managed resource type, in valid formats. */
export const RESOURCE_VALUES: Readonly<Record<string, (context: MockContext) => Values>> = {
  aws_ami_from_instance: imageValues,
  aws_ami_copy: imageValues,
  aws_launch_template: ({ region, account, hex }) => ({
    id: `lt-0${hex.slice(0, 16)}`,
    arn: `arn:aws:ec2:${region}:${account}:launch-template/lt-0${hex.slice(0, 16)}`,
    latest_version: 1,
  }),
  aws_ami_launch_permission: ({ hex }) => ({ id: `launch-permission-${hex.slice(0, 16)}` }),
  aws_snapshot_create_volume_permission: ({ hex }) => ({ id: `snap-0${hex.slice(0, 16)}` }),
  aws_ssm_parameter: ({ region, account, config }) => ({
    id: String(config.name ?? "parameter"),
    arn: `arn:aws:ssm:${region}:${account}:parameter${String(config.name ?? "/parameter")}`,
    version: 1,
  }),
  aws_autoscaling_group: ({ region, account, config, hex }) => {
    const name = typeof config.name === "string" ? config.name : `asg-${hex.slice(0, 12)}`;
    return {
      id: name,
      arn: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${uuid(hex)}:autoScalingGroupName/${name}`,
      service_linked_role_arn:
        typeof config.service_linked_role_arn === "string"
          ? config.service_linked_role_arn
          : `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    };
  },
  aws_kms_grant: ({ config, hex }) => ({
    id: `${String(config.key_id ?? "key")}:${hex.slice(0, 64)}`,
    grant_id: hex.slice(0, 64),
    grant_token: hex,
  }),
};

/** Attributes per data source type, in valid formats. */
export const DATA_VALUES: Readonly<Record<string, (context: MockContext) => Values>> = {
  aws_ami: (context) => ({ ...imageValues(context), image_id: imageValues(context).id }),
  aws_ssm_parameter: ({ region, account, hex, config }) => ({
    id: String(config.name ?? "parameter"),
    arn: `arn:aws:ssm:${region}:${account}:parameter${String(config.name ?? "/parameter")}`,
    value: `ami-0${hex.slice(0, 16)}`,
    insecure_value: `ami-0${hex.slice(0, 16)}`,
    type: "String",
    version: 1,
  }),
  aws_caller_identity: ({ account }) => ({
    id: account,
    account_id: account,
    arn: `arn:aws:iam::${account}:root`,
    user_id: account,
  }),
  aws_region: ({ region }) => ({ id: region, name: region }),
};

/**
 * `mock_resource` / `mock_data` defaults for a mock provider: the formats above, with digits that are
 * the same for every block of a type (the harness overrides each block with its own).
 */
export function mockDefaults(
  resourceTypes: readonly string[],
  dataTypes: readonly string[],
  region: string,
  account: string,
): Values {
  const context: MockContext = { region, account, hex: "0".repeat(64), config: {} };
  const defaults = (table: typeof RESOURCE_VALUES, types: readonly string[]) =>
    Object.fromEntries(types.filter((t) => table[t]).map((t) => [t, { defaults: table[t](context) }]));
  return {
    mock_resource: defaults(RESOURCE_VALUES, resourceTypes),
    mock_data: defaults(DATA_VALUES, dataTypes),
  };
}

/** 64 stable hex digits for a key. */
export function stableHex(...parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Defaults the real provider gives arguments a stack leaves out (the provider's schema defaults),
 * which a mocked apply leaves null: the first real plan after a mocked apply fills them in, an
 * update that AWS state would not show. Paths as in Terraform's JSON plan, `*` for any list item.
 */
export const PROVIDER_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  aws_autoscaling_group: {
    force_delete: false,
    force_delete_warm_pool: false,
    ignore_failed_scaling_activities: false,
    metrics_granularity: "1Minute",
    protect_from_scale_in: false,
    wait_for_capacity_timeout: "10m",
    "instance_refresh.*.triggers": [],
    "instance_refresh.*.preferences.*.checkpoint_delay": "",
    "instance_refresh.*.preferences.*.checkpoint_percentages": [],
    "instance_refresh.*.preferences.*.scale_in_protected_instances": "Ignore",
    "instance_refresh.*.preferences.*.standby_instances": "Ignore",
  },
};

/**
 * True when everything an update changes is an argument the mocked state left null and the real
 * provider fills with its default (see `PROVIDER_DEFAULTS`); any other difference, or a value
 * known only after apply, is a real change.
 */
export function fillsProviderDefaultsOnly(
  type: string,
  before: unknown,
  after: unknown,
  afterUnknown: unknown,
): boolean {
  const defaults = PROVIDER_DEFAULTS[type];
  if (!defaults || hasUnknown(afterUnknown)) return false;
  const differences: Array<{ path: string; before: unknown; after: unknown }> = [];
  const walk = (a: unknown, b: unknown, path: string[]) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const isContainer = (v: unknown) => typeof v === "object" && v !== null;
    if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const key of keys)
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [
          ...path,
          Array.isArray(a) ? "*" : key,
        ]);
      return;
    }
    differences.push({ path: path.join("."), before: a, after: b });
  };
  walk(before, after, []);
  return differences.every(
    (d) =>
      (d.before === null || d.before === undefined) &&
      d.path in defaults &&
      JSON.stringify(defaults[d.path]) === JSON.stringify(d.after),
  );
}

function hasUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(hasUnknown);
}
