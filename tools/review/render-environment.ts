import { describeRefresh } from "./auto-scaling-entries";
import { shortKey } from "./lineage";
import { code, codes, fence, table, text } from "./markdown";
import type { EnvironmentReview, LaunchTemplateEntry, MetadataOptions, RootVolume } from "./review-model";
import { formatBytes } from "./user-data";

const SEVERITY_ICON = { high: "🔴 high", medium: "🟠 medium", low: "🟡 low" } as const;

/** One environment's section of `review.md`. */
export function renderEnvironment(environment: EnvironmentReview): string {
  return [
    `## ${code(environment.name)}${environment.production ? " — production" : ""}`,
    header(environment),
    ...versions(environment),
    "### AMI lineage",
    fence(environment.mermaid, "mermaid"),
    "### Images",
    images(environment),
    "### Launch templates",
    launchTemplates(environment),
    ...userData(environment),
    "### Auto Scaling",
    ...autoScaling(environment),
    "### Sharing",
    sharing(environment),
    "### Weakened defaults",
    findings(environment),
    ...waivers(environment),
    ...otherBlocks(environment),
  ].join("\n\n");
}

function header(environment: EnvironmentReview): string {
  const production = environment.production
    ? `yes${environment.productionInferred ? " (inferred from prevent_destroy)" : ""}`
    : `no${environment.productionInferred ? " (not recorded)" : ""}`;
  const source = [environment.baseImage.summary, ...environment.baseImage.details].map(text).join("; ");
  return table(
    ["Account", "Home region", "Other regions", "Backend", "Production", "Base image"],
    [
      [
        code(environment.account ?? "unknown"),
        code(environment.homeRegion ?? "unknown"),
        codes(
          environment.regions.filter((region) => region !== environment.homeRegion),
          "none",
        ),
        text(environment.backend),
        production,
        `${source}${environment.baseImage.pinned ? "" : " (**not pinned**)"}`,
      ],
    ],
  );
}

function versions(environment: EnvironmentReview): string[] {
  const { versions: recorded, retiringRegions } = environment;
  if (!recorded && retiringRegions.length === 0) return [];
  const lines: string[] = [];
  if (recorded) {
    const source = recorded.kind === "golden" ? "baked here" : "promoted";
    lines.push(
      `${code(recorded.image)} (${source}): launch templates boot ${code(recorded.current)}; kept: ${codes(recorded.kept)}.`,
    );
    for (const version of recorded.retiring) {
      lines.push(
        `🛑 **Retiring** ${code(`${recorded.image} ${version}`)}: its AMIs are deregistered, and their snapshots deleted, when this change is applied; then its entry can go.`,
      );
    }
  }
  for (const region of retiringRegions) {
    lines.push(
      `🛑 **Retiring region** ${code(region)}: its copies are deregistered when this change is applied; its provider stays until the copy entry is removed.`,
    );
  }
  const rows = (recorded?.entries ?? []).map((entry) => [
    code(entry.region),
    code(entry.version),
    entry.current ? "**current**" : "kept",
    code(entry.address),
  ]);
  return [
    "### Versions",
    lines.join("\n\n"),
    ...(rows.length > 0 ? [table(["Region", "Version", "Status", "AMI"], rows)] : []),
  ];
}

function images(environment: EnvironmentReview): string {
  if (environment.images.length === 0) return "No AMI in this stack.";
  return table(
    ["Region", "Address", "AMI name", "Source", "Encrypted", "KMS key", "Deprecation"],
    environment.images.map((image) => [
      code(image.region ?? "unknown"),
      `${code(image.address)}${image.preventDestroy ? " 🔒" : ""}`,
      code(image.name),
      image.sourceAddress && image.source.startsWith(image.sourceAddress)
        ? `${code(image.sourceAddress)}${text(image.source.slice(image.sourceAddress.length))}`
        : text(image.source),
      text(image.encrypted),
      image.kmsKey ? code(image.kmsKey) : "—",
      image.deprecation ? code(image.deprecation) : image.role === "base" ? "—" : "never",
    ]),
  );
}

function launchTemplates(environment: EnvironmentReview): string {
  if (environment.launchTemplates.length === 0) return "No launch template in this stack.";
  return table(
    [
      "Region",
      "Address",
      "Instance type",
      "Image",
      "IMDS",
      "Root volume",
      "Security groups",
      "Instance profile",
      "User data",
    ],
    environment.launchTemplates.map((template) => [
      code(template.region ?? "unknown"),
      code(template.address),
      template.instanceType ? code(template.instanceType) : "—",
      code(template.imageAddress ?? template.image),
      metadata(template.metadata),
      rootVolume(template.rootVolume),
      codes(template.securityGroups, "VPC default"),
      template.instanceProfile ? code(template.instanceProfile) : "none",
      userDataCell(template),
    ]),
  );
}

function metadata(options: MetadataOptions): string {
  if (options.endpoint === "disabled") return "disabled";
  const version = options.tokens === "required" ? "IMDSv2 only" : "**IMDSv1 allowed**";
  const hops = options.hopLimit === undefined ? "hop limit default (1)" : `hop limit ${options.hopLimit}`;
  return `${version}, ${options.hopLimit !== undefined && options.hopLimit > 1 ? `**${hops}**` : hops}${options.defaulted ? " (AWS defaults)" : ""}`;
}

function rootVolume(volume: RootVolume | undefined): string {
  if (!volume) return "not mapped";
  const size = volume.sizeGiB === undefined ? "snapshot size" : `${volume.sizeGiB} GiB`;
  const encryption =
    volume.encrypted === true
      ? `encrypted with ${volume.kmsKey ? code(shortKey(volume.kmsKey)) : "aws/ebs"}`
      : "**not encrypted**";
  return `${size} ${text(volume.type ?? "default type")}, ${encryption}`;
}

function userDataCell(template: LaunchTemplateEntry): string {
  if (template.userDataProblem) return text(template.userDataProblem);
  if (!template.userDataSha256 || template.userDataBytes === undefined) return "none";
  return `${formatBytes(template.userDataBytes)}, ${code(`sha256:${template.userDataSha256.slice(0, 12)}`)}`;
}

function userData(environment: EnvironmentReview): string[] {
  return environment.userData.flatMap((script) => [
    `#### User data ${code(`sha256:${script.sha256.slice(0, 12)}`)}`,
    [
      `${formatBytes(script.bytes)}, ${script.lines} line(s)${script.gzipped ? ", gzip-compressed" : ""}; SHA-256 ${code(script.sha256)}.`,
      `Used by ${codes(script.usedBy)}.`,
      script.lines > script.firstLines.length ? `First ${script.firstLines.length} lines:` : "",
    ]
      .filter(Boolean)
      .join(" "),
    fence(script.firstLines.join("\n"), "sh"),
  ]);
}

function autoScaling(environment: EnvironmentReview): string[] {
  if (environment.autoScalingGroups.length === 0) return ["No Auto Scaling group in this stack."];
  const parts = [
    table(
      ["Region", "Group", "Name", "Launches", "Size", "Health check", "Target groups", "Instance refresh"],
      environment.autoScalingGroups.map((group) => [
        code(group.region ?? "unknown"),
        code(group.address),
        group.name ? code(group.name) : "—",
        `${group.launchTemplate ? code(group.launchTemplate) : "—"}${group.followsNewVersions ? ", latest version" : group.version ? `, **version ${text(group.version)}**` : ""}`,
        `${group.minSize ?? "?"}-${group.maxSize ?? "?"}, desired ${group.desiredCapacity ?? "set by scaling"}`,
        `${group.healthCheckType}${group.healthCheckGraceSeconds === undefined ? "" : `, ${group.healthCheckGraceSeconds} s grace`}`,
        codes(group.targetGroups, "none"),
        group.refresh
          ? describeRefresh(group.refresh)
          : "**none**: a new template version replaces no running instance",
      ]),
    ),
  ];
  if (environment.keyGrants.length > 0) {
    parts.push(
      "KMS grants that let the groups' service-linked role launch from customer-managed keys:",
      table(
        ["Region", "Grant", "Key", "Grantee"],
        environment.keyGrants.map((grant) => [
          code(grant.region ?? "unknown"),
          code(grant.address),
          code(shortKey(grant.key)),
          code(grant.grantee),
        ]),
      ),
    );
  }
  return parts;
}

function sharing(environment: EnvironmentReview): string {
  if (environment.sharing.length === 0)
    return "Not shared: only the environment's own account launches its images.";
  return table(
    ["Principal", "Kind", "Region", "Image", "Launch permission"],
    environment.sharing.map((entry) => [
      entry.principalKind === "everyone" ? "🔴 **everyone (public)**" : code(entry.principal),
      text(entry.principalKind),
      code(entry.region ?? "unknown"),
      code(entry.imageAddress ?? entry.image),
      code(entry.address),
    ]),
  );
}

function findings(environment: EnvironmentReview): string {
  if (environment.findings.length === 0) return "None: every default is kept.";
  return table(
    ["Severity", "Rule", "Address", "Finding", "Waiver"],
    environment.findings.map((finding) => [
      SEVERITY_ICON[finding.severity],
      code(finding.rule),
      code(finding.address),
      text(finding.message),
      finding.waiver === undefined ? "—" : `waived: ${text(finding.waiver)}`,
    ]),
  );
}

function waivers(environment: EnvironmentReview): string[] {
  if (environment.waivers.length === 0) return [];
  const matched = new Set(environment.findings.map((finding) => finding.rule));
  return [
    "### Waivers",
    table(
      ["Rule", "Reason", "Applies to"],
      environment.waivers.map((waiver) => [
        code(waiver.rule),
        text(waiver.reason),
        matched.has(waiver.rule)
          ? codes(
              environment.findings
                .filter((finding) => finding.rule === waiver.rule)
                .map((finding) => finding.address),
            )
          : "no finding (stale waiver?)",
      ]),
    ),
  ];
}

function otherBlocks(environment: EnvironmentReview): string[] {
  if (environment.otherBlocks.length === 0) return [];
  return [
    "### Other resources",
    `Not described above, listed so that nothing goes unseen: ${codes(environment.otherBlocks)}.`,
  ];
}
