import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomeInputError } from '../../src/errors/job-errors.js';
import {
  createInspectionRecorder,
  parseRecording,
  readRecording,
} from '../../src/inspection/recording.js';
import { runDroneFootage } from '../../src/runtime/run-job.js';
import { API_KEY, createHarness } from '../machines/support.js';
import { settle } from '../runtime/support.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dome-flows-recording-'));
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(folder, { recursive: true, force: true });
});

describe('inspection recorder', () => {
  it('writes parseable lines without the key', async () => {
    const { client } = createHarness();
    const path = join(folder, 'run.jsonl');
    const recorder = await createInspectionRecorder(path, { secrets: [API_KEY] });

    const outcome = await settle(
      runDroneFootage(client, { address: '1 Main St, Perth' }, { inspect: recorder.inspect }),
    );
    await recorder.close();

    expect(outcome.value?.status).toBe('completed');
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(API_KEY);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(recorder.eventCount);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();

    const events = await readRecording(path);
    expect(events).toHaveLength(recorder.eventCount);
    expect(events[0]?.type).toBe('@xstate.actor');
    expect(events[0]?.machineId).toBe('droneFootage');
    expect(events[0]?.parentId).toBeUndefined();
    const lastRoot = events.filter((event) => event.type === '@xstate.snapshot').at(-1);
    expect(lastRoot?.snapshot?.status).toBe('done');
  });

  it('rejects an unwritable path', async () => {
    const path = join(folder, 'missing-folder', 'run.jsonl');

    await expect(createInspectionRecorder(path)).rejects.toThrow(/ENOENT/);
  });
});

describe('parseRecording', () => {
  it('skips blank lines', () => {
    const line = JSON.stringify({ type: '@xstate.event', actorId: 'x:0', atMs: 1 });

    expect(parseRecording(`${line}\n\n${line}\n`)).toHaveLength(2);
  });

  it.each([
    ['not JSON', '{oops', /line 2: expected one JSON object/],
    ['a wrong shape', JSON.stringify({ type: 'other', atMs: 'soon' }), /line 2: not a recorded/],
  ])('rejects %s with its line', (_case, badLine, message) => {
    const good = JSON.stringify({ type: '@xstate.event', actorId: 'x:0', atMs: 1 });

    expect(() => parseRecording(`${good}\n${badLine}\n`, 'run.jsonl')).toThrow(DomeInputError);
    expect(() => parseRecording(`${good}\n${badLine}\n`, 'run.jsonl')).toThrow(message);
  });

  it('reads a file written by hand', async () => {
    const path = join(folder, 'hand.jsonl');
    writeFileSync(path, `${JSON.stringify({ type: '@xstate.actor', actorId: 'x:0', atMs: 5 })}\n`);

    const events = await readRecording(path);

    expect(events.map((event) => event.atMs)).toEqual([5]);
  });
});
