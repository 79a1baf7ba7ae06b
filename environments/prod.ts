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
      // A new image reaches prod's instances by a rolling refresh that keeps the whole fleet in
      // service (up to 20 % extra while replacing), pauses at a fifth for ten minutes, and rolls
      // back on failure.
      autoScaling: {
        subnetIds: {
          "us-east-1": ["subnet-0c3c3c3c3c3c3c3c1", "subnet-0c3c3c3c3c3c3c3c2", "subnet-0c3c3c3c3c3c3c3c3"],
          "eu-west-1": ["subnet-0c3c3c3c3c3c3c3c4", "subnet-0c3c3c3c3c3c3c3c5", "subnet-0c3c3c3c3c3c3c3c6"],
          "us-west-2": ["subnet-0c3c3c3c3c3c3c3c7", "subnet-0c3c3c3c3c3c3c3c8", "subnet-0c3c3c3c3c3c3c3c9"],
        },
        minSize: 3,
        maxSize: 12,
        healthCheck: { type: "ELB", gracePeriodSeconds: 300 },
        targetGroupArns: {
          "us-east-1": [
            "arn:aws:elasticloadbalancing:us-east-1:333333333333:targetgroup/web-prod/3c3c3c3c3c3c3c31",
          ],
          "eu-west-1": [
            "arn:aws:elasticloadbalancing:eu-west-1:333333333333:targetgroup/web-prod/3c3c3c3c3c3c3c32",
          ],
          "us-west-2": [
            "arn:aws:elasticloadbalancing:us-west-2:333333333333:targetgroup/web-prod/3c3c3c3c3c3c3c33",
          ],
        },
        refresh: {
          minHealthyPercentage: 100,
          maxHealthyPercentage: 120,
          instanceWarmupSeconds: 300,
          autoRollback: true,
          checkpointPercentages: [20, 100],
          checkpointDelaySeconds: 600,
        },
      },
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
