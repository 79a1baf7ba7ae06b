/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to a misspelled name, for a "did you mean ...?": one fewer than three edits away (as Terraform
 * suggests), one that differs only in letter case, or one that extends or shortens the name by at most four characters
 * (`kms_key` for `kms_key_id`). Undefined when nothing is close enough.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : nameDistance(name, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance < 3 ? best : undefined;
}

/** Edit distance, counting an extension or truncation of up to four characters as a near miss. */
function nameDistance(name: string, candidate: string): number {
  const distance = editDistance(name, candidate);
  const prefix = name.length >= 3 && (candidate.startsWith(name) || name.startsWith(candidate));
  return prefix && distance <= 4 ? Math.min(distance, 2.5) : distance;
}

/** ` Did you mean "x"?`-style suffix, or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = closestName(name, candidates);
  return suggestion ? `; did you mean "${suggestion}"?` : "";
}
