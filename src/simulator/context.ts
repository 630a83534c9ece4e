import type { Context } from 'hono';
import type { FaultQueue } from './faults.js';
import type { JobStore } from './job-store.js';
import type { JobClock } from './job-view.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Scenario, SubmittedJob } from './types.js';

/** Per-request values that the middleware sets for the handlers. */
export interface SimulatorEnv {
  Variables: {
    requestId: string;
    /** Simulator clock when the request arrived; every read in the request uses it. */
    nowMs: number;
    keyId: string;
    /** Job the request created or addressed, for the request log. */
    jobId: string | undefined;
  };
}

export type SimulatorContext = Context<SimulatorEnv>;

/** The state and settings that every route shares. */
export interface SimulatorState {
  store: JobStore;
  clock: JobClock;
  now: () => number;
  rateLimiter: RateLimiter;
  faults: FaultQueue;
  enforceOneJobPerType: boolean;
  chooseScenario: ((job: SubmittedJob) => Scenario | undefined) | undefined;
}

/** Returns the origin the request came in on, for output URLs. */
export function requestOrigin(c: SimulatorContext): string {
  return new URL(c.req.url).origin;
}
