import * as path from "node:path";
import { problemMessages, synthesisNotes, warningMessages } from "../app";
import { synthesizeWithHcl } from "../tools/review/hcl-output";
import { displayPath } from "../tools/display-path";

// `npm run synth:hcl`: synthesizes every environment as `npm run synth` does, and writes the same
// stacks as formatted HCL to cdktf.out/hcl/<name>/cdk.tf for reading. Terraform applies the JSON.
async function main(): Promise<number> {
  const projectDir = path.resolve(__dirname, "..");
  const outdir = process.env.CDKTF_OUTDIR || path.join(projectDir, "cdktf.out");
  const { problems, warnings, synthesis, files, differences } = await synthesizeWithHcl(projectDir, outdir);
  for (const line of warningMessages(warnings)) console.error(line);
  if (problems.length > 0) {
    for (const line of problemMessages(problems)) console.error(line);
    return 1;
  }
  const notes = synthesisNotes(synthesis, path.resolve(outdir, "stacks"), displayPath);
  for (const line of notes.stdout) console.log(line);
  for (const line of notes.stderr) console.error(line);
  for (const [name, found] of differences) {
    console.error(
      `${displayPath(files.get(name) ?? name)}: the HCL differs from cdk.tf.json at ${found.length} place(s):`,
    );
    for (const difference of found)
      console.error(`  ${difference.path}: got ${difference.hcl}, expected ${difference.json}`);
  }
  console.log(
    `Wrote HCL of ${files.size} environment(s): ${[...files.values()].map(displayPath).join(", ")}`,
  );
  return differences.size > 0 ? 1 : 0;
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
