import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AmiLaunchTemplate } from "./ami-launch-template";
import { AutoScalingGroups, type FleetTemplate } from "./auto-scaling";
import { BaseImage } from "./base-image";
import type { EnvironmentConfig, ExtensibleStack } from "./config";
import { GoldenImage } from "./golden-image";
import { ImageCopies } from "./image-copies";
import { ImagePublishing } from "./image-publishing";
import { ImageSharing } from "./image-sharing";
import {
  type ImageVersions,
  type RecordedImageVersions,
  goldenImageVersions,
  keptCopies,
  retiredRegions,
} from "./image-versions";
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
  /** The versions of the environment's image (golden, else promoted); none for other base images. */
  readonly imageVersions?: ImageVersions;
  /** The home region and every copy region that is not retired. */
  readonly regions: readonly string[];
  /** The environment's image (golden if any, else base) in each region, home first: the current version. */
  readonly images: readonly RegionalImage[];
  /** Every kept version of the environment's image in each region, oldest version first. */
  readonly keptImages: readonly RegionalImage[];
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

    // A retired region keeps its provider: Terraform needs it to destroy what is left there.
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
    const golden = config.goldenImage && goldenImageVersions(config.goldenImage);
    this.imageVersions = golden ?? this.baseImage.versions;
    if (config.goldenImage && golden) {
      this.goldenImage = new GoldenImage(this, "golden-image", {
        name: golden.name,
        versions: golden.entries,
        snapshotWithoutReboot: config.goldenImage.snapshotWithoutReboot,
        inheritsUnversioned: golden.inheritsUnversioned,
        environment: name,
        region: config.region,
        preventDestroy,
      });
    }
    this.regions = [config.region, ...keptCopies(copies).map((copy) => copy.region)];
    const keptImages: RegionalImage[] = [];
    for (const version of this.imageVersions?.kept ?? [undefined]) {
      const homeImage =
        (version !== undefined ? this.goldenImage?.image(version) : undefined) ??
        this.ownHomeCopy(version, preventDestroy) ??
        this.baseImage.inRegion(config.region, version);
      const copied = new ImageCopies(this, version === undefined ? "copies" : `copies-${version}`, {
        source: homeImage,
        copies: keptCopies(copies),
        providers: this.providers,
        tags:
          version !== undefined && this.goldenImage
            ? this.goldenImage.tagsOf(version)
            : this.baseImageTags(homeImage),
        preventDestroy,
      });
      keptImages.push(homeImage, ...copied.images);
    }
    this.keptImages = keptImages;
    this.images = keptImages.filter((image) => image.version === this.imageVersions?.current);

    const owned = keptImages.filter((image) => image.owned);
    if (config.sharing && owned.length > 0) {
      new ImageSharing(this, "sharing", {
        images: owned,
        sharing: config.sharing,
        providers: this.providers,
      });
    }
    if (config.publish && this.imageVersions) {
      new ImagePublishing(this, "publish", {
        images: this.images,
        parameterName: `${config.publish.ssmParameterPrefix}/${this.imageVersions.name}/${name}`,
        environment: name,
        providers: this.providers,
      });
    }

    const launchTemplates: AmiLaunchTemplate[] = [];
    const fleet: FleetTemplate[] = [];
    const ownKind = this.images[0].kind;
    for (const [templateName, template] of Object.entries(config.launchTemplates ?? {})) {
      // The environment's own image is copied to every region; the base image, when the
      // environment also has a golden one, is looked up in each region instead.
      const bootsOwnImage = (template.image ?? ownKind) === ownKind;
      for (const region of template.regions ?? this.regions) {
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
    this.guards = new PolicyGuards(
      this,
      {
        production: config.production === true,
        requiredTags: ["Environment", ...(config.requiredTags ?? []).filter((t) => t !== "Environment")],
      },
      config.waivers ?? [],
    );
    // Terraform ignores "//" keys: this records what the review reads and the JSON alone cannot say.
    this.addOverride("//.environment", {
      name,
      account: config.account,
      region: config.region,
      production: config.production === true,
      baseImage: config.baseImage,
      requiredTags: config.requiredTags ?? [],
      waivers: config.waivers ?? [],
      ...(this.imageVersions ? { imageVersions: recordedVersions(this.imageVersions) } : {}),
      retiredRegions: retiredRegions(copies),
      allowImageRemoval: config.allowImageRemoval === true,
    });
  }

  /**
   * The stack as Terraform reads it, checked by the policy guards: CDKTF renders a stack once to
   * write it, and the guards read that render. Throws on a violation that is not waived.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CDKTF's own signature
  override toTerraform(): any {
    const json = super.toTerraform();
    this.guards.inspect(json);
    return json;
  }

  /** The environment's image in `region`: the current version. */
  imageIn(region: string): RegionalImage {
    const image = this.images.find((candidate) => candidate.region === region);
    if (!image)
      throw new Error(
        `The environment has no image in region, got "${region}", expected one of ${this.regions.join(", ")}`,
      );
    return image;
  }

  /** One version of the base image copied into the environment's account in the home region, when configured. */
  private ownHomeCopy(version: string | undefined, preventDestroy: boolean): RegionalImage | undefined {
    if (!this.config.homeRegionCopy) return undefined;
    const base = this.baseImage.inRegion(this.config.region, version);
    const [copy] = new ImageCopies(
      this,
      version === undefined ? "home-region-copy" : `home-region-copy-${version}`,
      {
        source: base,
        copies: [{ region: this.config.region, kmsKeyId: this.config.homeRegionCopy.kmsKeyId }],
        providers: this.providers,
        tags: this.baseImageTags(base),
        preventDestroy,
      },
    ).images;
    return copy;
  }

  private baseImageTags(image: RegionalImage): Record<string, string> {
    const source = this.config.baseImage;
    const promoted: Record<string, string> =
      "promoted" in source && image.version !== undefined
        ? { ImageName: source.promoted.name, ImageVersion: image.version }
        : {};
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
    if (this.imageVersions) {
      for (const region of this.regions) {
        const name = `image_ids_${region}`;
        const byVersion = this.keptImages.filter((image) => image.region === region);
        pinAddress(
          new TerraformOutput(this, name, {
            value: Object.fromEntries(byVersion.map((image) => [image.version, image.imageId])),
            description: `The ${byVersion[0].kind} image in ${region}, by kept version`,
          }),
          name,
        );
      }
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

/** What the review reads of the versions: which are kept, current and leaving. */
function recordedVersions({ name, kind, kept, current, retired }: ImageVersions): RecordedImageVersions {
  return { name, kind, kept, current, retired };
}
