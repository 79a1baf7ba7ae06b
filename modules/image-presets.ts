/** CPU architectures of images. */
export const ARCHITECTURES = ["x86_64", "arm64"] as const;
type Architecture = (typeof ARCHITECTURES)[number];

/** Where an operating system's official images are published. */
export interface PresetImageFilter {
  /** The publisher's account. */
  readonly owner: string;
  /** AMI name pattern of the publisher's current releases. */
  readonly namePattern: string;
}

// Publisher accounts and name schemes of the commercial partition (GovCloud and China use others).
const PRESETS = {
  "ubuntu-22.04": (arch) => ({
    owner: "099720109477",
    namePattern: `ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-${arch === "arm64" ? "arm64" : "amd64"}-server-*`,
  }),
  "ubuntu-24.04": (arch) => ({
    owner: "099720109477",
    namePattern: `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch === "arm64" ? "arm64" : "amd64"}-server-*`,
  }),
  "amazon-linux-2023": (arch) => ({
    owner: "137112412989",
    namePattern: `al2023-ami-2023.*-kernel-*-${arch}`,
  }),
  "debian-12": (arch) => ({
    owner: "136693071363",
    namePattern: `debian-12-${arch === "arm64" ? "arm64" : "amd64"}-*`,
  }),
} satisfies Record<string, (arch: Architecture) => PresetImageFilter>;
type ImagePreset = keyof typeof PRESETS;

/** Operating systems that `baseImage.preset` resolves to an official owner and name pattern. */
export const IMAGE_PRESETS = Object.keys(PRESETS) as [ImagePreset, ...ImagePreset[]];

/** The owner and name pattern of an operating system's images for one architecture. */
export function presetImageFilter(preset: ImagePreset, architecture: Architecture): PresetImageFilter {
  return PRESETS[preset](architecture);
}
