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
  /**
   * The submission that was about to be sent when this record was written, kept until the job
   * id is known. A restart finds the job it may have created through it.
   */
  submission?: PendingSubmission | undefined;
}

/** Record of a submission POST, kept to find the job it created if no response arrived. */
export interface PendingSubmission {
  /** When the first POST was about to leave, in ms since the epoch (local clock). */
  attemptedAtMs: number;
  /** The request body as sent, which the API echoes in the job's `input`. */
  body: Record<string, unknown>;
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
  /** Removes the record with this key and its step claims; returns whether a record existed. */
  delete(key: string): boolean;
  /**
   * Records that a human step of the job with this key is being sent, unless it already was.
   * Returns true for the first caller only, across every runner that shares the store, so one
   * step cannot be sent twice from two tabs or after a restart.
   */
  claimStep(key: string, step: string, atMs: number): boolean;
  /** Drops the claim on a step that was not accepted, so the step can be tried again. */
  releaseStep(key: string, step: string): void;
  /** Releases the underlying resources. Later calls throw. */
  close(): void;
}
