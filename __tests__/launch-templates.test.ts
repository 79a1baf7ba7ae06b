import type { EnvironmentConfig, LaunchTemplateConfig } from "../modules/config";
import { baseConfig, synthEnvironment } from "./support/synth";

const golden = { name: "web", version: "1.4.0", sourceInstanceId: "i-0123456789abcdef0" };
const euKey = "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111";
const usKey = "arn:aws:kms:us-east-1:111111111111:key/22222222-2222-4222-8222-222222222222";

function templates(
  launchTemplates: Record<string, LaunchTemplateConfig>,
  overrides: Partial<EnvironmentConfig> = {},
) {
  return synthEnvironment(
    baseConfig({
      baseImage: { preset: "ubuntu-24.04" },
      goldenImage: golden,
      copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
      tags: { Team: "platform" },
      launchTemplates,
      ...overrides,
    }),
    "dev",
  );
}

describe("launch templates", () => {
  const json = templates({ web: { instanceType: "t3.micro" } });
  const home = json.resource.aws_launch_template["web_us-east-1"];

  it("creates one template per region of the environment, with stable names", () => {
    expect(Object.keys(json.resource.aws_launch_template).sort()).toEqual(["web_eu-west-1", "web_us-east-1"]);
    expect(home.name).toBe("dev-web");
    expect(json.resource.aws_launch_template["web_eu-west-1"].provider).toBe("aws.eu-west-1");
  });

  it("boots the region's own golden image, mapping the root volume on the image's root device", () => {
    expect(home.image_id).toBe("${aws_ami_from_instance.golden_1-4-0.id}");
    expect(home.block_device_mappings[0].device_name).toBe(
      "${aws_ami_from_instance.golden_1-4-0.root_device_name}",
    );
    const eu = json.resource.aws_launch_template["web_eu-west-1"];
    expect(eu.image_id).toBe("${aws_ami_copy.golden_1-4-0_eu-west-1.id}");
    expect(eu.block_device_mappings[0].device_name).toBe(
      "${aws_ami_copy.golden_1-4-0_eu-west-1.root_device_name}",
    );
  });

  it("requires IMDSv2 with a hop limit of 1 by default", () => {
    expect(home.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 1,
    });
  });

  it("encrypts a gp3 root volume of the image's size by default", () => {
    expect(home.block_device_mappings[0].ebs).toEqual({
      volume_type: "gp3",
      encrypted: "true",
      delete_on_termination: "true",
    });
  });

  it("tags instances, volumes and the template, and makes each change the default version", () => {
    const tags = { Team: "platform", Environment: "dev", LaunchTemplate: "web" };
    expect(home.tag_specifications).toEqual([
      { resource_type: "instance", tags },
      { resource_type: "volume", tags },
    ]);
    expect(home.tags).toEqual(tags);
    expect(home.update_default_version).toBe(true);
    expect(home.user_data).toBeUndefined();
  });

  it("outputs each template's ID and latest version per region", () => {
    expect(json.output["launch_template_web_eu-west-1_id"].value).toBe(
      "${aws_launch_template.web_eu-west-1.id}",
    );
    expect(json.output["launch_template_web_us-east-1_latest_version"].value).toBe(
      "${aws_launch_template.web_us-east-1.latest_version}",
    );
  });

  it("base64-encodes user data at synth", () => {
    const script = "#!/bin/bash\necho héllo\n";
    const withData = templates({ web: { instanceType: "t3.micro", userData: script } });
    const encoded = withData.resource.aws_launch_template["web_us-east-1"].user_data;
    expect(Buffer.from(encoded, "base64").toString("utf8")).toBe(script);
  });

  it("passes instance settings, root volume and hop limit through", () => {
    const custom = templates({
      api: {
        instanceType: "m7g.large",
        regions: ["us-east-1"],
        securityGroupIds: ["sg-0123456789abcdef0"],
        instanceProfileName: "api",
        rootVolume: { sizeGiB: 50, type: "gp2", kmsKeyId: usKey },
        metadataHopLimit: 2,
      },
    }).resource.aws_launch_template;
    expect(Object.keys(custom)).toEqual(["api_us-east-1"]);
    expect(custom["api_us-east-1"]).toMatchObject({
      instance_type: "m7g.large",
      vpc_security_group_ids: ["sg-0123456789abcdef0"],
      iam_instance_profile: { name: "api" },
      metadata_options: { http_put_response_hop_limit: 2, http_tokens: "required" },
    });
    expect(custom["api_us-east-1"].block_device_mappings[0].ebs).toEqual({
      volume_type: "gp2",
      volume_size: 50,
      encrypted: "true",
      kms_key_id: usKey,
      delete_on_termination: "true",
    });
  });

  it("takes each region's volume key from a per-region map", () => {
    const perRegion = templates({
      web: { instanceType: "t3.micro", rootVolume: { kmsKeyId: { "us-east-1": usKey, "eu-west-1": euKey } } },
    }).resource.aws_launch_template;
    expect(perRegion["web_us-east-1"].block_device_mappings[0].ebs.kms_key_id).toBe(usKey);
    expect(perRegion["web_eu-west-1"].block_device_mappings[0].ebs.kms_key_id).toBe(euKey);
  });

  it("boots the base image, looked up in each region, when asked to", () => {
    const base = templates({ build: { instanceType: "t3.micro", image: "base" } });
    expect(base.resource.aws_launch_template["build_us-east-1"].image_id).toBe("${data.aws_ami.base.id}");
    expect(base.resource.aws_launch_template["build_eu-west-1"].image_id).toBe(
      "${data.aws_ami.base_eu-west-1.id}",
    );
    expect(base.data.aws_ami["base_eu-west-1"]).toMatchObject({
      provider: "aws.eu-west-1",
      owners: ["099720109477"],
    });
  });

  it("boots the copies of the base image when there is no golden image", () => {
    const json = synthEnvironment(
      baseConfig({
        baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "222222222222" } },
        copies: [{ region: "eu-west-1", kmsKeyId: euKey }],
        launchTemplates: { web: { instanceType: "t3.micro" } },
      }),
    );
    expect(json.resource.aws_launch_template["web_us-east-1"].image_id).toBe("${data.aws_ami.base_1-4-0.id}");
    expect(json.resource.aws_launch_template["web_eu-west-1"].image_id).toBe(
      "${aws_ami_copy.base_1-4-0_eu-west-1.id}",
    );
    expect(json.data.aws_ami["base_1-4-0_eu-west-1"]).toBeUndefined();
  });
});
