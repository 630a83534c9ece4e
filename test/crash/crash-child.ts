/**
 * Child process of the crash test. It resumes every job in the SQLite store, starts the jobs
 * of the plan that the store does not have yet, sends the markup human events, and reports
 * each saved state as a JSON line on stdout.
 *
 * When the job state named by `killAt` (`key:state`) is saved, it reports `frozen` and blocks
 * its thread until the test kills it with SIGKILL, so the process dies exactly at that state.
 *
 * Usage: node --import tsx crash-child.ts <database> <baseUrl> <plan JSON> [killAt]
 */
import { writeSync } from 'node:fs';
import type { AnyMachineSnapshot } from 'xstate';
import type { MarkupContext } from '../../machines/markup.js';
import { createDomeClient } from '../../src/client/client.js';
import { createSqliteStore } from '../../src/persistence/index.js';
import { InputRejectedError } from '../../src/runtime/input-rejected-error.js';
import type { JobKind } from '../../src/runtime/job-kinds.js';
import { createJobRunner, type JobSnapshotUpdate } from '../../src/runtime/job-runner.js';
import { PNG_DATA_URL } from '../persistence/support.js';

/** One job of the plan: its key, kind and request. */
export interface PlannedJob {
  key: string;
  kind: JobKind;
  request: Record<string, unknown>;
}

/** A line the child writes to stdout. */
export type ChildReport =
  | { type: 'ready' }
  | { type: 'state'; key: string; state: string }
  | { type: 'frozen'; key: string; state: string }
  | { type: 'rejected'; key: string; eventType: string }
  | { type: 'outcome'; key: string; status: string }
  | { type: 'finished' };

export const CRASH_TEST_API_KEY = 'dome_live_crashtest1';

const [databasePath, baseUrl, planJson, killAt] = process.argv.slice(2);
if (databasePath === undefined || baseUrl === undefined || planJson === undefined) {
  throw new Error('Usage: crash-child.ts <database> <baseUrl> <plan JSON> [killAt]');
}
const plan = JSON.parse(planJson) as PlannedJob[];

function report(line: ChildReport) {
  // Synchronous, so the line is out before the thread blocks or the process is killed.
  writeSync(1, `${JSON.stringify(line)}\n`);
}

function freezeUntilKilled() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  throw new Error(`Still alive 60 s after freezing at ${killAt}; the test should have killed it.`);
}

const store = createSqliteStore({ path: databasePath });
const runner = createJobRunner({
  client: createDomeClient({ apiKey: CRASH_TEST_API_KEY, baseUrl }),
  store,
  pollSchedule: { fastIntervalMs: 100, fastPhaseMs: 60_000, slowIntervalMs: 100 },
  // The simulator's clock pauses between children, so it runs behind this process's clock by
  // the time the children took to start: clock skew far above the 1 s default.
  submitClockSkewMs: 60_000,
  onSnapshot: (update) => {
    report({ type: 'state', key: update.key, state: update.state });
    if (`${update.key}:${update.state}` === killAt) {
      report({ type: 'frozen', key: update.key, state: update.state });
      freezeUntilKilled();
    }
    if (update.kind === 'markup') setImmediate(() => sendHumanStep(update));
  },
});

// State in which each markup job last got a human event, so a rejection does not trigger
// another event in the same state.
const answeredStates = new Map<string, string>();

/** Sends the human event that the markup job's state waits for, as a person would. */
function sendHumanStep(update: JobSnapshotUpdate) {
  const snapshot = update.snapshot as AnyMachineSnapshot;
  const context = snapshot.context as MarkupContext;
  if (runner.get(update.key)?.actor.getSnapshot() !== snapshot) return;
  if (answeredStates.get(update.key) === update.state) return;
  answeredStates.set(update.key, update.state);
  try {
    if (update.state === 'awaitingInput.choosing') {
      runner.selectOrientation(update.key, context.orientationVariants[0]?.key ?? '');
    } else if (update.state === 'running.annotationReady') {
      runner.submitAnnotation(update.key, {
        annotatedImage: PNG_DATA_URL,
        cleanImage: PNG_DATA_URL,
      });
    } else if (update.state === 'completed.ready') {
      const output = context.job?.output ?? {};
      if (output.video_url === undefined) runner.requestVideo(update.key);
      else runner.finish(update.key);
    }
  } catch (error) {
    if (!(error instanceof InputRejectedError)) throw error;
    report({ type: 'rejected', key: update.key, eventType: error.eventType });
  }
}

report({ type: 'ready' });
const jobs = await runner.resumeAll();
for (const job of plan) {
  if (store.load(job.key) === undefined) {
    jobs.push(runner.start(job.kind, job.request as never, { key: job.key }));
  }
}
await Promise.all(
  jobs.map(async (job) => {
    try {
      const output = await job.result;
      report({ type: 'outcome', key: job.key, status: output.status });
    } catch (error) {
      report({ type: 'outcome', key: job.key, status: `error: ${String(error)}` });
    }
  }),
);
store.close();
report({ type: 'finished' });
