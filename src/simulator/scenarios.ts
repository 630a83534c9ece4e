import type { Scenario, SubmittedJob } from './types.js';

/** A scenario with every field decided. */
export type JobPlan = Required<Scenario>;

/** Marker in an address or image_url that makes the job fail while running. */
export const FAIL_MARKER = '#fail';

/** Marker in an address or image_url that multiplies the job's timeline by {@link SLOW_FACTOR}. */
export const SLOW_MARKER = '#slow';

export const SLOW_FACTOR = 10;

/** Failure written to `output.error` when the scenario gives none. */
export const DEFAULT_FAILURE = {
  code: 'GENERATION_FAILED',
  message: 'The simulator failed this job as its scenario requested.',
} as const;

const INPUT_FIELDS_WITH_MARKERS = ['address', 'image_url'] as const;

/**
 * Decides the plan of a new job: the built-in markers first, then whatever the caller's
 * scenario callback returns on top of them.
 */
export function planJob(
  job: SubmittedJob,
  chooseScenario: ((job: SubmittedJob) => Scenario | undefined) | undefined,
): JobPlan {
  const plan: JobPlan = {
    outcome: 'complete',
    failAt: 'running',
    failure: { ...DEFAULT_FAILURE },
    durationFactor: 1,
  };
  const markedText = INPUT_FIELDS_WITH_MARKERS.map((field) => job.input[field])
    .filter((value): value is string => typeof value === 'string')
    .join(' ');
  if (markedText.includes(FAIL_MARKER)) plan.outcome = 'fail';
  if (markedText.includes(SLOW_MARKER)) plan.durationFactor = SLOW_FACTOR;

  const custom = chooseScenario?.(job);
  if (custom === undefined) return plan;

  const merged: JobPlan = {
    outcome: custom.outcome ?? plan.outcome,
    failAt: custom.failAt ?? plan.failAt,
    failure: custom.failure ?? plan.failure,
    durationFactor: custom.durationFactor ?? plan.durationFactor,
  };
  if (!Number.isFinite(merged.durationFactor) || merged.durationFactor < 0) {
    throw new RangeError(
      `Invalid scenario durationFactor ${merged.durationFactor}: expected a number >= 0.`,
    );
  }
  return merged;
}
