import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "../../modules/config-checker";
import { loadEnvironments } from "../../app/environment-files";
import { type SynthesisReport, synthesizeEnvironments } from "../../app/synthesize";
import { type HclDifference, compareHclWithJson } from "./hcl-equivalence";
import { renderHcl } from "./readable-hcl";

/** The file of each environment's HCL, in `<outdir>/hcl/<name>/`. */
const HCL_FILE = "cdk.tf";

/** What `npm run synth:hcl` did. */
export interface HclOutput {
  /** Problems with the environment files; when any, nothing was written. */
  readonly problems: readonly ConfigProblem[];
  /** What the checks across environments cannot verify, as `npm run synth` prints it. */
  readonly warnings: readonly ConfigProblem[];
  /** The waivers and leftover stack folders of the synth, which `npm run synth` prints too. */
  readonly synthesis: SynthesisReport;
  /** The HCL files written, by environment. */
  readonly files: ReadonlyMap<string, string>;
  /** Where an environment's HCL says something else than its JSON (never expected; reported loudly). */
  readonly differences: ReadonlyMap<string, readonly HclDifference[]>;
}

/**
 * Synthesizes every environment as `npm run synth` does, then writes the same stacks as
 * formatted HCL to `<outdir>/hcl/<name>/cdk.tf`. Not beside `cdk.tf.json`: Terraform reads every
 * `.tf` and `.tf.json` file of a folder, and would find each block declared twice. Each HCL file
 * is parsed back and compared with its JSON; a difference is written at the top of the file.
 */
export async function synthesizeWithHcl(projectDir: string, outdir: string): Promise<HclOutput> {
  const { environments, problems, warnings } = loadEnvironments({ projectDir });
  if (problems.length > 0)
    return {
      problems,
      warnings,
      synthesis: { orphans: [], waivers: [] },
      files: new Map(),
      differences: new Map(),
    };
  const synthesis = synthesizeEnvironments(environments, { outdir });
  const rendered = await renderHcl(environments);
  const files = new Map<string, string>();
  const differences = new Map<string, HclDifference[]>();
  for (const [name, hcl] of rendered) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    const found = await compareHclWithJson(hcl, json);
    const file = path.join(outdir, "hcl", name, HCL_FILE);
    const warnings = found.map(
      (d) => `# WARNING: ${d.path}: this file says ${d.hcl}, cdk.tf.json says ${d.json}\n`,
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, warnings.join("") + hcl);
    files.set(name, file);
    if (found.length > 0) differences.set(name, found);
  }
  removeStaleHcl(path.join(outdir, "hcl"), new Set(rendered.keys()));
  return { problems, warnings, synthesis, files, differences };
}

/** Removes the HCL of environments that no longer exist: it is generated, and only this command writes it. */
function removeStaleHcl(hclDir: string, current: ReadonlySet<string>): void {
  for (const entry of fs.readdirSync(hclDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || current.has(entry.name)) continue;
    const dir = path.join(hclDir, entry.name);
    fs.rmSync(path.join(dir, HCL_FILE), { force: true });
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}
