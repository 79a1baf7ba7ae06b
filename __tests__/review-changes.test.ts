import { renderMarkdown } from "../tools/review/render-markdown";
import { replacesProductionImages } from "../tools/review/review";
import type { BlockChange, Comparison, EnvironmentChanges } from "../tools/review/review-model";
import { unifiedDiff } from "../tools/review/unified-diff";
import {
  GOLDEN,
  PROD,
  PROD_GOLDEN,
  SSM,
  WEB_SCRIPT,
  type EditableJson,
  type Stacks,
  edit,
  reviewOf,
  synthStacks,
} from "./fixtures/review/stacks";

const base = synthStacks({ golden: GOLDEN, prod: PROD, "prod-golden": PROD_GOLDEN });
const bumped = synthStacks({
  "prod-golden": { ...PROD_GOLDEN, goldenImage: { ...PROD_GOLDEN.goldenImage!, version: "1.1.0" } },
  golden: {
    ...GOLDEN,
    launchTemplates: {
      ...GOLDEN.launchTemplates,
      web: {
        ...GOLDEN.launchTemplates!.web,
        userData: WEB_SCRIPT.replace("restart web.service", "restart web.service nginx.service"),
      },
    },
  },
  ssm: SSM,
});

function compare(head: Stacks, from: Stacks = base): Comparison {
  const comparison = reviewOf(head, from).comparison;
  if (!comparison) throw new Error("no comparison");
  return comparison;
}

function changesOf(comparison: Comparison, name: string): EnvironmentChanges {
  const found = comparison.environments.find((environment) => environment.name === name);
  if (!found) throw new Error(`no environment ${name}`);
  return found;
}

function block(changes: EnvironmentChanges, address: string): BlockChange | undefined {
  return changes.blocks.find((candidate) => candidate.address === address);
}

/** The base stacks with one stack edited. */
function edited(name: string, change: (json: EditableJson) => void): Stacks {
  return { ...base, [name]: edit(base[name], change) };
}

describe("no change", () => {
  it("reports every environment unchanged", () => {
    const comparison = compare(base);
    expect(comparison.environments.map((environment) => environment.status)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(renderMarkdown(reviewOf(base, base))).toContain("Unchanged: `golden`, `prod`, `prod-golden`.");
  });
});

describe("replacement triggers", () => {
  it.each<[string, string, (json: EditableJson) => void]>([
    [
      "name",
      "aws_ami_from_instance.golden_1-0-0",
      (json) => (json.resource.aws_ami_from_instance["golden_1-0-0"].name = "api-1.0.1"),
    ],
    [
      "source_instance_id",
      "aws_ami_from_instance.golden_1-0-0",
      (json) =>
        (json.resource.aws_ami_from_instance["golden_1-0-0"].source_instance_id = "i-0aaaaaaaaaaaaaaaa"),
    ],
    [
      "snapshot_without_reboot",
      "aws_ami_from_instance.golden_1-0-0",
      (json) => (json.resource.aws_ami_from_instance["golden_1-0-0"].snapshot_without_reboot = true),
    ],
    [
      "name",
      "aws_ami_copy.golden_1-0-0_eu-west-1",
      (json) => (json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].name = "renamed"),
    ],
    [
      "source_ami_id",
      "aws_ami_copy.golden_1-0-0_eu-west-1",
      (json) =>
        (json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].source_ami_id = "ami-0bbbbbbbbbbbbbbbb"),
    ],
    [
      "source_ami_region",
      "aws_ami_copy.golden_1-0-0_eu-west-1",
      (json) => (json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].source_ami_region = "us-east-2"),
    ],
    [
      "kms_key_id",
      "aws_ami_copy.golden_1-0-0_eu-west-1",
      (json) =>
        (json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].kms_key_id =
          "arn:aws:kms:eu-west-1:333333333333:key/33333333-3333-4333-8333-33333333333f"),
    ],
    [
      "encrypted",
      "aws_ami_copy.golden_1-0-0_eu-west-1",
      (json) => (json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].encrypted = false),
    ],
  ])("a new %s replaces %s, loudly, and fails the production gate", (attribute, address, change) => {
    const comparison = compare(edited("prod-golden", change));
    const changed = block(changesOf(comparison, "prod-golden"), address);
    expect(changed).toMatchObject({ action: "replace" });
    expect(changed?.markers).toContain("ami-replaced");
    expect(changed?.attributes).toContainEqual(
      expect.objectContaining({ path: attribute, forcesReplacement: true }),
    );
    expect(comparison.productionImageReplacements).toContain(`prod-golden: ${address} (replace)`);
    expect(replacesProductionImages(reviewOf(edited("prod-golden", change), base))).toBe(true);
  });

  it("updates in place what AWS can change: description, deprecation, tags", () => {
    const changes = changesOf(
      compare(
        edited("prod-golden", (json) => {
          const golden = json.resource.aws_ami_from_instance["golden_1-0-0"];
          golden.description = "rebuilt notes";
          golden.deprecation_time = "2030-01-01T00:00:00Z";
          golden.tags.Team = "platform";
        }),
      ),
      "prod-golden",
    );
    expect(changes.blocks).toEqual([
      expect.objectContaining({
        address: "aws_ami_from_instance.golden_1-0-0",
        action: "update",
        markers: [],
        attributes: [
          { path: "deprecation_time", after: '"2030-01-01T00:00:00Z"', forcesReplacement: false },
          expect.objectContaining({
            path: "description",
            after: '"rebuilt notes"',
            forcesReplacement: false,
          }),
          { path: "tags.Team", after: '"platform"', forcesReplacement: false },
        ],
      }),
    ]);
    expect(changes.counts).toEqual({ create: 0, update: 1, replace: 0, destroy: 0 });
  });

  it("reads a one-version bump as a new version beside the old one, whose AMIs go without a retired marker", () => {
    const comparison = compare(bumped);
    const changes = changesOf(comparison, "prod-golden");
    expect(changes.blocks.map((change) => [change.address, change.action, change.markers])).toEqual([
      ["aws_ami_copy.golden_1-0-0_eu-west-1", "destroy", ["ami-destroyed"]],
      ["aws_ami_from_instance.golden_1-0-0", "destroy", ["ami-destroyed"]],
      ["aws_launch_template.api_eu-west-1", "update", ["image-changes"]],
      ["aws_launch_template.api_us-east-1", "update", ["image-changes"]],
      ["aws_ami_copy.golden_1-1-0_eu-west-1", "create", []],
      ["aws_ami_from_instance.golden_1-1-0", "create", []],
      ["output.image_id_eu-west-1", "update", []],
      ["output.image_id_us-east-1", "update", []],
      ["output.image_ids_eu-west-1", "update", []],
      ["output.image_ids_us-east-1", "update", []],
    ]);
    expect(changes.versions).toEqual({
      image: "api",
      added: ["1.1.0"],
      kept: [],
      retired: [],
      dropped: ["1.0.0"],
      currentBefore: "1.0.0",
      currentAfter: "1.1.0",
      currentMove: "promotion",
    });
    const refusal = "a production environment deregisters AMIs only with allowImageRemoval: true";
    expect(changes.deregistrations).toEqual([
      {
        address: "aws_ami_copy.golden_1-0-0_eu-west-1",
        action: "destroy",
        region: "eu-west-1",
        name: "api-1.0.0",
        version: "1.0.0",
        refusedBecause: refusal,
      },
      {
        address: "aws_ami_from_instance.golden_1-0-0",
        action: "destroy",
        region: "us-east-1",
        name: "api-1.0.0",
        version: "1.0.0",
        refusedBecause: refusal,
      },
    ]);
    expect(comparison.productionImageReplacements).toEqual([
      "prod: environment removed with aws_ami_copy.base_2-0-0_eu-west-1, aws_ami_copy.base_2-0-0_us-west-2",
      "prod-golden: aws_ami_copy.golden_1-0-0_eu-west-1 (destroy)",
      "prod-golden: aws_ami_from_instance.golden_1-0-0 (destroy)",
    ]);
    expect(comparison.refusedImageRemovals).toEqual([
      "prod: environment removed with aws_ami_copy.base_2-0-0_eu-west-1, aws_ami_copy.base_2-0-0_us-west-2: no plan manages them any more",
      `prod-golden: aws_ami_copy.golden_1-0-0_eu-west-1 (destroy): ${refusal}`,
      `prod-golden: aws_ami_from_instance.golden_1-0-0 (destroy): ${refusal}`,
    ]);
  });

  it("replaces what a replace_triggered_by names when that changes", () => {
    const withTrigger = (json: EditableJson) => {
      json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].lifecycle.replace_triggered_by = [
        "aws_launch_template.api_us-east-1",
      ];
    };
    const triggered = edited("prod-golden", withTrigger);
    const head = {
      ...triggered,
      "prod-golden": edit(triggered["prod-golden"], (json) => {
        json.resource.aws_launch_template["api_us-east-1"].instance_type = "m7i.xlarge";
      }),
    };
    const changes = changesOf(compare(head, triggered), "prod-golden");
    const copy = block(changes, "aws_ami_copy.golden_1-0-0_eu-west-1");
    expect(copy?.action).toBe("replace");
    expect(copy?.reasons).toContain(
      "lifecycle.replace_triggered_by: aws_launch_template.api_us-east-1 changes",
    );
  });
});

describe("destroyed AMIs and launch templates with another image", () => {
  it("marks a destroyed AMI, and says that prevent_destroy goes with its block", () => {
    const comparison = compare(edited("prod-golden", (json) => delete json.resource.aws_ami_copy));
    const destroyed = block(changesOf(comparison, "prod-golden"), "aws_ami_copy.golden_1-0-0_eu-west-1");
    expect(destroyed).toMatchObject({
      action: "destroy",
      markers: ["ami-destroyed"],
      reasons: ["lifecycle.prevent_destroy does not stop this: it goes with the removed block"],
    });
    expect(comparison.productionImageReplacements).toEqual([
      "prod-golden: aws_ami_copy.golden_1-0-0_eu-west-1 (destroy)",
    ]);
  });

  it("marks a launch template whose image ID changes", () => {
    const changes = changesOf(
      compare(
        edited(
          "golden",
          (json) => (json.resource.aws_launch_template["web_us-east-1"].image_id = "ami-0aaaaaaaaaaaaaaaa"),
        ),
      ),
      "golden",
    );
    expect(block(changes, "aws_launch_template.web_us-east-1")).toMatchObject({
      action: "update",
      markers: ["image-changes"],
      attributes: [
        {
          path: "image_id",
          before: '"${aws_ami_from_instance.golden_2-0-0.id}"',
          after: '"ami-0aaaaaaaaaaaaaaaa"',
          forcesReplacement: false,
        },
      ],
    });
  });

  it("does not fail the production gate for a non-production environment, but the removal gate", () => {
    const head = edited(
      "golden",
      (json) => (json.resource.aws_ami_from_instance["golden_2-0-0"].name = "web-2.0.1"),
    );
    const comparison = compare(head);
    expect(block(changesOf(comparison, "golden"), "aws_ami_from_instance.golden_2-0-0")?.markers).toEqual([
      "ami-replaced",
    ]);
    expect(comparison.productionImageReplacements).toEqual([]);
    expect(replacesProductionImages(reviewOf(head, base))).toBe(false);
    // A replaced AMI is deregistered, and no retired marker can explain a replacement.
    const why =
      "no retired marker explains it (mark its version or region retired: true, or set allowImageRemoval: true)";
    expect(comparison.refusedImageRemovals).toEqual([
      `golden: aws_ami_copy.golden_2-0-0_eu-west-1 (replace): ${why}`,
      `golden: aws_ami_from_instance.golden_2-0-0 (replace): ${why}`,
    ]);
  });

  it("fails the production gate when the same change turns production off and replaces AMIs", () => {
    const head = edited("prod-golden", (json) => {
      json["//"].environment.production = false;
      const golden = json.resource.aws_ami_from_instance["golden_1-0-0"];
      golden.name = "api-1.1.0";
      delete golden.lifecycle.prevent_destroy;
      delete json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"].lifecycle.prevent_destroy;
    });
    const changes = changesOf(compare(head), "prod-golden");
    expect(changes.production).toBe(true);
    expect(changes.settings).toContainEqual({
      path: "production",
      before: "true",
      after: "false",
      forcesReplacement: false,
    });
    expect(compare(head).productionImageReplacements).toEqual([
      "prod-golden: aws_ami_copy.golden_1-0-0_eu-west-1 (replace)",
      "prod-golden: aws_ami_from_instance.golden_1-0-0 (replace)",
    ]);
    expect(replacesProductionImages(reviewOf(head, base))).toBe(true);
  });

  it("renames through a moved block and forgets through a removed block, destroying nothing", () => {
    const head = edited("prod-golden", (json) => {
      json.resource.aws_ami_copy.golden_eu = json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"];
      delete json.resource.aws_ami_copy["golden_1-0-0_eu-west-1"];
      json.moved = [{ from: "aws_ami_copy.golden_1-0-0_eu-west-1", to: "aws_ami_copy.golden_eu" }];
      delete json.resource.aws_launch_template["api_eu-west-1"];
      json.removed = [{ from: "aws_launch_template.api_eu-west-1", lifecycle: { destroy: false } }];
    });
    const changes = changesOf(compare(head), "prod-golden");
    expect(block(changes, "aws_ami_copy.golden_eu")).toMatchObject({
      action: "move",
      movedFrom: "aws_ami_copy.golden_1-0-0_eu-west-1",
      markers: [],
    });
    expect(block(changes, "aws_launch_template.api_eu-west-1")).toMatchObject({ action: "forget" });
    expect(changes.counts.destroy).toBe(0);
  });
});

describe("user data", () => {
  it("shows a changed script as a unified diff of the decoded text", () => {
    const changes = changesOf(compare(bumped), "golden");
    const template = block(changes, "aws_launch_template.web_us-east-1");
    expect(template?.attributes).toEqual([
      expect.objectContaining({
        path: "user_data",
        before: expect.stringMatching(/^sha256:[0-9a-f]{12} \(110 bytes\)$/),
      }),
    ]);
    expect(template?.markers).toEqual([]);
    expect(template?.userDataDiff).toBe(
      [
        "--- aws_launch_template.web_us-east-1 (base)",
        "+++ aws_launch_template.web_us-east-1",
        "@@ -1,4 +1,4 @@",
        " #!/bin/bash",
        " set -euo pipefail",
        ' echo "web <b>ready</b> & | `date` #1" > /etc/motd',
        "-systemctl restart web.service",
        "+systemctl restart web.service nginx.service",
      ].join("\n"),
    );
    const markdown = renderMarkdown(reviewOf(bumped, base));
    // The same change in two templates is shown once.
    const eu = block(changes, "aws_launch_template.web_eu-west-1");
    expect(markdown).toContain(
      `User data of \`aws_launch_template.web_eu-west-1\`, \`aws_launch_template.web_us-east-1\`, decoded:\n\n\`\`\`diff\n${eu?.userDataDiff}\n\`\`\``,
    );
    expect(markdown.match(/```diff/g)).toHaveLength(1);
  });

  it("writes hunks as diff -u does, with context and line numbers", () => {
    const before = Array.from({ length: 20 }, (_, n) => `line ${n + 1}`).join("\n");
    const after = before.replace("line 3\n", "").replace("line 18", "line eighteen");
    expect(unifiedDiff(before, after, "a", "b")).toBe(
      [
        "--- a",
        "+++ b",
        "@@ -1,6 +1,5 @@",
        " line 1",
        " line 2",
        "-line 3",
        " line 4",
        " line 5",
        " line 6",
        "@@ -15,6 +14,6 @@",
        " line 15",
        " line 16",
        " line 17",
        "-line 18",
        "+line eighteen",
        " line 19",
        " line 20",
      ].join("\n"),
    );
    expect(unifiedDiff("same\n", "same\n", "a", "b")).toBe("");
    expect(unifiedDiff("", "new\n", "a", "b")).toBe("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+new");
  });
});

describe("environments added and removed", () => {
  it("lists added and removed environments; a removed one leaves its resources in AWS", () => {
    const comparison = compare(bumped);
    expect(comparison.addedEnvironments).toEqual(["ssm"]);
    expect(comparison.removedEnvironments).toEqual(["prod"]);
    expect(changesOf(comparison, "ssm")).toMatchObject({
      status: "added",
      counts: { create: 1, update: 0, replace: 0, destroy: 0 },
    });
    const removed = changesOf(comparison, "prod");
    expect(removed).toMatchObject({ status: "removed", production: true, blocks: [] });
    expect(removed.orphanedResources).toEqual([
      "aws_ami_copy.base_2-0-0_eu-west-1",
      "aws_ami_copy.base_2-0-0_us-west-2",
      "aws_launch_template.web_eu-west-1",
      "aws_launch_template.web_us-east-1",
      "aws_launch_template.web_us-west-2",
    ]);
    expect(comparison.productionImageReplacements).toContain(
      "prod: environment removed with aws_ami_copy.base_2-0-0_eu-west-1, aws_ami_copy.base_2-0-0_us-west-2",
    );
    const markdown = renderMarkdown(reviewOf(bumped, base));
    expect(markdown).toContain("**Environments added:** `ssm`.");
    expect(markdown).toContain("**Environments removed:** `prod`.");
    expect(markdown).toContain("### `prod` — production: environment removed");
  });

  it("shows changes of the environment's own settings", () => {
    const comparison = compare(
      edited("golden", (json) => {
        json["//"].environment.production = true;
        json.terraform.backend = {
          s3: { bucket: "b", key: "k", region: "us-east-1", encrypt: true, use_lockfile: true },
        };
      }),
    );
    expect(changesOf(comparison, "golden").settings).toEqual([
      { path: "production", before: "false", after: "true", forcesReplacement: false },
      {
        path: "backend",
        before: '"local: terraform.golden.tfstate"',
        after: '"s3: b/k (us-east-1, encrypted, S3 lock file)"',
        forcesReplacement: false,
      },
    ]);
  });
});

describe("Changes section", () => {
  it("opens the review, with a loud alert and markers on the right lines", () => {
    const markdown = renderMarkdown(reviewOf(bumped, base));
    const changes = markdown.slice(markdown.indexOf("## Changes"), markdown.indexOf("\n## `"));
    expect(markdown.indexOf("## Changes")).toBeLessThan(markdown.indexOf("\n## `"));
    expect(changes).toContain("Compared with the base.");
    expect(changes).toContain(
      "> [!CAUTION]\n> 🛑 **Production AMIs replaced or destroyed.** Instances launched afterwards boot new image IDs; images that are gone cannot be launched.\n> - `prod: environment removed with aws_ami_copy.base_2-0-0_eu-west-1, aws_ami_copy.base_2-0-0_us-west-2`",
    );
    expect(changes).toContain(
      "- 🛑 **AMI DESTROYED** `aws_ami_from_instance.golden_1-0-0`: **destroy**\n  - because lifecycle.prevent_destroy does not stop this: it goes with the removed block\n",
    );
    expect(changes).toContain(
      "- 🛑 **AMI DEREGISTERED** `api-1.0.0` in `us-east-1` (`aws_ami_from_instance.golden_1-0-0`), with its snapshots — ⛔ **refused by the gate**: a production environment deregisters AMIs only with allowImageRemoval: true\n",
    );
    expect(changes).toContain(
      "- **Versions of `api`:** added `1.1.0`; **dropped without a retired marker** `1.0.0`.\n",
    );
    expect(changes).toContain("> ⛔ **AMI deregistrations refused by the gate**");
    expect(changes).toContain(
      "- ⚠️ **NEW IMAGE FOR INSTANCES** `aws_launch_template.api_us-east-1`: new version",
    );
    expect(changes).toContain(
      "### `prod-golden` — production (2 to create, 2 to update, 0 to replace, 2 to destroy)",
    );
  });
});
