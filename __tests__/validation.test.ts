import { loadProjectEnvironments, projectEnvironmentNames } from "./support/environments";
import { baseConfig, problemsOf } from "./support/synth";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
/** A well-formed customer-managed KMS key ARN in `region`. */
const kms = (region: string) => `arn:aws:kms:${region}:111111111111:key/${KEY_ID}`;
const GOLDEN = { name: "web", version: "1.4.0", sourceInstanceId: "i-0123456789abcdef0" };

/** The minimal valid config with some fields replaced, well-formed or not. */
function env(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...baseConfig(), ...overrides };
}

/** One launch template `web` with extra settings. */
function template(settings: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return env({ ...overrides, launchTemplates: { web: { instanceType: "t3.micro", ...settings } } });
}

type Case = [title: string, config: unknown, problems: string[]];

describe("a valid environment", () => {
  test("the minimal config has no problem", () => {
    expect(problemsOf(baseConfig())).toEqual([]);
  });

  test("a config using every section has no problem", () => {
    const config = env({
      account: "111111111111",
      region: "eu-west-1",
      assumeRoleArn: "arn:aws:iam::111111111111:role/ami-deployer",
      tags: { Team: "platform", "cost-centre": "42" },
      backend: { s3: { bucket: "acme-terraform-state", key: "ami/test.tfstate", region: "eu-west-1" } },
      baseImage: { preset: "ubuntu-24.04", architecture: "arm64" },
      goldenImage: { ...GOLDEN, deprecateAt: "2028-02-29T00:00:00Z", description: "Web servers" },
      copies: [
        { region: "us-east-1", kmsKeyId: kms("us-east-1") },
        { region: "eu-central-1", kmsKeyId: `arn:aws:kms:eu-central-1:111111111111:alias/ami` },
      ],
      sharing: {
        accountIds: ["222222222222"],
        organizationArns: ["arn:aws:organizations::111111111111:organization/o-exampleorg1"],
        organizationalUnitArns: ["arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-cdef3456"],
      },
      launchTemplates: {
        web: {
          instanceType: "t3.micro",
          securityGroupIds: ["sg-0123456789abcdef0"],
          instanceProfileName: "web-instance",
          userData: "#!/bin/bash\necho ready\n",
          rootVolume: {
            sizeGiB: 16,
            type: "gp3",
            kmsKeyId: {
              "eu-west-1": kms("eu-west-1"),
              "us-east-1": kms("us-east-1"),
              "eu-central-1": kms("eu-central-1"),
            },
          },
          metadataHopLimit: 2,
        },
        "api-worker": {
          instanceType: "c7i.large",
          image: "base",
          regions: ["us-east-1"],
          rootVolume: { kmsKeyId: kms("us-east-1") },
        },
      },
    });
    expect(problemsOf(config)).toEqual([]);
  });

  test.each<[string, unknown]>([
    ["a local backend with a relative path", env({ backend: { local: { path: "state/test.tfstate" } } })],
    [
      "a cloud backend with workspace tags",
      env({ backend: { cloud: { organization: "acme", workspaceTags: ["ami"] } } }),
    ],
    ["user data of exactly 16384 bytes", template({ userData: "a".repeat(16384) })],
    ["metadataHopLimit 1", template({ metadataHopLimit: 1 })],
    ["metadataHopLimit 64", template({ metadataHopLimit: 64 })],
    [
      "a pinned base image in the home region beside a golden image",
      template(
        { image: "base", regions: ["us-east-1"] },
        { goldenImage: GOLDEN, copies: [{ region: "eu-west-1" }] },
      ),
    ],
    [
      "a pinned base image in every region without a golden image (the copies carry it)",
      template({}, { copies: [{ region: "eu-west-1" }] }),
    ],
    ["a leap day", env({ goldenImage: { ...GOLDEN, deprecateAt: "2028-02-29T00:00:00Z" } })],
    ["sharing with empty lists only", env({ sharing: { accountIds: [] } })],
  ])("%s has no problem", (_title, config) => {
    expect(problemsOf(config)).toEqual([]);
  });

  test("every environment of the project loads without a problem", () => {
    const result = loadProjectEnvironments();
    expect(result.problems).toEqual([]);
    expect(result.environments.map((e) => e.file)).toEqual(
      projectEnvironmentNames().map((name) => `environments/${name}.ts`),
    );
  });
});

describe("malformed identifiers", () => {
  test.each<Case>([
    [
      "account",
      env({ account: "12345" }),
      [
        'environments/test.ts: account: got "12345", expected a 12-digit AWS account ID such as "111111111111"',
      ],
    ],
    [
      "account as a number",
      env({ account: 111111111111 }),
      [
        'environments/test.ts: account: got 111111111111, expected a 12-digit AWS account ID such as "111111111111"',
      ],
    ],
    [
      "home region",
      env({ region: "eu-west-9" }),
      ['environments/test.ts: region: got "eu-west-9", expected an AWS region such as "eu-west-1"'],
    ],
    [
      "copy region",
      env({ copies: [{ region: "eu-west-1" }, { region: "eu-west-9" }] }),
      ['environments/test.ts: copies[1].region: got "eu-west-9", expected an AWS region such as "eu-west-1"'],
    ],
    [
      "AMI ID",
      env({ baseImage: { imageId: "ami-123" } }),
      [
        'environments/test.ts: baseImage.imageId: got "ami-123", expected an AMI ID such as "ami-0123456789abcdef0"',
      ],
    ],
    [
      "AMI ID in upper case",
      env({ baseImage: { imageId: "ami-0123456789ABCDEF0" } }),
      [
        'environments/test.ts: baseImage.imageId: got "ami-0123456789ABCDEF0", expected an AMI ID such as "ami-0123456789abcdef0"',
      ],
    ],
    [
      "instance ID",
      env({ goldenImage: { ...GOLDEN, sourceInstanceId: "i-xyz" } }),
      [
        'environments/test.ts: goldenImage.sourceInstanceId: got "i-xyz", expected an instance ID such as "i-0123456789abcdef0"',
      ],
    ],
    [
      "KMS key ARN",
      env({ copies: [{ region: "eu-west-1", kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/nope" }] }),
      [
        'environments/test.ts: copies[0].kmsKeyId: got "arn:aws:kms:eu-west-1:111111111111:key/nope", expected a KMS key ARN such as "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
      ],
    ],
    [
      "KMS key ID instead of an ARN",
      env({ copies: [{ region: "eu-west-1", kmsKeyId: KEY_ID }] }),
      [
        'environments/test.ts: copies[0].kmsKeyId: got "1234abcd-12ab-34cd-56ef-1234567890ab", expected a KMS key ARN such as "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
      ],
    ],
    [
      "role ARN",
      env({ assumeRoleArn: "arn:aws:iam::111111111111:user/bob" }),
      [
        'environments/test.ts: assumeRoleArn: got "arn:aws:iam::111111111111:user/bob", expected an IAM role ARN such as "arn:aws:iam::111111111111:role/ami-deployer"',
      ],
    ],
    [
      "organisation ARN",
      env({
        goldenImage: GOLDEN,
        sharing: { organizationArns: ["arn:aws:organizations::111111111111:organization/bad"] },
      }),
      [
        'environments/test.ts: sharing.organizationArns[0]: got "arn:aws:organizations::111111111111:organization/bad", expected an organisation ARN such as "arn:aws:organizations::111111111111:organization/o-exampleorg1"',
      ],
    ],
    [
      "OU ARN",
      env({
        goldenImage: GOLDEN,
        sharing: { organizationalUnitArns: ["arn:aws:organizations::111111111111:ou/o-exampleorg1/bad"] },
      }),
      [
        'environments/test.ts: sharing.organizationalUnitArns[0]: got "arn:aws:organizations::111111111111:ou/o-exampleorg1/bad", expected an OU ARN such as "arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-cdef3456"',
      ],
    ],
    [
      "promoted owner account",
      env({ baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "dev" } } }),
      [
        'environments/test.ts: baseImage.promoted.ownerAccount: got "dev", expected a 12-digit AWS account ID such as "111111111111"',
      ],
    ],
    [
      "security group ID",
      template({ securityGroupIds: ["default"] }),
      [
        'environments/test.ts: launchTemplates.web.securityGroupIds[0]: got "default", expected a security group ID such as "sg-0123456789abcdef0"',
      ],
    ],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("regions and copies", () => {
  test.each<Case>([
    [
      "a KMS key in another region than its copy's",
      env({ copies: [{ region: "eu-west-1", kmsKeyId: kms("us-west-2") }] }),
      [
        'environments/test.ts: copies[0].kmsKeyId: got "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", expected a KMS key in eu-west-1 (the key is in us-west-2; KMS keys are regional)',
      ],
    ],
    [
      "a copy to the home region",
      env({ copies: [{ region: "us-east-1" }] }),
      [
        'environments/test.ts: copies[0].region: got "us-east-1", expected a region other than the home region (the image is already there)',
      ],
    ],
    [
      "the same copy region twice",
      env({ copies: [{ region: "eu-west-1" }, { region: "eu-west-1" }] }),
      [
        'environments/test.ts: copies[1].region: got "eu-west-1", expected each region once (it is already copied there)',
      ],
    ],
    [
      "a launch template in a region the environment does not have",
      template({ regions: ["eu-west-1"] }),
      [
        'environments/test.ts: launchTemplates.web.regions[0]: got "eu-west-1", expected a region of the environment (us-east-1) (add a copy to that region first)',
      ],
    ],
    [
      "a launch template with no region",
      template({ regions: [] }),
      [
        "environments/test.ts: launchTemplates.web.regions: got [], expected at least one region, or no regions field for all of them",
      ],
    ],
    [
      "a launch template naming a region twice",
      template({ regions: ["eu-west-1", "eu-west-1"] }, { copies: [{ region: "eu-west-1" }] }),
      [
        'environments/test.ts: launchTemplates.web.regions[1]: got "eu-west-1" twice, expected each value once',
      ],
    ],
    [
      "an invalid home region, without guesses about the template's regions",
      template(
        { regions: ["us-east-1"], rootVolume: { kmsKeyId: { "us-east-1": kms("us-east-1") } } },
        { region: "us-east-9" },
      ),
      ['environments/test.ts: region: got "us-east-9", expected an AWS region such as "eu-west-1"'],
    ],
    [
      "an invalid home region and a single root volume key",
      template({ rootVolume: { kmsKeyId: kms("us-east-1") } }, { region: "us-east-9" }),
      ['environments/test.ts: region: got "us-east-9", expected an AWS region such as "eu-west-1"'],
    ],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("golden image", () => {
  test.each<Case>([
    [
      "a name with characters AWS rejects",
      env({ goldenImage: { ...GOLDEN, name: "web#1" } }),
      [
        'environments/test.ts: goldenImage.name: got "web#1", expected a name of letters, digits and ( ) [ ] . / - \' @ _ or space',
      ],
    ],
    [
      "a name that is too long",
      env({ goldenImage: { ...GOLDEN, name: "a".repeat(101) } }),
      [
        `environments/test.ts: goldenImage.name: got "${"a".repeat(77)}...", expected 2-100 characters starting with a letter or digit (AWS allows 3-128 for the whole "<name>-<version>")`,
      ],
    ],
    [
      "a name that does not start with a letter or digit",
      env({ goldenImage: { ...GOLDEN, name: "-web" } }),
      [
        'environments/test.ts: goldenImage.name: got "-web", expected 2-100 characters starting with a letter or digit (AWS allows 3-128 for the whole "<name>-<version>")',
      ],
    ],
    [
      "a name and version together over 128 characters",
      env({ goldenImage: { ...GOLDEN, name: "a".repeat(100), version: `1.0.0-${"b".repeat(30)}` } }),
      [
        `environments/test.ts: goldenImage: got the AMI name "${"a".repeat(77)}..." of 137 characters, expected at most 128 (AWS's limit for "<name>-<version>"; shorten the name or the version)`,
      ],
    ],
    ...["1.0", "v1.4.0", "1.4.0+build.5"].map((version): Case => [
      `version ${version}`,
      env({ goldenImage: { ...GOLDEN, version } }),
      [
        `environments/test.ts: goldenImage.version: got "${version}", expected a semantic version such as "1.4.0" (build metadata "+..." is not allowed in AMI names)`,
      ],
    ]),
    ...["2027-06-30", "2027-06-30T00:00:00+02:00", "2027-06-30 00:00:00Z", "2027-06-30T00:00:00.000Z"].map(
      (deprecateAt): Case => [
        `deprecateAt ${deprecateAt}`,
        env({ goldenImage: { ...GOLDEN, deprecateAt } }),
        [
          `environments/test.ts: goldenImage.deprecateAt: got "${deprecateAt}", expected an RFC 3339 UTC time such as "2027-06-30T00:00:00Z"`,
        ],
      ],
    ),
    ...["2027-02-30T00:00:00Z", "2027-02-29T00:00:00Z", "2027-04-31T12:00:00Z"].map((deprecateAt): Case => [
      `deprecateAt ${deprecateAt}, a day that does not exist`,
      env({ goldenImage: { ...GOLDEN, deprecateAt } }),
      [`environments/test.ts: goldenImage.deprecateAt: got "${deprecateAt}", expected a real calendar date`],
    ]),
    [
      "a missing version",
      env({ goldenImage: { name: "web", sourceInstanceId: "i-0123456789abcdef0" } }),
      [
        'environments/test.ts: goldenImage.version: missing, expected a semantic version such as "1.4.0" (build metadata "+..." is not allowed in AMI names)',
      ],
    ],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("launch templates", () => {
  const credentialProblem = (credential: string) =>
    `environments/test.ts: launchTemplates.web.userData: got ${credential}, expected no AWS credentials. User data is readable by anyone who can describe the instance or launch template. Fix: remove the key; give the instance an instance profile and read secrets from SSM or Secrets Manager at boot.`;

  test.each<Case>([
    [
      "the golden image when there is none",
      template({ image: "golden" }),
      [
        'environments/test.ts: launchTemplates.web.image: got "golden", expected "base": the environment has no goldenImage',
      ],
    ],
    [
      "user data over 16 KB",
      template({ userData: "a".repeat(16385) }),
      [
        "environments/test.ts: launchTemplates.web.userData: got 16385 bytes, expected at most 16384 (EC2's user data limit before base64)",
      ],
    ],
    [
      "user data over 16 KB in UTF-8 bytes, not characters",
      template({ userData: "é".repeat(8193) }),
      [
        "environments/test.ts: launchTemplates.web.userData: got 16386 bytes, expected at most 16384 (EC2's user data limit before base64)",
      ],
    ],
    [
      "a long-term access key in user data",
      template({ userData: "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n" }),
      [credentialProblem("an AWS access key ID (AKIA...)")],
    ],
    [
      "a temporary access key in user data",
      template({ userData: 'aws configure set aws_access_key_id "ASIAIOSFODNN7EXAMPLE"\n' }),
      [credentialProblem("an AWS access key ID (ASIA...)")],
    ],
    ...[
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
      'export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n',
      "aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    ].map((userData): Case => [
      `a secret key assignment ${JSON.stringify(userData.slice(0, 30))}`,
      template({ userData }),
      [credentialProblem("an AWS secret access key (aws_secret_access_key=...)")],
    ]),
    ...[0, 65, 1.5, -1, "2", NaN].map((limit): Case => [
      `metadataHopLimit ${JSON.stringify(limit)}`,
      template({ metadataHopLimit: limit }),
      [
        `environments/test.ts: launchTemplates.web.metadataHopLimit: got ${typeof limit === "string" ? `"${limit}"` : String(limit)}, expected a whole number from 1 to 64`,
      ],
    ]),
    ...[
      ["Web", "launchTemplates.Web"],
      ["web_server", "launchTemplates.web_server"],
      ["1web", 'launchTemplates["1web"]'],
    ].map(([name, shownPath]): Case => [
      `template name ${name}`,
      env({ launchTemplates: { [name]: { instanceType: "t3.micro" } } }),
      [
        `environments/test.ts: ${shownPath}: got "${name}", expected a template name of lower-case letters, digits and hyphens, starting with a letter, such as "web" or "api-worker" (it names the launch template and its Terraform address)`,
      ],
    ]),
    [
      "a single root volume key for a template in several regions",
      template(
        { rootVolume: { kmsKeyId: kms("us-east-1") } },
        { copies: [{ region: "eu-west-1", kmsKeyId: kms("eu-west-1") }] },
      ),
      [
        'environments/test.ts: launchTemplates.web.rootVolume.kmsKeyId: got "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", expected a map of region to key ARN for us-east-1, eu-west-1 (KMS keys are regional)',
      ],
    ],
    [
      "a single root volume key in another region than the template's",
      template({ rootVolume: { kmsKeyId: kms("eu-west-1") } }),
      [
        'environments/test.ts: launchTemplates.web.rootVolume.kmsKeyId: got "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", expected a KMS key in us-east-1 (KMS keys are regional)',
      ],
    ],
    [
      "a root volume key map missing a region",
      template(
        { rootVolume: { kmsKeyId: { "us-east-1": kms("us-east-1") } } },
        { copies: [{ region: "eu-west-1", kmsKeyId: kms("eu-west-1") }] },
      ),
      [
        'environments/test.ts: launchTemplates.web.rootVolume.kmsKeyId["eu-west-1"]: missing, expected a KMS key ARN in eu-west-1: every region of the template needs one',
      ],
    ],
    [
      "a root volume key map naming a key in the wrong region",
      template(
        { rootVolume: { kmsKeyId: { "us-east-1": kms("us-east-1"), "eu-west-1": kms("us-west-2") } } },
        { copies: [{ region: "eu-west-1", kmsKeyId: kms("eu-west-1") }] },
      ),
      [
        'environments/test.ts: launchTemplates.web.rootVolume.kmsKeyId["eu-west-1"]: got "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", expected a KMS key in eu-west-1',
      ],
    ],
    [
      "a root volume key map naming a region outside the template",
      template({
        rootVolume: { kmsKeyId: { "us-east-1": kms("us-east-1"), "eu-west-1": kms("eu-west-1") } },
      }),
      [
        'environments/test.ts: launchTemplates.web.rootVolume.kmsKeyId["eu-west-1"]: got "eu-west-1", expected one of the template\'s regions (us-east-1)',
      ],
    ],
    [
      "a pinned base image asked for outside the home region beside a golden image",
      template(
        { image: "base" },
        { goldenImage: GOLDEN, copies: [{ region: "eu-west-1" }, { region: "us-west-2" }] },
      ),
      [
        'environments/test.ts: launchTemplates.web.image: got "base" in eu-west-1, expected "golden" or regions: ["us-east-1"]: the base image (a pinned imageId or a promoted version) exists only in the home region',
        'environments/test.ts: launchTemplates.web.image: got "base" in us-west-2, expected "golden" or regions: ["us-east-1"]: the base image (a pinned imageId or a promoted version) exists only in the home region',
      ],
    ],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("unknown and missing fields", () => {
  const TOP_LEVEL =
    "account, region, assumeRoleArn, production, allowImageReplacement, allowImageRemoval, tags, backend, baseImage, goldenImage, copies, homeRegionCopy, sharing, publish, launchTemplates, requiredTags, waivers, extend";

  test.each<Case>([
    [
      "a top-level typo",
      env({ goldImage: GOLDEN }),
      [
        `environments/test.ts: goldImage: unknown field, expected one of ${TOP_LEVEL}; did you mean "goldenImage"?`,
      ],
    ],
    [
      "a top-level typo with a missing word",
      env({ goldenImg: GOLDEN }),
      [
        `environments/test.ts: goldenImg: unknown field, expected one of ${TOP_LEVEL}; did you mean "goldenImage"?`,
      ],
    ],
    [
      "a top-level field that resembles nothing",
      env({ ownerTeam: "platform" }),
      [`environments/test.ts: ownerTeam: unknown field, expected one of ${TOP_LEVEL}`],
    ],
    [
      "a typo in a launch template, whose required field is then missing",
      env({ launchTemplates: { web: { instanceTyp: "t3.micro" } } }),
      [
        'environments/test.ts: launchTemplates.web.instanceTyp: unknown field, expected one of instanceType, image, regions, securityGroupIds, instanceProfileName, userData, rootVolume, metadataHopLimit, autoScaling; did you mean "instanceType"?',
        'environments/test.ts: launchTemplates.web.instanceType: missing, expected an EC2 instance type such as "t3.micro"',
      ],
    ],
    [
      "a typo in a copy",
      env({ copies: [{ region: "eu-west-1", kmsKeyID: kms("eu-west-1") }] }),
      [
        'environments/test.ts: copies[0].kmsKeyID: unknown field, expected one of region, kmsKeyId, retired; did you mean "kmsKeyId"?',
      ],
    ],
    [
      "a typo in a root volume",
      template({ rootVolume: { sizeGib: 16 } }),
      [
        'environments/test.ts: launchTemplates.web.rootVolume.sizeGib: unknown field, expected one of sizeGiB, type, kmsKeyId; did you mean "sizeGiB"?',
      ],
    ],
    [
      "a typo in a base image lookup",
      env({ baseImage: { lookup: { owners: ["amazon"], name: "al2023-*", mostRecnt: true } } }),
      [
        'environments/test.ts: baseImage.lookup.mostRecnt: unknown field, expected one of owners, name, architecture, mostRecent; did you mean "mostRecent"?',
      ],
    ],
    [
      "a typo in an S3 backend",
      env({
        backend: { s3: { bucket: "acme-state", key: "ami.tfstate", region: "us-east-1", encrpyt: true } },
      }),
      [
        'environments/test.ts: backend.s3.encrpyt: unknown field, expected one of bucket, key, region, encrypt, useLockfile, dynamodbTable; did you mean "encrypt"?',
      ],
    ],
    [
      "a missing account",
      { region: "us-east-1", baseImage: { imageId: "ami-0123456789abcdef0" } },
      ['environments/test.ts: account: missing, expected a 12-digit AWS account ID such as "111111111111"'],
    ],
    [
      "a missing region",
      { account: "111111111111", baseImage: { imageId: "ami-0123456789abcdef0" } },
      ['environments/test.ts: region: missing, expected an AWS region such as "eu-west-1"'],
    ],
    [
      "a missing base image",
      { account: "111111111111", region: "us-east-1" },
      [
        "environments/test.ts: baseImage: missing, expected one of preset, lookup, ssmParameter, imageId, promoted",
      ],
    ],
    [
      "a missing S3 bucket",
      env({ backend: { s3: { key: "ami.tfstate", region: "us-east-1" } } }),
      [
        'environments/test.ts: backend.s3.bucket: missing, expected an S3 bucket name such as "acme-terraform-state"',
      ],
    ],
    ["a config that is not an object", "prod", ['environments/test.ts: got "prod", expected an object']],
    ["no config at all", undefined, ["environments/test.ts: got nothing, expected an object"]],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("backend", () => {
  test.each<Case>([
    [
      "two backends at once",
      env({ backend: { local: {}, s3: { bucket: "acme-state", key: "ami.tfstate", region: "us-east-1" } } }),
      ["environments/test.ts: backend: got local and s3, expected exactly one of local, s3, cloud"],
    ],
    [
      "no backend kind",
      env({ backend: {} }),
      ["environments/test.ts: backend: got no backend, expected exactly one of local, s3, cloud"],
    ],
    [
      "workspace and workspaceTags together",
      env({ backend: { cloud: { organization: "acme", workspace: "ami", workspaceTags: ["ami"] } } }),
      ["environments/test.ts: backend.cloud: got both workspace and workspaceTags, expected one of them"],
    ],
    ...["/var/lib/terraform/test.tfstate", "C:\\state\\test.tfstate", "~/test.tfstate"].map(
      (statePath): Case => [
        `an absolute local path ${statePath}`,
        env({ backend: { local: { path: statePath } } }),
        [
          `environments/test.ts: backend.local.path: got ${JSON.stringify(statePath)}, expected a path relative to the stack directory (an absolute path ties the output to one machine)`,
        ],
      ],
    ),
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("base image", () => {
  test.each<Case>([
    [
      "two sources at once",
      env({ baseImage: { imageId: "ami-0123456789abcdef0", preset: "ubuntu-24.04" } }),
      [
        "environments/test.ts: baseImage: got preset and imageId, expected exactly one of preset, lookup, ssmParameter, imageId, promoted",
      ],
    ],
    [
      "no source",
      env({ baseImage: { architecture: "arm64" } }),
      [
        "environments/test.ts: baseImage: got no image source, expected exactly one of preset, lookup, ssmParameter, imageId, promoted",
      ],
    ],
    [
      "architecture beside a lookup",
      env({ baseImage: { lookup: { owners: ["amazon"], name: "al2023-*" }, architecture: "arm64" } }),
      [
        'environments/test.ts: baseImage.architecture: got "arm64" beside lookup, expected architecture only with preset (use lookup.architecture)',
      ],
    ],
    [
      "architecture beside an image ID",
      env({ baseImage: { imageId: "ami-0123456789abcdef0", architecture: "arm64" } }),
      [
        'environments/test.ts: baseImage.architecture: got "arm64" beside imageId, expected architecture only with preset',
      ],
    ],
    [
      "a preset with a typo",
      env({ baseImage: { preset: "ubuntu-24.4" } }),
      [
        'environments/test.ts: baseImage.preset: got "ubuntu-24.4", expected one of "ubuntu-22.04", "ubuntu-24.04", "amazon-linux-2023", "debian-12" (did you mean "ubuntu-24.04"?)',
      ],
    ],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("production", () => {
  const prod = (overrides: Record<string, unknown>) => env({ production: true, ...overrides });
  const unpinned = (source: string, what: string) =>
    `environments/test.ts: baseImage.${source}: got ${what}, expected a pinned image in a production environment (imageId, promoted, or lookup without mostRecent): a production image must not change under the environment between two plans`;

  test.each<Case>([
    [
      "a preset",
      prod({ baseImage: { preset: "ubuntu-24.04" } }),
      [unpinned("preset", 'preset "ubuntu-24.04"')],
    ],
    [
      "an SSM parameter",
      prod({ baseImage: { ssmParameter: "/aws/service/debian/release/12/latest/amd64" } }),
      [unpinned("ssmParameter", 'ssmParameter "/aws/service/debian/release/12/latest/amd64"')],
    ],
    [
      "a lookup with mostRecent",
      prod({
        baseImage: {
          lookup: {
            owners: ["amazon"],
            name: "al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64",
            mostRecent: true,
          },
        },
      }),
      [
        "environments/test.ts: baseImage.lookup.mostRecent: got true, expected false or nothing in a production environment: a production image must not change under the environment between two plans",
      ],
    ],
    [
      "a lookup by name pattern",
      prod({ baseImage: { lookup: { owners: ["amazon"], name: "al2023-ami-2023.*-x86_64" } } }),
      [
        'environments/test.ts: baseImage.lookup.name: got "al2023-ami-2023.*-x86_64", expected an exact AMI name in a production environment (a pattern matches each new release, and several matches fail the plan)',
      ],
    ],
    [
      "a preset outside the aws partition",
      env({ region: "cn-north-1", baseImage: { preset: "debian-12" } }),
      [
        "environments/test.ts: baseImage.preset: got \"debian-12\", expected a lookup with the publisher's aws-cn account (presets name the publishers' accounts of the aws partition, and cn-north-1 is in aws-cn)",
      ],
    ],
    [
      "a copy to another partition",
      env({ copies: [{ region: "cn-north-1" }] }),
      [
        'environments/test.ts: copies[0].region: got "cn-north-1", expected a region of the aws partition, like the home region us-east-1 (images cannot be copied across partitions)',
      ],
    ],
    [
      "a copy encrypted with an AWS-managed key",
      env({
        copies: [{ region: "eu-west-1", kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:alias/aws/ebs" }],
      }),
      [
        'environments/test.ts: copies[0].kmsKeyId: got "arn:aws:kms:eu-west-1:111111111111:alias/aws/ebs", expected a customer-managed KMS key ARN (an AWS-managed key cannot be shared with other accounts or controlled by the environment)',
      ],
    ],
    [
      "a copy without kmsKeyId",
      prod({ copies: [{ region: "eu-west-1" }] }),
      [
        "environments/test.ts: copies[0].kmsKeyId: missing, expected a customer-managed KMS key ARN in eu-west-1: production copies are encrypted with a key the environment controls",
      ],
    ],
    [
      "a snapshot without reboot",
      prod({ goldenImage: { ...GOLDEN, snapshotWithoutReboot: true } }),
      [
        "environments/test.ts: goldenImage.snapshotWithoutReboot: got true, expected false in a production environment: a snapshot of a running instance may hold a half-written file system",
      ],
    ],
  ])("refuses %s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });

  test.each<[string, unknown]>([
    ["an image ID", prod({ baseImage: { imageId: "ami-0123456789abcdef0" } })],
    [
      "a promoted image",
      prod({ baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "222222222222" } } }),
    ],
    [
      "a lookup without mostRecent",
      prod({
        baseImage: { lookup: { owners: ["amazon"], name: "al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64" } },
      }),
    ],
    [
      "a lookup with mostRecent false",
      prod({
        baseImage: {
          lookup: {
            owners: ["amazon"],
            name: "al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64",
            mostRecent: false,
          },
        },
      }),
    ],
    ["a snapshot with reboot", prod({ goldenImage: { ...GOLDEN, snapshotWithoutReboot: false } })],
    ["a copy with its own key", prod({ copies: [{ region: "eu-west-1", kmsKeyId: kms("eu-west-1") }] })],
  ])("accepts %s", (_title, config) => {
    expect(problemsOf(config)).toEqual([]);
  });
});

describe("sharing and tags", () => {
  test.each<Case>([
    [
      "sharing when a copy has no kmsKeyId",
      env({
        goldenImage: GOLDEN,
        copies: [{ region: "eu-west-1" }],
        sharing: { accountIds: ["222222222222"] },
      }),
      [
        "environments/test.ts: copies[0].kmsKeyId: missing, expected a customer-managed KMS key ARN because the environment shares its images: a copy encrypted with the default aws/ebs key cannot be launched by other accounts",
      ],
    ],
    [
      "sharing a production copy without kmsKeyId, reported once",
      env({
        production: true,
        goldenImage: GOLDEN,
        copies: [{ region: "eu-west-1" }],
        sharing: { accountIds: ["222222222222"] },
      }),
      [
        "environments/test.ts: copies[0].kmsKeyId: missing, expected a customer-managed KMS key ARN in eu-west-1: production copies are encrypted with a key the environment controls",
      ],
    ],
    [
      "sharing without an image of the environment's own",
      env({ sharing: { accountIds: ["222222222222"] } }),
      [
        "environments/test.ts: sharing: got principals to share with but no image of the environment's own, expected a goldenImage, copies or a homeRegionCopy: the base image belongs to its publisher",
      ],
    ],
    [
      "sharing with the environment's own account",
      env({ goldenImage: GOLDEN, sharing: { accountIds: ["111111111111"] } }),
      [
        'environments/test.ts: sharing.accountIds[0]: got "111111111111", expected another account than the environment\'s own',
      ],
    ],
    [
      "the same account twice",
      env({ goldenImage: GOLDEN, sharing: { accountIds: ["222222222222", "333333333333", "222222222222"] } }),
      ['environments/test.ts: sharing.accountIds[2]: got "222222222222" twice, expected each value once'],
    ],
    [
      "an Environment tag",
      env({ tags: { Environment: "prod" } }),
      [
        'environments/test.ts: tags.Environment: got "prod", expected no Environment tag: the pack sets it to the environment name',
      ],
    ],
    [
      "a tag key in the aws: namespace",
      env({ tags: { "aws:team": "platform" } }),
      [
        'environments/test.ts: tags["aws:team"]: got tag key "aws:team", expected 1-128 characters, not starting with "aws:"',
      ],
    ],
  ])("%s", (_title, config, problems) => {
    expect(problemsOf(config)).toEqual(problems);
  });
});

describe("environment name", () => {
  test.each(["Prod", "prod_eu", "1prod", "prod.eu", ""])("%p is refused", (name) => {
    expect(problemsOf(baseConfig(), name)).toEqual([
      `environments/${name}.ts: file name ${JSON.stringify(name)} is not a valid environment name, expected lower-case letters, digits and hyphens, starting with a letter, such as "staging" or "prod-eu"`,
    ]);
  });

  test.each(["prod", "prod-eu", "dev2"])("%p is accepted", (name) => {
    expect(problemsOf(baseConfig(), name)).toEqual([]);
  });
});

describe("several problems", () => {
  test("are all reported, in the order of the fields of the definition", () => {
    const config = {
      account: "1111",
      region: "us-east-1",
      production: true,
      tags: { Environment: "prod" },
      backend: { local: { path: "/tmp/state" } },
      baseImage: { preset: "ubuntu-24.04" },
      goldenImg: GOLDEN,
      copies: [{ region: "us-east-1" }, { region: "eu-west-1", kmsKeyId: kms("us-west-2") }],
      launchTemplates: { web: { instanceType: "t3.micro", image: "golden", metadataHopLimit: 0 } },
    };
    expect(problemsOf(config)).toEqual([
      `environments/test.ts: goldenImg: unknown field, expected one of account, region, assumeRoleArn, production, allowImageReplacement, allowImageRemoval, tags, backend, baseImage, goldenImage, copies, homeRegionCopy, sharing, publish, launchTemplates, requiredTags, waivers, extend; did you mean "goldenImage"?`,
      'environments/test.ts: account: got "1111", expected a 12-digit AWS account ID such as "111111111111"',
      'environments/test.ts: tags.Environment: got "prod", expected no Environment tag: the pack sets it to the environment name',
      'environments/test.ts: backend.local.path: got "/tmp/state", expected a path relative to the stack directory (an absolute path ties the output to one machine)',
      'environments/test.ts: baseImage.preset: got preset "ubuntu-24.04", expected a pinned image in a production environment (imageId, promoted, or lookup without mostRecent): a production image must not change under the environment between two plans',
      'environments/test.ts: copies[0].region: got "us-east-1", expected a region other than the home region (the image is already there)',
      "environments/test.ts: copies[0].kmsKeyId: missing, expected a customer-managed KMS key ARN in us-east-1: production copies are encrypted with a key the environment controls",
      'environments/test.ts: copies[1].kmsKeyId: got "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", expected a KMS key in eu-west-1 (the key is in us-west-2; KMS keys are regional)',
      "environments/test.ts: launchTemplates.web.metadataHopLimit: got 0, expected a whole number from 1 to 64",
      'environments/test.ts: launchTemplates.web.image: got "golden", expected "base": the environment has no goldenImage',
    ]);
  });

  test("values JSON cannot show are still reported", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(problemsOf(env({ account: BigInt(111111111111), tags: { Team: circular } }))).toEqual([
      'environments/test.ts: account: got 111111111111n, expected a 12-digit AWS account ID such as "111111111111"',
      "environments/test.ts: tags.Team: got an object that is not plain JSON, expected a string of at most 256 characters",
    ]);
  });
});
