import { byCodePoint } from "../../modules/terraform-json";

/**
 * One finding of the validator: where it is and what is wrong with it.
 */
export interface ValidationProblem {
  /** The file the document was read from, as given to the validator (e.g. `cdktf.out/stacks/dev/cdk.tf.json`). */
  readonly file: string;
  /**
   * The Terraform address of the offending block: `aws_ami_copy.golden`, `data.aws_ami.base`,
   * `provider.aws`, `provider.aws.eu-west-1`, `output.ami_id`, `local.name`, `variable.region`, `terraform`,
   * or `document` for the top level.
   */
  readonly address: string;
  /** The path of the offending argument inside the block, e.g. `ebs_block_device[0].volume_size`; empty for the block itself. */
  readonly attributePath: string;
  /** What went wrong, what was found and what was expected. */
  readonly message: string;
}

/**
 * Renders a problem as `file: address.attributePath: message` (the dot and path are left out when the
 * problem concerns the whole block).
 */
export function formatProblem(p: ValidationProblem): string {
  const where = p.attributePath === "" ? p.address : `${p.address}.${p.attributePath}`;
  return `${p.file}: ${where}: ${p.message}`;
}

/** Appends a property name (or a relative path, which may start with an index) to an attribute path. */
export function joinPath(base: string, name: string): string {
  if (base === "") return name;
  if (name === "") return base;
  return name.startsWith("[") ? `${base}${name}` : `${base}.${name}`;
}

/** Appends a list index to an attribute path. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/**
 * Orders problems by file, address, path, then message, by code point: the same order on every
 * machine, whatever its locale.
 */
export function compareProblems(a: ValidationProblem, b: ValidationProblem): number {
  return (
    byCodePoint(a.file, b.file) ||
    byCodePoint(a.address, b.address) ||
    byCodePoint(a.attributePath, b.attributePath) ||
    byCodePoint(a.message, b.message)
  );
}

/** Receives problems as checks find them. */
export interface ProblemSink {
  report(address: string, attributePath: string, message: string): void;
}

/** Collects the problems of one file. */
export class ProblemCollector implements ProblemSink {
  private readonly found: ValidationProblem[] = [];

  constructor(readonly file: string) {}

  report(address: string, attributePath: string, message: string): void {
    this.found.push({ file: this.file, address, attributePath, message });
  }

  add(problems: readonly ValidationProblem[]): void {
    this.found.push(...problems);
  }

  /** The problems found, each reported once, in a stable order. */
  get problems(): ValidationProblem[] {
    const unique = new Map<string, ValidationProblem>();
    for (const p of this.found) unique.set(formatProblem(p), p);
    return [...unique.values()].sort(compareProblems);
  }
}
