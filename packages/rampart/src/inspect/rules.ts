import type { FieldKind, FieldPolicy, InputSource, InspectMode } from './policy.js';

/** A value's policy once the rules are resolved. */
export interface ResolvedPolicy {
  readonly kind: FieldKind;
  readonly mode: InspectMode;
}

/** The rules one request is inspected under: a route's, the global ones, or both at once. */
export interface RuleSet {
  /** `source.path` → policy. Unqualified rules were expanded to every source, so lookups never borrow across. */
  readonly fields: ReadonlyMap<string, ResolvedPolicy>;
  /** The policy of a value that no field rule names. */
  readonly uniform: ResolvedPolicy;
  /**
   * The strictest mode any value can get under these rules. A request that cannot be read to its end (too many
   * values, too deep) gets it: padding one field must not carry a `block` field out of sight.
   */
  readonly strictest: InspectMode;
  /**
   * The headers these rules name (`header.x-account-id`, in lower case) in a mode other than `off`: inspected
   * whether `inspect.headers` lists them or not.
   */
  readonly headers: readonly string[];
}

const SOURCES: readonly InputSource[] = ['params', 'query', 'body', 'header'];
const MODE_RANK: Readonly<Record<InspectMode, number>> = { off: 0, monitor: 1, block: 2 };
/**
 * Which kind finds more: rich text allows markup, a URL adds schemes to text, an identifier refuses by shape and
 * reads what fits it as a URL (`judge.ts`).
 */
const KIND_RANK: Readonly<Record<FieldKind, number>> = { richText: 0, text: 1, url: 2, identifier: 3 };

const stricterMode = (a: InspectMode, b: InspectMode): InspectMode => (MODE_RANK[a] >= MODE_RANK[b] ? a : b);

const stricter = (a: ResolvedPolicy, b: ResolvedPolicy): ResolvedPolicy => ({
  kind: KIND_RANK[a.kind] >= KIND_RANK[b.kind] ? a.kind : b.kind,
  mode: stricterMode(a.mode, b.mode),
});

/**
 * `body.memo` names one source's field; `memo` names the field in every source. Header names are looked up in lower
 * case, whatever case a rule spells them in (`header.X-Account-Id`, or `X-Account-Id` unqualified).
 */
function qualifiedKeys(path: string): string[] {
  const dot = path.indexOf('.');
  const source = dot === -1 ? '' : path.slice(0, dot);
  if (source === 'header') return [path.toLowerCase()];
  if ((SOURCES as readonly string[]).includes(source)) return [path];
  return SOURCES.map((s) => (s === 'header' ? `header.${path.toLowerCase()}` : `${s}.${path}`));
}

/**
 * The rules of one scope: `layers` of field rules, later ones overriding earlier ones key by key (a route's over
 * the global ones), under `mode` for every field whose rule sets no mode of its own.
 */
export function ruleSet(
  mode: InspectMode,
  layers: readonly Readonly<Record<string, FieldPolicy>>[],
): RuleSet {
  const fields = new Map<string, ResolvedPolicy>();
  const named = new Set<string>();
  for (const layer of layers) {
    // The keys each qualified rule of this layer sets, in the case they are looked up in.
    const qualified = new Set<string>();
    for (const path of Object.keys(layer)) {
      const keys = qualifiedKeys(path);
      if (keys.length === 1) qualified.add(keys[0] as string);
    }
    // Keys this layer set already: two of its rules that differ only in a header name's case meet there, and the
    // stricter of the two holds, whatever their order in the object.
    const setHere = new Set<string>();
    for (const [path, rule] of Object.entries(layer)) {
      const policy: ResolvedPolicy = { kind: rule.kind ?? 'text', mode: rule.mode ?? mode };
      const keys = qualifiedKeys(path);
      // A qualified rule beats an unqualified one of the same layer, whatever their order in the object.
      for (const key of keys) {
        if (keys.length !== 1 && qualified.has(key)) continue;
        const earlier = setHere.has(key) ? fields.get(key) : undefined;
        fields.set(key, earlier === undefined ? policy : stricter(earlier, policy));
        setHere.add(key);
      }
      if (keys.length === 1 && (keys[0] as string).startsWith('header.')) named.add(keys[0] as string);
    }
  }
  let strictest = mode;
  for (const policy of fields.values()) strictest = stricterMode(strictest, policy.mode);
  const headers = [...named]
    .filter((path) => fields.get(path)?.mode !== 'off')
    .map((path) => path.slice('header.'.length));
  return { fields, uniform: { kind: 'text', mode }, strictest, headers };
}

/**
 * Both rule sets at once, the stricter policy per value: for a request whose route was matched loosely (Express
 * folds case and escapes to find a rule, while its router may send the request elsewhere), where a laxer route
 * rule must not apply to another route's handler.
 */
export function strictestOf(a: RuleSet, b: RuleSet): RuleSet {
  const fields = new Map<string, ResolvedPolicy>();
  for (const key of new Set([...a.fields.keys(), ...b.fields.keys()])) {
    fields.set(key, stricter(a.fields.get(key) ?? a.uniform, b.fields.get(key) ?? b.uniform));
  }
  return {
    fields,
    uniform: stricter(a.uniform, b.uniform),
    strictest: stricterMode(a.strictest, b.strictest),
    // A header is off here only where it is off in both.
    headers: [...new Set([...a.headers, ...b.headers])],
  };
}

/** The policy of the value at `source.path`. */
export function policyOf(rules: RuleSet, source: InputSource, path: string): ResolvedPolicy {
  // With no field rules (the default) every value has the same policy: no lookup key is built.
  if (rules.fields.size === 0) return rules.uniform;
  return rules.fields.get(`${source}.${path}`) ?? rules.uniform;
}
