import type { Simulator } from '../../src/simulator/index.js';

/** A PNG of one pixel, as a data URL the annotate step takes. */
export const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/**
 * Returns a fetch into the simulator that never responds to the first request matching `method`
 * and `pathPart`, as if the process died mid-request. With `delivered`, the simulator handles
 * that request first, so only the response is lost.
 */
export function holdingFetch(
  sim: Simulator,
  hold: { method: string; pathPart: string; delivered: boolean },
): typeof globalThis.fetch {
  let stalled = false;
  return async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (!stalled && request.method === hold.method && path.includes(hold.pathPart)) {
      stalled = true;
      if (hold.delivered) await sim.fetch(request);
      return new Promise<Response>(() => {});
    }
    return sim.fetch(request);
  };
}

/** Counts the simulator requests with this method whose path contains `pathPart`. */
export function countRequests(sim: Simulator, method: string, pathPart: string): number {
  return sim.requests.filter(
    (request) => request.method === method && request.path.includes(pathPart),
  ).length;
}
