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
  const comparison = base ? compareOutputs(base.stacks, head, base.label) : undefined;
  return {
    formatVersion: 1,
    ...(comparison ? { comparison } : {}),
    environments: [...head.values()].map((stack) => {
      const changes = comparison?.environments.find((environment) => environment.name === stack.name);
      return reviewEnvironment(
        stack,
        changes && { blocks: changes.blocks, base: base?.stacks.get(stack.name) },
      );
    }),
  };
}

/** True when the comparison replaces or destroys an AMI of a production environment. */
export function replacesProductionImages(review: Review): boolean {
  return (review.comparison?.productionImageReplacements.length ?? 0) > 0;
}

/** True when the image removal gate refuses the change (see `Comparison.refusedImageRemovals`). */
export function refusesImageRemoval(review: Review): boolean {
  return (review.comparison?.refusedImageRemovals.length ?? 0) > 0;
}
