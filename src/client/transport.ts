import ky, { isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { ErrorEnvelopeSchema } from '../api/envelope.js';
import { DomeApiError, type RequestTarget } from '../errors/api-error.js';
import { DomeConnectionError, DomeTimeoutError } from '../errors/connection-error.js';
import { JobInProgressError } from '../errors/reliability-errors.js';
import { ResponseValidationError } from '../errors/response-validation-error.js';
import { DEFAULT_TIMEOUT_MS, type DomeClientOptions, PRODUCTION_BASE_URL } from './options.js';
import { parseRetryAfterMs } from './retry-after.js';

/** One API call as the endpoint functions describe it. */
export interface ApiRequest<T> extends RequestTarget {
  method: 'GET' | 'POST';
  /** Path below the versioned base URL, without a leading slash. */
  path: string;
  schema: z.ZodType<T>;
  json?: unknown;
  searchParams?: Record<string, string | number | undefined>;
  expectedStatus: number;
  signal?: AbortSignal | undefined;
}

/** Sends API requests and turns every outcome into parsed data or a typed error. */
export interface Transport {
  send<T>(request: ApiRequest<T>): Promise<T>;
  readonly baseUrl: string;
}

/** Creates the transport: ky with the API key header, no automatic retry, and a timeout. */
export function createTransport(options: DomeClientOptions): Transport {
  const baseUrl = options.baseUrl ?? PRODUCTION_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http: KyInstance = ky.create({
    prefix: baseUrl,
    timeout: timeoutMs,
    // The machines own retrying, because only they know whether a call may be repeated.
    retry: 0,
    throwHttpErrors: false,
    headers: { 'X-API-Key': options.apiKey, Accept: 'application/json' },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    baseUrl,
    async send<T>(request: ApiRequest<T>): Promise<T> {
      const displayPath = `/${new URL(baseUrl).pathname.replace(/^\/|\/$/g, '')}/${request.path}`;
      const target = { method: request.method, path: displayPath, jobId: request.jobId };
      const response = await fetchResponse(http, request, target, timeoutMs);
      return readBody(response, request, target, timeoutMs);
    },
  };
}

async function fetchResponse<T>(
  http: KyInstance,
  request: ApiRequest<T>,
  target: RequestTarget,
  timeoutMs: number,
): Promise<Response> {
  const searchParams = compactSearchParams(request.searchParams);
  try {
    return await http(request.path, {
      method: request.method,
      ...(request.json === undefined ? {} : { json: request.json }),
      ...(searchParams ? { searchParams } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    // ky's own errors hold the Request, whose headers carry the API key, so they are not kept
    // as the cause. Their inner cause (such as `fetch failed`) is.
    if (isTimeoutError(error)) throw new DomeTimeoutError(target, timeoutMs, undefined);
    if (isNetworkError(error)) throw new DomeConnectionError(target, error.cause ?? error.message);
    if (error instanceof TypeError) throw new DomeConnectionError(target, error);
    throw error;
  }
}

async function readBody<T>(
  response: Response,
  request: ApiRequest<T>,
  target: RequestTarget,
  timeoutMs: number,
) {
  const text = await readText(response, target, timeoutMs);
  const requestIdHeader = response.headers.get('x-request-id') ?? undefined;
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    // An error status keeps its meaning even when a proxy sent HTML, so only a non-JSON body
    // on the expected status is a validation error.
    if (response.status === request.expectedStatus) {
      const preview = text.length > 80 ? `${text.slice(0, 80)}...` : text;
      throw new ResponseValidationError(
        { ...target, status: response.status, requestId: requestIdHeader },
        { notJson: JSON.stringify(preview) },
      );
    }
    body = undefined;
  }

  if (response.status !== request.expectedStatus) {
    throw toApiError(response, body, target, requestIdHeader);
  }

  const parsed = request.schema.safeParse(body);
  if (!parsed.success) {
    throw new ResponseValidationError(
      { ...target, status: response.status, requestId: requestIdOf(body) ?? requestIdHeader },
      { issues: parsed.error.issues },
    );
  }
  return parsed.data;
}

function toApiError(
  response: Response,
  body: unknown,
  target: RequestTarget,
  requestIdHeader: string | undefined,
): DomeApiError | ResponseValidationError {
  const envelope = ErrorEnvelopeSchema.safeParse(body);
  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), Date.now());
  if (!envelope.success) {
    // A gateway in front of the API may respond 502 or 503 with HTML, so the status is kept.
    if (response.status >= 400) {
      return new DomeApiError({
        ...target,
        status: response.status,
        code: `HTTP_${response.status}`,
        apiMessage: response.statusText || 'no error envelope in the response',
        requestId: requestIdHeader,
        retryAfterMs,
      });
    }
    return new ResponseValidationError(
      { ...target, status: response.status, requestId: requestIdHeader },
      { issues: envelope.error.issues },
    );
  }
  const details = {
    ...target,
    status: response.status,
    code: envelope.data.error.code,
    apiMessage: envelope.data.error.message,
    requestId: envelope.data.meta?.request_id ?? requestIdHeader,
    retryAfterMs,
  };
  return details.code === 'JOB_IN_PROGRESS'
    ? new JobInProgressError(details)
    : new DomeApiError(details);
}

/** Reads the body, turning a connection lost or timed out after the headers into typed errors. */
async function readText(response: Response, target: RequestTarget, timeoutMs: number) {
  try {
    return await response.text();
  } catch (error) {
    if (isTimeoutError(error)) throw new DomeTimeoutError(target, timeoutMs, undefined);
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new DomeConnectionError(target, error);
  }
}

function requestIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('meta' in body)) return undefined;
  const meta = (body as { meta: unknown }).meta;
  if (typeof meta !== 'object' || meta === null || !('request_id' in meta)) return undefined;
  const id = (meta as { request_id: unknown }).request_id;
  return typeof id === 'string' ? id : undefined;
}

function compactSearchParams(params: ApiRequest<unknown>['searchParams']) {
  if (!params) return undefined;
  const entries = Object.entries(params).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}
