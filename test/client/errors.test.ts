import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDomeClient } from '../../src/client/index.js';
import {
  DomeApiError,
  DomeConnectionError,
  DomeError,
  DomeTimeoutError,
  ResponseValidationError,
} from '../../src/errors/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { ADDRESS, API_KEY, type Connection, connect, TRANSPORTS } from './support.js';

const connections: Connection[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected the call to fail.');
    },
    (error: unknown) => error,
  );
}

/** Asserts that the key shows up nowhere in the error or its causes. */
function expectNoKey(error: unknown) {
  let current: unknown = error;
  while (current !== undefined && current !== null) {
    expect(String(current)).not.toContain(API_KEY);
    if (current instanceof Error) {
      expect(current.message).not.toContain(API_KEY);
      expect(String(current.stack)).not.toContain(API_KEY);
      expect(JSON.stringify({ ...current })).not.toContain(API_KEY);
      current = current.cause;
    } else {
      current = undefined;
    }
  }
}

function lastRequestId(sim: Simulator): string {
  const requestId = sim.requests.at(-1)?.requestId;
  if (requestId === undefined) throw new Error('The simulator recorded no request.');
  return requestId;
}

describe.each(TRANSPORTS)('client API errors (%s)', (kind) => {
  async function setUp(sim: Simulator, apiKey?: string) {
    const connection = await connect(sim, kind, apiKey);
    connections.push(connection);
    return connection.client;
  }

  it('401 becomes UNAUTHORIZED', async () => {
    const sim = createSimulator();
    const wrongKey = 'dome_test_clienttestsecret0042';
    const client = await setUp(sim, wrongKey);

    const error = await caught(client.listJobs());

    expect(error).toBeInstanceOf(DomeApiError);
    const apiError = error as DomeApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.code).toBe('UNAUTHORIZED');
    expect(apiError.requestId).toBe(lastRequestId(sim));
    expect(apiError.message).toContain('GET /v1/jobs');
    expect(apiError.message).toContain('401 UNAUTHORIZED');
    expect(apiError.message).toContain(apiError.requestId);
    expect(String(apiError)).not.toContain(wrongKey);
    expect(apiError.isTransient).toBe(false);
  });

  it('404 names job and request', async () => {
    const sim = createSimulator();
    const client = await setUp(sim);
    const jobId = crypto.randomUUID();

    const error = await caught(client.getJob(jobId));

    expect(error).toBeInstanceOf(DomeApiError);
    const apiError = error as DomeApiError;
    expect(apiError.code).toBe('JOB_NOT_FOUND');
    expect(apiError.status).toBe(404);
    expect(apiError.jobId).toBe(jobId);
    expect(apiError.method).toBe('GET');
    expect(apiError.path).toBe(`/v1/jobs/${jobId}`);
    expect(apiError.message).toContain(`GET /v1/jobs/${jobId}`);
    expect(apiError.message).toContain('404 JOB_NOT_FOUND');
    expect(apiError.message).toContain(`job ${jobId}`);
    expect(apiError.message).toContain(`request ${lastRequestId(sim)}`);
    expectNoKey(apiError);
  });

  it('wrong-state markup call names status', async () => {
    const sim = createSimulator();
    const client = await setUp(sim);
    const { job_id: jobId } = await client.startMarkup({ address: ADDRESS });

    const error = await caught(client.selectOrientation(jobId, 'left'));

    expect(error).toBeInstanceOf(DomeApiError);
    const apiError = error as DomeApiError;
    expect(apiError.code).toBe('VALIDATION_ERROR');
    expect(apiError.message).toContain(`POST /v1/markup/jobs/${jobId}/select`);
    expect(apiError.message).toContain('queued');
    expectNoKey(apiError);
  });

  it('429 carries Retry-After seconds', async () => {
    const sim = createSimulator({ requestsPerMinute: 1 });
    const client = await setUp(sim);
    await client.listJobs();

    const error = await caught(client.listJobs());

    expect(error).toBeInstanceOf(DomeApiError);
    const apiError = error as DomeApiError;
    expect(apiError.status).toBe(429);
    expect(apiError.code).toBe('RATE_LIMITED');
    expect(apiError.retryAfterMs).toBe(60_000);
    expect(apiError.isTransient).toBe(true);
    expect(apiError.message).toContain('Retry after 60 s');
    expectNoKey(apiError);
  });

  it('500 becomes INTERNAL_ERROR', async () => {
    const sim = createSimulator({
      scenario: () => {
        throw new Error('scenario exploded');
      },
    });
    const client = await setUp(sim);

    const error = await caught(client.submitDroneFootage({ address: ADDRESS }));

    expect(error).toBeInstanceOf(DomeApiError);
    const apiError = error as DomeApiError;
    expect(apiError.status).toBe(500);
    expect(apiError.code).toBe('INTERNAL_ERROR');
    expect(apiError.isTransient).toBe(true);
    expect(apiError.message).toContain('POST /v1/drone-footage/generate');
    expect(apiError.message).toContain(lastRequestId(sim));
    expectNoKey(apiError);
  });

  it('malformed JSON raises ResponseValidationError', async () => {
    const sim = createSimulator();
    const client = await setUp(sim);
    const jobId = crypto.randomUUID();
    sim.faults.next({ status: 200, rawBody: '{"data": {"id": ' });

    const error = await caught(client.getJob(jobId));

    expect(error).toBeInstanceOf(ResponseValidationError);
    const validationError = error as ResponseValidationError;
    expect(validationError.status).toBe(200);
    expect(validationError.issues).toEqual([]);
    expect(validationError.message).toContain(`GET /v1/jobs/${jobId}`);
    expect(validationError.message).toContain('not JSON');
    expect(validationError.message).toContain(jobId);
    expectNoKey(validationError);
  });

  it('HTML error page keeps its status', async () => {
    const sim = createSimulator();
    const client = await setUp(sim);
    const jobId = crypto.randomUUID();
    sim.faults.next({ status: 502, rawBody: '<html><body>Bad Gateway</body></html>' });

    const error = await caught(client.getJob(jobId));

    expect(error).toBeInstanceOf(DomeApiError);
    const apiError = error as DomeApiError;
    expect(apiError.status).toBe(502);
    expect(apiError.code).toBe('HTTP_502');
    expect(apiError.isTransient).toBe(true);
    expect(apiError.message).toContain(`GET /v1/jobs/${jobId}`);
    expectNoKey(apiError);
  });

  it('schema mismatch names the field', async () => {
    const sim = createSimulator();
    const client = await setUp(sim);
    const { job_id: jobId } = await client.submitDroneFootage({ address: ADDRESS });
    const job = sim.inspectJob(jobId)?.job;
    const meta = { request_id: 'req_schemamismatch', timestamp: new Date().toISOString() };
    sim.faults.next({
      status: 200,
      rawBody: JSON.stringify({ data: { ...job, status: 'paused' }, meta }),
    });

    const error = await caught(client.getJob(jobId));

    expect(error).toBeInstanceOf(ResponseValidationError);
    const validationError = error as ResponseValidationError;
    expect(validationError.issues.map((issue) => issue.path.join('.'))).toEqual(['data.status']);
    expect(validationError.message).toContain('data.status');
    expect(validationError.message).toContain('request req_schemamismatch');
    expect(validationError.requestId).toBe('req_schemamismatch');
    expectNoKey(validationError);
  });
});

describe('client Retry-After as HTTP date', () => {
  it('converts the date to milliseconds', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-02-09T10:00:00.000Z'));
    const sim = createSimulator();
    const client = createDomeClient({
      apiKey: API_KEY,
      baseUrl: sim.inProcessBaseUrl,
      fetch: sim.fetch,
    });
    sim.faults.next({ status: 429, retryAfter: new Date(Date.now() + 30_000).toUTCString() });

    const error = await caught(client.listJobs());

    expect(error).toBeInstanceOf(DomeApiError);
    expect((error as DomeApiError).code).toBe('RATE_LIMITED');
    expect((error as DomeApiError).retryAfterMs).toBe(30_000);
  });
});

describe('client transport failures', () => {
  it('refused connection raises DomeConnectionError', async () => {
    const server = await createSimulator().listen();
    await server.close();
    const client = createDomeClient({ apiKey: API_KEY, baseUrl: server.baseUrl });
    const jobId = crypto.randomUUID();

    const error = await caught(client.getJob(jobId));

    expect(error).toBeInstanceOf(DomeConnectionError);
    expect(error).toBeInstanceOf(DomeError);
    const connectionError = error as DomeConnectionError;
    expect(connectionError.method).toBe('GET');
    expect(connectionError.message).toContain(`GET /v1/jobs/${jobId}`);
    expect(connectionError.message).toContain(jobId);
    expectNoKey(connectionError);
  });

  it('silent server raises DomeTimeoutError', async () => {
    // A server that accepts the request and never responds.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const client = createDomeClient({
      apiKey: API_KEY,
      baseUrl: `http://127.0.0.1:${port}/v1`,
      timeoutMs: 100,
    });

    try {
      const error = await caught(client.listJobs());

      expect(error).toBeInstanceOf(DomeTimeoutError);
      const timeoutError = error as DomeTimeoutError;
      expect(timeoutError.timeoutMs).toBe(100);
      expect(timeoutError.message).toContain('GET /v1/jobs');
      expect(timeoutError.message).toContain('100 ms');
      expectNoKey(timeoutError);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
