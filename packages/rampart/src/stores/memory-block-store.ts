import type { BlockStore, IpBlockRecord } from './types.js';

/**
 * Manual IP blocks kept in memory for the life of the process. Use it in tests and single-process development;
 * the wallet server persists blocks in its database so that they survive a restart.
 */
export function createMemoryBlockStore(): BlockStore {
  const blocks = new Map<string, IpBlockRecord>();
  return {
    put(record) {
      blocks.set(record.ip, record);
      return Promise.resolve();
    },
    remove(ip) {
      return Promise.resolve(blocks.delete(ip));
    },
    list(nowMs) {
      return Promise.resolve([...blocks.values()].filter((b) => b.expiresAt === null || b.expiresAt > nowMs));
    },
  };
}
