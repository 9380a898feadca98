import { startsWithWord } from './chars.js';
import { NameTable } from './names.js';

/**
 * What the HTML standard (and the legacy browsers attackers still target) says about elements and attributes:
 * which elements run script or load active content by themselves, and which attributes take a URL.
 */

const ACTIVE = [
  'script', // runs its content or its src
  'iframe', // loads a document (src, srcdoc)
  'frame',
  'frameset',
  'object', // plug-ins and documents (data)
  'embed',
  'applet',
  'base', // rebases every relative URL of the page, including scripts
  'meta', // http-equiv refresh to javascript:/data:, charset switches (UTF-7)
  'link', // style sheets, imports, preloads of script
  'portal', // loads a document
  'layer', // Netscape 4: loads a document
  'ilayer',
  'import', // IE: <import implementation="x.htc"> binds script behaviours
  'vmlframe', // VML: loads a document
  'handler', // SVG XML Events: runs its content
  'listener',
];

const PLAIN_ONLY = [
  'style', // a style sheet: in rich text its content is checked instead
  'form', // submits elsewhere; its action is checked in rich text
  'xml', // IE data islands, a classic filter bypass
  'isindex', // legacy form with its own action
  'stylesheet', // an XSLT style sheet (`<xsl:stylesheet>`), which can emit script
];

/**
 * An element's risk and the fingerprint reported for it: `active` runs script or loads active content (a document,
 * a plug-in, a base URL, a refresh) in every mode; `plain` is harmless in an editor's output only when its content
 * or attributes are, and is flagged outright in a plain field.
 */
export interface ElementEntry {
  readonly risk: 'active' | 'plain';
  readonly fingerprint: string;
}

const ELEMENTS = new NameTable<ElementEntry>([
  ...ACTIVE.map((name) => [name, { risk: 'active', fingerprint: `tag:${name}` }] as const),
  ...PLAIN_ONLY.map((name) => [name, { risk: 'plain', fingerprint: `tag:${name}` }] as const),
]);

/**
 * How the element whose local name (namespace prefix removed: `x:script` is `script`) is `codes[start..end)` is
 * judged; undefined for ordinary markup that only its attributes can make dangerous.
 *
 * @example elementEntry(codes, 1, 7) // { risk: 'active', fingerprint: 'tag:script' } for "<script>"
 */
export function elementEntry(codes: Uint16Array, start: number, end: number): ElementEntry | undefined {
  return ELEMENTS.get(codes, start, end);
}

/**
 * Attributes whose value a browser (or a plug-in, or an SVG animation) resolves as a URL, so a `javascript:` or
 * active `data:` value there runs script. `values`, `to` and `from` animate other attributes (`<set
 * attributeName="href" to="javascript:...">`).
 */
const URL_ATTRIBUTES = [
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'xlink:href',
  'background',
  'poster',
  'code',
  'codebase',
  'dynsrc',
  'lowsrc',
  'cite',
  'longdesc',
  'usemap',
  'profile',
  'manifest',
  'ping',
  'classid',
  'archive',
  'icon',
  'to',
  'from',
  'values',
  'by',
  'handler',
  'xml:base',
  'ns:href',
  'datasrc',
  'folder',
  'imagesrcset',
  'srcset',
  'implementation',
];

/** What an attribute's value is to a browser, beyond text: a URL. */
export const URL_VALUE = 1;
/** SVG animation `values`: a `;`-separated list of URLs when the animated attribute takes one. */
export const URL_LIST_VALUE = 2;
/** A CSS declaration list. */
export const STYLE_VALUE = 3;
/** SVG animation `attributeName`: the attribute an animation sets, an event handler included. */
export const ATTRIBUTE_NAME_VALUE = 4;
/** IE data binding `dataformatas`: `html` renders bound data as markup. */
export const DATA_FORMAT_VALUE = 5;

const ATTRIBUTES = new NameTable<number>([
  ...URL_ATTRIBUTES.map((name) => [name, name === 'values' ? URL_LIST_VALUE : URL_VALUE] as const),
  ['style', STYLE_VALUE],
  ['attributename', ATTRIBUTE_NAME_VALUE],
  ['dataformatas', DATA_FORMAT_VALUE],
]);

/**
 * What the attribute named `codes[start..end)` holds (`URL_VALUE`...), or undefined for text. Any namespaced `*:href` is a URL.
 *
 * @example attributeKind(codes, 0, 10) // URL_VALUE for "formaction"
 */
export function attributeKind(codes: Uint16Array, start: number, end: number): number | undefined {
  const kind = ATTRIBUTES.get(codes, start, end);
  if (kind !== undefined) return kind;
  const n = end - start;
  return n > 5 && codes[end - 5] === 0x3a && startsWithWord(codes, end - 4, end, 'href')
    ? URL_VALUE
    : undefined;
}
