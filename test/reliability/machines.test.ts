import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { DEFAULT_SUBMIT_CLOCK_SKEW_MS } from '../../machines/shared/submission.js';
import type { Job } from '../../src/api/job.js';
import { createDomeClient } from '../../src/client/client.js';
import { JobSubmissionError } from '../../src/errors/reliability-errors.js';
import { withRequestBudget } from '../../src/reliability/budgeted-client.js';
import { createRequestBudget } from '../../src/reliability/request-budget.js';
import { JobCancelledError } from '../../src/runtime/job-cancelled-error.js';
import { startJob } from '../../src/runtime/start-job.js';
import { settle } from '../runtime/support.js';
import {
  ADDRESS,
  createWorld,
  driveToEnd,
  JOB_KINDS,
  ONE_SECOND_MS,
  requestGapsMs,
  SECRET_KEY,
  startMachine,
  useFakeClock,
} from './support.js';

useFakeClock();

describe('cancellation', () => {
  it('sends nothing after the signal aborts', async () => {
    const { sim, client } = createWorld();
    const controller = new AbortController();
    const { result } = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
      signal: controller.signal,
    });
    await vi.advanceTimersByTimeAsync(12_000);
    const before = sim.requests.length;

    controller.abort();
    const outcome = await settle(result);
    await vi.advanceTimersByTimeAsync(600_000);

    expect(before).toBeGreaterThan(1);
    expect(outcome.error).toBeInstanceOf(JobCancelledError);
    expect(sim.requests).toHaveLength(before);
  });

  it('sends nothing after stop in backoff', async () => {
    const { sim, client } = createWorld();
    sim.faults.next({ status: 503, method: 'POST' });
    sim.faults.next({ status: 503, method: 'GET', pathPrefix: '/v1/jobs' });
    const actor = startMachine('droneFootage', client);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(actor.getSnapshot().value).toBe('waitingToReconcile');
    const before = sim.requests.length;

    actor.stop();
    await vi.advanceTimersByTimeAsync(600_000);

    expect(sim.requests).toHaveLength(before);
  });

  it('sends nothing after stop in a budget wait', async () => {
    const { sim, client: plain } = createWorld();
    const budget = createRequestBudget({ requestsPerMinute: 1 });
    const client = withRequestBudget(plain, budget);
    const actor = createActor(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
    }).start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(budget.waiting).toBe(1);

    actor.stop();
    await vi.advanceTimersByTimeAsync(600_000);

    expect(budget.waiting).toBe(0);
    expect(sim.requests).toHaveLength(1);
  });
});

describe('submission reconciliation', () => {
  it('records the attempt before the POST', async () => {
    const { sim } = createWorld();
    const seen: unknown[] = [];
    let actor: ReturnType<typeof startMachine> | undefined;
    const client = createDomeClient({
      apiKey: SECRET_KEY,
      baseUrl: sim.inProcessBaseUrl,
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        if (request.method === 'POST') seen.push(actor?.getSnapshot().context.submission);
        return sim.fetch(request);
      },
    });

    actor = startMachine('droneFootage', client);
    await vi.advanceTimersByTimeAsync(0);

    expect(seen).toEqual([
      expect.objectContaining({
        jobType: 'drone_footage',
        input: { address: ADDRESS },
        firstAttemptAt: Date.now(),
        attempts: 1,
      }),
    ]);
    actor.stop();
  });

  it('never resubmits while the list is unreadable', async () => {
    const { sim, client } = createWorld();
    sim.faults.next({ drop: 'reset', method: 'POST' });
    sim.faults.next({
      status: 503,
      method: 'GET',
      pathPrefix: '/v1/jobs',
      times: Number.POSITIVE_INFINITY,
    });
    const actor = startMachine('droneFootage', client, { maxConsecutiveFailures: 3 });

    await driveToEnd(actor);

    const error = actor.getSnapshot().output.error;
    expect(error).toBeInstanceOf(JobSubmissionError);
    expect(error.created).toBe('unknown');
    expect(error.message).toContain('List jobs of type drone_footage created after');
    expect(sim.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(sim.requests.filter((request) => request.path === '/v1/jobs')).toHaveLength(3);
  });

  it('ignores an identical older job', async () => {
    const { sim, client } = createWorld();
    const older = await client.submitDroneFootage({ address: ADDRESS });
    await vi.advanceTimersByTimeAsync(DEFAULT_SUBMIT_CLOCK_SKEW_MS + 1_000);
    sim.faults.next({ status: 503, method: 'POST' });
    const actor = startMachine('droneFootage', client);

    await driveToEnd(actor);

    const jobId = actor.getSnapshot().context.jobId;
    expect(actor.getSnapshot().value).toBe('completed');
    expect(jobId).not.toBe(older.job_id);
    expect(sim.listAllJobs()).toHaveLength(2);
  });

  it('ignores an identical job 3 s older', async () => {
    const { sim, client } = createWorld();
    const first = startMachine('droneFootage', client);
    await vi.advanceTimersByTimeAsync(3_000);
    sim.faults.next({ status: 500, method: 'POST' });
    const second = startMachine('droneFootage', client);

    await driveToEnd(second);

    const firstJobId = first.getSnapshot().context.jobId;
    expect(firstJobId).toBeTypeOf('string');
    expect(second.getSnapshot().value).toBe('completed');
    expect(second.getSnapshot().context.jobId).not.toBe(firstJobId);
    expect(sim.listAllJobs()).toHaveLength(2);
    first.stop();
  });

  it('widens the match with submitClockSkewMs', async () => {
    const { sim, client } = createWorld();
    const first = startMachine('droneFootage', client);
    await vi.advanceTimersByTimeAsync(3_000);
    sim.faults.next({ status: 500, method: 'POST' });
    const second = startMachine('droneFootage', client, { submitClockSkewMs: 5_000 });

    await driveToEnd(second);

    expect(second.getSnapshot().context.jobId).toBe(first.getSnapshot().context.jobId);
    expect(sim.listAllJobs()).toHaveLength(1);
    first.stop();
  });

  it('gives up after the submit limit', async () => {
    const { sim, client } = createWorld();
    sim.faults.next({ status: 503, method: 'POST', times: Number.POSITIVE_INFINITY });
    const actor = startMachine('imageEnhancement', client, { maxConsecutiveFailures: 2 });

    await driveToEnd(actor);

    const error = actor.getSnapshot().output.error;
    expect(error).toBeInstanceOf(JobSubmissionError);
    expect(error.created).toBe('no');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain('503');
    expect(sim.listAllJobs()).toHaveLength(0);
  });
});

describe('deadline and pacing', () => {
  it('keeps the deadline across a restore', async () => {
    const { sim, client } = createWorld();
    const machine = createDroneFootageMachine(client);
    const first = startJob(machine, { input: { address: ADDRESS, deadlineMs: 30_000 } });
    await vi.advanceTimersByTimeAsync(12_000);
    const saved = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();
    await vi.advanceTimersByTimeAsync(5_000);

    const second = startJob(machine, {
      input: { address: ADDRESS, deadlineMs: 30_000 },
      snapshot: saved,
    });
    const outcome = await settle(second.result);

    expect(second.actor.getSnapshot().context.deadlineAt).toBe(saved.context.deadlineAt);
    expect((outcome.error as Error).name).toBe('JobDeadlineExceededError');
    expect(sim.requests.at(-1)?.atMs).toBeLessThan(saved.context.deadlineAt);
  });

  it('spaces requests by minRequestGapMs', async () => {
    const { sim, client } = createWorld();
    const actor = startMachine('droneFootage', client, {
      minRequestGapMs: 250,
      pollSchedule: { fastIntervalMs: 100, slowIntervalMs: 100 },
    });

    await driveToEnd(actor);

    const gaps = requestGapsMs(sim.requests);
    expect(actor.getSnapshot().value).toBe('completed');
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    expect(Math.min(...gaps)).toBeLessThan(ONE_SECOND_MS);
  });

  it.each([-1, Number.NaN, 2 ** 31])('rejects minRequestGapMs %s', async (minRequestGapMs) => {
    const { client } = createWorld();
    const { result } = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS, minRequestGapMs },
    });

    const outcome = await settle(result);

    expect((outcome.error as Error).message).toMatch(/Invalid minRequestGapMs/);
  });

  it('spaces requests after a job.updated burst', async () => {
    const { sim, client } = createWorld();
    const actor = startMachine('droneFootage', client);
    await vi.advanceTimersByTimeAsync(5_000);
    const jobId = actor.getSnapshot().context.jobId as string;
    const job = sim.inspectJob(jobId)?.job as Job;

    for (let burst = 0; burst < 10; burst += 1) {
      actor.send({ type: 'job.updated', job: { ...job, updated_at: new Date().toISOString() } });
      await vi.advanceTimersByTimeAsync(100);
    }
    await driveToEnd(actor);

    expect(actor.getSnapshot().value).toBe('completed');
    for (const gapMs of requestGapsMs(sim.requests)) {
      expect(gapMs).toBeGreaterThanOrEqual(ONE_SECOND_MS);
    }
  });

  it('paces a human step after a poll', async () => {
    const { sim, client } = createWorld();
    const actor = startMachine('markup', client);
    await vi.advanceTimersByTimeAsync(1_000);
    while (!actor.getSnapshot().matches({ awaitingInput: 'choosing' })) {
      await vi.advanceTimersByTimeAsync(1_000);
    }
    const lastPoll = sim.requests.at(-1);

    actor.send({ type: 'orientation.select', orientation: 'left' });
    await vi.advanceTimersByTimeAsync(ONE_SECOND_MS);

    const select = sim.requests.at(-1);
    expect(select?.path).toContain('/select');
    expect(select?.atMs).toBe((lastPoll?.atMs ?? 0) + ONE_SECOND_MS);
    expect(lastPoll?.path.startsWith(JOB_KINDS.markup.pollPrefix)).toBe(true);
    actor.stop();
  });
});

describe('restore before a job id', () => {
  it('re-arms the submit retry timer', async () => {
    const { sim, client } = createWorld();
    sim.faults.next({ status: 429, retryAfter: 20, method: 'POST' });
    const machine = createDroneFootageMachine(client);
    const first = startJob(machine, { input: { address: ADDRESS } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first.actor.getSnapshot().value).toBe('waitingToSubmit');
    const saved = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();

    const second = startJob(machine, { input: { address: ADDRESS }, snapshot: saved });
    const outcome = await settle(second.result);

    const posts = sim.requests.filter((request) => request.method === 'POST');
    expect(outcome.value?.status).toBe('completed');
    expect(posts).toHaveLength(2);
    expect((posts[1]?.atMs ?? 0) - (posts[0]?.atMs ?? 0)).toBe(20_000);
  });
});
