import { compareEnvironment } from "./environment-changes";
import { readEnvironmentSettings } from "./environment-settings";
import { changesVersions, relateEnvironments } from "./image-lifecycle";
import { objectAt, sortedUnique, stringAt } from "../../modules/terraform-json";
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
  const compared = names.map((name) => compareEnvironment(name, base.get(name), head.get(name)));
  const related = relateEnvironments(
    names.map((name) => ({ before: sideOf(name, base.get(name)), after: sideOf(name, head.get(name)) })),
    new Set(
      compared
        .filter((environment) => changesVersions(environment.versions))
        .map((environment) => environment.name),
    ),
  );
  const environments = compared.map((environment) => ({
    ...environment,
    related: related.get(environment.name) ?? [],
  }));
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
  const refusedImageRemovals = environments.flatMap((environment) =>
    environment.status === "removed"
      ? productionImageReplacements
          .filter((entry) => entry.startsWith(`${environment.name}: environment removed`))
          .map((entry) => `${entry}: no plan manages them any more`)
      : environment.deregistrations
          .filter((removal) => removal.refusedBecause)
          .map(
            (removal) =>
              `${environment.name}: ${removal.address} (${removal.action}): ${removal.refusedBecause}`,
          ),
  );
  return {
    base: baseLabel,
    addedEnvironments: names.filter((name) => !base.has(name)),
    removedEnvironments: names.filter((name) => !head.has(name)),
    environments,
    productionImageReplacements,
    refusedImageRemovals,
  };
}

/** What the relations between environments read of one side of the comparison. */
function sideOf(environment: string, stack: StackDocument | undefined) {
  if (!stack) return { environment };
  const settings = readEnvironmentSettings(stack);
  const promoted = objectAt(settings.baseImage, "promoted");
  const name = stringAt(promoted, "name");
  const ownerAccount = stringAt(promoted, "ownerAccount");
  return { environment, settings, ...(name && ownerAccount ? { promoted: { name, ownerAccount } } : {}) };
}
