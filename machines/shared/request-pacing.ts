import { MAX_TIMER_DELAY_MS } from '../../src/client/retry-after.js';

/**
 * Minimum gap between two requests about one job, in milliseconds. It applies whatever the
 * server requests: a `Retry-After: 0`, a burst of `job.updated` events or a fast human step
 * all wait for it.
 */
export const MIN_REQUEST_GAP_MS = 1_000;

/** Earliest time the next request about a job may leave, in epoch milliseconds. */
export function requestNotBefore(context: { lastRequestAt: number | null }): number {
  return context.lastRequestAt === null ? 0 : context.lastRequestAt + MIN_REQUEST_GAP_MS;
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
