import type { Job } from '../../src/api/job.js';
import { MAX_TIMER_DELAY_MS } from '../../src/client/retry-after.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import type { DomeError } from '../../src/errors/dome-error.js';
import { DomeInputError } from '../../src/errors/job-errors.js';
import { JobDeadlineExceededError } from '../../src/errors/reliability-errors.js';
import { type BackoffOptions, backoffDelay, resolveBackoff } from './backoff.js';
import { MIN_REQUEST_GAP_MS, type RequestGapContext, requestNotBefore } from './request-pacing.js';
import { DEFAULT_SUBMIT_CLOCK_SKEW_MS, type SubmissionRecord } from './submission.js';

/** Maximum `Retry-After` a machine honours by default, in milliseconds: 5 minutes. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;

/**
 * Time a job machine may spend waiting on the server by default: 1 hour. Time spent waiting for
 * a person at a markup human step does not count.
 */
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
   * Time the machine may wait on the server before it gives up with a JobDeadlineExceededError,
   * in milliseconds, at most 2^31 - 1. It runs from the start of the machine and is stored as
   * the absolute `deadlineAt`, so a restored machine keeps the same deadline. A markup human
   * state (choosing, annotationReady, ready) has no deadline, and leaving it starts a new
   * window of `deadlineMs`, so time spent waiting for a person does not count.
   * @default 3600000 (DEFAULT_DEADLINE_MS)
   */
  deadlineMs?: number | undefined;
  /**
   * Minimum gap between the end of one request about a job and the start of the next, in
   * milliseconds, from 0 to 2^31 - 1. Lower it only against a sped-up simulator.
   * @default 1000 (MIN_REQUEST_GAP_MS)
   */
  minRequestGapMs?: number | undefined;
  /**
   * How much earlier than the first submission attempt, by the local clock, a listed job may be
   * stamped by the server and still count as created by this submission, in milliseconds, from
   * 0 to 2^31 - 1. It covers clock skew between client and server; a larger value risks
   * adopting an identical job that another submission created just before.
   * @default 1000 (DEFAULT_SUBMIT_CLOCK_SKEW_MS)
   */
  submitClockSkewMs?: number | undefined;
}

/** Context fields of the retry, pacing and deadline logic. All are JSON-friendly. */
export interface ReliabilityContext {
  /**
   * When the latest request about this job ended or was abandoned, in epoch milliseconds. The
   * next request waits until at least `minRequestGapMs` after it.
   */
  lastRequestAt: number | null;
  /**
   * When the machine gives up, in epoch milliseconds. Leaving a markup human state moves it to
   * `deadlineMs` after that moment.
   */
  deadlineAt: number;
  /** Length of one deadline window, in milliseconds. */
  deadlineMs: number;
  /** Minimum gap between two requests about this job, in milliseconds. */
  minRequestGapMs: number;
  /** Clock-skew allowance of the search for a lost submission's job, in milliseconds. */
  submitClockSkewMs: number;
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
  const minRequestGapMs = options.minRequestGapMs ?? MIN_REQUEST_GAP_MS;
  requireDuration('minRequestGapMs', minRequestGapMs, 0);
  const submitClockSkewMs = options.submitClockSkewMs ?? DEFAULT_SUBMIT_CLOCK_SKEW_MS;
  requireDuration('submitClockSkewMs', submitClockSkewMs, 0);
  const { jitterSeed, ...backoff } = resolveBackoff(options.backoff);

  return {
    lastRequestAt: null,
    deadlineAt: nowMs + deadlineMs,
    deadlineMs,
    minRequestGapMs,
    submitClockSkewMs,
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
  context: Pick<ReliabilityContext, 'lastRequestAt' | 'deadlineAt'> & RequestGapContext,
  dueAt: number,
): number {
  return Math.min(Math.max(dueAt, requestNotBefore(context)), context.deadlineAt);
}

/**
 * Returns the deadline of a new window that starts at `nowMs`. A snapshot stored before
 * `deadlineMs` was in the context gets the default window.
 */
export function restartedDeadline(context: { deadlineMs?: number | undefined }, nowMs: number) {
  return nowMs + (context.deadlineMs ?? DEFAULT_DEADLINE_MS);
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
