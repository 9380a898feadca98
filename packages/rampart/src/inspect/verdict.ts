/** What a detector says about one value. */
export interface Verdict {
  readonly detected: boolean;
  /**
   * When detected: a short, stable description of what was found (`union-select`, `tag:script`), for the event
   * log. Never the value itself, which may hold a secret or personal data.
   */
  readonly fingerprint?: string;
}

/** The verdict for a value with nothing to report; shared, so the common case allocates nothing. */
export const CLEAN: Verdict = Object.freeze({ detected: false });

/**
 * A detector's verdicts, one frozen object per fingerprint, so that a detection allocates nothing either.
 * Fingerprints come from the detectors' fixed tables, never from the value, so the cache stays small.
 */
export function verdictCache(prefix: string): (fingerprint: string) => Verdict {
  const verdicts = new Map<string, Verdict>();
  return (fingerprint) => {
    let verdict = verdicts.get(fingerprint);
    if (verdict === undefined) {
      verdict = Object.freeze({ detected: true, fingerprint: `${prefix}${fingerprint}` });
      verdicts.set(fingerprint, verdict);
    }
    return verdict;
  };
}
