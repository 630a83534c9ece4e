import type { MiddlewareHandler } from 'hono';
import { MARKUP_STEP_FIELD } from '../api/assumptions.js';
import type { MarkupStep } from '../api/outputs.js';
import { MarkupStepSchema } from '../api/outputs.js';
import type { JobStatus } from '../api/statuses.js';
import type { SimulatorEnv, SimulatorState } from './context.js';
import type { JobRecord } from './job-store.js';
import type { JobState } from './job-view.js';
import { viewJob } from './job-view.js';
import { sendData, sendError } from './responses.js';

/**
 * HTTP status recorded for a held request whose client aborted it before it was released. The
 * value is the nginx convention for "client closed request"; no response reaches the client.
 */
export const ABORTED_REQUEST_STATUS = 499;

/** Status and output that a job reports, in place of its timeline, until the script changes it. */
export interface ScriptedJobState {
  status: JobStatus;
  output: Record<string, unknown>;
}

/** An error response for a released request, sent in place of the route's response. */
export interface ScriptedError {
  /** HTTP status, 400 to 599. */
  status: number;
  /** `error.code` of the envelope, such as `SERVICE_UNAVAILABLE`. */
  code: string;
  /** `error.message` of the envelope. @default 'Error scripted by the test.' */
  message?: string;
  /** Value of the `Retry-After` header, sent as given. @default no header */
  retryAfter?: string;
}

/** Outcome of a held request when the test releases it. */
export interface ReleaseOutcome {
  /** Error response sent instead of the handler's response. */
  error?: ScriptedError;
  /**
   * Run the handler before responding with `error`, so the request takes effect although the
   * client sees a failure, as when a proxy loses the response. `jobState` then applies to the
   * job the handler created or addressed. @default false: the handler does not run
   */
  handleBeforeError?: boolean;
  /**
   * Run the handler, then set the job it addressed to this state. A 200 response carries the
   * job as it is after the change, so a poll or a markup step returns exactly this state.
   */
  jobState?: ScriptedJobState;
}

/** A request parked by {@link RequestScript.holdRequests} until the test releases it. */
export interface HeldRequest {
  readonly method: string;
  /** URL path without the query string, for example `/v1/jobs/{id}`. */
  readonly path: string;
  /** Simulator clock when the request arrived, in milliseconds since the epoch. */
  readonly atMs: number;
  /** Lets the request through with the response `outcome` describes. A second call does nothing. */
  release(outcome?: ReleaseOutcome): void;
}

/**
 * Lets a test decide, request by request, what the simulator answers: park requests until
 * released, answer one with a given job state or error, or set a job's state directly. Nothing
 * here is active until `holdRequests` or `setJobState` is called.
 */
export interface RequestScript {
  /** Parks every later API request until it is released; `false` lets new requests through. */
  holdRequests(enabled?: boolean): void;
  /** Requests parked now, oldest first. Aborted requests leave the list. */
  readonly held: readonly HeldRequest[];
  /**
   * Sets the status and output a job reports from now on, replacing its timeline. Its
   * `updated_at` becomes the current simulator time. Throws when the job is unknown.
   */
  setJobState(jobId: string, state: ScriptedJobState): void;
}

interface PendingRequest extends HeldRequest {
  readonly outcome: Promise<ReleaseOutcome | 'aborted'>;
}

/** Builds the script of one simulator and the middleware that applies it. */
export function createRequestScript(state: SimulatorState): {
  script: RequestScript;
  middleware: MiddlewareHandler<SimulatorEnv>;
} {
  let holding = false;
  const held: PendingRequest[] = [];

  const setJobState = (jobId: string, jobState: ScriptedJobState) => {
    const record = state.store.get(jobId);
    if (record === undefined) {
      throw new Error(`Cannot script job ${jobId}: the simulator has no job with this id.`);
    }
    record.scripted = scriptedState(jobState, state.now());
  };

  const park = (method: string, path: string, atMs: number, signal: AbortSignal) => {
    let settle: (outcome: ReleaseOutcome | 'aborted') => void = () => {};
    const outcome = new Promise<ReleaseOutcome | 'aborted'>((resolve) => {
      settle = resolve;
    });
    const leave = (value: ReleaseOutcome | 'aborted') => {
      const index = held.indexOf(request);
      if (index === -1) return;
      held.splice(index, 1);
      settle(value);
    };
    const request: PendingRequest = {
      method,
      path,
      atMs,
      outcome,
      release: (value = {}) => leave(value),
    };
    held.push(request);
    signal.addEventListener('abort', () => leave('aborted'), { once: true });
    return request;
  };

  const middleware: MiddlewareHandler<SimulatorEnv> = async (c, next) => {
    if (!holding) return next();

    const request = park(c.req.method, c.req.path, c.var.nowMs, c.req.raw.signal);
    const outcome = await request.outcome;
    if (outcome === 'aborted') {
      c.res = c.body(null, ABORTED_REQUEST_STATUS as 200);
      return;
    }
    if (outcome.error !== undefined) {
      if (outcome.handleBeforeError === true) {
        await next();
        const jobId = c.var.jobId;
        const handled = c.res.status >= 200 && c.res.status <= 299;
        if (handled && jobId !== undefined && outcome.jobState !== undefined) {
          setJobState(jobId, outcome.jobState);
        }
      }
      const { status, code, message, retryAfter } = outcome.error;
      const headers: Record<string, string> =
        retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
      c.res = sendError(c, status, code, message ?? 'Error scripted by the test.', headers);
      return;
    }

    await next();
    const jobId = c.var.jobId;
    if (outcome.jobState === undefined || jobId === undefined) return;
    if (c.res.status < 200 || c.res.status > 299) return;
    setJobState(jobId, outcome.jobState);
    if (c.res.status === 200) {
      const record = state.store.get(jobId) as JobRecord;
      c.res = sendData(c, viewJob(record, state.now(), record.origin, state.clock), 200);
    }
  };

  const script: RequestScript = {
    holdRequests(enabled = true) {
      holding = enabled;
    },
    get held() {
      return held;
    },
    setJobState,
  };
  return { script, middleware };
}

/** Returns the derived state of a job whose state a test set, as of `sinceMs`. */
export function scriptedState(jobState: ScriptedJobState, sinceMs: number): JobState {
  const step = jobState.output[MARKUP_STEP_FIELD];
  const parsedStep = MarkupStepSchema.safeParse(step);
  return {
    status: jobState.status,
    ...(jobState.status === 'running' && parsedStep.success
      ? { step: parsedStep.data as MarkupStep }
      : {}),
    output: structuredClone(jobState.output),
    updatedAtMs: sinceMs,
    completedAtMs: jobState.status === 'completed' ? sinceMs : null,
  };
}
