import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { createDomeClient } from '../../src/client/client.js';
import { DomeInputError } from '../../src/errors/job-errors.js';
import { withRequestBudget } from '../../src/reliability/budgeted-client.js';
import {
  createRequestBudget,
  PLAN_REQUESTS_PER_MINUTE,
} from '../../src/reliability/request-budget.js';
import { createSimulator, type RecordedRequest } from '../../src/simulator/index.js';
import { useFakeClock } from '../support/fake-clock.js';
import { ADDRESS, SECRET_KEY } from './support.js';

useFakeClock();

/** Largest number of requests that arrived within any 60 s window. */
function busiestMinute(requests: readonly RecordedRequest[]): number {
  const times = requests.map((request) => request.atMs).sort((a, b) => a - b);
  let busiest = 0;
  for (const [index, startMs] of times.entries()) {
    const inWindow = times.slice(index).filter((atMs) => atMs < startMs + 60_000).length;
    busiest = Math.max(busiest, inWindow);
  }
  return busiest;
}

/** Runs six drone jobs for three minutes against a Starter-plan simulator. */
async function runSixJobs(useBudget: boolean) {
  const limit = PLAN_REQUESTS_PER_MINUTE.starter;
  const sim = createSimulator({ requestsPerMinute: limit });
  const plain = createDomeClient({
    apiKey: SECRET_KEY,
    baseUrl: sim.inProcessBaseUrl,
    fetch: sim.fetch,
  });
  const client = useBudget
    ? withRequestBudget(plain, createRequestBudget({ requestsPerMinute: limit }))
    : plain;
  const actors = Array.from({ length: 6 }, (_, index) =>
    createActor(createDroneFootageMachine(client), {
      input: { address: `${index + 1} ${ADDRESS} #slow`, maxConsecutiveFailures: 50 },
    }).start(),
  );
  await vi.advanceTimersByTimeAsync(180_000);
  for (const actor of actors) actor.stop();
  return { sim, limit };
}

describe('request budget', () => {
  it('keeps several jobs under the plan limit', async () => {
    const { sim, limit } = await runSixJobs(true);

    expect(sim.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(busiestMinute(sim.requests)).toBeLessThanOrEqual(limit);
    // Every job still got its submission and polls through.
    expect(sim.listAllJobs()).toHaveLength(6);
    expect(sim.requests.length).toBeGreaterThan(2 * limit);
  });

  it('lets jobs without a budget hit 429', async () => {
    const { sim } = await runSixJobs(false);

    expect(sim.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
  });

  it('serves waiters in order', async () => {
    const budget = createRequestBudget({ requestsPerMinute: 2, safetyMarginMs: 0 });
    const order: number[] = [];
    const startMs = Date.now();
    const grants = [1, 2, 3, 4].map((id) =>
      budget.acquire().then(() => order.push(id) && Date.now() - startMs),
    );

    await vi.advanceTimersByTimeAsync(120_000);

    expect(order).toEqual([1, 2, 3, 4]);
    expect(await Promise.all(grants)).toEqual([0, 0, 60_000, 60_000]);
  });

  it('drops an aborted waiter without a slot', async () => {
    const budget = createRequestBudget({ requestsPerMinute: 1, safetyMarginMs: 0 });
    await budget.acquire();
    const controller = new AbortController();
    const aborted = budget.acquire(controller.signal);
    const next = budget.acquire();
    expect(budget.waiting).toBe(2);

    controller.abort(new Error('stop'));

    await expect(aborted).rejects.toThrow('stop');
    expect(budget.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await next;
    expect(budget.usedInMinute()).toBe(1);
  });

  it('honours a daily limit', async () => {
    const budget = createRequestBudget({
      requestsPerMinute: 10,
      requestsPerDay: 2,
      safetyMarginMs: 0,
    });
    await budget.acquire();
    await budget.acquire();
    let third = false;
    void budget.acquire().then(() => {
      third = true;
    });

    await vi.advanceTimersByTimeAsync(23 * 3_600_000);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(third).toBe(true);
  });

  it.each([0, 1.5, Number.NaN])('rejects requestsPerMinute %s', (value) => {
    expect(() => createRequestBudget({ requestsPerMinute: value })).toThrow(DomeInputError);
  });
});
