import type { ConfigChecker } from "./config-checker";

/** What the checks of sharing and launch templates need to know about the environment. */
export interface EnvironmentScope {
  readonly check: ConfigChecker;
  readonly name: string;
  /** The home region, when it is valid. */
  readonly home?: string;
  /** The home region and every valid copy region. */
  readonly regions: readonly string[];
  readonly production: boolean;
  readonly hasGolden: boolean;
  /** The base image is copied into the environment's account in the home region. */
  readonly hasHomeCopy: boolean;
  /** The base image exists only in the home region (a pinned ID or a promoted version). */
  readonly baseOnlyInHome: boolean;
  /** The account, when it is valid. */
  readonly account?: string;
  /** The KMS key of the environment's own image in each region where the config names one, and where it does. */
  readonly imageKeys: Readonly<Record<string, { readonly kmsKeyId: string; readonly path: string }>>;
}
