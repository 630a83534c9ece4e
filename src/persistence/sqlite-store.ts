import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SnapshotStore, StoredJob, StoredJobFilter } from './snapshot-store.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; created with its folder on first use. `:memory:` keeps it in memory. */
  path: string;
  /**
   * How long a write waits for another process's lock before failing, in milliseconds.
   * @default 5000
   */
  busyTimeoutMs?: number | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  key TEXT PRIMARY KEY,
  machine_id TEXT NOT NULL,
  job_id TEXT,
  state TEXT NOT NULL,
  done INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_job_id ON jobs (job_id);
CREATE TABLE IF NOT EXISTS step_claims (
  key TEXT NOT NULL,
  step TEXT NOT NULL,
  claimed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (key, step)
);
`;

interface Row {
  key: string;
  machine_id: string;
  job_id: string | null;
  state: string;
  done: number;
  snapshot: string;
  updated_at_ms: number;
  submission: string | null;
}

/**
 * Creates a store backed by one SQLite file. Writes use WAL journaling with `synchronous=FULL`,
 * so a record that `save` returned from survives a killed process.
 */
export function createSqliteStore(options: SqliteStoreOptions): SnapshotStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });

  const db = new Database(options.path);
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  addSubmissionColumn(db);

  const upsert = db.prepare(
    `INSERT INTO jobs (key, machine_id, job_id, state, done, snapshot, updated_at_ms, submission)
     VALUES (@key, @machine_id, @job_id, @state, @done, @snapshot, @updated_at_ms, @submission)
     ON CONFLICT (key) DO UPDATE SET machine_id = excluded.machine_id, job_id = excluded.job_id,
       state = excluded.state, done = excluded.done, snapshot = excluded.snapshot,
       updated_at_ms = excluded.updated_at_ms, submission = excluded.submission`,
  );
  const byKey = db.prepare<[string], Row>('SELECT * FROM jobs WHERE key = ?');
  const byJobId = db.prepare<[string], Row>(
    'SELECT * FROM jobs WHERE job_id = ? ORDER BY updated_at_ms DESC LIMIT 1',
  );
  const listFiltered = db.prepare<[{ machine: string | null; done: number | null }], Row>(
    `SELECT * FROM jobs
     WHERE (@machine IS NULL OR machine_id = @machine) AND (@done IS NULL OR done = @done)
     ORDER BY updated_at_ms, key`,
  );
  const remove = db.prepare<[string]>('DELETE FROM jobs WHERE key = ?');
  const removeClaims = db.prepare<[string]>('DELETE FROM step_claims WHERE key = ?');
  // The primary key makes the insert the atomic test: a second claim changes no row.
  const insertClaim = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO step_claims (key, step, claimed_at_ms) VALUES (?, ?, ?)',
  );
  const removeClaim = db.prepare<[string, string]>(
    'DELETE FROM step_claims WHERE key = ? AND step = ?',
  );

  return {
    save(job) {
      upsert.run({
        key: job.key,
        machine_id: job.machineId,
        job_id: job.jobId,
        state: job.state,
        done: job.done ? 1 : 0,
        snapshot: JSON.stringify(job.snapshot),
        updated_at_ms: job.updatedAtMs,
        submission: job.submission === undefined ? null : JSON.stringify(job.submission),
      });
    },
    load(key) {
      const row = byKey.get(key);
      return row ? fromRow(row) : undefined;
    },
    findByJobId(jobId) {
      const row = byJobId.get(jobId);
      return row ? fromRow(row) : undefined;
    },
    list(filter?: StoredJobFilter) {
      const done = filter?.done === undefined ? null : Number(filter.done);
      return listFiltered.all({ machine: filter?.machineId ?? null, done }).map(fromRow);
    },
    delete(key) {
      removeClaims.run(key);
      return remove.run(key).changes > 0;
    },
    claimStep(key, step, atMs) {
      return insertClaim.run(key, step, Math.trunc(atMs)).changes === 1;
    },
    releaseStep(key, step) {
      removeClaim.run(key, step);
    },
    close() {
      db.close();
    },
  };
}

function fromRow(row: Row): StoredJob {
  return {
    key: row.key,
    machineId: row.machine_id,
    jobId: row.job_id,
    state: row.state,
    done: row.done === 1,
    snapshot: JSON.parse(row.snapshot) as unknown,
    updatedAtMs: row.updated_at_ms,
    ...(row.submission === null ? {} : { submission: JSON.parse(row.submission) }),
  };
}

/** Adds the `submission` column to a file created before it existed. */
function addSubmissionColumn(db: Database.Database) {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(jobs)').all();
  if (!columns.some((column) => column.name === 'submission')) {
    db.exec('ALTER TABLE jobs ADD COLUMN submission TEXT');
  }
}
