import type { RecordedInspectionEvent } from '../../inspection/recorded-event.js';
import type { ViewFeed } from './view-feed.js';

/** Maximum pause between two replayed events, in milliseconds. */
export const DEFAULT_MAX_REPLAY_GAP_MS = 1_000;

/** Options of {@link replayInto}. */
export interface ReplayOptions {
  /**
   * Maximum pause between two events, in milliseconds. Shorter recorded gaps are kept, so the
   * replay shows the run's rhythm without its long polling waits; 0 pushes every event at once.
   * @default 1000
   */
  maxGapMs?: number | undefined;
  /** Aborting it stops the replay where it is. @default none */
  signal?: AbortSignal | undefined;
}

/**
 * Pushes recorded events into `feed` with the pauses they were recorded with, each at most
 * `maxGapMs`, then ends the feed with "replay finished". Resolves when done or aborted.
 */
export async function replayInto(
  feed: ViewFeed,
  events: readonly RecordedInspectionEvent[],
  options: ReplayOptions = {},
): Promise<void> {
  const maxGapMs = options.maxGapMs ?? DEFAULT_MAX_REPLAY_GAP_MS;
  let previousAtMs: number | undefined;

  for (const event of events) {
    if (options.signal?.aborted) return;
    const gapMs = previousAtMs === undefined ? 0 : event.atMs - previousAtMs;
    const pauseMs = Math.min(Math.max(gapMs, 0), maxGapMs);
    if (pauseMs > 0) await pause(pauseMs, options.signal);
    if (options.signal?.aborted) return;
    feed.push(event);
    previousAtMs = event.atMs;
  }
  feed.end('replay finished');
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
