import * as tokenRing from './token-ring.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { Tok } = tokenRing;

/**
 * Operator tokens: which token the punctuation at a position starts, and how long it is. Packed in one number
 * (`type | length << 5`) so that the tokenizer's hot path allocates nothing.
 */

function token(type: number, length: number): number {
  return type | (length << 5);
}

/** The type of a packed {@link operatorAt} result. */
export function packedType(packed: number): number {
  return packed & 31;
}

/** The length of a packed {@link operatorAt} result. */
export function packedLength(packed: number): number {
  return packed >> 5;
}

/**
 * The operator starting with `c`, followed by `next` and `after`: `=`, `<=>`, `!=`, `||`, `::`, `:=`, `~*`...
 * Characters SQL has no use for are {@link Tok.other}.
 */
export function operatorAt(c: number, next: number, after: number): number {
  switch (c) {
    case 0x3d: // =
      return token(Tok.comparison, next === 0x3d ? 2 : 1);
    case 0x3c: // <
      if (next === 0x3d) return token(Tok.comparison, after === 0x3e ? 3 : 2);
      if (next === 0x3e) return token(Tok.comparison, 2);
      if (next === 0x3c || next === 0x40) return token(Tok.operator, 2);
      return token(Tok.comparison, 1);
    case 0x3e: // >
      if (next === 0x3d) return token(Tok.comparison, 2);
      if (next === 0x3e) return token(Tok.operator, 2);
      return token(Tok.comparison, 1);
    case 0x21: // !
      if (next === 0x3d || next === 0x3c || next === 0x3e || next === 0x7e) return token(Tok.comparison, 2);
      return token(Tok.not, 1);
    case 0x7c: // |
      return next === 0x7c ? token(Tok.logic, 2) : token(Tok.operator, 1);
    case 0x26: // &
      return next === 0x26 ? token(Tok.logic, 2) : token(Tok.operator, 1);
    case 0x3a: // :
      if (next === 0x3a) return token(Tok.operator, 2);
      if (next === 0x3d) return token(Tok.comparison, 2);
      return token(Tok.other, 1);
    case 0x7e: // ~
      return next === 0x2a ? token(Tok.comparison, 2) : token(Tok.operator, 1);
    case 0x2d: // - (`--` comments are the tokenizer's)
      if (next === 0x3e) return token(Tok.operator, after === 0x3e ? 3 : 2);
      return token(Tok.operator, 1);
    case 0x2b:
    case 0x25:
    case 0x5e:
    case 0x2f:
    case 0x2a:
      return token(Tok.operator, 1);
    default:
      return token(Tok.other, 1);
  }
}
