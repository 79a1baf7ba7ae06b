/**
 * Formats of AWS identifiers, as the validator checks them. Each entry pairs a test with the
 * example shown to the user when the test fails.
 */

/** Commercial, GovCloud and China regions where EC2 images can live. */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

const PARTITION = "aws(?:-cn|-us-gov)?";
const REGION = "[a-z]{2}(?:-gov)?-[a-z]+-\\d";

/** A named format: `test` decides, `expected` is what the error message asks for. */
export interface IdentifierFormat {
  readonly test: (value: string) => boolean;
  readonly expected: string;
}

function pattern(regex: RegExp, expected: string): IdentifierFormat {
  return { test: (value) => regex.test(value), expected };
}

export const FORMATS = {
  account: pattern(/^\d{12}$/, 'a 12-digit AWS account ID such as "111111111111"'),
  region: {
    test: (value: string) => AWS_REGIONS.includes(value),
    expected: 'an AWS region such as "eu-west-1"',
  } as IdentifierFormat,
  amiId: pattern(/^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'an AMI ID such as "ami-0123456789abcdef0"'),
  instanceId: pattern(/^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'an instance ID such as "i-0123456789abcdef0"'),
  securityGroupId: pattern(
    /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
    'a security group ID such as "sg-0123456789abcdef0"',
  ),
  kmsKeyArn: pattern(
    new RegExp(
      `^arn:${PARTITION}:kms:${REGION}:\\d{12}:(?:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias/[A-Za-z0-9/_-]+)$`,
    ),
    'a KMS key ARN such as "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
  ),
  roleArn: pattern(
    new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`),
    'an IAM role ARN such as "arn:aws:iam::111111111111:role/ami-deployer"',
  ),
  organizationArn: pattern(
    new RegExp(`^arn:${PARTITION}:organizations::\\d{12}:organization/o-[a-z0-9]{10,32}$`),
    'an organisation ARN such as "arn:aws:organizations::111111111111:organization/o-exampleorg1"',
  ),
  organizationalUnitArn: pattern(
    new RegExp(
      `^arn:${PARTITION}:organizations::\\d{12}:ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`,
    ),
    'an OU ARN such as "arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-cdef3456"',
  ),
  ssmParameterName: pattern(
    /^\/[A-Za-z0-9_.\-/]{1,2047}$/,
    'an SSM parameter path such as "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"',
  ),
  semver: pattern(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/,
    'a semantic version such as "1.4.0" (build metadata "+..." is not allowed in AMI names)',
  ),
  // AMI names: 3-128 characters of letters, numbers, ( ) [ ] . / - ' @ _ and space (EC2 CreateImage).
  imageName: pattern(
    /^[A-Za-z0-9()[\]./\-'@_ ]{1,128}$/,
    "a name of letters, digits and ( ) [ ] . / - ' @ _ or space",
  ),
  instanceType: pattern(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type such as "t3.micro"'),
  rfc3339Utc: pattern(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/,
    'an RFC 3339 UTC time such as "2027-06-30T00:00:00Z"',
  ),
  subnetId: pattern(
    /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
    'a subnet ID such as "subnet-0123456789abcdef0"',
  ),
  targetGroupArn: pattern(
    new RegExp(
      `^arn:${PARTITION}:elasticloadbalancing:${REGION}:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$`,
    ),
    'a target group ARN such as "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web/0123456789abcdef"',
  ),
  // Auto Scaling's service-linked roles: the default one, or one with a custom suffix.
  autoScalingRoleArn: pattern(
    new RegExp(
      `^arn:${PARTITION}:iam::\\d{12}:role/aws-service-role/autoscaling\\.amazonaws\\.com/AWSServiceRoleForAutoScaling(?:_[\\w+=,.@-]{1,60})?$`,
    ),
    'an Auto Scaling service-linked role ARN such as "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_web"',
  ),
  // Letters, digits and hyphens: the launch template and Terraform address of a template use it.
  templateName: pattern(/^[a-z][a-z0-9-]{0,62}$/, 'a lower-case name such as "web" or "api-worker"'),
} as const;

/** The partition of a region: "aws", "aws-cn" or "aws-us-gov". Images never cross partitions. */
export function partitionOf(region: string): string {
  return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** The partition an ARN names, e.g. "aws" in "arn:aws:kms:...". */
export function partitionOfArn(arn: string): string | undefined {
  return /^arn:([^:]+):/.exec(arn)?.[1];
}

/** AWS-managed keys (`alias/aws/ebs`, ...): they cannot be shared or managed by the environment. */
export function isAwsManagedKey(arn: string): boolean {
  return /:alias\/aws\//.test(arn);
}

/** The account of an ARN such as `arn:aws:iam::111111111111:role/x`, or undefined when it names none. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

/** Where a KMS key ARN lives, or undefined when the ARN is malformed. */
export function regionOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:([^:]*):/.exec(arn)?.[1];
}

/** EC2 user data limit, before base64 encoding. */
export const USER_DATA_MAX_BYTES = 16 * 1024;
