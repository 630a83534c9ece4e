import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { PaginationSchema, successEnvelope } from '../../src/api/envelope.js';
import { JobSchema } from '../../src/api/job.js';
import { createSimulator, DEFAULT_TIMELINES, type Simulator } from '../../src/simulator/index.js';
import { ADDRESS, callApi, submitJob } from './support.js';

const ListEnvelope = successEnvelope(z.array(JobSchema)).extend({ pagination: PaginationSchema });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-02-09T10:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

/** Submits drone jobs one second apart and returns their ids, oldest first. */
async function submitDroneJobs(sim: Simulator, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await submitJob(sim, 'drone-footage/generate', { address: `${i} Collins St` }));
    vi.advanceTimersByTime(1000);
  }
  return ids;
}

async function listJobs(sim: Simulator, query = '') {
  const response = await callApi(sim, 'GET', `jobs${query}`);
  expect(response.status).toBe(200);
  return ListEnvelope.parse(response.body);
}

describe('GET jobs', () => {
  it('lists newest first with defaults', async () => {
    const sim = createSimulator();
    const ids = await submitDroneJobs(sim, 3);

    const list = await listJobs(sim);

    expect(list.data.map((job) => job.id)).toEqual([...ids].reverse());
    expect(list.pagination).toEqual({ total: 3, limit: 50, offset: 0, has_more: false });
  });

  it('orders same-millisecond jobs newest first', async () => {
    const sim = createSimulator();
    const first = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    const second = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const list = await listJobs(sim);

    expect(list.data.map((job) => job.id)).toEqual([second, first]);
  });

  it('pages with limit and offset', async () => {
    const sim = createSimulator();
    const newestFirst = (await submitDroneJobs(sim, 5)).reverse();

    const first = await listJobs(sim, '?limit=2');
    const middle = await listJobs(sim, '?limit=2&offset=2');
    const last = await listJobs(sim, '?limit=2&offset=4');
    const beyond = await listJobs(sim, '?limit=2&offset=9');

    expect(first.data.map((job) => job.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.pagination).toEqual({ total: 5, limit: 2, offset: 0, has_more: true });
    expect(middle.data.map((job) => job.id)).toEqual(newestFirst.slice(2, 4));
    expect(middle.pagination.has_more).toBe(true);
    expect(last.data.map((job) => job.id)).toEqual(newestFirst.slice(4));
    expect(last.pagination.has_more).toBe(false);
    expect(beyond.data).toEqual([]);
    expect(beyond.pagination).toEqual({ total: 5, limit: 2, offset: 9, has_more: false });
  });

  it('filters by status from the clock', async () => {
    const sim = createSimulator();
    const [older] = await submitDroneJobs(sim, 1);
    vi.advanceTimersByTime(DEFAULT_TIMELINES.queuedMs + DEFAULT_TIMELINES.droneFootageMs);
    const [newer] = await submitDroneJobs(sim, 1);

    const completed = await listJobs(sim, '?status=completed');
    const queued = await listJobs(sim, '?status=queued');

    expect(completed.data.map((job) => job.id)).toEqual([older]);
    expect(completed.pagination.total).toBe(1);
    expect(queued.data.map((job) => job.id)).toEqual([newer]);
  });

  it('filters by job_type', async () => {
    const sim = createSimulator();
    const markup = await submitJob(sim, 'markup/generate', { address: ADDRESS });
    await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const list = await listJobs(sim, '?job_type=markup');
    const unknownType = await listJobs(sim, '?job_type=hologram');

    expect(list.data.map((job) => job.id)).toEqual([markup]);
    expect(unknownType.data).toEqual([]);
    expect(unknownType.pagination.total).toBe(0);
  });

  it('lists full job resources', async () => {
    const sim = createSimulator();
    const [jobId] = await submitDroneJobs(sim, 1);
    vi.advanceTimersByTime(DEFAULT_TIMELINES.queuedMs + DEFAULT_TIMELINES.droneFootageMs);

    const list = await listJobs(sim);
    const single = await callApi(sim, 'GET', `jobs/${jobId}`);

    expect(list.data[0]).toEqual(single.body.data);
  });

  it.each([
    ['limit', '?limit=0'],
    ['limit', '?limit=101'],
    ['limit', '?limit=abc'],
    ['limit', '?limit=2.5'],
    ['limit', '?limit='],
    ['offset', '?offset=-1'],
    ['offset', '?offset=x'],
    ['status', '?status=done'],
    ['status', '?status=COMPLETED'],
  ])('rejects bad %s in %s', async (parameter, query) => {
    const sim = createSimulator();

    const response = await callApi(sim, 'GET', `jobs${query}`);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toContain(parameter);
  });

  it('accepts limit at both bounds', async () => {
    const sim = createSimulator();

    expect((await listJobs(sim, '?limit=1')).pagination.limit).toBe(1);
    expect((await listJobs(sim, '?limit=100')).pagination.limit).toBe(100);
  });
});
