import { describe, expect, it, vi } from 'vitest';
import type { MarkupEmitted } from '../../machines/markup.js';
import { MIN_REQUEST_GAP_MS } from '../../machines/shared/request-pacing.js';
import { createDomeClient } from '../../src/client/client.js';
import { createMemoryStore, type SnapshotStore } from '../../src/persistence/index.js';
import { InputRejectedError } from '../../src/runtime/input-rejected-error.js';
import { createJobRunner, type RunningJob } from '../../src/runtime/job-runner.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { API_KEY, advanceUntil } from '../machines/support.js';
import { useFakeClock } from '../support/fake-clock.js';
import { countRequests, holdingFetch, PNG_DATA_URL } from './support.js';

const ADDRESS = '42 Wallaby Way, Sydney NSW 2000';
const IMAGES = { annotatedImage: PNG_DATA_URL, cleanImage: PNG_DATA_URL };

useFakeClock();

function clientFor(sim: Simulator, fetch: typeof globalThis.fetch = sim.fetch) {
  return createDomeClient({ apiKey: API_KEY, baseUrl: sim.inProcessBaseUrl, fetch });
}

function stateOf(job: RunningJob<'markup'> | RunningJob) {
  return JSON.stringify(job.actor.getSnapshot().value);
}

/** Starts a markup job and advances time until it waits for an orientation. */
async function markupAtChoosing(sim: Simulator, store: SnapshotStore, fetch?: typeof sim.fetch) {
  const runner = createJobRunner({ client: clientFor(sim, fetch), store });
  const job = runner.start('markup', { address: ADDRESS }, { key: 'markup-1' });
  await advanceUntil(() => job.actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
  return { runner, job };
}

/** Collects the `input.rejected` events that an actor emits. */
function rejectionsOf(job: RunningJob<'markup'> | RunningJob) {
  const seen: MarkupEmitted[] = [];
  (job as RunningJob<'markup'>).actor.on('input.rejected', (event) => seen.push(event));
  return seen;
}

/** Calls `send` and returns the InputRejectedError it threw. */
function rejectionFrom(send: () => void): InputRejectedError {
  try {
    send();
  } catch (error) {
    if (error instanceof InputRejectedError) return error;
    throw error;
  }
  throw new Error('Expected an InputRejectedError, but the event was accepted.');
}

describe('markup restored at awaiting_input', () => {
  it('shows the same variants', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner, job } = await markupAtChoosing(sim, store);
    const variants = job.actor.getSnapshot().context.orientationVariants;
    runner.stop();

    const resumed = (await createJobRunner({ client: clientFor(sim), store }).resume(
      'markup-1',
    )) as RunningJob<'markup'>;

    expect(resumed.actor.getSnapshot().matches({ awaitingInput: 'choosing' })).toBe(true);
    expect(resumed.actor.getSnapshot().context.orientationVariants).toEqual(variants);
    expect(variants.length).toBeGreaterThan(0);
  });

  it('accepts the selection', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner } = await markupAtChoosing(sim, store);
    runner.stop();
    const second = createJobRunner({ client: clientFor(sim), store });
    const resumed = await second.resume('markup-1');

    second.selectOrientation('markup-1', 'left');
    await advanceUntil(() => stateOf(resumed) === '{"running":"annotationReady"}');

    expect(stateOf(resumed)).toBe('{"running":"annotationReady"}');
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });
});

describe('human step sent once', () => {
  it('rejects a double click', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner, job } = await markupAtChoosing(sim, store);
    const emitted = rejectionsOf(job);

    runner.selectOrientation('markup-1', 'left');
    const error = rejectionFrom(() => runner.selectOrientation('markup-1', 'left'));
    await advanceUntil(() => stateOf(job) === '{"running":"annotationReady"}');

    expect(error.eventType).toBe('orientation.select');
    expect(error.message).toMatch(/already being sent/);
    expect(emitted.map((event) => event.eventType)).toEqual(['orientation.select']);
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });

  it('rejects a second tab', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner: firstTab } = await markupAtChoosing(sim, store);
    const secondTab = createJobRunner({ client: clientFor(sim), store });
    const otherView = (await secondTab.resume('markup-1')) as RunningJob<'markup'>;
    const emitted = rejectionsOf(otherView);

    firstTab.selectOrientation('markup-1', 'left');
    const error = rejectionFrom(() => secondTab.selectOrientation('markup-1', 'bottom'));
    await vi.advanceTimersByTimeAsync(5_000);

    expect(error.message).toMatch(/another runner/);
    expect(otherView.actor.getSnapshot().context.lastRejection?.eventType).toBe(
      'orientation.select',
    );
    expect(emitted).toHaveLength(1);
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });

  it('rejects a replay after restart', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner, job } = await markupAtChoosing(sim, store);
    runner.selectOrientation('markup-1', 'left');
    await advanceUntil(() => stateOf(job) === '{"running":"annotationReady"}');
    runner.stop();

    const restarted = createJobRunner({ client: clientFor(sim), store });
    const resumed = await restarted.resume('markup-1');
    const emitted = rejectionsOf(resumed);
    const error = rejectionFrom(() => restarted.selectOrientation('markup-1', 'left'));

    expect(error.message).toMatch(/already selected/);
    expect(emitted.map((event) => event.eventType)).toEqual(['orientation.select']);
    expect(stateOf(resumed)).toBe('{"running":"annotationReady"}');
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });

  it('rejects a second annotation', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner, job } = await markupAtChoosing(sim, store);
    runner.selectOrientation('markup-1', 'left');
    await advanceUntil(() => stateOf(job) === '{"running":"annotationReady"}');
    runner.submitAnnotation('markup-1', IMAGES);

    const error = rejectionFrom(() => runner.submitAnnotation('markup-1', IMAGES));
    // The annotate waits for the request gap after the poll that reached annotationReady, so
    // advance by the gap, then until its response has moved the job on.
    await vi.advanceTimersByTimeAsync(MIN_REQUEST_GAP_MS);
    await advanceUntil(
      () =>
        countRequests(sim, 'POST', '/annotate') > 0 && stateOf(job) !== '{"running":"annotating"}',
    );

    expect(error.eventType).toBe('annotation.submit');
    expect(stateOf(job)).toBe('{"running":"waiting"}');
    expect(countRequests(sim, 'POST', '/annotate')).toBe(1);
  });

  it('rejects finish before completion', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner, job } = await markupAtChoosing(sim, store);
    const emitted = rejectionsOf(job);

    const error = rejectionFrom(() => runner.finish('markup-1'));

    expect(error.eventType).toBe('finish');
    expect(error.message).toMatch(/no document yet/);
    expect(emitted.map((event) => event.eventType)).toEqual(['finish']);
    expect(stateOf(job)).toBe('{"awaitingInput":"choosing"}');
  });

  it('allows another try after an invalid key', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const { runner, job } = await markupAtChoosing(sim, store);

    const error = rejectionFrom(() => runner.selectOrientation('markup-1', 'diagonal'));
    runner.selectOrientation('markup-1', 'left');
    await advanceUntil(() => stateOf(job) === '{"running":"annotationReady"}');

    expect(error.message).toMatch(/not offered/);
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });
});

describe('human step in flight at a crash', () => {
  it('sends it again when it never arrived', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const dropped = holdingFetch(sim, { method: 'POST', pathPart: '/select', delivered: false });
    const { runner } = await markupAtChoosing(sim, store, dropped);
    runner.selectOrientation('markup-1', 'left');
    // The held select leaves one request gap after the poll that reached choosing.
    await vi.advanceTimersByTimeAsync(MIN_REQUEST_GAP_MS);
    expect(store.load('markup-1')?.state).toBe('awaitingInput.selecting');
    runner.stop();

    const restarted = createJobRunner({ client: clientFor(sim), store });
    const resumed = await restarted.resume('markup-1');
    expect(stateOf(resumed)).toBe('{"awaitingInput":"choosing"}');
    restarted.selectOrientation('markup-1', 'left');
    await advanceUntil(() => stateOf(resumed) === '{"running":"annotationReady"}');

    expect(stateOf(resumed)).toBe('{"running":"annotationReady"}');
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });

  it('moves on when it arrived', async () => {
    const sim = createSimulator();
    const store = createMemoryStore();
    const lost = holdingFetch(sim, { method: 'POST', pathPart: '/select', delivered: true });
    const { runner } = await markupAtChoosing(sim, store, lost);
    runner.selectOrientation('markup-1', 'left');
    await advanceUntil(() => countRequests(sim, 'POST', '/select') === 1);
    runner.stop();

    const resumed = await createJobRunner({ client: clientFor(sim), store }).resume('markup-1');
    await vi.advanceTimersByTimeAsync(0);

    expect(stateOf(resumed)).toBe('{"running":"annotationReady"}');
    expect(countRequests(sim, 'POST', '/select')).toBe(1);
  });
});
