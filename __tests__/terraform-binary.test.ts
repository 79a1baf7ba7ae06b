import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectEnvironmentNames } from "./support/environments";
import { copyProject, runSynth } from "./support/project";

// `terraform validate` needs a terraform (or tofu) binary and the hashicorp/aws plugin. Where
// either is missing (no binary, or no registry or local mirror to install the plugin from), the
// check says why it did not run instead of failing.
let dir = "";
const removeCopy = () => dir && fs.rmSync(dir, { recursive: true, force: true });
// afterAll does not run when every test of the file is skipped: the skip path removes the copy itself.
afterAll(removeCopy);

function prepare(): { bin: string } | { skip: string } {
  const bin = ["terraform", "tofu"].find(
    (name) => spawnSync(name, ["version"], { encoding: "utf8" }).status === 0,
  );
  if (!bin) return { skip: "no terraform or tofu binary on PATH" };
  dir = copyProject();
  if (runSynth(dir).status !== 0) throw new Error("synth failed");
  for (const name of projectEnvironmentNames()) {
    const init = spawnSync(bin, ["init", "-backend=false", "-input=false", "-no-color"], {
      cwd: path.join(dir, "cdktf.out/stacks", name),
      encoding: "utf8",
      timeout: 120_000,
    });
    if (
      init.status !== 0 &&
      /could not connect|Failed to query available provider packages|Failed to install provider/.test(
        init.stderr,
      )
    ) {
      removeCopy();
      return {
        skip: `${bin} is on PATH but cannot install the hashicorp/aws provider here (no registry access or local mirror)`,
      };
    }
    if (init.status !== 0) throw new Error(`${bin} init failed in ${name}:\n${init.stderr}`);
  }
  return { bin };
}

const ready = prepare();
// Written straight to stderr: Jest drops the console output of a file whose tests are all skipped.
if ("skip" in ready)
  process.stderr.write(`skipped terraform validate of the shipped stacks: ${ready.skip}\n`);

("bin" in ready ? describe : describe.skip)("terraform validate", () => {
  it.each(projectEnvironmentNames())("accepts the %s stack", (name) => {
    const bin = (ready as { bin: string }).bin;
    const validate = spawnSync(bin, ["validate", "-no-color"], {
      cwd: path.join(dir, "cdktf.out/stacks", name),
      encoding: "utf8",
    });
    expect(validate.stdout + validate.stderr).toContain("Success! The configuration is valid.");
    expect(validate.status).toBe(0);
  });
});
