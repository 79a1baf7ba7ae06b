import * as fs from "node:fs";
import * as path from "node:path";
import { synthesize, whySynthesize } from "../tools/synth-runner";
import { amiGuardRule, runValidateCli } from "../tools/validate";

// `npm run validate [-- <cdk.tf.json or stack dir>...]`: without paths, every stack in cdktf.out,
// synthesized first when missing or older than the sources.
async function main(argv: string[]): Promise<number> {
  const projectDir = path.resolve(__dirname, "..");
  const paths = argv.filter((arg) => !arg.startsWith("-"));
  const targets = [...argv];
  if (paths.length === 0 && !argv.some((arg) => arg === "-h" || arg === "--help")) {
    const outdir = path.join(projectDir, "cdktf.out");
    const reason = whySynthesize(projectDir, outdir);
    if (reason) {
      console.log(`Synthesizing first: ${reason}.`);
      synthesize(projectDir, outdir);
    }
    const stacks = path.join(outdir, "stacks");
    for (const name of fs.readdirSync(stacks).sort()) {
      if (fs.existsSync(path.join(stacks, name, "cdk.tf.json")))
        targets.push(path.relative(process.cwd(), path.join(stacks, name)) || ".");
    }
  }
  return runValidateCli(targets, {
    cwd: process.cwd(),
    out: process.stdout,
    err: process.stderr,
    rules: [amiGuardRule],
  });
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
