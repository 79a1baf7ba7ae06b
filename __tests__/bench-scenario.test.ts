import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../modules/config-checker";
import { loadEnvironments } from "../app/environment-files";
import { packProviderModules, providerImports } from "../tools/bench/floor";
import { DEFAULT_SHAPE, environmentName, writeScenario } from "../tools/bench/scenario";
import { evaluateTargets } from "../tools/bench/targets";

const PROJECT_DIR = path.join(__dirname, "..");
const created: string[] = [];

afterAll(() => {
  for (const root of created) fs.rmSync(root, { recursive: true, force: true });
});

describe("the benchmark's generated environments", () => {
  test("are valid environments of the documented shape, each in its own account", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-bench-scenario-"));
    created.push(root);
    const names = writeScenario(path.join(root, "environments"), 12, {
      modulesSpecifier: path.join(PROJECT_DIR, "modules"),
    });

    const { environments, problems } = loadEnvironments({ projectDir: root });

    expect(problems.map(formatProblem)).toEqual([]);
    expect(environments.map((environment) => environment.name)).toEqual(names);
    expect(names.slice(0, 2)).toEqual([environmentName(0), environmentName(1)]);
    for (const { config } of environments) {
      expect(config.copies?.map((copy) => copy.region)).toEqual(DEFAULT_SHAPE.copyRegions);
      expect(config.sharing?.accountIds).toHaveLength(DEFAULT_SHAPE.sharedAccounts);
      expect(Object.keys(config.launchTemplates ?? {})).toHaveLength(DEFAULT_SHAPE.launchTemplates);
    }
    expect(new Set(environments.map(({ config }) => config.account)).size).toBe(12);
  });
});

describe("the floor's provider modules", () => {
  test("are the value imports and requires, not type-only imports", () => {
    const source = `import { AmiCopy } from "@cdktf/provider-aws/lib/ami-copy";
import { DataAwsAmi, type DataAwsAmiConfig } from '@cdktf/provider-aws/lib/data-aws-ami';
import type { LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
export { Instance } from "@cdktf/provider-aws/lib/instance";
const { Vpc } = require("@cdktf/provider-aws/lib/vpc");
import { App } from "cdktf";`;
    expect(providerImports(source)).toEqual([
      "@cdktf/provider-aws/lib/ami-copy",
      "@cdktf/provider-aws/lib/data-aws-ami",
      "@cdktf/provider-aws/lib/instance",
      "@cdktf/provider-aws/lib/vpc",
    ]);
  });

  test("are found in the pack's sources and can be loaded", () => {
    const modules = packProviderModules(PROJECT_DIR);
    expect(modules).toContain("@cdktf/provider-aws/lib/provider");
    for (const name of modules) expect(() => require.resolve(name)).not.toThrow();
  });
});

describe("the benchmark's targets", () => {
  const testsTarget = (tests: { wallMs: number; status: number | null }) =>
    evaluateTargets([], [], { tests }).find((result) => result.target.startsWith("test command"));

  test("pass the test command only when it passed in time", () => {
    expect(testsTarget({ wallMs: 20_000, status: 0 })).toMatchObject({
      verdict: "PASS",
      note: "tests passed",
    });
    expect(testsTarget({ wallMs: 70_000, status: 0 })).toMatchObject({ verdict: "FAIL" });
    expect(testsTarget({ wallMs: 3_000, status: 1 })).toMatchObject({
      verdict: "FAIL",
      measured: "3.0 s",
      note: "the test command exited with status 1",
    });
  });
});
