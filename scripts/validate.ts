import * as path from "node:path";
import { synthesize, whySynthesize } from "../tools/synth-runner";
import { runValidateCli } from "../tools/validate";
import { listStackNames } from "../tools/review/stack-loader";

// `npm run validate [-- <cdk.tf.json or stack dir>...]`: without paths, every stack in cdktf.out,
// synthesized first when missing or older than the sources.
async function main(argv: string[]): Promise<number> {
  const projectDir = path.resolve(__dirname, "..");
  const takesValue = new Set(["--jobs"]);
  const paths = argv.filter((arg, i) => !arg.startsWith("-") && !takesValue.has(argv[i - 1]));
  // Help and unknown options are answered by the CLI, before anything is synthesized.
  const known = /^(--rules-only|--json|--jobs(=.*)?)$/;
  const usage = argv.some((arg) => arg.startsWith("-") && !known.test(arg));
  const targets = [...argv];
  if (paths.length === 0 && !usage) {
    const outdir = path.join(projectDir, "cdktf.out");
    const reason = whySynthesize(projectDir, outdir);
    if (reason) {
      console.error(`Synthesizing first: ${reason}.`);
      synthesize(projectDir, outdir);
    }
    const stacks = path.join(outdir, "stacks");
    for (const name of listStackNames(stacks)) targets.push(path.join(stacks, name));
  }
  return runValidateCli(targets, { cwd: process.cwd(), out: process.stdout, err: process.stderr });
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
