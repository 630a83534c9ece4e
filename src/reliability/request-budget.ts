import { MAX_TIMER_DELAY_MS } from '../client/retry-after.js';
import { DomeInputError } from '../errors/job-errors.js';

/** Requests per minute of each DomeAgent plan, per API key. */
export const PLAN_REQUESTS_PER_MINUTE = Object.freeze({
  starter: 30,
  growth: 100,
  enterprise: 500,
});

/** Requests per day of each DomeAgent plan, per API key. */
export const PLAN_REQUESTS_PER_DAY = Object.freeze({
  starter: 1_000,
  growth: 10_000,
  enterprise: 100_000,
});

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Options of {@link createRequestBudget}. */
export interface RequestBudgetOptions {
  /** Requests allowed in any window of one minute, such as PLAN_REQUESTS_PER_MINUTE.starter. */
  requestsPerMinute: number;
  /** Requests allowed in any window of 24 hours. @default no daily limit */
  requestsPerDay?: number | undefined;
  /**
   * Time added to each window, in milliseconds, so that network latency cannot push two
   * requests that left a full window apart into one server-side window.
   * @default 1000
   */
  safetyMarginMs?: number | undefined;
}

/**
 * A shared allowance of requests for one API key. Every job that uses it waits for a free slot
 * instead of running into 429 responses.
 */
export interface RequestBudget {
  /**
   * Waits until a request may leave and counts it. Waiters are served in the order they
   * called. Rejects with the signal's reason when it aborts first; the slot is not used then.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Number of callers waiting for a slot. */
  readonly waiting: number;
  /** Requests counted in the minute window that ends at `nowMs`. */
  usedInMinute(nowMs?: number): number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Creates a request budget: a sliding-window limit of `requestsPerMinute` (and optionally
 * `requestsPerDay`) shared by every caller of `acquire`. Pass it to {@link withRequestBudget}
 * so all jobs built on one client share it.
 *
 * NOTE: the budget counts only the requests of this process. Other programs that use the same
 * API key spend the same server-side limit, so leave them room with a lower value.
 */
export function createRequestBudget(options: RequestBudgetOptions): RequestBudget {
  const perMinute = requireLimit('requestsPerMinute', options.requestsPerMinute);
  const perDay =
    options.requestsPerDay === undefined
      ? undefined
      : requireLimit('requestsPerDay', options.requestsPerDay);
  const marginMs = options.safetyMarginMs ?? 1_000;
  if (!Number.isFinite(marginMs) || marginMs < 0 || marginMs > MINUTE_MS) {
    throw new DomeInputError(
      'safetyMarginMs',
      `Invalid safetyMarginMs ${marginMs}: expected milliseconds from 0 to ${MINUTE_MS}.`,
    );
  }
  const minuteWindowMs = MINUTE_MS + marginMs;
  const dayWindowMs = DAY_MS + marginMs;

  /** Times the granted requests left, oldest first, kept for the longest window. */
  const granted: number[] = [];
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Milliseconds until one more request fits in every window; 0 when it fits now. */
  function waitForSlotMs(nowMs: number): number {
    const keepMs = perDay === undefined ? minuteWindowMs : dayWindowMs;
    while (granted.length > 0 && (granted[0] ?? 0) <= nowMs - keepMs) granted.shift();

    let waitMs = 0;
    const windows: [number, number][] = [[perMinute, minuteWindowMs]];
    if (perDay !== undefined) windows.push([perDay, dayWindowMs]);
    for (const [limit, windowMs] of windows) {
      const inWindow = granted.filter((atMs) => atMs > nowMs - windowMs);
      if (inWindow.length < limit) continue;
      // The request fits once enough of the oldest ones in the window have left it.
      const leaving = inWindow[inWindow.length - limit] ?? nowMs;
      waitMs = Math.max(waitMs, leaving + windowMs - nowMs);
    }
    return waitMs;
  }

  function serveQueue() {
    timer = undefined;
    while (queue.length > 0) {
      const nowMs = Date.now();
      const waitMs = waitForSlotMs(nowMs);
      if (waitMs > 0) {
        timer = setTimeout(serveQueue, Math.min(waitMs, MAX_TIMER_DELAY_MS));
        return;
      }
      const waiter = queue.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      granted.push(nowMs);
      waiter.resolve();
    }
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        queue.push(waiter);
        if (timer === undefined) serveQueue();
      });
    },
    get waiting() {
      return queue.length;
    },
    usedInMinute(nowMs = Date.now()) {
      return granted.filter((atMs) => atMs > nowMs - minuteWindowMs).length;
    },
  };
}

function requireLimit(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new DomeInputError(field, `Invalid ${field} ${value}: expected an integer >= 1.`);
  }
  return value;
}
