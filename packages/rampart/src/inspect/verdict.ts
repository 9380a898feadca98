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
