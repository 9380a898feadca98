/**
 * The routes an Express application registered, as `METHOD /pattern` keys, read from its router's layer stack so
 * that configured route keys can be checked against them (Fastify announces routes through a hook; Express has
 * none). Returns undefined whenever the stack holds something whose paths cannot be read exactly: a regular
 * expression path, a mounted sub-application, or a nested router without its mount path. A guess there could
 * report a correct key as unmatched, and a false warning teaches operators to ignore the real ones.
 */

interface Layer {
  readonly route?: { readonly path?: unknown; readonly methods?: Record<string, unknown> };
  readonly handle?: { readonly stack?: unknown };
  readonly name?: unknown;
  /** The mount path of a `router.use()` layer (router 2.x). */
  readonly rawPath?: unknown;
}

const EVERY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function join(prefix: string, path: string): string {
  return path === '/' && prefix !== '' ? prefix : `${prefix}${path}`;
}

/** Adds the stack's routes under `prefix`; false when some path cannot be read. */
function collect(stack: readonly Layer[], prefix: string, out: Set<string>): boolean {
  for (const layer of stack) {
    if (layer.route !== undefined) {
      const { path, methods = {} } = layer.route;
      if (typeof path !== 'string') return false;
      for (const [method, on] of Object.entries(methods)) {
        if (on !== true) continue;
        for (const name of method === '_all' ? EVERY_METHOD : [method.toUpperCase()]) {
          out.add(`${name} ${join(prefix, path)}`);
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      if (typeof layer.rawPath !== 'string') return false;
      const mount = layer.rawPath === '/' ? '' : layer.rawPath.replace(/\/$/, '');
      if (!collect(layer.handle.stack as Layer[], join(prefix, mount), out)) return false;
    } else if (layer.name === 'mounted_app') return false;
  }
  return true;
}

export function expressRoutes(app: unknown): Set<string> | undefined {
  if (typeof app !== 'function' && (typeof app !== 'object' || app === null)) return undefined;
  let router: { readonly stack?: unknown } | undefined;
  try {
    // Express 4 keeps its router in `_router` (and `app.router` throws); Express 5 exposes `app.router`.
    const holder = app as { readonly _router?: typeof router; readonly router?: typeof router };
    router = holder._router ?? holder.router;
  } catch {
    return undefined;
  }
  if (!Array.isArray(router?.stack)) return undefined;
  const routes = new Set<string>();
  return collect(router.stack as Layer[], '', routes) ? routes : undefined;
}
