import { FAILED_OUTPUT_FIELD } from '../../api/assumptions.js';
import type { JobOutcome } from '../payloads.js';

/**
 * `maxConsecutiveFailures` of every model input. Two is the smallest limit at which one
 * transient failure returns to waiting and the next one gives up, so both branches show up.
 */
export const MAX_FAILURES = 2;

/**
 * `deadlineMs` of every model input. It is shorter than the client's 30 s timeout, so the
 * deadline can fire while a request is still held, which is what a `deadlineDelay` step means.
 */
export const MODEL_DEADLINE_MS = 25_000;

/** URL path of `GET /jobs`, the list a machine searches for a submission whose response was lost. */
export const JOBS_LIST_PATH = /^\/v1\/jobs$/;

/** URL path of `GET /jobs/{id}`. */
export const JOB_PATH = /^\/v1\/jobs\/[^/]+$/;

/** A job the server marked failed. */
export const FAILED_OUTCOME: JobOutcome = {
  label: 'failed',
  status: 'failed',
  output: { [FAILED_OUTPUT_FIELD]: { code: 'GENERATION_FAILED', message: 'Scripted failure.' } },
};

/** 429: a transient failure that proves the job was not created. */
export const RATE_LIMITED_ERROR = { label: '429', status: 429, code: 'RATE_LIMITED' };

/**
 * Graph key of a job machine's context: the failure and submit-attempt counters, which decide
 * `reachedFailureLimit` and `reachedSubmitLimit`. Both stay below {@link MAX_FAILURES}.
 */
export function failureKey(context: Record<string, unknown>): unknown {
  const submission = context.submission as { attempts?: number } | null | undefined;
  return { failures: context.consecutiveFailures, submitAttempts: submission?.attempts ?? 0 };
}
