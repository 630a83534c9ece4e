import type { Job } from '../../src/api/job.js';
import type { DomeError } from '../../src/errors/dome-error.js';
import { DomeInputError } from '../../src/errors/job-errors.js';
import { type PollSchedule, resolvePollSchedule } from './poll-schedule.js';
import {
  createReliabilityContext,
  type ReliabilityContext,
  type ReliabilityOptions,
} from './reliability.js';

/** Consecutive failed polls after which a machine gives up with a lost-contact error. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;

/** Options every job machine accepts in its input. */
export interface JobMachineOptions extends ReliabilityOptions {
  /**
   * When to poll, measured from submission. Missing fields take the defaults.
   * @default DEFAULT_POLL_SCHEDULE (5 s for the first 60 s, then 15 s)
   */
  pollSchedule?: Partial<PollSchedule> | undefined;
  /**
   * Attempts at a request that fails transiently (429, 5xx, connection errors, timeouts):
   * after this many failures in a row a poll ends `errored` with a JobLostContactError, and a
   * submission with a JobSubmissionError.
   * @default 5
   */
  maxConsecutiveFailures?: number | undefined;
}

/**
 * Input of a job machine: either the request to submit, or `jobId` to attach to a job that
 * already exists. An attached machine skips submission and polls at once.
 */
export type JobMachineInput<TRequest> = JobMachineOptions &
  ((TRequest & { jobId?: undefined }) | { jobId: string });

/** Context fields shared by every job machine. It holds only JSON-friendly data. */
export interface JobContext<TRequest> extends ReliabilityContext {
  /** The request as submitted, or null for a machine attached by `jobId`. */
  request: TRequest | null;
  /** Id of the job, null until the submission is acknowledged. */
  jobId: string | null;
  /** Latest job resource, from a poll, a human step or a `job.updated` event. */
  job: Job | null;
  /**
   * When the 202 arrived, in epoch milliseconds. For an attached job, when the machine
   * started. The poll schedule is anchored here.
   */
  submittedAt: number | null;
  /** When the next poll is due, in epoch milliseconds. */
  nextPollAt: number | null;
  /** Time the latest successful poll returned, in epoch milliseconds. */
  lastPolledAt: number | null;
  /** Successful polls so far. */
  pollCount: number;
  /** Transient poll failures since the last successful one. */
  consecutiveFailures: number;
  /**
   * Reason the machine ended `failed` or `errored`. JSON keeps the enumerable fields (name,
   * jobId, status, code, ...) but drops `message`, `stack` and `cause`.
   */
  error: DomeError | null;
  pollSchedule: PollSchedule;
  maxConsecutiveFailures: number;
}

/** Builds the starting context from a machine input, checking the options. */
export function createJobContext<TRequest extends object>(
  input: JobMachineInput<TRequest>,
  nowMs: number,
): JobContext<TRequest> {
  const {
    jobId,
    pollSchedule,
    maxConsecutiveFailures,
    backoff,
    maxRetryAfterMs,
    deadlineMs,
    minRequestGapMs,
    submitClockSkewMs,
    ...request
  } = input;
  const failureLimit = maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES;
  if (!Number.isInteger(failureLimit) || failureLimit < 1) {
    throw new DomeInputError(
      'maxConsecutiveFailures',
      `Invalid maxConsecutiveFailures ${failureLimit}: expected an integer >= 1.`,
    );
  }
  const attached = typeof jobId === 'string';
  if (attached && jobId.trim() === '') {
    throw new DomeInputError('jobId', 'Invalid job id: expected a non-empty string.');
  }

  return {
    request: attached ? null : (request as TRequest),
    jobId: attached ? jobId : null,
    job: null,
    submittedAt: attached ? nowMs : null,
    nextPollAt: attached ? nowMs : null,
    lastPolledAt: null,
    pollCount: 0,
    consecutiveFailures: 0,
    error: null,
    pollSchedule: resolvePollSchedule(pollSchedule),
    maxConsecutiveFailures: failureLimit,
    ...createReliabilityContext(
      { backoff, maxRetryAfterMs, deadlineMs, minRequestGapMs, submitClockSkewMs },
      nowMs,
    ),
  };
}
