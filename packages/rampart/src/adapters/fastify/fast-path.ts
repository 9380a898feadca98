import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HeaderPairs } from '../../lib/request.js';

/**
 * Two per-request costs of Fastify's public API that the guard hook avoids: `request.routeOptions` builds a
 * 13-field object on every read, and `reply.header()` lowercases and tests each name again. Fastify keeps the
 * route context and the reply's header object behind symbols; they are found once, by description, on the first
 * request (the application may load its own copy of Fastify, so importing the symbols would not do). Should a
 * Fastify release rename them, every call falls back to the public API, and the adapter tests notice.
 */
export interface FastifyFastPath {
  /** The route pattern (`/balance/:id`), or undefined for a request no route matched. */
  route(request: FastifyRequest): string | undefined;
  /** Sets header lists with lowercase names and no `set-cookie` (the pipeline's), as `reply.header()` would. */
  setHeaders(reply: FastifyReply, lists: readonly HeaderPairs[]): void;
  /** True once both symbols were found: the fast path is in use. */
  readonly active: boolean;
}

type Bag = Record<string | symbol, unknown>;

function symbolNamed(target: object, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(target).find((symbol) => symbol.description === description);
}

export function createFastPath(): FastifyFastPath {
  // undefined: not looked up yet; null: looked up and not there.
  let contextKey: symbol | null | undefined;
  let headersKey: symbol | null | undefined;

  const publicRoute = (request: FastifyRequest): string | undefined => request.routeOptions.url;
  const publicSetHeaders = (reply: FastifyReply, lists: readonly HeaderPairs[]): void => {
    for (const list of lists) for (const [name, value] of list) reply.header(name, value);
  };

  return {
    route(request) {
      if (contextKey === undefined) contextKey = symbolNamed(request, 'fastify.context') ?? null;
      if (contextKey === null) return publicRoute(request);
      const config = ((request as unknown as Bag)[contextKey] as { config?: { url?: unknown } } | undefined)
        ?.config;
      return typeof config?.url === 'string' ? config.url : undefined;
    },

    setHeaders(reply, lists) {
      if (headersKey === undefined) headersKey = symbolNamed(reply, 'fastify.reply.headers') ?? null;
      const target = headersKey === null ? undefined : (reply as unknown as Bag)[headersKey];
      if (typeof target !== 'object' || target === null) return publicSetHeaders(reply, lists);
      const headers = target as Record<string, string>;
      for (let i = 0; i < lists.length; i++) {
        const list = lists[i] as HeaderPairs;
        for (let j = 0; j < list.length; j++) {
          const pair = list[j] as readonly [string, string];
          headers[pair[0]] = pair[1];
        }
      }
    },

    get active() {
      return typeof contextKey === 'symbol' && typeof headersKey === 'symbol';
    },
  };
}
