/**
 * Why a secret is too weak to run with, or undefined when it is acceptable.
 *
 * Entropy is estimated from the alphabet the string draws on (decimal digits: 3.3 bits a character, hex: 4,
 * base64: 6, other printable: ~6.5) and checked against repetition, so `aaaa...` or a phrase padded to length does
 * not pass.
 */
const MIN_BITS = 256;
/**
 * The Shannon figure, in bits per character, below which a secret is repetitive. One of under 23 characters, which
 * could not reach it, is held to the log2 of its length less 1.5.
 */
const MIN_BITS_PER_CHAR = 3;
const KNOWN_DEFAULTS = [
  'changeme',
  'change-me',
  'secret',
  'your-secret-key',
  'your-secure-random-key',
  'my-secret-key',
  'password',
  'password123',
  'supersecret',
  'default',
  'development',
  'example',
  'keyboard cat',
];

function shannonBitsPerChar(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** True when the string is one shorter string repeated (`abcabcabc`), checked over its first 1,024 characters. */
function isPeriodic(value: string): boolean {
  const text = value.slice(0, 1024);
  for (let period = 1; period <= text.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < text.length && repeats; i++) repeats = text[i] === text[i - period];
    if (repeats) return true;
  }
  return false;
}

/** True when most neighbouring characters are consecutive (`0123456789abcdef`, `abcdefgh...`). */
function isSequential(value: string): boolean {
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) === 1) steps++;
  }
  return steps > (value.length - 1) / 2;
}

function capitalised(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

/**
 * The placeholder words as a person writes them inside a longer secret: lower case, upper case, capitalised, each
 * word capitalised (`changeme`, `CHANGEME`, `Changeme`, `ChangeMe`). Any case at all would match random text: 43
 * base64 characters hold `sEcReT` about once in 27 million secrets, and these forms about once in 600 million.
 */
const PLACEHOLDER_FORMS = [
  ...new Set(
    KNOWN_DEFAULTS.flatMap((known) => {
      const words = known.split(/[- ]/);
      const joined = words.join('');
      return [joined, joined.toUpperCase(), capitalised(joined), words.map(capitalised).join('')];
    }),
  ),
];

export function secretWeakness(secret: string): string | undefined {
  if (
    KNOWN_DEFAULTS.includes(secret.toLowerCase()) ||
    PLACEHOLDER_FORMS.some((form) => secret.includes(form))
  ) {
    return 'SECRET_KEY is a known default or contains a placeholder word';
  }
  const bitsPerChar = /^[0-9]+$/.test(secret)
    ? Math.log2(10)
    : /^[0-9a-f]+$/i.test(secret)
      ? 4
      : /^[A-Za-z0-9+/=_-]+$/.test(secret)
        ? 6
        : 6.5;
  const estimated = secret.length * bitsPerChar;
  // A random string uses most of its alphabet; a low Shannon figure means repetition. The bar sits far below what
  // chance gives a random secret: 64 random hex characters measure 3.82 bits a character, with a standard deviation
  // of 0.07 and 3.34 at the lowest of 5 million. (A bar at 3.5 refused about 1 in 4,600 of them, the very form the
  // message below recommends.)
  // An alphabet of ten digits reaches 3.32 bits at most, and random digits fall under 3 one time in 12,500: the bar
  // is also 0.7 bit under what the alphabet allows.
  const bar = Math.min(MIN_BITS_PER_CHAR, bitsPerChar - 0.7, Math.log2(secret.length) - 1.5);
  const repetitive = shannonBitsPerChar(secret) < bar;
  const fix = `generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;
  if (repetitive || isPeriodic(secret) || isSequential(secret))
    return `SECRET_KEY is repetitive, not random; ${fix}`;
  if (estimated < MIN_BITS) {
    return `SECRET_KEY has under 32 bytes of entropy (about ${Math.floor(estimated / 8)}); ${fix}`;
  }
  return undefined;
}
