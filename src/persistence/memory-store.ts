import { matchesFilter } from './filter.js';
import type { SnapshotStore, StoredJob, StoredJobFilter } from './snapshot-store.js';

/**
 * Creates a store that keeps records in this process only. Records are copied through JSON on
 * the way in and out, as a database would, so a caller cannot change a stored snapshot by
 * mutating the object it saved.
 */
export function createMemoryStore(): SnapshotStore {
  const records = new Map<string, string>();
  // Claimed human steps, as `${key}\n${step}`.
  const claims = new Set<string>();
  let closed = false;

  function ensureOpen() {
    if (closed)
      throw new Error(
        'The memory snapshot store is closed; create another with createMemoryStore().',
      );
  }

  function all(): StoredJob[] {
    return [...records.values()].map((text) => JSON.parse(text) as StoredJob);
  }

  return {
    save(job) {
      ensureOpen();
      records.set(job.key, JSON.stringify(job));
    },
    load(key) {
      ensureOpen();
      const text = records.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as StoredJob);
    },
    findByJobId(jobId) {
      ensureOpen();
      return all().find((job) => job.jobId === jobId);
    },
    list(filter?: StoredJobFilter) {
      ensureOpen();
      return all()
        .filter((job) => matchesFilter(job, filter))
        .sort((a, b) => a.updatedAtMs - b.updatedAtMs);
    },
    delete(key) {
      ensureOpen();
      for (const claim of claims) if (claim.startsWith(`${key}\n`)) claims.delete(claim);
      return records.delete(key);
    },
    claimStep(key, step) {
      ensureOpen();
      const claim = `${key}\n${step}`;
      if (claims.has(claim)) return false;
      claims.add(claim);
      return true;
    },
    releaseStep(key, step) {
      ensureOpen();
      claims.delete(`${key}\n${step}`);
    },
    close() {
      closed = true;
      records.clear();
      claims.clear();
    },
  };
}
