import type { EnvironmentConfig, GoldenImageVersionConfig } from "../modules";
import { compareVersions } from "../modules/image-versions";
import { versionLabel } from "../modules/terraform-address";
import { type TerraformJson, baseConfig, problemsOf, synthEnvironment } from "./support/synth";

const KEYS = {
  home: "arn:aws:kms:us-east-1:111111111111:key/11111111-1111-4111-8111-111111111110",
  eu: "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111",
  usWest: "arn:aws:kms:us-west-2:111111111111:key/11111111-1111-4111-8111-111111111112",
};
const V140: GoldenImageVersionConfig = { sourceInstanceId: "i-0123456789abcdef0" };
const V150: GoldenImageVersionConfig = { sourceInstanceId: "i-0fedcba9876543210" };
const RC: GoldenImageVersionConfig = { sourceInstanceId: "i-0aaaabbbbccccdddd" };

/** A publisher baking `web` in us-east-1, copying to eu-west-1 and sharing with one account. */
function publisher(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return baseConfig({
    goldenImage: { name: "web", versions: { "1.4.0": V140, "1.5.0": V150 }, current: "1.5.0" },
    copies: [{ region: "eu-west-1", kmsKeyId: KEYS.eu }],
    sharing: { accountIds: ["222222222222"] },
    launchTemplates: { web: { instanceType: "t3.micro" } },
    ...overrides,
  });
}

/** A consumer running promoted `web`, with its own copy at home and one in us-west-2. */
function consumer(promoted: { version: string; keep?: string[]; retired?: string[] }): EnvironmentConfig {
  return baseConfig({
    baseImage: { promoted: { name: "web", ownerAccount: "999999999999", ...promoted } },
    homeRegionCopy: { kmsKeyId: KEYS.home },
    copies: [{ region: "us-west-2", kmsKeyId: KEYS.usWest }],
    launchTemplates: { web: { instanceType: "t3.micro" } },
  });
}

/** Resource types that hold AMIs or their permissions. */
const IMAGE_TYPES = [
  "aws_ami_from_instance",
  "aws_ami_copy",
  "aws_ami_launch_permission",
  "aws_snapshot_create_volume_permission",
];

/** Every resource of the image types, and every AMI lookup, by address, without CDKTF's comments. */
function imageResources(json: TerraformJson): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const type of IMAGE_TYPES) {
    for (const name of Object.keys(json.resource?.[type] ?? {}).sort()) {
      found[`${type}.${name}`] = withoutComments(json.resource[type][name]);
    }
  }
  for (const [name, body] of Object.entries(json.data?.aws_ami ?? {}))
    found[`data.aws_ami.${name}`] = withoutComments(body);
  return found;
}

function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, inner]) => [key, withoutComments(inner)]),
  );
}

function addresses(json: TerraformJson, type: string): string[] {
  return Object.keys(json.resource?.[type] ?? {}).sort();
}

describe("versioned addresses", () => {
  it("turns dots into dashes and hyphens into underscores", () => {
    expect(versionLabel("1.5.0")).toBe("1-5-0");
    expect(versionLabel("1.5.0-rc.1")).toBe("1-5-0_rc-1");
    expect(versionLabel("2.0.0-beta-2.x")).toBe("2-0-0_beta_2-x");
  });

  it("names every golden image resource after its version", () => {
    const json = synthEnvironment(
      publisher({
        goldenImage: { name: "web", versions: { "1.4.0": V140, "1.5.0-rc.1": RC }, current: "1.4.0" },
        sharing: { accountIds: ["222222222222"] },
      }),
    );
    expect(addresses(json, "aws_ami_from_instance")).toEqual(["golden_1-4-0", "golden_1-5-0_rc-1"]);
    expect(addresses(json, "aws_ami_copy")).toEqual([
      "golden_1-4-0_eu-west-1",
      "golden_1-5-0_rc-1_eu-west-1",
    ]);
    const permissions = [
      "golden_1-4-0_eu-west-1_222222222222",
      "golden_1-4-0_us-east-1_222222222222",
      "golden_1-5-0_rc-1_eu-west-1_222222222222",
      "golden_1-5-0_rc-1_us-east-1_222222222222",
    ];
    expect(addresses(json, "aws_ami_launch_permission")).toEqual(permissions);
    expect(addresses(json, "aws_snapshot_create_volume_permission")).toEqual(permissions);
    expect(json.resource.aws_ami_from_instance["golden_1-5-0_rc-1"].name).toBe("web-1.5.0-rc.1");
    expect(json.resource.aws_ami_copy["golden_1-5-0_rc-1_eu-west-1"].source_ami_id).toBe(
      "${aws_ami_from_instance.golden_1-5-0_rc-1.id}",
    );
  });

  it("names every promoted image lookup and copy after its version, the home-region copy included", () => {
    const json = synthEnvironment(consumer({ version: "1.5.0", keep: ["1.4.0"] }));
    expect(Object.keys(json.data.aws_ami).sort()).toEqual(["base_1-4-0", "base_1-5-0"]);
    expect(json.data.aws_ami["base_1-4-0"].filter).toEqual([{ name: "name", values: ["web-1.4.0"] }]);
    expect(addresses(json, "aws_ami_copy")).toEqual([
      "base_1-4-0_us-east-1",
      "base_1-4-0_us-west-2",
      "base_1-5-0_us-east-1",
      "base_1-5-0_us-west-2",
    ]);
    expect(json.resource.aws_ami_copy["base_1-4-0_us-east-1"].source_ami_id).toBe(
      "${data.aws_ami.base_1-4-0.id}",
    );
    expect(json.resource.aws_ami_copy["base_1-4-0_us-west-2"].source_ami_id).toBe(
      "${aws_ami_copy.base_1-4-0_us-east-1.id}",
    );
    expect(json.resource.aws_ami_copy["base_1-4-0_us-west-2"].tags).toMatchObject({
      ImageName: "web",
      ImageVersion: "1.4.0",
    });
  });

  it("keeps today's addresses for sources without versions", () => {
    const json = synthEnvironment(
      baseConfig({
        baseImage: { preset: "ubuntu-24.04" },
        homeRegionCopy: { kmsKeyId: KEYS.home },
        copies: [{ region: "eu-west-1", kmsKeyId: KEYS.eu }],
        sharing: { accountIds: ["222222222222"] },
      }),
    );
    expect(Object.keys(json.data.aws_ami)).toEqual(["base"]);
    expect(addresses(json, "aws_ami_copy")).toEqual(["base_eu-west-1", "base_us-east-1"]);
    expect(addresses(json, "aws_ami_launch_permission")).toEqual([
      "base_eu-west-1_222222222222",
      "base_us-east-1_222222222222",
    ]);
    expect(json.moved).toBeUndefined();
    expect(Object.keys(json.output).filter((name) => name.startsWith("image_ids_"))).toEqual([]);
  });

  it("reads the one-version form as versions with that single entry", () => {
    const single = synthEnvironment(
      publisher({
        goldenImage: { name: "web", version: "1.4.0", ...V140, deprecateAt: "2027-06-30T00:00:00Z" },
      }),
    );
    const map = synthEnvironment(
      publisher({
        goldenImage: { name: "web", versions: { "1.4.0": { ...V140, deprecateAt: "2027-06-30T00:00:00Z" } } },
      }),
    );
    expect(withoutComments(single)).toEqual(withoutComments(map));
    expect(addresses(single, "aws_ami_from_instance")).toEqual(["golden_1-4-0"]);
  });
});

describe("moved blocks from today's addresses", () => {
  it("move the unversioned golden image, its copies and permissions to the oldest kept version", () => {
    const json = synthEnvironment(publisher());
    expect(json.moved).toEqual([
      { from: "aws_ami_from_instance.golden", to: "aws_ami_from_instance.golden_1-4-0" },
      { from: "aws_ami_copy.golden_eu-west-1", to: "aws_ami_copy.golden_1-4-0_eu-west-1" },
      {
        from: "aws_ami_launch_permission.golden_us-east-1_222222222222",
        to: "aws_ami_launch_permission.golden_1-4-0_us-east-1_222222222222",
      },
      {
        from: "aws_snapshot_create_volume_permission.golden_us-east-1_222222222222",
        to: "aws_snapshot_create_volume_permission.golden_1-4-0_us-east-1_222222222222",
      },
      {
        from: "aws_ami_launch_permission.golden_eu-west-1_222222222222",
        to: "aws_ami_launch_permission.golden_1-4-0_eu-west-1_222222222222",
      },
      {
        from: "aws_snapshot_create_volume_permission.golden_eu-west-1_222222222222",
        to: "aws_snapshot_create_volume_permission.golden_1-4-0_eu-west-1_222222222222",
      },
    ]);
  });

  it("move a one-version golden image to that version: a stack of today upgrades in place", () => {
    const json = synthEnvironment(publisher({ goldenImage: { name: "web", version: "2.0.0", ...V150 } }));
    expect(json.moved[0]).toEqual({
      from: "aws_ami_from_instance.golden",
      to: "aws_ami_from_instance.golden_2-0-0",
    });
    // Every moved block lands on a resource of the stack, and leaves no resource at its old address.
    for (const { from, to } of json.moved as Array<{ from: string; to: string }>) {
      const [toType, toName] = to.split(".");
      const [fromType, fromName] = from.split(".");
      expect(json.resource[toType][toName]).toBeDefined();
      expect(json.resource[fromType][fromName]).toBeUndefined();
    }
  });

  it("move a promoted image's copies, the home-region copy included", () => {
    const json = synthEnvironment(consumer({ version: "1.5.0", keep: ["1.4.0"] }));
    expect(json.moved).toEqual([
      { from: "aws_ami_copy.base_us-east-1", to: "aws_ami_copy.base_1-4-0_us-east-1" },
      { from: "aws_ami_copy.base_us-west-2", to: "aws_ami_copy.base_1-4-0_us-west-2" },
    ]);
  });

  it("skip retired versions: the oldest kept one takes today's addresses", () => {
    const json = synthEnvironment(
      publisher({
        goldenImage: { name: "web", versions: { "1.4.0": { ...V140, retired: true }, "1.5.0": V150 } },
      }),
    );
    expect(json.moved[0].to).toBe("aws_ami_from_instance.golden_1-5-0");
  });
});

describe("current version", () => {
  const json = synthEnvironment(publisher());

  it("is what launch templates boot and image_id_<region> outputs", () => {
    expect(json.resource.aws_launch_template["web_us-east-1"].image_id).toBe(
      "${aws_ami_from_instance.golden_1-5-0.id}",
    );
    expect(json.resource.aws_launch_template["web_eu-west-1"].image_id).toBe(
      "${aws_ami_copy.golden_1-5-0_eu-west-1.id}",
    );
    expect(json.output["image_id_us-east-1"].value).toBe("${aws_ami_from_instance.golden_1-5-0.id}");
  });

  it("sits beside every kept version in image_ids_<region>", () => {
    expect(json.output["image_ids_us-east-1"].value).toEqual({
      "1.4.0": "${aws_ami_from_instance.golden_1-4-0.id}",
      "1.5.0": "${aws_ami_from_instance.golden_1-5-0.id}",
    });
    expect(json.output["image_ids_eu-west-1"].value).toEqual({
      "1.4.0": "${aws_ami_copy.golden_1-4-0_eu-west-1.id}",
      "1.5.0": "${aws_ami_copy.golden_1-5-0_eu-west-1.id}",
    });
  });

  it("defaults to the only kept version", () => {
    const one = synthEnvironment(
      publisher({
        goldenImage: { name: "web", versions: { "1.4.0": { ...V140, retired: true }, "1.5.0": V150 } },
      }),
    );
    expect(one.output["image_id_us-east-1"].value).toBe("${aws_ami_from_instance.golden_1-5-0.id}");
  });
});

describe("rollback and promotion", () => {
  it("moving current back changes launch templates only: every AMI resource stays byte-identical", () => {
    const now = synthEnvironment(publisher());
    const back = synthEnvironment(
      publisher({
        goldenImage: { name: "web", versions: { "1.4.0": V140, "1.5.0": V150 }, current: "1.4.0" },
      }),
    );
    for (const type of IMAGE_TYPES)
      expect(JSON.stringify(back.resource[type])).toBe(JSON.stringify(now.resource[type]));
    expect(JSON.stringify(back.data)).toBe(JSON.stringify(now.data));
    expect(back.moved).toEqual(now.moved);
    expect(back.resource.aws_launch_template["web_us-east-1"].image_id).toBe(
      "${aws_ami_from_instance.golden_1-4-0.id}",
    );
    expect(back.resource.aws_launch_template["web_us-east-1"].block_device_mappings[0].device_name).toBe(
      "${aws_ami_from_instance.golden_1-4-0.root_device_name}",
    );
    const changedTypes = Object.keys(now.resource).filter(
      (type) =>
        JSON.stringify(withoutComments(now.resource[type])) !==
        JSON.stringify(withoutComments(back.resource[type])),
    );
    expect(changedTypes).toEqual(["aws_launch_template"]);
  });

  it("a consumer promoting to a version it keeps changes launch templates only", () => {
    const before = synthEnvironment(consumer({ version: "1.4.0", keep: ["1.5.0"] }));
    const after = synthEnvironment(consumer({ version: "1.5.0", keep: ["1.4.0"] }));
    for (const type of IMAGE_TYPES)
      expect(JSON.stringify(after.resource[type])).toBe(JSON.stringify(before.resource[type]));
    expect(JSON.stringify(after.data)).toBe(JSON.stringify(before.data));
    expect(after.resource.aws_launch_template["web_us-west-2"].image_id).toBe(
      "${aws_ami_copy.base_1-5-0_us-west-2.id}",
    );
  });

  it("adding a version only adds its resources", () => {
    const before = synthEnvironment(publisher({ goldenImage: { name: "web", version: "1.4.0", ...V140 } }));
    const after = synthEnvironment(
      publisher({
        goldenImage: { name: "web", versions: { "1.4.0": V140, "1.5.0": V150 }, current: "1.4.0" },
      }),
    );
    const old = imageResources(before);
    const added = imageResources(after);
    for (const [address, body] of Object.entries(old)) expect(added[address]).toEqual(body);
    expect(
      Object.keys(added)
        .filter((address) => !(address in old))
        .sort(),
    ).toEqual([
      "aws_ami_copy.golden_1-5-0_eu-west-1",
      "aws_ami_from_instance.golden_1-5-0",
      "aws_ami_launch_permission.golden_1-5-0_eu-west-1_222222222222",
      "aws_ami_launch_permission.golden_1-5-0_us-east-1_222222222222",
      "aws_snapshot_create_volume_permission.golden_1-5-0_eu-west-1_222222222222",
      "aws_snapshot_create_volume_permission.golden_1-5-0_us-east-1_222222222222",
    ]);
    expect(after.resource.aws_launch_template).toEqual(before.resource.aws_launch_template);
  });
});

describe("retirement", () => {
  it("of a version removes exactly its AMI, copies and permissions", () => {
    const before = synthEnvironment(
      publisher({
        goldenImage: {
          name: "web",
          versions: { "1.3.0": RC, "1.4.0": V140, "1.5.0": V150 },
          current: "1.5.0",
        },
      }),
    );
    const after = synthEnvironment(
      publisher({
        goldenImage: {
          name: "web",
          versions: { "1.3.0": { ...RC, retired: true }, "1.4.0": V140, "1.5.0": V150 },
          current: "1.5.0",
        },
      }),
    );
    const old = imageResources(before);
    const kept = imageResources(after);
    expect(Object.keys(old).filter((address) => !(address in kept))).toEqual([
      "aws_ami_from_instance.golden_1-3-0",
      "aws_ami_copy.golden_1-3-0_eu-west-1",
      "aws_ami_launch_permission.golden_1-3-0_eu-west-1_222222222222",
      "aws_ami_launch_permission.golden_1-3-0_us-east-1_222222222222",
      "aws_snapshot_create_volume_permission.golden_1-3-0_eu-west-1_222222222222",
      "aws_snapshot_create_volume_permission.golden_1-3-0_us-east-1_222222222222",
    ]);
    for (const [address, body] of Object.entries(kept)) expect(old[address]).toEqual(body);
    expect(Object.keys(after.output["image_ids_us-east-1"].value)).toEqual(["1.4.0", "1.5.0"]);
  });

  it("of a promoted version removes its lookup and copies", () => {
    const after = synthEnvironment(consumer({ version: "1.5.0", retired: ["1.4.0"] }));
    expect(Object.keys(after.data.aws_ami)).toEqual(["base_1-5-0"]);
    expect(addresses(after, "aws_ami_copy")).toEqual(["base_1-5-0_us-east-1", "base_1-5-0_us-west-2"]);
  });

  it("of a region keeps its provider and removes everything else there", () => {
    const json = synthEnvironment(
      publisher({
        copies: [
          { region: "eu-west-1", kmsKeyId: KEYS.eu, retired: true },
          { region: "us-west-2", kmsKeyId: KEYS.usWest },
        ],
      }),
    );
    expect(json.provider.aws.map((provider: { alias?: string }) => provider.alias ?? "home")).toEqual([
      "home",
      "eu-west-1",
      "us-west-2",
    ]);
    const everything = JSON.stringify({ resource: json.resource, data: json.data, output: json.output });
    expect(everything).not.toContain("eu-west-1");
    expect(addresses(json, "aws_launch_template")).toEqual(["web_us-east-1", "web_us-west-2"]);
  });
});

describe("publishing", () => {
  it("writes the current AMI ID to an SSM parameter of data type aws:ec2:image in every region", () => {
    const json = synthEnvironment(publisher({ publish: { ssmParameterPrefix: "/images" } }), "prod");
    expect(json.resource.aws_ssm_parameter).toEqual({
      "image_us-east-1": expect.objectContaining({
        name: "/images/web/prod",
        type: "String",
        data_type: "aws:ec2:image",
        insecure_value: "${aws_ami_from_instance.golden_1-5-0.id}",
      }),
      "image_eu-west-1": expect.objectContaining({
        provider: "aws.eu-west-1",
        name: "/images/web/prod",
        data_type: "aws:ec2:image",
        insecure_value: "${aws_ami_copy.golden_1-5-0_eu-west-1.id}",
      }),
    });
  });

  it("publishes a promoted image under its name", () => {
    const json = synthEnvironment(
      { ...consumer({ version: "1.5.0" }), publish: { ssmParameterPrefix: "/org/images" } },
      "staging",
    );
    expect(json.resource.aws_ssm_parameter["image_us-east-1"]).toMatchObject({
      name: "/org/images/web/staging",
      insecure_value: "${aws_ami_copy.base_1-5-0_us-east-1.id}",
    });
  });
});

describe("semantic version order", () => {
  it("puts pre-releases before their release and compares numbers numerically", () => {
    const sorted = ["1.10.0", "1.2.0", "1.5.0", "1.5.0-rc.1", "1.5.0-beta", "1.5.0-rc.10", "1.5.0-rc.2"].sort(
      compareVersions,
    );
    expect(sorted).toEqual([
      "1.2.0",
      "1.5.0-beta",
      "1.5.0-rc.1",
      "1.5.0-rc.2",
      "1.5.0-rc.10",
      "1.5.0",
      "1.10.0",
    ]);
  });
});

describe("validation", () => {
  const golden = (fields: Record<string, unknown>) => ({
    ...baseConfig(),
    goldenImage: { name: "web", ...fields },
  });

  it.each<[string, unknown, string[]]>([
    [
      "two kept versions without current",
      golden({ versions: { "1.4.0": V140, "1.5.0": V150 } }),
      [
        "environments/test.ts: goldenImage.current: missing, expected the version launch templates boot, one of 1.4.0, 1.5.0: more than one version is kept",
      ],
    ],
    [
      "a current version that is not listed",
      golden({ versions: { "1.4.0": V140, "1.5.0": V150 }, current: "1.5.1" }),
      [
        'environments/test.ts: goldenImage.current: got "1.5.1", expected one of the kept versions (1.4.0, 1.5.0) (did you mean "1.5.0"?)',
      ],
    ],
    [
      "a retired current version",
      golden({ versions: { "1.4.0": { ...V140, retired: true }, "1.5.0": V150 }, current: "1.4.0" }),
      [
        'environments/test.ts: goldenImage.current: got "1.4.0", expected one of the kept versions (1.5.0) (1.4.0 is retired: its AMI is being removed)',
      ],
    ],
    [
      "every version retired",
      golden({ versions: { "1.4.0": { ...V140, retired: true } } }),
      [
        "environments/test.ts: goldenImage.versions: got every version retired, expected at least one kept: launch templates boot a kept version (remove goldenImage to stop baking)",
      ],
    ],
    [
      "a version that is not semantic, and a bad entry",
      golden({ versions: { "1.4": { sourceInstanceId: "i-xyz", retired: "yes" } } }),
      [
        'environments/test.ts: goldenImage.versions["1.4"]: got "1.4", expected a semantic version such as "1.4.0" (build metadata "+..." is not allowed in AMI names)',
        'environments/test.ts: goldenImage.versions["1.4"].sourceInstanceId: got "i-xyz", expected an instance ID such as "i-0123456789abcdef0"',
        'environments/test.ts: goldenImage.versions["1.4"].retired: got "yes", expected true or false',
      ],
    ],
    [
      "both forms at once",
      golden({ version: "1.4.0", sourceInstanceId: V140.sourceInstanceId, versions: { "1.4.0": V140 } }),
      [
        'environments/test.ts: goldenImage.version: unknown field, expected one of name, versions, current, snapshotWithoutReboot; did you mean "versions"?',
        "environments/test.ts: goldenImage.sourceInstanceId: unknown field, expected one of name, versions, current, snapshotWithoutReboot",
      ],
    ],
    [
      "a typo in a version entry",
      golden({ versions: { "1.4.0": { ...V140, deprecatedAt: "2027-06-30T00:00:00Z" } } }),
      [
        'environments/test.ts: goldenImage.versions["1.4.0"].deprecatedAt: unknown field, expected one of sourceInstanceId, deprecateAt, description, retired; did you mean "deprecateAt"?',
      ],
    ],
    [
      "a promoted version kept twice and one both kept and retired",
      {
        ...baseConfig(),
        baseImage: {
          promoted: {
            name: "web",
            version: "1.5.0",
            ownerAccount: "222222222222",
            keep: ["1.5.0", "1.4.0"],
            retired: ["1.4.0"],
          },
        },
      },
      [
        'environments/test.ts: baseImage.promoted.keep[0]: got "1.5.0", expected other versions than baseImage.promoted.version, which is kept anyway',
        'environments/test.ts: baseImage.promoted.retired[0]: got "1.4.0", expected a version this environment no longer keeps (it is in baseImage.promoted.keep)',
      ],
    ],
    [
      "a launch template in a retired region",
      {
        ...baseConfig(),
        copies: [{ region: "eu-west-1", retired: true }],
        launchTemplates: { web: { instanceType: "t3.micro", regions: ["eu-west-1"] } },
      },
      [
        'environments/test.ts: launchTemplates.web.regions[0]: got "eu-west-1", expected a region of the environment (us-east-1) (its copy is retired: the region is leaving)',
      ],
    ],
    [
      "allowImageRemoval that is not a boolean",
      { ...baseConfig(), allowImageRemoval: "yes" },
      ['environments/test.ts: allowImageRemoval: got "yes", expected true or false'],
    ],
    [
      "a publish prefix AWS reserves",
      { ...golden({ version: "1.4.0", ...V140 }), publish: { ssmParameterPrefix: "/aws/images" } },
      [
        'environments/test.ts: publish.ssmParameterPrefix: got "/aws/images", expected a path that does not begin with "aws" or "ssm" (AWS reserves them)',
      ],
    ],
    [
      "a publish prefix with a trailing slash",
      { ...golden({ version: "1.4.0", ...V140 }), publish: { ssmParameterPrefix: "/images/" } },
      [
        'environments/test.ts: publish.ssmParameterPrefix: got "/images/", expected an SSM parameter path such as "/images" (levels of letters, digits, "_", "." and "-")',
      ],
    ],
    [
      "publishing an image without a name",
      { ...baseConfig(), publish: { ssmParameterPrefix: "/images" } },
      [
        "environments/test.ts: publish: got an image without a name to publish, expected a goldenImage or a promoted baseImage: the parameter is <prefix>/<image name>/<environment>",
      ],
    ],
  ])("reports %s", (_, config, messages) => {
    expect(problemsOf(config)).toEqual(messages);
  });

  it("does not ask a production environment for the key of a region that is leaving", () => {
    expect(
      problemsOf({
        ...baseConfig({ production: true }),
        copies: [{ region: "eu-west-1", retired: true }],
      }),
    ).toEqual([]);
  });
});
