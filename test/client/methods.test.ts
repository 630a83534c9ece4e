import { afterEach, describe, expect, it } from 'vitest';
import { JobSchema } from '../../src/api/job.js';
import { MarkupCompletedOutputSchema } from '../../src/api/outputs.js';
import { createSimulator, DEFAULT_TIMELINES } from '../../src/simulator/index.js';
import { ADDRESS, type Connection, connect, TRANSPORTS } from './support.js';

const { queuedMs, droneFootageMs, imageEnhancementMs, markupCaptureMs, markupFinalizingMs } =
  DEFAULT_TIMELINES;
const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

const connections: Connection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

/** Creates a simulator on a manual clock, so HTTP and in-process runs advance time alike. */
function manualClockSimulator() {
  const clock = { nowMs: Date.parse('2026-02-09T10:00:00.000Z') };
  const sim = createSimulator({ now: () => clock.nowMs });
  return { sim, clock };
}

describe.each(TRANSPORTS)('client methods (%s)', (kind) => {
  async function setUp() {
    const { sim, clock } = manualClockSimulator();
    const connection = await connect(sim, kind);
    connections.push(connection);
    return { sim, clock, client: connection.client };
  }

  it('submitDroneFootage then getJob', async () => {
    const { sim, clock, client } = await setUp();

    const accepted = await client.submitDroneFootage({ address: ADDRESS });
    expect(accepted.status).toBe('queued');
    expect(sim.inspectJob(accepted.job_id)?.job.input).toEqual({ address: ADDRESS });

    clock.nowMs += queuedMs + droneFootageMs;
    const job = await client.getJob(accepted.job_id);

    expect(job.id).toBe(accepted.job_id);
    expect(job.job_type).toBe('drone_footage');
    expect(job.status).toBe('completed');
    expect(job.output?.video_url).toContain(`/files/${accepted.job_id}/video.mp4`);
  });

  it('submitImageEnhancement sends image_url', async () => {
    const { sim, clock, client } = await setUp();

    const accepted = await client.submitImageEnhancement({ imageUrl: 'https://example.com/a.jpg' });
    clock.nowMs += queuedMs + imageEnhancementMs;
    const job = await client.getJob(accepted.job_id);

    expect(sim.inspectJob(accepted.job_id)?.job.input).toEqual({
      image_url: 'https://example.com/a.jpg',
    });
    expect(job.job_type).toBe('image_enhancement');
    expect(job.status).toBe('completed');
  });

  it('runs the whole markup flow', async () => {
    const { clock, client } = await setUp();

    const { job_id: jobId } = await client.startMarkup({ address: ADDRESS });
    clock.nowMs += queuedMs + markupCaptureMs;
    const awaiting = await client.getMarkupJob(jobId);
    expect(awaiting.status).toBe('awaiting_input');

    const selected = await client.selectOrientation(jobId, 'right');
    expect(selected.status).toBe('running');
    expect(selected.output).toEqual({ step: 'annotation_ready', orientation: 'right' });

    const annotating = await client.annotate(jobId, {
      annotatedImage: PNG_DATA_URL,
      cleanImage: 'https://example.com/clean.png',
    });
    expect(annotating.output?.step).toBe('finalizing');

    clock.nowMs += markupFinalizingMs;
    const video = await client.requestVideo(jobId);
    expect(video.status).toBe('completed');
    const output = MarkupCompletedOutputSchema.parse(video.output);
    expect(output.orientation).toBe('right');
    expect(output.video_status).toBe('rendering');
  });

  it('listJobs returns one page', async () => {
    const { client } = await setUp();
    const first = await client.submitDroneFootage({ address: ADDRESS });
    const second = await client.startMarkup({ address: ADDRESS });

    const page = await client.listJobs({ limit: 1 });
    const markupOnly = await client.listJobs({ jobType: 'markup', status: 'queued' });

    expect(page.jobs.map((job) => job.id)).toEqual([second.job_id]);
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 0, hasMore: true });
    expect(markupOnly.jobs.map((job) => job.id)).toEqual([second.job_id]);
    expect(markupOnly.jobs.map((job) => job.id)).not.toContain(first.job_id);
  });

  it('iterateJobs walks several pages', async () => {
    const { sim, clock, client } = await setUp();
    const submitted: string[] = [];
    for (let i = 0; i < 7; i++) {
      submitted.push((await client.submitDroneFootage({ address: `${i} Collins St` })).job_id);
      clock.nowMs += 1000;
    }
    const requestsBefore = sim.requests.length;

    const seen: string[] = [];
    for await (const job of client.iterateJobs({ limit: 3 })) {
      seen.push(JobSchema.parse(job).id);
    }

    expect(seen).toEqual([...submitted].reverse());
    const pageRequests = sim.requests.slice(requestsBefore);
    expect(pageRequests).toHaveLength(3);
    expect(pageRequests.every((request) => request.path === '/v1/jobs')).toBe(true);
  });

  it('iterateJobs ends on an empty list', async () => {
    const { sim, client } = await setUp();

    const seen = [];
    for await (const job of client.iterateJobs()) seen.push(job);

    expect(seen).toEqual([]);
    expect(sim.requests).toHaveLength(1);
  });
});
