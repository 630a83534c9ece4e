import { describe, expect, it, vi } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import { DomeInputError, JobFailedError } from '../../src/errors/job-errors.js';
import { JobCancelledError } from '../../src/runtime/job-cancelled-error.js';
import type { JobProgress } from '../../src/runtime/progress.js';
import { startJob } from '../../src/runtime/start-job.js';
import { createHarness } from '../machines/support.js';
import { useFakeClock } from '../support/fake-clock.js';
import { settle } from './support.js';

useFakeClock();

const ADDRESS = '123 Collins St, Melbourne VIC 3000';

describe('startJob', () => {
  it('resolves with the completed output', async () => {
    const { client } = createHarness();
    const { result } = startJob(createDroneFootageMachine(client), { input: { address: ADDRESS } });

    const outcome = await settle(result);

    expect(outcome.value?.status).toBe('completed');
    expect(outcome.value?.result.video_url).toMatch(/^http/);
  });

  it('rejects with JobFailedError', async () => {
    const { client } = createHarness();
    const { result } = startJob(createDroneFootageMachine(client), {
      input: { address: `${ADDRESS} #fail` },
    });

    const outcome = await settle(result);

    expect(outcome.error).toBeInstanceOf(JobFailedError);
  });

  it('rejects with DomeApiError on 401', async () => {
    const { client } = createHarness({ apiKey: 'wrong' });
    const { result } = startJob(createDroneFootageMachine(client), { input: { address: ADDRESS } });

    const outcome = await settle(result);

    expect(outcome.error).toBeInstanceOf(DomeApiError);
    expect((outcome.error as DomeApiError).code).toBe('UNAUTHORIZED');
  });

  it('rejects with JobCancelledError on cancel', async () => {
    const { client } = createHarness();
    const { actor, result } = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
    });
    await vi.advanceTimersByTimeAsync(1_000);

    actor.send({ type: 'cancel' });
    const outcome = await settle(result);

    expect(outcome.error).toBeInstanceOf(JobCancelledError);
    expect((outcome.error as JobCancelledError).jobId).toBe(actor.getSnapshot().context.jobId);
  });

  it('cancels when the signal aborts', async () => {
    const { client } = createHarness();
    const controller = new AbortController();
    const { result } = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
      signal: controller.signal,
    });
    await vi.advanceTimersByTimeAsync(1_000);

    controller.abort();
    const outcome = await settle(result);

    expect(outcome.error).toBeInstanceOf(JobCancelledError);
  });

  it('rejects with JobCancelledError on stop', async () => {
    const { client } = createHarness();
    const { actor, result } = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
    });
    await vi.advanceTimersByTimeAsync(1_000);

    actor.stop();
    const outcome = await settle(result);

    expect(outcome.error).toBeInstanceOf(JobCancelledError);
  });

  it('passes inspection events through', async () => {
    const { client } = createHarness();
    const events: InspectionEvent[] = [];
    const { result } = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
      inspect: (event) => events.push(event),
    });

    await settle(result);

    const types = new Set(events.map((event) => event.type));
    expect(types).toContain('@xstate.snapshot');
    expect(types).toContain('@xstate.event');
    const eventTypes = events.flatMap((event) =>
      event.type === '@xstate.event' ? [event.event.type] : [],
    );
    expect(eventTypes).toContain('xstate.done.actor.fetchJob');
  });

  it('reports progress with the next poll', async () => {
    const { client } = createHarness();
    const progress: JobProgress[] = [];
    startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
      onProgress: (update) => progress.push(update),
    });
    await vi.advanceTimersByTimeAsync(0);

    const waiting = progress.find((update) => update.state === 'queued.waiting');
    expect(waiting?.nextPollInMs).toBe(5_000);
    expect(waiting?.elapsedMs).toBe(0);
    expect(waiting?.jobId).toEqual(expect.any(String));
  });

  it('reports queued right after the 202', async () => {
    const { client } = createHarness();
    const progress: JobProgress[] = [];
    startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
      onProgress: (update) => progress.push(update),
    });
    await vi.advanceTimersByTimeAsync(0);

    const submitting = progress.find((update) => update.state === 'submitting');
    const waiting = progress.find((update) => update.state === 'queued.waiting');
    expect(submitting?.status).toBeNull();
    expect(waiting?.pollCount).toBe(0);
    expect(waiting?.status).toBe('queued');
  });

  it('reports no status before an attached poll', () => {
    const { client } = createHarness();
    const progress: JobProgress[] = [];
    startJob(createDroneFootageMachine(client), {
      input: { jobId: 'job-1' },
      onProgress: (update) => progress.push(update),
    });

    expect(progress[0]?.state).toBe('queued.waiting');
    expect(progress[0]?.status).toBeNull();
  });

  it('resumes a persisted snapshot', async () => {
    const { client } = createHarness();
    const first = startJob(createDroneFootageMachine(client), { input: { address: ADDRESS } });
    await vi.advanceTimersByTimeAsync(7_000);
    const saved = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();

    const resumed = startJob(createDroneFootageMachine(client), {
      input: { address: ADDRESS },
      snapshot: saved,
    });
    const outcome = await settle(resumed.result);

    expect(outcome.value?.status).toBe('completed');
  });

  it('refuses a snapshot taken while submitting', () => {
    const { client } = createHarness();
    const snapshot = { status: 'active', value: 'submitting', context: {} } as never;

    expect(() =>
      startJob(createDroneFootageMachine(client), { input: { address: ADDRESS }, snapshot }),
    ).toThrow(DomeInputError);
  });
});
