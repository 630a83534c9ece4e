import { describe, expect, it } from 'vitest';
import { fromPromise, setup } from 'xstate';
import { edgeLabel, toMermaid } from '../../src/visualise/mermaid.js';

const machine = setup({
  actors: { fetchJob: fromPromise(async () => 'done') },
  guards: { isFinished: () => true },
  delays: { pollDelay: 5000 },
}).createMachine({
  id: 'sample',
  initial: 'polling',
  on: { cancel: '.cancelled' },
  states: {
    polling: {
      initial: 'waiting',
      states: {
        waiting: { after: { pollDelay: 'fetching' } },
        fetching: {
          invoke: {
            id: 'fetchJob',
            src: 'fetchJob',
            onDone: [{ guard: 'isFinished', target: '#sample.finished' }, { target: 'waiting' }],
            onError: { target: '#sample.finished' },
          },
        },
      },
    },
    finished: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

describe('toMermaid', () => {
  const diagram = toMermaid(machine);

  it('starts with the diagram header', () => {
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
  });

  it('nests child states in composites', () => {
    expect(diagram).toContain('state polling {');
    expect(diagram).toContain('[*] --> polling_waiting');
  });

  it('labels delayed and invoke edges', () => {
    expect(diagram).toContain('polling_waiting --> polling_fetching : after pollDelay');
    expect(diagram).toContain('polling_fetching --> finished : done fetchJob [isFinished]');
    expect(diagram).toContain('polling_fetching --> polling_waiting : done fetchJob');
    expect(diagram).toContain('polling_fetching --> finished : error fetchJob');
  });

  it('draws root transitions from every active top state', () => {
    expect(diagram).toContain('polling --> cancelled : cancel');
    expect(diagram).not.toContain('finished --> cancelled');
  });

  it('marks final states', () => {
    expect(diagram).toContain('finished --> [*]');
    expect(diagram).toContain('cancelled --> [*]');
  });
});

describe('edgeLabel', () => {
  it.each([
    ['xstate.after.pollDelay.sample.polling.waiting', undefined, 'after pollDelay'],
    ['xstate.done.actor.fetchJob', 'isFinished', 'done fetchJob [isFinished]'],
    ['xstate.error.actor.submitJob', undefined, 'error submitJob'],
    ['orientation.select', { type: 'isOffered' }, 'orientation.select [isOffered]'],
  ])('labels %s', (eventType, guard, expected) => {
    expect(edgeLabel(eventType, guard)).toBe(expected);
  });
});
