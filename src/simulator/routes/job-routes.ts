import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT } from '../../api/assumptions.js';
import { paths } from '../../api/paths.js';
import { JOB_STATUSES, type JobStatus } from '../../api/statuses.js';
import {
  requestOrigin,
  type SimulatorContext,
  type SimulatorEnv,
  type SimulatorState,
} from '../context.js';
import { viewJob } from '../job-view.js';
import { ApiProblem, quote, responseMeta, sendData } from '../responses.js';
import { findOwnedJob } from './find-job.js';
import { API_PREFIX, routePattern } from './route-paths.js';

/** Registers `GET /jobs` and `GET /jobs/{id}`. */
export function registerJobRoutes(app: Hono<SimulatorEnv>, state: SimulatorState): void {
  app.get(`${API_PREFIX}/${paths.jobs()}`, (c) => listJobs(c, state));

  app.get(routePattern(paths.job), (c) => {
    const record = findOwnedJob(c, state);
    return sendData(c, viewJob(record, c.var.nowMs, requestOrigin(c), state.clock), 200);
  });
}

function listJobs(c: SimulatorContext, state: SimulatorState): Response {
  const limit = readInteger(c, 'limit', LIST_DEFAULT_LIMIT, 1, LIST_MAX_LIMIT);
  const offset = readInteger(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const status = readStatus(c);
  const jobType = c.req.query('job_type');

  const origin = requestOrigin(c);
  // Newest first; the sequence breaks ties between jobs created in the same millisecond.
  const matching = state.store
    .ownedBy(c.var.keyId)
    .filter((record) => jobType === undefined || record.jobType === jobType)
    .sort((a, b) => b.createdAtMs - a.createdAtMs || b.sequence - a.sequence)
    .map((record) => viewJob(record, c.var.nowMs, origin, state.clock))
    .filter((job) => status === undefined || job.status === status);
  const page = matching.slice(offset, offset + limit);

  const body = {
    data: page,
    pagination: {
      total: matching.length,
      limit,
      offset,
      has_more: offset + page.length < matching.length,
    },
    meta: responseMeta(c),
  };
  return c.json(body, 200 as ContentfulStatusCode);
}

function readInteger(
  c: SimulatorContext,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of ${min} or more` : `from ${min} to ${max}`;
    throw new ApiProblem(
      400,
      'VALIDATION_ERROR',
      `Invalid ${name} ${quote(text)}: expected an integer ${range}.`,
    );
  }
  return value;
}

function readStatus(c: SimulatorContext): JobStatus | undefined {
  const text = c.req.query('status');
  if (text === undefined) return undefined;
  const status = JOB_STATUSES.find((candidate) => candidate === text);
  if (status === undefined) {
    throw new ApiProblem(
      400,
      'VALIDATION_ERROR',
      `Invalid status ${quote(text)}: expected one of ${JOB_STATUSES.join(', ')}.`,
    );
  }
  return status;
}
