import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { createDomeClient } from '../../src/client/client.js';
import { DomeConnectionError } from '../../src/errors/connection-error.js';
import { JobLostContactError } from '../../src/errors/job-errors.js';
import { JobSubmissionError } from '../../src/errors/reliability-errors.js';
import { ADDRESS, createWorld, SECRET_KEY } from './support.js';

/** Returns a base URL on 127.0.0.1 whose port was just freed, so connecting is refused. */
async function refusingBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('No TCP port assigned');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}/v1`;
}

/** Returns the error a promise rejected with, or fails the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject, but it resolved.');
}

/** Builds a cause the way Node reports a failed connection: `fetch failed` wrapping a code. */
function fetchFailed(code: string): TypeError {
  const inner = Object.assign(new Error(`connect ${code} example`), { code });
  return new TypeError('fetch failed', { cause: inner });
}

const TARGET = { method: 'POST', path: '/v1/drone-footage/generate' };

describe('connection error request state', () => {
  it('marks a refused connection unsent', async () => {
    const client = createDomeClient({ apiKey: SECRET_KEY, baseUrl: await refusingBaseUrl() });

    const error = await rejectionOf(client.getJob('job-1'));

    expect(error).toBeInstanceOf(DomeConnectionError);
    expect((error as DomeConnectionError).requestSent).toBe(false);
    expect((error as DomeConnectionError).message).toContain('No request reached the server');
  });

  it.each([1, 6000])('marks blocked port %i unsent', async (port) => {
    const client = createDomeClient({ apiKey: SECRET_KEY, baseUrl: `http://127.0.0.1:${port}/v1` });

    const error = await rejectionOf(client.submitDroneFootage({ address: ADDRESS }));

    expect(error).toBeInstanceOf(DomeConnectionError);
    expect((error as DomeConnectionError).requestSent).toBe(false);
    expect((error as DomeConnectionError).message).toContain('bad port');
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])('marks %s unsent', (code) => {
    expect(new DomeConnectionError(TARGET, fetchFailed(code)).requestSent).toBe(false);
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'ETIMEDOUT'])('marks %s as unknown', (code) => {
    expect(new DomeConnectionError(TARGET, fetchFailed(code)).requestSent).toBe('unknown');
  });

  it('marks a dropped response as unknown', async () => {
    const { sim, client } = createWorld();
    sim.faults.next({ drop: 'reset', method: 'POST' });

    const error = await rejectionOf(client.submitDroneFootage({ address: ADDRESS }));

    expect(error).toBeInstanceOf(DomeConnectionError);
    expect((error as DomeConnectionError).requestSent).toBe('unknown');
  });
});

describe('submission to a refused port', () => {
  it.each([
    ['a refused', refusingBaseUrl],
    ['a blocked', async () => 'http://127.0.0.1:1/v1'],
  ])('retries %s port without reconciling', async (_kind, baseUrlOf) => {
    const baseUrl = await baseUrlOf();
    const client = createDomeClient({ apiKey: SECRET_KEY, baseUrl });
    const actor = createActor(createDroneFootageMachine(client), {
      input: {
        address: ADDRESS,
        maxConsecutiveFailures: 3,
        minRequestGapMs: 0,
        backoff: { baseDelayMs: 5, maxDelayMs: 5, jitterRatio: 0 },
      },
    });
    const states: string[] = [];
    actor.subscribe((snapshot) => states.push(JSON.stringify(snapshot.value)));
    actor.start();

    const done = await waitFor(actor, (snapshot) => snapshot.status === 'done', {
      timeout: 10_000,
    });

    const output = done.output;
    const error = output?.status === 'errored' ? output.error : undefined;
    expect(output?.status).toBe('errored');
    expect(error).toBeInstanceOf(JobSubmissionError);
    expect((error as JobSubmissionError).created).toBe('no');
    expect((error as JobSubmissionError).attempts).toBe(3);
    expect(error?.message).toContain(
      'could not connect to /v1/drone-footage/generate, no drone_footage job was created',
    );
    expect(states).not.toContain('"reconciling"');
    expect(states.filter((state) => state === '"waitingToSubmit"')).toHaveLength(2);
  });
});

describe('error message plurals', () => {
  it('says 1 attempt in the singular', () => {
    const error = new JobSubmissionError({
      created: 'no',
      attempts: 1,
      jobType: 'drone_footage',
      cause: undefined,
    });

    expect(error.message).toContain('after 1 attempt:');
  });

  it('says 1 failed request in the singular', () => {
    const error = new JobLostContactError('job-1', { attempts: 1, cause: undefined });

    expect(error.message).toContain('after 1 failed request.');
  });

  it('names the job list without a command', () => {
    const error = new JobSubmissionError({
      created: 'unknown',
      attempts: 2,
      jobType: 'markup',
      firstAttemptAt: Date.parse('2030-01-01T00:00:00Z'),
      cause: undefined,
    });

    expect(error.message).toContain(
      'List jobs of type markup created after 2030-01-01T00:00:00.000Z',
    );
    expect(error.message).not.toContain('dome-flows');
  });
});
