import type { Job, JobAccepted } from '../../src/api/job.js';
import type { JobContext } from './context.js';
import { nextPollAt } from './poll-schedule.js';
import { retryWait } from './reliability.js';

type Context = JobContext<unknown>;

/**
 * Returns the job an event carries: the output of a finished fetch or step actor, or the `job`
 * of a `job.updated` event.
 */
export function jobFromEvent(event: { type: string }): Job {
  if ('output' in event) return event.output as Job;
  return (event as unknown as { job: Job }).job;
}

/** Returns the error a failed actor reported. */
export function errorFromEvent(event: { type: string }): unknown {
  return (event as { error?: unknown }).error;
}

/**
 * Returns whether a `job.updated` job is about this machine's job and not older than the one
 * already held, so a stale delivery cannot move the machine backwards.
 */
export function isCurrentJob(context: Context, job: Job): boolean {
  if (context.jobId === null || job.id !== context.jobId) return false;
  if (context.job === null) return true;
  return Date.parse(job.updated_at) >= Date.parse(context.job.updated_at);
}

/** Context after the 202: the job id, and the first poll one fast interval later. */
export function afterSubmission(context: Context, accepted: JobAccepted, nowMs: number) {
  return {
    jobId: accepted.job_id,
    submittedAt: nowMs,
    nextPollAt: nextPollAt(context.pollSchedule, nowMs, nowMs, nowMs),
  };
}

/** Context after a successful poll. The next poll follows the grid from the one just made. */
export function afterPoll(context: Context, job: Job, nowMs: number) {
  const submittedAt = context.submittedAt ?? nowMs;
  return {
    job,
    lastPolledAt: nowMs,
    pollCount: context.pollCount + 1,
    consecutiveFailures: 0,
    nextPollAt: nextPollAt(context.pollSchedule, submittedAt, context.nextPollAt ?? nowMs, nowMs),
  };
}

/**
 * Context after a job resource arrived without a poll: from a human step's response or from a
 * `job.updated` event. It counts as fresh news, so the next poll is the next grid point.
 */
export function afterJobReceived(context: Context, job: Job, nowMs: number) {
  const submittedAt = context.submittedAt ?? nowMs;
  return {
    job,
    consecutiveFailures: 0,
    nextPollAt: nextPollAt(context.pollSchedule, submittedAt, nowMs, nowMs),
  };
}

/**
 * Context after a transient poll failure: the next poll waits for the server's `Retry-After`
 * (cut to `maxRetryAfterMs`) or for the exponential backoff, then the grid resumes.
 */
export function afterTransientFailure(context: Context, error: unknown, nowMs: number) {
  const failures = context.consecutiveFailures + 1;
  const wait = retryWait(context, error, failures);
  return {
    consecutiveFailures: failures,
    jitterState: wait.jitterState,
    nextPollAt: nowMs + wait.waitMs,
  };
}
