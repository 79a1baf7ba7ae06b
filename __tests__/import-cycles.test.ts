import * as fs from "node:fs";
import * as path from "node:path";

const MODULES = path.join(__dirname, "..", "modules");

/** The modules/ files each file imports, type-only imports included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of fs.readdirSync(MODULES).filter((name) => name.endsWith(".ts"))) {
    const text = fs.readFileSync(path.join(MODULES, entry), "utf8");
    const targets = [...text.matchAll(/(?:from|import)\s+"\.\/([\w-]+)"/g)].map(([, name]) => `${name}.ts`);
    graph.set(entry, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle, each as the files around it, starting and ending with the same file. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, stack: string[]) => {
    const at = stack.indexOf(file);
    if (at >= 0) {
      found.push([...stack.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    for (const target of graph.get(file) ?? []) visit(target, [...stack, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe("modules/", () => {
  test("has no import cycle, type-only imports included", () => {
    const graph = importGraph();
    expect(graph.get("config.ts")).toBeDefined();
    expect(cycles(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  test("the cycle check finds a cycle when there is one", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(cycles(graph).map((cycle) => cycle.join(" -> "))).toEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
  });
});
