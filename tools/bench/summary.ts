import type { BenchCase, CaseKind } from "./cases";
import type { Sample } from "./measure";
import { type CurvePoint, median, type Slope, slopes } from "./stats";

/** The measurements of one case over all rounds. */
export interface CaseSummary {
  readonly name: string;
  readonly kind: CaseKind;
  readonly description: string;
  /** Environments synthesized; 0 when none. */
  readonly environments: number;
  /** The command, with relative names only. */
  readonly command: string;
  /** The first run, in a fresh copy whose transpile cache is empty. */
  readonly coldMs: number;
  readonly coldPeakRssMb: number;
  /** Wall time of each measured run, in round order. */
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median user plus system CPU time of the process tree. */
  readonly medianCpuMs: number;
  /** Peak RSS of each measured run, in round order. */
  readonly runsPeakRssMb: readonly number[];
  /** The largest peak RSS of the measured runs. */
  readonly peakRssMb: number;
  readonly medianPeakRssMb: number;
  /** The median over rounds of this case's time divided by the floor's time in the same round. */
  readonly ratioToFloor: number;
}

/** What each case measured: the cold run, then one sample per round. */
export interface CaseSamples {
  readonly benchCase: BenchCase;
  readonly cold: Sample;
  readonly rounds: readonly Sample[];
}

const MB = 1024;

/** Summarizes every case; the floor's samples give the per-round ratios. */
export function summarize(all: readonly CaseSamples[]): CaseSummary[] {
  const floor = all.find((samples) => samples.benchCase.kind === "floor");
  if (!floor) throw new Error("no floor case, expected one to compare with");
  return all.map(({ benchCase, cold, rounds }) => {
    const times = rounds.map((sample) => sample.wallMs);
    const rss = rounds.map((sample) => sample.peakRssKb / MB);
    return {
      name: benchCase.name,
      kind: benchCase.kind,
      description: benchCase.description,
      environments: benchCase.environments,
      command: benchCase.shown,
      coldMs: cold.wallMs,
      coldPeakRssMb: cold.peakRssKb / MB,
      runsMs: times,
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      medianCpuMs: median(rounds.map((sample) => sample.cpuMs)),
      runsPeakRssMb: rss,
      peakRssMb: Math.max(...rss),
      medianPeakRssMb: median(rss),
      ratioToFloor: medianRatio({ runsMs: times }, { runsMs: floor.rounds.map((sample) => sample.wallMs) }),
    };
  });
}

/**
 * The median over rounds of `a`'s time divided by `b`'s in the same round: runs close in time
 * share the machine's slow and fast phases, which cancel out.
 */
export function medianRatio(a: Pick<CaseSummary, "runsMs">, b: Pick<CaseSummary, "runsMs">): number {
  const rounds = Math.min(a.runsMs.length, b.runsMs.length);
  if (rounds === 0) return Number.NaN;
  return median(Array.from({ length: rounds }, (_, round) => a.runsMs[round] / b.runsMs[round]));
}

/** The marginal cost of one more environment between scale points. */
export interface MarginalCost {
  readonly from: number;
  readonly to: number;
  /** Milliseconds of wall time per environment: the median over rounds of each round's slope. */
  readonly msPerEnvironment: number;
  /** Megabytes of peak RSS per environment, the same way. */
  readonly mbPerEnvironment: number;
  /** Whether the cost spans several segments, e.g. 10 to 100 across 30. */
  readonly spansSegments: boolean;
}

/**
 * Slopes of time and memory between the scale cases (see `slopes`), computed within each round,
 * whose runs are close in time, then the median over rounds, so that slow phases of a busy
 * machine cancel out as they do in the ratios to the floor.
 */
export function marginalCosts(summaries: readonly CaseSummary[]): MarginalCost[] {
  const scale = summaries.filter((summary) => summary.kind === "scale");
  const rounds = Math.min(...scale.map((summary) => summary.runsMs.length));
  if (scale.length < 2 || !Number.isFinite(rounds) || rounds === 0) return [];
  const perRound = (series: (summary: CaseSummary) => readonly number[]): Slope[][] =>
    Array.from({ length: rounds }, (_, round) =>
      slopes(
        scale.map((summary): CurvePoint => ({
          environments: summary.environments,
          value: series(summary)[round],
        })),
      ),
    );
  const time = perRound((summary) => summary.runsMs);
  const memory = perRound((summary) => summary.runsPeakRssMb);
  return time[0].map((segment, i) => ({
    from: segment.from,
    to: segment.to,
    msPerEnvironment: median(time.map((slopesOfRound) => slopesOfRound[i].perEnvironment)),
    mbPerEnvironment: median(memory.map((slopesOfRound) => slopesOfRound[i].perEnvironment)),
    spansSegments: segment.spansSegments,
  }));
}
