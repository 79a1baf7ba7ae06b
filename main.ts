import * as path from "node:path";
import { formatProblem } from "./modules/config-checker";
import { loadEnvironments } from "./modules/environment-files";
import { synthesizeEnvironments } from "./modules/synthesize";

// Synthesizes every environment in environments/ into cdktf.out/stacks/<name>/cdk.tf.json.
// `cdktf synth` runs this with CDKTF_OUTDIR set; `npm run synth` runs it directly.
const projectDir = __dirname;
const outdir = process.env.CDKTF_OUTDIR || path.join(projectDir, "cdktf.out");

const { environments, problems, warnings } = loadEnvironments({ projectDir });
for (const warning of warnings) console.error(`warning: ${formatProblem(warning)}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`\n${problems.length} problem(s) found; nothing was written.`);
  process.exit(1);
}
try {
  const { orphans, waivers } = synthesizeEnvironments(environments, { outdir });
  for (const { environment, rule, reason, findings } of waivers) {
    console.log(`waiver: ${environment} waives ${rule} (${findings.length} finding(s)): ${reason}`);
    for (const finding of findings) console.log(`  ${finding}`);
  }
  for (const stack of orphans) {
    console.error(
      `warning: environment "${stack}" no longer exists; its Terraform files remain in ${path.join(path.relative(process.cwd(), outdir) || ".", "stacks", stack)}`,
    );
  }
  console.log(
    `Synthesized ${environments.length} environment(s): ${environments.map((e) => e.name).join(", ")}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  // An environment's own code (extend) failed: where in it is what its author needs.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.stack) {
    console.error(`\n${cause.stack}\n(NODE_OPTIONS=--enable-source-maps shows TypeScript line numbers)`);
  }
  console.error("\nSynthesis failed; nothing was written.");
  process.exit(1);
}
