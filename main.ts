import * as path from "node:path";
import {
  loadEnvironments,
  problemMessages,
  synthesisNotes,
  synthesizeEnvironments,
  warningMessages,
} from "./app";

// Synthesizes every environment in environments/ into cdktf.out/stacks/<name>/cdk.tf.json.
// `cdktf synth` runs this with CDKTF_OUTDIR set; `npm run synth` runs it directly.
const projectDir = __dirname;
const outdir = process.env.CDKTF_OUTDIR || path.join(projectDir, "cdktf.out");

const { environments, problems, warnings } = loadEnvironments({ projectDir });
for (const line of warningMessages(warnings)) console.error(line);
if (problems.length > 0) {
  for (const line of problemMessages(problems)) console.error(line);
  process.exit(1);
}
try {
  const report = synthesizeEnvironments(environments, { outdir });
  const notes = synthesisNotes(
    report,
    path.join(outdir, "stacks"),
    (file) => path.relative(process.cwd(), file) || ".",
  );
  for (const line of notes.stdout) console.log(line);
  for (const line of notes.stderr) console.error(line);
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
