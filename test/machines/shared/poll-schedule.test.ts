import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLL_SCHEDULE,
  delayUntil,
  nextPollAt,
  resolvePollSchedule,
} from '../../../machines/shared/poll-schedule.js';
import { DomeInputError } from '../../../src/errors/job-errors.js';

describe('nextPollAt', () => {
  it('walks the default grid', () => {
    const times: number[] = [];
    let previous = 0;
    for (let poll = 0; poll < 15; poll += 1) {
      previous = nextPollAt(DEFAULT_POLL_SCHEDULE, 0, previous, previous);
      times.push(previous / 1000);
    }
    expect(times).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 75, 90, 105]);
  });

  it('skips grid points already passed', () => {
    expect(nextPollAt(DEFAULT_POLL_SCHEDULE, 0, 10_000, 23_500)).toBe(25_000);
    expect(nextPollAt(DEFAULT_POLL_SCHEDULE, 0, 60_000, 80_000)).toBe(90_000);
  });

  it('keeps a grid point due now', () => {
    expect(nextPollAt(DEFAULT_POLL_SCHEDULE, 0, 10_000, 15_000)).toBe(15_000);
  });

  it('switches to slow with no fast phase', () => {
    const schedule = { ...DEFAULT_POLL_SCHEDULE, fastPhaseMs: 0 };
    expect(nextPollAt(schedule, 1_000, 1_000, 1_000)).toBe(16_000);
  });
});

describe('resolvePollSchedule', () => {
  it('fills missing fields from defaults', () => {
    expect(resolvePollSchedule({ slowIntervalMs: 30_000 })).toEqual({
      ...DEFAULT_POLL_SCHEDULE,
      slowIntervalMs: 30_000,
    });
  });

  it.each([{ fastIntervalMs: 0 }, { slowIntervalMs: -1 }, { fastPhaseMs: Number.NaN }])(
    'rejects invalid schedule %o',
    (schedule) => {
      expect(() => resolvePollSchedule(schedule)).toThrow(DomeInputError);
    },
  );
});

describe('delayUntil', () => {
  it('never returns a negative delay', () => {
    expect(delayUntil(1_000, 5_000)).toBe(0);
    expect(delayUntil(7_000, 5_000)).toBe(2_000);
  });
});
