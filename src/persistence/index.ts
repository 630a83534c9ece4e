export { createMemoryStore } from './memory-store.js';
export type {
  PendingSubmission,
  SnapshotStore,
  StoredJob,
  StoredJobFilter,
} from './snapshot-store.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
