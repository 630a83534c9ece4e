import { describe, expect, it } from 'vitest';
import { createDomeClient } from '../../src/client/index.js';
import { DomeInputError } from '../../src/errors/index.js';
import { createSimulator } from '../../src/simulator/index.js';
import { API_KEY } from './support.js';

function creationError(options: Parameters<typeof createDomeClient>[0]): DomeInputError {
  try {
    createDomeClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(DomeInputError);
    return error as DomeInputError;
  }
  throw new Error('createDomeClient accepted invalid options');
}

describe('createDomeClient options', () => {
  it.each(['', '   '])('rejects blank apiKey %j', (apiKey) => {
    const error = creationError({ apiKey });

    expect(error.field).toBe('apiKey');
    expect(error.message).toMatch(/^Missing apiKey: expected a non-empty DomeAgent API key/);
  });

  it.each([
    ['', 'the value is blank'],
    ['https://api.domeagent.com.au', 'the path does not end in /v1'],
    ['https://api.domeagent.com.au/v1?x=1', 'the URL has a query'],
    ['https://api.domeagent.com.au/v1#x', 'the URL has a fragment'],
    ['ftp://api.domeagent.com.au/v1', 'the scheme ftp is not http or https'],
    ['api.domeagent.com.au/v1', 'the value is not a URL'],
  ])('rejects baseUrl %j', (baseUrl, problem) => {
    const error = creationError({ apiKey: API_KEY, baseUrl });

    expect(error.field).toBe('baseUrl');
    expect(error.message).toContain(`Invalid baseUrl ${JSON.stringify(baseUrl)}: ${problem}.`);
    expect(error.message).not.toContain(API_KEY);
  });

  it('redacts baseUrl credentials', () => {
    const error = creationError({ apiKey: API_KEY, baseUrl: 'https://me:s3cret@host.test/v1' });

    expect(error.message).toContain('"https://[redacted]@host.test/v1"');
    expect(error.message).not.toContain('s3cret');
  });

  it('sends with trailing-slash baseUrl', async () => {
    const sim = createSimulator();
    const client = createDomeClient({
      apiKey: API_KEY,
      baseUrl: `${sim.inProcessBaseUrl}/`,
      fetch: sim.fetch,
    });

    const page = await client.listJobs();

    expect(client.baseUrl).toBe(sim.inProcessBaseUrl);
    expect(page.jobs).toEqual([]);
    expect(sim.requests).toHaveLength(1);
  });
});
