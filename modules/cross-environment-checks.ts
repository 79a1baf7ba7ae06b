import * as path from "node:path";
import { accountOfArn } from "./aws-formats";
import type { EnvironmentConfig } from "./config";
import { type ConfigProblem, join, show } from "./config-checker";
import { type ImageVersions, goldenImageVersions, keptCopies, promotedImageVersions } from "./image-versions";
import { because, RULES } from "./rules";

/** An environment loaded from its file and valid on its own. */
export interface CheckedEnvironment {
  /** The stack name: the file name without `.ts`. */
  readonly name: string;
  /** The file as shown in messages, relative to the project with "/" separators, e.g. "environments/prod.ts". */
  readonly file: string;
  readonly config: EnvironmentConfig;
}

/** What the checks across environments found. */
export interface CrossEnvironmentFindings {
  /** Errors: nothing may be written while there is one. */
  readonly problems: readonly ConfigProblem[];
  /** What synth cannot check and a reviewer should know (shown at synth and in the review). */
  readonly warnings: readonly ConfigProblem[];
}

/** An environment that bakes a golden image, as its consumers need to know it. */
interface Publisher {
  readonly environment: CheckedEnvironment;
  readonly versions: ImageVersions;
  /** The home region and every copy region that stays: where each kept version exists. */
  readonly regions: readonly string[];
}

/**
 * Checks the environments against each other, before anything is written: promoted versions
 * that their publisher keeps, shares and has in the consumer's home region; no two environments
 * writing one state; roles in the environment's own account; AMI names unique per account and
 * region. Every message names each file involved.
 */
export function checkAcrossEnvironments(
  environments: readonly CheckedEnvironment[],
): CrossEnvironmentFindings {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const publishers = environments.flatMap((environment): Publisher[] => {
    const { goldenImage, region, copies } = environment.config;
    if (!goldenImage) return [];
    const regions = [region, ...keptCopies(copies).map((copy) => copy.region)];
    return [{ environment, versions: goldenImageVersions(goldenImage), regions }];
  });
  for (const consumer of environments) {
    checkPromotion(consumer, publishers, problems, warnings);
    checkOwnAccount(consumer, problems, warnings);
  }
  checkStates(environments, problems);
  checkImageNames(environments, problems);
  return { problems, warnings };
}

/** Checks 1-3: the publisher keeps every promoted version, shares it, and has it in the consumer's home region. */
function checkPromotion(
  consumer: CheckedEnvironment,
  publishers: readonly Publisher[],
  problems: ConfigProblem[],
  warnings: ConfigProblem[],
): void {
  const { config, file } = consumer;
  const promoted = "promoted" in config.baseImage ? config.baseImage.promoted : undefined;
  const versions = promotedImageVersions(config.baseImage);
  if (!promoted || !versions) return;
  const candidates = publishers.filter(
    (publisher) =>
      publisher.environment.config.account === promoted.ownerAccount &&
      publisher.versions.name === promoted.name &&
      publisher.environment !== consumer,
  );
  // A publisher outside this project: nothing to check it against.
  if (candidates.length === 0) return;
  const files = (list: readonly Publisher[]) => list.map((publisher) => publisher.environment.file);
  const uses = [
    { version: promoted.version, path: "baseImage.promoted.version" },
    ...(promoted.keep ?? []).map((version, index) => ({
      version,
      path: join("baseImage.promoted.keep", index),
    })),
  ];
  const served: Array<{ version: string; publishers: Publisher[] }> = [];
  for (const { version, path: fieldPath } of uses) {
    const keeping = candidates.filter((publisher) => publisher.versions.kept.includes(version));
    if (keeping.length > 0) {
      served.push({ version, publishers: keeping });
      continue;
    }
    const retiring = candidates.filter((publisher) => publisher.versions.retired.includes(version));
    if (retiring.length > 0) {
      for (const publisher of retiring) {
        problems.push({
          file: publisher.environment.file,
          path: join("goldenImage.versions", version) + ".retired",
          message: `got true, expected ${version} kept while ${file} uses it (${fieldPath}): a publisher retires only versions no consumer uses`,
        });
      }
      continue;
    }
    const kept = [...new Set(candidates.flatMap((publisher) => publisher.versions.kept))];
    problems.push({
      file,
      path: fieldPath,
      message: `got ${show(version)}, expected a version that ${files(candidates).join(" or ")} keeps (${kept.join(", ")})`,
    });
  }
  if (served.length === 0) return;

  // 3. Every kept version exists in each of its publisher's regions; the consumer looks it up at home.
  const home = config.region;
  const servingHome = served.map(({ version, publishers: keeping }) => ({
    version,
    keeping,
    serving: keeping.filter((publisher) => publisher.regions.includes(home)),
  }));
  const missing = servingHome.filter(({ serving }) => serving.length === 0);
  if (missing.length > 0) {
    const regions = [...new Set(missing.flatMap(({ keeping }) => keeping.flatMap((p) => p.regions)))];
    problems.push({
      file,
      path: "region",
      message: `got ${show(home)}, expected a region where ${files(missing[0].keeping).join(" or ")} has ${promoted.name} ${missing.map((m) => m.version).join(", ")} (${regions.join(", ")}): the AMI is looked up in the home region`,
    });
  }

  // 2. Sharing with the consumer's account: AWS lets accounts copy, organisations and OUs only launch.
  const copies =
    !config.goldenImage && (config.homeRegionCopy !== undefined || keptCopies(config.copies).length > 0);
  const reported = new Set<CheckedEnvironment>();
  for (const { version, serving } of servingHome) {
    const foreign = serving.filter((publisher) => publisher.environment.config.account !== config.account);
    if (foreign.length === 0 || foreign.length < serving.length) continue;
    const sharing = (publisher: Publisher) => publisher.environment.config.sharing;
    const byAccount = foreign.some((publisher) => sharing(publisher)?.accountIds?.includes(config.account));
    if (byAccount) continue;
    const byOrganization = foreign.some(
      (publisher) =>
        (sharing(publisher)?.organizationArns?.length ?? 0) +
          (sharing(publisher)?.organizationalUnitArns?.length ?? 0) >
        0,
    );
    if (!copies && byOrganization) {
      warnings.push({
        file,
        path: "baseImage.promoted",
        message: `launches ${promoted.name} ${version}, which ${files(foreign).join(" or ")} shares with organisations or OUs only: account ${config.account} must be a member (membership cannot be checked at synth)`,
      });
      continue;
    }
    for (const publisher of foreign) {
      if (reported.has(publisher.environment)) continue;
      reported.add(publisher.environment);
      const accountIds = sharing(publisher)?.accountIds;
      const why = copies
        ? `which copies ${promoted.name} ${version} (AWS shares snapshots with accounts only, so organisations and OUs can launch but not copy)`
        : `which launches ${promoted.name} ${version}`;
      problems.push({
        file: publisher.environment.file,
        path: accountIds ? "sharing.accountIds" : "sharing",
        message: `${accountIds ? `got ${show(accountIds)}` : "missing"}, expected ${accountIds ? "" : "accountIds "}to include "${config.account}", the account of ${file}, ${why}`,
      });
    }
  }
}

/** Check 5: the role is in the environment's account; KMS keys of other accounts need grants. */
function checkOwnAccount(
  environment: CheckedEnvironment,
  problems: ConfigProblem[],
  warnings: ConfigProblem[],
): void {
  const { config, file } = environment;
  const roleAccount = accountOfArn(config.assumeRoleArn);
  if (roleAccount && roleAccount !== config.account) {
    problems.push({
      file,
      path: "assumeRoleArn",
      message: `got a role in account ${roleAccount}, expected a role in ${config.account}, the environment's account (its providers refuse every other account)`,
    });
  }
  const keys: Array<[string, string | undefined]> = [
    ...(config.copies ?? []).map((copy, index): [string, string | undefined] => [
      `${join("copies", index)}.kmsKeyId`,
      copy.kmsKeyId,
    ]),
    ["homeRegionCopy.kmsKeyId", config.homeRegionCopy?.kmsKeyId],
    ...Object.entries(config.launchTemplates ?? {}).flatMap(([name, template]) => {
      const key = template.rootVolume?.kmsKeyId;
      const keyPath = `${join("launchTemplates", name)}.rootVolume.kmsKeyId`;
      if (typeof key !== "object") return [[keyPath, key] as [string, string | undefined]];
      return Object.entries(key).map(([region, arn]): [string, string | undefined] => [
        join(keyPath, region),
        arn,
      ]);
    }),
  ];
  for (const [keyPath, arn] of keys) {
    const keyAccount = accountOfArn(arn);
    if (!keyAccount || keyAccount === config.account) continue;
    warnings.push({
      file,
      path: keyPath,
      message: `uses a KMS key of account ${keyAccount}, not the environment's ${config.account}: ${because(RULES.crossAccountKmsKey)}`,
    });
  }
}

/** Check 4: no two environments write one state. */
function checkStates(environments: readonly CheckedEnvironment[], problems: ConfigProblem[]): void {
  const owners = new Map<string, CheckedEnvironment>();
  for (const environment of environments) {
    const state = stateOf(environment);
    if (!state) continue;
    const first = owners.get(state.identity);
    if (!first) {
      owners.set(state.identity, environment);
      continue;
    }
    problems.push({
      file: environment.file,
      path: state.path,
      message: `got ${state.shown}, the state of ${first.file} too, expected a state of its own (two environments writing one state overwrite each other's resources)`,
    });
  }
}

/** Where an environment keeps its state, as one comparable identity. */
function stateOf(
  environment: CheckedEnvironment,
): { identity: string; shown: string; path: string } | undefined {
  const { backend } = environment.config;
  if (backend && "s3" in backend) {
    const { bucket, key } = backend.s3;
    return { identity: `s3 ${bucket}/${key}`, shown: `s3://${bucket}/${key}`, path: "backend.s3.key" };
  }
  if (backend && "cloud" in backend) {
    const { organization, workspace, workspaceTags, hostname = "app.terraform.io" } = backend.cloud;
    // Workspaces chosen by tags are picked at run time: nothing to compare.
    if (workspaceTags) return undefined;
    const name = workspace ?? environment.name;
    return {
      identity: `cloud ${hostname}/${organization}/${name}`,
      shown: `the Terraform Cloud workspace ${organization}/${name}`,
      path: workspace ? "backend.cloud.workspace" : "backend.cloud",
    };
  }
  // Local state is relative to each stack's own folder, stacks/<name>/.
  const written = backend && "local" in backend ? backend.local.path : undefined;
  const file = path.posix.join(
    "stacks",
    environment.name,
    written ?? `terraform.${environment.name}.tfstate`,
  );
  return {
    identity: `local ${file}`,
    shown: `the local state file ${file.replace(/^stacks\//, "cdktf.out/stacks/")}`,
    path: written ? "backend.local.path" : "backend",
  };
}

/** Check 6: AMI names are unique per account and region. */
function checkImageNames(environments: readonly CheckedEnvironment[], problems: ConfigProblem[]): void {
  const owners = new Map<string, CheckedEnvironment>();
  const clashes = new Map<CheckedEnvironment, Map<CheckedEnvironment, string[]>>();
  for (const environment of environments) {
    for (const { region, name } of imageNamesOf(environment.config)) {
      const key = `${environment.config.account} ${region} ${name}`;
      const first = owners.get(key);
      if (!first) {
        owners.set(key, environment);
        continue;
      }
      const byFirst = clashes.get(environment) ?? new Map<CheckedEnvironment, string[]>();
      clashes.set(environment, byFirst.set(first, [...(byFirst.get(first) ?? []), `${name} in ${region}`]));
    }
  }
  for (const [environment, byFirst] of clashes) {
    for (const [first, names] of byFirst) {
      problems.push({
        file: environment.file,
        path: environment.config.goldenImage ? "goldenImage.name" : "baseImage.promoted",
        message: `got AMI names that ${first.file} creates too in account ${environment.config.account} (${names.join(", ")}), expected names unique per account and region: AWS refuses a second image of the same name`,
      });
    }
  }
}

/** The AMIs an environment creates, by region and name, when their names are known at synth. */
function imageNamesOf(config: EnvironmentConfig): Array<{ region: string; name: string }> {
  const copyRegions = keptCopies(config.copies).map((copy) => copy.region);
  if (config.goldenImage) {
    const versions = goldenImageVersions(config.goldenImage);
    return versions.kept.flatMap((version) =>
      [config.region, ...copyRegions].map((region) => ({ region, name: `${versions.name}-${version}` })),
    );
  }
  const versions = promotedImageVersions(config.baseImage);
  if (!versions) return [];
  const regions = [...(config.homeRegionCopy ? [config.region] : []), ...copyRegions];
  return versions.kept.flatMap((version) =>
    regions.map((region) => ({ region, name: `${versions.name}-${version}` })),
  );
}
