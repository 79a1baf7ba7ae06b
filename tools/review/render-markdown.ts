import { codes } from "./markdown";
import { renderChanges } from "./render-changes";
import { renderEnvironment } from "./render-environment";
import type { Review } from "./review-model";

/** The whole `review.md`: changes first when compared with a base, then one section per environment. */
export function renderMarkdown(review: Review): string {
  const names = review.environments.map((environment) =>
    environment.production ? `${environment.name} (production)` : environment.name,
  );
  const sections = [
    "# AMI review",
    `Read from the synthesized stacks of ${review.environments.length} environment(s): ${codes(names, "none")}.`,
    ...(review.comparison ? [renderChanges(review.comparison)] : []),
    ...review.environments.map(renderEnvironment),
  ];
  return `${sections.join("\n\n")}\n`;
}

/** The review as JSON, for other tools. */
export function renderJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
