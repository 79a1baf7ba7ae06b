import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { EnvironmentConfig } from "../modules";
import { renderMarkdown } from "../tools/review/render-markdown";
import { refusesImageRemoval } from "../tools/review/review";
import type { EnvironmentChanges, EnvironmentReview, Review } from "../tools/review/review-model";
import { type Stacks, edit, reviewOf, synthStacks } from "./fixtures/review/stacks";

const KEYS = {
  devEu: "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111",
  stagingHome: "arn:aws:kms:us-east-1:222222222222:key/22222222-2222-4222-8222-222222222221",
  prodHome: "arn:aws:kms:us-east-1:333333333333:key/33333333-3333-4333-8333-333333333330",
};

type Versions = Record<string, { sourceInstanceId: string; retired?: boolean }>;
const V = {
  "1.3.0": { sourceInstanceId: "i-0aaaabbbbccccdddd" },
  "1.4.0": { sourceInstanceId: "i-0123456789abcdef0" },
  "1.5.0": { sourceInstanceId: "i-0fedcba9876543210" },
  "1.6.0": { sourceInstanceId: "i-0bbbbccccddddeeee" },
};

function dev(
  versions: Versions,
  current: string,
  overrides: Partial<EnvironmentConfig> = {},
): EnvironmentConfig {
  return {
    account: "111111111111",
    region: "us-east-1",
    baseImage: { preset: "ubuntu-22.04" },
    goldenImage: { name: "web", versions, current },
    copies: [{ region: "eu-west-1", kmsKeyId: KEYS.devEu }],
    sharing: { accountIds: ["222222222222", "333333333333"] },
    launchTemplates: { web: { instanceType: "t3.micro" } },
    ...overrides,
  };
}

function consumer(
  account: string,
  homeKey: string,
  promoted: { version: string; keep?: string[]; retired?: string[] },
  overrides: Partial<EnvironmentConfig> = {},
): EnvironmentConfig {
  return {
    account,
    region: "us-east-1",
    baseImage: { promoted: { name: "web", ownerAccount: "111111111111", ...promoted } },
    homeRegionCopy: { kmsKeyId: homeKey },
    launchTemplates: { web: { instanceType: "t3.small" } },
    ...overrides,
  };
}

const staging = (promoted: { version: string; keep?: string[] }) =>
  consumer("222222222222", KEYS.stagingHome, promoted);
const prod = (
  promoted: { version: string; keep?: string[]; retired?: string[] },
  allowImageRemoval?: boolean,
) =>
  consumer("333333333333", KEYS.prodHome, promoted, {
    production: true,
    ...(allowImageRemoval ? { allowImageRemoval } : {}),
  });

const BASE = synthStacks({
  dev: dev({ "1.3.0": V["1.3.0"], "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"] }, "1.5.0"),
  staging: staging({ version: "1.5.0", keep: ["1.4.0"] }),
  prod: prod({ version: "1.4.0", keep: ["1.5.0"] }),
});

function environment(review: Review, name: string): EnvironmentReview {
  const found = review.environments.find((entry) => entry.name === name);
  if (!found) throw new Error(`no environment ${name}`);
  return found;
}

function changesOf(review: Review, name: string): EnvironmentChanges {
  const found = review.comparison?.environments.find((entry) => entry.name === name);
  if (!found) throw new Error(`no changes of ${name}`);
  return found;
}

/** The base with some environments synthesized anew. */
function withChanged(configs: Record<string, EnvironmentConfig>): Stacks {
  return { ...BASE, ...synthStacks(configs) };
}

describe("versions of each environment", () => {
  const review = reviewOf(BASE);

  it("lists each kept version in each region, and which one is current", () => {
    expect(environment(review, "dev").versions).toEqual({
      image: "web",
      kind: "golden",
      current: "1.5.0",
      kept: ["1.3.0", "1.4.0", "1.5.0"],
      retiring: [],
      entries: [
        {
          region: "us-east-1",
          version: "1.3.0",
          address: "aws_ami_from_instance.golden_1-3-0",
          current: false,
        },
        {
          region: "us-east-1",
          version: "1.4.0",
          address: "aws_ami_from_instance.golden_1-4-0",
          current: false,
        },
        {
          region: "us-east-1",
          version: "1.5.0",
          address: "aws_ami_from_instance.golden_1-5-0",
          current: true,
        },
        {
          region: "eu-west-1",
          version: "1.3.0",
          address: "aws_ami_copy.golden_1-3-0_eu-west-1",
          current: false,
        },
        {
          region: "eu-west-1",
          version: "1.4.0",
          address: "aws_ami_copy.golden_1-4-0_eu-west-1",
          current: false,
        },
        {
          region: "eu-west-1",
          version: "1.5.0",
          address: "aws_ami_copy.golden_1-5-0_eu-west-1",
          current: true,
        },
      ],
    });
    expect(environment(review, "prod").versions?.entries).toEqual([
      { region: "us-east-1", version: "1.4.0", address: "aws_ami_copy.base_1-4-0_us-east-1", current: true },
      { region: "us-east-1", version: "1.5.0", address: "aws_ami_copy.base_1-5-0_us-east-1", current: false },
    ]);
  });

  it("shows them in a Versions section", () => {
    const markdown = renderMarkdown(review);
    const devSection = markdown.slice(markdown.indexOf("## `dev`"), markdown.indexOf("## `prod`"));
    expect(devSection).toContain(
      "### Versions\n\n`web` (baked here): launch templates boot `1.5.0`; kept: `1.3.0`, `1.4.0`, `1.5.0`.\n\n| Region | Version | Status | AMI |",
    );
    expect(devSection).toContain(
      "| `eu-west-1` | `1.5.0` | **current** | `aws_ami_copy.golden_1-5-0_eu-west-1` |",
    );
    expect(devSection).toContain("| `us-east-1` | `1.4.0` | kept | `aws_ami_from_instance.golden_1-4-0` |");
    expect(markdown).toContain("`web` (promoted): launch templates boot `1.4.0`; kept: `1.4.0`, `1.5.0`.");
  });
});

describe("a version retired", () => {
  const head = withChanged({
    dev: dev(
      { "1.3.0": { ...V["1.3.0"], retired: true }, "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"] },
      "1.5.0",
    ),
  });
  const review = reviewOf(head, BASE);
  const changes = changesOf(review, "dev");

  it("deregisters exactly its AMIs, each explained by the marker, and passes the gate", () => {
    expect(changes.versions).toMatchObject({
      added: [],
      kept: ["1.4.0", "1.5.0"],
      retired: ["1.3.0"],
      dropped: [],
    });
    expect(changes.deregistrations).toEqual([
      {
        address: "aws_ami_copy.golden_1-3-0_eu-west-1",
        action: "destroy",
        region: "eu-west-1",
        name: "web-1.3.0",
        version: "1.3.0",
        explainedBy: "version 1.3.0 is retired",
      },
      {
        address: "aws_ami_from_instance.golden_1-3-0",
        action: "destroy",
        region: "us-east-1",
        name: "web-1.3.0",
        version: "1.3.0",
        explainedBy: "version 1.3.0 is retired",
      },
    ]);
    expect(review.comparison?.refusedImageRemovals).toEqual([]);
    expect(refusesImageRemoval(review)).toBe(false);
  });

  it("says so loudly, one line per AMI, and in the environment's Versions section", () => {
    const markdown = renderMarkdown(review);
    expect(markdown).toContain("- **Versions of `web`:** kept `1.4.0`, `1.5.0`; retired `1.3.0`.\n");
    expect(markdown).toContain(
      "- 🛑 **AMI DEREGISTERED** `web-1.3.0` in `us-east-1` (`aws_ami_from_instance.golden_1-3-0`), with its snapshots: version 1.3.0 is retired\n",
    );
    expect(markdown).toContain(
      "- 🛑 **AMI DEREGISTERED** `web-1.3.0` in `eu-west-1` (`aws_ami_copy.golden_1-3-0_eu-west-1`), with its snapshots: version 1.3.0 is retired\n",
    );
    expect(environment(review, "dev").versions?.retiring).toEqual(["1.3.0"]);
    expect(markdown).toContain(
      "🛑 **Retiring** `web 1.3.0`: its AMIs are deregistered, and their snapshots deleted, when this change is applied; then its entry can go.",
    );
  });

  it("draws the removed AMIs in the lineage, marked, with a diagram Mermaid parses", () => {
    const lineage = environment(review, "dev").lineage;
    expect(lineage.nodes.filter((node) => node.change).map((node) => [node.address, node.change])).toEqual([
      ["aws_ami_copy.golden_1-3-0_eu-west-1", "removed"],
      ["aws_ami_from_instance.golden_1-3-0", "removed"],
    ]);
    const mermaid = environment(review, "dev").mermaid;
    expect(mermaid).toContain("  classDef removed ");
    const [parsed] = parseMermaid([mermaid]);
    expect(parsed.ok).toBe(true);
    const removed = lineage.nodes.filter((node) => node.change === "removed").map((node) => node.id);
    for (const id of removed)
      expect(parsed.vertices.find((vertex) => vertex.id === id)?.classes).toEqual(["removed"]);
  });

  it("refuses the same change in production without allowImageRemoval, and accepts it with it", () => {
    const retired = withChanged({ prod: prod({ version: "1.4.0", retired: ["1.5.0"] }) });
    const refused = reviewOf(retired, BASE);
    expect(changesOf(refused, "prod").deregistrations).toEqual([
      expect.objectContaining({
        address: "aws_ami_copy.base_1-5-0_us-east-1",
        explainedBy: "version 1.5.0 is retired",
        refusedBecause: "a production environment deregisters AMIs only with allowImageRemoval: true",
      }),
    ]);
    expect(refused.comparison?.refusedImageRemovals).toEqual([
      "prod: aws_ami_copy.base_1-5-0_us-east-1 (destroy): a production environment deregisters AMIs only with allowImageRemoval: true",
    ]);
    const allowed = reviewOf(
      withChanged({ prod: prod({ version: "1.4.0", retired: ["1.5.0"] }, true) }),
      BASE,
    );
    expect(allowed.comparison?.refusedImageRemovals).toEqual([]);
    expect(changesOf(allowed, "prod").idleAllowImageRemoval).toBe(false);
  });

  it("notes an allowImageRemoval that removes nothing", () => {
    const idle = reviewOf(withChanged({ prod: prod({ version: "1.4.0", keep: ["1.5.0"] }, true) }), BASE);
    expect(changesOf(idle, "prod").idleAllowImageRemoval).toBe(true);
    expect(renderMarkdown(idle)).toContain(
      "- `allowImageRemoval: true` is set but this change deregisters nothing: remove it.",
    );
  });

  it("refuses a version dropped without a retired marker", () => {
    const dropped = reviewOf(
      withChanged({ dev: dev({ "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"] }, "1.5.0") }),
      BASE,
    );
    expect(changesOf(dropped, "dev").versions?.dropped).toEqual(["1.3.0"]);
    expect(dropped.comparison?.refusedImageRemovals).toEqual([
      "dev: aws_ami_copy.golden_1-3-0_eu-west-1 (destroy): no retired marker explains it (mark its version or region retired: true, or set allowImageRemoval: true)",
      "dev: aws_ami_from_instance.golden_1-3-0 (destroy): no retired marker explains it (mark its version or region retired: true, or set allowImageRemoval: true)",
    ]);
    expect(renderMarkdown(dropped)).toContain("**dropped without a retired marker** `1.3.0`");
  });
});

describe("rollback, promotion and a new version", () => {
  it("marks a rollback, which changes only launch templates and outputs", () => {
    const review = reviewOf(
      withChanged({ dev: dev({ "1.3.0": V["1.3.0"], "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"] }, "1.4.0") }),
      BASE,
    );
    const changes = changesOf(review, "dev");
    expect(changes.versions).toMatchObject({
      currentBefore: "1.5.0",
      currentAfter: "1.4.0",
      currentMove: "rollback",
    });
    expect(
      changes.blocks
        .filter((block) => !block.address.startsWith("output."))
        .map((block) => [block.address, block.action]),
    ).toEqual([
      ["aws_launch_template.web_eu-west-1", "update"],
      ["aws_launch_template.web_us-east-1", "update"],
    ]);
    expect(changes.deregistrations).toEqual([]);
    expect(renderMarkdown(review)).toContain(
      "- **Current:** `1.5.0` → `1.4.0` (**rollback**): launch templates boot `1.4.0`.",
    );
  });

  it("names the consumers a publisher's change affects, and the publisher in each consumer's section", () => {
    const review = reviewOf(
      withChanged({
        dev: dev(
          { "1.3.0": V["1.3.0"], "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"], "1.6.0": V["1.6.0"] },
          "1.6.0",
        ),
        staging: staging({ version: "1.6.0", keep: ["1.5.0"] }),
      }),
      BASE,
    );
    const devChanges = changesOf(review, "dev");
    expect(devChanges.versions).toMatchObject({ added: ["1.6.0"], currentMove: "promotion" });
    expect(devChanges.deregistrations).toEqual([]);
    expect(
      devChanges.blocks
        .filter((block) => /^aws_ami(_copy|_from_instance)\./.test(block.address))
        .map((block) => [block.address, block.action]),
    ).toEqual([
      ["aws_ami_copy.golden_1-6-0_eu-west-1", "create"],
      ["aws_ami_from_instance.golden_1-6-0", "create"],
    ]);
    expect(devChanges.related).toEqual([
      { environment: "prod", role: "consumer", note: "runs web 1.4.0, keeps 1.5.0" },
      { environment: "staging", role: "consumer", note: "runs web 1.6.0 (was 1.5.0), keeps 1.5.0" },
    ]);
    expect(changesOf(review, "staging").related).toEqual([
      {
        environment: "dev",
        role: "publisher",
        note: "bakes web: keeps 1.3.0, 1.4.0, 1.5.0, 1.6.0, runs 1.6.0",
      },
    ]);
    const markdown = renderMarkdown(review);
    expect(markdown).toContain("- **Consumer** `staging`: runs web 1.6.0 (was 1.5.0), keeps 1.5.0.");
    expect(markdown).toContain(
      "- **Publisher** `dev`: bakes web: keeps 1.3.0, 1.4.0, 1.5.0, 1.6.0, runs 1.6.0.",
    );
    // Prod does not change, but its publisher does: its section says so.
    expect(markdown).toContain(
      "### `prod` — production (0 to create, 0 to update, 0 to replace, 0 to destroy)",
    );
    const lineage = environment(review, "dev").lineage;
    expect(lineage.nodes.filter((node) => node.change === "added").map((node) => node.address)).toEqual([
      "aws_ami_from_instance.golden_1-6-0",
      "aws_ami_copy.golden_1-6-0_eu-west-1",
    ]);
  });
});

describe("regions", () => {
  it("retires a region: its copies go, explained, and its provider stays", () => {
    const review = reviewOf(
      withChanged({
        dev: dev({ "1.3.0": V["1.3.0"], "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"] }, "1.5.0", {
          copies: [{ region: "eu-west-1", kmsKeyId: KEYS.devEu, retired: true }],
        }),
      }),
      BASE,
    );
    const changes = changesOf(review, "dev");
    expect(changes.deregistrations.map((removal) => [removal.address, removal.explainedBy])).toEqual([
      ["aws_ami_copy.golden_1-3-0_eu-west-1", "region eu-west-1 is retired"],
      ["aws_ami_copy.golden_1-4-0_eu-west-1", "region eu-west-1 is retired"],
      ["aws_ami_copy.golden_1-5-0_eu-west-1", "region eu-west-1 is retired"],
    ]);
    expect(changes.orphanedRegions).toEqual([]);
    expect(changes.blocks.find((block) => block.address === "provider.aws.eu-west-1")).toBeUndefined();
    expect(review.comparison?.refusedImageRemovals).toEqual([]);
    expect(environment(review, "dev").retiringRegions).toEqual(["eu-west-1"]);
    expect(renderMarkdown(review)).toContain("🛑 **Retiring region** `eu-west-1`");
  });

  it("says loudly when a region's provider goes while the base still has resources there", () => {
    const review = reviewOf(
      withChanged({
        dev: dev({ "1.3.0": V["1.3.0"], "1.4.0": V["1.4.0"], "1.5.0": V["1.5.0"] }, "1.5.0", { copies: [] }),
      }),
      BASE,
    );
    const [orphan] = changesOf(review, "dev").orphanedRegions;
    expect(orphan).toMatchObject({ region: "eu-west-1", provider: "provider.aws.eu-west-1" });
    expect(orphan.resources).toContain("aws_ami_copy.golden_1-5-0_eu-west-1");
    expect(orphan.resources).toContain("aws_launch_template.web_eu-west-1");
    expect(refusesImageRemoval(review)).toBe(true);
    expect(renderMarkdown(review)).toContain(
      "- ⛔ **PROVIDER REMOVED** `provider.aws.eu-west-1` while the base still has ",
    );
    expect(renderMarkdown(review)).toContain(
      "Keep the copy entry with `retired: true` until that change is applied",
    );
  });
});

describe("state from before versions", () => {
  it("moves today's addresses to the oldest kept version: nothing deregistered, nothing created", () => {
    const head = synthStacks({ prod: prod({ version: "1.4.0" }) });
    // The stack as synthesized before versions: the same resources at unversioned addresses.
    const before = edit(head.prod, (json) => {
      delete json.moved;
      delete json["//"].environment.imageVersions;
    });
    const today = JSON.parse(JSON.stringify(before).replace(/base_1-4-0/g, "base"));
    const review = reviewOf(head, { prod: today });
    const changes = changesOf(review, "prod");
    expect(
      changes.blocks
        .filter((block) => !block.address.startsWith("output."))
        .map((block) => [block.address, block.action, block.movedFrom]),
    ).toEqual([
      ["aws_ami_copy.base_1-4-0_us-east-1", "move", "aws_ami_copy.base_us-east-1"],
      ["data.aws_ami.base_1-4-0", "move", "data.aws_ami.base"],
    ]);
    expect(changes.deregistrations).toEqual([]);
    expect(changes.counts).toEqual({ create: 0, update: 0, replace: 0, destroy: 0 });
    // The base recorded no versions: its one version is read from what it promotes.
    expect(changes.versions).toMatchObject({ added: [], kept: ["1.4.0"], retired: [], dropped: [] });
  });
});

describe("KMS keys of another account", () => {
  it("are a finding of the review", () => {
    const foreign = "arn:aws:kms:us-east-1:999999999999:key/99999999-9999-4999-8999-999999999999";
    const review = reviewOf(
      synthStacks({ staging: consumer("222222222222", foreign, { version: "1.5.0" }) }),
    );
    expect(environment(review, "staging").findings).toContainEqual({
      rule: "cross-account-kms-key",
      severity: "low",
      address: "aws_ami_copy.base_1-5-0_us-east-1",
      message:
        "encrypts with a KMS key of account 999999999999, not the environment's 222222222222: a KMS key of another account encrypts only when its key policy grants the environment's account",
    });
  });
});

/** Parses diagrams with the real Mermaid parser. */
function parseMermaid(
  texts: string[],
): Array<{ ok: boolean; vertices: Array<{ id: string; classes: string[] }> }> {
  const script = path.resolve(__dirname, "../tools/review/mermaid-parse.mjs");
  return JSON.parse(
    execFileSync(process.execPath, [script], { input: JSON.stringify(texts), encoding: "utf8" }),
  );
}
