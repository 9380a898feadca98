/** Fastest of `runs` runs of `run`, in milliseconds: the least noisy estimate of the work itself on a busy machine. */
export function fastest(run: () => void, runs = 7): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
