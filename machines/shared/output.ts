import type { Job } from '../../src/api/job.js';
import type { DomeError } from '../../src/errors/dome-error.js';
import type { JobFailedError } from '../../src/errors/job-errors.js';

/**
 * Final output of a job machine, told apart by `status`: the parsed result of a completed job,
 * the server's failure, a client-side error, or a cancellation by the caller.
 */
export type JobMachineOutput<TResult> =
  | { status: 'completed'; job: Job; result: TResult }
  | { status: 'failed'; job: Job; error: JobFailedError }
  | { status: 'errored'; jobId: string | null; error: DomeError }
  | { status: 'cancelled'; jobId: string | null };

/** Events every job machine accepts. */
export type JobMachineEvent =
  /** Stops watching the job. The API has no cancel endpoint, so the server job continues. */
  | { type: 'cancel' }
  /** A job resource fetched elsewhere, handled like a poll result. */
  | { type: 'job.updated'; job: Job }
  /** Re-arms the poll timer after restoring a persisted snapshot. */
  | { type: 'resume' };
