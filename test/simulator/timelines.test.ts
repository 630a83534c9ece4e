import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobSchema } from '../../src/api/job.js';
import {
  DroneFootageOutputSchema,
  FailedOutputSchema,
  ImageEnhancementOutputSchema,
  MarkupAwaitingInputOutputSchema,
} from '../../src/api/outputs.js';
import { createSimulator, DEFAULT_TIMELINES } from '../../src/simulator/index.js';
import { ADDRESS, callApi, submitJob } from './support.js';

const START_MS = Date.parse('2026-02-09T10:00:00.000Z');
const { queuedMs, droneFootageMs, imageEnhancementMs, markupCaptureMs } = DEFAULT_TIMELINES;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START_MS);
});

afterEach(() => {
  vi.useRealTimers();
});

async function readJob(sim: ReturnType<typeof createSimulator>, jobId: string) {
  const response = await callApi(sim, 'GET', `jobs/${jobId}`);
  expect(response.status).toBe(200);
  return JobSchema.parse(response.body.data);
}

describe('job timelines', () => {
  it('drone job runs queued, running, completed', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const queued = await readJob(sim, jobId);
    expect(queued.status).toBe('queued');
    expect(queued.output).toEqual({});
    expect(queued.completed_at).toBeNull();
    expect(queued.created_at).toBe(new Date(START_MS).toISOString());
    expect(queued.updated_at).toBe(queued.created_at);

    vi.advanceTimersByTime(queuedMs - 1);
    expect((await readJob(sim, jobId)).status).toBe('queued');

    vi.advanceTimersByTime(1);
    const running = await readJob(sim, jobId);
    expect(running.status).toBe('running');
    expect(running.updated_at).toBe(new Date(START_MS + queuedMs).toISOString());
    expect(running.completed_at).toBeNull();

    vi.advanceTimersByTime(droneFootageMs);
    const completed = await readJob(sim, jobId);
    const doneAt = new Date(START_MS + queuedMs + droneFootageMs).toISOString();
    expect(completed.status).toBe('completed');
    expect(completed.completed_at).toBe(doneAt);
    expect(completed.updated_at).toBe(doneAt);
    const output = DroneFootageOutputSchema.parse(completed.output);
    expect(output.video_url).toBe(`http://simulator.invalid/files/${jobId}/video.mp4`);
    expect(output.duration).toBeGreaterThan(0);
  });

  it('image job completes with enhanced_url', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'image-enhancement/generate', {
      image_url: 'https://example.com/house.jpg',
    });

    vi.advanceTimersByTime(queuedMs + imageEnhancementMs - 1);
    expect((await readJob(sim, jobId)).status).toBe('running');

    vi.advanceTimersByTime(1);
    const completed = await readJob(sim, jobId);
    expect(completed.status).toBe('completed');
    expect(ImageEnhancementOutputSchema.parse(completed.output).enhanced_url).toContain(jobId);
  });

  it('markup job waits at awaiting_input', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'markup/generate', { address: ADDRESS });

    vi.advanceTimersByTime(queuedMs);
    const capturing = await readJob(sim, jobId);
    expect(capturing.status).toBe('running');
    expect(capturing.output).toEqual({ step: 'capturing' });

    vi.advanceTimersByTime(markupCaptureMs);
    const awaiting = await readJob(sim, jobId);
    expect(awaiting.status).toBe('awaiting_input');
    expect(awaiting.updated_at).toBe(new Date(START_MS + queuedMs + markupCaptureMs).toISOString());
    const variants = MarkupAwaitingInputOutputSchema.parse(awaiting.output).orientation_variants;
    expect(variants.map((variant) => variant.key)).toEqual(['top', 'right', 'bottom', 'left']);

    vi.advanceTimersByTime(24 * 60 * 60 * 1000);
    const later = await readJob(sim, jobId);
    expect(later.status).toBe('awaiting_input');
    expect(later.updated_at).toBe(awaiting.updated_at);
  });

  it('speed compresses the timeline', async () => {
    const sim = createSimulator({ speed: 10 });
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    const totalMs = (queuedMs + droneFootageMs) / 10;

    vi.advanceTimersByTime(totalMs - 1);
    expect((await readJob(sim, jobId)).status).toBe('running');

    vi.advanceTimersByTime(1);
    expect((await readJob(sim, jobId)).status).toBe('completed');
  });

  it('custom timelines replace the defaults', async () => {
    const sim = createSimulator({ timelines: { queuedMs: 100, droneFootageMs: 200 } });
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    vi.advanceTimersByTime(100);
    expect((await readJob(sim, jobId)).status).toBe('running');

    vi.advanceTimersByTime(200);
    expect((await readJob(sim, jobId)).status).toBe('completed');
  });

  it('injected clock drives the status', async () => {
    let nowMs = START_MS;
    const sim = createSimulator({ now: () => nowMs });
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    nowMs += queuedMs + droneFootageMs;
    expect((await readJob(sim, jobId)).status).toBe('completed');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects speed %s', (speed) => {
    expect(() => createSimulator({ speed })).toThrow(/speed/);
  });

  it('rejects a negative timeline', () => {
    expect(() => createSimulator({ timelines: { queuedMs: -5 } })).toThrow(/queuedMs/);
  });
});

describe('job scenarios', () => {
  it('#fail address fails while running', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: `${ADDRESS} #fail` });

    vi.advanceTimersByTime(queuedMs);
    expect((await readJob(sim, jobId)).status).toBe('running');

    vi.advanceTimersByTime(droneFootageMs);
    const failed = await readJob(sim, jobId);
    expect(failed.status).toBe('failed');
    expect(failed.completed_at).toBeNull();
    expect(FailedOutputSchema.parse(failed.output).error.code).toBe('GENERATION_FAILED');
  });

  it('#fail image_url fails too', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'image-enhancement/generate', {
      image_url: 'https://example.com/house.jpg#fail',
    });

    vi.advanceTimersByTime(queuedMs + imageEnhancementMs);
    expect((await readJob(sim, jobId)).status).toBe('failed');
  });

  it('#fail markup fails after capture', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'markup/generate', { address: `${ADDRESS} #fail` });

    vi.advanceTimersByTime(queuedMs + markupCaptureMs - 1);
    expect((await readJob(sim, jobId)).status).toBe('running');

    vi.advanceTimersByTime(1);
    expect((await readJob(sim, jobId)).status).toBe('failed');
  });

  it('#slow multiplies the timeline by 10', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: `${ADDRESS} #slow` });

    vi.advanceTimersByTime((queuedMs + droneFootageMs) * 10 - 1);
    expect((await readJob(sim, jobId)).status).toBe('running');

    vi.advanceTimersByTime(1);
    expect((await readJob(sim, jobId)).status).toBe('completed');
  });

  it('scenario callback fails at queued', async () => {
    const seen: unknown[] = [];
    const sim = createSimulator({
      scenario: (job) => {
        seen.push(job);
        return {
          outcome: 'fail',
          failAt: 'queued',
          failure: { code: 'NO_IMAGERY', message: 'No imagery.' },
        };
      },
    });
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    expect(seen).toEqual([{ jobType: 'drone_footage', input: { address: ADDRESS } }]);
    vi.advanceTimersByTime(queuedMs);
    const failed = await readJob(sim, jobId);
    expect(failed.status).toBe('failed');
    expect(failed.updated_at).toBe(new Date(START_MS + queuedMs).toISOString());
    expect(failed.output).toEqual({ error: { code: 'NO_IMAGERY', message: 'No imagery.' } });
  });

  it('scenario durationFactor stretches the job', async () => {
    const sim = createSimulator({ scenario: () => ({ durationFactor: 2 }) });
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    vi.advanceTimersByTime(queuedMs * 2 - 1);
    expect((await readJob(sim, jobId)).status).toBe('queued');

    vi.advanceTimersByTime(1);
    expect((await readJob(sim, jobId)).status).toBe('running');
  });

  it('undefined scenario keeps built-in markers', async () => {
    const sim = createSimulator({ scenario: () => undefined });
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: `${ADDRESS} #fail` });

    vi.advanceTimersByTime(queuedMs + droneFootageMs);
    expect((await readJob(sim, jobId)).status).toBe('failed');
  });
});
