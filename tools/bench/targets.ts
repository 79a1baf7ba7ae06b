import type { CaseSummary, MarginalCost } from "./summary";

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

/** The targets' numbers, in one place. */
export const LIMITS = {
  /** Main job on the shipped environments, as a multiple of the floor. */
  shippedRatio: 2,
  shippedRatioGoal: 1.5,
  /** 100 generated environments: total wall time and peak RSS. */
  scale100Ms: 2500,
  scale100RssMb: 250,
  /** Marginal cost of one environment, on every segment. */
  marginalMs: 20,
  /**
   * Flat from 10 to 100: every segment's slope from 10 environments up is within this factor of
   * the others, plus `flatSlackMs` for measurement noise.
   */
  flatFactor: 1.25,
  flatSlackMs: 1,
  /** The CLI may add its own start-up (a no-op app's synth) and this share of it for noise. */
  cliSlack: 0.1,
  testsMs: 60_000,
} as const;

/** The one-off measurements the targets use besides the rounds. */
export interface OneOffs {
  /** The test command's wall time and exit status, when it was run. */
  readonly tests?: { readonly wallMs: number; readonly status: number | null };
}

const ms = (value: number) => `${Math.round(value)} ms`;

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
  const byName = new Map(summaries.map((summary) => [summary.name, summary]));
  const results: TargetResult[] = [];

  const shipped = byName.get("shipped");
  if (shipped) {
    const ratio = shipped.ratioToFloor;
    results.push({
      target: "main job on the shipped environments, vs the floor",
      limit: `<= ${LIMITS.shippedRatio}x (goal ${LIMITS.shippedRatioGoal}x)`,
      measured: `${ratio.toFixed(2)}x`,
      verdict: verdict(ratio <= LIMITS.shippedRatio),
      note: `goal ${ratio <= LIMITS.shippedRatioGoal ? "met" : "missed"}`,
    });
  }

  const scale100 = byName.get("scale-100");
  const timeTarget = "100 generated environments, total wall time";
  const rssTarget = "100 generated environments, peak RSS";
  if (scale100) {
    results.push({
      target: timeTarget,
      limit: `<= ${ms(LIMITS.scale100Ms)}`,
      measured: ms(scale100.medianMs),
      verdict: verdict(scale100.medianMs <= LIMITS.scale100Ms),
    });
    results.push({
      target: rssTarget,
      limit: `<= ${LIMITS.scale100RssMb} MB`,
      measured: `${scale100.peakRssMb.toFixed(0)} MB`,
      verdict: verdict(scale100.peakRssMb <= LIMITS.scale100RssMb),
    });
  } else {
    results.push(skipped(timeTarget, `<= ${ms(LIMITS.scale100Ms)}`, "no scale point of 100"));
    results.push(skipped(rssTarget, `<= ${LIMITS.scale100RssMb} MB`, "no scale point of 100"));
  }

  const marginalTarget = "marginal cost per environment, every segment";
  const consecutive = marginal.filter((slope) => !slope.spansSegments);
  if (consecutive.length > 0) {
    const worst = Math.max(...consecutive.map((slope) => slope.msPerEnvironment));
    results.push({
      target: marginalTarget,
      limit: `<= ${LIMITS.marginalMs} ms`,
      measured: `${worst.toFixed(1)} ms (worst)`,
      verdict: verdict(worst <= LIMITS.marginalMs),
    });
  } else {
    results.push(skipped(marginalTarget, `<= ${LIMITS.marginalMs} ms`, "fewer than two scale points"));
  }

  const flatTarget = "marginal cost flat from 10 to 100 environments";
  const flatLimit = `max <= ${LIMITS.flatFactor}x min + ${LIMITS.flatSlackMs} ms`;
  const large = consecutive.filter((slope) => slope.from >= 10);
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

  const cliSynth = byName.get("cli-synth");
  const cliNoop = byName.get("cli-noop");
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

  const testsTarget = "test command (npm test) wall time";
  const testsLimit = `< ${LIMITS.testsMs / 1000} s`;
  if (oneOffs.tests) {
    const { wallMs, status } = oneOffs.tests;
    results.push({
      target: testsTarget,
      limit: testsLimit,
      measured: `${(wallMs / 1000).toFixed(1)} s`,
      // A run that failed may have stopped early: its time says nothing about the target.
      verdict: verdict(status === 0 && wallMs < LIMITS.testsMs),
      note: status === 0 ? "tests passed" : `the test command exited with status ${status}`,
    });
  } else {
    results.push(skipped(testsTarget, testsLimit, "run with --with-tests"));
  }
  return results;
}
