import { LocalBackend, S3Backend, TerraformBackend, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { BackendConfig } from "./config";

type CloudSettings = Extract<BackendConfig, { cloud: unknown }>["cloud"];

/**
 * The Terraform Cloud `cloud` block. CDKTF's own `CloudBackend` runs `terraform version` at
 * synth to check compatibility, which fails where no terraform binary is installed; this one
 * only writes the block.
 */
class CloudBlock extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly settings: CloudSettings,
    private readonly defaultWorkspace: string,
  ) {
    super(scope, "backend", "cloud");
  }

  override toTerraform(): Record<string, unknown> {
    const { organization, workspace, workspaceTags, project, hostname } = this.settings;
    const selection = workspaceTags
      ? { tags: [...workspaceTags] }
      : { name: workspace ?? this.defaultWorkspace };
    return {
      terraform: {
        cloud: {
          organization,
          ...(hostname ? { hostname } : {}),
          workspaces: { ...selection, ...(project ? { project } : {}) },
        },
      },
    };
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }

  override getRemoteStateDataSource(): never {
    throw new Error(
      "Remote state across stacks is not supported with the cloud block, expected a local or s3 backend",
    );
  }
}

/**
 * Configures where the environment keeps its state.
 *
 * @default - local state at `terraform.<stack>.tfstate`, relative to the stack directory, so
 * that the output holds no machine-specific path.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend?: BackendConfig): void {
  if (!backend || "local" in backend) {
    new LocalBackend(stack, {
      path: (backend && "local" in backend && backend.local.path) || `terraform.${stackName}.tfstate`,
    });
    return;
  }
  if ("s3" in backend) {
    const { bucket, key, region, encrypt, useLockfile, dynamodbTable } = backend.s3;
    const s3 = new S3Backend(stack, { bucket, key, region, encrypt: encrypt ?? true, dynamodbTable });
    // The S3Backend typings predate S3-native locking.
    s3.addOverride("use_lockfile", useLockfile ?? true);
    return;
  }
  new CloudBlock(stack, backend.cloud, stackName);
}
