import type { EnvironmentConfig } from "../modules/config";
import { baseConfig, problemsOf, synthEnvironment } from "./support/synth";

const golden = { name: "web", version: "1.4.0", sourceInstanceId: "i-0123456789abcdef0" };
const euKey = "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111";

function filters(data: { filter: Array<{ name: string; values: string[] }> }): Record<string, string[]> {
  return Object.fromEntries(data.filter.map((f) => [f.name, f.values]));
}

describe("base image sources", () => {
  it.each([
    ["ubuntu-22.04", "x86_64", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*", "099720109477"],
    ["ubuntu-24.04", "arm64", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*", "099720109477"],
    ["amazon-linux-2023", "arm64", "al2023-ami-2023.*-kernel-*-arm64", "137112412989"],
    ["debian-12", "x86_64", "debian-12-amd64-*", "136693071363"],
  ] as const)(
    "resolves preset %s (%s) to its publisher and name pattern",
    (preset, architecture, name, owner) => {
      const data = synthEnvironment(baseConfig({ baseImage: { preset, architecture } })).data.aws_ami.base;
      expect(data.owners).toEqual([owner]);
      expect(data.most_recent).toBe(true);
      expect(filters(data)).toEqual({
        name: [name],
        architecture: [architecture],
        "virtualization-type": ["hvm"],
        state: ["available"],
      });
    },
  );

  it("defaults a preset to x86_64", () => {
    const data = synthEnvironment(baseConfig({ baseImage: { preset: "debian-12" } })).data.aws_ami.base;
    expect(filters(data).architecture).toEqual(["x86_64"]);
  });

  it("turns a lookup into data aws_ami with owners and filters, most_recent only when asked", () => {
    const pinned = synthEnvironment(
      baseConfig({ baseImage: { lookup: { owners: ["self"], name: "base-*", architecture: "arm64" } } }),
    ).data.aws_ami.base;
    expect(pinned.owners).toEqual(["self"]);
    expect(pinned.most_recent).toBeUndefined();
    expect(filters(pinned)).toEqual({
      name: ["base-*"],
      architecture: ["arm64"],
      "virtualization-type": ["hvm"],
      state: ["available"],
    });
    const newest = synthEnvironment(
      baseConfig({ baseImage: { lookup: { owners: ["self"], name: "base-*", mostRecent: true } } }),
    ).data.aws_ami.base;
    expect(newest.most_recent).toBe(true);
    expect(filters(newest).architecture).toBeUndefined();
  });

  it("reads an SSM parameter's plain value, so that plans show the AMI ID", () => {
    const parameter = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
    const json = synthEnvironment(baseConfig({ baseImage: { ssmParameter: parameter } }));
    expect(json.data.aws_ssm_parameter.base).toEqual({ name: parameter });
    expect(filters(json.data.aws_ami.base)).toEqual({
      "image-id": ["${data.aws_ssm_parameter.base.insecure_value}"],
    });
    expect(json.output["image_id_us-east-1"].value).toBe("${data.aws_ssm_parameter.base.insecure_value}");
  });

  it("keeps exact pins resolving after the publisher deprecates the image", () => {
    const pinned = synthEnvironment(baseConfig()).data.aws_ami.base;
    expect(pinned.include_deprecated).toBe(true);
    const lookup = synthEnvironment(baseConfig({ baseImage: { preset: "debian-12" } })).data.aws_ami.base;
    expect(lookup.include_deprecated).toBeUndefined();
  });

  it("uses a pinned image ID literally and reads its root device from the AMI", () => {
    const json = synthEnvironment(baseConfig({ launchTemplates: { web: { instanceType: "t3.micro" } } }));
    expect(json.output["image_id_us-east-1"].value).toBe("ami-0123456789abcdef0");
    const template = json.resource.aws_launch_template["web_us-east-1"];
    expect(template.image_id).toBe("ami-0123456789abcdef0");
    expect(template.block_device_mappings[0].device_name).toBe("${data.aws_ami.base.root_device_name}");
  });

  it("finds a promoted version by exact name and owner, never the most recent", () => {
    const data = synthEnvironment(
      baseConfig({
        baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "222222222222" } },
      }),
    ).data.aws_ami["base_1-4-0"];
    expect(data).toEqual({
      owners: ["222222222222"],
      include_deprecated: true,
      filter: [{ name: "name", values: ["web-1.4.0"] }],
    });
  });
});

describe("golden image", () => {
  const json = synthEnvironment(
    baseConfig({ goldenImage: { ...golden, deprecateAt: "2027-06-30T00:00:00Z" } }),
    "dev",
  );
  const ami = json.resource.aws_ami_from_instance["golden_1-4-0"];

  it("is aws_ami_from_instance named <name>-<version> from the builder instance", () => {
    expect(ami).toMatchObject({
      name: "web-1.4.0",
      source_instance_id: "i-0123456789abcdef0",
      snapshot_without_reboot: false,
      deprecation_time: "2027-06-30T00:00:00Z",
      description: "web 1.4.0, baked from i-0123456789abcdef0",
    });
  });

  it("is tagged with name, version, environment and source", () => {
    expect(ami.tags).toEqual({
      Name: "web-1.4.0",
      ImageName: "web",
      ImageVersion: "1.4.0",
      Environment: "dev",
      SourceInstance: "i-0123456789abcdef0",
    });
  });

  it("creates a new version before the old one is destroyed, and allows destroy outside production", () => {
    expect(ami.lifecycle).toEqual({ create_before_destroy: true });
  });

  it("is the environment's image", () => {
    expect(json.output["image_id_us-east-1"].value).toBe("${aws_ami_from_instance.golden_1-4-0.id}");
  });

  it("is protected from destroy in production", () => {
    const prod = synthEnvironment(baseConfig({ production: true, goldenImage: golden }));
    expect(prod.resource.aws_ami_from_instance["golden_1-4-0"].lifecycle).toEqual({
      create_before_destroy: true,
      prevent_destroy: true,
    });
  });
});

describe("copies to other regions", () => {
  const config = (overrides: Partial<EnvironmentConfig> = {}) =>
    baseConfig({
      goldenImage: golden,
      copies: [{ region: "eu-west-1", kmsKeyId: euKey }, { region: "us-west-2" }],
      ...overrides,
    });

  it("copies the golden image, encrypted, with the region's key, name and tags", () => {
    const copies = synthEnvironment(config(), "dev").resource.aws_ami_copy;
    expect(Object.keys(copies)).toEqual(["golden_1-4-0_eu-west-1", "golden_1-4-0_us-west-2"]);
    expect(copies["golden_1-4-0_eu-west-1"]).toEqual({
      provider: "aws.eu-west-1",
      name: "web-1.4.0",
      description: "Copy of web-1.4.0 from us-east-1",
      source_ami_id: "${aws_ami_from_instance.golden_1-4-0.id}",
      source_ami_region: "us-east-1",
      encrypted: true,
      kms_key_id: euKey,
      tags: {
        Name: "web-1.4.0",
        ImageName: "web",
        ImageVersion: "1.4.0",
        Environment: "dev",
        SourceInstance: "i-0123456789abcdef0",
        SourceRegion: "us-east-1",
      },
      lifecycle: { create_before_destroy: true },
    });
    expect(copies["golden_1-4-0_us-west-2"].encrypted).toBe(true);
    expect(copies["golden_1-4-0_us-west-2"].kms_key_id).toBeUndefined();
  });

  it("copies the base image when there is no golden image", () => {
    const json = synthEnvironment(
      baseConfig({
        baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "222222222222" } },
        copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
      }),
      "staging",
    );
    const copy = json.resource.aws_ami_copy["base_1-4-0_eu-west-1"];
    expect(copy.source_ami_id).toBe("${data.aws_ami.base_1-4-0.id}");
    expect(copy.name).toBe("web-1.4.0");
    expect(copy.tags).toMatchObject({ ImageName: "web", ImageVersion: "1.4.0", Environment: "staging" });
    expect(json.output["image_id_eu-west-1"].value).toBe("${aws_ami_copy.base_1-4-0_eu-west-1.id}");
  });

  it("deprecates copies when their source is deprecated", () => {
    const copies = synthEnvironment(
      baseConfig({
        goldenImage: { ...golden, deprecateAt: "2027-06-30T00:00:00Z" },
        copies: [{ region: "eu-west-1" }],
      }),
    ).resource.aws_ami_copy;
    expect(copies["golden_1-4-0_eu-west-1"].deprecation_time).toBe("2027-06-30T00:00:00Z");
  });

  it("lifts prevent_destroy in production only for a change that allows image replacement", () => {
    const promotion = synthEnvironment(
      baseConfig({
        production: true,
        allowImageReplacement: true,
        goldenImage: golden,
        copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
      }),
    ).resource;
    expect(promotion.aws_ami_from_instance["golden_1-4-0"].lifecycle).toEqual({
      create_before_destroy: true,
    });
    expect(promotion.aws_ami_copy["golden_1-4-0_eu-west-1"].lifecycle).toEqual({
      create_before_destroy: true,
    });
  });

  it("protects copies from destroy in production", () => {
    const prod = synthEnvironment(
      baseConfig({
        production: true,
        goldenImage: golden,
        copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
      }),
    );
    expect(prod.resource.aws_ami_copy["golden_1-4-0_eu-west-1"].lifecycle).toEqual({
      create_before_destroy: true,
      prevent_destroy: true,
    });
  });
});

describe("sharing", () => {
  const usKey = "arn:aws:kms:us-west-2:111111111111:key/22222222-2222-4222-8222-222222222222";
  const json = synthEnvironment(
    baseConfig({
      goldenImage: golden,
      copies: [
        { region: "eu-west-1", kmsKeyId: euKey },
        { region: "us-west-2", kmsKeyId: usKey },
      ],
      sharing: {
        accountIds: ["222222222222"],
        organizationArns: ["arn:aws:organizations::999999999999:organization/o-exampleorg1"],
        organizationalUnitArns: ["arn:aws:organizations::999999999999:ou/o-exampleorg1/ou-ab12-cdef3456"],
      },
    }),
  );
  const permissions = json.resource.aws_ami_launch_permission;

  it("grants one permission per image per region per principal", () => {
    expect(Object.keys(permissions).sort()).toEqual(
      [
        "golden_1-4-0_eu-west-1_222222222222",
        "golden_1-4-0_eu-west-1_org_o-exampleorg1",
        "golden_1-4-0_eu-west-1_ou_ou-ab12-cdef3456",
        "golden_1-4-0_us-east-1_222222222222",
        "golden_1-4-0_us-east-1_org_o-exampleorg1",
        "golden_1-4-0_us-east-1_ou_ou-ab12-cdef3456",
        "golden_1-4-0_us-west-2_222222222222",
        "golden_1-4-0_us-west-2_org_o-exampleorg1",
        "golden_1-4-0_us-west-2_ou_ou-ab12-cdef3456",
      ].sort(),
    );
  });

  it("shares each region's own image through that region's provider", () => {
    expect(permissions["golden_1-4-0_us-east-1_222222222222"]).toEqual({
      image_id: "${aws_ami_from_instance.golden_1-4-0.id}",
      account_id: "222222222222",
    });
    expect(permissions["golden_1-4-0_eu-west-1_org_o-exampleorg1"]).toEqual({
      provider: "aws.eu-west-1",
      image_id: "${aws_ami_copy.golden_1-4-0_eu-west-1.id}",
      organization_arn: "arn:aws:organizations::999999999999:organization/o-exampleorg1",
    });
    expect(permissions["golden_1-4-0_us-west-2_ou_ou-ab12-cdef3456"]).toEqual({
      provider: "aws.us-west-2",
      image_id: "${aws_ami_copy.golden_1-4-0_us-west-2.id}",
      organizational_unit_arn: "arn:aws:organizations::999999999999:ou/o-exampleorg1/ou-ab12-cdef3456",
    });
  });

  it("lets accounts, and only accounts, read each image's root snapshot so that they can copy it", () => {
    const snapshots = json.resource.aws_snapshot_create_volume_permission;
    expect(Object.keys(snapshots).sort()).toEqual([
      "golden_1-4-0_eu-west-1_222222222222",
      "golden_1-4-0_us-east-1_222222222222",
      "golden_1-4-0_us-west-2_222222222222",
    ]);
    expect(snapshots["golden_1-4-0_us-east-1_222222222222"]).toEqual({
      snapshot_id: "${aws_ami_from_instance.golden_1-4-0.root_snapshot_id}",
      account_id: "222222222222",
    });
    expect(snapshots["golden_1-4-0_eu-west-1_222222222222"]).toEqual({
      provider: "aws.eu-west-1",
      snapshot_id: "${aws_ami_copy.golden_1-4-0_eu-west-1.root_snapshot_id}",
      account_id: "222222222222",
    });
  });

  it("never makes an image public", () => {
    for (const permission of Object.values(permissions) as Array<Record<string, unknown>>) {
      expect(permission.group).toBeUndefined();
    }
  });

  it("shares only copies when the base image is not the environment's own", () => {
    const copiesOnly = synthEnvironment(
      baseConfig({
        copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
        sharing: { accountIds: ["222222222222"] },
      }),
    );
    expect(Object.keys(copiesOnly.resource.aws_ami_launch_permission)).toEqual([
      "base_eu-west-1_222222222222",
    ]);
  });
});

describe("allowImageReplacement", () => {
  it("is refused outside production, where nothing is protected", () => {
    expect(problemsOf({ ...baseConfig(), allowImageReplacement: true })).toEqual([
      "environments/test.ts: allowImageReplacement: got true, expected nothing outside production (only production AMIs are protected from replacement)",
    ]);
  });
});

describe("homeRegionCopy", () => {
  const homeKey = "arn:aws:kms:us-east-1:111111111111:key/22222222-2222-4222-8222-222222222222";
  const promoted = { promoted: { name: "web", version: "1.4.0", ownerAccount: "222222222222" } };
  const json = synthEnvironment(
    baseConfig({
      production: true,
      baseImage: promoted,
      homeRegionCopy: { kmsKeyId: homeKey },
      copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
      sharing: { accountIds: ["333333333333"] },
      launchTemplates: { web: { instanceType: "t3.micro" } },
    }),
  );
  const copies = json.resource.aws_ami_copy;

  it("copies the base image into the environment's account in the home region, with its key", () => {
    expect(copies["base_1-4-0_us-east-1"]).toMatchObject({
      name: "web-1.4.0",
      source_ami_id: "${data.aws_ami.base_1-4-0.id}",
      source_ami_region: "us-east-1",
      encrypted: true,
      kms_key_id: homeKey,
      lifecycle: { create_before_destroy: true, prevent_destroy: true },
    });
    expect(copies["base_1-4-0_us-east-1"].provider).toBeUndefined();
  });

  it("uses the home copy at home and as the source of the other copies", () => {
    expect(copies["base_1-4-0_eu-west-1"].source_ami_id).toBe("${aws_ami_copy.base_1-4-0_us-east-1.id}");
    expect(json.resource.aws_launch_template["web_us-east-1"].image_id).toBe(
      "${aws_ami_copy.base_1-4-0_us-east-1.id}",
    );
    expect(json.output["image_id_us-east-1"].value).toBe("${aws_ami_copy.base_1-4-0_us-east-1.id}");
  });

  it("shares the home copy like the others", () => {
    expect(Object.keys(json.resource.aws_ami_launch_permission).sort()).toEqual([
      "base_1-4-0_eu-west-1_333333333333",
      "base_1-4-0_us-east-1_333333333333",
    ]);
  });

  it.each([
    [
      { goldenImage: golden, homeRegionCopy: { kmsKeyId: homeKey } },
      "environments/test.ts: homeRegionCopy: got a home region copy beside goldenImage, expected one of them: the golden image is already the environment's own image in its home region",
    ],
    [
      { production: true, baseImage: promoted, homeRegionCopy: {} },
      "environments/test.ts: homeRegionCopy.kmsKeyId: missing, expected a customer-managed KMS key ARN in us-east-1: production copies are encrypted with a key the environment controls",
    ],
    [
      { baseImage: promoted, homeRegionCopy: { kmsKeyId: euKey } },
      `environments/test.ts: homeRegionCopy.kmsKeyId: got "${euKey}", expected a KMS key in us-east-1 (the key is in eu-west-1; KMS keys are regional)`,
    ],
    [
      { baseImage: promoted, homeRegionCopy: {}, sharing: { accountIds: ["333333333333"] } },
      "environments/test.ts: homeRegionCopy.kmsKeyId: missing, expected a customer-managed KMS key ARN because the environment shares its images: a copy encrypted with the default aws/ebs key cannot be launched by other accounts",
    ],
  ])("is validated: %j", (overrides, message) => {
    expect(problemsOf({ ...baseConfig(), ...overrides })).toEqual([message]);
  });
});
