import { compareEnvironment } from "./environment-changes";
import { sortedUnique } from "../../modules/terraform-json";
import { IMAGE_TYPES } from "./replacement-rules";
import type { Comparison } from "./review-model";
import type { StackDocument } from "./stack-document";

/** Compares every environment of the base output with the current one. */
export function compareOutputs(
  base: ReadonlyMap<string, StackDocument>,
  head: ReadonlyMap<string, StackDocument>,
  baseLabel: string,
): Comparison {
  const names = sortedUnique([...base.keys(), ...head.keys()]);
  const environments = names.map((name) => compareEnvironment(name, base.get(name), head.get(name)));
  const productionImageReplacements = environments
    .filter((environment) => environment.production)
    .flatMap((environment) => {
      if (environment.status === "removed") {
        const images = (environment.orphanedResources ?? []).filter((address) =>
          IMAGE_TYPES.includes(address.split(".")[0]),
        );
        return images.length > 0
          ? [`${environment.name}: environment removed with ${images.join(", ")}`]
          : [];
      }
      return environment.blocks
        .filter((block) => block.markers.includes("ami-replaced") || block.markers.includes("ami-destroyed"))
        .map((block) => `${environment.name}: ${block.address} (${block.action})`);
    });
  return {
    base: baseLabel,
    addedEnvironments: names.filter((name) => !base.has(name)),
    removedEnvironments: names.filter((name) => !head.has(name)),
    environments,
    productionImageReplacements,
  };
}
