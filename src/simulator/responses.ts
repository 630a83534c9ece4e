import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SimulatorContext } from './context.js';
import { isoTimestamp } from './job-view.js';

/** An API error that a handler raises; the app turns it into the error envelope. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Returns the `meta` block of a response. */
export function responseMeta(c: SimulatorContext) {
  return { request_id: c.var.requestId, timestamp: isoTimestamp(c.var.nowMs) };
}

/** Sends the success envelope `{ data, meta }`. */
export function sendData(c: SimulatorContext, data: unknown, status: number): Response {
  return c.json({ data, meta: responseMeta(c) }, status as ContentfulStatusCode);
}

/** Sends the error envelope `{ error: { code, message }, meta }`. */
export function sendError(
  c: SimulatorContext,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json(
    { error: { code, message }, meta: responseMeta(c) },
    status as ContentfulStatusCode,
  );
}

/** Shortens a value that a caller sent before it goes into an error message. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}
