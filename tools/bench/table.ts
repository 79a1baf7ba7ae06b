import type { CaseSummary, MarginalCost } from "./summary";
import type { TargetResult } from "./targets";

/** A Markdown table with padded columns; `right` marks right-aligned (numeric) columns. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly boolean[] = [],
): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (right[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (right[column] ? `${"-".repeat(width + 1)}:` : "-".repeat(width + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "?");

/** The main table: one row per case. */
export function casesTable(summaries: readonly CaseSummary[]): string {
  return markdownTable(
    ["case", "envs", "median ms", "min-max ms", "x floor", "CPU ms", "peak RSS MB", "cold ms", "cold RSS MB"],
    summaries.map((summary) => [
      summary.name,
      String(summary.environments),
      fixed(summary.medianMs),
      `${fixed(summary.minMs)}-${fixed(summary.maxMs)}`,
      fixed(summary.ratioToFloor, 2),
      fixed(summary.medianCpuMs),
      fixed(summary.peakRssMb),
      fixed(summary.coldMs),
      fixed(summary.coldPeakRssMb),
    ]),
    [false, true, true, true, true, true, true, true, true],
  );
}

/** Marginal cost per environment between scale points. */
export function marginalTable(marginal: readonly MarginalCost[]): string {
  return markdownTable(
    ["environments", "ms per env", "MB per env"],
    marginal.map((cost) => [
      `${cost.from} -> ${cost.to}`,
      fixed(cost.msPerEnvironment, 1),
      fixed(cost.mbPerEnvironment, 2),
    ]),
    [false, true, true],
  );
}

/** Labelled one-off numbers, e.g. the CLI's start-up and the test command. */
export function factsTable(facts: readonly (readonly [string, string])[]): string {
  return markdownTable(["measure", "value"], facts, [false, true]);
}

/** The targets with PASS, FAIL or SKIP. */
export function targetsTable(results: readonly TargetResult[]): string {
  return markdownTable(
    ["verdict", "target", "limit", "measured", "note"],
    results.map((result) => [
      result.verdict,
      result.target,
      result.limit,
      result.measured,
      result.note ?? "",
    ]),
  );
}
