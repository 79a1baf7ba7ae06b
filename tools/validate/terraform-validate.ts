import * as fs from "node:fs";
import * as path from "node:path";
import {
  isTerraformDiagnostic,
  locateDiagnostic,
  type DiagnosticSource,
  type LocatedDiagnostic,
  type TerraformDiagnostic,
} from "../terraform/diagnostics";
import {
  installProviders,
  isInstallationFailure,
  type ProviderInstallationFailure,
  type ProviderSubstitution,
  type TerraformDocument,
} from "../terraform/provider-installation";
import { jsonMessages, mapConcurrently, runTerraform, type TerraformCall } from "../terraform/terraform-cli";

/** A stack to validate: its file as shown to the user, its text and its parsed document. */
export interface StackSource {
  readonly shown: string;
  readonly text: string;
  readonly json: TerraformDocument;
}

/** What Terraform said about each stack. */
export interface TerraformValidation {
  /** Providers validated at another version than the stacks pin, because the pinned one could not be installed. */
  readonly substitutions: readonly ProviderSubstitution[];
  /** Per stack, in the order given: the errors and warnings of `terraform init` and `terraform validate`. */
  readonly diagnostics: ReadonlyArray<readonly LocatedDiagnostic[]>;
}

/** Where and how to run Terraform. */
export interface TerraformValidateOptions {
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
  /** A scratch folder: each stack is validated in a copy there, never in its own folder. */
  readonly workDir: string;
  /** Stacks validated at once. */
  readonly jobs: number;
}

/** The file name each copy gets: Terraform reads only `*.tf` and `*.tf.json`. */
const COPY_NAME = "cdk.tf.json";

/**
 * `terraform init -backend=false` and `terraform validate` on a copy of each stack, `jobs` at a time. The
 * providers are installed first, once, into a plugin cache the copies link from (concurrent installs into one
 * cache are unsafe). When a pinned provider version cannot be installed but another can, the copies require
 * that one instead, and {@link TerraformValidation.substitutions} says so.
 */
export async function validateWithTerraform(
  stacks: readonly StackSource[],
  options: TerraformValidateOptions,
): Promise<TerraformValidation | ProviderInstallationFailure> {
  const installation = installProviders(
    stacks.map((stack) => stack.json),
    options,
  );
  if (isInstallationFailure(installation)) return installation;
  const env = { ...options.env, TF_PLUGIN_CACHE_DIR: installation.pluginCacheDir };

  const diagnostics = await mapConcurrently(stacks, options.jobs, async (stack, index) => {
    const dir = path.join(options.workDir, `stack-${index}`);
    fs.mkdirSync(dir, { recursive: true });
    const relaxed = installation.relax(stack.json);
    const seen = relaxed === stack.json ? stack.text : `${JSON.stringify(relaxed, null, 2)}\n`;
    fs.writeFileSync(path.join(dir, COPY_NAME), seen);
    fs.copyFileSync(installation.lockFileFor(stack.json), path.join(dir, ".terraform.lock.hcl"));
    const sources = new Map<string, DiagnosticSource>([
      [COPY_NAME, { shown: stack.shown, seen, original: stack.text }],
    ]);
    const call: TerraformCall = { binary: options.binary, cwd: dir, env };

    const init = await runTerraform(call, ["init", "-backend=false", "-input=false", "-json"]);
    if (init.code !== 0) return located(initDiagnostics(init.stdout, init.stderr, init.code), sources);
    const validate = await runTerraform(call, ["validate", "-json"]);
    return located(validateDiagnostics(validate.stdout, validate.stderr, validate.code), sources);
  });
  return { substitutions: installation.substitutions, diagnostics };
}

function located(
  diagnostics: readonly TerraformDiagnostic[],
  sources: ReadonlyMap<string, DiagnosticSource>,
): LocatedDiagnostic[] {
  return diagnostics.map((diagnostic) => locateDiagnostic(diagnostic, sources));
}

function initDiagnostics(stdout: string, stderr: string, code: number): TerraformDiagnostic[] {
  const found = jsonMessages(stdout)
    .map((message) => message.diagnostic)
    .filter(isTerraformDiagnostic);
  return found.some((d) => d.severity === "error") ? found : [...found, failed("init", stderr, code)];
}

/** `terraform validate -json` prints one document: `{ valid, error_count, warning_count, diagnostics }`. */
function validateDiagnostics(stdout: string, stderr: string, code: number): TerraformDiagnostic[] {
  let found: TerraformDiagnostic[] = [];
  try {
    const output = JSON.parse(stdout) as { diagnostics?: unknown[] };
    found = (output.diagnostics ?? []).filter(isTerraformDiagnostic);
  } catch {
    // Not JSON: Terraform failed before validating; its own words are in stderr.
  }
  return code === 0 || found.some((d) => d.severity === "error")
    ? found
    : [...found, failed("validate", stderr, code)];
}

function failed(command: string, stderr: string, code: number): TerraformDiagnostic {
  return { severity: "error", summary: `terraform ${command} failed (exit ${code})`, detail: stderr.trim() };
}
