// Parses Mermaid diagrams with the real Mermaid parser, for tests: reads a JSON array of diagram
// texts on stdin and writes one result per diagram on stdout. Mermaid is ESM-only and expects a
// DOM, so this runs as its own Node process with jsdom's window installed first.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

// Mermaid keeps `#quot;`-style entities as placeholders until it renders; decode them as it will.
const NAMED = { quot: '"', lt: "<", gt: ">", amp: "&" };
function decodeEntities(text) {
  return String(text)
    .replace(/\ufb02\u00b0\u00b0(\d+)\u00b6\u00df/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/\ufb02\u00b0(\w+)\u00b6\u00df/g, (whole, name) => NAMED[name] ?? whole);
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const texts = JSON.parse(input);
const results = [];
for (const text of texts) {
  try {
    const parsed = await mermaid.parse(text);
    // Vertex texts show whether labels survived escaping, not only whether the text parsed.
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const vertices = diagram.db.getVertices?.();
    const edges = diagram.db.getEdges?.() ?? [];
    const subGraphs = diagram.db.getSubGraphs?.() ?? [];
    results.push({
      ok: true,
      diagramType: parsed.diagramType,
      vertices: vertices
        ? [...(vertices instanceof Map ? vertices.values() : Object.values(vertices))].map((v) => ({
            id: v.id,
            text: decodeEntities(v.text),
            classes: [...(v.classes ?? [])],
          }))
        : [],
      edges: edges.map((e) => ({
        start: e.start,
        end: e.end,
        text: decodeEntities(e.text),
        stroke: e.stroke,
      })),
      subGraphs: subGraphs.map((s) => ({ id: s.id, title: s.title, nodes: [...s.nodes] })),
    });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
dom.window.close();
