import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  nextRandom,
  resolveBackoff,
} from '../../machines/shared/backoff.js';
import { retryWait } from '../../machines/shared/reliability.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import { DomeInputError } from '../../src/errors/job-errors.js';

const EXACT = { baseDelayMs: 1_000, maxDelayMs: 10_000, jitterRatio: 0 };

describe('backoff delay', () => {
  it('doubles up to the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((failures) => backoffDelay(EXACT, failures, 1).delayMs);

    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('keeps jitter within its share', () => {
    const backoff = { ...EXACT, jitterRatio: 0.5 };
    let state = 99;
    for (let draw = 0; draw < 200; draw += 1) {
      const next = backoffDelay(backoff, 3, state);
      expect(next.delayMs).toBeGreaterThan(4_000 * 0.5);
      expect(next.delayMs).toBeLessThanOrEqual(4_000);
      state = next.jitterState;
    }
  });

  it('repeats for the same seed', () => {
    const backoff = { ...EXACT, jitterRatio: 1 };
    const sequence = (seed: number) => {
      let state = seed;
      return [1, 2, 3].map((failures) => {
        const next = backoffDelay(backoff, failures, state);
        state = next.jitterState;
        return next.delayMs;
      });
    };

    expect(sequence(5)).toEqual(sequence(5));
    expect(sequence(5)).not.toEqual(sequence(6));
  });

  it('draws values in the unit interval', () => {
    let state = 0;
    for (let draw = 0; draw < 1_000; draw += 1) {
      const next = nextRandom(state);
      expect(next.value).toBeGreaterThanOrEqual(0);
      expect(next.value).toBeLessThan(1);
      state = next.state;
    }
  });

  it('fills defaults and checks values', () => {
    const resolved = resolveBackoff({ jitterSeed: 3 });

    expect(resolved).toEqual({ ...DEFAULT_BACKOFF, jitterSeed: 3 });
    expect(() => resolveBackoff({ baseDelayMs: 0 })).toThrow(DomeInputError);
    expect(() => resolveBackoff({ baseDelayMs: 5_000, maxDelayMs: 1_000 })).toThrow(/maxDelayMs/);
    expect(() => resolveBackoff({ jitterRatio: 1.5 })).toThrow(/jitterRatio/);
  });
});

describe('retry wait', () => {
  const context = { backoff: EXACT, jitterState: 1, maxRetryAfterMs: 30_000 };
  const apiError = (status: number, retryAfterMs?: number) =>
    new DomeApiError({
      method: 'GET',
      path: '/v1/jobs/x',
      status,
      code: status === 429 ? 'RATE_LIMITED' : 'INTERNAL_ERROR',
      apiMessage: 'test',
      retryAfterMs,
    });

  it('takes Retry-After on 429', () => {
    expect(retryWait(context, apiError(429, 7_000), 3).waitMs).toBe(7_000);
  });

  it('clamps Retry-After to the maximum', () => {
    const wait = retryWait(context, apiError(429, 3_600_000), 1).waitMs;

    expect(wait).toBe(context.maxRetryAfterMs);
  });

  it('backs off on 429 without header', () => {
    expect(retryWait(context, apiError(429), 2).waitMs).toBe(2_000);
  });

  it('takes the longer wait on 503', () => {
    expect(retryWait(context, apiError(503, 5_000), 1).waitMs).toBe(5_000);
    expect(retryWait(context, apiError(503, 500), 2).waitMs).toBe(2_000);
  });
});
