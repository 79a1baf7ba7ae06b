import { defineEnvironment } from "../modules";
import { appUserData } from "./shared/app-user-data";

// Prod pins the promoted `web` version (it promotes after staging), copies it to two more regions
// with its own keys, and runs web servers everywhere plus a worker in the home region only.
export default defineEnvironment({
  account: "333333333333",
  region: "us-east-1",
  assumeRoleArn: "arn:aws:iam::333333333333:role/ami-deployer",
  production: true,
  tags: { Team: "platform", Application: "web", DataClassification: "internal" },
  backend: {
    s3: { bucket: "example-prod-terraform-state", key: "ami/prod.tfstate", region: "us-east-1" },
  },
  baseImage: { promoted: { name: "web", version: "1.4.0", ownerAccount: "111111111111" } },
  // Its own copy at home too: prod launches from its own account, whatever happens in dev's.
  homeRegionCopy: { kmsKeyId: "arn:aws:kms:us-east-1:333333333333:key/33333333-3333-4333-8333-333333333330" },
  copies: [
    {
      region: "eu-west-1",
      kmsKeyId: "arn:aws:kms:eu-west-1:333333333333:key/33333333-3333-4333-8333-333333333331",
    },
    {
      region: "us-west-2",
      kmsKeyId: "arn:aws:kms:us-west-2:333333333333:key/33333333-3333-4333-8333-333333333332",
    },
  ],
  launchTemplates: {
    web: {
      instanceType: "m7i.large",
      securityGroupIds: ["sg-0ccccccccccccccc3"],
      instanceProfileName: "web-prod",
      userData: appUserData("web", "prod", ["web.service", "nginx.service"]),
      rootVolume: { sizeGiB: 32 },
    },
    worker: {
      instanceType: "c7i.large",
      regions: ["us-east-1"],
      securityGroupIds: ["sg-0ccccccccccccccc3"],
      instanceProfileName: "worker-prod",
      userData: appUserData("worker", "prod", ["worker.service"]),
      // The worker runs its jobs in containers, which reach the instance's role one hop further.
      metadataHopLimit: 2,
    },
  },
});
