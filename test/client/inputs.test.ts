import { describe, expect, it } from 'vitest';
import { createDomeClient, type DomeClient } from '../../src/client/index.js';
import { DomeInputError } from '../../src/errors/index.js';
import { createSimulator } from '../../src/simulator/index.js';
import { API_KEY } from './support.js';

const JOB_ID = '550e8400-e29b-41d4-a716-446655440000';

const invalidCalls: Array<[string, string, (client: DomeClient) => Promise<unknown>]> = [
  ['submitDroneFootage', 'address', (client) => client.submitDroneFootage({ address: '' })],
  ['submitDroneFootage', 'address', (client) => client.submitDroneFootage({ address: '   ' })],
  [
    'submitImageEnhancement',
    'imageUrl',
    (client) => client.submitImageEnhancement({ imageUrl: 'ftp://example.com/a.jpg' }),
  ],
  ['startMarkup', 'address', (client) => client.startMarkup({ address: '' })],
  ['getJob', 'jobId', (client) => client.getJob('')],
  ['getMarkupJob', 'jobId', (client) => client.getMarkupJob(' ')],
  ['selectOrientation', 'orientation', (client) => client.selectOrientation(JOB_ID, '')],
  ['selectOrientation', 'jobId', (client) => client.selectOrientation('', 'left')],
  [
    'annotate',
    'annotatedImage',
    (client) =>
      client.annotate(JOB_ID, {
        annotatedImage: 'not a url',
        cleanImage: 'https://example.com/c.png',
      }),
  ],
  [
    'annotate',
    'cleanImage',
    (client) =>
      client.annotate(JOB_ID, {
        annotatedImage: 'https://example.com/a.png',
        cleanImage: 'data:text/plain;base64,aGk=',
      }),
  ],
  ['requestVideo', 'jobId', (client) => client.requestVideo('')],
  ['listJobs', 'limit', (client) => client.listJobs({ limit: 0 })],
  ['listJobs', 'limit', (client) => client.listJobs({ limit: 101 })],
  ['listJobs', 'offset', (client) => client.listJobs({ offset: -1 })],
  // biome-ignore lint/suspicious/noExplicitAny: the test passes a status outside the type on purpose.
  ['listJobs', 'status', (client) => client.listJobs({ status: 'done' as any })],
  ['iterateJobs', 'limit', (client) => client.iterateJobs({ limit: 1.5 }).next()],
];

describe('client input checks', () => {
  it.each(invalidCalls)('%s rejects bad %s unsent', async (_method, field, call) => {
    const sim = createSimulator();
    const client = createDomeClient({
      apiKey: API_KEY,
      baseUrl: sim.inProcessBaseUrl,
      fetch: sim.fetch,
    });

    const error = await call(client).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DomeInputError);
    expect((error as DomeInputError).field).toBe(field);
    // The message names the field in words: `jobId` reads as "job id".
    const mentioned = field === 'jobId' ? 'job id' : field;
    expect((error as DomeInputError).message).toContain(mentioned);
    expect(sim.requests).toHaveLength(0);
  });
});
