import { createHash } from 'node:crypto';

/**
 * Returns a short tag of an API key that is safe to record: the first 8 hex digits of its
 * SHA-256, or an empty string when there is no key.
 */
export function keyIdOf(apiKey: string | undefined): string {
  if (apiKey === undefined || apiKey === '') return '';
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 8);
}
