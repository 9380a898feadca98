/**
 * The SQL words the grammar cares about, from the MySQL, PostgreSQL, MSSQL, Oracle and SQLite dialects, with the
 * role each one plays. Lookup hashes the word in place (no slice, no lower-casing) so that tokenizing a value
 * allocates nothing.
 */

/** A keyword's role in the grammar. */
export const Role = Object.freeze({
  /** `AND`, `OR`, `XOR`: joins two conditions. */
  logic: 1,
  /** `NOT`. */
  not: 2,
  /** Binary operators that make a condition: `LIKE`, `IN`, `REGEXP`, `GLOB`... */
  predicate: 3,
  /** `IS` (`IS [NOT] NULL`, `IS TRUE`). */
  is: 4,
  /** `BETWEEN` (its `AND` is not a logical operator). */
  between: 5,
  /** Binary operators that do not make a condition: `DIV`, `MOD`, `COLLATE`, `ESCAPE`. */
  operator: 6,
  /** Postfix predicates: `NOTNULL`, `ISNULL`. */
  postfix: 7,
  /** Literal values: `NULL`, `TRUE`, `CURRENT_USER`... */
  value: 8,
  /** Prefix operators: `BINARY`, `EXISTS`, `DISTINCT`, `PRIOR`. */
  unary: 9,
  select: 10,
  /** `UNION`, `INTERSECT`, `EXCEPT`. */
  union: 11,
  /** `ALL`, `ANY`, `SOME` (also `UNION ALL`, `= ALL (...)`). */
  quantifier: 12,
  from: 13,
  /** `WHERE`, `HAVING`: start a condition. */
  where: 14,
  /** `ORDER`, `GROUP` (followed by `BY`). */
  orderGroup: 15,
  by: 16,
  /** `LIMIT`, `OFFSET`, `TOP`. */
  limit: 17,
  into: 18,
  /** `OUTFILE`, `DUMPFILE`. */
  file: 19,
  as: 20,
  /** `ASC`, `DESC`. */
  sort: 21,
  /** `JOIN`, `INNER`, `OUTER`, `CROSS`, `NATURAL`, `STRAIGHT_JOIN`. */
  join: 22,
  /** `ON`, `USING`. */
  on: 23,
  case: 24,
  /** `WHEN`, `THEN`, `ELSE`. */
  when: 25,
  end: 26,
  /** Words that start a statement: `INSERT`, `DROP`, `EXEC`, `DECLARE`... */
  statement: 27,
  waitfor: 28,
  procedure: 29,
  /** Words that only matter after another one: `TABLE`, `DELAY`, `OUTFILE`... */
  object: 30,
});

const ROLES: Readonly<Record<string, number>> = {
  and: Role.logic,
  or: Role.logic,
  xor: Role.logic,
  not: Role.not,
  like: Role.predicate,
  rlike: Role.predicate,
  regexp: Role.predicate,
  ilike: Role.predicate,
  glob: Role.predicate,
  match: Role.predicate,
  sounds: Role.predicate,
  similar: Role.predicate,
  in: Role.predicate,
  is: Role.is,
  between: Role.between,
  div: Role.operator,
  mod: Role.operator,
  collate: Role.operator,
  escape: Role.operator,
  for: Role.operator,
  notnull: Role.postfix,
  isnull: Role.postfix,
  null: Role.value,
  true: Role.value,
  false: Role.value,
  unknown: Role.value,
  current_user: Role.value,
  current_date: Role.value,
  current_time: Role.value,
  current_timestamp: Role.value,
  localtime: Role.value,
  localtimestamp: Role.value,
  session_user: Role.value,
  system_user: Role.value,
  binary: Role.unary,
  exists: Role.unary,
  distinct: Role.unary,
  prior: Role.unary,
  select: Role.select,
  union: Role.union,
  intersect: Role.union,
  except: Role.union,
  all: Role.quantifier,
  any: Role.quantifier,
  some: Role.quantifier,
  from: Role.from,
  where: Role.where,
  having: Role.where,
  order: Role.orderGroup,
  group: Role.orderGroup,
  by: Role.by,
  limit: Role.limit,
  offset: Role.limit,
  top: Role.limit,
  into: Role.into,
  outfile: Role.file,
  dumpfile: Role.file,
  as: Role.as,
  asc: Role.sort,
  desc: Role.sort,
  join: Role.join,
  inner: Role.join,
  outer: Role.join,
  cross: Role.join,
  natural: Role.join,
  straight_join: Role.join,
  on: Role.on,
  using: Role.on,
  case: Role.case,
  when: Role.when,
  else: Role.when,
  end: Role.end,
  insert: Role.statement,
  update: Role.statement,
  delete: Role.statement,
  drop: Role.statement,
  create: Role.statement,
  alter: Role.statement,
  truncate: Role.statement,
  exec: Role.statement,
  execute: Role.statement,
  declare: Role.statement,
  shutdown: Role.statement,
  grant: Role.statement,
  revoke: Role.statement,
  rename: Role.statement,
  call: Role.statement,
  load: Role.statement,
  copy: Role.statement,
  set: Role.statement,
  begin: Role.statement,
  backup: Role.statement,
  print: Role.statement,
  waitfor: Role.waitfor,
  procedure: Role.procedure,
  delay: Role.object,
  table: Role.object,
  database: Role.object,
  schema: Role.object,
  view: Role.object,
  function: Role.object,
  index: Role.object,
  trigger: Role.object,
  login: Role.object,
  user: Role.object,
  values: Role.object,
  data: Role.object,
  analyse: Role.object,
  nowait: Role.object,
};

/** What a function call reveals about intent. */
export const FunctionKind = Object.freeze({
  /** Makes the response slow on purpose: time-based blind injection. */
  delay: 1,
  /** Reads or writes files, makes network requests, runs commands, or raises errors that leak data. */
  dangerous: 2,
  /** Reports the server, database or user when called with no argument: reconnaissance. */
  info: 3,
  /** Picks one of two branches: the heart of a boolean or time-based oracle. */
  conditional: 4,
  /** Takes a value apart character by character or glues values together: how blind injection reads data. */
  extract: 5,
});

const FUNCTIONS: Readonly<Record<string, number>> = {
  sleep: FunctionKind.delay,
  benchmark: FunctionKind.delay,
  pg_sleep: FunctionKind.delay,
  pg_sleep_for: FunctionKind.delay,
  pg_sleep_until: FunctionKind.delay,
  randomblob: FunctionKind.delay,
  receive_message: FunctionKind.delay,
  load_file: FunctionKind.dangerous,
  extractvalue: FunctionKind.dangerous,
  updatexml: FunctionKind.dangerous,
  xmltype: FunctionKind.dangerous,
  get_host_address: FunctionKind.dangerous,
  get_host_name: FunctionKind.dangerous,
  getxml: FunctionKind.dangerous,
  xp_cmdshell: FunctionKind.dangerous,
  xp_dirtree: FunctionKind.dangerous,
  xp_fileexist: FunctionKind.dangerous,
  sys_eval: FunctionKind.dangerous,
  sys_exec: FunctionKind.dangerous,
  lo_import: FunctionKind.dangerous,
  lo_export: FunctionKind.dangerous,
  lo_get: FunctionKind.dangerous,
  pg_read_file: FunctionKind.dangerous,
  pg_read_binary_file: FunctionKind.dangerous,
  pg_ls_dir: FunctionKind.dangerous,
  openrowset: FunctionKind.dangerous,
  opendatasource: FunctionKind.dangerous,
  name_const: FunctionKind.dangerous,
  load_extension: FunctionKind.dangerous,
  geometrycollection: FunctionKind.dangerous,
  multipoint: FunctionKind.dangerous,
  multilinestring: FunctionKind.dangerous,
  multipolygon: FunctionKind.dangerous,
  polygon: FunctionKind.dangerous,
  dblink: FunctionKind.dangerous,
  version: FunctionKind.info,
  database: FunctionKind.info,
  user: FunctionKind.info,
  current_user: FunctionKind.info,
  system_user: FunctionKind.info,
  session_user: FunctionKind.info,
  schema: FunctionKind.info,
  db_name: FunctionKind.info,
  user_name: FunctionKind.info,
  suser_name: FunctionKind.info,
  suser_sname: FunctionKind.info,
  host_name: FunctionKind.info,
  current_database: FunctionKind.info,
  current_schema: FunctionKind.info,
  sqlite_version: FunctionKind.info,
  connection_id: FunctionKind.info,
  if: FunctionKind.conditional,
  iif: FunctionKind.conditional,
  ifnull: FunctionKind.conditional,
  nullif: FunctionKind.conditional,
  decode: FunctionKind.conditional,
  ascii: FunctionKind.extract,
  ord: FunctionKind.extract,
  unicode: FunctionKind.extract,
  substring: FunctionKind.extract,
  substr: FunctionKind.extract,
  mid: FunctionKind.extract,
  char: FunctionKind.extract,
  chr: FunctionKind.extract,
  nchar: FunctionKind.extract,
  concat: FunctionKind.extract,
  concat_ws: FunctionKind.extract,
  group_concat: FunctionKind.extract,
  string_agg: FunctionKind.extract,
  listagg: FunctionKind.extract,
  hex: FunctionKind.extract,
  unhex: FunctionKind.extract,
  conv: FunctionKind.extract,
  cast: FunctionKind.extract,
  convert: FunctionKind.extract,
  length: FunctionKind.extract,
  char_length: FunctionKind.extract,
  len: FunctionKind.extract,
  instr: FunctionKind.extract,
  locate: FunctionKind.extract,
  strcmp: FunctionKind.extract,
  md5: FunctionKind.extract,
  sha1: FunctionKind.extract,
  compress: FunctionKind.extract,
  count: FunctionKind.extract,
  rand: FunctionKind.extract,
  floor: FunctionKind.extract,
  quotename: FunctionKind.extract,
  make_set: FunctionKind.extract,
  elt: FunctionKind.extract,
  utl_raw: FunctionKind.extract,
};

/** Oracle packages whose procedures reach the network, the file system or the scheduler. */
const PACKAGES: Readonly<Record<string, number>> = {
  utl_inaddr: FunctionKind.dangerous,
  utl_http: FunctionKind.dangerous,
  utl_file: FunctionKind.dangerous,
  utl_smtp: FunctionKind.dangerous,
  dbms_pipe: FunctionKind.delay,
  dbms_lock: FunctionKind.delay,
  dbms_session: FunctionKind.delay,
  dbms_xmlgen: FunctionKind.dangerous,
  dbms_java: FunctionKind.dangerous,
  dbms_scheduler: FunctionKind.dangerous,
  ctxsys: FunctionKind.dangerous,
};

/** FNV-1a over ASCII-lower-cased code units: the same hash for `SELECT`, `select` and `SeLeCt`. */
function hashWord(value: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (value.charCodeAt(i) | 0x20), 0x01000193);
  return hash >>> 0;
}

interface Table {
  readonly names: readonly string[];
  readonly values: readonly number[];
  /** Open addressing by hash: `slots[i]` is a name's index (-1: empty), `hashes[i]` its hash. */
  readonly slots: Int32Array;
  readonly hashes: Uint32Array;
  readonly mask: number;
  readonly maxLength: number;
  /** Per word length, a bit per first letter (`a` = bit 0) of the names of that length: most words stop here. */
  readonly shapes: Uint32Array;
}

function buildTable(entries: ReadonlyArray<readonly [string, number]>): Table {
  const names = entries.map(([name]) => name);
  const values = entries.map(([, value]) => value);
  let size = 16;
  while (size < names.length * 4) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const hashes = new Uint32Array(size);
  const mask = size - 1;
  names.forEach((name, index) => {
    const hash = hashWord(name, 0, name.length);
    let slot = hash & mask;
    while ((slots[slot] as number) >= 0) {
      // A collision would make one word unreachable: fail at load time, where a test sees it, never per request.
      if (hashes[slot] === hash) throw new Error(`sql keyword hash collision: ${name}`);
      slot = (slot + 1) & mask;
    }
    slots[slot] = index;
    hashes[slot] = hash;
  });
  const maxLength = Math.max(...names.map((name) => name.length));
  const shapes = new Uint32Array(maxLength + 1);
  for (const name of names)
    shapes[name.length] = (shapes[name.length] ?? 0) | firstLetterBit(name.charCodeAt(0));
  return { names, values, slots, hashes, mask, maxLength, shapes };
}

/** The bit of an ASCII letter (case-insensitive) or of `_` (bit 26); 0 for anything else. */
function firstLetterBit(c: number): number {
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return 1 << (lower - 0x61);
  return c === 0x5f ? 1 << 26 : 0;
}

// `then` cannot be an object literal key (it would make the object a thenable), so it joins here.
const KEYWORDS = buildTable([...Object.entries(ROLES), ['then', Role.when]]);
const FUNCTION_TABLE = buildTable(Object.entries(FUNCTIONS));
const PACKAGE_TABLE = buildTable(Object.entries(PACKAGES));

function find(table: Table, value: string, start: number, end: number): number {
  const length = end - start;
  if (
    length > table.maxLength ||
    ((table.shapes[length] ?? 0) & firstLetterBit(value.charCodeAt(start))) === 0
  ) {
    return -1;
  }
  const hash = hashWord(value, start, end);
  let slot = hash & table.mask;
  let index = table.slots[slot] as number;
  while (index >= 0 && table.hashes[slot] !== hash) {
    slot = (slot + 1) & table.mask;
    index = table.slots[slot] as number;
  }
  if (index < 0) return -1;
  const name = table.names[index] ?? '';
  if (name.length !== end - start) return -1;
  for (let i = 0; i < name.length; i++) {
    // Both sides folded: the table holds letters, digits and `_`, and `_ | 0x20` is DEL, never inside a word.
    if ((value.charCodeAt(start + i) | 0x20) !== (name.charCodeAt(i) | 0x20)) return -1;
  }
  return index;
}

/**
 * The keyword spelled by `value[start, end)`, case-insensitively, as an index into the keyword table, or -1.
 * @example keywordAt('1 union select', 2, 7) === keywordId('union')
 */
export function keywordAt(value: string, start: number, end: number): number {
  return find(KEYWORDS, value, start, end);
}

/** The {@link Role} of a keyword index from {@link keywordAt}; 0 for -1. */
export function roleOf(keyword: number): number {
  return keyword < 0 ? 0 : (KEYWORDS.values[keyword] ?? 0);
}

/** The index of a keyword in the table; throws on a word that is not in it (a programming error, at load time). */
export function keywordId(name: string): number {
  const index = find(KEYWORDS, name, 0, name.length);
  if (index < 0) throw new Error(`not an sql keyword: ${name}`);
  return index;
}

/**
 * The {@link FunctionKind} of a function name in `value[start, end)`, or 0 for a function of no interest.
 * @example functionKindAt('x sleep(5)', 2, 7) === FunctionKind.delay
 */
export function functionKindAt(value: string, start: number, end: number): number {
  const index = find(FUNCTION_TABLE, value, start, end);
  return index < 0 ? 0 : (FUNCTION_TABLE.values[index] ?? 0);
}

/** The {@link FunctionKind} of an Oracle package name (`utl_http` in `utl_http.request(...)`), or 0. */
export function packageKindAt(value: string, start: number, end: number): number {
  const index = find(PACKAGE_TABLE, value, start, end);
  return index < 0 ? 0 : (PACKAGE_TABLE.values[index] ?? 0);
}
