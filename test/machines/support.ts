import { vi } from 'vitest';
import type { AnyActorRef } from 'xstate';
import type { Job } from '../../src/api/job.js';
import { createDomeClient } from '../../src/client/client.js';
import type { SimulatorOptions } from '../../src/simulator/index.js';
import { createSimulator } from '../../src/simulator/index.js';

export const API_KEY = 'dome_live_test123';

/** A fresh in-process simulator with a client bound to it. */
export function createHarness(
  options: SimulatorOptions & { apiKey?: string; fetch?: typeof globalThis.fetch } = {},
) {
  const { apiKey, fetch, ...simulatorOptions } = options;
  const sim = createSimulator(simulatorOptions);
  const client = createDomeClient({
    apiKey: apiKey ?? API_KEY,
    baseUrl: sim.inProcessBaseUrl,
    fetch: fetch ?? sim.fetch,
  });
  return { sim, client };
}

/** Advances fake time in `stepMs` steps until the actor leaves `active`, at most `maxMs`. */
export async function runUntilDone(actor: AnyActorRef, maxMs = 600_000, stepMs = 1_000) {
  for (let elapsed = 0; elapsed < maxMs; elapsed += stepMs) {
    if (actor.getSnapshot().status !== 'active') return;
    await vi.advanceTimersByTimeAsync(stepMs);
  }
}

/** Advances fake time until `predicate` holds, at most `maxMs`. */
export async function advanceUntil(predicate: () => boolean, maxMs = 600_000, stepMs = 1_000) {
  for (let elapsed = 0; elapsed < maxMs; elapsed += stepMs) {
    if (predicate()) return;
    await vi.advanceTimersByTimeAsync(stepMs);
  }
}

/** Offsets, in seconds, of the requests matching `method` and `pathPart` from `startMs`. */
export function requestOffsetsS(
  requests: readonly { method: string; path: string; atMs: number }[],
  method: string,
  pathPart: string,
  startMs: number,
) {
  return requests
    .filter((request) => request.method === method && request.path.includes(pathPart))
    .map((request) => (request.atMs - startMs) / 1000);
}

/** Returns a simulator job as it is now; fails the test when the id is unknown. */
export function jobNow(sim: { inspectJob(jobId: string): { job: Job } | undefined }, id: string) {
  const found = sim.inspectJob(id);
  if (found === undefined) throw new Error(`The simulator has no job ${id}`);
  return found.job;
}
