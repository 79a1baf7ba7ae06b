import { AmiCopy } from "@cdktf/provider-aws/lib/ami-copy";
import { AmiFromInstance } from "@cdktf/provider-aws/lib/ami-from-instance";
import { AmiLaunchPermission } from "@cdktf/provider-aws/lib/ami-launch-permission";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnapshotCreateVolumePermission } from "@cdktf/provider-aws/lib/snapshot-create-volume-permission";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { withoutTokenStackTraces } from "../../app/token-stack-traces";
import { environmentName, scenarioConfig } from "./scenario";

// The benchmark's baseline: the stacks of the generated environments, written as a plain CDKTF app
// would write them for this one shape. No config checks, no policy guards, no review metadata, so
// that the pack's time can be compared with what CDKTF itself costs for the same resources.

/** An image the stack owns in one region, as copies, sharing, templates and outputs reference it. */
interface OwnedImage {
  readonly region: string;
  readonly id: string;
  readonly rootSnapshotId: string;
  readonly rootDeviceName: string;
}

/** Synthesizes the stacks of the first `count` generated environments into `outdir`. */
export function synthesizePlainStacks(count: number, outdir: string): void {
  withoutTokenStackTraces(() => {
    const app = new App({ outdir, stackTraces: false });
    for (let index = 0; index < count; index++) buildEnvironmentStack(app, index);
    app.synth();
  });
}

/** The stack of the `index`-th generated environment, named as the pack names it. */
function buildEnvironmentStack(app: App, index: number): TerraformStack {
  const name = environmentName(index);
  const config = scenarioConfig(index);
  const golden = config.goldenImage;
  // The generated environments have one golden image version; the versioned form is not written.
  if (!golden || !("version" in golden)) throw new Error(`${name}: expected a single-version golden image`);
  const copies = config.copies ?? [];
  const sharedAccounts = config.sharing?.accountIds ?? [];
  const home = config.region;
  const versionLabel = golden.version.replace(/-/g, "_").replace(/\./g, "-");
  const moved: Array<{ from: string; to: string }> = [];

  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: `terraform.${name}.tfstate` });

  const providerSettings = {
    allowedAccountIds: [config.account],
    assumeRole: [{ roleArn: config.assumeRoleArn }],
    defaultTags: [{ tags: { ...config.tags, Environment: name } }],
  };
  new AwsProvider(stack, "aws", { region: home, ...providerSettings });
  const providers = new Map<string, AwsProvider>();
  for (const { region } of copies) {
    providers.set(
      region,
      new AwsProvider(stack, `aws-${region}`, { region, alias: region, ...providerSettings }),
    );
  }

  // The ubuntu-24.04 preset on x86_64, looked up in the home region.
  new DataAwsAmi(stack, "base", {
    owners: ["099720109477"],
    mostRecent: true,
    filter: [
      { name: "name", values: ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"] },
      { name: "architecture", values: ["x86_64"] },
      { name: "virtualization-type", values: ["hvm"] },
      { name: "state", values: ["available"] },
    ],
  });

  const imageName = `${golden.name}-${golden.version}`;
  const imageTags = {
    Name: imageName,
    ImageName: golden.name,
    ImageVersion: golden.version,
    Environment: name,
    SourceInstance: golden.sourceInstanceId,
  };
  const goldenId = `golden_${versionLabel}`;
  const goldenImage = new AmiFromInstance(stack, goldenId, {
    name: imageName,
    description: `${golden.name} ${golden.version}, baked from ${golden.sourceInstanceId}`,
    sourceInstanceId: golden.sourceInstanceId,
    snapshotWithoutReboot: false,
    deprecationTime: golden.deprecateAt,
    tags: imageTags,
    lifecycle: { createBeforeDestroy: true },
  });
  // Stacks written before image versions existed named the resources without the version.
  moved.push({ from: "aws_ami_from_instance.golden", to: `aws_ami_from_instance.${goldenId}` });
  const images: OwnedImage[] = [
    {
      region: home,
      id: goldenImage.id,
      rootSnapshotId: goldenImage.rootSnapshotId,
      rootDeviceName: goldenImage.rootDeviceName,
    },
  ];

  for (const { region, kmsKeyId } of copies) {
    const copyId = `golden_${versionLabel}_${region}`;
    const copy = new AmiCopy(stack, copyId, {
      provider: providers.get(region),
      name: imageName,
      description: `Copy of ${imageName} from ${home}`,
      sourceAmiId: goldenImage.id,
      sourceAmiRegion: home,
      encrypted: true,
      kmsKeyId,
      deprecationTime: golden.deprecateAt,
      tags: { ...imageTags, SourceRegion: home },
      lifecycle: { createBeforeDestroy: true },
    });
    moved.push({ from: `aws_ami_copy.golden_${region}`, to: `aws_ami_copy.${copyId}` });
    images.push({
      region,
      id: copy.id,
      rootSnapshotId: copy.rootSnapshotId,
      rootDeviceName: copy.rootDeviceName,
    });
  }

  for (const image of images) {
    const provider = providers.get(image.region);
    for (const accountId of sharedAccounts) {
      const permissionId = `golden_${versionLabel}_${image.region}_${accountId}`;
      const previousId = `golden_${image.region}_${accountId}`;
      new AmiLaunchPermission(stack, permissionId, { provider, imageId: image.id, accountId });
      // The snapshot permission has the launch permission's Terraform name: another construct ID.
      new SnapshotCreateVolumePermission(stack, `${permissionId}-snapshot`, {
        provider,
        snapshotId: image.rootSnapshotId,
        accountId,
      }).overrideLogicalId(permissionId);
      moved.push(
        { from: `aws_ami_launch_permission.${previousId}`, to: `aws_ami_launch_permission.${permissionId}` },
        {
          from: `aws_snapshot_create_volume_permission.${previousId}`,
          to: `aws_snapshot_create_volume_permission.${permissionId}`,
        },
      );
    }
  }
  stack.addOverride("moved", moved);

  const templateOutputs: Array<[string, LaunchTemplate]> = [];
  for (const [templateName, template] of Object.entries(config.launchTemplates ?? {})) {
    const tags = { ...config.tags, Environment: name, LaunchTemplate: templateName };
    for (const region of template.regions ?? images.map((image) => image.region)) {
      const image = images.find((candidate) => candidate.region === region);
      if (!image) throw new Error(`${name}: no image in ${region} for launch template ${templateName}`);
      const address = `${templateName}_${region}`;
      const launchTemplate = new LaunchTemplate(stack, address, {
        provider: providers.get(region),
        name: `${name}-${templateName}`,
        description: `${templateName} instances of ${name} (golden image)`,
        imageId: image.id,
        instanceType: template.instanceType,
        vpcSecurityGroupIds: template.securityGroupIds ? [...template.securityGroupIds] : undefined,
        iamInstanceProfile: template.instanceProfileName ? { name: template.instanceProfileName } : undefined,
        userData:
          template.userData === undefined ? undefined : Buffer.from(template.userData).toString("base64"),
        updateDefaultVersion: true,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: template.metadataHopLimit ?? 1,
        },
        blockDeviceMappings: [
          {
            deviceName: image.rootDeviceName,
            ebs: {
              volumeType: "gp3",
              volumeSize: template.rootVolume?.sizeGiB,
              encrypted: "true",
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: [
          { resourceType: "instance", tags: { ...tags } },
          { resourceType: "volume", tags: { ...tags } },
        ],
        tags: { ...tags },
      });
      templateOutputs.push([address, launchTemplate]);
    }
  }

  for (const image of images) {
    new TerraformOutput(stack, `image_id_${image.region}`, {
      value: image.id,
      description: `The golden image in ${image.region}`,
    });
    new TerraformOutput(stack, `image_ids_${image.region}`, {
      value: { [golden.version]: image.id },
      description: `The golden image in ${image.region}, by kept version`,
    });
  }
  for (const [address, launchTemplate] of templateOutputs) {
    new TerraformOutput(stack, `launch_template_${address}_id`, { value: launchTemplate.id });
    new TerraformOutput(stack, `launch_template_${address}_latest_version`, {
      value: launchTemplate.latestVersion,
    });
  }
  return stack;
}

if (require.main === module) {
  const [countArgument, outdir = "cdktf.out"] = process.argv.slice(2);
  const count = Number(countArgument);
  if (!Number.isInteger(count) || count < 0) {
    console.error(
      `Usage: plain-cdktf-app.ts <count> [outdir], got count "${countArgument ?? ""}", expected a whole number`,
    );
    process.exit(2);
  }
  synthesizePlainStacks(count, outdir);
  console.log(`Synthesized ${count} plain CDKTF stack(s) into ${outdir}`);
}
