import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

/** A command to run and time. */
export interface CommandSpec {
  /** The executable: `process.execPath`, "npx", "npm", ... */
  readonly command: string;
  readonly args: readonly string[];
  /** The working directory. */
  readonly cwd: string;
  /** Added to the environment of the run. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What one run took. */
export interface Sample {
  /** Wall time from spawning the process to its exit, in milliseconds. */
  readonly wallMs: number;
  /** Peak resident set size of the process or its largest descendant, in kilobytes. */
  readonly peakRssKb: number;
  /** User plus system CPU time of the process and its descendants, in milliseconds. */
  readonly cpuMs: number;
  /** The exit status; null when a signal ended the process. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How peak RSS and CPU time are read: GNU time's `%M %U %S` (the largest process of the tree, and
 * the CPU time of all of it), or, without GNU time, a preloaded script that appends each Node
 * process's `resourceUsage()` at exit.
 */
export type RssMethod = "gnu-time" | "node-preload";

const GNU_TIME = "/usr/bin/time";

const GNU_TIME_FORMAT = "%M %U %S";

const PRELOAD = `"use strict";
process.on("exit", () => {
  const usage = process.resourceUsage();
  const line = [usage.maxRSS, usage.userCPUTime / 1e6, usage.systemCPUTime / 1e6].join(" ");
  require("node:fs").appendFileSync(process.env.BENCH_USAGE_FILE, line + "\\n");
});
`;

/** Whether GNU time is installed and writes `%M` to a file. */
function hasGnuTime(workDir: string): boolean {
  if (!fs.existsSync(GNU_TIME)) return false;
  const out = path.join(workDir, "time-probe.txt");
  const probe = spawnSync(GNU_TIME, ["-f", GNU_TIME_FORMAT, "-o", out, process.execPath, "-e", "0"], {
    stdio: "ignore",
  });
  const ok = probe.status === 0 && fs.existsSync(out) && usageLines(out).length === 1;
  fs.rmSync(out, { force: true });
  return ok;
}

/** Lines of "<max RSS KB> <user s> <system s>" in a usage file (GNU time may add a status line). */
function usageLines(file: string): Array<[number, number, number]> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => /^\d+ [\d.]+ [\d.]+$/.test(line.trim()))
    .map((line) => line.trim().split(" ").map(Number) as [number, number, number]);
}

/** The largest RSS and the total CPU time of the processes in a usage file. */
function usage(file: string): { peakRssKb: number; cpuMs: number } {
  const lines = usageLines(file);
  if (lines.length === 0) return { peakRssKb: Number.NaN, cpuMs: Number.NaN };
  return {
    peakRssKb: Math.max(...lines.map(([rss]) => rss)),
    cpuMs: lines.reduce((sum, [, user, system]) => sum + (user + system) * 1000, 0),
  };
}

/** Runs commands one at a time and measures their wall time and peak RSS. */
export class Meter {
  readonly rssMethod: RssMethod;
  private readonly usageFile: string;
  private readonly preload: string;

  /** @param workDir a scratch folder for the meter's own files */
  constructor(workDir: string) {
    this.usageFile = path.join(workDir, "usage.txt");
    this.preload = path.join(workDir, "usage-preload.js");
    this.rssMethod = hasGnuTime(workDir) ? "gnu-time" : "node-preload";
    if (this.rssMethod === "node-preload") fs.writeFileSync(this.preload, PRELOAD);
  }

  /** Runs `spec` once, to completion. */
  run(spec: CommandSpec): Sample {
    fs.rmSync(this.usageFile, { force: true });
    // The runs must not inherit options that change what Node does (source maps, preloads).
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", ...spec.env };
    delete env.NODE_OPTIONS;
    let command = spec.command;
    let args = [...spec.args];
    if (this.rssMethod === "gnu-time") {
      args = ["-f", GNU_TIME_FORMAT, "-o", this.usageFile, command, ...args];
      command = GNU_TIME;
    } else {
      env.NODE_OPTIONS = `--require ${JSON.stringify(this.preload)}`;
      env.BENCH_USAGE_FILE = this.usageFile;
    }
    const start = performance.now();
    const result = spawnSync(command, args, {
      cwd: spec.cwd,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = performance.now() - start;
    if (result.error) throw new Error(`could not run ${spec.command}: ${result.error.message}`);
    return {
      wallMs,
      ...usage(this.usageFile),
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  }
}
