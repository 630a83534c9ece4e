import type { Hono } from 'hono';
import { JOB_TYPES } from '../../api/assumptions.js';
import { paths } from '../../api/paths.js';
import { isTerminalStatus } from '../../api/statuses.js';
import {
  requestOrigin,
  type SimulatorContext,
  type SimulatorEnv,
  type SimulatorState,
} from '../context.js';
import type { JobType } from '../job-store.js';
import { deriveJobState } from '../job-view.js';
import { isHttpUrl, readJsonObject, requireText } from '../request-body.js';
import { ApiProblem, quote, sendData } from '../responses.js';
import { planJob } from '../scenarios.js';
import { API_PREFIX } from './route-paths.js';

const ADDRESS_EXPECTED = 'a street address such as "123 Collins St, Melbourne VIC 3000"';

/** Registers the three submission endpoints, which respond 202 with `{ job_id, status }`. */
export function registerSubmitRoutes(app: Hono<SimulatorEnv>, state: SimulatorState): void {
  app.post(`${API_PREFIX}/${paths.droneFootage()}`, async (c) => {
    const body = await readJsonObject(c);
    const address = requireText(body, 'address', ADDRESS_EXPECTED);
    return submitJob(c, state, JOB_TYPES.droneFootage, { address });
  });

  app.post(`${API_PREFIX}/${paths.imageEnhancement()}`, async (c) => {
    const body = await readJsonObject(c);
    const imageUrl = requireText(body, 'image_url', 'an http or https URL of the image');
    if (!isHttpUrl(imageUrl)) {
      throw new ApiProblem(
        400,
        'INVALID_URL',
        `Invalid image_url ${quote(imageUrl)}: expected an http or https URL.`,
      );
    }
    return submitJob(c, state, JOB_TYPES.imageEnhancement, { image_url: imageUrl });
  });

  app.post(`${API_PREFIX}/${paths.markup()}`, async (c) => {
    const body = await readJsonObject(c);
    const address = requireText(body, 'address', ADDRESS_EXPECTED);
    return submitJob(c, state, JOB_TYPES.markup, { address });
  });
}

function submitJob(
  c: SimulatorContext,
  state: SimulatorState,
  jobType: JobType,
  input: Record<string, unknown>,
): Response {
  const nowMs = c.var.nowMs;
  const origin = requestOrigin(c);
  if (state.enforceOneJobPerType) {
    const busy = state.store
      .ownedBy(c.var.keyId)
      .filter((job) => job.jobType === jobType)
      .map((job) => ({ job, status: deriveJobState(job, nowMs, origin, state.clock).status }))
      .find(({ status }) => !isTerminalStatus(status));
    if (busy) {
      throw new ApiProblem(
        409,
        'JOB_IN_PROGRESS',
        `A ${jobType} job is already in progress for this API key (job ${busy.job.id}, ` +
          `status ${busy.status}). Wait for it to finish before submitting another.`,
      );
    }
  }

  const plan = planJob({ jobType, input }, state.chooseScenario);
  const record = state.store.add({
    id: crypto.randomUUID(),
    keyId: c.var.keyId,
    jobType,
    input,
    createdAtMs: nowMs,
    origin,
    plan,
  });
  c.set('jobId', record.id);
  return sendData(c, { job_id: record.id, status: 'queued' }, 202);
}
