import { MAX_TIMER_DELAY_MS } from '../../src/client/retry-after.js';
import { DomeInputError } from '../../src/errors/job-errors.js';

/** When a machine polls a job, measured from the moment the job was submitted. */
export interface PollSchedule {
  /** Gap between polls during the fast phase, in milliseconds. @default 5000 */
  fastIntervalMs: number;
  /** Length of the fast phase after submission, in milliseconds. @default 60000 */
  fastPhaseMs: number;
  /** Gap between polls once the fast phase is over, in milliseconds. @default 15000 */
  slowIntervalMs: number;
}

/** The schedule the API docs recommend: every 5 s for the first minute, then every 15 s. */
export const DEFAULT_POLL_SCHEDULE: Readonly<PollSchedule> = Object.freeze({
  fastIntervalMs: 5_000,
  fastPhaseMs: 60_000,
  slowIntervalMs: 15_000,
});

/** Fills missing fields from {@link DEFAULT_POLL_SCHEDULE} and checks every value. */
export function resolvePollSchedule(schedule: Partial<PollSchedule> = {}): PollSchedule {
  const resolved = { ...DEFAULT_POLL_SCHEDULE, ...withoutUndefined(schedule) };
  requirePositive('pollSchedule.fastIntervalMs', resolved.fastIntervalMs);
  requirePositive('pollSchedule.slowIntervalMs', resolved.slowIntervalMs);
  if (!Number.isFinite(resolved.fastPhaseMs) || resolved.fastPhaseMs < 0) {
    throw new DomeInputError(
      'pollSchedule.fastPhaseMs',
      `Invalid pollSchedule.fastPhaseMs ${resolved.fastPhaseMs}: expected a number >= 0.`,
    );
  }
  return resolved;
}

/**
 * Returns the first scheduled poll time later than `afterMs` and not earlier than `nowMs`.
 *
 * Poll times form a grid anchored at `submittedAt`: every `fastIntervalMs` while the previous
 * point is less than `fastPhaseMs` after submission, then every `slowIntervalMs`. With the
 * defaults that is 5, 10, ... 60 s (twelve polls), then 75, 90, ... s. Anchoring to the grid,
 * not to when a response arrived, keeps request latency from pushing the schedule later.
 * Points that already passed (after a slow response or a restore) are skipped, so a late
 * answer never causes a burst of catch-up polls.
 */
export function nextPollAt(
  schedule: PollSchedule,
  submittedAt: number,
  afterMs: number,
  nowMs: number,
): number {
  // Integer milliseconds: "not earlier than nowMs" is "later than nowMs - 1".
  const elapsedMs = Math.max(afterMs, nowMs - 1) - submittedAt;
  const fastPollCount = Math.ceil(schedule.fastPhaseMs / schedule.fastIntervalMs);
  const fastPhaseEndMs = fastPollCount * schedule.fastIntervalMs;

  if (elapsedMs < fastPhaseEndMs) {
    const fastIndex = Math.max(0, Math.floor(elapsedMs / schedule.fastIntervalMs) + 1);
    return submittedAt + fastIndex * schedule.fastIntervalMs;
  }
  const slowIndex = Math.floor((elapsedMs - fastPhaseEndMs) / schedule.slowIntervalMs) + 1;
  return submittedAt + fastPhaseEndMs + slowIndex * schedule.slowIntervalMs;
}

/** Milliseconds from `nowMs` until `dueAt`, never negative and within Node's timer range. */
export function delayUntil(dueAt: number, nowMs: number): number {
  return Math.min(Math.max(0, dueAt - nowMs), MAX_TIMER_DELAY_MS);
}

function requirePositive(field: string, value: number) {
  if (!Number.isFinite(value) || value <= 0) {
    throw new DomeInputError(field, `Invalid ${field} ${value}: expected a number > 0.`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
