import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, DEFAULT_TIMELINES, type Simulator } from '../../src/simulator/index.js';
import { ADDRESS, callApi, submitJob } from './support.js';

const { queuedMs, droneFootageMs, imageEnhancementMs, markupCaptureMs, markupFinalizingMs } =
  DEFAULT_TIMELINES;
const PNG_BYTES = readFileSync(new URL('../../assets/files/image.png', import.meta.url));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-02-09T10:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

async function download(sim: Simulator, url: string) {
  const response = await sim.fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

function isJpeg(bytes: Buffer) {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

describe('output files', () => {
  it('serves drone video and thumbnail', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    vi.advanceTimersByTime(queuedMs + droneFootageMs);
    const { output } = (await callApi(sim, 'GET', `jobs/${jobId}`)).body.data;

    const video = await download(sim, output.video_url);
    const thumbnail = await download(sim, output.thumbnail_url);

    expect(video.status).toBe(200);
    expect(video.contentType).toBe('video/mp4');
    expect(video.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.contentType).toBe('image/jpeg');
    expect(isJpeg(thumbnail.bytes)).toBe(true);
  });

  it('serves the enhanced image', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'image-enhancement/generate', {
      image_url: 'https://example.com/house.jpg',
    });
    vi.advanceTimersByTime(queuedMs + imageEnhancementMs);
    const { output } = (await callApi(sim, 'GET', `jobs/${jobId}`)).body.data;

    const image = await download(sim, output.enhanced_url);

    expect(image.contentType).toBe('image/jpeg');
    expect(isJpeg(image.bytes)).toBe(true);
  });

  it('serves markup variants, document and upload', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'markup/generate', { address: ADDRESS });
    vi.advanceTimersByTime(queuedMs + markupCaptureMs);
    const awaiting = (await callApi(sim, 'GET', `markup/jobs/${jobId}`)).body.data;
    const [variant] = awaiting.output.orientation_variants;

    expect(isJpeg((await download(sim, variant.preview_url)).bytes)).toBe(true);
    expect(isJpeg((await download(sim, variant.enhanced_url)).bytes)).toBe(true);

    await callApi(sim, 'POST', `markup/jobs/${jobId}/select`, {
      json: { orientation: variant.key },
    });
    await callApi(sim, 'POST', `markup/jobs/${jobId}/annotate`, {
      json: {
        annotated_image: `data:image/png;base64,${PNG_BYTES.toString('base64')}`,
        clean_image: 'https://example.com/clean.png',
      },
    });
    vi.advanceTimersByTime(markupFinalizingMs);
    const { output } = (await callApi(sim, 'GET', `markup/jobs/${jobId}`)).body.data;

    const document = await download(sim, output.document_url);
    expect(document.contentType).toBe('application/pdf');
    expect(document.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const annotated = await download(sim, output.annotated_image_url);
    expect(annotated.contentType).toBe('image/png');
    expect(annotated.bytes.equals(PNG_BYTES)).toBe(true);
  });

  it('hides files before the output links them', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const early = await sim.fetch(`http://simulator.invalid/files/${jobId}/video.mp4`);

    expect(early.status).toBe(404);
    expect((await early.json()).error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['an unknown job', () => crypto.randomUUID(), 'video.mp4'],
    ['an unlinked name', (jobId: string) => jobId, 'document.pdf'],
  ])('rejects %s', async (_label, pickJobId, name) => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    vi.advanceTimersByTime(queuedMs + droneFootageMs);

    const response = await sim.fetch(`http://simulator.invalid/files/${pickJobId(jobId)}/${name}`);

    expect(response.status).toBe(404);
  });
});
