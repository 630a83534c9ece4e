import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createImageEnhancementMachine } from '../../machines/image-enhancement.js';
import { ImageEnhancementOutputSchema } from '../../src/api/outputs.js';
import { DomeInputError, JobFailedError } from '../../src/errors/job-errors.js';
import { createHarness, runUntilDone } from './support.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

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
});
