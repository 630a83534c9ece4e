import type { Job } from '../../src/api/job.js';
import { MAX_TIMER_DELAY_MS } from '../../src/client/retry-after.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import type { DomeError } from '../../src/errors/dome-error.js';
import { DomeInputError } from '../../src/errors/job-errors.js';
import { JobDeadlineExceededError } from '../../src/errors/reliability-errors.js';
import { type BackoffOptions, backoffDelay, resolveBackoff } from './backoff.js';
import { requestNotBefore } from './request-pacing.js';
import type { SubmissionRecord } from './submission.js';

/** Maximum `Retry-After` a machine honours by default, in milliseconds: 5 minutes. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;

/** Time a job machine may take by default, from its start to a final state: 1 hour. */
export const DEFAULT_DEADLINE_MS = 3_600_000;

/** Retry and deadline options every job machine accepts in its input. */
export interface ReliabilityOptions {
  /**
   * Backoff after a transient failure: 5xx, timeout or connection reset. Missing fields take
   * the defaults. The number of attempts is `maxConsecutiveFailures`.
   * @default DEFAULT_BACKOFF (2 s doubling to at most 60 s, half of it random)
   */
  backoff?: Partial<BackoffOptions> | undefined;
  /**
   * Maximum wait a `Retry-After` header can impose, in milliseconds. Longer values are cut to
   * it, and every value to 2^31 - 1 ms, the longest timer Node runs.
   * @default 300000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * Time from the start of the machine until it gives up with a JobDeadlineExceededError, in
   * milliseconds, at most 2^31 - 1. Stored as the absolute `deadlineAt`, so a restored
   * machine keeps the same deadline.
   * @default 3600000
   */
  deadlineMs?: number | undefined;
}

/** Context fields of the retry, pacing and deadline logic. All are JSON-friendly. */
export interface ReliabilityContext {
  /**
   * When the latest request about this job ended or was abandoned, in epoch milliseconds. The
   * next request waits until at least MIN_REQUEST_GAP_MS after it.
   */
  lastRequestAt: number | null;
  /** When the machine gives up, in epoch milliseconds. */
  deadlineAt: number;
  /** The submission attempts, recorded before each POST leaves; null for an attached job. */
  submission: SubmissionRecord | null;
  backoff: Omit<BackoffOptions, 'jitterSeed'>;
  /** State of the jitter generator, advanced on every backoff. */
  jitterState: number;
  maxRetryAfterMs: number;
}

type RetryContext = Pick<ReliabilityContext, 'backoff' | 'jitterState' | 'maxRetryAfterMs'>;

/** Builds the reliability context fields from the machine input, checking the options. */
export function createReliabilityContext(
  options: ReliabilityOptions,
  nowMs: number,
): ReliabilityContext {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  requireDuration('maxRetryAfterMs', maxRetryAfterMs, 0);
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  requireDuration('deadlineMs', deadlineMs, 1);
  const { jitterSeed, ...backoff } = resolveBackoff(options.backoff);

  return {
    lastRequestAt: null,
    deadlineAt: nowMs + deadlineMs,
    submission: null,
    backoff,
    jitterState: jitterSeed,
    maxRetryAfterMs,
  };
}

/**
 * Returns how long to wait after a transient failure, the `failureCount`-th in a row: the
 * server's `Retry-After` (cut to `maxRetryAfterMs`) when it sent one, else the backoff. A 5xx
 * with `Retry-After` waits for the longer of the two.
 */
export function retryWait(
  context: RetryContext,
  error: unknown,
  failureCount: number,
): { waitMs: number; jitterState: number } {
  const retryAfterMs =
    error instanceof DomeApiError && error.retryAfterMs !== undefined
      ? Math.min(error.retryAfterMs, context.maxRetryAfterMs, MAX_TIMER_DELAY_MS)
      : undefined;
  if (retryAfterMs !== undefined && error instanceof DomeApiError && error.status === 429) {
    return { waitMs: retryAfterMs, jitterState: context.jitterState };
  }
  const backoff = backoffDelay(context.backoff, failureCount, context.jitterState);
  return {
    waitMs: Math.max(backoff.delayMs, retryAfterMs ?? 0),
    jitterState: backoff.jitterState,
  };
}

/**
 * When the machine should next send a request that is due at `dueAt`: not before the request
 * gap has passed, and not after the deadline, when the timer ends the machine instead.
 */
export function nextRequestTime(
  context: Pick<ReliabilityContext, 'lastRequestAt' | 'deadlineAt'>,
  dueAt: number,
): number {
  return Math.min(Math.max(dueAt, requestNotBefore(context)), context.deadlineAt);
}

/** Returns whether the deadline has passed at `nowMs`. */
export function isPastDeadline(context: Pick<ReliabilityContext, 'deadlineAt'>, nowMs: number) {
  return nowMs >= context.deadlineAt;
}

/** Builds the error that ends a machine at its deadline. */
export function deadlineExceededError(context: {
  jobId: string | null;
  job: Job | null;
  deadlineAt: number;
}): DomeError {
  return new JobDeadlineExceededError(context.jobId, {
    deadlineAt: context.deadlineAt,
    lastStatus: context.job?.status,
  });
}

function requireDuration(field: string, value: number, min: number) {
  if (!Number.isFinite(value) || value < min || value > MAX_TIMER_DELAY_MS) {
    throw new DomeInputError(
      field,
      `Invalid ${field} ${value}: expected milliseconds from ${min} to ${MAX_TIMER_DELAY_MS}.`,
    );
  }
}
