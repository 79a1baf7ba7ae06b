import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";

/** Settings shared by every region's provider. */
export interface RegionalProvidersProps {
  /** The environment's account; each provider refuses to act in any other. */
  readonly account: string;
  /** The region of the default (unaliased) provider. */
  readonly homeRegion: string;
  /** Other regions, each getting a provider aliased by the region name. */
  readonly otherRegions: readonly string[];
  /** Tags applied to every taggable resource. */
  readonly defaultTags: Readonly<Record<string, string>>;
  /**
   * Role to assume in every region.
   * @default - the caller's credentials
   */
  readonly assumeRoleArn?: string;
}

/** One AWS provider per region: the home region's is the default, the others are aliased. */
export class RegionalProviders extends Construct {
  readonly homeRegion: string;
  private readonly aliased = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: RegionalProvidersProps) {
    super(scope, id);
    this.homeRegion = props.homeRegion;
    const common = {
      allowedAccountIds: [props.account],
      defaultTags: [{ tags: { ...props.defaultTags } }],
      assumeRole: props.assumeRoleArn ? [{ roleArn: props.assumeRoleArn }] : undefined,
    };
    new AwsProvider(this, "home", { region: props.homeRegion, ...common });
    for (const region of props.otherRegions) {
      this.aliased.set(region, new AwsProvider(this, region, { region, alias: region, ...common }));
    }
  }

  /** Every region, home first. */
  get regions(): string[] {
    return [this.homeRegion, ...this.aliased.keys()];
  }

  /** The provider a resource in `region` uses; undefined means the default provider. */
  forRegion(region: string): AwsProvider | undefined {
    if (region === this.homeRegion) return undefined;
    const provider = this.aliased.get(region);
    if (!provider)
      throw new Error(`No provider for region, got "${region}", expected one of ${this.regions.join(", ")}`);
    return provider;
  }
}
