export { BUCKETS as SLIDING_WINDOW_BUCKETS } from './algorithms.js';
export { createMemoryBlockStore } from './memory-block-store.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export type {
  BlockStore,
  ConsumeResult,
  FastStore,
  IpBlockRecord,
  RateRule,
  SyncFastStore,
} from './types.js';
