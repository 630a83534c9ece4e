import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createDroneFootageMachine, droneFootageMachine } from '../../machines/drone-footage.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { useFakeClock } from '../support/fake-clock.js';
import { createHarness, jobNow } from './support.js';

useFakeClock();

const ADDRESS = '123 Collins St, Melbourne VIC 3000';

describe('job machine lifecycle', () => {
  it('aborts the request in flight on stop', async () => {
    const signals: AbortSignal[] = [];
    const harness = createHarness({
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        if (request.method !== 'GET') return inner(request);
        signals.push(request.signal);
        // Hold every poll open until it is aborted.
        return new Promise<Response>((_, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        });
      },
    });
    const inner = harness.sim.fetch;
    const actor = createActor(createDroneFootageMachine(harness.client), {
      input: { address: ADDRESS },
    }).start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(actor.getSnapshot().value).toEqual({ queued: 'fetching' });
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);

    actor.stop();
    await vi.advanceTimersByTimeAsync(120_000);

    expect(signals[0]?.aborted).toBe(true);
    expect(signals).toHaveLength(1);
    expect(harness.sim.requests).toHaveLength(1);
  });

  it('cancels with the job id', async () => {
    const { client } = createHarness();
    const actor = createActor(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
    }).start();
    await vi.advanceTimersByTimeAsync(1_000);

    actor.send({ type: 'cancel' });

    expect(actor.getSnapshot().output).toEqual({
      status: 'cancelled',
      jobId: actor.getSnapshot().context.jobId,
    });
    expect(actor.getSnapshot().context.jobId).toEqual(expect.any(String));
  });

  it('moves on job.updated like a poll', async () => {
    const harness = createHarness();
    const actor = createActor(createDroneFootageMachine(harness.client), {
      input: { address: ADDRESS, pollSchedule: { fastIntervalMs: 3_600_000 } },
    }).start();
    await vi.advanceTimersByTimeAsync(10_000);
    const jobId = actor.getSnapshot().context.jobId ?? '';
    const running = jobNow(harness.sim, jobId);
    expect(running.status).toBe('running');

    actor.send({ type: 'job.updated', job: running });
    expect(actor.getSnapshot().value).toEqual({ running: 'waiting' });
    expect(actor.getSnapshot().context.job).toEqual(running);

    await vi.advanceTimersByTimeAsync(60_000);
    actor.send({ type: 'job.updated', job: jobNow(harness.sim, jobId) });

    expect(actor.getSnapshot().value).toBe('completed');
    expect(actor.getSnapshot().output?.status).toBe('completed');
    expect(harness.sim.requests.filter((request) => request.method === 'GET')).toHaveLength(0);
  });

  it('ignores job.updated for other jobs', async () => {
    const harness = createHarness();
    const actor = createActor(createDroneFootageMachine(harness.client), {
      input: { address: ADDRESS, pollSchedule: { fastIntervalMs: 3_600_000 } },
    }).start();
    await vi.advanceTimersByTimeAsync(1_000);
    const other = await harness.client.submitDroneFootage({ address: '2 Other St, Perth' });
    await vi.advanceTimersByTimeAsync(60_000);

    actor.send({ type: 'job.updated', job: jobNow(harness.sim, other.job_id) });

    expect(actor.getSnapshot().value).toEqual({ queued: 'waiting' });
    expect(actor.getSnapshot().context.job).toBeNull();
  });

  it('ignores job.updated older than held', async () => {
    const harness = createHarness();
    const actor = createActor(createDroneFootageMachine(harness.client), {
      input: { address: ADDRESS, pollSchedule: { fastIntervalMs: 3_600_000 } },
    }).start();
    await vi.advanceTimersByTimeAsync(1_000);
    const jobId = actor.getSnapshot().context.jobId ?? '';
    const queued = jobNow(harness.sim, jobId);
    await vi.advanceTimersByTimeAsync(10_000);
    actor.send({ type: 'job.updated', job: jobNow(harness.sim, jobId) });

    actor.send({ type: 'job.updated', job: queued });

    expect(actor.getSnapshot().value).toEqual({ running: 'waiting' });
    expect(actor.getSnapshot().context.job?.status).toBe('running');
  });

  it('resumes polling from a persisted snapshot', async () => {
    const harness = createHarness();
    const first = createActor(createDroneFootageMachine(harness.client), {
      input: { address: ADDRESS },
    }).start();
    await vi.advanceTimersByTimeAsync(7_000);
    const saved = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    const getsBefore = harness.sim.requests.length;

    const restored = createActor(createDroneFootageMachine(harness.client), {
      snapshot: saved,
      input: { address: ADDRESS },
    }).start();
    restored.send({ type: 'resume' });
    await vi.advanceTimersByTimeAsync(0);

    expect(harness.sim.requests).toHaveLength(getsBefore + 1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restored.getSnapshot().value).toBe('completed');
  });

  it('fails clearly without a client', async () => {
    const actor = createActor(droneFootageMachine, { input: { address: ADDRESS } }).start();
    await vi.advanceTimersByTimeAsync(0);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(DomeError);
    expect(output.error.message).toContain('createDroneFootageMachine');
  });
});
