import { defineEnvironment } from "../modules";
import { appUserData } from "./shared/app-user-data";

// Staging runs the newest version of `web` that dev baked and shared, pinned by name and version,
// and keeps the one before it to roll back to; both are copied into its own account with its own keys.
export default defineEnvironment({
  account: "222222222222",
  region: "us-east-1",
  assumeRoleArn: "arn:aws:iam::222222222222:role/ami-deployer",
  tags: { Team: "platform", Application: "web" },
  backend: {
    s3: { bucket: "example-staging-terraform-state", key: "ami/staging.tfstate", region: "us-east-1" },
  },
  baseImage: { promoted: { name: "web", version: "1.5.0", ownerAccount: "111111111111", keep: ["1.4.0"] } },
  // Its own copies at home too: staging launches from its own account, whatever happens in dev's.
  homeRegionCopy: { kmsKeyId: "arn:aws:kms:us-east-1:222222222222:key/22222222-2222-4222-8222-222222222221" },
  copies: [
    {
      region: "us-west-2",
      kmsKeyId: "arn:aws:kms:us-west-2:222222222222:key/22222222-2222-4222-8222-222222222222",
    },
  ],
  launchTemplates: {
    web: {
      instanceType: "t3.small",
      securityGroupIds: ["sg-0bbbbbbbbbbbbbbb2"],
      instanceProfileName: "web-staging",
      userData: appUserData("web", "staging", ["web.service", "nginx.service"]),
      rootVolume: { sizeGiB: 16 },
      // A new image reaches staging's instances by a quick rolling refresh: half the fleet at a time.
      autoScaling: {
        subnetIds: {
          "us-east-1": ["subnet-0b2b2b2b2b2b2b2b1", "subnet-0b2b2b2b2b2b2b2b2"],
          "us-west-2": ["subnet-0b2b2b2b2b2b2b2b3", "subnet-0b2b2b2b2b2b2b2b4"],
        },
        minSize: 2,
        maxSize: 4,
        refresh: { minHealthyPercentage: 50, instanceWarmupSeconds: 120 },
      },
    },
  },
});
