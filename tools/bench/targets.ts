import { type CaseSummary, type MarginalCost, medianRatio } from "./summary";

/** PASS or FAIL against a target; SKIP when this run did not measure it. */
export type Verdict = "PASS" | "FAIL" | "SKIP";

/** One target of the issue and how this run did against it. */
export interface TargetResult {
  readonly target: string;
  /** The limit, as text. */
  readonly limit: string;
  /** What was measured, as text; "-" when skipped. */
  readonly measured: string;
  readonly verdict: Verdict;
  /** A goal beyond the limit, or why the target was skipped. */
  readonly note?: string;
}

/** The targets' numbers, in one place: ratios to what the same run measured beside them. */
export const LIMITS = {
  /** Main job on the shipped environments, as a multiple of the floor. */
  shippedRatio: 1.5,
  /** The largest scale point (100 environments by default), as a multiple of plain CDKTF. */
  plainRatio: 1.2,
  /**
   * Flat from 10 to 100: every segment's slope from 10 environments up is within this factor of
   * the others, plus `flatSlackMs` for measurement noise.
   */
  flatFactor: 1.25,
  flatSlackMs: 1,
  /** The CLI may add its own start-up (a no-op app's synth) and this share of it for noise. */
  cliSlack: 0.1,
  /** The unit tests, as a multiple of a reference checkout's (--tests-reference) in the same run. */
  unitTestsRatio: 0.75,
  /** The real-Terraform suite on this machine, in seconds (the limit is set for 2 cores). */
  terraformSuiteSeconds: 180,
} as const;

/** A command timed once, and how it ended. */
export interface OneOff {
  readonly wallMs: number;
  readonly status: number | null;
}

/** The one-off measurements the targets use besides the rounds. */
export interface OneOffs {
  /** Whether the plain-CDKTF baseline wrote the pack's stacks, metadata aside; the differences otherwise. */
  readonly sameStacks?: readonly string[];
  /** The unit tests (lint, type-check, Jest without the real-Terraform suite), when timed. */
  readonly unitTests?: OneOff;
  /** The same in the reference checkout, in the same run. */
  readonly unitTestsReference?: OneOff;
  /** The real-Terraform suite, when it ran; `cpus` is this machine's. */
  readonly terraformSuite?: OneOff & { readonly cpus: number };
}

const ms = (value: number) => `${Math.round(value)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

function verdict(ok: boolean): Verdict {
  return ok ? "PASS" : "FAIL";
}

function skipped(target: string, limit: string, note: string): TargetResult {
  return { target, limit, measured: "-", verdict: "SKIP", note };
}

/** Evaluates every target of the issue against this run's numbers. */
export function evaluateTargets(
  summaries: readonly CaseSummary[],
  marginal: readonly MarginalCost[],
  oneOffs: OneOffs,
): TargetResult[] {
  const results: TargetResult[] = [];

  const shipped = summaries.find((summary) => summary.kind === "shipped");
  if (shipped) {
    const ratio = shipped.ratioToFloor;
    results.push({
      target: "main job on the shipped environments, vs the floor",
      limit: `<= ${LIMITS.shippedRatio}x`,
      measured: `${ratio.toFixed(2)}x`,
      verdict: verdict(ratio <= LIMITS.shippedRatio),
      note: `${ms(shipped.medianMs)}; floor: node, cdktf and the provider submodules`,
    });
  }

  const plain = summaries.find((summary) => summary.kind === "plain");
  const packAtScale = summaries.find(
    (summary) => summary.kind === "scale" && summary.environments === plain?.environments,
  );
  const sameTarget = "plain-CDKTF baseline writes the pack's stacks, metadata aside";
  const plainTarget = "generated environments vs plain CDKTF, same stacks";
  if (plain && packAtScale && oneOffs.sameStacks) {
    const differences = oneOffs.sameStacks;
    results.push({
      target: sameTarget,
      limit: "no difference",
      measured: differences.length === 0 ? "same" : `${differences.length} difference(s)`,
      verdict: verdict(differences.length === 0),
      note: differences.slice(0, 3).join("; ") || `${plain.environments} stacks compared`,
    });
    const ratio = medianRatio(packAtScale, plain);
    results.push({
      target: `${plainTarget} (${plain.environments})`,
      limit: `<= ${LIMITS.plainRatio}x`,
      measured: `${ratio.toFixed(2)}x`,
      // A baseline that writes other stacks measures something else.
      verdict: verdict(ratio <= LIMITS.plainRatio && differences.length === 0),
      note: `pack ${ms(packAtScale.medianMs)}, plain CDKTF ${ms(plain.medianMs)}`,
    });
  } else {
    results.push(skipped(sameTarget, "no difference", "no scale point"));
    results.push(skipped(plainTarget, `<= ${LIMITS.plainRatio}x`, "no scale point"));
  }

  const flatTarget = "marginal cost flat from 10 to 100 environments";
  const flatLimit = `max <= ${LIMITS.flatFactor}x min + ${LIMITS.flatSlackMs} ms`;
  const large = marginal.filter((slope) => !slope.spansSegments && slope.from >= 10);
  if (large.length >= 2) {
    const values = large.map((slope) => slope.msPerEnvironment);
    const [low, high] = [Math.min(...values), Math.max(...values)];
    results.push({
      target: flatTarget,
      limit: flatLimit,
      measured: large
        .map((slope) => `${slope.from}-${slope.to}: ${slope.msPerEnvironment.toFixed(1)}`)
        .join(", "),
      verdict: verdict(high <= LIMITS.flatFactor * low + LIMITS.flatSlackMs),
    });
  } else {
    results.push(skipped(flatTarget, flatLimit, "needs scale points such as 10, 30 and 100"));
  }

  const cliSynth = summaries.find((summary) => summary.kind === "cli-synth");
  const cliNoop = summaries.find((summary) => summary.kind === "cli-noop");
  if (cliSynth && cliNoop && shipped) {
    const overhead = cliSynth.medianMs - shipped.medianMs;
    const allowed = cliNoop.medianMs * (1 + LIMITS.cliSlack);
    results.push({
      target: "cdktf synth through the CLI, on top of the main job",
      limit: `<= the CLI's own start-up (no-op app synth, ${ms(cliNoop.medianMs)}) + ${LIMITS.cliSlack * 100}%`,
      measured: ms(overhead),
      verdict: verdict(overhead <= allowed),
      note: `cdktf synth ${ms(cliSynth.medianMs)}, main job ${ms(shipped.medianMs)}`,
    });
  }

  const testsTarget = "unit tests (lint, type-check, Jest without real Terraform), vs a reference checkout";
  const testsLimit = `<= ${LIMITS.unitTestsRatio}x`;
  const { unitTests, unitTestsReference } = oneOffs;
  if (unitTests && unitTestsReference) {
    const ratio = unitTests.wallMs / unitTestsReference.wallMs;
    // A run that failed may have stopped early: its time says nothing about the target.
    const passed = unitTests.status === 0 && unitTestsReference.status === 0;
    results.push({
      target: testsTarget,
      limit: testsLimit,
      measured: `${ratio.toFixed(2)}x`,
      verdict: verdict(passed && ratio <= LIMITS.unitTestsRatio),
      note: passed
        ? `${seconds(unitTests.wallMs)} here, ${seconds(unitTestsReference.wallMs)} in the reference`
        : `exit status ${unitTests.status} here, ${unitTestsReference.status} in the reference`,
    });
  } else {
    results.push(
      skipped(
        testsTarget,
        testsLimit,
        unitTests
          ? `${seconds(unitTests.wallMs)} here; give --tests-reference DIR for the ratio`
          : "run with --with-tests",
      ),
    );
  }

  const suiteTarget = "real-Terraform suite (npx jest __tests__/terraform)";
  const suiteLimit = `< ${LIMITS.terraformSuiteSeconds} s on 2 cores`;
  const suite = oneOffs.terraformSuite;
  if (suite) {
    results.push({
      target: suiteTarget,
      limit: suiteLimit,
      measured: seconds(suite.wallMs),
      verdict: verdict(suite.status === 0 && suite.wallMs < LIMITS.terraformSuiteSeconds * 1000),
      note: `${suite.cpus} CPU(s) here; exit status ${suite.status}`,
    });
  } else {
    results.push(skipped(suiteTarget, suiteLimit, "run with --with-tests, where Terraform can run"));
  }
  return results;
}
