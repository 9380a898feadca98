/** Edit distance (Levenshtein), bounded to short option names; used only at configuration time. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The closest candidate to `input` (case-insensitive), or undefined when nothing is close enough to suggest. Close
 * means a small edit distance (typos) or a long shared prefix (a wrong unit or suffix: `maxBodySize`).
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lowered = input.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(input.length / 3));
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const d = distance(lowered, other);
    const close =
      d <= maxDistance || commonPrefix(lowered, other) >= Math.max(4, Math.ceil(lowered.length / 2));
    if (close && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
