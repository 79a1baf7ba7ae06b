import * as fs from "node:fs";
import * as path from "node:path";
import { floorScript, noopAppScript, packProviderModules } from "./floor";
import type { CommandSpec, Sample } from "./measure";
import { copyProject, type ProjectCopy } from "./project-copy";

/** The kinds of measured case, which decide how the report uses them. */
export type CaseKind = "floor" | "shipped" | "scale" | "plain" | "cli-version" | "cli-noop" | "cli-synth";

/** One command the benchmark times in every round. */
export interface BenchCase {
  /** Short name shown in the table, e.g. "scale-100". */
  readonly name: string;
  readonly kind: CaseKind;
  /** What the row means. */
  readonly description: string;
  /** The number of environments synthesized; 0 for cases that synthesize none. */
  readonly environments: number;
  /** The command as shown in reports: relative names only. */
  readonly shown: string;
  readonly spec: CommandSpec;
  /** Called before every run, e.g. to remove the previous run's marker. */
  readonly prepare: () => void;
  /** Throws when a run did not do its job. */
  readonly verify: (sample: Sample) => void;
}

/** The main job's command, as `npm run synth` runs it. */
export const MAIN_JOB_ARGS = ["-r", "./scripts/register-ts.js", "main.ts"] as const;

/** The plain-CDKTF baseline: the scale copies' stacks without the pack (see plain-cdktf-app.ts). */
export const PLAIN_APP_FILE = "tools/bench/plain-cdktf-app.ts";
/** Where the baseline writes, beside the pack's cdktf.out, so that the two can be compared. */
export const PLAIN_OUTDIR = "cdktf.plain.out";

const FLOOR_FILE = "bench-floor.js";
const NOOP_APP_FILE = "bench-noop-app.js";
const NOOP_OUTDIR = "cdktf.noop.out";

/** The last lines of a run's output, for error messages. */
function tail(sample: Sample): string {
  const lines = `${sample.stdout}\n${sample.stderr}`.trim().split("\n");
  return lines.slice(-15).join("\n");
}

function requireSuccess(name: string, sample: Sample): void {
  if (sample.status !== 0) throw new Error(`${name} exited with status ${sample.status}:\n${tail(sample)}`);
}

/**
 * A check that the run wrote exactly the copy's stacks: the manifest (removed before each run)
 * names them, and each has its `cdk.tf.json`.
 */
function synthCheck(
  name: string,
  copy: ProjectCopy,
  outdir = "cdktf.out",
): Pick<BenchCase, "prepare" | "verify"> {
  const manifest = path.join(copy.dir, outdir, "manifest.json");
  return {
    prepare: () => fs.rmSync(manifest, { force: true }),
    verify: (sample) => {
      requireSuccess(name, sample);
      if (!fs.existsSync(manifest))
        throw new Error(`${name} wrote no ${outdir}/manifest.json:\n${tail(sample)}`);
      const stacks = Object.keys(
        (JSON.parse(fs.readFileSync(manifest, "utf8")) as { stacks: object }).stacks,
      );
      const stacksDir = path.join(copy.dir, outdir, "stacks");
      const folders = fs.readdirSync(stacksDir).filter((entry) => {
        return fs.existsSync(path.join(stacksDir, entry, "cdk.tf.json"));
      });
      const expected = [...copy.environments].sort().join(",");
      if ([...stacks].sort().join(",") !== expected || [...folders].sort().join(",") !== expected) {
        throw new Error(
          `${name} synthesized ${stacks.length} stack(s) in the manifest and ${folders.length} stack folder(s), expected ${copy.environments.length}: ${copy.environments.join(", ")}`,
        );
      }
    },
  };
}

function installedVersion(projectDir: string, packageName: string): string {
  const file = path.join(projectDir, "node_modules", packageName, "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** The copies and cases of one benchmark, and the provider modules the floor loads. */
export interface PreparedCases {
  readonly cases: readonly BenchCase[];
  /** The copy with the shipped environments; the CLI and one-off runs use it too. */
  readonly shipped: ProjectCopy;
  /** The copy of the largest scale point, where the plain-CDKTF baseline runs beside the pack. */
  readonly largest?: ProjectCopy;
  readonly providerModules: readonly string[];
}

/**
 * Copies the project into `root` (once with the shipped environments, once per scale point with
 * generated ones) and describes every case run in the rounds.
 */
export function prepareCases(
  projectDir: string,
  root: string,
  scalePoints: readonly number[],
): PreparedCases {
  const providerModules = packProviderModules(projectDir);
  const shipped = copyProject(projectDir, root, "shipped");
  fs.writeFileSync(path.join(shipped.dir, FLOOR_FILE), floorScript(providerModules));
  fs.writeFileSync(
    path.join(shipped.dir, NOOP_APP_FILE),
    noopAppScript(installedVersion(projectDir, "cdktf")),
  );
  const node = process.execPath;
  const mainJob = (copy: ProjectCopy): CommandSpec => ({ command: node, args: MAIN_JOB_ARGS, cwd: copy.dir });
  const shownMainJob = `node ${MAIN_JOB_ARGS.join(" ")}`;

  const cases: BenchCase[] = [
    {
      name: "floor",
      kind: "floor",
      description: `node loading cdktf and the ${providerModules.length} provider submodules the pack imports; no synth`,
      environments: 0,
      shown: `node ${FLOOR_FILE}`,
      spec: { command: node, args: [FLOOR_FILE], cwd: shipped.dir },
      prepare: () => undefined,
      verify: (sample) => requireSuccess("floor", sample),
    },
    {
      name: "shipped",
      kind: "shipped",
      description: `the main job on the shipped environments (${shipped.environments.join(", ")})`,
      environments: shipped.environments.length,
      shown: shownMainJob,
      spec: mainJob(shipped),
      ...synthCheck("shipped", shipped),
    },
  ];
  let largest: ProjectCopy | undefined;
  for (const count of scalePoints) {
    const copy = copyProject(projectDir, root, `scale-${count}`, { generated: count });
    largest = copy;
    cases.push({
      name: `scale-${count}`,
      kind: "scale",
      description: `the main job on ${count} generated environment(s)`,
      environments: count,
      shown: shownMainJob,
      spec: mainJob(copy),
      ...synthCheck(`scale-${count}`, copy),
    });
  }
  if (largest) {
    // The baseline is the measured checkout's, so that it writes what that checkout's pack writes.
    fs.cpSync(path.join(projectDir, "tools"), path.join(largest.dir, "tools"), { recursive: true });
    const count = largest.environments.length;
    const args = ["-r", "./scripts/register-ts.js", PLAIN_APP_FILE, String(count), PLAIN_OUTDIR];
    cases.push({
      name: `plain-${count}`,
      kind: "plain",
      description: `plain CDKTF constructs synthesizing the same ${count} stacks: no config checks, guards or review metadata`,
      environments: count,
      shown: `node ${args.join(" ")}`,
      spec: { command: node, args, cwd: largest.dir },
      ...synthCheck(`plain-${count}`, largest, PLAIN_OUTDIR),
    });
  }
  const cliVersion = installedVersion(projectDir, "cdktf-cli");
  const noopManifest = path.join(shipped.dir, NOOP_OUTDIR, "manifest.json");
  cases.push(
    {
      name: "cli-version",
      kind: "cli-version",
      description: "the CLI's start-up: npx cdktf --version",
      environments: 0,
      shown: "npx cdktf --version",
      spec: { command: "npx", args: ["cdktf", "--version"], cwd: shipped.dir },
      prepare: () => undefined,
      verify: (sample) => {
        requireSuccess("cli-version", sample);
        if (!sample.stdout.includes(cliVersion))
          throw new Error(
            `cli-version printed ${JSON.stringify(sample.stdout.trim())}, expected ${cliVersion}`,
          );
      },
    },
    {
      name: "cli-noop",
      kind: "cli-noop",
      description: "the CLI's synth around a no-op app that only writes an empty manifest",
      environments: 0,
      shown: `npx cdktf synth --app "node ${NOOP_APP_FILE}" --output ${NOOP_OUTDIR}`,
      spec: {
        command: "npx",
        args: ["cdktf", "synth", "--app", `node ${NOOP_APP_FILE}`, "--output", NOOP_OUTDIR],
        cwd: shipped.dir,
      },
      prepare: () => fs.rmSync(noopManifest, { force: true }),
      verify: (sample) => {
        requireSuccess("cli-noop", sample);
        if (!fs.existsSync(noopManifest)) throw new Error(`cli-noop wrote no manifest:\n${tail(sample)}`);
      },
    },
    {
      name: "cli-synth",
      kind: "cli-synth",
      description: "the main job through the CLI (cdktf.json's app) on the shipped environments",
      environments: shipped.environments.length,
      shown: "npx cdktf synth",
      spec: { command: "npx", args: ["cdktf", "synth"], cwd: shipped.dir },
      ...synthCheck("cli-synth", shipped),
    },
  );
  return { cases, shipped, largest, providerModules };
}

/** `npm run synth` in the shipped copy, run once: the main job plus npm's own start-up. */
export function npmSynthCase(shipped: ProjectCopy): BenchCase {
  return {
    name: "npm-run-synth",
    kind: "shipped",
    description: "npm run synth on the shipped environments, once, for information",
    environments: shipped.environments.length,
    shown: "npm run synth",
    spec: { command: "npm", args: ["run", "--silent", "synth"], cwd: shipped.dir },
    ...synthCheck("npm-run-synth", shipped),
  };
}
