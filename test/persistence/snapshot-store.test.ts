import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
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

  it('keeps the pending submission', () => {
    const store = createStore();
    const submission = { attemptedAtMs: 1_500, body: { address: '1 Main St' } };
    store.save(record({ submission }));

    expect(store.load('local-1')?.submission).toEqual(submission);
    store.save(record({ jobId: 'job-1', state: 'queued' }));
    expect(store.load('local-1')?.submission).toBeUndefined();
    store.close();
  });

  it('grants a step claim once', () => {
    const store = createStore();

    expect(store.claimStep('local-1', 'orientation.select', 1)).toBe(true);
    expect(store.claimStep('local-1', 'orientation.select', 2)).toBe(false);
    expect(store.claimStep('local-1', 'annotation.submit', 3)).toBe(true);
    expect(store.claimStep('local-2', 'orientation.select', 4)).toBe(true);
    store.close();
  });

  it('grants a released claim again', () => {
    const store = createStore();
    store.claimStep('local-1', 'orientation.select', 1);
    store.releaseStep('local-1', 'orientation.select');

    expect(store.claimStep('local-1', 'orientation.select', 2)).toBe(true);
    store.close();
  });

  it('drops claims with the record', () => {
    const store = createStore();
    store.save(record());
    store.claimStep('local-1', 'orientation.select', 1);
    store.delete('local-1');

    expect(store.claimStep('local-1', 'orientation.select', 2)).toBe(true);
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

  it('upgrades a file without the submission column', () => {
    const path = temporaryDatabasePath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    old.exec(`CREATE TABLE jobs (key TEXT PRIMARY KEY, machine_id TEXT NOT NULL, job_id TEXT,
      state TEXT NOT NULL, done INTEGER NOT NULL, snapshot TEXT NOT NULL,
      updated_at_ms INTEGER NOT NULL)`);
    old.close();

    const store = createSqliteStore({ path });
    const submission = { attemptedAtMs: 1, body: { address: '1 Main St' } };
    store.save(record({ submission }));
    expect(store.load('local-1')?.submission).toEqual(submission);
    store.close();
  });

  it('shares step claims between connections', () => {
    const path = temporaryDatabasePath();
    const first = createSqliteStore({ path });
    const second = createSqliteStore({ path });

    expect(first.claimStep('local-1', 'orientation.select', 1)).toBe(true);
    expect(second.claimStep('local-1', 'orientation.select', 2)).toBe(false);
    first.close();
    second.close();
  });

  it('rejects use after close', () => {
    const store = createSqliteStore({ path: temporaryDatabasePath() });
    store.close();

    expect(() => store.load('local-1')).toThrow();
  });
});
