/**
 * Real Terraform in tests: one place for running `terraform validate`, mocked applies and real-provider
 * plans of synthesized stacks, with plan actions per address as the evidence.
 *
 * ```ts
 * import { describeWithTerraform, runSequence, planAfter } from "./harness";
 *
 * describeWithTerraform("a copy re-encrypted in staging", () => {
 *   it("replaces the copies, creating each new one before the old one goes", async () => {
 *     const plan = await planAfter(staging, rekeyedStaging);        // apply staging under mocks, plan the change
 *     expect(plan.status).toBe("pass");
 *     expect(plan.actions["aws_ami_copy.base_1-5-0_us-west-2"]).toBe("create-before-destroy");
 *     expect(plan.actions["aws_launch_template.web_us-west-2"]).toBe("update");
 *   });
 * });
 * ```
 *
 * - {@link describeWithTerraform}: `describe` when Terraform (1.11+) and the provider can be installed here
 *   (from the registry or a mirror of the CLI configuration); otherwise `describe.skip` with the reason printed
 *   to stderr. With `CI=true` the file fails instead: CI must run these tests.
 * - {@link runSequence}`(steps)`: one `terraform test` over one state. Each step is
 *   - `{ apply: stack }`: applied under mock providers (one `mock_provider "aws"` per alias of the stack, every
 *     resource and data source given values in AWS formats, `ami-…`, `lt-…`, distinct per address), building the
 *     state the next steps start from; its outcome has the `state` (values per address) and `outputs`.
 *   Both kinds take `data`: values per data source address replacing the generated ones (see {@link mockedData}).
 *   - `{ plan: stack }`: planned against that state with the real provider (`refresh = false`, data sources from
 *     `override_data`, provider blocks replacing the stack's `assume_role`, every endpoint on a loopback server:
 *     no request leaves the machine); its outcome has `actions` and `changes` per address.
 *   When the last applied stack protects a resource, an apply lifting `prevent_destroy` follows it, so that teardown
 *   succeeds. A step that
 *   fails (e.g. a plan refused by `prevent_destroy`) stops the sequence: later steps are `skip`. Put a plan that
 *   should fail last, or in its own sequence. Sequences run in parallel processes, as many as the machine has
 *   CPUs; steps of one sequence run in order (Terraform runs the runs of a file one after the other).
 * - {@link planAfter}`(applied, planned)`: the plan step of `[{ apply: applied }, { plan: planned }]`.
 * - {@link destroyedAddresses}, {@link withoutLifecycle}: helpers for assertions and for breaking a stack.
 * - {@link mockedData}`(stack, address)`: the values a data source of a stack is given, for a plan step's `data`
 *   when a later stack looks the same thing up at another address.
 *
 * Stacks are Terraform JSON documents as synthesized (`cdk.tf.json`). When the provider version they pin cannot
 * be installed here but another can (a local mirror of 5.100.0, say), every copy is relaxed to it and
 * {@link terraform}`.substitutions` says so.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  isTerraformDiagnostic,
  locateDiagnostic,
  type DiagnosticSource,
  type LocatedDiagnostic,
} from "../../../tools/terraform/diagnostics";
import {
  bindingsRequirements,
  describeSubstitution,
  installProviders,
  isInstallationFailure,
  type ProviderInstallation,
  type ProviderSubstitution,
} from "../../../tools/terraform/provider-installation";
import {
  findTerraform,
  jsonMessages,
  runTerraform,
  runTerraformSync,
  type TerraformMessage,
} from "../../../tools/terraform/terraform-cli";
import { taggableTypes } from "../../../tools/validate/ami-rules";
import { LoopbackAws, type LoopbackRequest } from "./loopback";
import {
  DATA_VALUES,
  fillsProviderDefaultsOnly,
  mockDefaults,
  RESOURCE_VALUES,
  stableHex,
  type Values,
} from "./mocks";

export type { LocatedDiagnostic } from "../../../tools/terraform/diagnostics";
export type { LoopbackRequest } from "./loopback";

/** A synthesized stack: the parsed `cdk.tf.json`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Stack = Record<string, any>;

/** What Terraform plans for one resource. */
export type PlanAction =
  | "no-op"
  | "create"
  | "read"
  | "update"
  | "delete"
  | "create-before-destroy"
  | "destroy-before-create"
  | "forget";

/** One resource's planned change, from Terraform's machine-readable plan. */
export interface ResourceChange {
  readonly action: PlanAction;
  /** The address it had in the state, when a `moved` block renamed it. */
  readonly previousAddress?: string;
  readonly before: Values | null;
  readonly after: Values | null;
  /** Attributes known only after apply: `true`, or nested objects/lists of them. */
  readonly afterUnknown: Values;
  /** Attribute paths that force the replacement, e.g. `[["name"]]`. */
  readonly replacePaths: ReadonlyArray<ReadonlyArray<string | number>>;
}

/** A step of a sequence. */
export type Step =
  | { readonly apply: Stack; readonly name?: string; readonly data?: Readonly<Record<string, Values>> }
  | { readonly plan: Stack; readonly name?: string; readonly data?: Readonly<Record<string, Values>> };

/** What happened in one step. */
export interface StepOutcome {
  readonly name: string;
  readonly command: "apply" | "plan";
  /** `pass`; `error` when Terraform refused the step (see `diagnostics`); `skip` when an earlier step failed. */
  readonly status: "pass" | "error" | "skip";
  /** Plan steps: the action per managed resource address, no-ops included. */
  readonly actions: Readonly<Record<string, PlanAction>>;
  /** Plan steps: the change per managed resource address. */
  readonly changes: Readonly<Record<string, ResourceChange>>;
  /** Apply steps: the attribute values per address (resources and data sources) after the apply. */
  readonly state: Readonly<Record<string, Values>>;
  /** Apply steps: the stack's output values. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Terraform's errors and warnings for this step, placed at the address in the step's stack. */
  readonly diagnostics: readonly LocatedDiagnostic[];
}

/** What happened in a sequence. */
export interface SequenceOutcome {
  readonly steps: readonly StepOutcome[];
  /** AWS API calls the real provider made to the loopback server. */
  readonly requests: readonly LoopbackRequest[];
  /** Hosts something tried to reach outside the machine (refused): must stay empty. */
  readonly escaped: readonly string[];
  /** Problems of the teardown (destroying the mocked state), if any. */
  readonly cleanup: readonly LocatedDiagnostic[];
  /** The whole `terraform test -json` output, for debugging a failure. */
  readonly log: string;
}

/** Whether real Terraform can run here, decided once per test process. */
export type TerraformAvailability =
  | {
      readonly available: true;
      readonly binary: string;
      readonly version: string;
      /** Providers used at another version than the stacks pin, with the one-line explanation. */
      readonly substitutions: readonly ProviderSubstitution[];
      readonly note: string | undefined;
    }
  | { readonly available: false; readonly reason: string };

/** The oldest Terraform with everything the harness uses (`state_key` of test runs came in 1.11). */
const MINIMUM_VERSION = [1, 11];

/** The scratch folder of this process: the plugin cache and every sequence's files. */
let scratch: string | undefined;
let installation: ProviderInstallation | undefined;

/** Availability of Terraform and the provider the pack's stacks pin, checked when this module loads. */
export const terraform: TerraformAvailability = checkAvailability();

function checkAvailability(): TerraformAvailability {
  const binary = findTerraform(process.env);
  if (!binary) return { available: false, reason: "no terraform on PATH" };
  const versionCall = runTerraformSync({ binary, cwd: os.tmpdir(), env: process.env }, ["version", "-json"]);
  const version = /"terraform_version":\s*"([^"]+)"/.exec(versionCall.stdout)?.[1];
  if (!version) return { available: false, reason: `${binary} does not answer "terraform version"` };
  const [major, minor] = version.split(".").map(Number);
  if (major < MINIMUM_VERSION[0] || (major === MINIMUM_VERSION[0] && minor < MINIMUM_VERSION[1]))
    return { available: false, reason: `terraform ${version} is older than ${MINIMUM_VERSION.join(".")}` };
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-terraform-"));
  const outcome = installProviders([bindingsRequirements()], { binary, env: process.env, workDir: scratch });
  if (isInstallationFailure(outcome)) {
    removeScratch();
    const why = outcome.diagnostics.map((d) => d.summary).join("; ");
    return {
      available: false,
      reason: `terraform ${version} cannot install ${outcome.required.join(", ")} here (${why}): give it the registry, or a mirror in its CLI configuration (docs/terraform.md)`,
    };
  }
  installation = outcome;
  // Not on the process's "exit": Jest gives each test file a copy of `process` whose "exit" never
  // fires, which left every scratch folder behind. It goes when the test file that loaded this is done.
  afterAll(removeScratch);
  return {
    available: true,
    binary,
    version,
    substitutions: outcome.substitutions,
    note:
      outcome.substitutions.length === 0
        ? undefined
        : `tested with ${outcome.substitutions.map(describeSubstitution).join("; ")}`,
  };
}

function removeScratch(): void {
  if (scratch && !process.env.TERRAFORM_HARNESS_KEEP) fs.rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/**
 * `describe` when real Terraform can run here, else `describe.skip` with the reason printed (Jest hides the
 * console of a file whose tests all skip, so it goes straight to stderr). Under `CI=true` Terraform is
 * mandatory: the file fails with the reason instead.
 */
export function describeWithTerraform(name: string, tests: () => void): void {
  if (terraform.available) {
    // Say once per file what the results are worth: the provider version they were obtained with.
    if (terraform.note) process.stderr.write(`${name}: ${terraform.note}\n`);
    describe(name, tests);
    return;
  }
  if (process.env.CI === "true" || process.env.CI === "1")
    throw new Error(
      `real-Terraform tests "${name}" cannot run: ${terraform.reason}. CI=${process.env.CI}: they must run in CI.`,
    );
  process.stderr.write(`real-Terraform tests "${name}" skipped: ${terraform.reason}\n`);
  describe.skip(name, tests);
}

/** Terraform's environment for this process: the providers from the installation's plugin cache. */
export function terraformSetup(): {
  binary: string;
  env: NodeJS.ProcessEnv;
  installation: ProviderInstallation;
} {
  if (!terraform.available || !installation) throw new Error("real Terraform is not available here");
  return {
    binary: terraform.binary,
    env: { ...process.env, TF_PLUGIN_CACHE_DIR: installation.pluginCacheDir },
    installation,
  };
}

/** A fresh folder in this process's scratch folder. */
export function scratchDir(prefix: string): string {
  if (!scratch) throw new Error("real Terraform is not available here");
  return fs.mkdtempSync(path.join(scratch, `${prefix}-`));
}

// Terraform processes at once in this test process: one per CPU, since each is mostly provider start-ups.
const slots = { free: Math.max(1, os.availableParallelism()), waiting: [] as Array<() => void> };

/** Runs `work` when a slot is free. */
export async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/** The plan of `planned` against the state `applied` leaves when applied under mocks. */
export async function planAfter(applied: Stack, planned: Stack): Promise<StepOutcome> {
  const outcome = await runSequence([{ apply: applied }, { plan: planned }]);
  return outcome.steps[1];
}

/**
 * The changes a plan makes, by address: no-ops left out, and so are updates that only fill in the
 * provider's defaults a mocked apply left null (see `fillsProviderDefaultsOnly`), which a state
 * AWS wrote would already hold.
 */
export function plannedChanges(plan: Pick<StepOutcome, "actions" | "changes">): Record<string, PlanAction> {
  return Object.fromEntries(
    Object.entries(plan.actions).filter(([address, action]) => {
      if (action === "no-op") return false;
      const change = plan.changes[address];
      const type = address.split(".")[0];
      return !(
        action === "update" &&
        change &&
        fillsProviderDefaultsOnly(type, change.before, change.after, change.afterUnknown)
      );
    }),
  );
}

/** Addresses the plan destroys: deleted, or replaced either way. */
export function destroyedAddresses(actions: Readonly<Record<string, PlanAction>>): string[] {
  const destroying: readonly PlanAction[] = ["delete", "create-before-destroy", "destroy-before-create"];
  return Object.keys(actions)
    .filter((address) => destroying.includes(actions[address]))
    .sort();
}

/** A copy of the stack with a lifecycle setting removed from every resource (e.g. `create_before_destroy`). */
export function withoutLifecycle(stack: Stack, setting: "create_before_destroy" | "prevent_destroy"): Stack {
  const copy = structuredClone(stack) as Stack;
  for (const byName of Object.values<Record<string, Values>>(copy.resource ?? {})) {
    for (const block of Object.values(byName)) {
      const lifecycle = block.lifecycle as Values | undefined;
      if (!lifecycle) continue;
      delete lifecycle[setting];
      if (Object.keys(lifecycle).length === 0) delete block.lifecycle;
    }
  }
  return copy;
}

/**
 * Runs the steps in one `terraform test` over one state and returns each step's outcome. See the top of this
 * file. Throws only when the harness itself cannot work (Terraform unavailable, a broken test file).
 */
export async function runSequence(
  steps: readonly Step[],
  options: { name?: string } = {},
): Promise<SequenceOutcome> {
  const { binary, env, installation: installed } = terraformSetup();
  const dir = scratchDir(options.name?.replace(/[^a-z0-9]+/gi, "-") ?? "sequence");
  const plan = await buildTestFiles(dir, steps, installed);
  fs.writeFileSync(path.join(dir, "tests", "sequence.tftest.json"), JSON.stringify(plan.testFile, null, 2));
  return inSlot(async () => {
    const loopback = await LoopbackAws.start();
    try {
      const call = { binary, cwd: dir, env: loopback.environment(env) };
      const init = await runTerraform(call, ["init", "-backend=false", "-input=false", "-no-color"]);
      if (init.code !== 0) throw new Error(`terraform init failed in ${dir}:\n${init.stdout}${init.stderr}`);
      const test = await runTerraform(call, ["test", "-json", "-verbose"]);
      const messages = jsonMessages(test.stdout);
      if (!messages.some((m) => m.type === "test_summary"))
        throw new Error(
          `terraform test did not run in ${dir} (exit ${test.code}):\n${test.stdout}${test.stderr}`,
        );
      return {
        steps: plan.runs.map((run) => readOutcome(run, messages, plan.sources)),
        requests: loopback.requests,
        escaped: loopback.escaped,
        cleanup: messages
          .filter((m) => m.type === "diagnostic" && isCleanup(m, messages))
          .map((m) => m.diagnostic)
          .filter(isTerraformDiagnostic)
          .map((d) => locateDiagnostic(d, plan.sources)),
        log: test.stdout,
      };
    } finally {
      await loopback.stop();
      if (process.env.TERRAFORM_HARNESS_KEEP) process.stderr.write(`kept ${dir}\n`);
      else fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** One run block of the generated test file. */
interface Run {
  readonly runName: string;
  readonly step: StepOutcome["name"] | undefined;
  readonly command: "apply" | "plan";
  readonly source: string;
}

/** Diagnostics emitted while tearing down (after the last run) belong to no step. */
function isCleanup(message: TerraformMessage, messages: readonly TerraformMessage[]): boolean {
  const teardown = messages.findIndex(
    (m) => m.type === "test_file" && /tearing down/.test(m["@message"] ?? ""),
  );
  return teardown >= 0 && messages.indexOf(message) > teardown;
}

function readOutcome(
  run: Run,
  messages: readonly TerraformMessage[],
  sources: ReadonlyMap<string, DiagnosticSource>,
): StepOutcome {
  const own = messages.filter((m) => m["@testrun"] === run.runName);
  const status = own
    .map((m) => m.test_run as { progress?: string; status?: string } | undefined)
    .find((r) => r?.progress === "complete")?.status;
  const outcome: StepOutcome = {
    name: run.step ?? run.runName,
    command: run.command,
    status: status === "pass" ? "pass" : status === "skip" || status === undefined ? "skip" : "error",
    actions: {},
    changes: {},
    state: {},
    outputs: {},
    diagnostics: own
      .filter((m) => m.type === "diagnostic" && !isCleanup(m, messages))
      .map((m) => m.diagnostic)
      .filter(isTerraformDiagnostic)
      .map((d) => locateDiagnostic(d, sources)),
  };
  const plan = own.find((m) => m.type === "test_plan")?.test_plan as PlanJson | undefined;
  const state = own.find((m) => m.type === "test_state")?.test_state as StateJson | undefined;
  return { ...outcome, ...(plan ? readPlan(plan) : {}), ...(state ? readState(state) : {}) };
}

interface PlanJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly previous_address?: string;
    readonly mode: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before: Values | null;
      readonly after: Values | null;
      readonly after_unknown?: Values;
      readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
    };
  }>;
}

interface StateJson {
  readonly values?: {
    readonly outputs?: Record<string, { value: unknown }>;
    readonly root_module?: { readonly resources?: ReadonlyArray<{ address: string; values: Values }> };
  };
  readonly root_module?: { readonly resources?: ReadonlyArray<{ address: string; values: Values }> };
  readonly outputs?: Record<string, { value: unknown }>;
}

function readPlan(plan: PlanJson): Pick<StepOutcome, "actions" | "changes"> {
  const actions: Record<string, PlanAction> = {};
  const changes: Record<string, ResourceChange> = {};
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const action = actionName(change.change.actions);
    actions[change.address] = action;
    changes[change.address] = {
      action,
      ...(change.previous_address ? { previousAddress: change.previous_address } : {}),
      before: change.change.before,
      after: change.change.after,
      afterUnknown: change.change.after_unknown ?? {},
      replacePaths: change.change.replace_paths ?? [],
    };
  }
  return { actions, changes };
}

function readState(state: StateJson): Pick<StepOutcome, "state" | "outputs"> {
  const root = state.values?.root_module ?? state.root_module;
  const outputs = state.values?.outputs ?? state.outputs ?? {};
  return {
    state: Object.fromEntries((root?.resources ?? []).map((r) => [r.address, r.values])),
    outputs: Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value])),
  };
}

function actionName(actions: readonly string[]): PlanAction {
  const joined = actions.join(",");
  if (joined === "create,delete") return "create-before-destroy";
  if (joined === "delete,create") return "destroy-before-create";
  if (["no-op", "create", "read", "update", "delete", "forget"].includes(joined)) return joined as PlanAction;
  throw new Error(`unexpected plan actions ${JSON.stringify(actions)}`);
}

/** A provider configuration of a stack: `aws` or `aws.<alias>`, and its block. */
interface StackProvider {
  readonly key: string;
  readonly alias: string | undefined;
  readonly block: Values;
  readonly region: string;
  readonly account: string;
}

function stackProviders(stack: Stack): StackProvider[] {
  const configs = stack.provider?.aws;
  const list: Values[] = Array.isArray(configs) ? configs : configs ? [configs] : [{}];
  return list.map((block) => {
    const alias = typeof block.alias === "string" ? block.alias : undefined;
    const allowed = block.allowed_account_ids;
    return {
      key: alias ? `aws.${alias}` : "aws",
      alias,
      block,
      region: typeof block.region === "string" ? block.region : "us-east-1",
      account: Array.isArray(allowed) && typeof allowed[0] === "string" ? allowed[0] : "123456789012",
    };
  });
}

/** Every block of a section (`resource` or `data`): type, name, arguments. */
function blocksOf(
  stack: Stack,
  section: "resource" | "data",
): Array<{ type: string; name: string; config: Values }> {
  return Object.entries<Record<string, Values>>(stack[section] ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({ type, name, config })),
  );
}

/** The provider a block uses. */
function providerOf(config: Values, providers: readonly StackProvider[]): StackProvider {
  const key = typeof config.provider === "string" ? config.provider : "aws";
  return providers.find((p) => p.key === key) ?? providers[0];
}

/**
 * The values a data source of the stack gets in its steps (e.g. to keep an image lookup's mock AMI when a later stack
 * renames the lookup: `{ plan, data: { "data.aws_ami.base_1-4-0": mockedData(before, "data.aws_ami.base") } }`).
 */
export function mockedData(stack: Stack, address: string): Values {
  const found = dataOverrides(stack).find((override) => override.target === address);
  if (!found) throw new Error(`the stack has no mocked data source ${address}`);
  return found.values as Values;
}

/** Values of each data source, from its address and arguments: a changed lookup finds another image. */
function dataOverrides(stack: Stack, extra: Readonly<Record<string, Values>> = {}): Values[] {
  const providers = stackProviders(stack);
  return blocksOf(stack, "data").flatMap(({ type, name, config }) => {
    const address = `data.${type}.${name}`;
    const values = DATA_VALUES[type];
    if (!values && !extra[address]) return [];
    const { region, account } = providerOf(config, providers);
    const owner =
      Array.isArray(config.owners) && typeof config.owners[0] === "string" ? config.owners[0] : account;
    const generated = values
      ? values({ region, account: owner, hex: stableHex(address, config), config })
      : {};
    return [{ target: address, values: { ...generated, ...extra[address] } }];
  });
}

/**
 * Values of each resource under mocks: its own ID and, for taggable types, `tags_all` as AWS would
 * report it (the provider's default tags and the resource's tags, references to mocked IDs resolved), so
 * that a later real-provider plan sees no tag drift that AWS would not show.
 */
async function resourceOverrides(
  stack: Stack,
  data: Readonly<Record<string, Values>> = {},
): Promise<Values[]> {
  const providers = stackProviders(stack);
  const resources = blocksOf(stack, "resource");
  const taggable = await taggableTypes(stack);
  const ids = new Map<string, string>();
  const generated = resources.map(({ type, name, config }) => {
    const address = `${type}.${name}`;
    const { region, account } = providerOf(config, providers);
    const values = RESOURCE_VALUES[type]?.({ region, account, hex: stableHex(address), config }) ?? {
      id: `${type.replace(/^aws_/, "")}-${stableHex(address).slice(0, 16)}`,
    };
    ids.set(address, String(values.id));
    return { address, type, config, values };
  });
  for (const override of dataOverrides(stack, data))
    ids.set(String(override.target), String((override.values as Values).id));

  return generated.map(({ address, type, config, values }) => {
    if (!taggable.has(type)) return { target: address, values };
    const provider = providerOf(config, providers);
    const defaults = ((provider.block.default_tags as Values[] | undefined)?.[0]?.tags ?? {}) as Values;
    const tags = { ...defaults, ...((config.tags as Values | undefined) ?? {}) };
    const resolved = Object.entries(tags).map(([key, value]) => [
      key,
      typeof value === "string"
        ? value.replace(/\$\{([A-Za-z0-9_.-]+)\.id\}/g, (all, ref: string) => ids.get(ref) ?? all)
        : value,
    ]);
    // A tag whose value Terraform computes some other way is left to the mock.
    if (resolved.some(([, value]) => typeof value !== "string" || value.includes("${")))
      return { target: address, values };
    return { target: address, values: { ...values, tags_all: Object.fromEntries(resolved) } };
  });
}

/** The stack as a module under test: providers relaxed to what is installed, no backend (tests keep state in memory). */
function prepareStack(stack: Stack, installed: ProviderInstallation): Stack {
  const copy = structuredClone(installed.relax(stack)) as Stack;
  for (const block of [copy.terraform].flat()) {
    if (block && typeof block === "object") {
      delete block.backend;
      delete block.cloud;
    }
  }
  return copy;
}

/** Provider arguments of the stack that need a real account; the test's provider blocks replace them. */
const ACCOUNT_ARGUMENTS = [
  "alias",
  "assume_role",
  "assume_role_with_web_identity",
  "allowed_account_ids",
  "forbidden_account_ids",
  "profile",
  "shared_config_files",
  "shared_credentials_files",
  "access_key",
  "secret_key",
  "token",
  // Every endpoint is the loopback server, through AWS_ENDPOINT_URL: an `endpoints` block costs seconds of
  // provider CPU per configuration and walk.
  "endpoints",
];

async function buildTestFiles(
  dir: string,
  steps: readonly Step[],
  installed: ProviderInstallation,
): Promise<{
  runs: Run[];
  sources: Map<string, DiagnosticSource>;
  testFile: Values;
}> {
  fs.mkdirSync(path.join(dir, "tests"), { recursive: true });
  const sources = new Map<string, DiagnosticSource>();
  const writeStack = (folder: string, stack: Stack, shown: string) => {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    const text = `${JSON.stringify(prepareStack(stack, installed), null, 2)}\n`;
    fs.writeFileSync(path.join(dir, folder, "cdk.tf.json"), text);
    sources.set(`${folder}/cdk.tf.json`, { shown, seen: text, original: text });
    return `./${folder}`;
  };
  const first = "apply" in steps[0] ? steps[0].apply : steps[0].plan;
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify({
      terraform: { required_providers: prepareStack(first, installed).terraform?.required_providers ?? {} },
    }),
  );
  fs.copyFileSync(installed.lockFileFor(first), path.join(dir, ".terraform.lock.hcl"));

  const mockProviders = new Map<string, Values>();
  const realProviders = new Map<string, Values>();
  // One test provider per distinct configuration, named after the stack's alias.
  const names = new Map<string, string>();
  const providerName = (prefix: "mock" | "real", provider: StackProvider, configuration: unknown) => {
    const key = JSON.stringify([prefix, provider.alias, configuration]);
    let name = names.get(key);
    if (name === undefined) {
      const base = `${prefix}_${provider.alias ?? "default"}`;
      const used = new Set(names.values());
      name = base;
      for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
      names.set(key, name);
    }
    return name;
  };

  const runs: Run[] = [];
  const runBlocks: Record<string, Values> = {};
  const lastApply = steps.map((s) => "apply" in s).lastIndexOf(true);
  const addRun = (run: Run, block: Values) => {
    runs.push(run);
    runBlocks[run.runName] = {
      command: run.command,
      module: { source: run.source },
      state_key: "stack",
      ...block,
    };
  };

  for (const [index, step] of steps.entries()) {
    const number = String(index + 1).padStart(2, "0");
    const stack = "apply" in step ? step.apply : step.plan;
    const name = step.name ?? `step ${index + 1} (${"apply" in step ? "apply" : "plan"})`;
    const source = writeStack(`steps/${number}`, stack, `${name}: cdk.tf.json`);
    const providers = stackProviders(stack);
    if ("apply" in step) {
      const mapping: Record<string, string> = {};
      for (const provider of providers) {
        const mockName = providerName("mock", provider, provider.region);
        mapping[provider.key] = `aws.${mockName}`;
        const types = (section: "resource" | "data") =>
          [...new Set(blocksOf(stack, section).map((b) => b.type))].sort();
        const previous = mockProviders.get(mockName);
        const defaults = mockDefaults(types("resource"), types("data"), provider.region, provider.account);
        mockProviders.set(mockName, {
          alias: mockName,
          mock_resource: { ...(previous?.mock_resource as Values), ...(defaults.mock_resource as Values) },
          mock_data: { ...(previous?.mock_data as Values), ...(defaults.mock_data as Values) },
        });
      }
      const block = {
        providers: mapping,
        override_resource: await resourceOverrides(stack, step.data),
        override_data: dataOverrides(stack, step.data),
      };
      addRun({ runName: `step_${number}_apply`, step: name, command: "apply", source }, block);
      if (index === lastApply && JSON.stringify(stack.resource ?? {}).includes('"prevent_destroy":true')) {
        const lifted = writeStack(
          `steps/${number}-lifted`,
          withoutLifecycle(stack, "prevent_destroy"),
          `${name}, prevent_destroy lifted: cdk.tf.json`,
        );
        addRun(
          {
            runName: `step_${number}_lift_prevent_destroy`,
            step: undefined,
            command: "apply",
            source: lifted,
          },
          block,
        );
      }
    } else {
      const mapping: Record<string, string> = {};
      for (const provider of providers) {
        const config = Object.fromEntries(
          Object.entries(provider.block).filter(([k]) => !ACCOUNT_ARGUMENTS.includes(k)),
        );
        const realName = providerName("real", provider, config);
        mapping[provider.key] = `aws.${realName}`;
        realProviders.set(realName, {
          ...config,
          alias: realName,
          region: provider.region,
          access_key: "loopback-access-key",
          secret_key: "loopback-secret-key",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        });
      }
      addRun(
        { runName: `step_${number}_plan`, step: name, command: "plan", source },
        {
          providers: mapping,
          plan_options: { refresh: false },
          override_data: dataOverrides(stack, step.data),
        },
      );
    }
  }

  return {
    runs: runs.filter((run) => run.step !== undefined),
    sources,
    testFile: {
      ...(mockProviders.size > 0 ? { mock_provider: { aws: [...mockProviders.values()] } } : {}),
      ...(realProviders.size > 0 ? { provider: { aws: [...realProviders.values()] } } : {}),
      run: runBlocks,
    },
  };
}
