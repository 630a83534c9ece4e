import type { StoredJob, StoredJobFilter } from './snapshot-store.js';

/** Returns whether a stored job passes every field that the filter sets. */
export function matchesFilter(job: StoredJob, filter: StoredJobFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.machineId !== undefined && job.machineId !== filter.machineId) return false;
  if (filter.done !== undefined && job.done !== filter.done) return false;
  return true;
}
