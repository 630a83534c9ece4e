import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDomeClient } from '../../src/client/client.js';
import { JobDeadlineExceededError } from '../../src/errors/reliability-errors.js';
import { createMemoryStore, type StoredJob } from '../../src/persistence/index.js';
import { createJobRunner, type JobSnapshotUpdate } from '../../src/runtime/job-runner.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { API_KEY, advanceUntil, requestOffsetsS } from '../machines/support.js';
import { settle } from '../runtime/support.js';
import { countRequests, holdingFetch } from './support.js';

const START = new Date('2030-01-01T00:00:00Z').getTime();
const ADDRESS = '123 Collins St, Melbourne VIC 3000';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

function clientFor(sim: Simulator, fetch: typeof globalThis.fetch = sim.fetch) {
  return createDomeClient({ apiKey: API_KEY, baseUrl: sim.inProcessBaseUrl, fetch });
}

describe('saving', () => {
  it('saves the record before the POST', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    let seenAtPost: StoredJob | undefined;
    const client = clientFor(sim, async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST') seenAtPost = store.load('job-a');
      return sim.fetch(request);
    });

    createJobRunner({ client, store }).start(
      'droneFootage',
      { address: ADDRESS },
      { key: 'job-a' },
    );
    await vi.advanceTimersByTimeAsync(0);

    expect(seenAtPost?.state).toBe('submitting');
    expect(seenAtPost?.jobId).toBeNull();
    expect(seenAtPost?.submission).toEqual({ attemptedAtMs: START, body: { address: ADDRESS } });
  });

  it('saves the job id once accepted', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    createJobRunner({ client: clientFor(sim), store }).start(
      'droneFootage',
      { address: ADDRESS },
      { key: 'job-a' },
    );
    await vi.advanceTimersByTimeAsync(0);

    const record = store.load('job-a');
    expect(record?.jobId).toBe(sim.listAllJobs()[0]?.id);
    expect(record?.state).toBe('queued.waiting');
    expect(record?.submission).toBeUndefined();
  });

  it('saves each snapshot before reporting it', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const mismatches: string[] = [];
    const states: string[] = [];
    const onSnapshot = (update: JobSnapshotUpdate) => {
      states.push(update.state);
      if (store.load(update.key)?.state !== update.state) mismatches.push(update.state);
    };
    const runner = createJobRunner({ client: clientFor(sim), store, onSnapshot });

    const job = runner.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    const outcome = await settle(job.result);

    expect(outcome.value?.status).toBe('completed');
    expect(mismatches).toEqual([]);
    expect(states).toContain('running.fetching');
    expect(store.load('job-a')).toMatchObject({ state: 'completed', done: true });
  });

  it('passes inspection events through', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const eventTypes: string[] = [];
    const runner = createJobRunner({
      client: clientFor(sim),
      store,
      inspect: (event) => {
        if (event.type === '@xstate.event') eventTypes.push(event.event.type);
      },
    });
    runner.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(0);

    expect(eventTypes).toContain('xstate.done.actor.submitJob');
  });

  it('rejects a key already stored', () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const runner = createJobRunner({ client: clientFor(sim), store });
    runner.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });

    expect(() => runner.start('droneFootage', { address: ADDRESS }, { key: 'job-a' })).toThrow(
      /already in the store/,
    );
  });
});

describe('restoring poll times', () => {
  it('polls at the stored time', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({ client: clientFor(sim), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(2_000);
    first.stop();
    await vi.advanceTimersByTimeAsync(1_000);

    const second = createJobRunner({ client: clientFor(sim), store });
    await second.resume('job-a');
    await vi.advanceTimersByTimeAsync(12_000);

    expect(requestOffsetsS(sim.requests, 'GET', '/jobs/', START)).toEqual([5, 10, 15]);
  });

  it('polls at once when overdue', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({ client: clientFor(sim), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(2_000);
    first.stop();
    await vi.advanceTimersByTimeAsync(7_000);

    const second = createJobRunner({ client: clientFor(sim), store });
    await second.resume('job-a');
    await vi.advanceTimersByTimeAsync(6_500);

    // Overdue at 9 s, then back on the 5 s grid anchored at submission.
    expect(requestOffsetsS(sim.requests, 'GET', '/jobs/', START)).toEqual([9, 10, 15]);
  });

  it('resumes a job stored mid-poll', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({
      client: clientFor(
        sim,
        holdingFetch(sim, { method: 'GET', pathPart: '/jobs/', delivered: false }),
      ),
      store,
    });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(store.load('job-a')?.state).toBe('queued.fetching');
    first.stop();

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-a');
    const outcome = await settle(job.result);

    expect(outcome.value?.status).toBe('completed');
    expect(requestOffsetsS(sim.requests, 'GET', '/jobs/', START)[0]).toBe(6);
  });
});

describe('resuming a submission', () => {
  it('attaches when the POST arrived', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const lost = holdingFetch(sim, { method: 'POST', pathPart: 'generate', delivered: true });
    const first = createJobRunner({ client: clientFor(sim, lost), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.load('job-a')?.state).toBe('submitting');
    first.stop();

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-a');
    const outcome = await settle(job.result);

    expect(outcome.value?.job.id).toBe(sim.listAllJobs()[0]?.id);
    expect(countRequests(sim, 'POST', 'generate')).toBe(1);
    expect(store.load('job-a')?.jobId).toBe(sim.listAllJobs()[0]?.id);
  });

  it('submits again when the POST never arrived', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const dropped = holdingFetch(sim, { method: 'POST', pathPart: 'generate', delivered: false });
    const first = createJobRunner({ client: clientFor(sim, dropped), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(1_000);
    first.stop();

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-a');
    const outcome = await settle(job.result);

    expect(outcome.value?.status).toBe('completed');
    expect(countRequests(sim, 'POST', 'generate')).toBe(1);
    expect(sim.listAllJobs()).toHaveLength(1);
  });

  it('resumes a submission waiting to retry', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    sim.faults.next({ status: 429, retryAfter: '30', method: 'POST' });
    const first = createJobRunner({ client: clientFor(sim), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.load('job-a')?.state).toBe('waitingToSubmit');
    first.stop();

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-a');
    const outcome = await settle(job.result);

    expect(outcome.value?.status).toBe('completed');
    expect(sim.listAllJobs()).toHaveLength(1);
    expect(store.load('job-a')?.submission).toBeUndefined();
  });

  it('skips a match owned by another key', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const runner = createJobRunner({ client: clientFor(sim), store });
    runner.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(1_000);
    const lost = holdingFetch(sim, { method: 'POST', pathPart: 'generate', delivered: true });
    const first = createJobRunner({ client: clientFor(sim, lost), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-b' });
    await vi.advanceTimersByTimeAsync(1_000);
    first.stop();

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-b');
    await vi.advanceTimersByTimeAsync(0);

    const [jobA, jobB] = sim.listAllJobs();
    expect(store.load('job-a')?.jobId).toBe(jobA?.id);
    expect(job.actor.getSnapshot().context.jobId).toBe(jobB?.id);
    expect(countRequests(sim, 'POST', 'generate')).toBe(2);
  });
});

describe('reconciling inside a runner', () => {
  it('never adopts a job of another key', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const runner = createJobRunner({ client: clientFor(sim), store });
    const jobA = runner.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(0);
    const jobIdA = store.load('job-a')?.jobId;
    // The same input at the same instant: only the owner check tells the two jobs apart.
    sim.faults.next({ status: 500, method: 'POST' });
    const jobB = runner.start('droneFootage', { address: ADDRESS }, { key: 'job-b' });

    const [outcomeA, outcomeB] = await Promise.all([settle(jobA.result), settle(jobB.result)]);

    expect(jobIdA).toBeTypeOf('string');
    expect(outcomeA.value?.job.id).toBe(jobIdA);
    expect(outcomeB.value?.job.id).not.toBe(jobIdA);
    expect(sim.listAllJobs()).toHaveLength(2);
    expect(countRequests(sim, 'POST', 'generate')).toBe(3);
  });
});

describe('attaching by job id', () => {
  it('follows a job started elsewhere', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const accepted = await clientFor(sim).submitDroneFootage({ address: ADDRESS });

    const runner = createJobRunner({ client: clientFor(sim), store });
    const job = await runner.attach('droneFootage', accepted.job_id, { key: 'other' });
    const outcome = await settle(job.result);

    expect(outcome.value?.job.id).toBe(accepted.job_id);
    expect(store.findByJobId(accepted.job_id)).toMatchObject({ key: 'other', done: true });
  });

  it('resumes the stored record of a known id', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({ client: clientFor(sim), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(1_000);
    first.stop();
    const jobId = store.load('job-a')?.jobId ?? '';

    const job = await createJobRunner({ client: clientFor(sim), store }).attach(
      'droneFootage',
      jobId,
    );

    expect(job.key).toBe('job-a');
    expect(store.list()).toHaveLength(1);
  });

  it('resumes every unfinished job', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({ client: clientFor(sim), store });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    first.start('imageEnhancement', { imageUrl: 'https://example.com/a.jpg' }, { key: 'job-b' });
    await vi.advanceTimersByTimeAsync(1_000);
    first.stop();

    const jobs = await createJobRunner({ client: clientFor(sim), store }).resumeAll();
    await advanceUntil(() => store.list({ done: false }).length === 0);

    expect(jobs.map((job) => job.key).sort()).toEqual(['job-a', 'job-b']);
    expect(store.list().map((record) => record.state)).toEqual(['completed', 'completed']);
  });
});

describe('restoring the deadline', () => {
  it('ends at the stored deadline', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({ client: clientFor(sim), store, deadlineMs: 60_000 });
    first.start('droneFootage', { address: `${ADDRESS} #slow` }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(10_000);
    first.stop();
    await vi.advanceTimersByTimeAsync(10_000);

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-a');
    let endedAtMs: number | undefined;
    job.result.catch(() => {
      endedAtMs = Date.now();
    });
    const outcome = await settle(job.result);

    expect(outcome.error).toBeInstanceOf(JobDeadlineExceededError);
    expect(endedAtMs).toBe(START + 60_000);
  });

  it('ends at once when overdue', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const first = createJobRunner({ client: clientFor(sim), store, deadlineMs: 60_000 });
    first.start('droneFootage', { address: `${ADDRESS} #slow` }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(10_000);
    first.stop();
    await vi.advanceTimersByTimeAsync(90_000);
    const getsBefore = countRequests(sim, 'GET', '/jobs/');

    const job = await createJobRunner({ client: clientFor(sim), store }).resume('job-a');
    const outcome = await settle(job.result);

    expect(outcome.error).toBeInstanceOf(JobDeadlineExceededError);
    expect(countRequests(sim, 'GET', '/jobs/')).toBe(getsBefore);
  });

  it('sends nothing for an overdue submission', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const dropped = holdingFetch(sim, { method: 'POST', pathPart: 'generate', delivered: false });
    const first = createJobRunner({ client: clientFor(sim, dropped), store, deadlineMs: 5_000 });
    first.start('droneFootage', { address: ADDRESS }, { key: 'job-a' });
    await vi.advanceTimersByTimeAsync(1_000);
    first.stop();
    await vi.advanceTimersByTimeAsync(10_000);

    const resumed = createJobRunner({ client: clientFor(sim), store }).resume('job-a');

    await expect(resumed).rejects.toBeInstanceOf(JobDeadlineExceededError);
    expect(countRequests(sim, 'POST', 'generate')).toBe(0);
  });
});
