// The public API: what an environment file and an `extend` callback need, and the constructs
// for composing one's own stacks. Internals (validating) are imported from their own files;
// loading environment files and synthesizing them is the app's (app/).
export { defineEnvironment } from "./config";
export type {
  Architecture,
  AutoScalingConfig,
  BackendConfig,
  BaseImageConfig,
  CopyConfig,
  EnvironmentConfig,
  EnvironmentDefinition,
  ExtensibleStack,
  GoldenImageConfig,
  GoldenImageVersionConfig,
  GuardWaiver,
  HealthCheckConfig,
  HomeRegionCopyConfig,
  InstanceRefreshConfig,
  ImagePreset,
  LaunchTemplateConfig,
  LookupImage,
  PinnedImage,
  PresetImage,
  PromotedImage,
  PublishConfig,
  RootVolumeConfig,
  SharingConfig,
  SsmParameterImage,
} from "./config";
export { RULES, type Rule, type Severity } from "./rules";
export { GUARD_RULES, type GuardRule } from "./guard-rules";

export { AmiLaunchTemplate, type AmiLaunchTemplateProps } from "./ami-launch-template";
export { AutoScalingGroups, type AutoScalingGroupsProps, type FleetTemplate } from "./auto-scaling";
export { BaseImage, type BaseImageProps } from "./base-image";
export { EnvironmentStack } from "./environment-stack";
export { GoldenImage, type GoldenImageProps } from "./golden-image";
export { ImageCopies, type ImageCopiesProps } from "./image-copies";
export { ImagePublishing, type ImagePublishingProps } from "./image-publishing";
export { ImageSharing, type ImageSharingProps } from "./image-sharing";
export { PolicyGuards } from "./policy-guards";
export type { RegionalImage } from "./regional-image";
export { RegionalProviders, type RegionalProvidersProps } from "./regional-providers";
