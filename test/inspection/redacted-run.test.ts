import { describe, expect, it } from 'vitest';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import { createMarkupMachine } from '../../machines/markup.js';
import { describeStateValue } from '../../src/runtime/progress.js';
import { runMarkup } from '../../src/runtime/run-markup.js';
import { startJob } from '../../src/runtime/start-job.js';
import { API_KEY, advanceUntil, createHarness } from '../machines/support.js';
import { settle } from '../runtime/support.js';
import { useFakeClock } from '../support/fake-clock.js';

useFakeClock();

const IMAGES = {
  annotatedImage: 'https://example.com/annotated.jpg',
  cleanImage: 'https://example.com/clean.jpg',
};

/**
 * Serializes the data of an inspection event. The actor references are the live actors, whose
 * own snapshots are not redacted, so they are replaced by their session ids.
 */
function serialize(inspection: InspectionEvent): string {
  const { actorRef, ...rest } = inspection as InspectionEvent & { sourceRef?: AnyActorRef };
  const sourceRef = 'sourceRef' in rest ? rest.sourceRef : undefined;
  return JSON.stringify({
    ...rest,
    actorRef: (actorRef as AnyActorRef).sessionId,
    sourceRef: sourceRef?.sessionId,
  });
}

describe('inspection of a markup run', () => {
  it('delivers every event redacted in order', async () => {
    const { client } = createHarness();
    const events: InspectionEvent[] = [];

    const outcome = await settle(
      runMarkup(
        client,
        { address: '42 Wallaby Way, Sydney NSW 2000' },
        {
          chooseOrientation: (variants) => variants[0]?.key ?? '',
          provideAnnotation: () => IMAGES,
          video: true,
          inspect: (event) => events.push(event),
        },
      ),
    );

    expect(outcome.value?.status).toBe('completed');
    const serialized = events.map(serialize);
    expect(serialized.filter((text) => text.includes(API_KEY))).toEqual([]);

    const root = events[0]?.actorRef as AnyActorRef;
    expect(events[0]?.type).toBe('@xstate.actor');
    const visited = events
      .filter((event) => event.type === '@xstate.snapshot' && event.actorRef === root)
      .map((event) =>
        describeStateValue((event as unknown as { snapshot: { value: unknown } }).snapshot.value),
      );
    const milestones = [
      'queued.waiting',
      'running.waiting',
      'awaitingInput.choosing',
      'awaitingInput.selecting',
      'running.annotationReady',
      'running.annotating',
      'completed.ready',
      'completed.requestingVideo',
      'completed.renderingVideo.waiting',
      'done',
    ];
    const positions = milestones.map((state) => visited.indexOf(state));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(visited.at(-1)).toBe('done');
  });

  it('redacts caller secrets from events', async () => {
    const { client } = createHarness();
    const secret = 'hunter2-lot-code';
    const events: InspectionEvent[] = [];

    const { actor } = startJob(createMarkupMachine(client), {
      input: { address: `Lot ${secret}, 42 Wallaby Way, Sydney NSW 2000` },
      secrets: [secret],
      inspect: (event) => events.push(event),
    });
    await advanceUntil(() => actor.getSnapshot().matches({ awaitingInput: 'choosing' }));
    actor.stop();

    const serialized = events.map(serialize);
    expect(serialized.length).toBeGreaterThan(10);
    expect(serialized.filter((text) => text.includes(secret))).toEqual([]);
    expect(serialized.some((text) => text.includes('Lot [redacted]'))).toBe(true);
  });

  it('keeps snapshot methods in redacted events', async () => {
    const { client } = createHarness();
    const matched: boolean[] = [];

    const { actor } = startJob(createMarkupMachine(client), {
      input: { address: '42 Wallaby Way, Sydney NSW 2000' },
      inspect: (event) => {
        if (event.type !== '@xstate.snapshot') return;
        const snapshot = event.snapshot as { matches?: (value: string) => boolean };
        matched.push(typeof snapshot.matches === 'function' && snapshot.matches('submitting'));
      },
    });
    await advanceUntil(() => actor.getSnapshot().matches('queued'));
    actor.stop();

    expect(matched).toContain(true);
  });
});
