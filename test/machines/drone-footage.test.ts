import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { DroneFootageOutputSchema } from '../../src/api/outputs.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import { DomeConnectionError } from '../../src/errors/connection-error.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { JobFailedError, JobLostContactError } from '../../src/errors/job-errors.js';
import { ResponseValidationError } from '../../src/errors/response-validation-error.js';
import { useFakeClock } from '../support/fake-clock.js';
import { advanceUntil, createHarness, jobNow, requestOffsetsS, runUntilDone } from './support.js';

useFakeClock();

function start(harness: ReturnType<typeof createHarness>, input: object) {
  const machine = createDroneFootageMachine(harness.client);
  return createActor(machine, { input: input as { address: string } }).start();
}

describe('drone footage machine', () => {
  it('completes with typed output', async () => {
    const harness = createHarness();
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    expect(actor.getSnapshot().value).toBe('completed');
    expect(output?.status).toBe('completed');
    if (output?.status !== 'completed') return;
    expect(DroneFootageOutputSchema.parse(output.result)).toEqual(output.result);
    expect(output.result.duration).toBeGreaterThan(0);
    expect(output.job.id).toBe(actor.getSnapshot().context.jobId);
  });

  it('polls five then fifteen seconds apart', async () => {
    const harness = createHarness();
    const actor = start(harness, { address: '1 Slow St, Hobart TAS 7000 #slow' });

    await vi.advanceTimersByTimeAsync(121_000);

    const submitMs = harness.sim.requests[0]?.atMs ?? Number.NaN;
    const fast = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60];
    expect(harness.sim.requests[0]?.method).toBe('POST');
    expect(requestOffsetsS(harness.sim.requests, 'GET', '/jobs/', submitMs)).toEqual([
      ...fast,
      75,
      90,
      105,
      120,
    ]);
    expect(actor.getSnapshot().context.pollCount).toBe(16);
    actor.stop();
  });

  it('honours a custom poll schedule', async () => {
    const harness = createHarness();
    const actor = start(harness, {
      address: '1 Slow St, Hobart TAS 7000 #slow',
      pollSchedule: { fastIntervalMs: 2_000, fastPhaseMs: 7_000, slowIntervalMs: 30_000 },
    });

    await vi.advanceTimersByTimeAsync(70_000);

    const submitMs = harness.sim.requests[0]?.atMs ?? Number.NaN;
    expect(requestOffsetsS(harness.sim.requests, 'GET', '/jobs/', submitMs)).toEqual([
      2, 4, 6, 8, 38, 68,
    ]);
    actor.stop();
  });

  it('ends failed on a #fail job', async () => {
    const harness = createHarness();
    const actor = start(harness, { address: '9 Broken Rd, Perth WA 6000 #fail' });

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    expect(actor.getSnapshot().value).toBe('failed');
    expect(output?.status).toBe('failed');
    if (output?.status !== 'failed') return;
    expect(output.error).toBeInstanceOf(JobFailedError);
    expect(output.error.code).toBe('GENERATION_FAILED');
    expect(output.job.status).toBe('failed');
  });

  it('loses contact after repeated 503s', async () => {
    const harness = createHarness();
    harness.sim.faults.next({ status: 503, method: 'GET', pathPrefix: 'jobs', times: 5 });
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    expect(actor.getSnapshot().value).toBe('errored');
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(JobLostContactError);
    expect((output.error as JobLostContactError).attempts).toBe(5);
    expect(output.error.cause).toBeInstanceOf(DomeApiError);
    expect(output.error.jobId).toBe(actor.getSnapshot().context.jobId);
  });

  it('recovers from fewer 503s than the limit', async () => {
    const harness = createHarness();
    harness.sim.faults.next({ status: 503, method: 'GET', pathPrefix: 'jobs', times: 4 });
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });

    await runUntilDone(actor);

    expect(actor.getSnapshot().value).toBe('completed');
    expect(actor.getSnapshot().context.consecutiveFailures).toBe(0);
  });

  it('loses contact when connections fail', async () => {
    let refuse = false;
    const harness = createHarness({
      fetch: async (input, init) => {
        if (refuse) throw new TypeError('fetch failed');
        return inner(input, init);
      },
    });
    const inner = harness.sim.fetch;
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });
    await vi.advanceTimersByTimeAsync(6_000);
    refuse = true;

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(JobLostContactError);
    expect(output.error.cause).toBeInstanceOf(DomeConnectionError);
    expect((output.error as JobLostContactError).lastStatus).toBe('running');
  });

  it('waits for Retry-After on 429', async () => {
    const harness = createHarness();
    harness.sim.faults.next({ status: 429, method: 'GET', pathPrefix: 'jobs', retryAfter: '7' });
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });

    await vi.advanceTimersByTimeAsync(20_000);

    const submitMs = harness.sim.requests[0]?.atMs ?? Number.NaN;
    expect(requestOffsetsS(harness.sim.requests, 'GET', '/jobs/', submitMs)).toEqual([
      5, 12, 15, 20,
    ]);
    expect(actor.getSnapshot().context.consecutiveFailures).toBe(0);
    actor.stop();
  });

  it('errors at once on 401 at submit', async () => {
    const harness = createHarness({ apiKey: 'not_a_dome_key' });
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(DomeApiError);
    expect((output.error as DomeApiError).code).toBe('UNAUTHORIZED');
    expect(output.jobId).toBeNull();
    expect(harness.sim.requests).toHaveLength(1);
  });

  it('errors at once on 404 poll', async () => {
    const harness = createHarness();
    harness.sim.faults.next({ status: 404, method: 'GET', pathPrefix: 'jobs' });
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect((output.error as DomeApiError).code).toBe('JOB_NOT_FOUND');
    expect(requestOffsetsS(harness.sim.requests, 'GET', '/jobs/', 0)).toHaveLength(1);
  });

  it('errors on an invalid completed output', async () => {
    const harness = createHarness();
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });
    await vi.advanceTimersByTimeAsync(1_000);
    const job = harness.sim.listAllJobs()[0];
    const completed = { ...job, status: 'completed', output: { video_url: 'not a url' } };
    harness.sim.faults.next({
      status: 200,
      method: 'GET',
      pathPrefix: 'jobs',
      rawBody: JSON.stringify({
        data: completed,
        meta: { request_id: 'req_1', timestamp: new Date().toISOString() },
      }),
    });

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(ResponseValidationError);
    expect(output.error.message).toContain('output.video_url');
  });

  it('attaches to an existing job id', async () => {
    const harness = createHarness();
    const accepted = await harness.client.submitDroneFootage({ address: '5 Elm St, Sydney' });
    const attachedAt = Date.now();
    const actor = start(harness, { jobId: accepted.job_id });

    await runUntilDone(actor);

    expect(actor.getSnapshot().value).toBe('completed');
    const polls = requestOffsetsS(harness.sim.requests, 'GET', '/jobs/', attachedAt);
    expect(polls[0]).toBe(0);
    expect(polls[1]).toBe(5);
    expect(harness.sim.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('ends errored on a malformed job.updated', async () => {
    const harness = createHarness();
    const actor = start(harness, { address: '1 Slow St, Hobart TAS 7000 #slow' });
    await advanceUntil(() => actor.getSnapshot().matches({ queued: 'waiting' }));
    const jobId = actor.getSnapshot().context.jobId ?? '';
    // An app's own poller passes the job on unchecked, with a time no parser can read.
    const malformed = { ...jobNow(harness.sim, jobId), updated_at: 'yesterday' };

    actor.send({ type: 'job.updated', job: malformed });

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(DomeError);
    expect(output.error.jobId).toBe(jobId);
    expect(output.error.message).toContain('job.updated_at');
  });

  it('ignores malformed job.updated of another job', async () => {
    const harness = createHarness();
    const actor = start(harness, { address: '123 Collins St, Melbourne VIC 3000' });
    await advanceUntil(() => actor.getSnapshot().matches({ queued: 'waiting' }));
    const other = await harness.client.submitDroneFootage({ address: '2 Other St, Perth WA' });
    const malformed = { ...jobNow(harness.sim, other.job_id), updated_at: 'yesterday' };

    actor.send({ type: 'job.updated', job: malformed });

    expect(actor.getSnapshot().value).toEqual({ queued: 'waiting' });
    expect(actor.getSnapshot().context.error).toBeNull();
    await runUntilDone(actor);
    expect(actor.getSnapshot().value).toBe('completed');
  });
});
