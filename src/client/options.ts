/** Versioned base URL of the production API. */
export const PRODUCTION_BASE_URL = 'https://api.domeagent.com.au/v1';

/** Versioned base URL of the staging API. */
export const STAGING_BASE_URL = 'https://staging-api.domeagent.com.au/v1';

/** Options of {@link createDomeClient}. */
export interface DomeClientOptions {
  /**
   * API key sent as `X-API-Key`. Read it from the environment; the client never puts it in an
   * error message.
   */
  apiKey: string;
  /**
   * Versioned base URL, ending in `/v1`.
   * @default PRODUCTION_BASE_URL
   */
  baseUrl?: string | undefined;
  /**
   * Time one request may take, from sending to the end of the body, in milliseconds.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * `fetch` implementation, for example a simulator's in-process handler.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
