import * as fs from "node:fs";
import * as path from "node:path";

// The pull request workflow's comment step, run with a stand-in for GitHub's client.
const WORKFLOW = fs.readFileSync(path.resolve(__dirname, "../examples/ami-review.yml"), "utf8");
const NOTE = "Truncated: download the ami-review artifact of this run for the whole review.";

/** The `script: |` block of the step that posts the comment, unindented. */
function commentScript(): string {
  const lines = WORKFLOW.split("\n");
  const start = lines.findIndex((line) => /^\s+script: \|$/.test(line));
  if (start < 0) throw new Error("the workflow has no github-script step");
  const indent = lines[start + 1].length - lines[start + 1].trimStart().length;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== "" && line.length - line.trimStart().length < indent) break;
    body.push(line.slice(indent));
  }
  return body.join("\n");
}

/** Runs the step on `review` and returns the comment it creates. */
async function postedComment(review: string): Promise<string> {
  const bodies: string[] = [];
  const github = {
    paginate: async () => [],
    rest: {
      issues: {
        listComments: () => undefined,
        updateComment: async () => undefined,
        createComment: async ({ body }: { body: string }) => void bodies.push(body),
      },
    },
  };
  const context = { repo: { owner: "o", repo: "r" }, issue: { number: 1 } };
  const fakeRequire = (name: string) => {
    if (name !== "node:fs") throw new Error(`unexpected module ${name}`);
    return { readFileSync: () => review };
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  await new AsyncFunction("require", "github", "context", commentScript())(fakeRequire, github, context);
  expect(bodies).toHaveLength(1);
  return bodies[0];
}

describe("the pull request workflow's comment", () => {
  it("posts a short review whole", async () => {
    const review = "# AMI review\n\n```mermaid\nflowchart LR\n```\n";
    expect(await postedComment(review)).toBe(`<!-- ami-review -->\n${review}`);
  });

  it("cuts a long review at a line end and closes the code block the cut falls in", async () => {
    const table = Array.from({ length: 1_000 }, (_, i) => `| \`aws_ami_copy.copy_${i}\` | row |`);
    const diagram = Array.from({ length: 2_000 }, (_, i) => `  n_${i} --> n_${i + 1}`);
    const review = ["# AMI review", ...table, "````mermaid", "```", ...diagram, "````", "end"].join("\n");
    const comment = await postedComment(review);
    expect(comment.length).toBeLessThan(65_536);
    const lines = comment.split("\n");
    expect(lines.slice(-5)).toEqual(["````", "", "---", NOTE, ""]);
    expect(lines[lines.length - 6]).toMatch(/^ {2}n_\d+ --> n_\d+$/);
    expect(lines.filter((line) => /^`{3,}/.test(line))).toEqual(["````mermaid", "```", "````"]);
  });

  it("adds no fence when the cut falls outside code blocks", async () => {
    const review = Array.from({ length: 5_000 }, (_, i) => `line ${i} of the review`).join("\n");
    const lines = (await postedComment(review)).split("\n");
    expect(lines.slice(-4)).toEqual(["", "---", NOTE, ""]);
    expect(lines[lines.length - 5]).toMatch(/^line \d+ of the review$/);
  });
});
