import { afterEach, describe, expect, it } from 'vitest';
import {
  createSimulator,
  DEFAULT_TIMELINES,
  type RunningSimulator,
} from '../../src/simulator/index.js';
import { ADDRESS, callApi, KEY_A, submitJob } from './support.js';

const running: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('simulator over HTTP', () => {
  it('listens on an ephemeral loopback port', async () => {
    const server = await createSimulator().listen();
    running.push(server);

    expect(server.port).toBeGreaterThan(0);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.baseUrl).toBe(`${server.origin}/v1`);
  });

  it('listens on a requested port', async () => {
    const probe = await createSimulator().listen();
    const port = probe.port;
    await probe.close();

    const server = await createSimulator().listen({ port });
    running.push(server);

    expect(server.port).toBe(port);
  });

  it('runs a drone job end to end', async () => {
    let nowMs = Date.parse('2026-02-09T10:00:00.000Z');
    const sim = createSimulator({ now: () => nowMs });
    const server = await sim.listen();
    running.push(server);

    const jobId = await submitJob(server, 'drone-footage/generate', { address: ADDRESS });
    nowMs += DEFAULT_TIMELINES.queuedMs + DEFAULT_TIMELINES.droneFootageMs;
    const response = await callApi(server, 'GET', `jobs/${jobId}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body.data.status).toBe('completed');
    expect(response.body.data.output.video_url).toBe(`${server.origin}/files/${jobId}/video.mp4`);

    const video = await fetch(response.body.data.output.video_url);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('shares jobs with the in-process fetch', async () => {
    const sim = createSimulator({ speed: 1_000_000 });
    const server = await sim.listen();
    running.push(server);
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });

    const overHttp = await callApi(server, 'GET', `jobs/${jobId}`);
    const inProcess = await callApi(sim, 'GET', `jobs/${jobId}`);

    expect(overHttp.body.data.status).toBe('completed');
    expect(overHttp.body.data.output.video_url.startsWith(server.origin)).toBe(true);
    expect(inProcess.body.data.output.video_url.startsWith('http://simulator.invalid/')).toBe(true);
  });

  it('sends error envelopes over HTTP', async () => {
    const server = await createSimulator().listen();
    running.push(server);

    const response = await callApi(server, 'GET', 'jobs', { key: null });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });

  it('records requests with the key tag', async () => {
    const sim = createSimulator();
    const server = await sim.listen();
    running.push(server);

    await callApi(server, 'GET', 'jobs', { key: KEY_A });

    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]?.path).toBe('/v1/jobs');
    expect(JSON.stringify(sim.requests)).not.toContain(KEY_A);
  });

  it('refuses connections after close', async () => {
    const server = await createSimulator().listen();
    await server.close();

    await expect(fetch(`${server.baseUrl}/jobs`)).rejects.toThrow(TypeError);
  });
});
