import { MAX_TIMER_DELAY_MS } from '../../src/client/retry-after.js';

/**
 * Default minimum gap between two requests about one job, in milliseconds; the machine input
 * `minRequestGapMs` changes it. It applies whatever the server requests: a `Retry-After: 0`, a
 * burst of `job.updated` events or a fast human step all wait for it.
 */
export const MIN_REQUEST_GAP_MS = 1_000;

/** The context fields that set the request gap. */
export interface RequestGapContext {
  lastRequestAt: number | null;
  /** Missing in snapshots stored before the option existed; they use MIN_REQUEST_GAP_MS. */
  minRequestGapMs?: number | undefined;
}

/** Earliest time the next request about a job may leave, in epoch milliseconds. */
export function requestNotBefore(context: RequestGapContext): number {
  if (context.lastRequestAt === null) return 0;
  return context.lastRequestAt + (context.minRequestGapMs ?? MIN_REQUEST_GAP_MS);
}

/**
 * Resolves at `atMs` (epoch milliseconds), at once when it has passed. Rejects with the
 * signal's reason when it aborts first, so a stopped machine sends nothing after the wait.
 */
export function waitUntil(atMs: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const delayMs = Math.min(atMs - Date.now(), MAX_TIMER_DELAY_MS);
  if (delayMs <= 0) return Promise.resolve();

  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
