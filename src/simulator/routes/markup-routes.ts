import type { Hono } from 'hono';
import {
  ANNOTATE_FIELDS,
  MARKUP_STEP_RESPONSE_STATUS,
  MARKUP_STEPS,
  ORIENTATION_KEYS,
  SELECT_ORIENTATION_FIELD,
  WRONG_STATE_ERROR,
} from '../../api/assumptions.js';
import { paths } from '../../api/paths.js';
import {
  requestOrigin,
  type SimulatorContext,
  type SimulatorEnv,
  type SimulatorState,
} from '../context.js';
import type { JobRecord } from '../job-store.js';
import { deriveJobState, type JobState, viewJob } from '../job-view.js';
import { readJsonObject, requireImage, requireText } from '../request-body.js';
import { ApiProblem, quote, sendData } from '../responses.js';
import { findOwnedMarkupJob } from './find-job.js';
import { routePattern } from './route-paths.js';

/** Registers the markup poll and its three step calls: select, annotate and video. */
export function registerMarkupRoutes(app: Hono<SimulatorEnv>, state: SimulatorState): void {
  app.get(routePattern(paths.markupJob), (c) => {
    const record = findOwnedMarkupJob(c, state);
    return sendJob(c, state, record, 200);
  });

  app.post(routePattern(paths.markupSelect), async (c) => {
    const record = findOwnedMarkupJob(c, state);
    const body = await readJsonObject(c);
    const current = currentState(c, state, record);
    if (current.status !== 'awaiting_input') {
      throw wrongState(record, current, 'select an orientation', 'awaiting_input');
    }

    const offered = ORIENTATION_KEYS.join(', ');
    const orientation = requireText(
      body,
      SELECT_ORIENTATION_FIELD,
      `one of the offered keys ${offered}`,
    );
    if (!ORIENTATION_KEYS.some((key) => key === orientation)) {
      throw new ApiProblem(
        400,
        'VALIDATION_ERROR',
        `Invalid ${SELECT_ORIENTATION_FIELD} ${quote(orientation)}: expected one of the offered keys ${offered}.`,
      );
    }
    record.selection = { orientation, atMs: c.var.nowMs };
    return sendJob(c, state, record, MARKUP_STEP_RESPONSE_STATUS);
  });

  app.post(routePattern(paths.markupAnnotate), async (c) => {
    const record = findOwnedMarkupJob(c, state);
    const body = await readJsonObject(c);
    const current = currentState(c, state, record);
    if (current.status !== 'running' || current.step !== MARKUP_STEPS.annotationReady) {
      throw wrongState(record, current, 'annotate', `running (${MARKUP_STEPS.annotationReady})`);
    }

    const annotatedImage = requireImage(body, ANNOTATE_FIELDS.annotatedImage);
    const cleanImage = requireImage(body, ANNOTATE_FIELDS.cleanImage);
    record.annotation = { atMs: c.var.nowMs, annotatedImage, cleanImage };
    return sendJob(c, state, record, MARKUP_STEP_RESPONSE_STATUS);
  });

  app.post(routePattern(paths.markupVideo), async (c) => {
    const record = findOwnedMarkupJob(c, state);
    await readJsonObject(c, { allowEmpty: true });
    const current = currentState(c, state, record);
    if (current.status !== 'completed') {
      throw wrongState(record, current, 'request a video', 'completed');
    }
    // A second request while the video renders, or after it is ready, changes nothing.
    record.videoRequestedAtMs ??= c.var.nowMs;
    return sendJob(c, state, record, MARKUP_STEP_RESPONSE_STATUS);
  });
}

function currentState(c: SimulatorContext, state: SimulatorState, record: JobRecord): JobState {
  return deriveJobState(record, c.var.nowMs, requestOrigin(c), state.clock);
}

function sendJob(c: SimulatorContext, state: SimulatorState, record: JobRecord, status: number) {
  return sendData(c, viewJob(record, c.var.nowMs, requestOrigin(c), state.clock), status);
}

function wrongState(record: JobRecord, current: JobState, action: string, allowedAt: string) {
  const statusText = current.step ? `${current.status} (${current.step})` : current.status;
  return new ApiProblem(
    WRONG_STATE_ERROR.status,
    WRONG_STATE_ERROR.code,
    `Cannot ${action} while job ${record.id} is ${statusText}: this step is allowed only at ${allowedAt}.`,
  );
}
