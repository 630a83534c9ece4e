/** Prefix of every API route; the client's base URL ends in it. */
export const API_PREFIX = '/v1';

const PLACEHOLDER = 'JOBID';

/**
 * Turns a path builder from src/api/paths.ts into a Hono route pattern with a `:jobId`
 * parameter, so client and simulator share one spelling of every path.
 */
export function routePattern(build: (jobId: string) => string): string {
  return `${API_PREFIX}/${build(PLACEHOLDER).replace(PLACEHOLDER, ':jobId')}`;
}
