/** Largest delay Node's timers honour; a larger one fires after about 1 ms. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Parses a `Retry-After` header, given either in whole seconds or as an HTTP date, into a
 * delay in milliseconds from `nowMs`. Returns undefined for a missing or unreadable header.
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;

  const text = header.trim();
  if (/^\d+$/.test(text)) {
    return Math.min(Number(text) * 1000, MAX_TIMER_DELAY_MS);
  }

  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.min(Math.max(0, dateMs - nowMs), MAX_TIMER_DELAY_MS);
}
