import * as fs from "node:fs";
import * as path from "node:path";
import {
  environmentReference,
  REFERENCE_FILE,
  REGENERATE_COMMAND,
} from "../tools/docs/environment-reference";

const PROJECT_DIR = path.join(__dirname, "..");

describe(REFERENCE_FILE, () => {
  const generated = environmentReference(PROJECT_DIR);

  test(`is current with the config's definition (regenerate it with \`${REGENERATE_COMMAND}\`)`, () => {
    const committed = fs.readFileSync(path.join(PROJECT_DIR, REFERENCE_FILE), "utf8");
    if (committed !== generated)
      throw new Error(`${REFERENCE_FILE} is stale: run \`${REGENERATE_COMMAND}\` and commit the result`);
  });

  test("documents nested fields with their doc comment, what they expect and their default", () => {
    expect(generated).toContain("## `launchTemplates.<name>.metadataHopLimit`");
    expect(generated).toContain("IMDSv2 response hop limit");
    expect(generated).toContain("- Expected: a whole number from 1 to 64");
    expect(generated).toContain("- Default: 1");
    expect(generated).toContain("## `copies[].kmsKeyId`");
    expect(generated).toContain("## `baseImage.lookup.mostRecent`");
    // A field that takes a key ARN or a map of them has no fields of its own beyond the map's keys.
    expect(generated).toContain("## `launchTemplates.<name>.rootVolume.kmsKeyId`");
    expect(generated).not.toMatch(/## `[^`]*kmsKeyId\.[^`]*`/);
  });
});
