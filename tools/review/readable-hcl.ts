import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { format } from "@cdktf/hcl-tools";
import { App } from "cdktf";
import type { LoadedEnvironment } from "../../app/environment-files";
import { buildStacks } from "../../app/synthesize";
import { movedBlocks } from "../../modules/terraform-address";

/** The first lines of every HCL file: it is for reading, the JSON is what Terraform applies. */
export function hclHeader(environment: string): string {
  return [
    `# Environment "${environment}", synthesized from environments/${environment}.ts by npm run synth:hcl.`,
    "# For reading only: Terraform applies ../../stacks/" +
      environment +
      "/cdk.tf.json, which says the same.",
    "",
  ].join("\n");
}

/**
 * Renders every environment's stack as formatted HCL, by name. CDKTF writes HCL only when
 * `SYNTH_HCL_OUTPUT` is set while stacks are constructed (the `hclOutput` option of `App` only
 * renames the file), and writes it unformatted; `terraform fmt`'s formatter, compiled to
 * WebAssembly in `@cdktf/hcl-tools`, formats it without a terraform binary.
 */
export async function renderHcl(environments: readonly LoadedEnvironment[]): Promise<Map<string, string>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-hcl-"));
  const previous = process.env.SYNTH_HCL_OUTPUT;
  try {
    process.env.SYNTH_HCL_OUTPUT = "true";
    const app = new App({ outdir, stackTraces: false, hclOutput: true });
    const stacks = buildStacks(app, environments);
    restore(previous);
    app.synth();
    const rendered = new Map<string, string>();
    for (const stack of stacks) {
      const name = stack.environment;
      // CDKTF writes a stack's own overrides into its HCL only inside the terraform block.
      const moved = movedBlocks(stack).map(
        ({ from, to }) => `\nmoved {\n  from = ${from}\n  to = ${to}\n}\n`,
      );
      const raw = fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf"), "utf8") + moved.join("");
      // The formatter adds a blank line after nested blocks; the second pass takes it out again.
      rendered.set(name, hclHeader(name) + tidy(await format(tidy(raw))));
    }
    return rendered;
  } finally {
    restore(previous);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function restore(previous: string | undefined): void {
  if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
  else process.env.SYNTH_HCL_OUTPUT = previous;
}

const TRAVERSAL = "[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*|\\[[0-9]+\\])*";
const QUOTED_PROVIDER = /^(\s*provider\s*=\s*)"([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)?)"\s*$/;
// Only a whole string value: after `=`, `,`, `[`, `(` or at the start of a line.
const SOLE_INTERPOLATION = new RegExp(`(?<=(?:^|[=,[(])\\s*)"\\$\\{(${TRAVERSAL})\\}"`, "g");

/**
 * Makes CDKTF's HCL read like hand-written HCL, without changing its meaning: provider
 * references unquoted (quoted ones are deprecated), `"${a.b.c}"` written as `a.b.c` (the same
 * value), one blank line between blocks and none before a closing brace. Heredocs are left alone.
 */
export function tidy(hcl: string): string {
  const lines: string[] = [];
  let heredoc: string | undefined;
  for (const line of hcl.split("\n")) {
    if (heredoc !== undefined) {
      lines.push(line);
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const previous = lines[lines.length - 1];
    const blank = line.trim() === "";
    if (blank && (previous === undefined || previous.trim() === "")) continue;
    if (line.trim() === "}" && previous !== undefined && previous.trim() === "") lines.pop();
    if (!blank && previous === "}" && !/^\s/.test(line)) lines.push("");
    const provider = QUOTED_PROVIDER.exec(line);
    lines.push(provider ? `${provider[1]}${provider[2]}` : line.replace(SOLE_INTERPOLATION, "$1"));
    heredoc = /<<-?([A-Za-z_]+)\s*$/.exec(line)?.[1];
  }
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  return `${lines.join("\n")}\n`;
}
