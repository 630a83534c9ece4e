import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDomeClient } from '../../src/client/index.js';
import { DomeConnectionError, JobInProgressError } from '../../src/errors/index.js';
import { createSimulator } from '../../src/simulator/index.js';

const API_KEY = 'dome_live_bodyerrors1';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/** Serves the headers of a 200 response, then drops the connection halfway through the body. */
async function serveTruncatedBody(): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '400' });
    response.write('{"data": {"id": "');
    setTimeout(() => response.socket?.destroy(), 20);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe('client body errors', () => {
  it('reset body becomes DomeConnectionError', async () => {
    const client = createDomeClient({ apiKey: API_KEY, baseUrl: await serveTruncatedBody() });

    const error = await client.getJob('job-1').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DomeConnectionError);
    expect((error as DomeConnectionError).message).toContain('GET /v1/jobs/job-1');
    expect((error as DomeConnectionError).jobId).toBe('job-1');
    expect(String(error)).not.toContain(API_KEY);
  });

  it('409 becomes JobInProgressError', async () => {
    const sim = createSimulator({ enforceOneJobPerType: true });
    const client = createDomeClient({
      apiKey: API_KEY,
      baseUrl: sim.inProcessBaseUrl,
      fetch: sim.fetch,
    });
    await client.submitDroneFootage({ address: '1 First St, Melbourne VIC 3000' });

    const error = await client
      .submitDroneFootage({ address: '2 Second St, Melbourne VIC 3000' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(JobInProgressError);
    expect((error as JobInProgressError).status).toBe(409);
    expect((error as JobInProgressError).code).toBe('JOB_IN_PROGRESS');
  });
});
