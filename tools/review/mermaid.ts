import type { LineageGraph, LineageNode } from "./review-model";

/**
 * A label as Mermaid reads it inside double quotes: `#` first (it starts every entity), then the
 * characters that end the label or make it markup. Line breaks become spaces.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/&/g, "#amp;")
    .replace(/`/g, "#96;")
    .replace(/[\r\n\t]+/g, " ");
}

/**
 * A node id Mermaid accepts: letters, digits and `_`, never a keyword such as `end` (the prefix
 * sees to that), unique among `taken`.
 */
export function safeId(prefix: string, text: string, taken: Set<string>): string {
  const name = text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const base = name ? `${prefix}_${name}` : prefix;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** Where the flowchart puts nodes: one subgraph per region, in this order. */
export interface FlowchartLayout {
  readonly regions: readonly string[];
  readonly homeRegion?: string;
}

/** How each change mark is drawn: added green, moved blue, replaced amber, removed red and dashed. */
const CHANGE_STYLES: Readonly<Record<NonNullable<LineageNode["change"]>, string>> = {
  added: "stroke:#1a7f37,stroke-width:3px",
  moved: "stroke:#0969da,stroke-width:3px",
  replaced: "stroke:#9a6700,stroke-width:3px",
  removed: "stroke:#cf222e,stroke-width:3px,stroke-dasharray:6 4,color:#cf222e",
};

/** The lineage as a left-to-right Mermaid flowchart, regions as subgraphs, changes as classes. */
export function renderFlowchart(graph: LineageGraph, layout: FlowchartLayout): string {
  const lines = ["flowchart LR"];
  const node = (item: LineageNode, indent: string) =>
    `${indent}${item.id}["${item.lines.map(escapeLabel).join("<br/>")}"]`;
  const regional = new Set<string>();
  const taken = new Set(graph.nodes.map((item) => item.id));
  for (const region of layout.regions) {
    const members = graph.nodes.filter((item) => item.region === region);
    if (members.length === 0) continue;
    const title = region === layout.homeRegion ? `${region} (home)` : region;
    lines.push(`  subgraph ${safeId("region", region, taken)}["${escapeLabel(title)}"]`);
    for (const member of members) {
      lines.push(node(member, "    "));
      regional.add(member.id);
    }
    lines.push("  end");
  }
  for (const item of graph.nodes) if (!regional.has(item.id)) lines.push(node(item, "  "));
  for (const edge of graph.edges) {
    const arrow = edge.style === "dotted" ? "-.->" : "-->";
    const label = edge.label ? `|"${escapeLabel(edge.label)}"|` : "";
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
  }
  for (const [change, style] of Object.entries(CHANGE_STYLES)) {
    const marked = graph.nodes.filter((item) => item.change === change).map((item) => item.id);
    if (marked.length === 0) continue;
    lines.push(`  classDef ${change} ${style}`, `  class ${marked.join(",")} ${change}`);
  }
  return lines.join("\n");
}
