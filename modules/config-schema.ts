import type { Construct } from "constructs";
import * as v from "valibot";
import { FORMATS, type IdentifierFormat, isAwsManagedKey, USER_DATA_MAX_BYTES } from "./aws-formats";
import {
  byPresenceOf,
  callback,
  choice,
  distinctList,
  exactlyOne,
  expecting,
  fields,
  flag,
  list,
  named,
  refusing,
  refusingObject,
  relatingFields,
  text,
  whenMissing,
  wholeNumber,
} from "./config-fields";
import { show, suggest } from "./config-checker";
import { GUARD_RULES } from "./guard-rules";
import { ARCHITECTURES, IMAGE_PRESETS } from "./image-presets";
import type { RegionalImage } from "./regional-image";
import type { RegionalProviders } from "./regional-providers";
import { credentialIn, explain, RULES } from "./rules";

/**
 * The one definition of an environment file's config: each field's type, documentation (the
 * doc comment, with its behavioural @default), check and message. The public types in
 * `config.ts` and docs/environment-reference.md are derived from it. Rules that relate several
 * fields (production, home region, copies, sharing) are in `config-rules.ts`.
 */

const OWNER_ALIASES = ["amazon", "aws-marketplace", "aws-backup-vault", "self"];
// Boot volumes: st1 and sc1 cannot boot, and io1/io2 need provisioned IOPS the config does not take.
const VOLUME_TYPES = ["gp3", "gp2", "standard"] as const;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** A customer-managed KMS key ARN: AWS-managed keys cannot be shared or controlled by the environment. */
const customerKey = () =>
  refusing(text(FORMATS.kmsKeyArn), (key) =>
    isAwsManagedKey(key)
      ? `got ${show(key)}, expected a customer-managed KMS key ARN (an AWS-managed key cannot be shared with other accounts or controlled by the environment)`
      : undefined,
  );

/** An AMI name part: AWS allows 3-128 characters for the whole "<name>-<version>". */
const imageName = (missing: string) =>
  whenMissing(
    refusing(text(FORMATS.imageName), (name) =>
      !/^[A-Za-z0-9]/.test(name) || name.length < 2 || name.length > 100
        ? `got ${show(name)}, expected 2-100 characters starting with a letter or digit (AWS allows 3-128 for the whole "<name>-<version>")`
        : undefined,
    ),
    missing,
  );

/** The CPU architecture of an image. */
export const architecture = choice(ARCHITECTURES);

/** A base image resolved from a well-known operating system. */
export const presetImage = fields({
  /** The operating system. */
  preset: choice(IMAGE_PRESETS),
  /**
   * The CPU architecture.
   * @default "x86_64"
   */
  architecture: v.optional(architecture),
});

/** A base image found by owner and name pattern with `data aws_ami`. */
export const lookupImage = fields({
  lookup: fields({
    /** Account IDs or aliases ("amazon", "self", ...) that may own the image; at least one. */
    owners: whenMissing(
      refusingObject(
        distinctList({
          test: (owner) => FORMATS.account.test(owner) || OWNER_ALIASES.includes(owner),
          expected: `a 12-digit account ID or one of ${OWNER_ALIASES.join(", ")}`,
        }),
        (owners) =>
          owners.length === 0
            ? [
                {
                  message:
                    "got [], expected at least one owner (a name filter without owners can match anyone's image)",
                },
              ]
            : [],
      ),
      "a non-empty list of owners",
    ),
    /** AMI name pattern, `*` and `?` as wildcards. */
    name: whenMissing(
      refusing(text(), (name) =>
        name.trim() === "" ? `got ${show(name)}, expected a non-empty AMI name pattern` : undefined,
      ),
      "an AMI name pattern",
    ),
    /**
     * The CPU architecture.
     * @default - any architecture the name matches
     */
    architecture: v.optional(architecture),
    /**
     * Take the newest of several matches. Without it, more than one match fails the plan.
     * @default false
     */
    mostRecent: v.optional(flag()),
  }),
});

/** A base image read from an SSM public parameter (e.g. `/aws/service/canonical/...`). */
export const ssmParameterImage = fields({
  /** The parameter's path. */
  ssmParameter: text(FORMATS.ssmParameterName),
});

/** A base image pinned by ID; IDs are regional, so it belongs to the home region. */
export const pinnedImage = fields({
  /** The AMI ID in the home region. */
  imageId: text(FORMATS.amiId),
});

/** A golden image version baked by another environment, found by its exact name. */
export const promotedImage = fields({
  promoted: refusingObject(
    fields({
      /** Golden image name, as in that environment's `goldenImage.name`. */
      name: imageName("the golden image name"),
      /** The version launch templates boot: one that the publishing environment keeps. */
      version: text(FORMATS.semver),
      /** The account that baked and shared the image. */
      ownerAccount: text(FORMATS.account),
      /**
       * Other versions this environment keeps (their lookups, copies and sharing stay), in any
       * order: moving `version` to one of them is a rollback or promotion that only changes
       * launch templates.
       * @default - only `version`
       */
      keep: v.optional(distinctList(FORMATS.semver)),
      /**
       * Versions leaving this environment: their copies are removed, so Terraform deregisters them
       * and deletes their snapshots. Once that change is applied, the entries can go.
       * @default - none
       */
      retired: v.optional(distinctList(FORMATS.semver)),
    }),
    ({ version, keep = [], retired = [] }) => [
      ...keep.flatMap((kept, index) =>
        kept === version
          ? [
              {
                path: ["keep", index],
                message: `got ${show(kept)}, expected other versions than baseImage.promoted.version, which is kept anyway`,
              },
            ]
          : [],
      ),
      ...retired.flatMap((leaving, index) =>
        leaving === version || keep.includes(leaving)
          ? [
              {
                path: ["retired", index],
                message: `got ${show(leaving)}, expected a version this environment no longer keeps (it is ${leaving === version ? "baseImage.promoted.version" : "in baseImage.promoted.keep"})`,
              },
            ]
          : [],
      ),
    ],
  ),
});

/** Where the environment's base image comes from: exactly one source. */
export const baseImage = exactlyOne(
  {
    preset: presetImage,
    lookup: lookupImage,
    ssmParameter: ssmParameterImage,
    imageId: pinnedImage,
    promoted: promotedImage,
  },
  "no image source",
);

/** The AMI name of a version, `<name>-<version>`, within AWS's 128 characters. */
function amiNameProblem(name: unknown, version: unknown): string | undefined {
  if (typeof name !== "string" || typeof version !== "string") return undefined;
  const amiName = `${name}-${version}`;
  return amiName.length > 128
    ? `got the AMI name ${show(amiName)} of ${amiName.length} characters, expected at most 128 (AWS's limit for "<name>-<version>"; shorten the name or the version)`
    : undefined;
}

/** What each version of a golden image is baked from and how it is described. */
const goldenVersionFields = {
  /** The builder instance to image. */
  sourceInstanceId: text(FORMATS.instanceId),
  /**
   * When the image is deprecated: an RFC 3339 UTC time, e.g. "2027-06-30T00:00:00Z"; AWS drops seconds.
   * @default - never deprecated
   */
  deprecateAt: v.optional(
    refusing(text(FORMATS.rfc3339Utc), (time) =>
      Number.isNaN(Date.parse(time)) || new Date(time).toISOString().slice(0, 10) !== time.slice(0, 10)
        ? `got ${show(time)}, expected a real calendar date`
        : undefined,
    ),
  ),
  /**
   * The AMI's description, at most 255 characters.
   * @default "<name> <version>, baked from <sourceInstanceId>"
   */
  description: v.optional(
    refusing(text(), (description) =>
      description.length > 255 ? `got ${show(description)}, expected at most 255 characters` : undefined,
    ),
  ),
};

/** One version of a golden image: an AMI of its own, named `<name>-<version>`. */
export const goldenImageVersion = fields({
  ...goldenVersionFields,
  /**
   * The version is leaving: its AMI, copies and launch permissions are removed, so Terraform
   * deregisters the AMIs and deletes their snapshots. Once that change is applied, the entry can go.
   * @default false
   */
  retired: v.optional(flag()),
});

/** A golden image in one version: the same as `versions` with that single entry, and `current` that version. */
export const singleVersionGoldenImage = refusingObject(
  fields({
    /** Image name; the AMI is named `<name>-<version>`. */
    name: imageName('an image name such as "web"'),
    /** Semantic version; a new version is a new AMI beside the others. */
    version: text(FORMATS.semver),
    ...goldenVersionFields,
    /**
     * Snapshot without stopping the instance (risks an inconsistent file system).
     * @default false - the instance is rebooted for a consistent snapshot
     */
    snapshotWithoutReboot: v.optional(flag()),
  }),
  ({ name, version }) => {
    const problem = amiNameProblem(name, version);
    return problem ? [{ message: problem }] : [];
  },
);

/** A golden image in several versions, each its own AMI; launch templates boot `current`. */
export const versionedGoldenImage = refusingObject(
  fields({
    /** Image name; each version's AMI is named `<name>-<version>`. */
    name: imageName('an image name such as "web"'),
    /** Every version this environment keeps, by semantic version; each is its own AMI. */
    versions: named(
      v.pipe(v.string(), v.check(FORMATS.semver.test, expecting(FORMATS.semver.expected))),
      goldenImageVersion,
    ),
    /**
     * The version launch templates boot; moving it to another kept version is a rollback or a
     * promotion that only changes launch templates.
     * @default - the only version that is not retired; required when more than one is kept
     */
    current: v.optional(text(FORMATS.semver)),
    /**
     * Snapshot without stopping the instance (risks an inconsistent file system).
     * @default false - the instance is rebooted for a consistent snapshot
     */
    snapshotWithoutReboot: v.optional(flag()),
  }),
  ({ name, versions, current }) => {
    const listed = Object.keys(versions);
    if (listed.length === 0)
      return [
        {
          path: ["versions"],
          message:
            'got {}, expected at least one version, such as { "1.4.0": { sourceInstanceId: "i-0123456789abcdef0" } }',
        },
      ];
    const kept = listed.filter((version) => versions[version].retired !== true);
    const keptList = kept.join(", ") || "none";
    const problems: Array<{ path?: string[]; message: string }> = listed.flatMap((version) => {
      const problem = amiNameProblem(name, version);
      return problem ? [{ path: ["versions", version], message: problem }] : [];
    });
    if (kept.length === 0)
      problems.push({
        path: ["versions"],
        message:
          "got every version retired, expected at least one kept: launch templates boot a kept version (remove goldenImage to stop baking)",
      });
    if (current === undefined) {
      if (kept.length > 1)
        problems.push({
          path: ["current"],
          message: `missing, expected the version launch templates boot, one of ${keptList}: more than one version is kept`,
        });
    } else if (!listed.includes(current)) {
      const close = suggest(current, kept);
      problems.push({
        path: ["current"],
        message: `got ${show(current)}, expected one of the kept versions (${keptList}) (${close ? `did you mean "${close}"?` : "add it to versions first"})`,
      });
    } else if (!kept.includes(current)) {
      problems.push({
        path: ["current"],
        message: `got ${show(current)}, expected one of the kept versions (${keptList}) (${current} is retired: its AMI is being removed)`,
      });
    }
    return problems;
  },
);

/**
 * An immutable image baked from builder instances: several `versions` with the `current` one,
 * or the one-version form.
 */
export const goldenImage = byPresenceOf("versions", versionedGoldenImage, singleVersionGoldenImage);

/** A copy of the environment's image into another region. */
export const copy = fields({
  /** Destination region; not the home region. */
  region: text(FORMATS.region),
  /**
   * Customer-managed KMS key ARN in `region` for the copy's snapshots.
   * @default - the account's default EBS key (`aws/ebs`), which cannot be shared with other accounts
   */
  kmsKeyId: v.optional(customerKey()),
  /**
   * The region is leaving: its copies and launch permissions are removed, so Terraform
   * deregisters them, while the region's provider stays so that it can. Once that change is
   * applied, the entry can go.
   * @default false
   */
  retired: v.optional(flag()),
});

/** A copy of the base image into the environment's own account, in its home region. */
export const homeRegionCopy = fields({
  /**
   * Customer-managed KMS key ARN in the home region for the copy's snapshots.
   * @default - the account's default EBS key; required in production and when sharing
   */
  kmsKeyId: v.optional(customerKey()),
});

/** Who may launch the environment's images. Public sharing is never possible. */
export const sharing = fields({
  /**
   * Accounts that may launch the images.
   * @default - no account
   */
  accountIds: v.optional(distinctList(FORMATS.account)),
  /**
   * Organisations whose accounts may launch the images.
   * @default - no organisation
   */
  organizationArns: v.optional(distinctList(FORMATS.organizationArn)),
  /**
   * Organisational units whose accounts may launch the images.
   * @default - no organisational unit
   */
  organizationalUnitArns: v.optional(distinctList(FORMATS.organizationalUnitArn)),
});

/** SSM parameter names: letters, digits and `_.-` in `/`-separated levels. */
const PARAMETER_PATH = /^(\/[A-Za-z0-9_.-]+)+$/;

/** Where the environment publishes its current image for Terraform outside this project. */
export const publish = fields({
  /**
   * Path prefix of the SSM parameters: in each region, `<prefix>/<image name>/<environment>`
   * (e.g. `/images/web/prod`) holds the current AMI ID, with data type `aws:ec2:image`.
   */
  ssmParameterPrefix: refusing(
    text({
      test: (prefix) => PARAMETER_PATH.test(prefix),
      expected: 'an SSM parameter path such as "/images" (levels of letters, digits, "_", "." and "-")',
    }),
    (prefix) =>
      /^\/(aws|ssm)/i.test(prefix)
        ? `got ${show(prefix)}, expected a path that does not begin with "aws" or "ssm" (AWS reserves them)`
        : prefix.split("/").length - 1 > 13
          ? `got ${show(prefix)}, expected at most 13 levels (the parameter adds two and AWS allows 15)`
          : undefined,
  ),
});

/** The root EBS volume of instances launched from a template. */
export const rootVolume = fields({
  /**
   * Size in GiB.
   * @default - the image's root snapshot size
   */
  sizeGiB: v.optional(wholeNumber(1, 65536)),
  /**
   * EBS volume type.
   * @default "gp3"
   */
  type: v.optional(choice(VOLUME_TYPES)),
  /**
   * KMS key ARN for the volume: one ARN when the template is in one region, or an ARN per region.
   * @default - the account's default EBS key
   */
  kmsKeyId: v.optional(
    v.union([text(FORMATS.kmsKeyArn), named(v.string(), text(FORMATS.kmsKeyArn))], (issue) =>
      typeof issue.input === "string"
        ? `got ${show(issue.input)}, expected ${FORMATS.kmsKeyArn.expected}`
        : `got ${show(issue.input)}, expected a KMS key ARN or a map of region to key ARN`,
    ),
  ),
});

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;

/** A count of instances or seconds: a whole number, 0 or more. */
const count = (missing?: string) => {
  const message = expecting("a whole number, 0 or more");
  const schema = v.pipe(
    v.number(message),
    v.check((n: number) => isCount(n), message),
  );
  return missing ? whenMissing(schema, missing) : schema;
};

/** Lists of IDs by region, each list with at least one value, each value once. */
const perRegion = (format: IdentifierFormat, what: string) =>
  named(
    v.string(),
    refusingObject(distinctList(format), (items) =>
      items.length === 0 ? [{ message: `got [], expected at least one of the ${what}` }] : [],
    ),
  );

/** AWS's largest gap between an instance refresh's minimum and maximum healthy percentages. */
const HEALTHY_PERCENTAGE_GAP = 100;

/** How a group replaces its instances when its launch template gets a new version. */
export const instanceRefresh = relatingFields(
  fields({
    /**
     * Capacity kept in service during the refresh, in percent of the desired capacity (0-100).
     * @default 90 - AWS's default
     */
    minHealthyPercentage: v.optional(wholeNumber(0, 100)),
    /**
     * Capacity allowed during the refresh, in percent of the desired capacity (100-200, at most 100
     * above `minHealthyPercentage`); above 100 launches new instances before terminating old ones.
     * @default 100 - AWS's default
     */
    maxHealthyPercentage: v.optional(wholeNumber(100, 200)),
    /**
     * Seconds a new instance is given to warm up before the refresh counts it and moves on.
     * @default - the group's default instance warmup, else its health check grace period
     */
    instanceWarmupSeconds: v.optional(count()),
    /**
     * Leave alone instances that already run the new launch template version.
     * @default true
     */
    skipMatching: v.optional(flag()),
    /**
     * Put the group back on the previous launch template version when the refresh fails.
     * @default true
     */
    autoRollback: v.optional(flag()),
    /**
     * Pause at these percentages of replaced instances, ascending and ending at 100, e.g. [25, 100].
     * @default - no checkpoints
     */
    checkpointPercentages: v.optional(
      refusingObject(list(wholeNumber(1, 100), "percentages"), (percentages) => {
        if (percentages.length === 0)
          return [
            {
              message:
                "got [], expected at least one percentage, the last one 100, or no checkpointPercentages",
            },
          ];
        const ascending = percentages.every((item, index) => index === 0 || item > percentages[index - 1]);
        return ascending && percentages[percentages.length - 1] === 100
          ? []
          : [
              {
                message: `got ${show(percentages)}, expected percentages in ascending order ending at 100, such as [25, 100] (the refresh pauses at each one and finishes at 100)`,
              },
            ];
      }),
    ),
    /**
     * Seconds to pause at each checkpoint (at most two days); only with `checkpointPercentages`.
     * @default 3600 - AWS's default, when there are checkpoints
     */
    checkpointDelaySeconds: v.optional(wholeNumber(0, 172_800)),
  }),
  (refresh) => {
    const problems: Array<{ path: string[]; message: string }> = [];
    const percentage = (field: string, fallback: number, low: number, high: number) => {
      const value = refresh[field];
      if (value === undefined) return fallback;
      return typeof value === "number" && Number.isInteger(value) && value >= low && value <= high
        ? value
        : undefined;
    };
    const min = percentage("minHealthyPercentage", 90, 0, 100);
    const max = percentage("maxHealthyPercentage", 100, 100, 200);
    if (min !== undefined && max !== undefined && max - min > HEALTHY_PERCENTAGE_GAP) {
      const field =
        refresh.maxHealthyPercentage === undefined ? "minHealthyPercentage" : "maxHealthyPercentage";
      problems.push({
        path: [field],
        message: `got ${show(refresh[field])}, expected at most ${HEALTHY_PERCENTAGE_GAP} between minHealthyPercentage (${min}) and maxHealthyPercentage (${max}) (AWS's limit on their gap)`,
      });
    }
    if (refresh.checkpointDelaySeconds !== undefined && refresh.checkpointPercentages === undefined)
      problems.push({
        path: ["checkpointDelaySeconds"],
        message: `got ${show(refresh.checkpointDelaySeconds)}, expected checkpointPercentages beside it (the delay is the pause at each checkpoint)`,
      });
    return problems;
  },
);

/** How a group decides that an instance is unhealthy and replaces it. */
export const healthCheck = fields({
  /** "EC2": the instance's status checks; "ELB": also the target groups' health checks. */
  type: choice(["EC2", "ELB"] as const),
  /**
   * Seconds after launch before health checks count.
   * @default 300
   */
  gracePeriodSeconds: v.optional(count()),
});

/**
 * An Auto Scaling group per region of a launch template, launching the template's latest version
 * and replacing its instances by a rolling instance refresh on each new version.
 */
export const autoScaling = relatingFields(
  fields({
    /** Subnets per region, exactly the template's regions; instances spread over their zones. */
    subnetIds: whenMissing(
      perRegion(FORMATS.subnetId, "subnet IDs"),
      "subnet IDs per region of the template",
    ),
    /** The fewest instances the group runs. */
    minSize: count("the fewest instances, a whole number"),
    /** The most instances the group runs. */
    maxSize: count("the most instances, a whole number"),
    /**
     * Instances to run; every apply sets it again. Leave it out when scaling policies manage it.
     * @default - `minSize` at creation, then whatever scaling sets
     */
    desiredCapacity: v.optional(count()),
    /**
     * How unhealthy instances are found.
     * @default - EC2 status checks, 300 seconds of grace
     */
    healthCheck: v.optional(healthCheck),
    /**
     * Target groups to register instances with, per region; each ARN in its region.
     * @default - no target groups
     */
    targetGroupArns: v.optional(perRegion(FORMATS.targetGroupArn, "target group ARNs")),
    /**
     * How a new template version replaces the running instances.
     * @default - minimum 90 % healthy, maximum 100 %, matching instances skipped, automatic rollback
     */
    refresh: v.optional(instanceRefresh),
    /**
     * The Auto Scaling service-linked role the group uses, of the environment's account; the
     * pack grants it the group's KMS keys.
     * @default - the account's `AWSServiceRoleForAutoScaling`
     */
    serviceLinkedRoleArn: v.optional(text(FORMATS.autoScalingRoleArn)),
  }),
  ({ minSize, maxSize, desiredCapacity }) => {
    const min = isCount(minSize) ? minSize : undefined;
    const max = isCount(maxSize) ? maxSize : undefined;
    if (min !== undefined && max !== undefined && max < min)
      return [{ path: ["maxSize"], message: `got ${max}, expected at least minSize (${min})` }];
    if (isCount(desiredCapacity) && (desiredCapacity < (min ?? 0) || desiredCapacity > (max ?? Infinity)))
      return [
        {
          path: ["desiredCapacity"],
          message: `got ${desiredCapacity}, expected from minSize to maxSize (${min ?? "?"} to ${max ?? "?"}) (AWS refuses a desired capacity outside the group's size)`,
        },
      ];
    return [];
  },
);

/** A launch template, created in every region of the environment unless narrowed. */
export const launchTemplate = fields({
  /** EC2 instance type, e.g. "t3.micro". */
  instanceType: text(FORMATS.instanceType),
  /**
   * Which image instances boot.
   * @default "golden" when the environment bakes one, else "base"
   */
  image: v.optional(choice(["golden", "base"] as const)),
  /**
   * Regions to create the template in: the home region and copy regions only.
   * @default - every region of the environment
   */
  regions: v.optional(
    refusingObject(distinctList(FORMATS.region), (regions) =>
      regions.length === 0
        ? [{ message: "got [], expected at least one region, or no regions field for all of them" }]
        : [],
    ),
  ),
  /**
   * Security groups of the instances.
   * @default - the VPC's default security group
   */
  securityGroupIds: v.optional(distinctList(FORMATS.securityGroupId)),
  /**
   * IAM instance profile of the instances.
   * @default - no instance profile
   */
  instanceProfileName: v.optional(
    text({
      test: (name) => IAM_NAME.test(name),
      expected: 'an instance profile name such as "web-instance"',
    }),
  ),
  /**
   * Boot script, plain text; base64-encoded at synth. At most 16 KB, no AWS access keys.
   * @default - no user data
   */
  userData: v.optional(
    v.pipe(
      text(),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const bytes = Buffer.byteLength(dataset.value, "utf8");
        if (bytes > USER_DATA_MAX_BYTES)
          addIssue({
            message: `got ${bytes} bytes, expected at most ${USER_DATA_MAX_BYTES} (EC2's user data limit before base64)`,
          });
        const credential = credentialIn(dataset.value);
        if (credential)
          addIssue({
            message: `got ${credential}, expected no AWS credentials. ${explain(RULES.userDataNoCredentials)}`,
          });
      }),
    ),
  ),
  /**
   * The root volume, always encrypted.
   * @default - gp3, encrypted, the image's snapshot size
   */
  rootVolume: v.optional(rootVolume),
  /**
   * IMDSv2 response hop limit; 2 lets containers on the instance reach the metadata service.
   * @default 1
   */
  metadataHopLimit: v.optional(wholeNumber(1, 64)),
  /**
   * Run the template's instances in an Auto Scaling group per region, replaced by a rolling
   * instance refresh whenever the template gets a new version (a new image, for instance).
   * @default - no Auto Scaling group
   */
  autoScaling: v.optional(autoScaling),
});

/** An S3 bucket with S3-native locking. */
const s3Backend = fields({
  s3: fields({
    /** The state bucket. */
    bucket: text({
      test: (bucket) => S3_BUCKET.test(bucket),
      expected: 'an S3 bucket name such as "acme-terraform-state"',
    }),
    /** The state object's key. */
    key: whenMissing(text(), 'a state object key such as "ami/prod.tfstate"'),
    /** The bucket's region. */
    region: text(FORMATS.region),
    /**
     * Encrypt the state object.
     * @default true
     */
    encrypt: v.optional(flag()),
    /**
     * S3-native state locking.
     * @default true
     */
    useLockfile: v.optional(flag()),
    /**
     * Legacy DynamoDB locking table.
     * @default - none
     */
    dynamodbTable: v.optional(text()),
  }),
});

/** Terraform Cloud or Enterprise. */
const cloudBackend = fields({
  cloud: refusingObject(
    fields({
      /** The organization. */
      organization: whenMissing(text(), "a Terraform Cloud organization name"),
      /**
       * The workspace.
       * @default - the environment name, unless `workspaceTags` is given
       */
      workspace: v.optional(text()),
      /**
       * Tags that select workspaces, instead of `workspace`.
       * @default - none
       */
      workspaceTags: v.optional(list(text(), "tag strings")),
      /**
       * The project of the workspace.
       * @default - the organization's default project
       */
      project: v.optional(text()),
      /** @default "app.terraform.io" */
      hostname: v.optional(text()),
    }),
    ({ workspace, workspaceTags }) =>
      workspace !== undefined && workspaceTags !== undefined
        ? [{ message: "got both workspace and workspaceTags, expected one of them" }]
        : [],
  ),
});

/** A local state file. */
const localBackend = fields({
  local: fields({
    /**
     * The state file, relative to the stack directory.
     * @default "terraform.<env>.tfstate"
     */
    path: v.optional(
      refusing(text(), (path) =>
        /^(\/|[A-Za-z]:[\\/]|~)/.test(path)
          ? `got ${show(path)}, expected a path relative to the stack directory (an absolute path ties the output to one machine)`
          : undefined,
      ),
    ),
  }),
});

/** A Terraform state backend: exactly one kind. */
export const backend = exactlyOne({ local: localBackend, s3: s3Backend, cloud: cloudBackend }, "no backend");

/** A policy rule an environment does not enforce, and why. */
export const waiver = fields({
  /** A rule ID from `GUARD_RULES`. */
  rule: choice(GUARD_RULES.map((guard) => guard.id)),
  /** Why the environment may break the rule; shown in the synth output and the review. */
  reason: whenMissing(
    v.custom<string>(
      (reason) => typeof reason === "string" && reason.trim().length >= 10,
      expecting("a reason of at least 10 characters", "a waiver without a reason is not accepted"),
    ),
    "a reason of at least 10 characters (a waiver without a reason is not accepted)",
  ),
});

const tagKey = v.pipe(
  v.string(),
  v.check(
    (key) => TAG_KEY.test(key),
    expecting('1-128 characters, not starting with "aws:"', undefined, (key) => `tag key ${show(key)}`),
  ),
);

/**
 * What an environment's `extend` callback receives: its `EnvironmentStack`, seen through what
 * an extension needs (a scope for new constructs, the providers and the images).
 */
export interface ExtensibleStack extends Construct {
  /** The environment's name, which is also the stack's. */
  readonly environment: string;
  /** One AWS provider per region of the environment. */
  readonly providers: RegionalProviders;
  /** The environment's image (golden if any, else base) in each region, home first: its current version. */
  readonly images: readonly RegionalImage[];
  /** The environment's image in `region`. */
  imageIn(region: string): RegionalImage;
  /** Adds a raw override to the stack's Terraform JSON, as `TerraformStack.addOverride` does. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addOverride(path: string, value: any): void;
}

/** One environment: an account, a home region, its images and launch templates. */
export const environment = fields({
  /** The 12-digit AWS account; every provider refuses any other (`allowed_account_ids`). */
  account: text(FORMATS.account),
  /** The home region: the base and golden images live here. */
  region: text(FORMATS.region),
  /**
   * A role the providers assume.
   * @default - the caller's credentials
   */
  assumeRoleArn: v.optional(text(FORMATS.roleArn)),
  /**
   * Refuse what breaks repeatability or safety, and protect AMIs from destroy.
   * @default false
   */
  production: v.optional(flag()),
  /**
   * Lift `prevent_destroy` from a production environment's AMIs for a change that replaces them
   * (another builder instance, KMS key or reboot setting for a kept version; a new version is a
   * new AMI beside the others and replaces nothing). Set it in that change, remove it in the next.
   * @default false - production AMIs cannot be destroyed or replaced
   */
  allowImageReplacement: v.optional(flag()),
  /**
   * Let this change deregister AMIs: in production every deregistration needs it, elsewhere those
   * that no `retired` marker explains. The review's gate fails without it. Set it in the change
   * that removes the AMIs, remove it in the next one.
   * @default false
   */
  allowImageRemoval: v.optional(flag()),
  /**
   * Provider default tags; `Environment=<name>` is always added.
   * @default - only Environment
   */
  tags: v.optional(
    refusingObject(
      named(
        tagKey,
        v.custom<string>(
          (value) => typeof value === "string" && value.length <= 256,
          expecting("a string of at most 256 characters"),
        ),
      ),
      (tags) =>
        tags.Environment === undefined
          ? []
          : [
              {
                path: ["Environment"],
                message: `got ${show(tags.Environment)}, expected no Environment tag: the pack sets it to the environment name`,
              },
            ],
    ),
  ),
  /**
   * Where Terraform keeps the stack's state.
   * @default - local state at `terraform.<env>.tfstate`, relative to the stack directory
   */
  backend: v.optional(backend),
  /** Where the environment's base image comes from: exactly one source. */
  baseImage: baseImage,
  /**
   * An image baked from builder instances, in one or several versions, which becomes the
   * environment's image.
   * @default - no golden image; the base image is the environment's image
   */
  goldenImage: v.optional(goldenImage),
  /**
   * Copies of the environment's image, every version it keeps, into other regions.
   * @default - no copies
   */
  copies: v.optional(list(copy, "{ region, kmsKeyId?, retired? }")),
  /**
   * Copy the base image into the environment's own account in the home region too, and use the
   * copy there and as the source of the other copies: the environment then no longer depends on
   * the publisher keeping the image (e.g. the baking environment moving to its next version).
   * Not with a golden image, which is already the environment's own.
   * @default - the home region uses the base image itself
   */
  homeRegionCopy: v.optional(homeRegionCopy),
  /**
   * Who may launch the environment's images.
   * @default - not shared
   */
  sharing: v.optional(sharing),
  /**
   * Publish the current image's AMI ID in SSM parameters, for Terraform outside this project.
   * @default - not published
   */
  publish: v.optional(publish),
  /**
   * Launch templates by name; the name is part of each template's Terraform address.
   * @default - no launch templates
   */
  launchTemplates: v.optional(
    named(
      v.pipe(
        v.string(),
        v.check(
          (name) => FORMATS.templateName.test(name),
          expecting(
            'a template name of lower-case letters, digits and hyphens, starting with a letter, such as "web" or "api-worker"',
            "it names the launch template and its Terraform address",
          ),
        ),
      ),
      launchTemplate,
    ),
  ),
  /**
   * Tag keys every taggable resource must carry, besides Environment; each must be in `tags`.
   * @default - only Environment
   */
  requiredTags: v.optional(list(text(), "tag keys")),
  /**
   * Policy rules this environment does not enforce, each with its reason.
   * @default - every rule is enforced
   */
  waivers: v.optional(
    refusingObject(list(waiver, "{ rule, reason }"), (waivers) => {
      const seen = new Set<unknown>();
      return waivers.flatMap((item, index) => {
        if (typeof item !== "object" || item === null || typeof item.rule !== "string") return [];
        const repeated = seen.has(item.rule);
        seen.add(item.rule);
        return repeated
          ? [{ path: [index, "rule"], message: `got ${show(item.rule)}, expected each rule waived once` }]
          : [];
      });
    }),
  ),
  /**
   * Adds the environment's own resources next to the pack's. Policy rules see them too.
   * @default - nothing is added
   */
  extend: v.optional(callback<(stack: ExtensibleStack) => void>("a function (stack) => void")),
});
