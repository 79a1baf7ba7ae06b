import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AmiLaunchTemplate } from "./ami-launch-template";
import { AutoScalingGroups, type FleetTemplate } from "./auto-scaling";
import { BaseImage } from "./base-image";
import type { EnvironmentConfig, ExtensibleStack } from "./config";
import { GoldenImage } from "./golden-image";
import { ImageCopies } from "./image-copies";
import { ImageSharing } from "./image-sharing";
import type { RegionalImage } from "./regional-image";
import { PolicyGuards } from "./policy-guards";
import { RegionalProviders } from "./regional-providers";
import { configureBackend } from "./state-backend";
import { pinAddress } from "./terraform-address";

/**
 * One environment as one Terraform stack: providers per region, the base image, the golden
 * image, its regional copies, sharing, launch templates and outputs. The config must have
 * passed `validateEnvironment`.
 */
export class EnvironmentStack extends TerraformStack implements ExtensibleStack {
  /** The environment's name, which is also the stack's. */
  readonly environment: string;
  readonly config: EnvironmentConfig;
  readonly providers: RegionalProviders;
  readonly baseImage: BaseImage;
  readonly goldenImage?: GoldenImage;
  /** The environment's image (golden if any, else base) in each region, home first. */
  readonly images: readonly RegionalImage[];
  /** Every launch template in every region. */
  readonly launchTemplates: readonly AmiLaunchTemplate[];
  /** The Auto Scaling groups of the templates that have `autoScaling`, with their KMS grants. */
  readonly autoScaling?: AutoScalingGroups;
  /** The policy rules, run on every AWS resource of the stack at synth. */
  readonly guards: PolicyGuards;

  constructor(scope: Construct, name: string, config: EnvironmentConfig) {
    super(scope, name);
    this.environment = name;
    this.config = config;
    const copies = config.copies ?? [];
    const preventDestroy = config.production === true && config.allowImageReplacement !== true;

    this.providers = new RegionalProviders(this, "providers", {
      account: config.account,
      homeRegion: config.region,
      otherRegions: copies.map((copy) => copy.region),
      defaultTags: { ...config.tags, Environment: name },
      assumeRoleArn: config.assumeRoleArn,
    });
    configureBackend(this, name, config.backend);

    this.baseImage = new BaseImage(this, "base-image", {
      source: config.baseImage,
      providers: this.providers,
    });
    if (config.goldenImage) {
      this.goldenImage = new GoldenImage(this, "golden-image", {
        ...config.goldenImage,
        environment: name,
        region: config.region,
        preventDestroy,
      });
    }
    const homeImage = this.goldenImage?.image ?? this.ownHomeCopy(preventDestroy) ?? this.baseImage.home;
    const copied = new ImageCopies(this, "copies", {
      source: homeImage,
      copies,
      providers: this.providers,
      tags: this.goldenImage?.tags ?? this.baseImageTags(homeImage),
      deprecateAt: config.goldenImage?.deprecateAt,
      preventDestroy,
    });
    this.images = [homeImage, ...copied.images];

    const owned = this.images.filter((image) => image.owned);
    if (config.sharing && owned.length > 0) {
      new ImageSharing(this, "sharing", {
        images: owned,
        sharing: config.sharing,
        providers: this.providers,
      });
    }

    const launchTemplates: AmiLaunchTemplate[] = [];
    const fleet: FleetTemplate[] = [];
    for (const [templateName, template] of Object.entries(config.launchTemplates ?? {})) {
      // The environment's own image is copied to every region; the base image, when the
      // environment also has a golden one, is looked up in each region instead.
      const bootsOwnImage = (template.image ?? homeImage.kind) === homeImage.kind;
      for (const region of template.regions ?? this.providers.regions) {
        const image = bootsOwnImage ? this.imageIn(region) : this.baseImage.inRegion(region);
        const launchTemplate = new AmiLaunchTemplate(this, `launch-template-${templateName}-${region}`, {
          ...template,
          templateName,
          environment: name,
          image,
          providers: this.providers,
          tags: { ...config.tags, Environment: name, LaunchTemplate: templateName },
        });
        launchTemplates.push(launchTemplate);
        if (template.autoScaling) fleet.push({ launchTemplate, autoScaling: template.autoScaling });
      }
    }
    this.launchTemplates = launchTemplates;
    if (fleet.length > 0) {
      this.autoScaling = new AutoScalingGroups(this, "auto-scaling", {
        environment: name,
        account: config.account,
        providers: this.providers,
        fleet,
        tags: (templateName) => ({
          Name: `${name}-${templateName}`,
          ...config.tags,
          Environment: name,
          LaunchTemplate: templateName,
        }),
      });
    }
    this.addOutputs();
    config.extend?.(this);
    // Aspects on the App are not applied to stacks: each stack carries its own.
    this.guards = new PolicyGuards(
      this,
      {
        production: config.production === true,
        requiredTags: ["Environment", ...(config.requiredTags ?? []).filter((t) => t !== "Environment")],
      },
      config.waivers ?? [],
    );
    Aspects.of(this).add(this.guards);
    // Terraform ignores "//" keys: this records what the review reads and the JSON alone cannot say.
    this.addOverride("//.environment", {
      name,
      account: config.account,
      region: config.region,
      production: config.production === true,
      baseImage: config.baseImage,
      requiredTags: config.requiredTags ?? [],
      waivers: config.waivers ?? [],
    });
  }

  /** The environment's image in `region`. */
  imageIn(region: string): RegionalImage {
    const image = this.images.find((candidate) => candidate.region === region);
    if (!image)
      throw new Error(
        `The environment has no image in region, got "${region}", expected one of ${this.providers.regions.join(", ")}`,
      );
    return image;
  }

  /** The base image copied into the environment's account in the home region, when configured. */
  private ownHomeCopy(preventDestroy: boolean): RegionalImage | undefined {
    if (!this.config.homeRegionCopy) return undefined;
    const base = this.baseImage.home;
    const [copy] = new ImageCopies(this, "home-region-copy", {
      source: base,
      copies: [{ region: this.config.region, kmsKeyId: this.config.homeRegionCopy.kmsKeyId }],
      providers: this.providers,
      tags: this.baseImageTags(base),
      preventDestroy,
    }).images;
    return copy;
  }

  private baseImageTags(image: RegionalImage): Record<string, string> {
    const source = this.config.baseImage;
    const promoted: Record<string, string> =
      "promoted" in source ? { ImageName: source.promoted.name, ImageVersion: source.promoted.version } : {};
    return { Name: image.name, ...promoted, Environment: this.environment, SourceImage: image.imageId };
  }

  private addOutputs(): void {
    for (const image of this.images) {
      const name = `image_id_${image.region}`;
      pinAddress(
        new TerraformOutput(this, name, {
          value: image.imageId,
          description: `The ${image.kind} image in ${image.region}`,
        }),
        name,
      );
    }
    for (const { address, template } of this.launchTemplates) {
      const id = `launch_template_${address}_id`;
      const version = `launch_template_${address}_latest_version`;
      pinAddress(new TerraformOutput(this, id, { value: template.id }), id);
      pinAddress(new TerraformOutput(this, version, { value: template.latestVersion }), version);
    }
    for (const group of this.autoScaling?.groups ?? []) {
      const address = group.friendlyUniqueId;
      const name = `autoscaling_group_${address}_name`;
      const arn = `autoscaling_group_${address}_arn`;
      pinAddress(new TerraformOutput(this, name, { value: group.name }), name);
      pinAddress(new TerraformOutput(this, arn, { value: group.arn }), arn);
    }
  }
}
