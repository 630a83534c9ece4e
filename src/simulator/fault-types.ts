/**
 * A fault injected into matching requests: an error response, a response held back, or a
 * response that never arrives although the request took effect.
 */
export interface Fault {
  /**
   * HTTP status of the error response that replaces the real one. Leave it out with `drop`, or
   * with `delayMs` alone to delay the real response.
   */
  status?: number;
  /** `error.code` of the error envelope. @default the documented code for the status */
  code?: string;
  /** `error.message` of the error envelope. @default 'Fault injected by the simulator.' */
  message?: string;
  /** Body sent verbatim instead of the error envelope, as `application/json`. */
  rawBody?: string;
  /**
   * `Retry-After` header: a number is whole seconds, a Date is sent as an HTTP date, and a
   * string is sent as given.
   */
  retryAfter?: string | number | Date;
  /**
   * Runs the real handler first, so the request takes effect (a job is created, a step is
   * recorded), then replaces its response. `drop` always runs the handler.
   * @default false
   */
  applyRequest?: boolean;
  /**
   * Holds the response back for this many milliseconds. A client whose timeout is shorter
   * gives up first and never receives it. @default 0
   */
  delayMs?: number;
  /**
   * Runs the real handler, then sends no response: `reset` closes the connection at once, and
   * `hang` keeps it open until the client gives up (or until `delayMs`, then closes it).
   */
  drop?: 'reset' | 'hang';
  /** Method to match, case-insensitive. @default any method */
  method?: string;
  /**
   * Path prefix to match. A prefix without a leading slash is relative to `/v1/`, so `jobs`
   * and `/v1/jobs` match the same requests.
   * @default any path
   */
  pathPrefix?: string;
  /** Matches only requests whose path contains this job id as a segment. @default any job */
  jobId?: string;
  /** Number of matching requests that get this fault; `Infinity` keeps it forever. @default 1 */
  times?: number;
  /**
   * Chance, from 0 to 1, that a matching request gets the fault. A request that escapes it
   * does not use up one of `times`. @default 1
   */
  probability?: number;
  /** Seed of the random draws for `probability`, so a test run repeats exactly. @default 1 */
  seed?: number;
}

/** Injects faults into matching requests, before authentication and rate limits. */
export interface FaultInjector {
  /**
   * Adds a fault rule. Rules are tried in the order they were added, and the first one that
   * matches (and wins its `probability` draw) responds to the request.
   */
  next(fault: Fault): void;
  /** Drops every fault that has not fired yet. */
  clear(): void;
  /** Number of rules still waiting to fire. */
  readonly pending: number;
}
