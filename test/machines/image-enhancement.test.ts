import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createImageEnhancementMachine } from '../../machines/image-enhancement.js';
import type { Job } from '../../src/api/job.js';
import { ImageEnhancementOutputSchema } from '../../src/api/outputs.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { DomeInputError, JobFailedError } from '../../src/errors/job-errors.js';
import { useFakeClock } from '../support/fake-clock.js';
import { advanceUntil, createHarness, jobNow, runUntilDone } from './support.js';

useFakeClock();

describe('image enhancement machine', () => {
  it('completes with typed output', async () => {
    const { client } = createHarness();
    const actor = createActor(createImageEnhancementMachine(client), {
      input: { imageUrl: 'https://example.com/house.jpg' },
    }).start();

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'completed')
      throw new Error(`Expected status completed, got ${output?.status}`);
    expect(ImageEnhancementOutputSchema.parse(output.result)).toEqual(output.result);
    expect(output.job.job_type).toBe('image_enhancement');
  });

  it('ends failed on a #fail job', async () => {
    const { client } = createHarness();
    const actor = createActor(createImageEnhancementMachine(client), {
      input: { imageUrl: 'https://example.com/house.jpg#fail' },
    }).start();

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'failed')
      throw new Error(`Expected status failed, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(JobFailedError);
  });

  it('errors on an invalid image URL', async () => {
    const { client, sim } = createHarness();
    const actor = createActor(createImageEnhancementMachine(client), {
      input: { imageUrl: 'ftp://example.com/house.jpg' },
    }).start();

    await runUntilDone(actor);

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(DomeInputError);
    expect(sim.requests).toHaveLength(0);
  });

  it('names each field of a malformed job.updated', async () => {
    const { client, sim } = createHarness();
    const actor = createActor(createImageEnhancementMachine(client), {
      input: { imageUrl: 'https://example.com/house.jpg' },
    }).start();
    await advanceUntil(() => actor.getSnapshot().matches({ queued: 'waiting' }));
    const jobId = actor.getSnapshot().context.jobId ?? '';
    // Two broken fields, a status no API version has and an unreadable time.
    const job = jobNow(sim, jobId);
    const malformed = { ...job, status: 'archived', updated_at: 'soon' } as unknown as Job;

    actor.send({ type: 'job.updated', job: malformed });

    const output = actor.getSnapshot().output;
    if (output?.status !== 'errored')
      throw new Error(`Expected status errored, got ${output?.status}`);
    expect(output.error).toBeInstanceOf(DomeError);
    expect(output.error.jobId).toBe(jobId);
    expect(output.error.message).toContain('job.status');
    expect(output.error.message).toContain('job.updated_at');
  });

  it('ignores malformed job.updated of another job', async () => {
    const { client, sim } = createHarness();
    const actor = createActor(createImageEnhancementMachine(client), {
      input: { imageUrl: 'https://example.com/house.jpg' },
    }).start();
    await advanceUntil(() => actor.getSnapshot().matches({ queued: 'waiting' }));
    const other = await client.submitImageEnhancement({ imageUrl: 'https://example.com/b.jpg' });
    const malformed = { ...jobNow(sim, other.job_id), updated_at: 'soon' };

    actor.send({ type: 'job.updated', job: malformed });

    expect(actor.getSnapshot().value).toEqual({ queued: 'waiting' });
    expect(actor.getSnapshot().context.error).toBeNull();
  });
});
