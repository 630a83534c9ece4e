import {
  JOB_TYPES,
  MALFORMED_JOB_ID_ERROR,
  MARKUP_PATH_OTHER_TYPE_ERROR,
} from '../../api/assumptions.js';
import type { SimulatorContext, SimulatorState } from '../context.js';
import type { JobRecord } from '../job-store.js';
import { ApiProblem, quote } from '../responses.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Returns the job named by the `:jobId` path parameter if it belongs to the caller's API key.
 * Another key's job gets the same 404 as an unknown id, so ids of other organisations leak
 * nothing.
 */
export function findOwnedJob(c: SimulatorContext, state: SimulatorState): JobRecord {
  const jobId = c.req.param('jobId') ?? '';
  c.set('jobId', jobId);
  if (!UUID.test(jobId)) {
    throw new ApiProblem(
      MALFORMED_JOB_ID_ERROR.status,
      MALFORMED_JOB_ID_ERROR.code,
      `Job ${quote(jobId)} not found: job ids are UUIDs such as the job_id of a submission.`,
    );
  }
  const record = state.store.get(jobId);
  if (record === undefined || record.keyId !== c.var.keyId) {
    throw new ApiProblem(404, 'JOB_NOT_FOUND', `Job ${jobId} not found for this API key.`);
  }
  return record;
}

/** Returns the caller's job for a markup path, which accepts markup jobs only. */
export function findOwnedMarkupJob(c: SimulatorContext, state: SimulatorState): JobRecord {
  const record = findOwnedJob(c, state);
  if (record.jobType !== JOB_TYPES.markup) {
    throw new ApiProblem(
      MARKUP_PATH_OTHER_TYPE_ERROR.status,
      MARKUP_PATH_OTHER_TYPE_ERROR.code,
      `Markup job ${record.id} not found: its job_type is ${record.jobType}, which GET /v1/jobs/{id} reads.`,
    );
  }
  return record;
}
