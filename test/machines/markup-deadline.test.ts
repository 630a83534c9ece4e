import { describe, expect, it, vi } from 'vitest';
import { createActor, type Snapshot } from 'xstate';
import { createMarkupMachine } from '../../machines/markup.js';
import { DEFAULT_DEADLINE_MS } from '../../machines/shared/reliability.js';
import { startJob } from '../../src/runtime/start-job.js';
import { useFakeClock } from '../support/fake-clock.js';
import { advanceUntil, createHarness } from './support.js';

useFakeClock();

const ADDRESS = '42 Wallaby Way, Sydney NSW 2000';
const IMAGES = {
  annotatedImage: 'https://example.com/annotated.jpg',
  cleanImage: 'https://example.com/clean.jpg',
};
/** A person who takes longer than a whole default deadline to respond. */
const SLOW_PERSON_MS = DEFAULT_DEADLINE_MS + 3_600_000;

function startMarkup() {
  const harness = createHarness();
  const machine = createMarkupMachine(harness.client);
  const actor = createActor(machine, { input: { address: ADDRESS } }).start();
  return { ...harness, machine, actor };
}

describe('markup deadline and people', () => {
  it('waits past the deadline at choosing', async () => {
    const { actor } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));

    await vi.advanceTimersByTimeAsync(SLOW_PERSON_MS);

    expect(actor.getSnapshot().value).toEqual({ awaitingInput: 'choosing' });
    expect(actor.getSnapshot().status).toBe('active');
  });

  it('completes with slow answers at every step', async () => {
    const { actor } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    await vi.advanceTimersByTimeAsync(SLOW_PERSON_MS);
    actor.send({ type: 'orientation.select', orientation: 'left' });

    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    await vi.advanceTimersByTimeAsync(SLOW_PERSON_MS);
    actor.send({ type: 'annotation.submit', ...IMAGES });

    await advanceUntil(() => actor.getSnapshot().matches({ completed: 'ready' }));
    await vi.advanceTimersByTimeAsync(SLOW_PERSON_MS);
    expect(actor.getSnapshot().value).toEqual({ completed: 'ready' });
    actor.send({ type: 'finish' });

    expect(actor.getSnapshot().output?.status).toBe('completed');
  });

  it('starts a new window on selection', async () => {
    const { actor } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    await vi.advanceTimersByTimeAsync(SLOW_PERSON_MS);

    actor.send({ type: 'orientation.select', orientation: 'left' });

    expect(actor.getSnapshot().context.deadlineAt).toBe(Date.now() + DEFAULT_DEADLINE_MS);
  });

  it('still bounds the wait on the server', async () => {
    const harness = createHarness();
    const actor = createActor(createMarkupMachine(harness.client), {
      input: { address: ADDRESS, deadlineMs: 60_000, maxConsecutiveFailures: 1_000 },
    }).start();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.send({ type: 'orientation.select', orientation: 'left' });
    await advanceUntil(() => actor.getSnapshot().matches({ running: 'annotationReady' }));
    actor.send({ type: 'annotation.submit', ...IMAGES });
    // Every poll fails and the failure limit is out of reach, so only the deadline ends it.
    harness.sim.faults.next({
      status: 503,
      method: 'GET',
      pathPrefix: '/v1/markup/jobs/',
      times: Number.POSITIVE_INFINITY,
    });

    await advanceUntil(() => actor.getSnapshot().status !== 'active', 600_000);

    const output = actor.getSnapshot().output;
    expect(output?.status).toBe('errored');
    expect(output?.status === 'errored' ? output.error.name : '').toBe('JobDeadlineExceededError');
  });

  it('accepts a selection after a late restore', async () => {
    const { actor, machine } = startMarkup();
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Snapshot<unknown>;
    actor.stop();
    await vi.advanceTimersByTimeAsync(SLOW_PERSON_MS);

    const restored = startJob(machine, { input: { address: ADDRESS }, snapshot: saved });
    restored.actor.send({ type: 'orientation.select', orientation: 'left' });
    await advanceUntil(() => restored.actor.getSnapshot().matches({ running: 'annotationReady' }));

    expect(restored.actor.getSnapshot().value).toEqual({ running: 'annotationReady' });
    expect(restored.actor.getSnapshot().context.error).toBeNull();
  });
});
