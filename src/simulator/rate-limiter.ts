const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The outcome of one rate limit check. */
export type RateDecision =
  | { allowed: true }
  | { allowed: false; limit: number; window: 'minute' | 'day'; retryAfterS: number };

/**
 * Per-key sliding-window rate limiter: a request is allowed while fewer than the limit were
 * allowed in the last 60 s and in the last 24 h. Rejected requests do not count.
 */
export class RateLimiter {
  readonly #requestsPerMinute: number;
  readonly #requestsPerDay: number;
  /** Arrival times of allowed requests per key, oldest first, kept for one day. */
  readonly #arrivals = new Map<string, number[]>();

  constructor(requestsPerMinute: number, requestsPerDay: number) {
    for (const [name, value] of [
      ['requestsPerMinute', requestsPerMinute],
      ['requestsPerDay', requestsPerDay],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`Invalid ${name} ${value}: expected an integer >= 1.`);
      }
    }
    this.#requestsPerMinute = requestsPerMinute;
    this.#requestsPerDay = requestsPerDay;
  }

  /** Counts a request of `keyId` at `nowMs` if the limits allow it. */
  check(keyId: string, nowMs: number): RateDecision {
    const arrivals = this.#arrivals.get(keyId) ?? [];
    this.#arrivals.set(keyId, arrivals);
    while (arrivals.length > 0 && (arrivals[0] ?? 0) <= nowMs - DAY_MS) arrivals.shift();

    const dayDecision = this.#decide(arrivals, 0, this.#requestsPerDay, 'day', DAY_MS, nowMs);
    if (dayDecision) return dayDecision;

    const minuteStart = firstIndexAfter(arrivals, nowMs - MINUTE_MS);
    const minuteDecision = this.#decide(
      arrivals,
      minuteStart,
      this.#requestsPerMinute,
      'minute',
      MINUTE_MS,
      nowMs,
    );
    if (minuteDecision) return minuteDecision;

    arrivals.push(nowMs);
    return { allowed: true };
  }

  #decide(
    arrivals: number[],
    windowStart: number,
    limit: number,
    window: 'minute' | 'day',
    windowMs: number,
    nowMs: number,
  ): RateDecision | undefined {
    const countInWindow = arrivals.length - windowStart;
    if (countInWindow < limit) return undefined;
    // The request becomes allowed once enough of the oldest arrivals leave the window.
    const leavingArrival = arrivals[windowStart + countInWindow - limit] ?? nowMs;
    const waitMs = leavingArrival + windowMs - nowMs;
    return { allowed: false, limit, window, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

function firstIndexAfter(sorted: number[], boundaryMs: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) <= boundaryMs) low = middle + 1;
    else high = middle;
  }
  return low;
}
