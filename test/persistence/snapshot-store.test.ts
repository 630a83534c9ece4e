import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createSqliteStore,
  type SnapshotStore,
  type StoredJob,
} from '../../src/persistence/index.js';

const folders: string[] = [];

function temporaryDatabasePath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dome-flows-store-'));
  folders.push(folder);
  return join(folder, 'nested', 'jobs.sqlite');
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function record(overrides: Partial<StoredJob> = {}): StoredJob {
  return {
    key: 'local-1',
    machineId: 'droneFootage',
    jobId: null,
    state: 'submitting',
    done: false,
    snapshot: { status: 'active', value: 'submitting', context: { attempts: [1, 2] } },
    updatedAtMs: 1_000,
    ...overrides,
  };
}

const implementations: Array<[string, () => SnapshotStore]> = [
  ['memory', () => createMemoryStore()],
  ['sqlite', () => createSqliteStore({ path: temporaryDatabasePath() })],
];

describe.each(implementations)('%s store', (_name, createStore) => {
  it('loads what it saved', () => {
    const store = createStore();
    store.save(record());

    expect(store.load('local-1')).toEqual(record());
    expect(store.load('missing')).toBeUndefined();
    store.close();
  });

  it('replaces a record with the same key', () => {
    const store = createStore();
    store.save(record());
    store.save(record({ jobId: 'job-9', state: 'queued', updatedAtMs: 2_000 }));

    expect(store.list()).toHaveLength(1);
    expect(store.load('local-1')?.state).toBe('queued');
    expect(store.findByJobId('job-9')?.key).toBe('local-1');
    store.close();
  });

  it('keeps saved snapshots apart from caller objects', () => {
    const store = createStore();
    const saved = record();
    store.save(saved);
    (saved.snapshot as { value: string }).value = 'changed';

    expect(store.load('local-1')?.snapshot).toMatchObject({ value: 'submitting' });
    store.close();
  });

  it('lists by machine and completion', () => {
    const store = createStore();
    store.save(record({ key: 'a', machineId: 'markup', updatedAtMs: 3 }));
    store.save(record({ key: 'b', machineId: 'markup', done: true, updatedAtMs: 1 }));
    store.save(record({ key: 'c', machineId: 'droneFootage', updatedAtMs: 2 }));

    expect(store.list().map((job) => job.key)).toEqual(['b', 'c', 'a']);
    expect(store.list({ machineId: 'markup' }).map((job) => job.key)).toEqual(['b', 'a']);
    expect(store.list({ done: false }).map((job) => job.key)).toEqual(['c', 'a']);
    expect(store.list({ machineId: 'markup', done: true }).map((job) => job.key)).toEqual(['b']);
    store.close();
  });

  it('deletes by key', () => {
    const store = createStore();
    store.save(record());

    expect(store.delete('local-1')).toBe(true);
    expect(store.delete('local-1')).toBe(false);
    expect(store.load('local-1')).toBeUndefined();
    store.close();
  });
});

describe('sqlite store file', () => {
  it('keeps records across reopening', () => {
    const path = temporaryDatabasePath();
    const first = createSqliteStore({ path });
    first.save(record({ jobId: 'job-1', state: 'running' }));
    first.close();

    const second = createSqliteStore({ path });
    expect(second.load('local-1')).toEqual(record({ jobId: 'job-1', state: 'running' }));
    second.close();
  });

  it('rejects use after close', () => {
    const store = createSqliteStore({ path: temporaryDatabasePath() });
    store.close();

    expect(() => store.load('local-1')).toThrow();
  });
});
