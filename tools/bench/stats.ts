/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A point of a cost curve: a number of environments and what they cost. */
export interface CurvePoint {
  readonly environments: number;
  readonly value: number;
}

/** The cost of one more environment between two points of a curve. */
export interface Slope {
  readonly from: number;
  readonly to: number;
  /** (value at `to` - value at `from`) / (to - from). */
  readonly perEnvironment: number;
  /** Whether the slope spans several segments (other points lie between `from` and `to`). */
  readonly spansSegments: boolean;
}

function slope(a: CurvePoint, b: CurvePoint, spansSegments: boolean): Slope {
  return {
    from: a.environments,
    to: b.environments,
    perEnvironment: (b.value - a.value) / (b.environments - a.environments),
    spansSegments,
  };
}

/**
 * Slopes between consecutive points, then, when more than two points start at 10 or more
 * environments, the slope across all of them (e.g. 10 to 100).
 */
export function slopes(points: readonly CurvePoint[]): Slope[] {
  const sorted = [...points].sort((a, b) => a.environments - b.environments);
  const result: Slope[] = [];
  for (let i = 1; i < sorted.length; i++) result.push(slope(sorted[i - 1], sorted[i], false));
  const large = sorted.filter((point) => point.environments >= 10);
  if (large.length > 2) result.push(slope(large[0], large[large.length - 1], true));
  return result;
}
