import * as fs from "node:fs";
import * as path from "node:path";
import { environmentReference, REFERENCE_FILE } from "../tools/docs/environment-reference";

// Regenerates the reference documentation that is derived from the code.
const projectDir = path.resolve(__dirname, "..");
fs.mkdirSync(path.join(projectDir, "docs"), { recursive: true });
fs.writeFileSync(path.join(projectDir, REFERENCE_FILE), environmentReference(projectDir));
console.log(`wrote ${REFERENCE_FILE}`);
