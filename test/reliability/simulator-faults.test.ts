import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDomeClient } from '../../src/client/client.js';
import { DomeConnectionError, DomeTimeoutError } from '../../src/errors/connection-error.js';
import { createSimulator } from '../../src/simulator/index.js';
import { ADDRESS, callApi, KEY_A, submitJob } from '../simulator/support.js';

describe('fault rules', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('matches only the given job id', async () => {
    const sim = createSimulator();
    const first = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    const second = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    sim.faults.next({ status: 503, jobId: second, times: Number.POSITIVE_INFINITY });

    expect((await callApi(sim, 'GET', `jobs/${first}`)).status).toBe(200);
    expect((await callApi(sim, 'GET', `jobs/${second}`)).status).toBe(503);
    expect((await callApi(sim, 'GET', `jobs/${second}`)).status).toBe(503);
    expect(sim.faults.pending).toBe(1);
  });

  it('repeats seeded probability draws', async () => {
    const statuses = async () => {
      const sim = createSimulator();
      sim.faults.next({ status: 500, probability: 0.5, seed: 42, times: Number.POSITIVE_INFINITY });
      const seen: number[] = [];
      for (let index = 0; index < 20; index += 1) {
        seen.push((await callApi(sim, 'GET', 'jobs')).status);
      }
      return seen;
    };

    const first = await statuses();
    const second = await statuses();

    expect(second).toEqual(first);
    expect(first.filter((status) => status === 500).length).toBeGreaterThan(0);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(0);
  });

  it('sends Retry-After as seconds or date', async () => {
    const sim = createSimulator();
    const date = new Date(Date.now() + 30_000);
    sim.faults.next({ status: 429, retryAfter: 7 });
    sim.faults.next({ status: 429, retryAfter: date });

    const seconds = await callApi(sim, 'GET', 'jobs');
    const httpDate = await callApi(sim, 'GET', 'jobs');

    expect(seconds.headers.get('retry-after')).toBe('7');
    expect(httpDate.headers.get('retry-after')).toBe(date.toUTCString());
    expect(httpDate.body.error.code).toBe('RATE_LIMITED');
  });

  it('applies the request before an error', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 500, method: 'POST', applyRequest: true });

    const response = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });

    expect(response.status).toBe(500);
    expect(sim.listAllJobs()).toHaveLength(1);
  });

  it('resets the connection after creating', async () => {
    const sim = createSimulator();
    sim.faults.next({ drop: 'reset', method: 'POST' });

    const sent = callApi(sim, 'POST', 'drone-footage/generate', { json: { address: ADDRESS } });

    await expect(sent).rejects.toThrow(TypeError);
    expect(sim.listAllJobs()).toHaveLength(1);
    expect(sim.requests[0]?.status).toBe(202);
  });

  it('hangs until the client times out', async () => {
    const sim = createSimulator();
    const client = createDomeClient({
      apiKey: KEY_A,
      baseUrl: sim.inProcessBaseUrl,
      fetch: sim.fetch,
      timeoutMs: 2_000,
    });
    sim.faults.next({ drop: 'hang', method: 'POST' });

    const submitted = client.submitDroneFootage({ address: ADDRESS });
    const outcome = expect(submitted).rejects.toBeInstanceOf(DomeTimeoutError);
    await vi.advanceTimersByTimeAsync(2_000);

    await outcome;
    expect(sim.listAllJobs()).toHaveLength(1);
  });

  it('delays the real response', async () => {
    const sim = createSimulator();
    const client = createDomeClient({
      apiKey: KEY_A,
      baseUrl: sim.inProcessBaseUrl,
      fetch: sim.fetch,
      timeoutMs: 10_000,
    });
    sim.faults.next({ delayMs: 3_000, method: 'POST' });

    let settled = false;
    const submitted = client.submitDroneFootage({ address: ADDRESS }).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect((await submitted).status).toBe('queued');
  });

  it('rejects a fault with nothing to do', () => {
    const sim = createSimulator();

    expect(() => sim.faults.next({ method: 'GET' })).toThrow(/status, a drop or a delayMs/);
    expect(() => sim.faults.next({ status: 500, probability: 2 })).toThrow(/probability/);
  });
});

describe('faults over HTTP', () => {
  it('resets the socket after creating', async () => {
    const sim = createSimulator();
    const server = await sim.listen();
    try {
      const client = createDomeClient({ apiKey: KEY_A, baseUrl: server.baseUrl });
      sim.faults.next({ drop: 'reset', method: 'POST' });

      const submitted = client.submitDroneFootage({ address: ADDRESS });

      await expect(submitted).rejects.toBeInstanceOf(DomeConnectionError);
      expect(sim.listAllJobs()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('hangs until the client gives up', async () => {
    const sim = createSimulator();
    const server = await sim.listen();
    try {
      const client = createDomeClient({
        apiKey: KEY_A,
        baseUrl: server.baseUrl,
        timeoutMs: 200,
      });
      sim.faults.next({ drop: 'hang', method: 'GET' });

      await expect(client.listJobs()).rejects.toBeInstanceOf(DomeTimeoutError);
      // The server logs the request once it notices that the client closed the connection.
      await vi.waitFor(() => expect(sim.requests).toHaveLength(1));
      expect(sim.requests[0]?.path).toBe('/v1/jobs');
    } finally {
      await server.close();
    }
  });
});
