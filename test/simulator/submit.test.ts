import { describe, expect, it } from 'vitest';
import { JobAcceptedSchema } from '../../src/api/job.js';
import { createSimulator } from '../../src/simulator/index.js';
import { ADDRESS, callApi } from './support.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('submission endpoints', () => {
  it.each([
    ['drone-footage/generate', { address: ADDRESS }, 'drone_footage'],
    [
      'image-enhancement/generate',
      { image_url: 'https://example.com/house.jpg' },
      'image_enhancement',
    ],
    ['markup/generate', { address: ADDRESS }, 'markup'],
  ])('%s accepts a job with 202', async (path, json, jobType) => {
    const sim = createSimulator();

    const response = await callApi(sim, 'POST', path, { json });

    expect(response.status).toBe(202);
    expect(JobAcceptedSchema.parse(response.body.data)).toEqual(response.body.data);
    expect(response.body.data.status).toBe('queued');
    expect(response.body.data.job_id).toMatch(UUID_V4);
    expect(response.body.meta.request_id).toMatch(/^req_[0-9a-f]+$/);
    expect(new Date(response.body.meta.timestamp).toISOString()).toBe(response.body.meta.timestamp);
    const job = sim.inspectJob(response.body.data.job_id)?.job;
    expect(job?.job_type).toBe(jobType);
    expect(job?.input).toEqual(json);
  });

  it('gives every job its own id', async () => {
    const sim = createSimulator();
    const first = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });
    const second = await callApi(sim, 'POST', 'drone-footage/generate', {
      json: { address: ADDRESS },
    });

    expect(first.body.data.job_id).not.toBe(second.body.data.job_id);
  });

  it.each([
    ['drone-footage/generate', {}, 'address'],
    ['drone-footage/generate', { address: '' }, 'address'],
    ['drone-footage/generate', { address: '   ' }, 'address'],
    ['drone-footage/generate', { address: 42 }, 'address'],
    ['markup/generate', {}, 'address'],
    ['markup/generate', { address: null }, 'address'],
    ['image-enhancement/generate', {}, 'image_url'],
    ['image-enhancement/generate', { image_url: '' }, 'image_url'],
  ])('%s rejects body %j', async (path, json, parameter) => {
    const sim = createSimulator();

    const response = await callApi(sim, 'POST', path, { json });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.message).toContain(parameter);
    expect(response.body.data).toBeUndefined();
    expect(sim.listAllJobs()).toHaveLength(0);
  });

  it.each(['not json', '[1,2]', 'null', '"text"', ''])(
    'rejects non-object body %j',
    async (rawBody) => {
      const sim = createSimulator();

      const response = await callApi(sim, 'POST', 'drone-footage/generate', { rawBody });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.message).toContain('request body');
    },
  );

  it.each(['ftp://example.com/a.jpg', 'example.com/a.jpg', 'javascript:alert(1)'])(
    'rejects image_url %s as INVALID_URL',
    async (imageUrl) => {
      const sim = createSimulator();

      const response = await callApi(sim, 'POST', 'image-enhancement/generate', {
        json: { image_url: imageUrl },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_URL');
      expect(response.body.error.message).toContain('image_url');
    },
  );

  it('trims the stored address', async () => {
    const sim = createSimulator();
    const response = await callApi(sim, 'POST', 'markup/generate', {
      json: { address: `  ${ADDRESS} ` },
    });

    expect(sim.inspectJob(response.body.data.job_id)?.job.input).toEqual({ address: ADDRESS });
  });
});
