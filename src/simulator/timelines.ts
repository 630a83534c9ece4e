import type { Timelines } from './types.js';

/**
 * Phase durations at speed 1, in milliseconds. The docs give 30 s to 3 min per job and 30 to
 * 90 s for markup capture, and these values sit inside those ranges. A drone job completes
 * 45 s after submission and an image enhancement 20 s after.
 */
export const DEFAULT_TIMELINES: Readonly<Timelines> = {
  queuedMs: 3_000,
  droneFootageMs: 42_000,
  imageEnhancementMs: 17_000,
  markupCaptureMs: 40_000,
  markupFinalizingMs: 10_000,
  markupVideoMs: 30_000,
};

/** Merges partial timelines over the defaults and rejects negative or non-finite values. */
export function resolveTimelines(partial: Partial<Timelines> = {}): Timelines {
  const timelines = { ...DEFAULT_TIMELINES, ...partial };
  for (const [name, value] of Object.entries(timelines)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Invalid timelines.${name} ${value}: expected milliseconds >= 0.`);
    }
  }
  return timelines;
}
