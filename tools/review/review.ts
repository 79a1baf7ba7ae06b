import { compareOutputs } from "./comparison";
import { reviewEnvironment } from "./environment-review";
import type { Review } from "./review-model";
import type { StackDocument } from "./stack-document";

/** The output to compare with, and how the review names it. */
export interface ReviewBase {
  readonly stacks: ReadonlyMap<string, StackDocument>;
  /** e.g. "git ref main (0123abc)"; never an absolute path, so that the review is the same on every machine. */
  readonly label: string;
}

/** Reviews the current stacks, and their changes since `base` when given. */
export function buildReview(head: ReadonlyMap<string, StackDocument>, base?: ReviewBase): Review {
  return {
    formatVersion: 1,
    ...(base ? { comparison: compareOutputs(base.stacks, head, base.label) } : {}),
    environments: [...head.values()].map(reviewEnvironment),
  };
}

/** True when the comparison replaces or destroys an AMI of a production environment. */
export function replacesProductionImages(review: Review): boolean {
  return (review.comparison?.productionImageReplacements.length ?? 0) > 0;
}
