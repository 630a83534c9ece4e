import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/persistence/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ChildReport, PlannedJob } from './crash-child.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 25_000;

/** Where a child is killed: when a job reaches a state, or once the POST of a job is handled. */
type KillPoint = { atState: string } | { afterSubmitHandled: true };

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * Returns a simulator clock that pauses while no child runs, so a job does not skip a status
 * while the next child process starts.
 */
function pausableClock() {
  let pausedAtMs: number | null = null;
  let pausedTotalMs = 0;
  return {
    now: () => (pausedAtMs ?? Date.now()) - pausedTotalMs,
    pause() {
      pausedAtMs ??= Date.now();
    },
    resume() {
      if (pausedAtMs !== null) pausedTotalMs += Date.now() - pausedAtMs;
      pausedAtMs = null;
    },
  };
}

/**
 * Serves the simulator on 127.0.0.1. With `loseSubmitResponse` set, the next submission is
 * handled but its response never sent, and `onSubmitHandled` runs.
 */
async function serve(sim: Simulator) {
  const control = { loseSubmitResponse: false, onSubmitHandled: () => {} };
  const server = createAdaptorServer({
    fetch: async (request: Request) => {
      const isSubmit = request.method === 'POST' && request.url.endsWith('/generate');
      if (!isSubmit || !control.loseSubmitResponse) return sim.fetch(request);
      control.loseSubmitResponse = false;
      await sim.fetch(request);
      control.onSubmitHandled();
      return new Promise<Response>(() => {});
    },
    overrideGlobalObjects: false,
  }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ChildRun {
  reports: ChildReport[];
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  stderr: string;
}

/** Runs one child until it freezes at `killAt` (then kills it) or until it exits. */
function runChild(
  args: string[],
  killAt: string | undefined,
  onReady: () => void,
  expose: (child: ChildProcess) => void,
): Promise<ChildRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD_SCRIPT, ...args, ...(killAt ? [killAt] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  expose(child);
  const run: ChildRun = { reports: [], signal: null, exitCode: null, stderr: '' };
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const report = JSON.parse(line) as ChildReport;
    run.reports.push(report);
    if (report.type === 'ready') onReady();
    if (report.type === 'frozen') child.kill('SIGKILL');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('exit', (exitCode, signal) => {
      clearTimeout(timer);
      run.exitCode = exitCode;
      run.signal = signal;
      resolve(run);
    });
  });
}

/**
 * Runs one job through a chain of child processes: each is killed at the next kill point, and
 * a last one resumes the job to the end. Returns every child's run and the simulator.
 */
async function runChain(job: PlannedJob, killPoints: KillPoint[]) {
  const folder = mkdtempSync(join(tmpdir(), 'dome-flows-crash-'));
  folders.push(folder);
  const databasePath = join(folder, 'jobs.sqlite');

  const clock = pausableClock();
  clock.pause();
  const sim = createSimulator({
    now: clock.now,
    timelines: {
      // Each phase outlasts the one-second gap between requests about a job, so a poll lands
      // inside every phase and no state is skipped.
      queuedMs: 1_500,
      droneFootageMs: 2_000,
      markupCaptureMs: 1_500,
      markupFinalizingMs: 1_500,
      markupVideoMs: 1_500,
    },
  });
  const server = await serve(sim);

  const runs: ChildRun[] = [];
  try {
    for (const killPoint of [...killPoints, undefined]) {
      let child: ChildProcess | undefined;
      server.control.loseSubmitResponse =
        killPoint !== undefined && 'afterSubmitHandled' in killPoint;
      server.control.onSubmitHandled = () => child?.kill('SIGKILL');

      const killAt =
        killPoint !== undefined && 'atState' in killPoint
          ? `${job.key}:${killPoint.atState}`
          : undefined;
      const run = await runChild(
        [databasePath, server.baseUrl, JSON.stringify([job])],
        killAt,
        clock.resume,
        (started) => {
          child = started;
        },
      );
      clock.pause();
      runs.push(run);
    }
  } finally {
    await server.close();
  }

  const store = createSqliteStore({ path: databasePath });
  const record = store.load(job.key);
  store.close();
  return { runs, sim, record };
}

function frozenStates(runs: ChildRun[]) {
  return runs.flatMap((run) =>
    run.reports.flatMap((report) => (report.type === 'frozen' ? [report.state] : [])),
  );
}

function completions(runs: ChildRun[]) {
  return runs.flatMap((run) =>
    run.reports.filter((report) => report.type === 'outcome' && report.status === 'completed'),
  );
}

function countRequests(sim: Simulator, method: string, pathEnd: string) {
  return sim.requests.filter(
    (request) => request.method === method && request.path.endsWith(pathEnd),
  ).length;
}

const DRONE_STATES = [
  'submitting',
  'queued.waiting',
  'queued.fetching',
  'running.waiting',
  'running.fetching',
  'completed',
];

const MARKUP_STATES = [
  'submitting',
  'queued.waiting',
  'running.waiting',
  'awaitingInput.choosing',
  'awaitingInput.selecting',
  'running.annotationReady',
  'running.annotating',
  'running.waiting',
  'completed.ready',
  'completed.requestingVideo',
  'completed.renderingVideo.waiting',
  'done',
];

describe('killed with SIGKILL at every state', () => {
  it('completes each job exactly once', { timeout: 120_000 }, async () => {
    // The first child dies before its POST leaves. The second dies after the server created
    // the job but before the response arrived. Later children die at each state in turn.
    const chainFor = (states: string[]): KillPoint[] => [
      { atState: 'submitting' },
      { afterSubmitHandled: true },
      ...states.slice(1).map((atState) => ({ atState })),
    ];
    const [drone, markup] = await Promise.all([
      runChain(
        {
          key: 'drone-1',
          kind: 'droneFootage',
          request: { address: '1 Crash St, Hobart TAS 7000' },
        },
        chainFor(DRONE_STATES),
      ),
      runChain(
        { key: 'markup-1', kind: 'markup', request: { address: '2 Crash St, Hobart TAS 7000' } },
        chainFor(MARKUP_STATES),
      ),
    ]);

    for (const { runs } of [drone, markup]) {
      const killed = runs.slice(0, -1);
      const last = runs.at(-1);
      expect(killed.map((run) => run.signal)).toEqual(killed.map(() => 'SIGKILL'));
      expect(last?.stderr).toBe('');
      expect(last?.exitCode).toBe(0);
    }
    expect(frozenStates(drone.runs)).toEqual(DRONE_STATES);
    expect(frozenStates(markup.runs)).toEqual(MARKUP_STATES);

    expect(countRequests(drone.sim, 'POST', '/generate')).toBe(1);
    expect(drone.sim.listAllJobs().map((job) => job.status)).toEqual(['completed']);
    expect(drone.record).toMatchObject({ done: true, state: 'completed' });
    expect(drone.record?.jobId).toBe(drone.sim.listAllJobs()[0]?.id);
    expect(completions(drone.runs).length).toBeLessThanOrEqual(1);

    expect(countRequests(markup.sim, 'POST', '/generate')).toBe(1);
    expect(countRequests(markup.sim, 'POST', '/select')).toBe(1);
    expect(countRequests(markup.sim, 'POST', '/annotate')).toBe(1);
    expect(countRequests(markup.sim, 'POST', '/video')).toBe(1);
    expect(markup.sim.listAllJobs().map((job) => job.output?.video_status)).toEqual(['ready']);
    expect(markup.record).toMatchObject({ done: true, state: 'done' });
    expect(markup.record?.jobId).toBe(markup.sim.listAllJobs()[0]?.id);
    expect(completions(markup.runs).length).toBeLessThanOrEqual(1);
  });
});
