import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/api/job.js';
import { createDomeClient, type DomeClient } from '../../src/client/index.js';
import { createSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { linesOf, REPO_ROOT, runCli, STACK_FRAME } from './support.js';

const API_KEY = 'dome_live_markupresume7';

let server: RunningSimulator;
let client: DomeClient;
let env: Record<string, string>;

beforeAll(async () => {
  server = await createSimulator({ speed: 1000 }).listen({ port: 0 });
  client = createDomeClient({ apiKey: API_KEY, baseUrl: server.baseUrl });
  env = { DOME_BASE_URL: server.baseUrl, DOME_API_KEY: API_KEY };
});

afterAll(async () => {
  await server.close();
});

async function sampleDataUrl(name: string): Promise<string> {
  const bytes = await readFile(join(REPO_ROOT, 'assets/samples', name));
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/** Polls the markup job every 10 ms until `ready` accepts it. */
async function waitFor(jobId: string, ready: (job: Job) => boolean): Promise<Job> {
  for (;;) {
    const job = await client.getMarkupJob(jobId);
    if (ready(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function markupAwaitingAnnotation(): Promise<string> {
  const { job_id: jobId } = await client.startMarkup({ address: '9 Resume Rd, Perth WA 6000' });
  await waitFor(jobId, (job) => job.status === 'awaiting_input');
  await client.selectOrientation(jobId, 'bottom');
  await waitFor(
    jobId,
    (job) => job.status === 'running' && job.output?.step === 'annotation_ready',
  );
  return jobId;
}

describe('markup --job-id without terminal', { timeout: 60_000 }, () => {
  it('requests video of completed job', async () => {
    const jobId = await markupAwaitingAnnotation();
    await client.annotate(jobId, {
      annotatedImage: await sampleDataUrl('annotated.png'),
      cleanImage: await sampleDataUrl('clean.png'),
    });
    await waitFor(jobId, (job) => job.status === 'completed');

    const run = await runCli(['markup', '--job-id', jobId, '--video'], env);

    expect(run.stderr).not.toContain('Missing --annotated-image');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/video_url: http\S+video\.mp4/);
  });

  it('notes ignored flags of completed job', async () => {
    const jobId = await markupAwaitingAnnotation();
    await client.annotate(jobId, {
      annotatedImage: await sampleDataUrl('annotated.png'),
      cleanImage: await sampleDataUrl('clean.png'),
    });
    await waitFor(jobId, (job) => job.status === 'completed');

    const run = await runCli(
      [
        'markup',
        '--job-id',
        jobId,
        '--orientation',
        'left',
        '--annotated-image',
        join(REPO_ROOT, 'assets/samples/annotated.png'),
        '--clean-image',
        join(REPO_ROOT, 'assets/samples/clean.png'),
      ],
      env,
    );

    expect(run.exitCode).toBe(0);
    const notes = linesOf(run.stderr).filter((line) => line.includes('ignored'));
    expect(notes).toEqual([
      `Note: job ${jobId} was already past the steps that take --orientation, ` +
        '--annotated-image, --clean-image, so the given values were ignored.',
    ]);
  });

  it('notes ignored orientation at annotation', async () => {
    const jobId = await markupAwaitingAnnotation();

    const run = await runCli(
      [
        'markup',
        '--job-id',
        jobId,
        '--orientation',
        'left',
        '--annotated-image',
        join(REPO_ROOT, 'assets/samples/annotated.png'),
        '--clean-image',
        join(REPO_ROOT, 'assets/samples/clean.png'),
      ],
      env,
    );

    expect(run.exitCode).toBe(0);
    const notes = linesOf(run.stderr).filter((line) => line.includes('ignored'));
    expect(notes).toEqual([
      `Note: job ${jobId} was already past the steps that take --orientation, ` +
        'so the given values were ignored.',
    ]);
  });

  it('names missing files at annotation', async () => {
    const jobId = await markupAwaitingAnnotation();

    const run = await runCli(['markup', '--job-id', jobId], env);

    expect(run.exitCode).toBe(2);
    const lastLine = linesOf(run.stderr).at(-1);
    expect(lastLine).toBe(
      'dome-flows: error: Missing --annotated-image and --clean-image: expected both image ' +
        `files for the annotation step of job ${jobId}. Job ${jobId} waits at ` +
        `awaiting_input; continue it with --job-id ${jobId}.`,
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
