import { defineEnvironment } from "../modules";
import { appUserData } from "./shared/app-user-data";

// Staging runs the version of `web` that dev baked and shared, pinned by name and version, copied
// into its own account with its own keys.
export default defineEnvironment({
  account: "222222222222",
  region: "us-east-1",
  assumeRoleArn: "arn:aws:iam::222222222222:role/ami-deployer",
  tags: { Team: "platform", Application: "web" },
  backend: {
    s3: { bucket: "example-staging-terraform-state", key: "ami/staging.tfstate", region: "us-east-1" },
  },
  baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "111111111111" } },
  // Its own copy at home too: staging keeps running when dev moves on to the next version.
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
