import {
  environmentSourceDigest,
  loadProjectEnvironments,
  projectEnvironmentNames,
  SHIPPED_EXAMPLES,
} from "./support/environments";
import { synthEnvironment, type TerraformJson } from "./support/synth";
import { goldenImageVersions, promotedImageVersions } from "../modules/image-versions";
import { versionLabel } from "../modules/terraform-address";

// Every environment of the project, found as the main job finds them: what holds for any
// environment is checked for each, whatever the project holds. Only the shipped examples have
// snapshots, so adding an environment never needs a new one.
const { environments, problems } = loadProjectEnvironments();
const stacks = new Map(environments.map((env) => [env.name, synthEnvironment(env.config, env.name)]));
const each = environments.map((env) => [env.name, env] as const);

/** The values of one resource or data source type of a stack, by name. */
function blocks(json: TerraformJson, kind: "resource" | "data", type: string): Record<string, TerraformJson> {
  return json[kind]?.[type] ?? {};
}

describe("the project's environments", () => {
  it("are every environments/*.ts but environments/shared/, and all are valid", () => {
    expect(problems).toEqual([]);
    expect(environments.map((env) => env.name)).toEqual(projectEnvironmentNames());
    expect(environments.length).toBeGreaterThan(0);
  });

  it.each(each)("%s copies its images with KMS keys of its own account", (name, env) => {
    for (const copy of Object.values(blocks(stacks.get(name)!, "resource", "aws_ami_copy"))) {
      expect(copy.encrypted).toBe(true);
      if (copy.kms_key_id) expect(copy.kms_key_id).toContain(`:${env.config.account}:key/`);
    }
  });

  // The versions an environment keeps are its own AMIs (or lookups of its publisher's), and its
  // launch templates boot the current one, never another kept version.
  it.each(each)("%s keeps each version it lists and boots the current one", (name, env) => {
    const json = stacks.get(name)!;
    const golden = env.config.goldenImage && goldenImageVersions(env.config.goldenImage);
    const promoted = promotedImageVersions(env.config.baseImage);
    if (golden) {
      expect(Object.keys(blocks(json, "resource", "aws_ami_from_instance")).sort()).toEqual(
        golden.kept.map((version) => `golden_${versionLabel(version)}`).sort(),
      );
      const permissions = Object.keys(blocks(json, "resource", "aws_ami_launch_permission"));
      for (const version of golden.kept)
        for (const account of env.config.sharing?.accountIds ?? [])
          expect(permissions).toContain(`golden_${versionLabel(version)}_${env.config.region}_${account}`);
    }
    if (promoted && "promoted" in env.config.baseImage) {
      const { ownerAccount } = env.config.baseImage.promoted;
      for (const version of promoted.kept)
        expect(blocks(json, "data", "aws_ami")[`base_${versionLabel(version)}`]).toEqual({
          owners: [ownerAccount],
          include_deprecated: true,
          filter: [{ name: "name", values: [`${promoted.name}-${version}`] }],
        });
    }
    const current = (golden ?? promoted)?.current;
    for (const template of Object.values(blocks(json, "resource", "aws_launch_template"))) {
      const booted = /\b(?:golden|base)_(\d+-\d+-\d+[0-9a-z_-]*?)(?:_[a-z]{2}(?:-[a-z]+)+-\d)?\.id\}$/.exec(
        template.image_id,
      )?.[1];
      if (booted) expect(booted).toBe(versionLabel(current!));
    }
  });

  it.each(each)("%s reads the application's .env from SSM at boot instead of baking it", (name) => {
    const templates = blocks(stacks.get(name)!, "resource", "aws_launch_template");
    for (const [address, template] of Object.entries(templates)) {
      const app = address.split("_")[0];
      const script = Buffer.from(template.user_data, "base64").toString("utf8");
      expect(script).toContain(`aws ssm get-parameter --region "$REGION" --name "/${app}/${name}/dotenv"`);
      expect(script).toContain(`> /etc/${app}/.env`);
    }
  });

  // A promoted image is looked up by its exact name "<image>-<version>" in its publisher's
  // account. When the publisher is an environment of this project (that account, baking that
  // image), it must bake that very version and share it with the consumer's account: a launch
  // permission, and read access to its snapshot when the consumer copies it.
  it.each(each)(
    "%s promotes only versions its publisher in the project bakes and shares with it",
    (name, env) => {
      const copies = Object.keys(blocks(stacks.get(name)!, "resource", "aws_ami_copy")).length > 0;
      for (const lookup of Object.values(blocks(stacks.get(name)!, "data", "aws_ami"))) {
        const promoted: string | undefined = lookup.filter?.find((f: TerraformJson) => f.name === "name")
          ?.values[0];
        for (const publisher of environments) {
          const stack = stacks.get(publisher.name)!;
          const golden = Object.values(blocks(stack, "resource", "aws_ami_from_instance"));
          const publishes = golden.some((image) => promoted?.startsWith(`${image.tags?.ImageName}-`));
          if (publisher === env || !lookup.owners?.includes(publisher.config.account) || !publishes) continue;
          const accountIds = (type: string) =>
            Object.values(blocks(stack, "resource", type)).map((permission) => permission.account_id);
          expect({ publisher: publisher.file, bakes: golden.map((image) => image.name) }).toEqual({
            publisher: publisher.file,
            bakes: expect.arrayContaining([promoted]),
          });
          expect({ publisher: publisher.file, launch: accountIds("aws_ami_launch_permission") }).toEqual({
            publisher: publisher.file,
            launch: expect.arrayContaining([env.config.account]),
          });
          if (!copies) continue;
          expect({
            publisher: publisher.file,
            copy: accountIds("aws_snapshot_create_volume_permission"),
          }).toEqual({
            publisher: publisher.file,
            copy: expect.arrayContaining([env.config.account]),
          });
        }
      }
    },
  );

  it("keep their Terraform state apart", () => {
    const states = environments.map(({ name, file }) => {
      const backend = stacks.get(name)!.terraform?.backend ?? {};
      const s3 = backend.s3 as { bucket: string; key: string } | undefined;
      // Local state is resolved against each stack's own folder, so it is never shared.
      return { file, state: s3 ? `s3://${s3.bucket}/${s3.key}` : `local:${name}` };
    });
    const shared = states.filter((a) => states.some((b) => b !== a && b.state === a.state));
    expect(shared).toEqual([]);
  });
});

// The output of each shipped example, pinned as it was reviewed. An example whose file has
// changed since its snapshot was recorded is the project's own now: its snapshot is skipped with
// the reason until `npm run test:update` records the new output (which also drops the snapshots
// of examples that are gone). `npm test` never writes snapshots.
const snapshotState = (
  expect.getState() as {
    snapshotState?: { _updateSnapshot?: string; _snapshotData?: Record<string, string> };
  }
).snapshotState;
const updating = snapshotState?._updateSnapshot === "all";
const SNAPSHOTS = "the shipped examples";

describe(SNAPSHOTS, () => {
  for (const name of SHIPPED_EXAMPLES) {
    const title = `${name} synthesizes as its recorded snapshot`;
    const source = environmentSourceDigest(name);
    const recorded = snapshotState?._snapshotData?.[`${SNAPSHOTS} ${title} 1`];
    const recordedSource = recorded && /"source": "([^"]+)"/.exec(recorded)?.[1];
    const skip =
      source === undefined
        ? `environments/${name}.ts is not in the project`
        : recordedSource && recordedSource !== source
          ? `environments/${name}.ts changed since its snapshot (npm run test:update records the new output)`
          : undefined;
    if (skip && updating && source === undefined) continue;
    if (skip && !updating) {
      // Skipped under its own name, so that Jest keeps its snapshot; the reason is written
      // straight to stderr, since Jest does not list skipped tests.
      process.stderr.write(`skipped the snapshot of ${name}: ${skip}\n`);
      it.skip(title, () => undefined);
      continue;
    }
    it(title, () => {
      const env = environments.find((candidate) => candidate.name === name)!;
      expect({ source, stack: stacks.get(name) }).toMatchSnapshot();
      expect(env.file).toBe(`environments/${name}.ts`);
    });
  }
});
