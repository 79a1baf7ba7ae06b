import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { formatProblem, type ValidationProblem } from "./problem";
import type { ProviderSchema } from "./schema-types";
import { validateTerraformJson } from "./validate";
import type { ValidationRule } from "./validation-context";

/** Where the CLI runs and writes. */
export interface ValidateCliOptions {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Problems and summaries. */
  readonly out: NodeJS.WritableStream;
  /** Usage errors and unreadable files. */
  readonly err: NodeJS.WritableStream;
  /** Environment used to find `terraform`/`tofu` on `PATH`. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Provider schema to check against. Default: the hashicorp/aws schema derived from `@cdktf/provider-aws`. */
  readonly schema?: ProviderSchema;
  /** Extra rules passed to the validator. */
  readonly rules?: readonly ValidationRule[];
}

/** The name of the document CDKTF writes into each stack directory. */
export const STACK_FILE = "cdk.tf.json";

export const USAGE = `Usage: npm run validate -- [--terraform] [<cdk.tf.json | stack directory>...]

Validates synthesized Terraform JSON offline: template syntax and functions, references, provider aliases, the
hashicorp/aws provider schema and the pack's policy rules. Without paths, every stack in cdktf.out, synthesized
first when it is missing or older than the sources.

  --terraform   also run "terraform init -backend=false" and "terraform validate" (or tofu) in each stack
                directory, when such a binary is on PATH
  -h, --help    show this help
`;

/**
 * Validates the given `cdk.tf.json` files or stack directories and prints each problem and a one-line summary per
 * file. Returns the exit code: 0 when every file is valid, 1 when any has a problem or cannot be read, 2 on a usage
 * error.
 */
export async function runValidateCli(argv: readonly string[], opts: ValidateCliOptions): Promise<number> {
  const write = (stream: NodeJS.WritableStream, line: string) => stream.write(`${line}\n`);
  let withTerraform = false;
  const targets: string[] = [];
  for (const arg of argv) {
    if (arg === "--terraform") withTerraform = true;
    else if (arg === "-h" || arg === "--help") {
      opts.out.write(USAGE);
      return 0;
    } else if (arg.startsWith("-")) {
      write(opts.err, `validate: unknown option "${arg}"; expected --terraform or paths`);
      opts.err.write(USAGE);
      return 2;
    } else targets.push(arg);
  }
  if (targets.length === 0) {
    write(opts.err, "validate: expected at least one cdk.tf.json file or stack directory, got none");
    opts.err.write(USAGE);
    return 2;
  }

  let failed = false;
  const stackDirs: string[] = [];
  for (const target of targets) {
    const file = resolveStackFile(target, opts.cwd);
    const shown = displayPath(file, opts.cwd);
    let json: unknown;
    try {
      json = JSON.parse(await fs.promises.readFile(file, "utf8"));
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      const reason =
        code === "ENOENT" ? "no such file" : typeof message === "string" ? message : String(error);
      write(opts.err, `${shown}: cannot read a Terraform JSON document: ${reason}`);
      failed = true;
      continue;
    }
    stackDirs.push(path.dirname(file));
    const problems = await validateTerraformJson(shown, json, { schema: opts.schema, rules: opts.rules });
    for (const problem of problems) write(opts.out, formatProblem(problem));
    write(opts.out, summarize(shown, json, problems));
    if (problems.length > 0) failed = true;
  }

  if (withTerraform) {
    const binary = findTerraformBinary(opts.env ?? process.env);
    if (!binary) {
      write(opts.out, "skipped terraform validate: no terraform or tofu binary on PATH");
    } else {
      for (const dir of stackDirs) {
        const outcome = await runTerraformValidate(binary, dir, opts);
        if (outcome !== "skipped")
          write(opts.out, `${displayPath(dir, opts.cwd)}: ${path.basename(binary)} validate ${outcome}`);
        if (outcome === "failed") failed = true;
      }
    }
  }
  return failed ? 1 : 0;
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

/** The first `terraform` or `tofu` executable on `PATH`, if any. */
export function findTerraformBinary(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
  const extensions = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  for (const name of ["terraform", "tofu"]) {
    for (const dir of dirs) {
      for (const extension of extensions) {
        const candidate = path.join(dir, `${name}${extension}`);
        try {
          fs.accessSync(candidate, fs.constants.X_OK);
          if (fs.statSync(candidate).isFile()) return candidate;
        } catch {
          // Not here; keep looking.
        }
      }
    }
  }
  return undefined;
}

/** Output of `terraform init` when it cannot reach a registry or mirror to install providers. */
const PROVIDERS_UNAVAILABLE =
  /could not connect to|Failed to query available provider packages|Failed to install provider|no such host|dial tcp/;

/** The outcome of {@link runTerraformValidate}. */
export type TerraformValidateOutcome = "passed" | "failed" | "skipped";

/**
 * Runs `init -backend=false` then `validate` in a stack directory and prints their output when they fail. When `init`
 * cannot install the providers (no registry access and no local mirror), says so and returns `skipped`.
 */
export async function runTerraformValidate(
  binary: string,
  dir: string,
  opts: Pick<ValidateCliOptions, "out" | "env" | "cwd">,
): Promise<TerraformValidateOutcome> {
  const name = path.basename(binary);
  for (const args of [
    ["init", "-backend=false", "-input=false", "-no-color"],
    ["validate", "-no-color"],
  ]) {
    const result = await run(binary, args, dir, opts.env ?? process.env);
    if (result.code === 0) continue;
    if (args[0] === "init" && PROVIDERS_UNAVAILABLE.test(result.output)) {
      opts.out.write(
        `skipped ${name} validate in ${displayPath(dir, opts.cwd)}: ${name} init could not install the providers (no registry access or local mirror)\n`,
      );
      return "skipped";
    }
    opts.out.write(
      `${name} ${args.join(" ")} failed in ${displayPath(dir, opts.cwd)} (exit ${result.code}):\n${result.output}`,
    );
    if (!result.output.endsWith("\n")) opts.out.write("\n");
    return "failed";
  }
  return "passed";
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...env, TF_IN_AUTOMATION: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => resolve({ code: 127, output: `${output}${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

function summarize(file: string, json: unknown, problems: readonly ValidationProblem[]): string {
  const count = (key: string) => {
    const section = (json as { [key: string]: unknown })?.[key];
    if (typeof section !== "object" || section === null) return 0;
    return Object.values(section).reduce<number>(
      (n, byName) =>
        n +
        (typeof byName === "object" && byName !== null
          ? Object.keys(byName).filter((k) => k !== "//").length
          : 0),
      0,
    );
  };
  const checked = `${plural(count("resource"), "resource")}, ${plural(count("data"), "data source")}`;
  if (problems.length === 0) return `${file}: valid (${checked})`;
  return `${file}: ${plural(problems.length, "problem")} (${checked})`;
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
