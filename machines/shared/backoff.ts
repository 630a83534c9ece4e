import { MAX_TIMER_DELAY_MS } from '../../src/client/retry-after.js';
import { DomeInputError } from '../../src/errors/job-errors.js';

/** Exponential backoff after a transient failure (5xx, timeout, connection reset). */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds; it doubles for each failure in a row. @default 2000 */
  baseDelayMs: number;
  /** Largest delay between two retries, in milliseconds. @default 60000 */
  maxDelayMs: number;
  /**
   * Share of each delay that is random: the delay is `d * (1 - jitterRatio * r)` with `r` in
   * [0, 1), so 0 gives exact delays and 1 gives "full jitter". @default 0.5
   */
  jitterRatio: number;
  /**
   * Seed of the pseudo-random jitter, a 32-bit unsigned integer. Fix it in tests to get the
   * same delays on every run. @default a random seed
   */
  jitterSeed: number;
}

export const DEFAULT_BACKOFF: Readonly<Omit<BackoffOptions, 'jitterSeed'>> = Object.freeze({
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  jitterRatio: 0.5,
});

/** Fills missing fields from {@link DEFAULT_BACKOFF} and checks every value. */
export function resolveBackoff(options: Partial<BackoffOptions> = {}): BackoffOptions {
  const resolved: BackoffOptions = {
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    jitterRatio: options.jitterRatio ?? DEFAULT_BACKOFF.jitterRatio,
    jitterSeed: options.jitterSeed ?? Math.floor(Math.random() * 2 ** 32),
  };
  requireInRange('backoff.baseDelayMs', resolved.baseDelayMs, 1, MAX_TIMER_DELAY_MS);
  requireInRange(
    'backoff.maxDelayMs',
    resolved.maxDelayMs,
    resolved.baseDelayMs,
    MAX_TIMER_DELAY_MS,
  );
  requireInRange('backoff.jitterRatio', resolved.jitterRatio, 0, 1);
  if (
    !Number.isInteger(resolved.jitterSeed) ||
    resolved.jitterSeed < 0 ||
    resolved.jitterSeed >= 2 ** 32
  ) {
    throw new DomeInputError(
      'backoff.jitterSeed',
      `Invalid backoff.jitterSeed ${resolved.jitterSeed}: expected an integer from 0 to 2^32 - 1.`,
    );
  }
  return resolved;
}

/**
 * Returns the delay before retry number `failureCount` (1 for the first failure) and the next
 * state of the jitter generator, which the caller stores so the sequence survives a restore.
 */
export function backoffDelay(
  backoff: Omit<BackoffOptions, 'jitterSeed'>,
  failureCount: number,
  jitterState: number,
): { delayMs: number; jitterState: number } {
  const exponent = Math.min(Math.max(failureCount - 1, 0), 52);
  const uncappedMs = backoff.baseDelayMs * 2 ** exponent;
  const cappedMs = Math.min(uncappedMs, backoff.maxDelayMs);
  const draw = nextRandom(jitterState);
  return {
    delayMs: Math.round(cappedMs * (1 - backoff.jitterRatio * draw.value)),
    jitterState: draw.state,
  };
}

/**
 * One step of mulberry32, a small 32-bit generator: returns a value in [0, 1) and the next
 * state. It is not for cryptography; it only spreads retries of many clients apart.
 */
export function nextRandom(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  return { value, state: next };
}

function requireInRange(field: string, value: number, min: number, max: number) {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new DomeInputError(
      field,
      `Invalid ${field} ${value}: expected a number from ${min} to ${max}.`,
    );
  }
}
