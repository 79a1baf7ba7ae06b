import { FORMATS } from "./aws-formats";
import { type ConfigChecker, join } from "./config-checker";

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Checks `backend`: exactly one of local, s3 and cloud, each with its own settings. */
export function checkBackend(check: ConfigChecker, value: unknown): void {
  const backend = check.object("backend", value, ["local", "s3", "cloud"]);
  if (!backend) return;
  const kinds = Object.keys(backend).filter((key) => ["local", "s3", "cloud"].includes(key));
  if (kinds.length !== 1) {
    check.report(
      "backend",
      `got ${kinds.length === 0 ? "no backend" : kinds.join(" and ")}, expected exactly one of local, s3, cloud`,
    );
    return;
  }
  if (backend.local !== undefined) {
    const local = check.object("backend.local", backend.local, ["path"]);
    if (local?.path !== undefined && check.string("backend.local.path", local.path)) {
      if (/^(\/|[A-Za-z]:[\\/]|~)/.test(local.path)) {
        check.expected(
          "backend.local.path",
          local.path,
          "a path relative to the stack directory",
          "an absolute path ties the output to one machine",
        );
      }
    }
  }
  if (backend.s3 !== undefined) {
    const s3 = check.object("backend.s3", backend.s3, [
      "bucket",
      "key",
      "region",
      "encrypt",
      "useLockfile",
      "dynamodbTable",
    ]);
    if (!s3) return;
    const bucket = {
      test: (v: string) => S3_BUCKET.test(v),
      expected: 'an S3 bucket name such as "acme-terraform-state"',
    };
    if (check.required("backend.s3.bucket", s3.bucket, bucket.expected))
      check.string("backend.s3.bucket", s3.bucket, bucket);
    if (check.required("backend.s3.key", s3.key, 'a state object key such as "ami/prod.tfstate"'))
      check.string("backend.s3.key", s3.key);
    if (check.required("backend.s3.region", s3.region, FORMATS.region.expected))
      check.string("backend.s3.region", s3.region, FORMATS.region);
    if (s3.encrypt !== undefined) check.boolean("backend.s3.encrypt", s3.encrypt);
    if (s3.useLockfile !== undefined) check.boolean("backend.s3.useLockfile", s3.useLockfile);
    if (s3.dynamodbTable !== undefined) check.string("backend.s3.dynamodbTable", s3.dynamodbTable);
  }
  if (backend.cloud !== undefined) {
    const cloud = check.object("backend.cloud", backend.cloud, [
      "organization",
      "workspace",
      "workspaceTags",
      "project",
      "hostname",
    ]);
    if (!cloud) return;
    if (
      check.required("backend.cloud.organization", cloud.organization, "a Terraform Cloud organization name")
    ) {
      check.string("backend.cloud.organization", cloud.organization);
    }
    if (cloud.workspace !== undefined) check.string("backend.cloud.workspace", cloud.workspace);
    if (cloud.workspaceTags !== undefined) {
      const tags = check.array("backend.cloud.workspaceTags", cloud.workspaceTags, "tag strings");
      tags?.forEach((tag, i) => check.string(join("backend.cloud.workspaceTags", i), tag));
      if (cloud.workspace !== undefined) {
        check.report("backend.cloud", "got both workspace and workspaceTags, expected one of them");
      }
    }
    if (cloud.project !== undefined) check.string("backend.cloud.project", cloud.project);
    if (cloud.hostname !== undefined) check.string("backend.cloud.hostname", cloud.hostname);
  }
}
