import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/simulator/index.js';
import { ADDRESS, callApi, KEY_A, KEY_B, submitJob } from './support.js';

describe('routing errors', () => {
  it.each([
    ['GET', 'no-such-endpoint'],
    ['DELETE', 'jobs'],
    ['GET', 'drone-footage/generate'],
    ['PUT', 'markup/generate'],
    ['GET', 'jobs/'],
  ])('%s %s is an unknown route', async (method, path) => {
    const sim = createSimulator();

    const response = await callApi(sim, method, path);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(response.body.error.message).toContain(`${method} /v1/${path}`);
  });

  it('rejects paths outside v1', async () => {
    const sim = createSimulator();

    const response = await sim.fetch('http://simulator.invalid/v2/jobs');

    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('NOT_FOUND');
  });

  it.each(['not-a-uuid', '123', '550e8400e29b41d4a716446655440000'])(
    'malformed id %s is JOB_NOT_FOUND',
    async (jobId) => {
      const sim = createSimulator();

      const response = await callApi(sim, 'GET', `jobs/${jobId}`);

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('JOB_NOT_FOUND');
      expect(response.body.error.message).toContain(jobId);
    },
  );

  it('unknown uuid is JOB_NOT_FOUND', async () => {
    const sim = createSimulator();
    const jobId = crypto.randomUUID();

    const response = await callApi(sim, 'GET', `jobs/${jobId}`);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('JOB_NOT_FOUND');
    expect(response.body.error.message).toContain(jobId);
  });

  it('thrown error becomes INTERNAL_ERROR', async () => {
    const sim = createSimulator({
      scenario: () => {
        throw new Error('scenario exploded');
      },
    });

    const response = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });

    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL_ERROR');
    expect(response.body.error.message).not.toContain('exploded');
    expect(response.body.meta.request_id).toMatch(/^req_/);
    expect(sim.listAllJobs()).toHaveLength(0);
  });
});

describe('fault injection', () => {
  it('replaces the next response', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 503, message: 'Down for maintenance.', retryAfter: '7' });

    const faulted = await callApi(sim, 'GET', 'jobs');
    const normal = await callApi(sim, 'GET', 'jobs');

    expect(faulted.status).toBe(503);
    expect(faulted.body.error).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Down for maintenance.',
    });
    expect(faulted.headers.get('retry-after')).toBe('7');
    expect(normal.status).toBe(200);
  });

  it.each([
    [400, 'VALIDATION_ERROR'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'JOB_NOT_FOUND'],
    [409, 'JOB_IN_PROGRESS'],
    [429, 'RATE_LIMITED'],
    [500, 'INTERNAL_ERROR'],
  ])('status %i defaults to %s', async (status, code) => {
    const sim = createSimulator();
    sim.faults.next({ status });

    const response = await callApi(sim, 'GET', 'jobs');

    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it('sends rawBody verbatim', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 200, rawBody: '{"data": [' });

    const response = await sim.fetch(`${sim.inProcessBaseUrl}/jobs`, {
      headers: { 'X-API-Key': KEY_A },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.text()).toBe('{"data": [');
  });

  it('matches method and path prefix', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 500, method: 'post', pathPrefix: 'markup/' });

    const otherMethod = await callApi(sim, 'GET', 'jobs');
    const otherPath = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });
    const matched = await callApi(sim, 'POST', 'markup/generate', { json: { address: ADDRESS } });

    expect(otherMethod.status).toBe(200);
    expect(otherPath.status).toBe(202);
    expect(matched.status).toBe(500);
  });

  it('accepts an absolute path prefix', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 502, pathPrefix: '/v1/jobs' });

    expect((await callApi(sim, 'GET', 'jobs')).status).toBe(502);
  });

  it('fires the given number of times', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 500, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(sim, 'GET', 'jobs')).status);

    expect(statuses).toEqual([500, 500, 200]);
  });

  it('clear drops pending faults', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 500, times: 5 });

    sim.faults.clear();

    expect((await callApi(sim, 'GET', 'jobs')).status).toBe(200);
  });

  it('fires before authentication', async () => {
    const sim = createSimulator();
    sim.faults.next({ status: 500 });

    expect((await callApi(sim, 'GET', 'jobs', { key: null })).status).toBe(500);
  });

  it.each([
    [{ status: 500, times: 0 }, /times/],
    [{ status: 99 }, /status/],
  ])('rejects invalid fault %j', (fault, message) => {
    const sim = createSimulator();

    expect(() => sim.faults.next(fault)).toThrow(message);
  });
});

describe('request log', () => {
  it('records every request in order', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    await callApi(sim, 'GET', `jobs/${jobId}`);
    await callApi(sim, 'GET', 'jobs', { key: null });

    const [submit, read, unauthorised] = sim.requests;

    expect(sim.requests).toHaveLength(3);
    expect(submit).toMatchObject({
      method: 'POST',
      path: '/v1/drone-footage/generate',
      status: 202,
      jobId,
    });
    expect(read).toMatchObject({ method: 'GET', path: `/v1/jobs/${jobId}`, status: 200, jobId });
    expect(unauthorised).toMatchObject({ method: 'GET', path: '/v1/jobs', status: 401, keyId: '' });
    expect(unauthorised?.jobId).toBeUndefined();
  });

  it('tags keys without storing them', async () => {
    const sim = createSimulator();
    await callApi(sim, 'GET', 'jobs', { key: KEY_A });
    await callApi(sim, 'GET', 'jobs', { key: KEY_B });

    const [first, second] = sim.requests;

    expect(first?.keyId).toBe(createHash('sha256').update(KEY_A).digest('hex').slice(0, 8));
    expect(first?.keyId).not.toBe(second?.keyId);
    expect(JSON.stringify(sim.requests)).not.toContain(KEY_A);
    expect(JSON.stringify(sim.requests)).not.toContain(KEY_B);
  });

  it('records the response request id', async () => {
    const sim = createSimulator();

    const response = await callApi(sim, 'GET', 'jobs');

    expect(sim.requests[0]?.requestId).toBe(response.body.meta.request_id);
  });

  it('inspectJob returns the job requests', async () => {
    const sim = createSimulator();
    const jobId = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS });
    await callApi(sim, 'GET', 'jobs');
    await callApi(sim, 'GET', `jobs/${jobId}`, { key: KEY_B });

    const inspected = sim.inspectJob(jobId);

    expect(inspected?.job.id).toBe(jobId);
    expect(inspected?.requests.map((request) => request.status)).toEqual([202, 404]);
  });

  it('inspectJob returns undefined for unknown ids', () => {
    const sim = createSimulator();

    expect(sim.inspectJob(crypto.randomUUID())).toBeUndefined();
  });

  it('listAllJobs spans every key', async () => {
    const sim = createSimulator();
    const first = await submitJob(sim, 'drone-footage/generate', { address: ADDRESS }, KEY_A);
    const second = await submitJob(sim, 'markup/generate', { address: ADDRESS }, KEY_B);

    expect(sim.listAllJobs().map((job) => job.id)).toEqual([first, second]);
  });
});
