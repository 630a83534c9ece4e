import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createMarkupMachine, type MarkupEmitted } from '../../machines/markup.js';
import type { Job } from '../../src/api/job.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { useFakeClock } from '../support/fake-clock.js';
import { advanceUntil, createHarness, jobNow, runUntilDone } from './support.js';

useFakeClock();

const ADDRESS = '42 Wallaby Way, Sydney NSW 2000';
const IMAGES = {
  annotatedImage: 'https://example.com/annotated.jpg',
  cleanImage: 'https://example.com/clean.jpg',
};

function startMarkup() {
  const harness = createHarness();
  const actor = createActor(createMarkupMachine(harness.client), {
    input: { address: ADDRESS },
  }).start();
  const emitted: MarkupEmitted[] = [];
  actor.on('input.rejected', (event) => emitted.push(event));
  return { ...harness, actor, emitted };
}

describe('markup machine', () => {
  it('runs the full flow with video', async () => {
    const { actor, sim, emitted } = startMarkup();

    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    const variants = actor.getSnapshot().context.orientationVariants;
    expect(variants.length).toBeGreaterThan(0);
    expect(variants.map((variant) => variant.key)).toContain('bottom');

    const requestCount = sim.requests.length;
    actor.send({ type: 'orientation.select', orientation: 'diagonal' });
    expect(actor.getSnapshot().value).toEqual({ awaitingInput: 'choosing' });
    expect(actor.getSnapshot().context.lastRejection?.eventType).toBe('orientation.select');
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('"diagonal"');
    expect(emitted.map((event) => event.eventType)).toEqual(['orientation.select']);
    expect(sim.requests).toHaveLength(requestCount);

    actor.send({ type: 'orientation.select', orientation: 'bottom' });
    expect(actor.getSnapshot().context.lastRejection).toBeNull();
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    expect(actor.getSnapshot().context.selectedOrientation).toBe('bottom');

    actor.send({ type: 'annotation.submit', ...IMAGES });
    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));
    expect(actor.getSnapshot().status).toBe('active');

    actor.send({ type: 'video.request' });
    expect(actor.getSnapshot().value).toEqual({ completed: 'requestingVideo' });
    await advanceUntil(() => actor.getSnapshot().context.job?.output?.video_url !== undefined);
    expect(actor.getSnapshot().value).toEqual({ completed: 'ready' });

    actor.send({ type: 'finish' });

    const output = actor.getSnapshot().output;
    if (output?.status !== 'completed')
      throw new Error(`Expected status completed, got ${output?.status}`);
    expect(output.result.document_url).toMatch(/^http/);
    expect(output.result.video_url).toMatch(/^http/);
    expect(output.result.orientation).toBe('bottom');
  });

  it('rejects invalid annotation without request', async () => {
    const { actor, sim, emitted } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.send({ type: 'orientation.select', orientation: 'left' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    const requestCount = sim.requests.length;

    actor.send({ type: 'annotation.submit', annotatedImage: 'not-an-image', cleanImage: '' });

    expect(actor.getSnapshot().value).toEqual({ running: 'annotationReady' });
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('annotatedImage');
    expect(emitted).toHaveLength(1);
    expect(sim.requests).toHaveLength(requestCount);
  });

  it('returns to choosing on a server 400', async () => {
    const { actor, sim, emitted } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    sim.faults.next({
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'Job is not awaiting input.',
      method: 'POST',
      pathPrefix: 'markup/jobs',
    });

    actor.send({ type: 'orientation.select', orientation: 'left' });
    // A step request leaves at least 1 s after the poll before it.
    await vi.advanceTimersByTimeAsync(1_000);

    expect(actor.getSnapshot().value).toEqual({ awaitingInput: 'choosing' });
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('VALIDATION_ERROR');
    expect(emitted.map((event) => event.eventType)).toEqual(['orientation.select']);

    actor.send({ type: 'orientation.select', orientation: 'left' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    expect(actor.getSnapshot().context.lastRejection).toBeNull();
  });

  it('rejects a second video request', async () => {
    const { actor } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.send({ type: 'orientation.select', orientation: 'top' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    actor.send({ type: 'annotation.submit', ...IMAGES });
    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));
    actor.send({ type: 'video.request' });
    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));

    actor.send({ type: 'video.request' });

    expect(actor.getSnapshot().value).toEqual({ completed: 'ready' });
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('already rendered');
  });

  it('rejects finish before completion', async () => {
    const { actor, emitted } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));

    actor.send({ type: 'finish' });

    expect(actor.getSnapshot().value).toEqual({ awaitingInput: 'choosing' });
    expect(emitted.map((event) => event.eventType)).toEqual(['finish']);
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('no document yet');
  });

  it('rejects finish while the video renders', async () => {
    const { actor, emitted } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.send({ type: 'orientation.select', orientation: 'top' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    actor.send({ type: 'annotation.submit', ...IMAGES });
    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));
    actor.send({ type: 'video.request' });

    actor.send({ type: 'finish' });

    expect(actor.getSnapshot().value).toEqual({ completed: 'requestingVideo' });
    expect(emitted.map((event) => event.eventType)).toEqual(['finish']);
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('being requested');
  });

  it('keeps the document when video polling fails', async () => {
    const { actor, sim } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.send({ type: 'orientation.select', orientation: 'top' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    actor.send({ type: 'annotation.submit', ...IMAGES });
    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));
    actor.send({ type: 'video.request' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(actor.getSnapshot().value).toEqual({ completed: { renderingVideo: 'waiting' } });
    sim.faults.next({ status: 404, method: 'GET', pathPrefix: 'markup/jobs' });

    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));

    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.error).toBeNull();
    expect(actor.getSnapshot().context.lastRejection?.reason).toContain('JOB_NOT_FOUND');
    actor.send({ type: 'finish' });
    expect(actor.getSnapshot().output?.status).toBe('completed');
  });

  it('ends failed on a #fail job', async () => {
    const harness = createHarness();
    const actor = createActor(createMarkupMachine(harness.client), {
      input: { address: `${ADDRESS} #fail` },
    }).start();

    await runUntilDone(actor);

    expect(actor.getSnapshot().output?.status).toBe('failed');
  });

  it('ends with the document on cancel after completion', async () => {
    const { actor } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.send({ type: 'orientation.select', orientation: 'right' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    actor.send({ type: 'annotation.submit', ...IMAGES });
    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));

    actor.send({ type: 'cancel' });

    expect(actor.getSnapshot().output?.status).toBe('completed');
  });

  it('ends errored on a malformed job.updated', async () => {
    const { actor, sim } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ queued: 'waiting' }));
    const jobId = actor.getSnapshot().context.jobId ?? '';
    // An app's own poller passes the job on unchecked, with a status the API never sends.
    const malformed = { ...jobNow(sim, jobId), status: 'archived' } as unknown as Job;

    actor.send({ type: 'job.updated', job: malformed });

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored') throw new Error(`Expected errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(DomeError);
    expect(output.error.jobId).toBe(jobId);
    expect(output.error.message).toContain('job.status');
  });

  it('ignores malformed job.updated of another job', async () => {
    const { actor, sim, client } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ queued: 'waiting' }));
    const other = await client.startMarkup({ address: '2 Other St, Perth WA 6000' });
    const malformed = { ...jobNow(sim, other.job_id), status: 'archived' } as unknown as Job;

    actor.send({ type: 'job.updated', job: malformed });

    expect(actor.getSnapshot().value).toEqual({ queued: 'waiting' });
    expect(actor.getSnapshot().context.error).toBeNull();
  });
});
