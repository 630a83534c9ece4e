import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSchema } from '../../src/api/job.js';
import { createDomeClient } from '../../src/client/client.js';
import { createSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { linesOf, runCli, STACK_FRAME, spawnCli } from './support.js';

const API_KEY = 'dome_live_jobscommandtest42';

let server: RunningSimulator;
let env: Record<string, string>;
const submittedIds: string[] = [];

beforeAll(async () => {
  server = await createSimulator({ speed: 1000 }).listen({ port: 0 });
  env = { DOME_BASE_URL: server.baseUrl, DOME_API_KEY: API_KEY };

  const client = createDomeClient({ apiKey: API_KEY, baseUrl: server.baseUrl });
  for (const address of ['1 First St, Perth WA 6000', '2 Second St, Hobart TAS 7000']) {
    submittedIds.push((await client.submitDroneFootage({ address })).job_id);
  }
  submittedIds.push((await client.startMarkup({ address: '3 Third St, Darwin NT 0800' })).job_id);
});

afterAll(async () => {
  await server.close();
});

function expectNoKey(run: { stdout: string; stderr: string }) {
  expect(run.stdout).not.toContain(API_KEY);
  expect(run.stderr).not.toContain(API_KEY);
}

describe('dome-flows jobs over HTTP', { timeout: 60_000 }, () => {
  it('lists jobs as JSON lines', async () => {
    const run = await runCli(['jobs', 'list'], env);

    expect(run.exitCode).toBe(0);
    const jobs = linesOf(run.stdout).map((line) => JobSchema.parse(JSON.parse(line)));
    expect(jobs.map((job) => job.id).sort()).toEqual([...submittedIds].sort());
    expect(run.stderr).toBe('');
    expectNoKey(run);
  });

  it('filters by job type', async () => {
    const run = await runCli(['jobs', 'list', '--job-type', 'markup'], env);

    expect(run.exitCode).toBe(0);
    const jobs = linesOf(run.stdout).map((line) => JobSchema.parse(JSON.parse(line)));
    expect(jobs.map((job) => job.id)).toEqual([submittedIds[2]]);
  });

  it('reads every page with --all', async () => {
    const run = await runCli(['jobs', 'list', '--all', '--limit', '1', '--json'], env);

    expect(run.exitCode).toBe(0);
    const jobs = JobSchema.array().parse(JSON.parse(run.stdout));
    expect(jobs).toHaveLength(submittedIds.length);
  });

  it('prints one page as JSON array', async () => {
    const run = await runCli(['jobs', 'list', '--limit', '2', '--offset', '1', '--json'], env);

    expect(run.exitCode).toBe(0);
    const jobs = JobSchema.array().parse(JSON.parse(run.stdout));
    expect(jobs).toHaveLength(2);
  });

  it('accepts largest safe offset', async () => {
    const offset = String(Number.MAX_SAFE_INTEGER);
    const run = await runCli(['jobs', 'list', '--offset', offset, '--json'], env);

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('gets one job as JSON', async () => {
    const jobId = submittedIds[0] ?? '';
    const run = await runCli(['jobs', 'get', jobId], env);

    expect(run.exitCode).toBe(0);
    const job = JobSchema.parse(JSON.parse(run.stdout));
    expect(job.id).toBe(jobId);
    expect(job.job_type).toBe('drone_footage');
    expectNoKey(run);
  });

  it('reports an unknown job id', async () => {
    const unknownId = '7d0c5a5e-2f4b-4c1e-9a57-3e1f0b6c2d11';
    const run = await runCli(['jobs', 'get', unknownId], env);

    expect(run.exitCode).toBe(1);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('404 JOB_NOT_FOUND');
    expect(run.stderr).toContain(`job ${unknownId}`);
    expect(run.stderr).toMatch(/request req_/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expectNoKey(run);
  });

  it('reports a rejected API key', async () => {
    const wrongKey = 'not_a_dome_key_123';
    const run = await runCli(['jobs', 'list'], { ...env, DOME_API_KEY: wrongKey });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('401 UNAUTHORIZED');
    expect(run.stderr).not.toContain(wrongKey);
    expect(run.stdout).not.toContain(wrongKey);
  });

  it('runs a job against the server', async () => {
    const run = await runCli(
      ['drone-footage', '--address', '4 Fourth St, Canberra ACT 2600', '--json'],
      env,
    );

    expect(run.exitCode).toBe(0);
    const job = JobSchema.parse(JSON.parse(run.stdout));
    expect(job.status).toBe('completed');
    expect(job.output?.video_url).toMatch(new RegExp(`^${server.origin}/`));
    expect(run.stderr).not.toContain('embedded simulator');
    expectNoKey(run);
  });
});

describe('dome-flows Ctrl-C', { timeout: 60_000 }, () => {
  it('stops watching and names lookup', async () => {
    const child = spawnCli(['drone-footage', '--address', '5 Fifth St, Adelaide SA 5000'], env);
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first poll is 5 s after submission, so the signal lands while the job waits.
        if (stderr.includes('waiting for the first poll')) resolve();
      });
    });
    child.kill('SIGINT');

    expect(await exited).toBe(1);
    const jobId = /job (\S+), waiting for the first poll/.exec(stderr)?.[1];
    expect(jobId).toBeDefined();
    expect(stderr).toContain('stopped watching the drone footage job');
    expect(stderr).toContain(`Look it up later with: dome-flows jobs get ${jobId}`);
    expect(stderr).not.toMatch(STACK_FRAME);
  });
});
