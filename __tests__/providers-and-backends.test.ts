import { baseConfig, synthEnvironment } from "./support/synth";

describe("regional providers", () => {
  const json = synthEnvironment(
    baseConfig({
      assumeRoleArn: "arn:aws:iam::111111111111:role/ami-deployer",
      tags: { Team: "platform" },
      goldenImage: { name: "web", version: "1.0.0", sourceInstanceId: "i-0123456789abcdef0" },
      copies: [{ region: "eu-west-1" }, { region: "ap-southeast-2" }],
    }),
    "dev",
  );
  const providers = json.provider.aws as Array<Record<string, unknown>>;

  it("has a default provider for the home region and one aliased provider per other region", () => {
    expect(providers.map((p) => [p.alias, p.region])).toEqual([
      [undefined, "us-east-1"],
      ["eu-west-1", "eu-west-1"],
      ["ap-southeast-2", "ap-southeast-2"],
    ]);
  });

  it("locks every provider to the account, assumes the role and tags with Environment", () => {
    for (const provider of providers) {
      expect(provider.allowed_account_ids).toEqual(["111111111111"]);
      expect(provider.assume_role).toEqual([{ role_arn: "arn:aws:iam::111111111111:role/ami-deployer" }]);
      expect(provider.default_tags).toEqual([{ tags: { Team: "platform", Environment: "dev" } }]);
    }
  });

  it("sends each regional resource through its region's provider", () => {
    expect(json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].provider).toBe("aws.eu-west-1");
    expect(json.resource.aws_ami_copy["golden_1-0-0_ap-southeast-2"].provider).toBe("aws.ap-southeast-2");
    expect(json.resource.aws_ami_from_instance["golden_1-0-0"].provider).toBeUndefined();
  });

  it("omits assume_role when no role is given", () => {
    const plain = synthEnvironment(baseConfig());
    expect(plain.provider.aws[0].assume_role).toBeUndefined();
  });
});

describe("state backends", () => {
  it("defaults to local state at a relative path named after the environment", () => {
    expect(synthEnvironment(baseConfig(), "qa").terraform.backend).toEqual({
      local: { path: "terraform.qa.tfstate" },
    });
  });

  it("keeps a configured local path", () => {
    const json = synthEnvironment(baseConfig({ backend: { local: { path: "state/dev.tfstate" } } }));
    expect(json.terraform.backend).toEqual({ local: { path: "state/dev.tfstate" } });
  });

  it("writes an encrypted s3 backend with S3-native locking by default", () => {
    const json = synthEnvironment(
      baseConfig({ backend: { s3: { bucket: "acme-state", key: "ami/dev.tfstate", region: "eu-west-1" } } }),
    );
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: "acme-state",
        key: "ami/dev.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("passes s3 locking choices through", () => {
    const json = synthEnvironment(
      baseConfig({
        backend: {
          s3: {
            bucket: "acme-state",
            key: "k",
            region: "eu-west-1",
            encrypt: false,
            useLockfile: false,
            dynamodbTable: "locks",
          },
        },
      }),
    );
    expect(json.terraform.backend.s3).toMatchObject({
      encrypt: false,
      use_lockfile: false,
      dynamodb_table: "locks",
    });
  });

  it("writes a Terraform Cloud block named after the environment without calling terraform", () => {
    const json = synthEnvironment(baseConfig({ backend: { cloud: { organization: "acme" } } }), "prod");
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "prod" } });
  });

  it("selects Terraform Cloud workspaces by tags, project and hostname", () => {
    const json = synthEnvironment(
      baseConfig({
        backend: {
          cloud: { organization: "acme", workspaceTags: ["ami"], project: "images", hostname: "tfe.acme.io" },
        },
      }),
    );
    expect(json.terraform.cloud).toEqual({
      organization: "acme",
      hostname: "tfe.acme.io",
      workspaces: { tags: ["ami"], project: "images" },
    });
  });

  it("pins the AWS provider version", () => {
    expect(synthEnvironment(baseConfig()).terraform.required_providers.aws.version).toBe("6.25.0");
  });
});
