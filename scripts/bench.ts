/**
 * `npm run bench`: times the main job against the floor (Node, cdktf and the provider classes
 * the pack uses), on the shipped environments, on generated ones at several scales and through
 * the cdktf CLI; prints Markdown tables and PASS/FAIL per target, and writes bench/results.json.
 *
 * Every case runs in a temporary copy of the project, once cold (empty transpile cache), then
 * once per round, the cases interleaved so that machine noise hits them alike. See --help.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type BenchCase, npmSynthCase, PLAIN_OUTDIR, prepareCases } from "../tools/bench/cases";
import { machineInfo } from "../tools/bench/machine";
import { Meter, type Sample } from "../tools/bench/measure";
import { type BenchOptions, parseOptions, USAGE } from "../tools/bench/options";
import { DEFAULT_SHAPE } from "../tools/bench/scenario";
import { type CaseSamples, marginalCosts, summarize } from "../tools/bench/summary";
import { casesTable, factsTable, marginalTable, targetsTable } from "../tools/bench/table";
import { stackDifferences } from "../tools/bench/same-stacks";
import { evaluateTargets, type OneOff } from "../tools/bench/targets";
import {
  timeTerraformSuite,
  timeUnitTests,
  UNIT_TESTS_ROUNDS,
  type TerraformSuiteTiming,
  UNIT_TESTS_COMMAND,
} from "../tools/bench/test-suites";

/** This project: where the results go. */
const PROJECT_DIR = path.resolve(__dirname, "..");

/** The files that decide what the main job does, for the record of what was measured. */
const MEASURED_SOURCES = [
  "main.ts",
  "app",
  "modules",
  "environments",
  "scripts/register-ts.js",
  "package-lock.json",
];

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs a case once and checks that it did its job; throws otherwise. */
function runCase(meter: Meter, benchCase: BenchCase): Sample {
  benchCase.prepare();
  const sample = meter.run(benchCase.spec);
  benchCase.verify(sample);
  return sample;
}

const ms = (value: number | undefined) => (value === undefined ? "-" : `${Math.round(value)} ms`);

/** JSON with fractional numbers rounded to 0.1, since the clocks are not more precise. */
function toJson(value: unknown): string {
  const rounded = (_key: string, item: unknown) =>
    typeof item === "number" && !Number.isInteger(item) ? Math.round(item * 10) / 10 : item;
  return `${JSON.stringify(value, rounded, 2)}\n`;
}

/** The measured checkout's commit and whether its sources differ from it; undefined without git. */
function revision(dir: string): { commit: string; modified: boolean } | undefined {
  const git = (args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  const head = git(["rev-parse", "--short", "HEAD"]);
  if (head.status !== 0) return undefined;
  const status = git(["status", "--porcelain", "--", ...MEASURED_SOURCES]);
  return { commit: head.stdout.trim(), modified: status.stdout.trim() !== "" };
}

const loadAverage = () => os.loadavg().map((load) => Math.round(load * 100) / 100);

/** Runs the benchmark in `root`; returns the exit status. */
function bench(options: BenchOptions, root: string): number {
  const machine = machineInfo();
  const measured = options.project ? path.resolve(options.project) : PROJECT_DIR;
  const source = revision(measured);
  const loadBefore = loadAverage();
  const meterDir = path.join(root, "meter");
  fs.mkdirSync(meterDir);
  const meter = new Meter(meterDir);
  log(`Preparing copies of the project (scale points ${options.scalePoints.join(", ")})...`);
  const { cases, shipped, largest, providerModules } = prepareCases(measured, root, options.scalePoints);

  const cold = new Map<BenchCase, Sample>();
  for (const benchCase of cases) {
    const sample = runCase(meter, benchCase);
    cold.set(benchCase, sample);
    log(`cold      ${benchCase.name.padEnd(12)} ${ms(sample.wallMs)}`);
  }
  // Both wrote the largest scale point's stacks in the cold pass: the ratio means something only
  // if they wrote the same.
  const sameStacks = largest
    ? stackDifferences(path.join(largest.dir, "cdktf.out"), path.join(largest.dir, PLAIN_OUTDIR))
    : undefined;
  if (sameStacks && sameStacks.length > 0)
    log(`the plain-CDKTF baseline differs from the pack:\n  ${sameStacks.join("\n  ")}`);
  const rounds = new Map<BenchCase, Sample[]>(cases.map((benchCase) => [benchCase, []]));
  for (let round = 0; round < options.runs; round++) {
    // Rotating the order keeps any case from always following the same one.
    for (let k = 0; k < cases.length; k++) {
      const benchCase = cases[(round + k) % cases.length];
      const sample = runCase(meter, benchCase);
      rounds.get(benchCase)?.push(sample);
      log(`round ${round + 1}/${options.runs} ${benchCase.name.padEnd(12)} ${ms(sample.wallMs)}`);
    }
  }

  const npmSynth = runCase(meter, npmSynthCase(shipped));
  log(`once      npm run synth ${ms(npmSynth.wallMs)}`);
  let unitTests: OneOff | undefined;
  let unitTestsReference: OneOff | undefined;
  let terraformSuite: TerraformSuiteTiming | undefined;
  if (options.withTests) {
    const reference = options.testsReference && path.resolve(options.testsReference);
    const rounds = reference ? UNIT_TESTS_ROUNDS : 1;
    const when = (rounds === 1 ? "once" : `${rounds} times`).padEnd(10);
    log(
      `${when}unit tests${reference ? ", here and in the reference in turn" : ""}: ${UNIT_TESTS_COMMAND} (minutes)...`,
    );
    [unitTests, unitTestsReference] = timeUnitTests(
      meter,
      reference ? [measured, reference] : [measured],
      rounds,
    );
    log(
      `${when}unit tests ${ms(unitTests.wallMs)} (status ${unitTests.status})${unitTestsReference ? `, reference ${ms(unitTestsReference.wallMs)} (status ${unitTestsReference.status})` : ""}`,
    );
    log("once      the real-Terraform suite (minutes)...");
    terraformSuite = timeTerraformSuite(meter, measured, root);
    log(`once      real-Terraform suite ${terraformSuite.skipped ?? ms(terraformSuite.suiteMs)}`);
  }

  const all: CaseSamples[] = cases.map((benchCase) => ({
    benchCase,
    cold: cold.get(benchCase) as Sample,
    rounds: rounds.get(benchCase) ?? [],
  }));
  const loadAfter = loadAverage();
  const summaries = summarize(all);
  const marginal = marginalCosts(summaries);
  const targets = evaluateTargets(summaries, marginal, {
    sameStacks,
    unitTests,
    unitTestsReference,
    terraformSuite:
      terraformSuite?.suiteMs === undefined
        ? undefined
        : { wallMs: terraformSuite.suiteMs, status: terraformSuite.status ?? null, cpus: machine.cpus },
  });
  const median = (name: string) => summaries.find((summary) => summary.name === name)?.medianMs;
  const difference = (a: string, b: string) => {
    const [x, y] = [median(a), median(b)];
    return x === undefined || y === undefined ? undefined : x - y;
  };
  const facts: [string, string][] = [
    ["floor (node + cdktf + provider submodules)", ms(median("floor"))],
    ["main job, shipped environments (node -r ./scripts/register-ts.js main.ts)", ms(median("shipped"))],
    ["npm run synth, once (main job + npm start-up)", ms(npmSynth.wallMs)],
    ["CLI start-up: npx cdktf --version", ms(median("cli-version"))],
    ["CLI start-up: npx cdktf synth of a no-op app", ms(median("cli-noop"))],
    ["npx cdktf synth of the project", ms(median("cli-synth"))],
    ["CLI cost on top of the main job (cdktf synth - main job)", ms(difference("cli-synth", "shipped"))],
    [
      "CLI synth beyond its --version start-up (no-op synth - --version)",
      ms(difference("cli-noop", "cli-version")),
    ],
    [
      `unit tests (lint, type-check, Jest without the real-Terraform suite), ${options.testsReference ? `median of ${UNIT_TESTS_ROUNDS} in turn with the reference` : "once"}`,
      unitTests
        ? `${(unitTests.wallMs / 1000).toFixed(1)} s (status ${unitTests.status})`
        : "not run (--with-tests)",
    ],
    [
      `unit tests of the reference checkout${options.testsReference ? ` ${options.testsReference}` : ""}, median of ${UNIT_TESTS_ROUNDS}`,
      unitTestsReference
        ? `${(unitTestsReference.wallMs / 1000).toFixed(1)} s (status ${unitTestsReference.status})`
        : "not run (--tests-reference)",
    ],
    [
      "real-Terraform suite (npx jest __tests__/terraform), once",
      !terraformSuite
        ? "not run (--with-tests)"
        : terraformSuite.suiteMs === undefined
          ? `skipped: ${terraformSuite.skipped}`
          : `${(terraformSuite.suiteMs / 1000).toFixed(1)} s (status ${terraformSuite.status}), ${
              terraformSuite.floorMs
                ? `${(terraformSuite.suiteMs / terraformSuite.floorMs).toFixed(0)}x the floor`
                : ""
            }`,
    ],
    ["Terraform floor (terraform validate, one aws provider)", ms(terraformSuite?.floorMs)],
  ];

  const header = [
    `${options.project ? `Checkout ${options.project}` : "This project"}${source ? ` at ${source.commit}${source.modified ? " with local changes" : ""}` : ""}`,
    `Node ${machine.node}, ${machine.cpus} CPU(s) ${machine.cpuModel}, ${machine.platform}/${machine.arch}; load average ${loadBefore.join(" ")} before, ${loadAfter.join(" ")} after`,
    `${options.runs} measured run(s) per case after a cold one, interleaved; peak RSS and CPU time by ${meter.rssMethod}`,
    `floor loads cdktf and ${providerModules.join(", ")}`,
  ];
  console.log(
    [
      ...header,
      "",
      casesTable(summaries),
      "",
      "Marginal cost per environment (slopes between scale points within each round, median over rounds):",
      "",
      marginalTable(marginal),
      "",
      factsTable(facts),
      "",
      targetsTable(targets),
    ].join("\n"),
  );

  const output = path.resolve(PROJECT_DIR, options.output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(
    output,
    toJson({
      date: new Date().toISOString(),
      measured: {
        checkout: options.project ? "another checkout (--project)" : "this project",
        commit: source?.commit ?? null,
        modified: source?.modified ?? null,
      },
      machine,
      loadAverage: { before: loadBefore, after: loadAfter },
      options: {
        runs: options.runs,
        scalePoints: options.scalePoints,
        quick: options.quick,
        withTests: options.withTests,
        testsReference: options.testsReference ?? null,
      },
      rssMethod: meter.rssMethod,
      floorModules: ["cdktf", ...providerModules],
      scenarioShape: DEFAULT_SHAPE,
      cases: summaries,
      marginal,
      oneOffs: {
        npmRunSynthMs: npmSynth.wallMs,
        sameStacks: sameStacks ?? null,
        unitTests: unitTests ?? null,
        unitTestsReference: unitTestsReference ?? null,
        terraformSuite: terraformSuite ?? null,
      },
      targets,
    }),
  );
  console.log(`\nWrote ${path.relative(PROJECT_DIR, output).split(path.sep).join("/")}`);
  const failed = targets.filter((target) => target.verdict === "FAIL");
  return options.strict && failed.length > 0 ? 1 : 0;
}

function main(): number {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-bench-"));
  const cleanup = () => fs.rmSync(root, { recursive: true, force: true });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  try {
    return bench(options, root);
  } catch (error) {
    console.error(`\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    cleanup();
  }
}

process.exitCode = main();
