import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "./support/project";

// The README is a newcomer's first ten minutes; reference material lives in docs/.
const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
const readme = read("README.md");
const docs = fs
  .readdirSync(path.join(PROJECT_DIR, "docs"))
  .filter((file) => file.endsWith(".md"))
  .map((file) => `docs/${file}`);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

describe("the README", () => {
  it("is short: a newcomer reads it in ten minutes", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(230);
  });

  it("starts with the two commands, and says how to accept a changed snapshot", () => {
    const firstBlock = readme.slice(0, readme.indexOf("```", readme.indexOf("```sh") + 1));
    expect(firstBlock).toContain("npm ci && npm run synth");
    expect(firstBlock).toContain("npm test");
    expect(readme).toContain("npm run test:update");
  });

  it("holds no timings of one machine and no wide tables", () => {
    expect(readme).not.toMatch(/\b\d+(\.\d+)?\s?(ms|s|sec|seconds?|minutes?)\b/);
    expect(readme.split("\n").filter((line) => line.startsWith("|"))).toEqual([]);
  });
});

describe.each(["README.md", ...docs])("%s", (file) => {
  it("links only to files and headings that exist", () => {
    const text = read(file);
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [linked, hash] = target.split("#");
      const resolved = linked
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), linked))
        : file;
      if (!fs.existsSync(path.join(PROJECT_DIR, resolved))) {
        broken.push(target);
        continue;
      }
      if (!hash) continue;
      const headings = [...read(resolved).matchAll(/^#+ (.+)$/gm)].map(([, heading]) => anchor(heading));
      if (!headings.includes(hash)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});
