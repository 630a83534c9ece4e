import { afterEach, beforeEach, vi } from 'vitest';

/** Start of fake time in tests that use {@link useFakeClock}. */
export const FAKE_CLOCK_START = new Date('2030-01-01T00:00:00Z');

/** Fakes timers and `Date` for every test of the calling file, starting at {@link FAKE_CLOCK_START}. */
export function useFakeClock() {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(FAKE_CLOCK_START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
