import { describe, expect, it } from 'vitest';
import { assign, createActor, type InspectionEvent, setup } from 'xstate';
import {
  REDACTED,
  redactingInspect,
  redactSecrets,
  toRecordedEvent,
} from '../../src/inspection/index.js';

const KEY = 'dome_live_abc123XYZ';

describe('redactSecrets', () => {
  it('redacts secret-named properties', () => {
    const result = redactSecrets({ headers: { 'X-API-Key': KEY, accept: 'json' }, apiKey: KEY });

    expect(result).toEqual({
      headers: { 'X-API-Key': REDACTED, accept: 'json' },
      apiKey: REDACTED,
    });
  });

  it('redacts keys inside text', () => {
    expect(redactSecrets(`sent header X-API-Key: ${KEY} to host`)).toBe(
      `sent header X-API-Key: ${REDACTED} to host`,
    );
  });

  it('redacts listed secrets anywhere', () => {
    expect(redactSecrets({ note: 'password is hunter2' }, ['hunter2'])).toEqual({
      note: `password is ${REDACTED}`,
    });
  });

  it('copies errors with name and message', () => {
    const error = Object.assign(new Error(`failed with ${KEY}`), { status: 401 });

    expect(redactSecrets(error)).toEqual({
      name: 'Error',
      message: `failed with ${REDACTED}`,
      status: 401,
    });
  });

  it('marks cycles and functions', () => {
    const looped: Record<string, unknown> = { name: 'a', run: () => 1 };
    looped.self = looped;

    expect(redactSecrets(looped)).toEqual({ name: 'a', run: '[function]', self: '[circular]' });
  });

  it('keeps repeated non-cyclic references', () => {
    const shared = { id: 1 };

    expect(redactSecrets({ first: shared, second: shared })).toEqual({
      first: { id: 1 },
      second: { id: 1 },
    });
  });
});

const machine = setup({
  types: { context: {} as { note: string }, events: {} as { type: 'note'; text: string } },
}).createMachine({
  id: 'notes',
  context: { note: '' },
  on: { note: { actions: assign({ note: ({ event }) => event.text }) } },
});

describe('redactingInspect', () => {
  it('redacts events and contexts it passes on', () => {
    const seen: InspectionEvent[] = [];
    const actor = createActor(machine, { inspect: redactingInspect((event) => seen.push(event)) });
    actor.start();
    actor.send({ type: 'note', text: `key ${KEY}` });

    const text = JSON.stringify(
      seen.map((event) =>
        'snapshot' in event ? (event.snapshot as unknown as { context: unknown }).context : event,
      ),
    );
    expect(text).not.toContain(KEY);
    expect(text).toContain(REDACTED);
    expect(actor.getSnapshot().context.note).toBe(`key ${KEY}`);
  });

  it('keeps snapshot methods usable', () => {
    const matched: boolean[] = [];
    const actor = createActor(machine, {
      inspect: redactingInspect((event) => {
        if (event.type === '@xstate.snapshot') {
          matched.push(
            (event.snapshot as unknown as { matches(value: string): boolean }).matches('nothing'),
          );
        }
      }),
    });
    actor.start();

    expect(matched.length).toBeGreaterThan(0);
    expect(matched.every((value) => value === false)).toBe(true);
  });
});

describe('toRecordedEvent', () => {
  it('records JSON-safe redacted events', () => {
    const recorded: unknown[] = [];
    const actor = createActor(machine, {
      inspect: (event) => recorded.push(toRecordedEvent(event, { nowMs: 42 })),
    });
    actor.start();
    actor.send({ type: 'note', text: KEY });

    const text = JSON.stringify(recorded);
    expect(text).not.toContain(KEY);
    expect(recorded).toContainEqual(
      expect.objectContaining({
        type: '@xstate.snapshot',
        machineId: 'notes',
        snapshot: { value: {}, status: 'active', context: { note: REDACTED } },
        atMs: 42,
      }),
    );
  });
});
