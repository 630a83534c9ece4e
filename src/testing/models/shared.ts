import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { FAILED_OUTPUT_FIELD } from '../../api/assumptions.js';
import type { ClockJump } from '../model.js';
import {
  GRAPH_JOB_ID,
  graphJob,
  type JobOutcome,
  LOST_RESPONSE_ERROR,
  labelled,
} from '../payloads.js';

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

/** The deadline, as a clock jump: a delayed event that fires once `deadlineAt` has passed. */
export const DEADLINE_JUMP: ClockJump = {
  label: 'past deadline',
  at: (context) => context.deadlineAt as number,
};

interface SubmissionView {
  attempts?: number;
  lastError?: { status?: unknown } | null;
}

/** Returns whether the latest POST failed after the server created the job. */
function submissionCreatedJob(context: Record<string, unknown>): boolean {
  const submission = context.submission as SubmissionView | null | undefined;
  return submission?.lastError?.status === LOST_RESPONSE_ERROR.status;
}

/**
 * Graph key of a job machine's context: the failure and submit-attempt counters, which decide
 * `reachedFailureLimit` and `reachedSubmitLimit` and stay below {@link MAX_FAILURES}, and
 * whether the latest POST created the job, which decides what the job list shows.
 */
export function failureKey(context: Record<string, unknown>): unknown {
  const submission = context.submission as SubmissionView | null | undefined;
  return {
    failures: context.consecutiveFailures,
    submitAttempts: submission?.attempts ?? 0,
    created: submissionCreatedJob(context),
  };
}

/**
 * Done events of `findSubmittedJob`: the job list shows the job when the latest POST created
 * it, and nothing otherwise, as the simulator will.
 */
export function findSubmittedJobEvents(jobType: string) {
  const found = labelled('found', {
    type: 'xstate.done.actor.findSubmittedJob',
    output: graphJob(jobType, 'queued', {}, GRAPH_JOB_ID),
  });
  const notFound = labelled('not found', {
    type: 'xstate.done.actor.findSubmittedJob',
    output: null,
  });
  return (snapshot: AnyMachineSnapshot): EventObject[] => [
    submissionCreatedJob(snapshot.context) ? found : notFound,
  ];
}
