/**
 * One job as a store keeps it: the XState persisted snapshot plus the fields needed to find and
 * resume it without parsing the snapshot.
 */
export interface StoredJob {
  /** Local key chosen when the job was started; stable before the API has assigned an id. */
  key: string;
  /** Machine that runs the job, such as `droneFootage` or `markup`. */
  machineId: string;
  /** API job id, null until the submission was acknowledged. */
  jobId: string | null;
  /** Top-level machine state, for listing without parsing the snapshot. */
  state: string;
  /** Whether the machine reached a final state. */
  done: boolean;
  /** `actor.getPersistedSnapshot()` as plain JSON. */
  snapshot: unknown;
  /** When this record was written, in ms since the epoch. */
  updatedAtMs: number;
}

/** Filter of {@link SnapshotStore.list}. */
export interface StoredJobFilter {
  machineId?: string | undefined;
  done?: boolean | undefined;
}

/**
 * A place to keep job snapshots across restarts.
 *
 * The methods are synchronous on purpose: the runtime saves from a snapshot subscription and
 * before a submission leaves, and a synchronous write is complete before the next request.
 */
export interface SnapshotStore {
  /** Inserts or replaces the record with this key. */
  save(job: StoredJob): void;
  /** Returns the record with this key, or undefined. */
  load(key: string): StoredJob | undefined;
  /** Returns the record whose API job id is `jobId`, or undefined. */
  findByJobId(jobId: string): StoredJob | undefined;
  /** Returns the records that match, oldest update first. */
  list(filter?: StoredJobFilter): StoredJob[];
  /** Removes the record with this key; returns whether one existed. */
  delete(key: string): boolean;
  /** Releases the underlying resources. Later calls throw. */
  close(): void;
}
