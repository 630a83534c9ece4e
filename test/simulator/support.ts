import type { Simulator } from '../../src/simulator/index.js';

/** Two keys of the accepted form; each is its own organisation in the simulator. */
export const KEY_A = 'dome_live_testkeyalpha0001';
export const KEY_B = 'dome_live_testkeybravo0002';

export const ADDRESS = '123 Collins St, Melbourne VIC 3000';

/** A parsed response of the simulator. */
export interface SimResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies.
  body: any;
}

/** Options of {@link callApi}. */
export interface CallOptions {
  /** Sent as `X-API-Key`; null sends no key. @default KEY_A */
  key?: string | null;
  /** Serialised as the JSON body. */
  json?: unknown;
  /** Sent verbatim as the body. */
  rawBody?: string;
}

/**
 * Sends one request to the simulator's in-process fetch, or to `baseUrl` over HTTP with the
 * global fetch, and parses the JSON body.
 */
export async function callApi(
  target: Simulator | { baseUrl: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<SimResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const key = options.key === undefined ? KEY_A : options.key;
  if (key !== null) headers['X-API-Key'] = key;
  const body =
    options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json));

  const isSimulator = 'fetch' in target;
  const baseUrl = isSimulator ? target.inProcessBaseUrl : target.baseUrl;
  const send = isSimulator ? target.fetch : globalThis.fetch;
  const response = await send(`${baseUrl}/${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Submits a job and returns its id. */
export async function submitJob(
  target: Simulator | { baseUrl: string },
  path: 'drone-footage/generate' | 'image-enhancement/generate' | 'markup/generate',
  json: unknown,
  key: string = KEY_A,
): Promise<string> {
  const response = await callApi(target, 'POST', path, { json, key });
  if (response.status !== 202) {
    throw new Error(
      `Submission to ${path} failed: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.data.job_id;
}
