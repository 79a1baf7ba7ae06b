import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { escapeLabel, renderFlowchart, safeId } from "../tools/review/mermaid";
import type { EnvironmentReview, LineageGraph } from "../tools/review/review-model";
import {
  GOLDEN,
  LOOKUP,
  PINNED,
  PROD,
  SSM,
  SSM_PATH,
  edit,
  reviewOf,
  synthStacks,
} from "./fixtures/review/stacks";

const stacks = synthStacks({ golden: GOLDEN, prod: PROD, ssm: SSM, lookup: LOOKUP, pinned: PINNED });
const review = reviewOf(stacks);

function environment(name: string): EnvironmentReview {
  const found = review.environments.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no environment ${name} in the review`);
  return found;
}

/** Edges as `from -> to` between node addresses (or first label lines), dotted ones as `-.->`. */
function edgesOf(graph: LineageGraph): string[] {
  const name = (id: string) => {
    const node = graph.nodes.find((candidate) => candidate.id === id);
    return node?.address ?? node?.lines.join(" ") ?? id;
  };
  return graph.edges.map(
    (edge) =>
      `${name(edge.from)} ${edge.style === "dotted" ? "-.->" : "->"} ${name(edge.to)}${edge.label ? ` (${edge.label})` : ""}`,
  );
}

describe("lineage graph", () => {
  it("draws base source -> lookup -> golden image -> copy -> launch templates, principals on the side", () => {
    expect(edgesOf(environment("golden").lineage)).toEqual([
      "base image source preset ubuntu-24.04 (arm64) owners 099720109477 newest match -> data.aws_ami.base",
      "data.aws_ami.base -.-> aws_ami_from_instance.golden_2-0-0 (builder i-0123456789abcdef0)",
      "data.aws_ami.base -> aws_launch_template.worker_us-east-1",
      "aws_ami_from_instance.golden_2-0-0 -> aws_ami_copy.golden_2-0-0_eu-west-1",
      "aws_ami_from_instance.golden_2-0-0 -> aws_launch_template.web_us-east-1",
      "aws_ami_from_instance.golden_2-0-0 -.-> account 222222222222 (may launch)",
      "aws_ami_from_instance.golden_2-0-0 -.-> organization arn:aws:organizations::111111111111:organization/o-exampleorg1 (may launch)",
      "aws_ami_from_instance.golden_2-0-0 -.-> organizational unit arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-cdef3456 (may launch)",
      "aws_ami_copy.golden_2-0-0_eu-west-1 -> aws_launch_template.web_eu-west-1",
      "aws_ami_copy.golden_2-0-0_eu-west-1 -.-> account 222222222222 (may launch)",
      "aws_ami_copy.golden_2-0-0_eu-west-1 -.-> organization arn:aws:organizations::111111111111:organization/o-exampleorg1 (may launch)",
      "aws_ami_copy.golden_2-0-0_eu-west-1 -.-> organizational unit arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-cdef3456 (may launch)",
    ]);
  });

  it("labels copies with their KMS key and the golden image with its name, builder and deprecation", () => {
    const nodes = environment("golden").lineage.nodes;
    expect(nodes.find((node) => node.kind === "golden")?.lines).toEqual([
      "aws_ami_from_instance.golden_2-0-0",
      "web-2.0.0",
      "from instance i-0123456789abcdef0",
      "deprecated 2027-06-30T00:00:00Z",
    ]);
    expect(nodes.find((node) => node.kind === "copy")?.lines).toEqual([
      "aws_ami_copy.golden_2-0-0_eu-west-1",
      "web-2.0.0",
      "KMS key/11111111-1111-4111-8111-111111111111",
      "deprecated 2027-06-30T00:00:00Z",
    ]);
  });

  it("draws a promoted image copied to each region, with the launch templates of each region", () => {
    expect(edgesOf(environment("prod").lineage)).toEqual([
      "base image source promoted web 2.0.0 AMI web-2.0.0 of account 111111111111 -> data.aws_ami.base_2-0-0",
      "data.aws_ami.base_2-0-0 -> aws_ami_copy.base_2-0-0_eu-west-1",
      "data.aws_ami.base_2-0-0 -> aws_ami_copy.base_2-0-0_us-west-2",
      "data.aws_ami.base_2-0-0 -> aws_launch_template.web_us-east-1",
      "aws_ami_copy.base_2-0-0_eu-west-1 -> aws_launch_template.web_eu-west-1",
      "aws_ami_copy.base_2-0-0_us-west-2 -> aws_launch_template.web_us-west-2",
    ]);
  });

  it("draws an SSM parameter between the source and what reads its value", () => {
    // The template boots the parameter's value; the lookup gives its root device name.
    expect(edgesOf(environment("ssm").lineage)).toEqual([
      `base image source SSM parameter ${SSM_PATH} -> data.aws_ssm_parameter.base`,
      "data.aws_ssm_parameter.base -> data.aws_ami.base",
      "data.aws_ssm_parameter.base -> aws_launch_template.app_eu-west-1",
    ]);
  });

  it("draws pinned and looked-up sources, and an image the stack does not know", () => {
    expect(edgesOf(environment("lookup").lineage)).toEqual([
      "base image source lookup base-* owners self, amazon newest match -> data.aws_ami.base",
    ]);
    const pinned = reviewOf({
      pinned: edit(stacks.pinned, (json) => {
        json.resource.aws_launch_template["app_us-east-1"].image_id = "ami-0abcdef1234567890";
      }),
    }).environments[0];
    expect(edgesOf(pinned.lineage)).toEqual([
      "base image source pinned ami-0123456789abcdef0 -> data.aws_ami.base",
      "image ami-0abcdef1234567890 -> aws_launch_template.app_us-east-1",
    ]);
  });
});

describe("Mermaid text", () => {
  it("escapes # first, then quotes, angle brackets, ampersands and backticks", () => {
    expect(escapeLabel('a#b "c" <d> & `e`')).toBe("a#35;b #quot;c#quot; #lt;d#gt; #amp; #96;e#96;");
  });

  it("makes safe, unique ids, never a keyword", () => {
    const taken = new Set<string>();
    expect(safeId("n", "end", taken)).toBe("n_end");
    expect(safeId("n", "a-b", taken)).toBe("n_a_b");
    expect(safeId("n", "a.b", taken)).toBe("n_a_b_2");
    expect(safeId("source", "", taken)).toBe("source");
  });

  it("puts each region's nodes in a subgraph, the home region first", () => {
    const text = environment("prod").mermaid;
    expect(text.split("\n").filter((line) => line.startsWith("  subgraph"))).toEqual([
      '  subgraph region_us_east_1["us-east-1 (home)"]',
      '  subgraph region_eu_west_1["eu-west-1"]',
      '  subgraph region_us_west_2["us-west-2"]',
    ]);
  });

  it("parses with the real Mermaid parser, with every label intact", () => {
    const hostile: LineageGraph = {
      nodes: [
        {
          id: "source",
          kind: "source",
          lines: ['quote " hash # amp & lt < gt >', "brackets ( ) [ ] { } | @ ; :"],
        },
        { id: "n_end", kind: "template", region: "end", lines: ["`ticks` and end", "%% not a comment"] },
      ],
      edges: [{ from: "source", to: "n_end", style: "dotted", label: 'label "with" #35 | pipes' }],
    };
    const diagrams = [
      ...review.environments.map((entry) => ({ text: entry.mermaid, graph: entry.lineage })),
      { text: renderFlowchart(hostile, { regions: ["end"], homeRegion: "end" }), graph: hostile },
    ];
    const script = path.resolve(__dirname, "../tools/review/mermaid-parse.mjs");
    const results = JSON.parse(
      execFileSync(process.execPath, [script], {
        input: JSON.stringify(diagrams.map((diagram) => diagram.text)),
        encoding: "utf8",
      }),
    ) as Array<{
      ok: boolean;
      error?: string;
      diagramType?: string;
      vertices: Array<{ id: string; text: string }>;
      edges: Array<{ start: string; end: string; text: string; stroke: string }>;
    }>;
    results.forEach((result, index) => {
      const { graph } = diagrams[index];
      expect(result).toMatchObject({ ok: true, diagramType: "flowchart-v2" });
      expect(
        Object.fromEntries(result.vertices.map((vertex) => [vertex.id, vertex.text.split("<br>")])),
      ).toEqual(
        Object.fromEntries(
          graph.nodes.map((node) => [node.id, node.lines.map((line) => line.replace(/[\r\n\t]+/g, " "))]),
        ),
      );
      expect(result.edges.map((edge) => [edge.start, edge.end, edge.text, edge.stroke])).toEqual(
        graph.edges.map((edge) => [
          edge.from,
          edge.to,
          edge.label ?? "",
          edge.style === "dotted" ? "dotted" : "normal",
        ]),
      );
    });
  });
});
