import { createMarkupMachine, markupMachine } from '../../../machines/markup.js';
import { videoRequestProblem } from '../../../machines/shared/markup-steps.js';
import {
  JOB_TYPES,
  MARKUP_STEP_FIELD,
  MARKUP_STEPS,
  VIDEO_STATUS_FIELD,
} from '../../api/assumptions.js';
import type { Job } from '../../api/job.js';
import type { MachineModel } from '../model.js';
import {
  doneEvents,
  errorEvents,
  GRAPH_ACCEPTED,
  GRAPH_JOB_ID,
  graphJob,
  type JobOutcome,
  jobUpdatedEvents,
  LOST_RESPONSE_ERROR,
  labelled,
  PERMANENT_ERROR,
  REJECTED_ERROR,
  TRANSIENT_ERROR,
} from '../payloads.js';
import {
  DEADLINE_JUMP,
  FAILED_OUTCOME,
  failureKey,
  findSubmittedJobEvents,
  JOBS_LIST_PATH,
  MAX_FAILURES,
  MODEL_DEADLINE_MS,
  RATE_LIMITED_ERROR,
} from './shared.js';

const ADDRESS = '42 Wallaby Way, Sydney NSW 2000';
const FILE_URL = 'https://files.example.com/v1/files/markup';

/** Orientation the valid `orientation.select` picks; the simulator offers it too. */
const OFFERED_ORIENTATION = 'left';

const DOCUMENT_OUTPUT = {
  document_url: `${FILE_URL}/document.pdf`,
  orientation: OFFERED_ORIENTATION,
  annotated_image_url: `${FILE_URL}/annotated.png`,
  clean_image_url: `${FILE_URL}/clean.png`,
};

/** Every status a markup job reports, with the sub-cases the machine routes differently. */
const MARKUP_OUTCOMES: JobOutcome[] = [
  { label: 'queued', status: 'queued', output: {} },
  {
    label: 'running, capturing',
    status: 'running',
    output: { [MARKUP_STEP_FIELD]: MARKUP_STEPS.capturing },
  },
  {
    label: 'running, annotation ready',
    status: 'running',
    output: { [MARKUP_STEP_FIELD]: MARKUP_STEPS.annotationReady, orientation: OFFERED_ORIENTATION },
  },
  {
    label: 'awaiting_input',
    status: 'awaiting_input',
    output: {
      orientation_variants: ['top', OFFERED_ORIENTATION].map((key) => ({
        key,
        preview_url: `${FILE_URL}/${key}-preview.jpg`,
        enhanced_url: `${FILE_URL}/${key}-enhanced.jpg`,
      })),
    },
  },
  { label: 'awaiting_input, no variants', status: 'awaiting_input', output: {} },
  { label: 'completed', status: 'completed', output: DOCUMENT_OUTPUT },
  { label: 'completed, invalid output', status: 'completed', output: {} },
  {
    label: 'completed, video rendering',
    status: 'completed',
    output: { ...DOCUMENT_OUTPUT, [VIDEO_STATUS_FIELD]: 'rendering' },
  },
  {
    label: 'completed, video failed',
    status: 'completed',
    output: { ...DOCUMENT_OUTPUT, [VIDEO_STATUS_FIELD]: 'failed' },
  },
  {
    label: 'completed, video ready',
    status: 'completed',
    output: {
      ...DOCUMENT_OUTPUT,
      [VIDEO_STATUS_FIELD]: 'ready',
      video_url: `${FILE_URL}/video.mp4`,
    },
  },
  FAILED_OUTCOME,
];

const STEP_ERRORS = [REJECTED_ERROR, TRANSIENT_ERROR, PERMANENT_ERROR];

/**
 * A `job.updated` about the path's job whose status no API version has, as an app's own
 * poller might pass on unchecked. The markup machine checks the job and ends `errored`.
 */
const MALFORMED_JOB_UPDATE = labelled('invalid job', {
  type: 'job.updated',
  job: { ...graphJob(JOB_TYPES.markup, 'queued'), status: 'archived' },
});

/**
 * Graph key of the markup context: the failure counters, and whether the job held allows a
 * video request, which decides `canRequestVideo` in `completed.ready`.
 */
function markupKey(context: Record<string, unknown>): unknown {
  const job = (context.job ?? null) as Job | null;
  return { ...(failureKey(context) as object), videoAllowed: videoRequestProblem(job) === null };
}

/** Path-test model of the markup machine. */
export const markupModel: MachineModel = {
  name: 'markup',
  machine: markupMachine,
  create: createMarkupMachine,
  inputs: [
    {
      label: 'submit',
      input: {
        address: ADDRESS,
        maxConsecutiveFailures: MAX_FAILURES,
        deadlineMs: MODEL_DEADLINE_MS,
      },
    },
    {
      label: 'attach',
      input: {
        jobId: GRAPH_JOB_ID,
        maxConsecutiveFailures: MAX_FAILURES,
        deadlineMs: MODEL_DEADLINE_MS,
      },
      createJob: async (client) => (await client.startMarkup({ address: ADDRESS })).job_id,
    },
  ],
  payloads: {
    'xstate.done.actor.submitJob': [
      labelled('accepted', { type: 'xstate.done.actor.submitJob', output: GRAPH_ACCEPTED }),
    ],
    'xstate.error.actor.submitJob': errorEvents('submitJob', 'POST', [
      TRANSIENT_ERROR,
      LOST_RESPONSE_ERROR,
      RATE_LIMITED_ERROR,
      REJECTED_ERROR,
    ]),
    'xstate.done.actor.findSubmittedJob': findSubmittedJobEvents(JOB_TYPES.markup),
    'xstate.error.actor.findSubmittedJob': errorEvents('findSubmittedJob', 'GET', [
      TRANSIENT_ERROR,
      REJECTED_ERROR,
    ]),
    'xstate.done.actor.fetchJob': doneEvents('fetchJob', JOB_TYPES.markup, MARKUP_OUTCOMES),
    'xstate.error.actor.fetchJob': errorEvents('fetchJob', 'GET', [
      TRANSIENT_ERROR,
      PERMANENT_ERROR,
    ]),
    'xstate.done.actor.selectOrientation': doneEvents(
      'selectOrientation',
      JOB_TYPES.markup,
      MARKUP_OUTCOMES,
    ),
    'xstate.error.actor.selectOrientation': errorEvents('selectOrientation', 'POST', STEP_ERRORS),
    'xstate.done.actor.annotate': doneEvents('annotate', JOB_TYPES.markup, MARKUP_OUTCOMES),
    'xstate.error.actor.annotate': errorEvents('annotate', 'POST', STEP_ERRORS),
    'xstate.done.actor.requestVideo': doneEvents('requestVideo', JOB_TYPES.markup, MARKUP_OUTCOMES),
    'xstate.error.actor.requestVideo': errorEvents('requestVideo', 'POST', STEP_ERRORS),
    'job.updated': [...jobUpdatedEvents(JOB_TYPES.markup, MARKUP_OUTCOMES), MALFORMED_JOB_UPDATE],
    'orientation.select': [
      labelled('offered', { type: 'orientation.select', orientation: OFFERED_ORIENTATION }),
      labelled('not offered', { type: 'orientation.select', orientation: 'diagonal' }),
    ],
    'annotation.submit': [
      labelled('valid', {
        type: 'annotation.submit',
        annotatedImage: 'https://images.example.com/annotated.png',
        cleanImage: 'https://images.example.com/clean.png',
      }),
      labelled('invalid', {
        type: 'annotation.submit',
        annotatedImage: 'not-an-image',
        cleanImage: '',
      }),
    ],
  },
  actorRequests: {
    submitJob: { method: 'POST', path: /^\/v1\/markup\/generate$/, successStatus: 202 },
    findSubmittedJob: { method: 'GET', path: JOBS_LIST_PATH, successStatus: 200 },
    fetchJob: { method: 'GET', path: /^\/v1\/markup\/jobs\/[^/]+$/, successStatus: 200 },
    selectOrientation: {
      method: 'POST',
      path: /^\/v1\/markup\/jobs\/[^/]+\/select$/,
      successStatus: 200,
    },
    annotate: { method: 'POST', path: /^\/v1\/markup\/jobs\/[^/]+\/annotate$/, successStatus: 200 },
    requestVideo: {
      method: 'POST',
      path: /^\/v1\/markup\/jobs\/[^/]+\/video$/,
      successStatus: 200,
    },
  },
  contextKey: markupKey,
  clockJumps: [DEADLINE_JUMP],
};
