import { defineEnvironment } from "../modules";
import { appUserData } from "./shared/app-user-data";

// Dev bakes the `web` golden image from its builder instance (Ubuntu 22.04 with Node.js,
// nginx and the AWS CLI installed and configured) and shares each version with the staging and
// prod accounts, which copy it.
export default defineEnvironment({
  account: "111111111111",
  region: "us-east-1",
  assumeRoleArn: "arn:aws:iam::111111111111:role/ami-deployer",
  tags: { Team: "platform", Application: "web" },
  baseImage: { preset: "ubuntu-22.04" },
  goldenImage: {
    name: "web",
    version: "1.4.0",
    sourceInstanceId: "i-0123456789abcdef0",
    description:
      "Ubuntu 22.04 with Node.js 20, nginx and the AWS CLI, configured on the web builder instance",
    deprecateAt: "2027-06-30T00:00:00Z",
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
