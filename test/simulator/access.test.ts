import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, DEFAULT_TIMELINES } from '../../src/simulator/index.js';
import { ADDRESS, callApi, KEY_A, KEY_B, submitJob } from './support.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-02-09T10:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('authentication', () => {
  it.each([
    ['no key', null],
    ['an empty key', ''],
    ['a wrong prefix', 'dome_test_abc123'],
    ['a bearer token', 'Bearer dome_live_abc123'],
    ['a bare prefix', 'dome_live_'],
    ['punctuation', 'dome_live_abc-123'],
  ])('rejects %s with 401', async (_label, key) => {
    const sim = createSimulator();

    const response = await callApi(sim, 'GET', 'jobs', { key });

    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Invalid or missing API key',
    });
    expect(response.body.meta.request_id).toMatch(/^req_/);
  });

  it('checks the key before routing', async () => {
    const sim = createSimulator();

    const response = await callApi(sim, 'GET', 'no-such-endpoint', { key: null });

    expect(response.status).toBe(401);
  });

  it('checks the key before validation', async () => {
    const sim = createSimulator();

    const response = await callApi(sim, 'POST', 'drone-footage/generate', { key: null, json: {} });

    expect(response.status).toBe(401);
  });
});

describe('organisation isolation', () => {
  it('hides another key jobs', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS }, KEY_A);

    const response = await callApi(sim, 'GET', `jobs/${jobId}`, { key: KEY_B });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('JOB_NOT_FOUND');
    expect(response.body.error.message).toContain(jobId);
  });

  it('lists only the caller jobs', async () => {
    const sim = createSimulator();
    const ownJob = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS }, KEY_B);
    await submitJob(sim, 'drone-footage/generate', { address: ADDRESS }, KEY_A);

    const response = await callApi(sim, 'GET', 'jobs', { key: KEY_B });

    expect(response.body.data.map((job: { id: string }) => job.id)).toEqual([ownJob]);
    expect(response.body.pagination.total).toBe(1);
  });
});

describe('rate limits', () => {
  it('returns 429 past minute limit', async () => {
    const sim = createSimulator({ requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await callApi(sim, 'GET', 'jobs')).status).toBe(200);
    }
    vi.advanceTimersByTime(20_500);

    const limited = await callApi(sim, 'GET', 'jobs');

    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.message).toContain('3 requests per minute');
    // The first request leaves the 60 s window 39.5 s from now, rounded up to whole seconds.
    expect(limited.headers.get('retry-after')).toBe('40');
  });

  it('allows requests after Retry-After', async () => {
    const sim = createSimulator({ requestsPerMinute: 2 });
    await callApi(sim, 'GET', 'jobs');
    await callApi(sim, 'GET', 'jobs');
    const limited = await callApi(sim, 'GET', 'jobs');
    const retryAfterS = Number(limited.headers.get('retry-after'));

    vi.advanceTimersByTime(retryAfterS * 1000 - 1);
    expect((await callApi(sim, 'GET', 'jobs')).status).toBe(429);

    vi.advanceTimersByTime(1);
    expect((await callApi(sim, 'GET', 'jobs')).status).toBe(200);
  });

  it('limits each key separately', async () => {
    const sim = createSimulator({ requestsPerMinute: 1 });
    await callApi(sim, 'GET', 'jobs', { key: KEY_A });

    expect((await callApi(sim, 'GET', 'jobs', { key: KEY_A })).status).toBe(429);
    expect((await callApi(sim, 'GET', 'jobs', { key: KEY_B })).status).toBe(200);
  });

  it('returns 429 past day limit', async () => {
    const sim = createSimulator({ requestsPerMinute: 100, requestsPerDay: 2 });
    await callApi(sim, 'GET', 'jobs');
    vi.advanceTimersByTime(60 * 60 * 1000);
    await callApi(sim, 'GET', 'jobs');
    vi.advanceTimersByTime(60 * 60 * 1000);

    const limited = await callApi(sim, 'GET', 'jobs');

    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toContain('per day');
    expect(limited.headers.get('retry-after')).toBe(String(22 * 60 * 60));
  });

  it('does not count rejected requests', async () => {
    const sim = createSimulator({ requestsPerMinute: 1 });
    await callApi(sim, 'GET', 'jobs');
    for (let i = 0; i < 5; i++) await callApi(sim, 'GET', 'jobs');

    vi.advanceTimersByTime(60_000);

    expect((await callApi(sim, 'GET', 'jobs')).status).toBe(200);
  });

  it('uses the Enterprise limit by default', async () => {
    const sim = createSimulator();
    for (let i = 0; i < 500; i++) await callApi(sim, 'GET', 'jobs');

    expect((await callApi(sim, 'GET', 'jobs')).status).toBe(429);
  });

  it.each([0, 1.5, -1])('rejects requestsPerMinute %s', (requestsPerMinute) => {
    expect(() => createSimulator({ requestsPerMinute })).toThrow(/requestsPerMinute/);
  });
});

describe('one job per type', () => {
  it('rejects a second running job', async () => {
    const sim = createSimulator({ enforceOneJobPerType: true });
    const first = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const second = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });

    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('JOB_IN_PROGRESS');
    expect(second.body.error.message).toContain(first);
    expect(sim.listAllJobs()).toHaveLength(1);
  });

  it('allows other types and keys', async () => {
    const sim = createSimulator({ enforceOneJobPerType: true });
    await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const otherType = await callApi(sim, 'POST', 'markup/generate', { json: { address: ADDRESS } });
    const otherKey = await callApi(sim, 'POST', 'drone-footage/generate', {
      key: KEY_B,
      json: { address: ADDRESS },
    });

    expect(otherType.status).toBe(202);
    expect(otherKey.status).toBe(202);
  });

  it('allows a new job after completion', async () => {
    const sim = createSimulator({ enforceOneJobPerType: true });
    await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    vi.advanceTimersByTime(DEFAULT_TIMELINES.queuedMs + DEFAULT_TIMELINES.droneFootageMs);

    const next = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });

    expect(next.status).toBe(202);
  });

  it('counts awaiting_input as in progress', async () => {
    const sim = createSimulator({ enforceOneJobPerType: true });
    await submitJob(sim, 'markup/generate', { address: ADDRESS });
    vi.advanceTimersByTime(DEFAULT_TIMELINES.queuedMs + DEFAULT_TIMELINES.markupCaptureMs);

    const next = await callApi(sim, 'POST', 'markup/generate', { json: { address: ADDRESS } });

    expect(next.status).toBe(409);
    expect(next.body.error.message).toContain('awaiting_input');
  });

  it('is off by default', async () => {
    const sim = createSimulator();
    await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const second = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });

    expect(second.status).toBe(202);
  });
});
