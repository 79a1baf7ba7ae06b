import * as path from "node:path";
import { formatProblem } from "../modules/config-checker";
import { synthesizeWithHcl } from "../tools/review/hcl-output";

// `npm run synth:hcl`: synthesizes every environment as `npm run synth` does, and writes the same
// stacks as formatted HCL to cdktf.out/hcl/<name>/cdk.tf for reading. Terraform applies the JSON.
async function main(): Promise<number> {
  const projectDir = path.resolve(__dirname, "..");
  const outdir = process.env.CDKTF_OUTDIR || path.join(projectDir, "cdktf.out");
  const { problems, files, differences } = await synthesizeWithHcl(projectDir, outdir);
  if (problems.length > 0) {
    for (const problem of problems) console.error(formatProblem(problem));
    console.error(`\n${problems.length} problem(s) found; nothing was written.`);
    return 1;
  }
  for (const [name, found] of differences) {
    console.error(
      `${shown(files.get(name) ?? name)}: the HCL differs from cdk.tf.json at ${found.length} place(s):`,
    );
    for (const difference of found)
      console.error(`  ${difference.path}: got ${difference.hcl}, expected ${difference.json}`);
  }
  console.log(`Wrote HCL of ${files.size} environment(s): ${[...files.values()].map(shown).join(", ")}`);
  return differences.size > 0 ? 1 : 0;
}

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
