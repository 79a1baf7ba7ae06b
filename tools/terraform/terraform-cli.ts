import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The environment of every Terraform call: no version check against HashiCorp's servers
 * (`CHECKPOINT_DISABLE`), no prompts, and output meant for a program rather than a person.
 */
export function terraformEnv(base: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...base, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", ...extra };
}

/** The `terraform` executable on `PATH`, if any. */
export function findTerraform(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "");
  const names = process.platform === "win32" ? ["terraform.exe", "terraform"] : ["terraform"];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return undefined;
}

/** What a Terraform command printed and how it ended. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how a Terraform command runs. */
export interface TerraformCall {
  /** The `terraform` executable. */
  readonly binary: string;
  /** The working directory. */
  readonly cwd: string;
  /** The environment, passed through {@link terraformEnv}. */
  readonly env: NodeJS.ProcessEnv;
}

/** Runs one Terraform command; never throws for a failing command, only reports its exit code. */
export function runTerraform(call: TerraformCall, args: readonly string[]): Promise<TerraformResult> {
  return new Promise((resolve) => {
    const child = spawn(call.binary, args, {
      cwd: call.cwd,
      env: terraformEnv(call.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8");
    child.on("error", (error) => resolve({ code: 127, stdout: text(stdout), stderr: error.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: text(stdout), stderr: text(stderr) }));
  });
}

/** {@link runTerraform}, blocking: for the few calls that must finish before anything else can start. */
export function runTerraformSync(call: TerraformCall, args: readonly string[]): TerraformResult {
  const result = spawnSync(call.binary, args, {
    cwd: call.cwd,
    env: terraformEnv(call.env),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) return { code: 127, stdout: result.stdout ?? "", stderr: result.error.message };
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** One line of Terraform's machine-readable output (`-json`). */
export interface TerraformMessage {
  readonly type: string;
  readonly "@level"?: string;
  readonly "@message"?: string;
  readonly "@testfile"?: string;
  readonly "@testrun"?: string;
  readonly [key: string]: unknown;
}

/** The messages of a `-json` output, one per line; lines that are not JSON objects are skipped. */
export function jsonMessages(stdout: string): TerraformMessage[] {
  const messages: TerraformMessage[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const message = JSON.parse(line) as TerraformMessage;
      if (typeof message.type === "string") messages.push(message);
    } catch {
      // Not a message line.
    }
  }
  return messages;
}

/** Terraform's version (`1.11.4`), or undefined when the binary does not answer. */
export async function terraformVersion(call: TerraformCall): Promise<string | undefined> {
  const result = await runTerraform(call, ["version", "-json"]);
  if (result.code !== 0) return undefined;
  try {
    const version = (JSON.parse(result.stdout) as { terraform_version?: unknown }).terraform_version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `work` on every item, at most `limit` at a time; results in the items' order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
