import { createDomeClient, type DomeClient } from '../../src/client/index.js';
import type { RunningSimulator, Simulator } from '../../src/simulator/index.js';

/** An API key of the accepted form; tests assert it never shows up in errors. */
export const API_KEY = 'dome_live_clienttestsecret0042';

export const ADDRESS = '123 Collins St, Melbourne VIC 3000';

/** The two ways a client reaches the simulator. */
export const TRANSPORTS = ['in-process', 'http'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/** A client wired to a simulator, and the function that releases its server. */
export interface Connection {
  client: DomeClient;
  close(): Promise<void>;
  server?: RunningSimulator;
}

/** Creates a client that talks to the simulator in-process or over HTTP on 127.0.0.1. */
export async function connect(
  sim: Simulator,
  kind: TransportKind,
  apiKey: string = API_KEY,
): Promise<Connection> {
  if (kind === 'in-process') {
    const client = createDomeClient({ apiKey, baseUrl: sim.inProcessBaseUrl, fetch: sim.fetch });
    return { client, close: async () => {} };
  }
  const server = await sim.listen();
  const client = createDomeClient({ apiKey, baseUrl: server.baseUrl });
  return { client, server, close: () => server.close() };
}
