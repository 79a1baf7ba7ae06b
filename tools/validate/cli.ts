import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatDiagnostic, type LocatedDiagnostic } from "../terraform/diagnostics";
import { describeSubstitution, type ProviderSubstitution } from "../terraform/provider-installation";
import { findTerraform, terraformVersion } from "../terraform/terraform-cli";
import { checkAmiRules } from "./ami-rules";
import { formatProblem, type ValidationProblem } from "./problem";
import { validateWithTerraform, type StackSource } from "./terraform-validate";

/** Where the CLI runs and writes. */
export interface ValidateCliOptions {
  /** Directory relative paths are resolved against and shown from. */
  readonly cwd: string;
  /** Results. */
  readonly out: NodeJS.WritableStream;
  /** Usage errors, unreadable files, and why Terraform could not run. */
  readonly err: NodeJS.WritableStream;
  /** Environment of the Terraform calls, where `terraform` is looked up. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The name of the document CDKTF writes into each stack directory. */
export const STACK_FILE = "cdk.tf.json";

export const USAGE = `Usage: npm run validate -- [--rules-only] [--json] [--jobs <n>] [<cdk.tf.json | stack directory>...]

Runs Terraform on each stack (terraform init -backend=false, then terraform validate, in a scratch copy), then
the pack's AMI rules on its JSON. Without paths, every stack in cdktf.out, synthesized first when it is missing
or older than the sources. Providers come from Terraform's configuration: the registry, or a mirror named in the
CLI configuration (TF_CLI_CONFIG_FILE). When the pinned provider version cannot be installed but another can, the
copies are validated against that one, and the output says so. See docs/terraform.md.

  --rules-only  check the AMI rules alone, without Terraform
  --json        print one JSON document instead of lines
  --jobs <n>    stacks validated at once (default: the number of CPUs, at most 4)
  -h, --help    show this help
`;

/** The outcome of one stack. */
export interface StackReport {
  readonly file: string;
  readonly valid: boolean;
  /** `valid`, `invalid`, or `not run` (with --rules-only, or when the file could not be read). */
  readonly terraform: "valid" | "invalid" | "not run";
  /** Terraform's errors and warnings. */
  readonly diagnostics: readonly LocatedDiagnostic[];
  /** The AMI rules the stack breaks. */
  readonly ruleViolations: readonly ValidationProblem[];
  readonly resources: number;
  readonly dataSources: number;
  /** Why the file could not be read, when it could not. */
  readonly error?: string;
}

/** What `--json` prints. */
export interface ValidateReport {
  readonly valid: boolean;
  /** Terraform's version and provider substitutions; null with --rules-only. */
  readonly terraform: {
    readonly version: string;
    readonly substitutions: readonly ProviderSubstitution[];
  } | null;
  readonly stacks: readonly StackReport[];
  /** Why no stack was validated, when Terraform could not run. */
  readonly error?: string;
}

interface Options {
  readonly rulesOnly: boolean;
  readonly json: boolean;
  readonly jobs: number;
  readonly targets: readonly string[];
}

/**
 * Validates the given `cdk.tf.json` files or stack directories with Terraform and the AMI rules. Returns the exit
 * code: 0 when every stack is valid; 1 when any is not, cannot be read, or Terraform could not validate it (no
 * terraform, no provider); 2 on a usage error.
 */
export async function runValidateCli(argv: readonly string[], io: ValidateCliOptions): Promise<number> {
  const write = (stream: NodeJS.WritableStream, line: string) => stream.write(`${line}\n`);
  const parsed = parseArguments(argv);
  if (parsed === "help") {
    io.out.write(USAGE);
    return 0;
  }
  if (typeof parsed === "string") {
    write(io.err, `validate: ${parsed}`);
    io.err.write(USAGE);
    return 2;
  }
  const env = io.env ?? process.env;

  const stacks: Array<StackSource & { error?: string }> = [];
  for (const target of parsed.targets) {
    const file = resolveStackFile(target, io.cwd);
    const shown = displayPath(file, io.cwd);
    try {
      const text = await fs.promises.readFile(file, "utf8");
      const json = JSON.parse(text) as unknown;
      if (typeof json !== "object" || json === null || Array.isArray(json))
        throw new Error("expected a JSON object at the top");
      stacks.push({ shown, text, json: json as StackSource["json"] });
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      const reason =
        code === "ENOENT" ? "no such file" : typeof message === "string" ? message : String(error);
      stacks.push({ shown, text: "", json: {}, error: `cannot read a Terraform JSON document: ${reason}` });
    }
  }
  const readable = stacks.filter((stack) => stack.error === undefined);

  let terraform: ValidateReport["terraform"] = null;
  let diagnostics = new Map<StackSource, readonly LocatedDiagnostic[]>();
  if (!parsed.rulesOnly && readable.length > 0) {
    const binary = findTerraform(env);
    if (!binary)
      return cannotRun(
        io,
        parsed.json,
        "terraform is not on PATH, so no stack was validated: install Terraform (see docs/terraform.md), or pass --rules-only to check the AMI rules alone",
      );
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-validate-"));
    try {
      const version = (await terraformVersion({ binary, cwd: workDir, env })) ?? "unknown";
      const outcome = await validateWithTerraform(readable, { binary, env, workDir, jobs: parsed.jobs });
      if ("required" in outcome) {
        const why = outcome.diagnostics.map((diagnostic) =>
          formatDiagnostic({
            ...diagnostic,
            detail: diagnostic.detail ?? "",
            address: "",
            attributePath: "",
          }),
        );
        return cannotRun(
          io,
          parsed.json,
          [
            `terraform init could not install ${outcome.required.join(", ")}, nor another version of it, so no stack was validated:`,
            ...why,
            "Give Terraform access to the registry, or point it at a provider mirror (docs/terraform.md), or pass --rules-only.",
          ].join("\n"),
        );
      }
      terraform = { version, substitutions: outcome.substitutions };
      diagnostics = new Map(readable.map((stack, index) => [stack, outcome.diagnostics[index]]));
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  const reports: StackReport[] = [];
  for (const stack of stacks) {
    const found = diagnostics.get(stack) ?? [];
    const ruleViolations = stack.error === undefined ? await checkAmiRules(stack.shown, stack.json) : [];
    const terraformVerdict = !diagnostics.has(stack)
      ? "not run"
      : found.some((d) => d.severity === "error")
        ? "invalid"
        : "valid";
    reports.push({
      file: stack.shown,
      valid: stack.error === undefined && terraformVerdict !== "invalid" && ruleViolations.length === 0,
      terraform: terraformVerdict,
      diagnostics: found,
      ruleViolations,
      resources: countBlocks(stack.json.resource),
      dataSources: countBlocks(stack.json.data),
      ...(stack.error === undefined ? {} : { error: stack.error }),
    });
  }
  const report: ValidateReport = { valid: reports.every((r) => r.valid), terraform, stacks: reports };

  if (parsed.json) {
    io.out.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const substitution of terraform?.substitutions ?? [])
      write(io.out, `validated with ${describeSubstitution(substitution)}`);
    for (const stack of reports) {
      if (stack.error !== undefined) {
        write(io.err, `${stack.file}: ${stack.error}`);
        continue;
      }
      for (const diagnostic of stack.diagnostics) write(io.out, formatDiagnostic(diagnostic));
      for (const violation of stack.ruleViolations) write(io.out, formatProblem(violation));
      write(io.out, summarize(stack, parsed.rulesOnly));
    }
  }
  return report.valid ? 0 : 1;
}

/** Says why Terraform could not validate anything; a validation that did not run is not a pass. */
function cannotRun(io: ValidateCliOptions, json: boolean, message: string): number {
  io.err.write(`validate: ${message}\n`);
  if (json) {
    const report: ValidateReport = { valid: false, terraform: null, stacks: [], error: message };
    io.out.write(`${JSON.stringify(report, null, 2)}\n`);
  }
  return 1;
}

function parseArguments(argv: readonly string[]): Options | "help" | string {
  let rulesOnly = false;
  let json = false;
  let jobs = Math.max(1, Math.min(4, os.availableParallelism()));
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return "help";
    if (arg === "--rules-only") rulesOnly = true;
    else if (arg === "--json") json = true;
    else if (arg === "--jobs" || arg.startsWith("--jobs=")) {
      const value = arg === "--jobs" ? argv[++i] : arg.slice("--jobs=".length);
      if (value === undefined || !/^[1-9]\d*$/.test(value))
        return `--jobs: got ${value === undefined ? "nothing" : JSON.stringify(value)}, expected a whole number of at least 1`;
      jobs = Number(value);
    } else if (arg.startsWith("-"))
      return `unknown option "${arg}"; expected --rules-only, --json, --jobs <n> or paths`;
    else targets.push(arg);
  }
  if (targets.length === 0) return "expected at least one cdk.tf.json file or stack directory, got none";
  return { rulesOnly, json, jobs, targets };
}

/** `cdktf.out/stacks/dev/cdk.tf.json: valid (terraform validate and AMI rules; 6 resources, 1 data source)` */
function summarize(stack: StackReport, rulesOnly: boolean): string {
  const checked = `${plural(stack.resources, "resource")}, ${plural(stack.dataSources, "data source")}`;
  if (stack.valid)
    return `${stack.file}: valid (${rulesOnly ? "AMI rules only" : "terraform validate and AMI rules"}; ${checked})`;
  const errors = stack.diagnostics.filter((d) => d.severity === "error").length;
  const counts = [
    ...(errors > 0 ? [plural(errors, "Terraform error")] : []),
    ...(stack.ruleViolations.length > 0 ? [plural(stack.ruleViolations.length, "AMI rule violation")] : []),
  ];
  return `${stack.file}: invalid: ${counts.join(", ")} (${checked})`;
}

/** The `cdk.tf.json` a command-line argument stands for: the file itself, or the one in a stack directory. */
export function resolveStackFile(target: string, cwd: string): string {
  const resolved = path.resolve(cwd, target);
  try {
    if (fs.statSync(resolved).isDirectory()) return path.join(resolved, STACK_FILE);
  } catch {
    // Missing paths are reported when the file is read.
  }
  return resolved;
}

/** Resources or data sources of a document, counted over their types. */
function countBlocks(section: unknown): number {
  if (typeof section !== "object" || section === null) return 0;
  return Object.values(section).reduce<number>(
    (n, byName) =>
      n +
      (typeof byName === "object" && byName !== null
        ? Object.keys(byName).filter((k) => k !== "//").length
        : 0),
    0,
  );
}

/** `1 resource`, `2 resources`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join("/");
}
