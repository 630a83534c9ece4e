import type { Job } from '../api/job.js';
import type { RequestScript } from './scripting.js';

/** How long each phase of a job takes at speed 1, in milliseconds. */
export interface Timelines {
  /** Time every job spends at `queued` before it starts. @default 3000 */
  queuedMs: number;
  /** Time a drone footage job spends at `running`. @default 42000 */
  droneFootageMs: number;
  /** Time an image enhancement job spends at `running`. @default 17000 */
  imageEnhancementMs: number;
  /** Time a markup job spends at `running` (step `capturing`) before `awaiting_input`. @default 40000 */
  markupCaptureMs: number;
  /** Time a markup job spends at `running` (step `finalizing`) after annotate. @default 10000 */
  markupFinalizingMs: number;
  /** Time a markup video spends at `video_status: 'rendering'`. @default 30000 */
  markupVideoMs: number;
}

/** Planned outcome and pace of one job, chosen when it is submitted. */
export interface Scenario {
  /** Whether the job ends completed or failed. @default 'complete' */
  outcome?: 'complete' | 'fail';
  /** Phase at whose end a failing job fails: queued or running. @default 'running' */
  failAt?: 'queued' | 'running';
  /** Error written to `output.error` of a failed job. @default GENERATION_FAILED */
  failure?: { code: string; message: string };
  /** Multiplies every phase of the job's timeline; 10 makes a job that takes long. @default 1 */
  durationFactor?: number;
}

/** The job type and input that a scenario callback receives at submission. */
export interface SubmittedJob {
  jobType: string;
  input: Record<string, unknown>;
}

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Clock in milliseconds since the epoch. Vitest fake timers fake the default. @default Date.now */
  now?: () => number;
  /** Divides every job phase: speed 10 runs a 45 s job in 4.5 s. Must be > 0. @default 1 */
  speed?: number;
  /** Requests per minute per API key, the Enterprise plan's limit. @default 500 */
  requestsPerMinute?: number;
  /** Requests per day per API key, the Enterprise plan's limit. @default 100000 */
  requestsPerDay?: number;
  /**
   * Rejects a submission with 409 JOB_IN_PROGRESS when the key already has a job of the same type that is not
   * completed or failed.
   * @default false
   */
  enforceOneJobPerType?: boolean;
  /**
   * Chooses the scenario of each submitted job. Fields it returns override the built-in
   * `#fail` and `#slow` markers; returning undefined keeps them.
   * @default undefined
   */
  scenario?: (job: SubmittedJob) => Scenario | undefined;
  /** Phase durations at speed 1, in milliseconds, merged over the defaults. @default DEFAULT_TIMELINES */
  timelines?: Partial<Timelines>;
}

/** One request the simulator received, with the status of its response. */
export interface RecordedRequest {
  method: string;
  /** URL path without the query string, for example `/v1/jobs/{id}`. */
  path: string;
  /** Simulator clock when the request arrived, in milliseconds since the epoch. */
  atMs: number;
  /** HTTP status of the response. */
  status: number;
  /** Job the request created or addressed, when there was one. */
  jobId?: string;
  /**
   * Tag of the API key: the first 8 hex digits of its SHA-256, never the key itself. Empty
   * when the request carried no key.
   */
  keyId: string;
  /** The `meta.request_id` of the response. */
  requestId: string;
}

export type { Fault, FaultInjector } from './fault-types.js';

import type { FaultInjector } from './fault-types.js';

/** The simulator served over HTTP on 127.0.0.1. */
export interface RunningSimulator {
  /** For example `http://127.0.0.1:43117`. */
  origin: string;
  /** The versioned base URL: the origin followed by `/v1`. */
  baseUrl: string;
  port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** A local simulator of the DomeAgent API. */
export interface Simulator {
  /** In-process handler with no socket; use it with {@link inProcessBaseUrl}. */
  readonly fetch: typeof globalThis.fetch;
  /** Versioned base URL for the in-process fetch: `http://simulator.invalid/v1`. */
  readonly inProcessBaseUrl: string;
  /** Serves the simulator on 127.0.0.1; port 0, the default, picks a free port. */
  listen(options?: { port?: number }): Promise<RunningSimulator>;
  /** Every request received, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** Returns a job as it is now, with the requests that addressed it, or undefined if unknown. */
  inspectJob(jobId: string): { job: Job; requests: RecordedRequest[] } | undefined;
  /** Returns every job of every API key as it is now, oldest first. */
  listAllJobs(): Job[];
  /** Fault injection for the requests that follow. */
  readonly faults: FaultInjector;
  /** Test scripting: hold requests until released and set what a job reports. */
  readonly script: RequestScript;
}
