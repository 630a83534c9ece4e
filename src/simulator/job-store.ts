import type { JOB_TYPES } from '../api/assumptions.js';
import type { JobState } from './job-view.js';
import type { JobPlan } from './scenarios.js';
import type { RecordedRequest } from './types.js';

export type JobType = (typeof JOB_TYPES)[keyof typeof JOB_TYPES];

/** An image received by annotate: a URL kept as given, or the decoded bytes of a data URL. */
export type ReceivedImage =
  | { kind: 'url'; url: string }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer>; contentType: string };

/**
 * Stored facts about one job. Status and output are not stored: every read derives them from
 * these facts and the clock, so no timer has to run.
 */
export interface JobRecord {
  id: string;
  /** Creation order, which breaks ties between jobs created in the same millisecond. */
  sequence: number;
  keyId: string;
  jobType: JobType;
  input: Record<string, unknown>;
  createdAtMs: number;
  /** Origin of the submitting request, used for output URLs outside a request. */
  origin: string;
  plan: JobPlan;
  selection?: { orientation: string; atMs: number };
  annotation?: { atMs: number; annotatedImage: ReceivedImage; cleanImage: ReceivedImage };
  videoRequestedAtMs?: number;
  /** State set by a test through the request script; it replaces the derived state. */
  scripted?: JobState;
}

/** Every job and every recorded request of one simulator. */
export class JobStore {
  readonly requests: RecordedRequest[] = [];
  readonly #jobs = new Map<string, JobRecord>();
  #sequence = 0;

  /** Stores a new job and returns its record. */
  add(job: Omit<JobRecord, 'sequence'>): JobRecord {
    const record: JobRecord = { ...job, sequence: this.#sequence++ };
    this.#jobs.set(record.id, record);
    return record;
  }

  /** Returns a job by id, regardless of the API key that owns it. */
  get(jobId: string): JobRecord | undefined {
    return this.#jobs.get(jobId);
  }

  /** Returns every job, oldest first. */
  all(): JobRecord[] {
    return [...this.#jobs.values()];
  }

  /** Returns the jobs of one API key, oldest first. */
  ownedBy(keyId: string): JobRecord[] {
    return this.all().filter((job) => job.keyId === keyId);
  }
}
