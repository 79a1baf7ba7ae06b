/** A finding of the AMI rules: where it is and what is wrong with it. */
export interface ValidationProblem {
  /** The file the document was read from, as given (e.g. `cdktf.out/stacks/dev/cdk.tf.json`). */
  readonly file: string;
  /** The Terraform address of the offending block (`aws_ami_copy.golden`, `data.aws_ami.base`), or `document`. */
  readonly address: string;
  /** The path of the offending argument inside the block, e.g. `metadata_options.http_tokens`; empty for the block. */
  readonly attributePath: string;
  /** What went wrong, what was found, what was expected, why it matters and the fix. */
  readonly message: string;
  /** The rule's stable ID, which waivers name; absent when the document could not be checked. */
  readonly rule?: string;
}

/** `file: address.attributePath: message` (the dot and path are left out when the problem concerns the whole block). */
export function formatProblem(p: ValidationProblem): string {
  const where = p.attributePath === "" ? p.address : `${p.address}.${p.attributePath}`;
  return `${p.file}: ${where}: ${p.message}`;
}
