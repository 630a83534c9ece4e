import type { JobStatus } from '../api/statuses.js';
import { type ApiErrorDetails, DomeApiError } from './api-error.js';
import { DomeConnectionError } from './connection-error.js';
import { DomeError } from './dome-error.js';

/**
 * 409 `JOB_IN_PROGRESS`: the organisation already has a job of this type in progress, so the
 * API refused to start another. Nothing was created; submit again once that job has finished.
 */
export class JobInProgressError extends DomeApiError {
  override name = 'JobInProgressError';

  /** Returns the error as a JobInProgressError when its code is `JOB_IN_PROGRESS`. */
  static fromApiError(error: DomeApiError): DomeApiError {
    if (error instanceof JobInProgressError || error.code !== 'JOB_IN_PROGRESS') return error;
    return new JobInProgressError({
      method: error.method,
      path: error.path,
      jobId: error.jobId,
      status: error.status,
      code: error.code,
      apiMessage: error.apiMessage,
      requestId: error.requestId,
      retryAfterMs: error.retryAfterMs,
    });
  }

  constructor(details: ApiErrorDetails) {
    super(details);
  }
}

/**
 * A job did not reach a final status by its deadline (`deadlineMs` from the start of the
 * machine). The server may still finish the job; attach to it again by its id.
 */
export class JobDeadlineExceededError extends DomeError {
  override name = 'JobDeadlineExceededError';

  /** The deadline, in epoch milliseconds. */
  readonly deadlineAt: number;
  /** Status of the latest job resource seen, if any. */
  readonly lastStatus: JobStatus | undefined;

  constructor(
    jobId: string | null,
    details: { deadlineAt: number; lastStatus?: JobStatus | undefined },
  ) {
    const when = new Date(details.deadlineAt).toISOString();
    const last = details.lastStatus ?? 'none';
    const subject =
      jobId === null
        ? `Submission did not finish by its deadline ${when}; no job id was received.`
        : `Job ${jobId} did not finish by its deadline ${when}; last status seen: ${last}. ` +
          'The job may still finish on the server; attach to it again by its id.';
    super(subject, { jobId: jobId ?? undefined });
    this.deadlineAt = details.deadlineAt;
    this.lastStatus = details.lastStatus;
  }
}

/**
 * A submission gave up without a job id. `created` records whether no job was created (`no`:
 * the job list showed none, or no request reached the server), or whether the list could not
 * be read after a lost response, so a job may exist (`unknown`).
 */
export class JobSubmissionError extends DomeError {
  override name = 'JobSubmissionError';

  readonly created: 'no' | 'unknown';
  /** POST requests sent. */
  readonly attempts: number;
  readonly jobType: string;
  /** When the first POST left, in epoch milliseconds, if known. */
  readonly firstAttemptAt: number | undefined;

  constructor(details: {
    created: 'no' | 'unknown';
    attempts: number;
    jobType: string;
    firstAttemptAt?: number | undefined;
    cause: unknown;
  }) {
    const last = details.cause instanceof Error ? ` Last error: ${details.cause.message}` : '';
    const attempts = `${details.attempts} ${details.attempts === 1 ? 'attempt' : 'attempts'}`;
    super(`Submission failed after ${attempts}: ${outcomeOf(details)}${last}`, {
      cause: details.cause,
    });
    this.created = details.created;
    this.attempts = details.attempts;
    this.jobType = details.jobType;
    this.firstAttemptAt = details.firstAttemptAt;
  }
}

function outcomeOf(details: {
  created: 'no' | 'unknown';
  jobType: string;
  firstAttemptAt?: number | undefined;
  cause: unknown;
}): string {
  const { cause, jobType } = details;
  if (details.created === 'no' && cause instanceof DomeConnectionError) {
    if (cause.requestSent === false) {
      return `could not connect to ${cause.path}, no ${jobType} job was created.`;
    }
  }
  if (details.created === 'no') {
    return `the job list shows that no ${jobType} job was created, so nothing is running.`;
  }
  const since =
    details.firstAttemptAt === undefined
      ? ''
      : ` created after ${new Date(details.firstAttemptAt).toISOString()}`;
  return (
    `a response was lost and the job list could not be read, so a ${jobType} job may exist. ` +
    `List jobs of type ${jobType}${since} before submitting again.`
  );
}
