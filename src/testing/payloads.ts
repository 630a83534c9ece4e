import type { EventObject } from 'xstate';
import type { Job, JobAccepted } from '../api/job.js';
import type { JobStatus } from '../api/statuses.js';
import { DomeApiError } from '../errors/api-error.js';

/** Job id that the graph traversal uses; the step driver swaps in the simulator's real id. */
export const GRAPH_JOB_ID = '00000000-0000-4000-8000-000000000001';

/** Id of a job that belongs to no machine, for `job.updated` events that must be ignored. */
export const OTHER_JOB_ID = '00000000-0000-4000-8000-000000000002';

/** Timestamp of every graph job. Equal timestamps count as current, so none looks stale. */
const GRAPH_TIMESTAMP = '2030-01-01T00:00:00.000Z';

const labels = new WeakMap<object, string>();

/**
 * Returns `event` with a short label for test names and state keys, such as `completed`. The
 * label is kept beside the event, so the machine receives the event unchanged.
 */
export function labelled<TEvent extends EventObject>(label: string, event: TEvent): TEvent {
  labels.set(event, label);
  return event;
}

/** Returns the label given by {@link labelled}, or undefined for an unlabelled event. */
export function labelOf(event: EventObject): string | undefined {
  return labels.get(event);
}

const clockReadings = new WeakMap<object, (context: Record<string, unknown>) => number>();

/**
 * Returns `event` marked to arrive when the clock reads `at(context)` (epoch milliseconds),
 * not at its scheduled time. The traversal evaluates the event's guards with `Date.now()` at
 * that time; the step driver sets the fake clock there before it fires the timer. Use it for
 * guards that read the clock, such as a deadline check on a delayed event.
 */
export function atClock<TEvent extends EventObject>(
  event: TEvent,
  at: (context: Record<string, unknown>) => number,
): TEvent {
  clockReadings.set(event, at);
  return event;
}

/** Returns the clock reading given by {@link atClock}, or undefined for an ordinary event. */
export function clockReadingOf(
  event: EventObject,
): ((context: Record<string, unknown>) => number) | undefined {
  return clockReadings.get(event);
}

const handledErrors = new WeakSet<object>();

/**
 * Returns an actor error event marked as a request the server handled before the error
 * reached the client, as when a proxy loses the response: a submission that fails this way
 * still creates its job. The step driver runs the route first, then responds with the error.
 */
export function handledBeforeError<TEvent extends EventObject>(event: TEvent): TEvent {
  handledErrors.add(event);
  return event;
}

/** Returns whether {@link handledBeforeError} marked `event`. */
export function isHandledBeforeError(event: EventObject): boolean {
  return handledErrors.has(event);
}

/** Builds a job resource as the graph uses it, with the id {@link GRAPH_JOB_ID}. */
export function graphJob(
  jobType: string,
  status: JobStatus,
  output: Record<string, unknown> = {},
  id = GRAPH_JOB_ID,
): Job {
  return {
    id,
    job_type: jobType,
    status,
    input: {},
    output,
    created_at: GRAPH_TIMESTAMP,
    updated_at: GRAPH_TIMESTAMP,
    completed_at: status === 'completed' ? GRAPH_TIMESTAMP : null,
  };
}

/** The 202 body of a submission, as the graph uses it. */
export const GRAPH_ACCEPTED: JobAccepted = { job_id: GRAPH_JOB_ID, status: 'queued' };

/**
 * Builds the error an actor rejects with when the API responds with `status` and `code`. The step
 * driver makes the simulator send exactly this status and code.
 */
export function apiError(method: 'GET' | 'POST', status: number, code: string): DomeApiError {
  return new DomeApiError({
    method,
    path: '/v1/scripted',
    status,
    code,
    apiMessage: 'Error scripted by the test.',
  });
}

/** A job's `output` as one outcome of a poll or a step, with the label it gets in test names. */
export interface JobOutcome {
  label: string;
  status: JobStatus;
  output: Record<string, unknown>;
}

/** Returns the done event of actor `actorId` for each outcome, each carrying a graph job. */
export function doneEvents(
  actorId: string,
  jobType: string,
  outcomes: readonly JobOutcome[],
): EventObject[] {
  return outcomes.map((outcome) =>
    labelled(outcome.label, {
      type: `xstate.done.actor.${actorId}`,
      output: graphJob(jobType, outcome.status, outcome.output),
    }),
  );
}

/** Returns `job.updated` events for each outcome, plus one about another job. */
export function jobUpdatedEvents(jobType: string, outcomes: readonly JobOutcome[]): EventObject[] {
  const current = outcomes.map((outcome) =>
    labelled(outcome.label, {
      type: 'job.updated',
      job: graphJob(jobType, outcome.status, outcome.output),
    }),
  );
  const other = labelled('another job', {
    type: 'job.updated',
    job: graphJob(jobType, 'completed', {}, OTHER_JOB_ID),
  });
  return [...current, other];
}

/** An API error a request can meet, with the label it gets in test names. */
export interface ScriptedFailure {
  label: string;
  status: number;
  code: string;
  /** The server handles the request before the error reaches the client. @default false */
  handled?: boolean;
}

/** Returns the error event of actor `actorId` for each failure of its request. */
export function errorEvents(
  actorId: string,
  method: 'GET' | 'POST',
  errors: readonly ScriptedFailure[],
): EventObject[] {
  return errors.map((error) => {
    const event = labelled(error.label, {
      type: `xstate.error.actor.${actorId}`,
      error: apiError(method, error.status, error.code),
    });
    return error.handled === true ? handledBeforeError(event) : event;
  });
}

/** 503: a failure that may pass on retry. */
export const TRANSIENT_ERROR = { label: '503', status: 503, code: 'SERVICE_UNAVAILABLE' };

/** 404: a failure that will not pass on retry. */
export const PERMANENT_ERROR = { label: '404', status: 404, code: 'JOB_NOT_FOUND' };

/**
 * 502 after the server handled the request: the response was lost on the way back, so a
 * submission that fails this way has created its job.
 */
export const LOST_RESPONSE_ERROR: ScriptedFailure = {
  label: '502, job created',
  status: 502,
  code: 'BAD_GATEWAY',
  handled: true,
};

/** 400: the server rejected the request's content or timing. */
export const REJECTED_ERROR = { label: '400', status: 400, code: 'VALIDATION_ERROR' };
