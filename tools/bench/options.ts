/** What `npm run bench` was asked to do. */
export interface BenchOptions {
  /** Measured runs of every case, after one cold run each. */
  readonly runs: number;
  /** Numbers of generated environments, ascending. */
  readonly scalePoints: readonly number[];
  /** Also time the unit tests and the real-Terraform suite once. */
  readonly withTests: boolean;
  /**
   * Another checkout (with its node_modules) whose unit tests are timed too, in the same run, for
   * the ratio target; relative to the working directory. Implies `withTests`.
   * @default - no reference: the unit tests' time is shown without a verdict
   */
  readonly testsReference?: string;
  /** A smoke check: fewer runs and scale points. */
  readonly quick: boolean;
  /** Where the results go, relative to the project. */
  readonly output: string;
  /** Exit with status 1 when a target fails, e.g. to gate a CI job. */
  readonly strict: boolean;
  /**
   * The checkout to measure, e.g. a copy with a change to compare; relative to the working directory.
   * @default - this project
   */
  readonly project?: string;
}

export const USAGE = `Usage: npm run bench -- [options]

  --runs N          measured runs of every case (default 5; 2 with --quick)
  --quick           smoke check: 2 runs, scale points 1, 10 and 100
  --scale A,B,...   numbers of generated environments (default 1,10,30,100)
  --with-tests      also time the unit tests and the real-Terraform suite once (minutes)
  --tests-reference DIR
                    also time the unit tests of another checkout (with its node_modules), e.g.
                    the commit before a change, for the ratio target: the two take turns, twice
                    each; implies --with-tests
  --output FILE     results file, relative to the project (default bench/results.json)
  --strict          exit with status 1 when a target fails (a failed or wrong run always does)
  --project DIR     measure another checkout of the pack (with its node_modules), e.g. to
                    compare a change; results still go to this project's --output
  --help            this text`;

function positiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!text || !Number.isInteger(value) || value < 1)
    throw new Error(`${flag} got ${JSON.stringify(text ?? "")}, expected a positive integer`);
  return value;
}

/**
 * Parses the command line.
 *
 * @returns undefined when the usage was asked for
 * @throws Error on an unknown flag or a bad value
 */
export function parseOptions(argv: readonly string[]): BenchOptions | undefined {
  let runs: number | undefined;
  let scalePoints: number[] | undefined;
  let withTests = false;
  let quick = false;
  let strict = false;
  let project: string | undefined;
  let testsReference: string | undefined;
  let output = "bench/results.json";
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case "--help":
      case "-h":
        return undefined;
      case "--runs":
        runs = positiveInteger(flag, argv[++i]);
        break;
      case "--quick":
        quick = true;
        break;
      case "--strict":
        strict = true;
        break;
      case "--with-tests":
        withTests = true;
        break;
      case "--scale": {
        const text = argv[++i] ?? "";
        scalePoints = text.split(",").map((part) => positiveInteger(flag, part.trim()));
        break;
      }
      case "--project": {
        project = argv[++i];
        if (!project) throw new Error(`${flag} got nothing, expected a folder`);
        break;
      }
      case "--tests-reference": {
        testsReference = argv[++i];
        if (!testsReference) throw new Error(`${flag} got nothing, expected a folder`);
        withTests = true;
        break;
      }
      case "--output": {
        const file = argv[++i];
        if (!file) throw new Error(`${flag} got nothing, expected a file name`);
        output = file;
        break;
      }
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}\n\n${USAGE}`);
    }
  }
  const points = [...new Set(scalePoints ?? (quick ? [1, 10, 100] : [1, 10, 30, 100]))].sort((a, b) => a - b);
  return {
    runs: runs ?? (quick ? 2 : 5),
    scalePoints: points,
    withTests,
    testsReference,
    quick,
    output,
    strict,
    project,
  };
}
