import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_ANNOTATION_IMAGE_BYTES } from '../../src/api/assumptions.js';
import { JobSchema } from '../../src/api/job.js';
import { MarkupCompletedOutputSchema } from '../../src/api/outputs.js';
import { createSimulator, DEFAULT_TIMELINES, type Simulator } from '../../src/simulator/index.js';
import { ADDRESS, callApi, KEY_B, submitJob } from './support.js';

const { queuedMs, markupCaptureMs, markupFinalizingMs, markupVideoMs } = DEFAULT_TIMELINES;
const PNG_BYTES = readFileSync(new URL('../../assets/files/image.png', import.meta.url));
const PNG_DATA_URL = `data:image/png;base64,${PNG_BYTES.toString('base64')}`;
const CLEAN_URL = 'https://example.com/clean.png';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-02-09T10:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

async function markupAwaitingInput(sim: Simulator): Promise<string> {
  const jobId = await submitJob(sim, 'markup/generate', { address: ADDRESS });
  vi.advanceTimersByTime(queuedMs + markupCaptureMs);
  return jobId;
}

async function markupSelected(sim: Simulator): Promise<string> {
  const jobId = await markupAwaitingInput(sim);
  const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
    json: { orientation: 'left' },
  });
  expect(response.status).toBe(200);
  return jobId;
}

async function markupCompleted(sim: Simulator): Promise<string> {
  const jobId = await markupSelected(sim);
  const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
    json: { annotated_image: PNG_DATA_URL, clean_image: CLEAN_URL },
  });
  expect(response.status).toBe(200);
  vi.advanceTimersByTime(markupFinalizingMs);
  return jobId;
}

describe('markup flow', () => {
  it('GET markup/jobs reads a markup job', async () => {
    const sim = createSimulator();
    const jobId = await markupAwaitingInput(sim);

    const response = await callApi(sim, 'GET', `markup/jobs/${jobId}`);

    expect(response.status).toBe(200);
    const job = JobSchema.parse(response.body.data);
    expect(job.status).toBe('awaiting_input');
    expect(job.id).toBe(jobId);
  });

  it('select moves to annotation_ready', async () => {
    const sim = createSimulator();
    const jobId = await markupAwaitingInput(sim);
    vi.advanceTimersByTime(5_000);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
      json: { orientation: 'bottom' },
    });

    expect(response.status).toBe(200);
    const job = JobSchema.parse(response.body.data);
    expect(job.status).toBe('running');
    expect(job.output).toEqual({ step: 'annotation_ready', orientation: 'bottom' });
    expect(job.updated_at).toBe(new Date(Date.now()).toISOString());
    expect((await callApi(sim, 'GET', `jobs/${jobId}`)).body.data.output.step).toBe(
      'annotation_ready',
    );
  });

  it('annotate finalizes then completes', async () => {
    const sim = createSimulator();
    const jobId = await markupSelected(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
      json: { annotated_image: PNG_DATA_URL, clean_image: CLEAN_URL },
    });

    expect(response.status).toBe(200);
    expect(response.body.data.status).toBe('running');
    expect(response.body.data.output.step).toBe('finalizing');

    vi.advanceTimersByTime(markupFinalizingMs);
    const completed = JobSchema.parse(
      (await callApi(sim, 'GET', `markup/jobs/${jobId}`)).body.data,
    );
    expect(completed.status).toBe('completed');
    expect(completed.completed_at).toBe(completed.updated_at);
    const output = MarkupCompletedOutputSchema.parse(completed.output);
    expect(output.orientation).toBe('left');
    expect(output.document_url).toBe(`http://simulator.invalid/files/${jobId}/document.pdf`);
    expect(output.annotated_image_url).toBe(
      `http://simulator.invalid/files/${jobId}/annotated-image`,
    );
    expect(output.clean_image_url).toBe(CLEAN_URL);
    expect(output.video_status).toBeUndefined();
  });

  it('video renders then is ready', async () => {
    const sim = createSimulator();
    const jobId = await markupCompleted(sim);
    const completedAt = sim.inspectJob(jobId)?.job.completed_at;

    const rendering = await callApi(sim, 'POST', `markup/jobs/${jobId}/video`, { json: {} });
    expect(rendering.status).toBe(200);
    expect(rendering.body.data.status).toBe('completed');
    expect(rendering.body.data.output.video_status).toBe('rendering');
    expect(rendering.body.data.output.video_url).toBeUndefined();

    vi.advanceTimersByTime(markupVideoMs);
    const ready = JobSchema.parse((await callApi(sim, 'GET', `jobs/${jobId}`)).body.data);
    const output = MarkupCompletedOutputSchema.parse(ready.output);
    expect(output.video_status).toBe('ready');
    expect(output.video_url).toBe(`http://simulator.invalid/files/${jobId}/video.mp4`);
    expect(ready.status).toBe('completed');
    expect(ready.completed_at).toBe(completedAt);
  });

  it('video accepts an empty body', async () => {
    const sim = createSimulator();
    const jobId = await markupCompleted(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/video`);

    expect(response.status).toBe(200);
    expect(response.body.data.output.video_status).toBe('rendering');
  });

  it('second video request changes nothing', async () => {
    const sim = createSimulator();
    const jobId = await markupCompleted(sim);
    await callApi(sim, 'POST', `markup/jobs/${jobId}/video`, { json: {} });
    vi.advanceTimersByTime(markupVideoMs - 1);

    const again = await callApi(sim, 'POST', `markup/jobs/${jobId}/video`, { json: {} });
    expect(again.body.data.output.video_status).toBe('rendering');

    vi.advanceTimersByTime(1);
    const ready = await callApi(sim, 'POST', `markup/jobs/${jobId}/video`, { json: {} });
    expect(ready.body.data.output.video_status).toBe('ready');
    const readAfter = await callApi(sim, 'GET', `jobs/${jobId}`);
    expect(ready.body.data).toEqual(readAfter.body.data);
  });
});

describe('markup step errors', () => {
  it.each([
    ['select', { orientation: 'left' }],
    ['annotate', { annotated_image: CLEAN_URL, clean_image: CLEAN_URL }],
    ['video', {}],
  ])('%s while capturing names the status', async (step, json) => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'markup/generate', { address: ADDRESS });
    vi.advanceTimersByTime(queuedMs);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/${step}`, { json });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toContain('running (capturing)');
    expect(response.body.error.message).toContain(jobId);
  });

  it('select twice reports annotation_ready', async () => {
    const sim = createSimulator();
    const jobId = await markupSelected(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
      json: { orientation: 'top' },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('running (annotation_ready)');
    expect(sim.inspectJob(jobId)?.job.output?.orientation).toBe('left');
  });

  it('annotate before select reports awaiting_input', async () => {
    const sim = createSimulator();
    const jobId = await markupAwaitingInput(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
      json: { annotated_image: CLEAN_URL, clean_image: CLEAN_URL },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('awaiting_input');
  });

  it('video before completion reports finalizing', async () => {
    const sim = createSimulator();
    const jobId = await markupSelected(sim);
    await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
      json: { annotated_image: CLEAN_URL, clean_image: CLEAN_URL },
    });

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/video`, { json: {} });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('running (finalizing)');
  });

  it('select on a failed job reports failed', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'markup/generate', { address: `${ADDRESS} #fail` });
    vi.advanceTimersByTime(queuedMs + markupCaptureMs);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
      json: { orientation: 'top' },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('is failed');
  });

  it('select rejects an unoffered key', async () => {
    const sim = createSimulator();
    const jobId = await markupAwaitingInput(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
      json: { orientation: 'north' },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toContain('"north"');
    expect(response.body.error.message).toContain('top, right, bottom, left');
    expect(sim.inspectJob(jobId)?.job.status).toBe('awaiting_input');
  });

  it.each([{}, { orientation: '' }, { orientation: 3 }])('select rejects body %j', async (json) => {
    const sim = createSimulator();
    const jobId = await markupAwaitingInput(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, { json });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('orientation');
  });

  it.each([
    ['annotated_image', { clean_image: CLEAN_URL }],
    ['clean_image', { annotated_image: CLEAN_URL }],
    ['annotated_image', { annotated_image: 'ftp://example.com/a.png', clean_image: CLEAN_URL }],
    ['clean_image', { annotated_image: CLEAN_URL, clean_image: 'data:text/plain;base64,aGVsbG8=' }],
    ['clean_image', { annotated_image: CLEAN_URL, clean_image: 'data:image/png;base64,abc' }],
  ])('annotate names bad field %s', async (field, json) => {
    const sim = createSimulator();
    const jobId = await markupSelected(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, { json });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toContain(field);
    expect(sim.inspectJob(jobId)?.job.output?.step).toBe('annotation_ready');
  });

  it('annotate rejects an oversized image', async () => {
    const sim = createSimulator();
    const jobId = await markupSelected(sim);
    const oversized = Buffer.alloc(MAX_ANNOTATION_IMAGE_BYTES + 1).toString('base64');

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
      json: { annotated_image: CLEAN_URL, clean_image: `data:image/png;base64,${oversized}` },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('clean_image');
    expect(response.body.error.message).toContain(String(MAX_ANNOTATION_IMAGE_BYTES));
  });

  it('annotate accepts an image at the limit', async () => {
    const sim = createSimulator();
    const jobId = await markupSelected(sim);
    const atLimit = Buffer.alloc(MAX_ANNOTATION_IMAGE_BYTES).toString('base64');

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
      json: { annotated_image: `data:image/png;base64,${atLimit}`, clean_image: CLEAN_URL },
    });

    expect(response.status).toBe(200);
  });

  it.each([
    ['GET', ''],
    ['POST', '/select'],
    ['POST', '/annotate'],
    ['POST', '/video'],
  ])('markup path %s %s rejects drone jobs', async (method, step) => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const json = method === 'POST' ? {} : undefined;
    const response = await callApi(sim, method, `markup/jobs/${jobId}${step}`, { json });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('JOB_NOT_FOUND');
    expect(response.body.error.message).toContain('drone_footage');
  });

  it('step calls hide other keys jobs', async () => {
    const sim = createSimulator();
    const jobId = await markupAwaitingInput(sim);

    const response = await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
      key: KEY_B,
      json: { orientation: 'left' },
    });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('JOB_NOT_FOUND');
    expect(sim.inspectJob(jobId)?.job.status).toBe('awaiting_input');
  });
});
