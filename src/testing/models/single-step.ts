import type { AnyStateMachine } from 'xstate';
import { createDroneFootageMachine, droneFootageMachine } from '../../../machines/drone-footage.js';
import {
  createImageEnhancementMachine,
  imageEnhancementMachine,
} from '../../../machines/image-enhancement.js';
import { JOB_TYPES } from '../../api/assumptions.js';
import type { JobAccepted } from '../../api/job.js';
import type { DomeClient } from '../../client/client.js';
import type { MachineModel, ModelInput } from '../model.js';
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
  JOB_PATH,
  JOBS_LIST_PATH,
  MAX_FAILURES,
  MODEL_DEADLINE_MS,
  RATE_LIMITED_ERROR,
} from './shared.js';

const FILE_URL = 'https://files.example.com/v1/files/job';

/** Every API status a single-step job can report, with one invalid `completed` output. */
function outcomesFor(completedOutput: Record<string, unknown>): JobOutcome[] {
  return [
    { label: 'queued', status: 'queued', output: {} },
    { label: 'running', status: 'running', output: {} },
    { label: 'awaiting_input', status: 'awaiting_input', output: {} },
    { label: 'completed', status: 'completed', output: completedOutput },
    { label: 'completed, invalid output', status: 'completed', output: {} },
    FAILED_OUTCOME,
  ];
}

/**
 * Returns a `job.updated` about the path's job whose `updated_at` is no timestamp, as an app's
 * own poller might pass on unchecked. The machine checks the job and ends `errored`, where the
 * stale-job guard alone, unable to read the time, would drop the event unnoticed.
 */
function malformedJobUpdate(jobType: string) {
  return labelled('invalid job', {
    type: 'job.updated',
    job: { ...graphJob(jobType, 'running'), updated_at: 'yesterday' },
  });
}

interface SingleStepSpec {
  name: string;
  machine: AnyStateMachine;
  create(client: DomeClient): AnyStateMachine;
  jobType: string;
  request: Record<string, unknown>;
  submitPath: RegExp;
  submit(client: DomeClient): Promise<JobAccepted>;
  completedOutput: Record<string, unknown>;
}

function singleStepModel(spec: SingleStepSpec): MachineModel {
  const outcomes = outcomesFor(spec.completedOutput);
  const options = { maxConsecutiveFailures: MAX_FAILURES, deadlineMs: MODEL_DEADLINE_MS };
  const inputs: ModelInput[] = [
    { label: 'submit', input: { ...spec.request, ...options } },
    {
      label: 'attach',
      input: { jobId: GRAPH_JOB_ID, ...options },
      createJob: async (client) => (await spec.submit(client)).job_id,
    },
  ];
  return {
    name: spec.name,
    machine: spec.machine,
    create: spec.create,
    inputs,
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
      'xstate.done.actor.fetchJob': doneEvents('fetchJob', spec.jobType, outcomes),
      'xstate.error.actor.fetchJob': errorEvents('fetchJob', 'GET', [
        TRANSIENT_ERROR,
        PERMANENT_ERROR,
      ]),
      'job.updated': [
        ...jobUpdatedEvents(spec.jobType, outcomes),
        malformedJobUpdate(spec.jobType),
      ],
      'xstate.done.actor.findSubmittedJob': findSubmittedJobEvents(spec.jobType),
      'xstate.error.actor.findSubmittedJob': errorEvents('findSubmittedJob', 'GET', [
        TRANSIENT_ERROR,
        REJECTED_ERROR,
      ]),
    },
    actorRequests: {
      submitJob: { method: 'POST', path: spec.submitPath, successStatus: 202 },
      fetchJob: { method: 'GET', path: JOB_PATH, successStatus: 200 },
      findSubmittedJob: { method: 'GET', path: JOBS_LIST_PATH, successStatus: 200 },
    },
    contextKey: failureKey,
    clockJumps: [DEADLINE_JUMP],
  };
}

/** Path-test model of the drone footage machine. */
export const droneFootageModel: MachineModel = singleStepModel({
  name: 'droneFootage',
  machine: droneFootageMachine,
  create: createDroneFootageMachine,
  jobType: JOB_TYPES.droneFootage,
  request: { address: '123 Collins St, Melbourne VIC 3000' },
  submitPath: /^\/v1\/drone-footage\/generate$/,
  submit: (client) => client.submitDroneFootage({ address: '123 Collins St, Melbourne VIC 3000' }),
  completedOutput: {
    video_url: `${FILE_URL}/video.mp4`,
    thumbnail_url: `${FILE_URL}/thumbnail.jpg`,
    duration: 30,
  },
});

/** Path-test model of the image enhancement machine. */
export const imageEnhancementModel: MachineModel = singleStepModel({
  name: 'imageEnhancement',
  machine: imageEnhancementMachine,
  create: createImageEnhancementMachine,
  jobType: JOB_TYPES.imageEnhancement,
  request: { imageUrl: 'https://images.example.com/house.jpg' },
  submitPath: /^\/v1\/image-enhancement\/generate$/,
  submit: (client) =>
    client.submitImageEnhancement({ imageUrl: 'https://images.example.com/house.jpg' }),
  completedOutput: { enhanced_url: `${FILE_URL}/enhanced.jpg` },
});
