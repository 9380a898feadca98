/**
 * Values keyed by route, as options spell them: `'/pattern'` (any method) or `'METHOD /pattern'`. Looking one up
 * by (method, route) builds no string, which matters because several guards look routes up on every request.
 */
export interface RouteTable<T> {
  /** The value for `METHOD route`, else for `route`, else undefined. */
  get(method: string, route: string | undefined): T | undefined;
  readonly size: number;
}

interface Entry<T> {
  any: T | undefined;
  readonly byMethod: Map<string, T>;
}

export function createRouteTable<T>(entries: Iterable<readonly [key: string, value: T]>): RouteTable<T> {
  const table = new Map<string, Entry<T>>();
  let size = 0;
  for (const [key, value] of entries) {
    const space = key.indexOf(' ');
    const method = space === -1 ? undefined : key.slice(0, space);
    const route = space === -1 ? key : key.slice(space + 1);
    let entry = table.get(route);
    if (entry === undefined) {
      entry = { any: undefined, byMethod: new Map() };
      table.set(route, entry);
    }
    if (method === undefined) entry.any = value;
    else entry.byMethod.set(method, value);
    size++;
  }
  return {
    size,
    get(method, route) {
      if (route === undefined || size === 0) return undefined;
      const entry = table.get(route);
      if (entry === undefined) return undefined;
      if (entry.byMethod.size === 0) return entry.any;
      // Frameworks answer HEAD with the GET handler, so a GET rule covers HEAD unless HEAD has its own.
      const own = entry.byMethod.get(method) ?? (method === 'HEAD' ? entry.byMethod.get('GET') : undefined);
      return own ?? entry.any;
    },
  };
}

/** A set of route keys (`'/health'`, `'POST /webhooks/payment'`), as a table of `true`. */
export function createRouteSet(keys: Iterable<string>): RouteTable<true> {
  return createRouteTable([...keys].map((key) => [key, true] as const));
}
