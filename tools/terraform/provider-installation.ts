import * as fs from "node:fs";
import * as path from "node:path";
import { isTerraformDiagnostic, type TerraformDiagnostic } from "./diagnostics";
import { jsonMessages, runTerraformSync, type TerraformCall } from "./terraform-cli";

/** A Terraform JSON document (a stack), parsed. */
export type TerraformDocument = { readonly [key: string]: unknown };

/** A provider the stacks require, e.g. `{ localName: "aws", source: "hashicorp/aws", version: "6.25.0" }`. */
export interface ProviderRequirement {
  readonly localName: string;
  /** `hashicorp/aws`; the registry host is shown only when it is not the public registry. */
  readonly source: string;
  /** The version constraint, if any. */
  readonly version?: string;
}

/** A provider installed at another version than the stacks require, because the required one was not available. */
export interface ProviderSubstitution {
  readonly source: string;
  /** What the stacks ask for, e.g. `6.25.0`. */
  readonly required: string;
  /** What was installed instead, e.g. `5.100.0`. */
  readonly installed: string;
  /** Where it came from: `a local mirror`, `the Terraform registry`, ... */
  readonly origin: string;
}

/** The providers of a set of stacks, installed once, for any number of working directories to link. */
export interface ProviderInstallation {
  /** The plugin cache every later `terraform init` links providers from (`TF_PLUGIN_CACHE_DIR`). */
  readonly pluginCacheDir: string;
  /**
   * The dependency lock file for a document: copied beside a working directory, it lets `terraform init` use the
   * cache without installing (and so without writing to the cache, which is unsafe concurrently).
   */
  lockFileFor(document: TerraformDocument): string;
  /** The versions installed instead of the required ones, for every document. */
  readonly substitutions: readonly ProviderSubstitution[];
  /** The document with each substituted provider's version constraint set to the installed version. */
  relax(document: TerraformDocument): TerraformDocument;
}

/** Why the providers could not be installed. */
export interface ProviderInstallationFailure {
  /** Terraform's diagnostics for the required versions. */
  readonly diagnostics: readonly TerraformDiagnostic[];
  /** The providers and versions that were asked for, e.g. `hashicorp/aws 6.25.0`. */
  readonly required: readonly string[];
}

/** Init errors that mean "this provider version cannot be installed from here", as opposed to a broken config. */
const NOT_INSTALLABLE =
  /Failed to query available provider packages|Failed to install provider|Incompatible provider version|Failed to resolve provider packages/;

/**
 * Installs the providers the documents require into a plugin cache, with one `terraform init` per distinct set of
 * requirements (usually one). When a required version cannot be installed (no network and a mirror of another
 * version, say), installs the newest version the configured installation methods offer and records the
 * substitution: the caller then validates a relaxed copy of each document and says so.
 *
 * Providers come from Terraform's own configuration: the registry, or the mirrors of the CLI configuration
 * (`TF_CLI_CONFIG_FILE`, `provider_installation`).
 *
 * Blocking: nothing can start before the providers are there, and test files decide at load time whether they run.
 *
 * @param workDir a scratch folder the installation may write to.
 */
export function installProviders(
  documents: readonly TerraformDocument[],
  options: { readonly binary: string; readonly env: NodeJS.ProcessEnv; readonly workDir: string },
): ProviderInstallation | ProviderInstallationFailure {
  const pluginCacheDir = options.env.TF_PLUGIN_CACHE_DIR || path.join(options.workDir, "plugin-cache");
  fs.mkdirSync(pluginCacheDir, { recursive: true });
  const env = { ...options.env, TF_PLUGIN_CACHE_DIR: pluginCacheDir };

  const groups = new Map<string, ProviderRequirement[]>();
  for (const document of documents) {
    const requirements = providerRequirements(document);
    groups.set(requirementsKey(requirements), requirements);
  }
  const lockFiles = new Map<string, string>();
  const substitutions: ProviderSubstitution[] = [];
  let index = 0;
  for (const [key, requirements] of groups) {
    const dir = path.join(options.workDir, `providers-${index++}`);
    const call: TerraformCall = { binary: options.binary, cwd: dir, env };
    const pinned = probe(call, requirements);
    if (pinned.ok) {
      lockFiles.set(key, pinned.lockFile);
      continue;
    }
    const notInstallable = pinned.diagnostics.some((d) => NOT_INSTALLABLE.test(d.summary));
    const relaxed = notInstallable
      ? probe(
          { ...call, cwd: `${dir}-relaxed` },
          requirements.map(({ localName, source }) => ({ localName, source })),
        )
      : undefined;
    if (!relaxed?.ok) {
      return {
        diagnostics: pinned.diagnostics,
        required: requirements.map((r) => `${r.source}${r.version ? ` ${r.version}` : ""}`),
      };
    }
    lockFiles.set(key, relaxed.lockFile);
    for (const requirement of requirements) {
      const installed = relaxed.installed.get(requirement.source);
      if (!requirement.version || !installed || installed.version === requirement.version) continue;
      if (!substitutions.some((s) => s.source === requirement.source && s.installed === installed.version))
        substitutions.push({
          source: requirement.source,
          required: requirement.version,
          installed: installed.version,
          origin: installed.origin,
        });
    }
  }

  return {
    pluginCacheDir,
    substitutions,
    lockFileFor: (document) => {
      const lockFile = lockFiles.get(requirementsKey(providerRequirements(document)));
      if (lockFile === undefined)
        throw new Error("lockFileFor: the document was not given to installProviders");
      return lockFile;
    },
    relax: (document) => relaxDocument(document, substitutions),
  };
}

/** What the pack's stacks require: the provider its `@cdktf/provider-aws` bindings were generated from. */
export function bindingsRequirements(): TerraformDocument {
  const { name, version } = (
    JSON.parse(fs.readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as {
      cdktf: { provider: { name: string; version: string } };
    }
  ).cdktf.provider;
  return { terraform: { required_providers: { aws: { source: name, version } } } };
}

/** Whether {@link installProviders} failed. */
export function isInstallationFailure(
  outcome: ProviderInstallation | ProviderInstallationFailure,
): outcome is ProviderInstallationFailure {
  return "diagnostics" in outcome;
}

/** `hashicorp/aws 5.100.0 from a local mirror; the stacks pin 6.25.0` */
export function describeSubstitution(substitution: ProviderSubstitution): string {
  const exact = /^\s*=?\s*\d+\.\d+\.\d+\s*$/.test(substitution.required);
  return `${substitution.source} ${substitution.installed} from ${substitution.origin}; the stacks ${exact ? "pin" : "require"} ${substitution.required.trim()}`;
}

/** The providers a document requires (`terraform.required_providers`), sorted by local name. */
export function providerRequirements(document: TerraformDocument): ProviderRequirement[] {
  const requirements = new Map<string, ProviderRequirement>();
  for (const terraform of blocks(document.terraform)) {
    for (const required of blocks(terraform.required_providers)) {
      for (const [localName, value] of Object.entries(required)) {
        if (localName === "//") continue;
        const entry = typeof value === "string" ? { version: value } : (value as Record<string, unknown>);
        const source = typeof entry?.source === "string" ? entry.source : localName;
        const version = typeof entry?.version === "string" ? entry.version : undefined;
        requirements.set(localName, { localName, source: normalizeSource(source), version });
      }
    }
  }
  return [...requirements.values()].sort((a, b) => (a.localName < b.localName ? -1 : 1));
}

function requirementsKey(requirements: readonly ProviderRequirement[]): string {
  return JSON.stringify(requirements.map((r) => [r.localName, r.source, r.version ?? null]));
}

/** `aws` → `hashicorp/aws`; `registry.terraform.io/hashicorp/aws` → `hashicorp/aws`. */
function normalizeSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `hashicorp/${parts[0]}`;
  if (parts.length === 3 && parts[0] === "registry.terraform.io") return `${parts[1]}/${parts[2]}`;
  return parts.join("/");
}

/** JSON syntax allows a block as an object or a list of objects. */
function blocks(value: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null);
}

type ProbeResult =
  | { ok: true; lockFile: string; installed: Map<string, { version: string; origin: string }> }
  | { ok: false; diagnostics: TerraformDiagnostic[] };

/** `terraform init` on a configuration that only requires the providers. */
function probe(call: TerraformCall, requirements: readonly ProviderRequirement[]): ProbeResult {
  fs.mkdirSync(call.cwd, { recursive: true });
  const required = Object.fromEntries(
    requirements.map(({ localName, source, version }) => [
      localName,
      version ? { source, version } : { source },
    ]),
  );
  fs.writeFileSync(
    path.join(call.cwd, "providers.tf.json"),
    JSON.stringify({ terraform: { required_providers: required } }, null, 2),
  );
  const result = runTerraformSync(call, ["init", "-backend=false", "-input=false", "-json"]);
  const messages = jsonMessages(result.stdout);
  if (result.code !== 0) {
    const diagnostics = messages.map((m) => m.diagnostic).filter(isTerraformDiagnostic);
    return {
      ok: false,
      diagnostics:
        diagnostics.length > 0
          ? diagnostics.filter((d) => d.severity === "error")
          : [
              {
                severity: "error",
                summary: `terraform init failed (exit ${result.code})`,
                detail: result.stderr,
              },
            ],
    };
  }
  const installed = new Map<string, { version: string; origin: string }>();
  for (const message of messages) {
    const match = /^Installed provider version: (\S+) v(\S+) \((.*)\)$/.exec(message["@message"] ?? "");
    if (match) installed.set(match[1], { version: match[2], origin: originOf(match[3]) });
  }
  return { ok: true, lockFile: path.join(call.cwd, ".terraform.lock.hcl"), installed };
}

/** Where a provider came from, by how Terraform authenticated it. */
function originOf(authentication: string): string {
  if (authentication === "unauthenticated") return "a local mirror";
  if (authentication.startsWith("signed by HashiCorp")) return "the Terraform registry";
  if (authentication === "verified checksum") return "a network mirror";
  return `the configured provider installation (${authentication})`;
}

/** A copy of the document whose substituted providers require exactly the installed version. */
function relaxDocument(
  document: TerraformDocument,
  substitutions: readonly ProviderSubstitution[],
): TerraformDocument {
  if (substitutions.length === 0) return document;
  const copy = structuredClone(document) as Record<string, unknown>;
  for (const terraform of blocks(copy.terraform)) {
    for (const required of blocks(terraform.required_providers)) {
      for (const [localName, value] of Object.entries(required)) {
        const entry = typeof value === "string" ? { version: value } : (value as Record<string, unknown>);
        const source = normalizeSource(typeof entry?.source === "string" ? entry.source : localName);
        const substitution = substitutions.find((s) => s.source === source);
        if (substitution && typeof entry === "object" && entry !== null)
          required[localName] = { ...entry, version: substitution.installed };
      }
    }
  }
  return copy;
}
