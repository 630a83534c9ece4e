import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { SimulatorContext, SimulatorEnv, SimulatorState } from './context.js';
import type { Fault } from './fault-types.js';
import { responseMeta } from './responses.js';

/** The documented error code of each status, for faults that give no code. */
const DOCUMENTED_CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'JOB_NOT_FOUND',
  409: 'JOB_IN_PROGRESS',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
};

/** Responses whose connection a `drop` fault cut; the in-process fetch rejects on them. */
const droppedResponses = new WeakSet<Response>();

/**
 * Middleware that applies the first matching fault rule: it responds with the fault's error,
 * or lets the handler run first (`applyRequest`, `drop`), delays the response (`delayMs`) and
 * cuts the connection (`drop`).
 */
export function respondWithInjectedFault(state: SimulatorState): MiddlewareHandler<SimulatorEnv> {
  return async (c, next) => {
    const fault = state.faults.take(c.req.method, c.req.path);
    if (fault === undefined) return next();

    const runsHandler = fault.applyRequest === true || fault.drop !== undefined;
    if (runsHandler || fault.status === undefined) await next();
    if (fault.status !== undefined) replaceResponse(c, faultResponse(c, fault));

    const signal = c.req.raw.signal;
    if (fault.drop === 'hang') {
      await waitForAbort(signal, fault.delayMs);
    } else if (fault.delayMs !== undefined && fault.delayMs > 0) {
      await waitForAbort(signal, fault.delayMs);
    }
    if (fault.drop !== undefined || signal.aborted) dropConnection(c);
  };
}

/**
 * Settles an in-process response the way `fetch` would over a socket: a response whose
 * connection a fault cut rejects with the TypeError that Node's fetch raises.
 */
export function settleInProcessResponse(response: Response): Response {
  if (!droppedResponses.has(response)) return response;
  const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  throw new TypeError('fetch failed', { cause: reset });
}

function faultResponse(c: SimulatorContext, fault: Fault): Response {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  const retryAfter = retryAfterHeader(fault.retryAfter);
  if (retryAfter !== undefined) headers.set('Retry-After', retryAfter);
  const status = fault.status ?? 500;
  if (fault.rawBody !== undefined) return new Response(fault.rawBody, { status, headers });

  const code = fault.code ?? DOCUMENTED_CODE_BY_STATUS[status] ?? 'INTERNAL_ERROR';
  const message = fault.message ?? 'Fault injected by the simulator.';
  const body = { error: { code, message }, meta: responseMeta(c) };
  return new Response(JSON.stringify(body), { status, headers });
}

/** Formats a `Retry-After` value: seconds for a number, an HTTP date for a Date. */
export function retryAfterHeader(value: Fault['retryAfter']): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.toUTCString();
  return String(value);
}

function replaceResponse(c: SimulatorContext, response: Response) {
  // Clearing first keeps Hono from copying the old response's headers onto the new one.
  c.res = undefined as unknown as Response;
  c.res = response;
}

/** Cuts the connection: destroys the socket over HTTP, and marks the response in-process. */
function dropConnection(c: SimulatorContext) {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  incoming?.socket.destroy();
  const response = new Response(null, { status: c.res.status });
  droppedResponses.add(response);
  replaceResponse(c, response);
}

/** Resolves when the client aborts the request, or after `maxMs` when given. */
function waitForAbort(signal: AbortSignal, maxMs: number | undefined): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    };
    const timer = maxMs === undefined ? undefined : setTimeout(done, maxMs);
    signal.addEventListener('abort', done, { once: true });
  });
}
