import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "./support/project";

const scripts = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("npm scripts", () => {
  it.each(Object.entries(scripts))(
    "%s starts node only through scripts/register-ts.js, which turns off the cdktf CLI's checkpoint call",
    (_name, script) => {
      for (const command of script.split(/&&|\|\||;/).map((part) => part.trim())) {
        if (/^node\b/.test(command)) expect(command).toMatch(/^node -r \.\/scripts\/register-ts\.js /);
        // The CLI itself would need the variable set in the shell, which npm cannot do portably.
        expect(command).not.toMatch(/^(npx )?cdktf\b/);
      }
    },
  );

  it("run any cdktf CLI they start without the checkpoint call", () => {
    const env = { ...process.env };
    delete env.CHECKPOINT_DISABLE;
    const child = spawnSync(
      process.execPath,
      ["-r", "./scripts/register-ts.js", "-e", "process.stdout.write(process.env.CHECKPOINT_DISABLE)"],
      { cwd: PROJECT_DIR, encoding: "utf8", env },
    );
    expect(child.stdout).toBe("1");
    // Jest's configuration does the same for the tests and what they start.
    expect(process.env.CHECKPOINT_DISABLE).toBeTruthy();
  });

  it("test with Jest in CI mode, which never writes a snapshot, and accept changed snapshots with test:update", () => {
    expect(scripts["test:unit"]).toMatch(/^jest --ci\b/);
    expect(scripts["test:update"]).toMatch(/^jest .*--updateSnapshot\b/);
    expect(scripts.test).toBe("npm run lint && npm run typecheck && npm run test:unit");
  });
});
