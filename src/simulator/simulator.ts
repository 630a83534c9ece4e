import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import type { SimulatorState } from './context.js';
import { settleInProcessResponse } from './fault-response.js';
import { FaultQueue } from './faults.js';
import { JobStore } from './job-store.js';
import { viewJob } from './job-view.js';
import { RateLimiter } from './rate-limiter.js';
import { resolveTimelines } from './timelines.js';
import type { RunningSimulator, Simulator, SimulatorOptions } from './types.js';

/** Origin of the in-process fetch; `.invalid` never resolves, so no request can leave. */
export const IN_PROCESS_ORIGIN = 'http://simulator.invalid';

/** Enterprise plan limits, the documented defaults. */
export const DEFAULT_REQUESTS_PER_MINUTE = 500;
export const DEFAULT_REQUESTS_PER_DAY = 100_000;

/** Creates a simulator of the DomeAgent API, with no jobs and no socket until `listen`. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`Invalid speed ${speed}: expected a number > 0.`);
  }
  // Read the clock on each call, so vitest fake timers installed later still apply.
  const now = options.now ?? (() => Date.now());

  const store = new JobStore();
  const state: SimulatorState = {
    store,
    clock: { speed, timelines: resolveTimelines(options.timelines) },
    now,
    rateLimiter: new RateLimiter(
      options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
      options.requestsPerDay ?? DEFAULT_REQUESTS_PER_DAY,
    ),
    faults: new FaultQueue(),
    enforceOneJobPerType: options.enforceOneJobPerType ?? false,
    chooseScenario: options.scenario,
  };
  const { app, script } = createApp(state);

  const fetch: typeof globalThis.fetch = async (input, init) =>
    settleInProcessResponse(
      await app.fetch(
        input instanceof Request && init === undefined ? input : new Request(input, init),
      ),
    );

  return {
    fetch,
    inProcessBaseUrl: `${IN_PROCESS_ORIGIN}/v1`,
    listen: (listenOptions) => listen(app.fetch, listenOptions?.port ?? 0),
    get requests() {
      return store.requests;
    },
    inspectJob(jobId) {
      const record = store.get(jobId);
      if (record === undefined) return undefined;
      return {
        job: viewJob(record, now(), record.origin, state.clock),
        requests: store.requests.filter((request) => request.jobId === jobId),
      };
    },
    listAllJobs() {
      const nowMs = now();
      return store.all().map((record) => viewJob(record, nowMs, record.origin, state.clock));
    },
    faults: state.faults,
    script,
  };
}

async function listen(
  handle: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<RunningSimulator> {
  const server = createAdaptorServer({
    fetch: handle,
    // Keep Node's own Request and Response: the default replaces the globals for the process.
    overrideGlobalObjects: false,
  }) as Server;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const boundPort = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${boundPort}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    port: boundPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
