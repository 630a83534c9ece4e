import type { JobMachineOptions } from './context.js';

const OPTION_KEYS = [
  'pollSchedule',
  'maxConsecutiveFailures',
  'backoff',
  'maxRetryAfterMs',
  'deadlineMs',
  'minRequestGapMs',
  'submitClockSkewMs',
] as const satisfies readonly (keyof JobMachineOptions)[];

/** Returns the machine input: `input` with every job machine option that `options` sets. */
export function withMachineOptions<TInput extends object>(
  input: TInput,
  options: JobMachineOptions,
): TInput & JobMachineOptions {
  const chosen = Object.fromEntries(
    OPTION_KEYS.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]),
  );
  return { ...input, ...chosen };
}
