import { fromPromise } from 'xstate';
import { waitUntil } from './request-pacing.js';

/**
 * Wraps an API call as a promise actor that first waits until `input.notBefore` (epoch
 * milliseconds), so no two requests about one job leave less than MIN_REQUEST_GAP_MS apart.
 * Stopping the actor during the wait sends nothing.
 */
export function pacedRequest<TOutput, TInput extends { notBefore: number }>(
  send: (input: TInput, signal: AbortSignal) => Promise<TOutput>,
) {
  return fromPromise<TOutput, TInput>(async ({ input, signal }) => {
    await waitUntil(input.notBefore, signal);
    return send(input, signal);
  });
}
