import * as fs from "node:fs";
import * as path from "node:path";
import type { EnvironmentConfig, LaunchTemplateConfig } from "../../modules/config";

/** The shape of every generated environment, as the scale rows of the benchmark use it. */
export interface ScenarioShape {
  /** Regions each environment copies its golden image to, besides its home region. */
  readonly copyRegions: readonly string[];
  /** Accounts each environment shares its images with. */
  readonly sharedAccounts: number;
  /** Launch templates per environment: the first in every region, the others in the home region. */
  readonly launchTemplates: number;
}

/** 3 copy regions, sharing with 2 accounts, 2 launch templates. */
export const DEFAULT_SHAPE: ScenarioShape = {
  copyRegions: ["eu-west-1", "us-west-2", "ap-southeast-2"],
  sharedAccounts: 2,
  launchTemplates: 2,
};

/** How the environment files are written. */
export interface ScenarioOptions {
  /**
   * The module specifier of the pack, as written in the generated files.
   * @default "../modules" - the files live in `<project>/environments`
   */
  readonly modulesSpecifier?: string;
  /** @default DEFAULT_SHAPE */
  readonly shape?: ScenarioShape;
}

const HOME_REGION = "us-east-1";

/** `env-001`, `env-002`, ...: valid environment names that sort in creation order. */
export function environmentName(index: number): string {
  return `env-${String(index + 1).padStart(3, "0")}`;
}

/** A 12-digit account ID derived from a number; distinct numbers give distinct IDs. */
function accountId(value: number): string {
  return String(100000000000 + value);
}

/** A well-formed KMS key ARN in `region`, unique per account and region. */
function kmsKeyArn(account: string, region: string, index: number): string {
  const hex = (index + 1).toString(16).padStart(12, "0");
  return `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-${hex}`;
}

/** A security group ID unique per environment. */
function securityGroupId(index: number): string {
  return `sg-${(index + 1).toString(16).padStart(17, "0")}`;
}

/** The config of the `index`-th (0-based) generated environment. */
export function scenarioConfig(index: number, shape: ScenarioShape = DEFAULT_SHAPE): EnvironmentConfig {
  const name = environmentName(index);
  const account = accountId(index + 1);
  const templates: Record<string, LaunchTemplateConfig> = {};
  for (let t = 0; t < shape.launchTemplates; t++) {
    const templateName = t === 0 ? "web" : `worker-${t}`;
    templates[templateName] = {
      instanceType: t === 0 ? "t3.small" : "c7i.large",
      ...(t === 0 ? {} : { regions: [HOME_REGION], metadataHopLimit: 2 }),
      securityGroupIds: [securityGroupId(index)],
      instanceProfileName: `${name}-${templateName}`,
      userData: `#!/bin/bash\nset -euo pipefail\necho "${name} ${templateName}" > /etc/motd\n`,
      rootVolume: { sizeGiB: 16 + 8 * t },
    };
  }
  return {
    account,
    region: HOME_REGION,
    assumeRoleArn: `arn:aws:iam::${account}:role/ami-deployer`,
    tags: { Team: "platform", Application: name },
    baseImage: { preset: "ubuntu-24.04" },
    goldenImage: {
      name,
      version: "1.0.0",
      sourceInstanceId: `i-${(index + 1).toString(16).padStart(17, "0")}`,
      deprecateAt: "2030-01-01T00:00:00Z",
    },
    copies: shape.copyRegions.map((region, r) => ({ region, kmsKeyId: kmsKeyArn(account, region, r) })),
    sharing: {
      accountIds: Array.from({ length: shape.sharedAccounts }, (_, s) => accountId(900000 + s)),
    },
    launchTemplates: templates,
  };
}

/** The TypeScript source of an environment file that default-exports `config`. */
export function environmentSource(config: EnvironmentConfig, modulesSpecifier = "../modules"): string {
  return `import { defineEnvironment } from ${JSON.stringify(modulesSpecifier)};

export default defineEnvironment(${JSON.stringify(config, null, 2)});
`;
}

/**
 * Writes `count` generated environment files into `environmentsDir`, creating it.
 *
 * @returns the environment names, in the order main.ts synthesizes them
 */
export function writeScenario(
  environmentsDir: string,
  count: number,
  options: ScenarioOptions = {},
): string[] {
  fs.mkdirSync(environmentsDir, { recursive: true });
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = environmentName(index);
    const config = scenarioConfig(index, options.shape);
    fs.writeFileSync(
      path.join(environmentsDir, `${name}.ts`),
      environmentSource(config, options.modulesSpecifier),
    );
    names.push(name);
  }
  return names;
}
