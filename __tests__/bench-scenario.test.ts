import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../modules/config-checker";
import { loadEnvironments } from "../app/environment-files";
import { packProviderModules, providerImports } from "../tools/bench/floor";
import { DEFAULT_SHAPE, environmentName, writeScenario } from "../tools/bench/scenario";
import { median } from "../tools/bench/stats";
import type { CaseSummary } from "../tools/bench/summary";
import { evaluateTargets, LIMITS, type TargetResult } from "../tools/bench/targets";

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
  /** A case summary with only what the targets read. */
  const summary = (name: string, kind: CaseSummary["kind"], environments: number, runsMs: number[]) =>
    ({
      name,
      kind,
      environments,
      runsMs,
      medianMs: median(runsMs),
      ratioToFloor: 1,
    }) as unknown as CaseSummary;
  const verdictOf = (results: TargetResult[], prefix: string) =>
    results.find((result) => result.target.startsWith(prefix));

  test("are the ones docs/benchmark.md states", () => {
    const doc = fs.readFileSync(path.join(PROJECT_DIR, "docs/benchmark.md"), "utf8");
    expect(doc).toContain(`at most ${LIMITS.shippedRatio}x the floor`);
    expect(doc).toContain(`at most ${LIMITS.plainRatio}x plain CDKTF`);
    expect(doc).toContain(`at most ${LIMITS.flatFactor}x the smallest + ${LIMITS.flatSlackMs} ms`);
    expect(doc).toContain(`(cli-noop) + ${LIMITS.cliSlack * 100}%`);
    expect(doc).toContain(`at most ${LIMITS.unitTestsRatio}x the reference`);
    expect(doc).toContain(`under ${LIMITS.terraformSuiteSeconds} s on 2 cores`);
  });

  test("compare the pack with plain CDKTF round by round, and only when both wrote the same stacks", () => {
    const pack = summary("scale-100", "scale", 100, [1100, 2300, 1150]);
    const plain = summary("plain-100", "plain", 100, [1000, 2000, 1000]);
    const same = evaluateTargets([pack, plain], [], { sameStacks: [] });
    // Rounds 1.10x, 1.15x, 1.15x: the slow second round does not skew the ratio.
    expect(verdictOf(same, "generated environments vs plain CDKTF")).toMatchObject({
      verdict: "PASS",
      measured: "1.15x",
    });
    const slower = evaluateTargets([summary("scale-100", "scale", 100, [1300, 2600, 1250]), plain], [], {
      sameStacks: [],
    });
    expect(verdictOf(slower, "generated environments vs plain CDKTF")).toMatchObject({ verdict: "FAIL" });
    const different = evaluateTargets([pack, plain], [], {
      sameStacks: ["env-001: resource.x: pack 1, baseline 2"],
    });
    expect(verdictOf(different, "plain-CDKTF baseline writes")).toMatchObject({
      verdict: "FAIL",
      note: "env-001: resource.x: pack 1, baseline 2",
    });
    expect(verdictOf(different, "generated environments vs plain CDKTF")).toMatchObject({ verdict: "FAIL" });
  });

  test("pass the unit tests only when both runs passed and the ratio is met", () => {
    const unitTests = (wallMs: number, status: number | null, reference = 60_000) =>
      verdictOf(
        evaluateTargets([], [], {
          unitTests: { wallMs, status },
          unitTestsReference: { wallMs: reference, status: 0 },
        }),
        "unit tests",
      );
    expect(unitTests(40_000, 0)).toMatchObject({ verdict: "PASS", measured: "0.67x" });
    expect(unitTests(50_000, 0)).toMatchObject({ verdict: "FAIL", measured: "0.83x" });
    expect(unitTests(3_000, 1)).toMatchObject({
      verdict: "FAIL",
      note: "exit status 1 here, 0 in the reference",
    });
    expect(
      verdictOf(evaluateTargets([], [], { unitTests: { wallMs: 40_000, status: 0 } }), "unit tests"),
    ).toMatchObject({ verdict: "SKIP" });
  });

  test("hold the real-Terraform suite to three minutes, and only when it passed", () => {
    const suite = (wallMs: number, status: number | null) =>
      verdictOf(
        evaluateTargets([], [], { terraformSuite: { wallMs, status, cpus: 2 } }),
        "real-Terraform suite",
      );
    expect(suite(150_000, 0)).toMatchObject({ verdict: "PASS", measured: "150.0 s" });
    expect(suite(190_000, 0)).toMatchObject({ verdict: "FAIL" });
    expect(suite(10_000, 1)).toMatchObject({ verdict: "FAIL" });
  });
});
