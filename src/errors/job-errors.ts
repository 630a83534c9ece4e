import type { JobStatus } from '../api/statuses.js';
import { DomeError } from './dome-error.js';

/** The server marked the job `failed`; `output.error` contains its reason when it sent one. */
export class JobFailedError extends DomeError {
  override name = 'JobFailedError';

  declare readonly jobId: string;
  readonly code: string | undefined;
  readonly reason: string | undefined;

  constructor(jobId: string, failure: { code?: string | undefined; message?: string | undefined }) {
    const reason = failure.message ?? 'no reason given';
    const code = failure.code ? `${failure.code}: ` : '';
    super(`Job ${jobId} failed on the server: ${code}${reason}`, { jobId });
    this.code = failure.code;
    this.reason = failure.message;
  }
}

/**
 * The client stopped hearing from the API about a job it had submitted. The job may still be
 * running on the server; resume it later by its id.
 */
export class JobLostContactError extends DomeError {
  override name = 'JobLostContactError';

  declare readonly jobId: string;
  readonly lastStatus: JobStatus | undefined;
  readonly attempts: number;

  constructor(
    jobId: string,
    details: { lastStatus?: JobStatus | undefined; attempts: number; cause: unknown },
  ) {
    const last = details.lastStatus ? `; last status seen: ${details.lastStatus}` : '';
    const because = details.cause instanceof Error ? ` Last error: ${details.cause.message}` : '';
    const requests = details.attempts === 1 ? 'request' : 'requests';
    super(
      `Lost contact with job ${jobId} after ${details.attempts} failed ${requests}${last}. ` +
        `The job may still be running; resume it by its id.${because}`,
      { jobId, cause: details.cause },
    );
    this.lastStatus = details.lastStatus;
    this.attempts = details.attempts;
  }
}

/** An argument given to the library or a human event is invalid; nothing was sent. */
export class DomeInputError extends DomeError {
  override name = 'DomeInputError';

  /** The argument that failed, such as `address` or `orientation`. */
  readonly field: string;

  constructor(field: string, message: string, options: { jobId?: string | undefined } = {}) {
    super(message, options);
    this.field = field;
  }
}
