import { defineEnvironment } from "../modules";
import { appUserData } from "./shared/app-user-data";

// Dev bakes the `web` golden image from its builder instances (Ubuntu 22.04 with Node.js,
// nginx and the AWS CLI installed and configured) and shares every version it keeps with the
// staging and prod accounts, which copy them. It runs 1.5.0 and keeps 1.4.0, which prod runs.
export default defineEnvironment({
  account: "111111111111",
  region: "us-east-1",
  assumeRoleArn: "arn:aws:iam::111111111111:role/ami-deployer",
  tags: { Team: "platform", Application: "web" },
  baseImage: { preset: "ubuntu-22.04" },
  goldenImage: {
    name: "web",
    versions: {
      "1.4.0": {
        sourceInstanceId: "i-0123456789abcdef0",
        description:
          "Ubuntu 22.04 with Node.js 20, nginx and the AWS CLI, configured on the web builder instance",
        deprecateAt: "2027-06-30T00:00:00Z",
      },
      "1.5.0": {
        sourceInstanceId: "i-0fedcba9876543210",
        description:
          "Ubuntu 22.04 with Node.js 22, nginx and the AWS CLI, configured on the web builder instance",
        deprecateAt: "2027-12-31T00:00:00Z",
      },
    },
    current: "1.5.0",
  },
  sharing: { accountIds: ["222222222222", "333333333333"] },
  launchTemplates: {
    web: {
      instanceType: "t3.micro",
      securityGroupIds: ["sg-0aaaaaaaaaaaaaaa1"],
      instanceProfileName: "web-dev",
      userData: appUserData("web", "dev", ["web.service", "nginx.service"]),
      rootVolume: { sizeGiB: 16 },
    },
  },
});
