import { createHash } from "node:crypto";
import { GUARD_RULES } from "../modules/guard-rules";
import { RULES } from "../modules/rules";
import type { JsonObject } from "../modules/terraform-json";
import { renderJson, renderMarkdown } from "../tools/review/render-markdown";
import type { EnvironmentReview, Review } from "../tools/review/review-model";
import {
  GOLDEN,
  KEYS,
  LOOKUP,
  ORGANIZATION,
  OU,
  PINNED,
  PROD,
  PROD_GOLDEN,
  SSM,
  SSM_PATH,
  WEB_SCRIPT,
  type EditableJson,
  edit,
  reviewOf,
  synthStacks,
} from "./fixtures/review/stacks";

const stacks = synthStacks({
  golden: GOLDEN,
  prod: PROD,
  "prod-golden": PROD_GOLDEN,
  ssm: SSM,
  lookup: LOOKUP,
  pinned: PINNED,
});
const review = reviewOf(stacks);

function environment(name: string, from: Review = review): EnvironmentReview {
  const found = from.environments.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no environment ${name} in the review`);
  return found;
}

/** The review of one stack after an edit of its JSON. */
function reviewEdited(name: string, change: Parameters<typeof edit>[1]): EnvironmentReview {
  return environment(name, reviewOf({ [name]: edit(stacks[name], change) }));
}

/** The Markdown section of one environment. */
function section(markdown: string, name: string): string {
  const start = markdown.indexOf(`## \`${name}\``);
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

const markdown = renderMarkdown(review);

describe("header", () => {
  it("shows account, home region, other regions, backend, production and the base image source", () => {
    const golden = environment("golden");
    expect(golden).toMatchObject({
      account: "111111111111",
      homeRegion: "us-east-1",
      regions: ["us-east-1", "eu-west-1"],
      production: false,
      productionInferred: false,
      backend: "local: terraform.golden.tfstate",
      baseImage: { kind: "preset", summary: "preset ubuntu-24.04 (arm64)", pinned: false },
    });
    const prod = environment("prod");
    expect(prod).toMatchObject({
      production: true,
      regions: ["us-east-1", "eu-west-1", "us-west-2"],
      backend: "s3: example-prod-state/ami/prod.tfstate (us-east-1, encrypted, S3 lock file)",
      baseImage: { kind: "promoted", summary: "promoted web 2.0.0", pinned: true },
    });
    expect(section(markdown, "prod")).toContain(
      "| `333333333333` | `us-east-1` | `eu-west-1`, `us-west-2` | s3: example-prod-state/ami/prod.tfstate (us-east-1, encrypted, S3 lock file) | yes | promoted web 2.0.0; AMI web-2.0.0 of account 111111111111 |",
    );
    expect(section(markdown, "prod")).toMatch(/^## `prod` — production/);
  });

  it.each([
    ["ssm", "ssmParameter", `SSM parameter ${SSM_PATH}`, false],
    ["lookup", "lookup", "lookup base-*", false],
    ["pinned", "imageId", "pinned ami-0123456789abcdef0", true],
  ] as const)("describes the %s base image source", (name, kind, summary, pinned) => {
    expect(environment(name).baseImage).toMatchObject({ kind, summary, pinned });
  });
});

describe("images table", () => {
  it("lists the base lookup, the golden image and its copy, home region first", () => {
    expect(environment("golden").images).toEqual([
      expect.objectContaining({
        address: "data.aws_ami.base",
        region: "us-east-1",
        role: "base",
        name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*",
        encrypted: "as published",
      }),
      expect.objectContaining({
        address: "aws_ami_from_instance.golden_2-0-0",
        region: "us-east-1",
        role: "golden",
        name: "web-2.0.0",
        source: "instance i-0123456789abcdef0",
        deprecation: "2027-06-30T00:00:00Z",
        preventDestroy: false,
      }),
      expect.objectContaining({
        address: "aws_ami_copy.golden_2-0-0_eu-west-1",
        region: "eu-west-1",
        role: "copy",
        name: "web-2.0.0",
        source: "aws_ami_from_instance.golden_2-0-0 in us-east-1",
        sourceAddress: "aws_ami_from_instance.golden_2-0-0",
        encrypted: "yes",
        kmsKey: KEYS.euWest1,
      }),
    ]);
  });

  it("marks protected production copies and shows each copy's key", () => {
    const copies = environment("prod").images.filter((image) => image.role === "copy");
    expect(copies.map((image) => [image.region, image.kmsKey, image.preventDestroy])).toEqual([
      ["eu-west-1", KEYS.prodEuWest1, true],
      ["us-west-2", KEYS.prodUsWest2, true],
    ]);
    expect(section(markdown, "prod")).toContain(
      `| \`eu-west-1\` | \`aws_ami_copy.base_2-0-0_eu-west-1\` 🔒 | \`web-2.0.0\` | \`data.aws_ami.base_2-0-0\` in us-east-1 | yes | \`${KEYS.prodEuWest1}\` | never |`,
    );
  });

  it("shows that an SSM-resolved image is looked up by the parameter's value", () => {
    expect(environment("ssm").images[0]).toMatchObject({
      address: "data.aws_ami.base",
      source: "image-id data.aws_ssm_parameter.base.insecure_value",
    });
  });

  it("says what a copy without a key is encrypted with", () => {
    const copy = reviewEdited("golden", (json) => {
      delete json.resource.aws_ami_copy["golden_2-0-0_eu-west-1"].kms_key_id;
    }).images.find((image) => image.role === "copy");
    expect(copy?.kmsKey).toBe("aws/ebs (account default)");
  });
});

describe("launch templates table", () => {
  const sha256 = createHash("sha256").update(WEB_SCRIPT).digest("hex");

  it("shows instance type, image, IMDS, root volume, security groups, profile and user data per region", () => {
    const [web, worker, webEu] = environment("golden").launchTemplates;
    expect(web).toEqual({
      address: "aws_launch_template.web_us-east-1",
      region: "us-east-1",
      name: "golden-web",
      instanceType: "t4g.micro",
      image: "aws_ami_from_instance.golden_2-0-0.id",
      imageAddress: "aws_ami_from_instance.golden_2-0-0",
      metadata: { endpoint: "enabled", tokens: "required", hopLimit: 1, defaulted: false },
      rootVolume: {
        deviceName: "aws_ami_from_instance.golden_2-0-0.root_device_name",
        sizeGiB: 20,
        type: "gp3",
        encrypted: true,
        kmsKey: KEYS.usEast1,
      },
      securityGroups: ["sg-0aaaaaaaaaaaaaaa1"],
      instanceProfile: "web",
      userDataSha256: sha256,
      userDataBytes: Buffer.byteLength(WEB_SCRIPT),
    });
    expect(worker).toMatchObject({
      address: "aws_launch_template.worker_us-east-1",
      imageAddress: "data.aws_ami.base",
      metadata: { tokens: "required", hopLimit: 2 },
      securityGroups: [],
    });
    expect(webEu).toMatchObject({ region: "eu-west-1", imageAddress: "aws_ami_copy.golden_2-0-0_eu-west-1" });
    expect(section(markdown, "golden")).toContain(
      `| \`us-east-1\` | \`aws_launch_template.worker_us-east-1\` | \`c7g.large\` | \`data.aws_ami.base\` | IMDSv2 only, **hop limit 2** | snapshot size gp3, encrypted with aws/ebs | VPC default | none | none |`,
    );
  });

  it("decodes each distinct user data script once, with its hash, size and first lines", () => {
    expect(environment("golden").userData).toEqual([
      {
        sha256,
        bytes: Buffer.byteLength(WEB_SCRIPT),
        lines: 4,
        gzipped: false,
        firstLines: WEB_SCRIPT.trimEnd().split("\n"),
        text: WEB_SCRIPT,
        usedBy: ["aws_launch_template.web_eu-west-1", "aws_launch_template.web_us-east-1"],
      },
    ]);
    expect(section(markdown, "golden")).toContain(`\`\`\`sh\n${WEB_SCRIPT}\`\`\``);
    expect(section(markdown, "golden")).toContain(`SHA-256 \`${sha256}\``);
  });

  it("shows only the first lines of a long script, and decodes gzip-compressed user data", () => {
    const script = Array.from({ length: 20 }, (_, n) => `echo line ${n + 1}`).join("\n");
    const { gzipSync } = jest.requireActual<typeof import("node:zlib")>("node:zlib");
    const reviewed = reviewEdited("golden", (json) => {
      json.resource.aws_launch_template["web_us-east-1"].user_data = gzipSync(script).toString("base64");
    });
    const entry = reviewed.userData.find((candidate) =>
      candidate.usedBy.includes("aws_launch_template.web_us-east-1"),
    );
    expect(entry).toMatchObject({ gzipped: true, lines: 20, text: script });
    expect(entry?.firstLines).toHaveLength(8);
  });
});

describe("sharing", () => {
  it("lists which account, organisation and OU may launch which image in which region", () => {
    expect(
      environment("golden").sharing.map((entry) => [
        entry.principalKind,
        entry.principal,
        entry.region,
        entry.imageAddress,
      ]),
    ).toEqual([
      ["account", "222222222222", "us-east-1", "aws_ami_from_instance.golden_2-0-0"],
      ["account", "222222222222", "eu-west-1", "aws_ami_copy.golden_2-0-0_eu-west-1"],
      ["organization", ORGANIZATION, "us-east-1", "aws_ami_from_instance.golden_2-0-0"],
      ["organization", ORGANIZATION, "eu-west-1", "aws_ami_copy.golden_2-0-0_eu-west-1"],
      ["organizational unit", OU, "us-east-1", "aws_ami_from_instance.golden_2-0-0"],
      ["organizational unit", OU, "eu-west-1", "aws_ami_copy.golden_2-0-0_eu-west-1"],
    ]);
    expect(section(markdown, "golden")).toContain(
      "| `222222222222` | account | `eu-west-1` | `aws_ami_copy.golden_2-0-0_eu-west-1` | `aws_ami_launch_permission.golden_2-0-0_eu-west-1_222222222222` |",
    );
    expect(section(markdown, "prod")).toContain("Not shared");
  });

  it("flags a public launch permission loudly", () => {
    const reviewed = reviewEdited("golden", (json) => {
      json.resource.aws_ami_launch_permission.everyone = {
        image_id: "${aws_ami_from_instance.golden_2-0-0.id}",
        group: "all",
      };
    });
    expect(reviewed.sharing[0]).toMatchObject({
      principalKind: "everyone",
      address: "aws_ami_launch_permission.everyone",
    });
    expect(reviewed.findings[0]).toMatchObject({ rule: "no-public-launch-permission", severity: "high" });
  });
});

describe("weakened defaults", () => {
  it("flags a higher hop limit, an unpinned base image and the default security group", () => {
    expect(
      environment("golden").findings.map((finding) => [finding.severity, finding.rule, finding.address]),
    ).toEqual([
      ["medium", "imds-hop-limit", "aws_launch_template.worker_us-east-1"],
      ["medium", "unpinned-base-image", "data.aws_ami.base"],
      ["low", "default-security-group", "aws_launch_template.worker_us-east-1"],
    ]);
    expect(environment("prod").findings).toEqual([]);
    expect(environment("lookup").findings).toEqual([
      expect.objectContaining({ rule: "unpinned-base-image", severity: "low" }),
    ]);
  });

  it.each<[string, string, (json: EditableJson) => void]>([
    [
      "imdsv2-required",
      "aws_launch_template.web_us-east-1",
      (json) => {
        json.resource.aws_launch_template["web_us-east-1"].metadata_options.http_tokens = "optional";
      },
    ],
    [
      "launch-template-ebs-encrypted",
      "aws_launch_template.web_us-east-1",
      (json) => {
        json.resource.aws_launch_template["web_us-east-1"].block_device_mappings[0].ebs.encrypted = "false";
      },
    ],
    [
      "root-volume-unmapped",
      "aws_launch_template.web_us-east-1",
      (json) => {
        delete json.resource.aws_launch_template["web_us-east-1"].block_device_mappings;
      },
    ],
    [
      "ami-copy-encrypted",
      "aws_ami_copy.golden_2-0-0_eu-west-1",
      (json) => {
        json.resource.aws_ami_copy["golden_2-0-0_eu-west-1"].encrypted = false;
      },
    ],
    [
      "copy-not-deprecated",
      "aws_ami_copy.golden_2-0-0_eu-west-1",
      (json) => {
        delete json.resource.aws_ami_copy["golden_2-0-0_eu-west-1"].deprecation_time;
      },
    ],
    [
      "snapshot-without-reboot",
      "aws_ami_from_instance.golden_2-0-0",
      (json) => {
        json.resource.aws_ami_from_instance["golden_2-0-0"].snapshot_without_reboot = true;
      },
    ],
    [
      "user-data-no-credentials",
      "aws_launch_template.web_us-east-1",
      (json) => {
        json.resource.aws_launch_template["web_us-east-1"].user_data = Buffer.from(
          "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n",
        ).toString("base64");
      },
    ],
    [
      "ami-lookup-owners",
      "data.aws_ami.base",
      (json) => {
        delete json.data.aws_ami.base.owners;
      },
    ],
    [
      "shared-with-default-key",
      "aws_ami_copy.golden_2-0-0_eu-west-1",
      (json) => {
        delete json.resource.aws_ami_copy["golden_2-0-0_eu-west-1"].kms_key_id;
      },
    ],
    [
      "public-ip",
      "aws_launch_template.web_us-east-1",
      (json) => {
        json.resource.aws_launch_template["web_us-east-1"].network_interfaces = [
          { associate_public_ip_address: true },
        ];
      },
    ],
  ])("flags %s", (rule, address, change) => {
    expect(reviewEdited("golden", change).findings).toContainEqual(
      expect.objectContaining({ rule, address }),
    );
  });

  it("flags an unprotected AMI and an unpinned base image in production", () => {
    const prod = reviewEdited("prod", (json) => {
      delete json.resource.aws_ami_copy["base_2-0-0_eu-west-1"].lifecycle.prevent_destroy;
      json["//"].environment.baseImage = { preset: "debian-12" };
    });
    expect(prod.findings.map((finding) => [finding.severity, finding.rule, finding.address])).toEqual([
      ["high", "production-image-pinned", "data.aws_ami.base_2-0-0"],
      ["medium", "image-not-protected", "aws_ami_copy.base_2-0-0_eu-west-1"],
    ]);
  });

  it("shares rule IDs with the policy guards where they check the same thing, so one waiver covers both", () => {
    const guardIds = GUARD_RULES.map((rule) => rule.id);
    for (const id of [
      RULES.imdsv2Required.id,
      RULES.launchTemplateEbsEncrypted.id,
      RULES.amiCopyEncrypted.id,
      RULES.noPublicLaunchPermission.id,
      RULES.amiLookupOwners.id,
      RULES.productionImagePinned.id,
      RULES.userDataNoCredentials.id,
    ]) {
      expect(guardIds).toContain(id);
    }
  });

  it("shows the environment's waivers, marks the findings they waive and the waivers that waive nothing", () => {
    const waived = reviewEdited("golden", (json) => {
      json["//"].environment.waivers = [
        { rule: "imds-hop-limit", reason: "the worker runs containers that need the instance role" },
        { rule: "imdsv2-required", reason: "kept from an older template" },
      ];
    });
    expect(waived.findings.find((finding) => finding.rule === "imds-hop-limit")?.waiver).toBe(
      "the worker runs containers that need the instance role",
    );
    expect(waived.waivers.map((waiver) => waiver.rule)).toEqual(["imds-hop-limit", "imdsv2-required"]);
    const text = renderMarkdown({ formatVersion: 1, environments: [waived] });
    expect(text).toContain("waived: the worker runs containers that need the instance role");
    expect(text).toContain("### Waivers");
    expect(text).toContain(
      "| `imdsv2-required` | kept from an older template | no finding (stale waiver?) |",
    );
  });
});

describe("stacks the review did not write", () => {
  it("falls back on providers and lifecycle when the stack has no recorded environment", () => {
    const strip = (json: EditableJson) => delete json["//"].environment;
    const golden = reviewEdited("golden", strip);
    expect(golden).toMatchObject({
      account: "111111111111",
      homeRegion: "us-east-1",
      production: false,
      productionInferred: true,
      baseImage: { kind: "lookup", pinned: false },
    });
    const prod = reviewEdited("prod", strip);
    expect(prod).toMatchObject({
      production: true,
      productionInferred: true,
      baseImage: { summary: "lookup web-2.0.0", pinned: true },
    });
    expect(reviewEdited("pinned", strip).baseImage).toMatchObject({ kind: "imageId", pinned: true });
  });

  it("lists resources of other types and reads hand-written templates without failing", () => {
    const reviewed = reviewEdited("pinned", (json) => {
      json.resource = {
        ...json.resource,
        aws_s3_bucket: { logs: { bucket: "example-logs" } },
        aws_launch_template: {
          ...json.resource.aws_launch_template,
          custom: {
            image_id: "ami-0abcdef1234567890",
            user_data: "${base64encode(local.script)}",
            description: "pipes | and `ticks`\nand a new line",
          },
        },
      };
    });
    expect(reviewed.otherBlocks).toEqual(["aws_s3_bucket.logs"]);
    const custom = reviewed.launchTemplates.find(
      (template) => template.address === "aws_launch_template.custom",
    );
    expect(custom).toMatchObject({
      image: "ami-0abcdef1234567890",
      imageAddress: undefined,
      metadata: { tokens: "optional", defaulted: true },
      userDataProblem: "computed at plan time: base64encode(local.script)",
    });
    expect(
      reviewed.findings
        .filter((finding) => finding.address === "aws_launch_template.custom")
        .map((f) => f.rule),
    ).toEqual(["imdsv2-required", "root-volume-unmapped", "default-security-group", "user-data-unreadable"]);
    const text = renderMarkdown({ formatVersion: 1, environments: [reviewed] });
    expect(text).toContain("Not described above, listed so that nothing goes unseen: `aws_s3_bucket.logs`.");
    // Every table row has as many cells as its header.
    for (const table of text.split("\n\n").filter((block) => block.startsWith("| "))) {
      const counts = table.split("\n").map((row) => row.replace(/\\\|/g, "").split("|").length);
      expect(new Set(counts).size).toBe(1);
    }
  });
});

describe("determinism", () => {
  /** The same JSON with every object's keys in reverse order. */
  function reverseKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reverseKeys);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reverseKeys(item)]),
    );
  }

  it("renders byte-identical Markdown and JSON for the same stacks, whatever their key order", () => {
    const again = renderMarkdown(reviewOf(stacks));
    expect(again).toBe(markdown);
    const shuffled = Object.fromEntries(
      Object.entries(stacks)
        .reverse()
        .map(([name, json]) => [name, reverseKeys(json) as JsonObject]),
    );
    expect(renderMarkdown(reviewOf(shuffled))).toBe(markdown);
    expect(renderJson(reviewOf(shuffled))).toBe(renderJson(review));
  });

  it("holds no absolute path and no time", () => {
    expect(markdown).not.toMatch(/\/tmp\/|\/home\/|\/work\/|[A-Z]:\\/);
    expect(markdown).not.toMatch(/\b20\d\d-\d\d-\d\dT(?!00:00:00Z)/);
  });

  it("offers the same content as JSON", () => {
    const json = JSON.parse(renderJson(review)) as Review;
    expect(json).toEqual(JSON.parse(JSON.stringify(review)));
    expect(json.environments.map((entry) => entry.name)).toEqual([
      "golden",
      "lookup",
      "pinned",
      "prod",
      "prod-golden",
      "ssm",
    ]);
    expect(json.environments[0].mermaid).toMatch(/^flowchart LR\n/);
  });
});
