/** What `npm run review -- ...` was asked to do. */
export interface ReviewOptions {
  readonly format: "md" | "json";
  /** Where to write the review; "-" for standard output. @default "<outdir>/review.md" or "review.json" */
  readonly out?: string;
  /** The synthesized output to review. @default $CDKTF_OUTDIR or "<project>/cdktf.out" */
  readonly outdir?: string;
  /** A folder holding the base output: a `cdktf.out`, its `stacks/`, or a folder with `cdktf.out` in it. */
  readonly base?: string;
  /** A git ref whose output is the base, synthesized in a temporary worktree. */
  readonly baseRef?: string;
  /**
   * Exit 2 when the change deregisters an AMI that no `retired` marker explains, or any AMI of a
   * production environment, without `allowImageRemoval: true` (`--fail-on-image-removal`, or its
   * older name `--fail-on-replace`).
   */
  readonly failOnImageRemoval: boolean;
  /** Review the output as it is, even when it is older than the sources. */
  readonly noSynth: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run review -- [options]

Reads the synthesized stacks (synthesizing first when cdktf.out is missing or older than the
sources) and writes cdktf.out/review.md.

Options:
  --format md|json       Markdown (default) or JSON
  --out <file>           where to write the review ("-" for standard output)
                         (default: <outdir>/review.md, or review.json with --format json)
  --outdir <dir>         the synthesized output to review (default: $CDKTF_OUTDIR or cdktf.out)
  --base <dir>           compare with another output: a cdktf.out, its stacks/ folder, or a
                         folder that holds cdktf.out
  --base-ref <git-ref>   compare with the output of a git ref, synthesized in a temporary worktree
  --fail-on-image-removal
                         exit with status 2 when the change deregisters an AMI that no
                         retired marker explains, or any AMI of a production environment,
                         unless the environment says allowImageRemoval: true (with --base or
                         --base-ref; --fail-on-replace is the same)
  --no-synth             review the output as it is, even when it is older than the sources
  --help                 show this help
`;

const VALUE_OPTIONS = ["--format", "--out", "--outdir", "--base", "--base-ref"] as const;
const GATE_FLAGS = ["--fail-on-image-removal", "--fail-on-replace"] as const;
const FLAG_OPTIONS = [...GATE_FLAGS, "--no-synth", "--help"] as const;

/** Parses the command line; throws an Error whose message says what is wrong. */
export function parseReviewOptions(argv: readonly string[]): ReviewOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const [name, inline] =
      argument.startsWith("--") && argument.includes("=") ? splitOnce(argument) : [argument];
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined || (inline === undefined && value.startsWith("--")))
        throw new Error(`Option ${name} needs a value, got nothing, expected for example ${example(name)}`);
      // An empty path would resolve to the working directory: `--base=` would compare the output with itself.
      if (value.trim() === "")
        throw new Error(`Option ${name} needs a value, got "", expected for example ${example(name)}`);
      values.set(name, value);
    } else if ((FLAG_OPTIONS as readonly string[]).includes(name) && inline === undefined) {
      flags.add(name);
    } else {
      throw new Error(
        `Unknown option, got ${JSON.stringify(argument)}, expected one of ${[...VALUE_OPTIONS, ...FLAG_OPTIONS].join(", ")}`,
      );
    }
  }
  const format = values.get("--format") ?? "md";
  if (format !== "md" && format !== "json")
    throw new Error(`Option --format is invalid, got ${JSON.stringify(format)}, expected "md" or "json"`);
  if (values.has("--base") && values.has("--base-ref"))
    throw new Error("Options --base and --base-ref were both given, expected one base to compare with");
  // Without a base nothing is compared, so the gate would pass whatever the change.
  const gate = GATE_FLAGS.find((flag) => flags.has(flag));
  if (gate && !values.has("--base") && !values.has("--base-ref"))
    throw new Error(
      `Option ${gate} needs a base to compare with, got neither --base nor --base-ref, expected one of them`,
    );
  return {
    format,
    out: values.get("--out"),
    outdir: values.get("--outdir"),
    base: values.get("--base"),
    baseRef: values.get("--base-ref"),
    failOnImageRemoval: gate !== undefined,
    noSynth: flags.has("--no-synth"),
    help: flags.has("--help"),
  };
}

function splitOnce(argument: string): [string, string] {
  const at = argument.indexOf("=");
  return [argument.slice(0, at), argument.slice(at + 1)];
}

function example(option: string): string {
  switch (option) {
    case "--format":
      return '"json"';
    case "--base-ref":
      return '"origin/main"';
    case "--out":
      return '"review.md"';
    default:
      return '"base/cdktf.out"';
  }
}
