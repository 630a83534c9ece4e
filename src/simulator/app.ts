import { randomBytes } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { API_KEY_PATTERN, UNKNOWN_ROUTE_ERROR } from '../api/assumptions.js';
import type { SimulatorEnv, SimulatorState } from './context.js';
import { respondWithInjectedFault } from './fault-response.js';
import { keyIdOf } from './key-id.js';
import { ApiProblem, sendError } from './responses.js';
import { registerFileRoutes } from './routes/file-routes.js';
import { registerJobRoutes } from './routes/job-routes.js';
import { registerMarkupRoutes } from './routes/markup-routes.js';
import { API_PREFIX } from './routes/route-paths.js';
import { registerSubmitRoutes } from './routes/submit-routes.js';
import type { RequestScript } from './scripting.js';
import { createRequestScript } from './scripting.js';

/**
 * Builds the Hono app and its request script. Every request is recorded. A test's script may
 * hold a request first; injected faults then respond before anything else, and API routes then
 * check the key and the rate limit, in that order.
 */
export function createApp(state: SimulatorState): {
  app: Hono<SimulatorEnv>;
  script: RequestScript;
} {
  const app = new Hono<SimulatorEnv>();
  const scripted = createRequestScript(state);

  app.use('*', recordRequest(state));
  app.use('*', scripted.middleware);
  app.use('*', respondWithInjectedFault(state));
  app.use(`${API_PREFIX}/*`, authenticate());
  app.use(`${API_PREFIX}/*`, limitRate(state));

  registerSubmitRoutes(app, state);
  registerJobRoutes(app, state);
  registerMarkupRoutes(app, state);
  registerFileRoutes(app, state);

  app.notFound((c) =>
    sendError(
      c,
      UNKNOWN_ROUTE_ERROR.status,
      UNKNOWN_ROUTE_ERROR.code,
      `No endpoint matches ${c.req.method} ${c.req.path}.`,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof ApiProblem) {
      return sendError(c, error.status, error.code, error.message, error.headers);
    }
    return sendError(c, 500, 'INTERNAL_ERROR', 'The simulator failed while handling the request.');
  });
  return { app, script: scripted.script };
}

function recordRequest(state: SimulatorState): MiddlewareHandler<SimulatorEnv> {
  return async (c, next) => {
    c.set('requestId', `req_${randomBytes(12).toString('hex')}`);
    c.set('keyId', keyIdOf(c.req.header('x-api-key')));
    c.set('jobId', undefined);
    c.set('nowMs', state.now());

    await next();

    const jobId = c.var.jobId;
    state.store.requests.push({
      method: c.req.method,
      path: c.req.path,
      atMs: c.var.nowMs,
      status: c.res.status,
      ...(jobId ? { jobId } : {}),
      keyId: c.var.keyId,
      requestId: c.var.requestId,
    });
  };
}

function authenticate(): MiddlewareHandler<SimulatorEnv> {
  return async (c, next) => {
    const apiKey = c.req.header('x-api-key');
    if (apiKey === undefined || !API_KEY_PATTERN.test(apiKey)) {
      // The documented message, word for word.
      return sendError(c, 401, 'UNAUTHORIZED', 'Invalid or missing API key');
    }
    return next();
  };
}

function limitRate(state: SimulatorState): MiddlewareHandler<SimulatorEnv> {
  return async (c, next) => {
    const decision = state.rateLimiter.check(c.var.keyId, c.var.nowMs);
    if (decision.allowed) return next();
    return sendError(
      c,
      429,
      'RATE_LIMITED',
      `Rate limit of ${decision.limit} requests per ${decision.window} exceeded for this API key. ` +
        `Retry after ${decision.retryAfterS} s.`,
      { 'Retry-After': String(decision.retryAfterS) },
    );
  };
}
