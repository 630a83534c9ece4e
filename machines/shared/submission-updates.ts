import type { Job } from '../../src/api/job.js';
import { JobSubmissionError } from '../../src/errors/reliability-errors.js';
import type { JobContext } from './context.js';
import { toDomeError } from './failures.js';
import { retryWait } from './reliability.js';
import { MIN_REQUEST_GAP_MS } from './request-pacing.js';
import { DEFAULT_SUBMIT_CLOCK_SKEW_MS, type SubmittedJobQuery } from './submission.js';

type Context = JobContext<unknown>;

/** Context just before a POST leaves: the attempt is recorded first, so it can be reconciled. */
export function beforeSubmitAttempt(
  context: Context,
  jobType: string,
  input: Record<string, unknown> | null,
  nowMs: number,
) {
  const previous = context.submission;
  return {
    submission: {
      jobType,
      input,
      firstAttemptAt: previous?.firstAttemptAt ?? nowMs,
      lastAttemptAt: nowMs,
      attempts: (previous?.attempts ?? 0) + 1,
      nextAttemptAt: null,
      lastError: previous?.lastError ?? null,
    },
  };
}

/** Returns the job list query that finds the job a lost submission may have created. */
export function submittedJobQuery(context: Context): SubmittedJobQuery {
  const submission = context.submission;
  return {
    jobType: submission?.jobType ?? '',
    input: submission?.input ?? null,
    createdAfterMs:
      (submission?.firstAttemptAt ?? 0) -
      (context.submitClockSkewMs ?? DEFAULT_SUBMIT_CLOCK_SKEW_MS),
    pageGapMs: context.minRequestGapMs ?? MIN_REQUEST_GAP_MS,
  };
}

/**
 * Context after a POST failed in a way that leaves the job uncreated (a 429) or after the job
 * list proved it was not created: the next POST waits for `Retry-After` or the backoff.
 */
export function afterSubmitRetryScheduled(context: Context, error: unknown, nowMs: number) {
  const submission = requireSubmission(context);
  const wait = retryWait(context, error, submission.attempts);
  return {
    consecutiveFailures: 0,
    jitterState: wait.jitterState,
    submission: {
      ...submission,
      nextAttemptAt: nowMs + wait.waitMs,
      lastError: error === undefined ? submission.lastError : toDomeError(error, null),
    },
  };
}

/** Context after a POST whose outcome is unknown: keep its error for the final report. */
export function afterSubmitOutcomeUnknown(context: Context, error: unknown) {
  const submission = requireSubmission(context);
  return { submission: { ...submission, lastError: toDomeError(error, null) } };
}

/** Context after the job list could not be read: the next read waits for the backoff. */
export function afterReconcileFailure(context: Context, error: unknown, nowMs: number) {
  const submission = requireSubmission(context);
  const failures = context.consecutiveFailures + 1;
  const wait = retryWait(context, error, failures);
  return {
    consecutiveFailures: failures,
    jitterState: wait.jitterState,
    submission: { ...submission, nextAttemptAt: nowMs + wait.waitMs },
  };
}

/**
 * Context after the job list showed the job a lost submission created. The machine adopts its
 * id and the listed job, and polls it next, keeping the poll grid anchored at the first attempt.
 */
export function afterAdoption(context: Context, job: Job, nowMs: number) {
  return {
    jobId: job.id,
    job,
    submittedAt: context.submission?.firstAttemptAt ?? nowMs,
    nextPollAt: nowMs,
    consecutiveFailures: 0,
  };
}

/** Builds the error of a submission that gave up. `created` is what the job list showed. */
export function submissionGaveUpError(
  context: Context,
  created: 'no' | 'unknown',
  cause: unknown,
): JobSubmissionError {
  const submission = context.submission;
  return new JobSubmissionError({
    created,
    attempts: submission?.attempts ?? 0,
    jobType: submission?.jobType ?? 'unknown',
    firstAttemptAt: submission?.firstAttemptAt,
    cause: cause ?? submission?.lastError ?? undefined,
  });
}

/** Returns whether the POST was sent `maxConsecutiveFailures` times already. */
export function reachedSubmitLimit(context: Context): boolean {
  return (context.submission?.attempts ?? 0) >= context.maxConsecutiveFailures;
}

function requireSubmission(context: Context) {
  if (context.submission === null) {
    throw new Error('Submission state is missing: beforeSubmitAttempt must run before the POST.');
  }
  return context.submission;
}
