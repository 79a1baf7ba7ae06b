import * as fs from "node:fs";
import * as path from "node:path";
import type { EnvironmentConfig } from "../modules";
import { formatProblem } from "../modules/config-checker";
import { checkAcrossEnvironments } from "../modules/cross-environment-checks";
import { copyProject, runSynth } from "./support/project";

const DEV_KEY = "arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-4111-8111-111111111111";
const STAGING_HOME_KEY = "arn:aws:kms:us-east-1:222222222222:key/22222222-2222-4222-8222-222222222221";

/** Dev bakes web 1.4.0 and 1.5.0 in us-east-1 and eu-west-1, shared with staging's account. */
const DEV: EnvironmentConfig = {
  account: "111111111111",
  region: "us-east-1",
  baseImage: { preset: "ubuntu-22.04" },
  goldenImage: {
    name: "web",
    versions: {
      "1.3.0": { sourceInstanceId: "i-0aaaabbbbccccdddd", retired: true },
      "1.4.0": { sourceInstanceId: "i-0123456789abcdef0" },
      "1.5.0": { sourceInstanceId: "i-0fedcba9876543210" },
    },
    current: "1.5.0",
  },
  copies: [{ region: "eu-west-1", kmsKeyId: DEV_KEY }],
  sharing: { accountIds: ["222222222222"] },
};

/** Staging runs web 1.5.0 from dev, keeps 1.4.0, and copies both into its own account. */
const STAGING: EnvironmentConfig = {
  account: "222222222222",
  region: "us-east-1",
  assumeRoleArn: "arn:aws:iam::222222222222:role/ami-deployer",
  backend: { s3: { bucket: "example-state", key: "ami/staging.tfstate", region: "us-east-1" } },
  baseImage: { promoted: { name: "web", version: "1.5.0", ownerAccount: "111111111111", keep: ["1.4.0"] } },
  homeRegionCopy: { kmsKeyId: STAGING_HOME_KEY },
};

type Environments = Record<string, EnvironmentConfig>;

/** The findings of the checks across `environments`, as the user reads them. */
function check(environments: Environments): { problems: string[]; warnings: string[] } {
  const found = checkAcrossEnvironments(
    Object.entries(environments).map(([name, config]) => ({ name, file: `environments/${name}.ts`, config })),
  );
  return { problems: found.problems.map(formatProblem), warnings: found.warnings.map(formatProblem) };
}

function promoted(changes: Partial<{ version: string; keep: string[] }>): EnvironmentConfig {
  const base = STAGING.baseImage as { promoted: { name: string; version: string; ownerAccount: string } };
  return { ...STAGING, baseImage: { promoted: { ...base.promoted, ...changes } } };
}

describe("checks across environments", () => {
  it("accept a publisher and a consumer that agree", () => {
    expect(check({ dev: DEV, staging: STAGING })).toEqual({ problems: [], warnings: [] });
  });

  describe("1. promoted versions are kept by their publisher", () => {
    it("refuse a version the publisher does not keep, naming both files", () => {
      expect(check({ dev: DEV, staging: promoted({ version: "1.2.0", keep: ["1.6.0"] }) }).problems).toEqual([
        'environments/staging.ts: baseImage.promoted.version: got "1.2.0", expected a version that environments/dev.ts keeps (1.4.0, 1.5.0)',
        'environments/staging.ts: baseImage.promoted.keep[0]: got "1.6.0", expected a version that environments/dev.ts keeps (1.4.0, 1.5.0)',
      ]);
    });

    it("refuse a publisher retiring a version a consumer uses", () => {
      expect(check({ dev: DEV, staging: promoted({ version: "1.5.0", keep: ["1.3.0"] }) }).problems).toEqual([
        'environments/dev.ts: goldenImage.versions["1.3.0"].retired: got true, expected 1.3.0 kept while environments/staging.ts uses it (baseImage.promoted.keep[0]): a publisher retires only versions no consumer uses',
      ]);
    });

    it("leave images of publishers outside the project alone", () => {
      const outside = promoted({ version: "9.9.9" });
      const owner = {
        ...outside,
        baseImage: { promoted: { name: "web", version: "9.9.9", ownerAccount: "555555555555" } },
      };
      expect(check({ dev: DEV, staging: owner }).problems).toEqual([]);
    });
  });

  describe("2. the publisher shares with the consumer", () => {
    it("refuse a copying consumer that is not shared with by account", () => {
      const noAccount = {
        ...DEV,
        sharing: { organizationArns: ["arn:aws:organizations::111111111111:organization/o-exampleorg1"] },
      };
      expect(check({ dev: noAccount, staging: STAGING }).problems).toEqual([
        'environments/dev.ts: sharing: missing, expected accountIds to include "222222222222", the account of environments/staging.ts, which copies web 1.5.0 (AWS shares snapshots with accounts only, so organisations and OUs can launch but not copy)',
      ]);
      expect(
        check({ dev: { ...DEV, sharing: { accountIds: ["333333333333"] } }, staging: STAGING }).problems,
      ).toEqual([
        'environments/dev.ts: sharing.accountIds: got ["333333333333"], expected to include "222222222222", the account of environments/staging.ts, which copies web 1.5.0 (AWS shares snapshots with accounts only, so organisations and OUs can launch but not copy)',
      ]);
    });

    it("warn when a consumer that only launches relies on organisation sharing", () => {
      const launchOnly: EnvironmentConfig = { ...STAGING, homeRegionCopy: undefined };
      const byOrganization = {
        ...DEV,
        sharing: {
          organizationalUnitArns: ["arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-cdef3456"],
        },
      };
      expect(check({ dev: byOrganization, staging: launchOnly })).toEqual({
        problems: [],
        warnings: [
          "environments/staging.ts: baseImage.promoted: launches web 1.5.0, which environments/dev.ts shares with organisations or OUs only: account 222222222222 must be a member (membership cannot be checked at synth)",
          "environments/staging.ts: baseImage.promoted: launches web 1.4.0, which environments/dev.ts shares with organisations or OUs only: account 222222222222 must be a member (membership cannot be checked at synth)",
        ],
      });
      expect(check({ dev: { ...DEV, sharing: undefined }, staging: launchOnly }).problems).toEqual([
        'environments/dev.ts: sharing: missing, expected accountIds to include "222222222222", the account of environments/staging.ts, which launches web 1.5.0',
      ]);
    });

    it("need no sharing within one account", () => {
      const sameAccount: EnvironmentConfig = {
        ...promoted({}),
        account: "111111111111",
        assumeRoleArn: undefined,
        homeRegionCopy: undefined,
      };
      expect(check({ dev: { ...DEV, sharing: undefined }, staging: sameAccount }).problems).toEqual([]);
    });
  });

  describe("3. the consumer's home region is one where the publisher has the version", () => {
    it("accepts a copy region of the publisher, refuses a region the publisher never copied to", () => {
      const eu = { ...STAGING, region: "eu-west-1", homeRegionCopy: undefined };
      expect(check({ dev: DEV, staging: eu }).problems).toEqual([]);
      const west = { ...STAGING, region: "us-west-2", homeRegionCopy: undefined };
      expect(check({ dev: DEV, staging: west }).problems).toEqual([
        'environments/staging.ts: region: got "us-west-2", expected a region where environments/dev.ts has web 1.5.0, 1.4.0 (us-east-1, eu-west-1): the AMI is looked up in the home region',
      ]);
    });

    it("does not count a region the publisher retires", () => {
      const leaving: EnvironmentConfig = { ...DEV, copies: [{ region: "eu-west-1", retired: true }] };
      const eu = { ...STAGING, region: "eu-west-1", homeRegionCopy: undefined };
      expect(check({ dev: leaving, staging: eu }).problems).toEqual([
        'environments/staging.ts: region: got "eu-west-1", expected a region where environments/dev.ts has web 1.5.0, 1.4.0 (us-east-1): the AMI is looked up in the home region',
      ]);
    });
  });

  describe("4. no two environments share state", () => {
    it("refuses one S3 bucket and key, naming the environment that has it", () => {
      expect(
        check({ staging: STAGING, qa: { ...STAGING, account: "444444444444", assumeRoleArn: undefined } })
          .problems,
      ).toContain(
        "environments/qa.ts: backend.s3.key: got s3://example-state/ami/staging.tfstate, the state of environments/staging.ts too, expected a state of its own (two environments writing one state overwrite each other's resources)",
      );
    });

    it("refuses one Terraform Cloud workspace, and one local file once resolved against each stack folder", () => {
      const cloud = (workspace?: string): EnvironmentConfig => ({
        ...DEV,
        goldenImage: undefined,
        copies: undefined,
        sharing: undefined,
        backend: { cloud: { organization: "example", workspace } },
      });
      expect(check({ a: cloud("shared"), b: cloud("shared") }).problems).toEqual([
        "environments/b.ts: backend.cloud.workspace: got the Terraform Cloud workspace example/shared, the state of environments/a.ts too, expected a state of its own (two environments writing one state overwrite each other's resources)",
      ]);
      expect(check({ a: cloud(), b: cloud() }).problems).toEqual([]);
      const local = (statePath: string): EnvironmentConfig => ({
        ...cloud(),
        backend: { local: { path: statePath } },
      });
      expect(check({ a: local("../shared.tfstate"), b: local("../shared.tfstate") }).problems).toEqual([
        "environments/b.ts: backend.local.path: got the local state file cdktf.out/stacks/shared.tfstate, the state of environments/a.ts too, expected a state of its own (two environments writing one state overwrite each other's resources)",
      ]);
      // The same relative path names a file in each stack's own folder.
      expect(check({ a: local("state.tfstate"), b: local("state.tfstate") }).problems).toEqual([]);
    });
  });

  describe("5. the environment's own account", () => {
    it("refuses a role of another account", () => {
      const foreignRole = { ...STAGING, assumeRoleArn: "arn:aws:iam::111111111111:role/ami-deployer" };
      expect(check({ dev: DEV, staging: foreignRole }).problems).toEqual([
        "environments/staging.ts: assumeRoleArn: got a role in account 111111111111, expected a role in 222222222222, the environment's account (its providers refuse every other account)",
      ]);
    });

    it("warns about KMS keys of another account, which need grants", () => {
      const foreignKey = {
        ...STAGING,
        homeRegionCopy: { kmsKeyId: STAGING_HOME_KEY.replace("222222222222", "999999999999") },
      };
      expect(check({ dev: DEV, staging: foreignKey })).toEqual({
        problems: [],
        warnings: [
          "environments/staging.ts: homeRegionCopy.kmsKeyId: uses a KMS key of account 999999999999, not the environment's 222222222222: a KMS key of another account encrypts only when its key policy grants the environment's account",
        ],
      });
    });
  });

  describe("6. AMI names are unique per account and region", () => {
    it("refuses a second environment of the account creating the same AMI names", () => {
      const twin: EnvironmentConfig = { ...DEV, backend: { local: { path: "twin.tfstate" } } };
      expect(check({ dev: DEV, "dev-twin": twin }).problems).toEqual([
        "environments/dev-twin.ts: goldenImage.name: got AMI names that environments/dev.ts creates too in account 111111111111 (web-1.4.0 in us-east-1, web-1.4.0 in eu-west-1, web-1.5.0 in us-east-1, web-1.5.0 in eu-west-1), expected names unique per account and region: AWS refuses a second image of the same name",
      ]);
    });

    it("accepts the same names in other regions or accounts", () => {
      const otherRegion: EnvironmentConfig = { ...DEV, region: "us-west-2", copies: undefined };
      expect(check({ dev: DEV, west: otherRegion }).problems).toEqual([]);
    });
  });
});

describe("synth with environments that disagree", () => {
  it("writes nothing and names every file involved", () => {
    const dir = copyProject("ami-pack-cross-");
    try {
      // A new environment copied from staging the naive way: same account, state and AMI names.
      fs.copyFileSync(path.join(dir, "environments/staging.ts"), path.join(dir, "environments/qa.ts"));
      const result = runSynth(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        "environments/staging.ts: backend.s3.key: got s3://example-staging-terraform-state/ami/staging.tfstate, the state of environments/qa.ts too",
      );
      expect(result.stderr).toContain(
        "environments/staging.ts: baseImage.promoted: got AMI names that environments/qa.ts creates too",
      );
      expect(result.stderr).toContain("nothing was written");
      expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
