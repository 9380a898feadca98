/**
 * The four exported detectors as a JavaScript caller may use them, typed or not: whatever they are given, they
 * answer with a verdict and never throw (a throw inside a request hook would be a 500).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  detectSqlInjection,
  detectXss,
  detectXssInRichText,
  detectXssInUrl,
} from '../../src/inspect/index.js';

const DETECTORS = [detectSqlInjection, detectXss, detectXssInUrl, detectXssInRichText] as const;

describe('the exported detectors', () => {
  it('clear anything that is not a string, the same way, without throwing', () => {
    for (const detect of DETECTORS) {
      for (const value of [null, undefined, 123, true, {}, ['<script>'], Symbol('x')]) {
        assert.deepEqual(
          detect(value as unknown as string),
          { detected: false },
          `${detect.name}(${String(value)})`,
        );
      }
    }
  });

  it('never throw, whatever string they are given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 256 }), (value) => {
        for (const detect of DETECTORS) assert.equal(typeof detect(value).detected, 'boolean');
      }),
      { numRuns: 2000 },
    );
  });
});
