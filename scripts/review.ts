import * as path from "node:path";
import { runReviewCommand } from "../tools/review/review-command";

// `npm run review`: writes cdktf.out/review.md (or JSON) from the synthesized stacks, optionally
// compared with a base output. See `npm run review -- --help`.
process.exitCode = runReviewCommand(process.argv.slice(2), path.resolve(__dirname, ".."), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
