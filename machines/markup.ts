import { assign, emit, fromPromise, setup } from 'xstate';
import { JOB_TYPES, MARKUP_STEP_FIELD, MARKUP_STEPS } from '../src/api/assumptions.js';
import type { Job, JobAccepted } from '../src/api/job.js';
import {
  type MarkupCompletedOutput,
  MarkupCompletedOutputSchema,
  type OrientationVariant,
} from '../src/api/outputs.js';
import { paths } from '../src/api/paths.js';
import type { JobStatus } from '../src/api/statuses.js';
import type { DomeClient } from '../src/client/client.js';
import { type AnnotationInput, type MarkupInput, markupBody } from '../src/client/inputs.js';
import type { DomeError } from '../src/errors/dome-error.js';
import type { JobFailedError } from '../src/errors/job-errors.js';
import { cachePerClient } from './shared/cache-per-client.js';
import { commonDelays, commonGuards } from './shared/common-implementations.js';
import { createJobContext, type JobContext, type JobMachineInput } from './shared/context.js';
import {
  invalidOutputError,
  jobFailedError,
  lostContactError,
  toDomeError,
} from './shared/failures.js';
import { invalidJobUpdateError, jobUpdateIssues } from './shared/job-update-check.js';
import {
  annotationProblem,
  type InputRejection,
  isRetryableStepFailure,
  orientationProblem,
  orientationVariantsOf,
  outOfTurnProblem,
  repeatedStepProblem,
  videoRequestProblem,
  videoStateOf,
} from './shared/markup-steps.js';
import {
  type HumanEventType,
  MARKUP_MACHINE_ID,
  onJobUpdated,
  pollingStates,
  routeJob,
  stepFailure,
} from './shared/markup-transitions.js';
import type { JobMachineEvent, JobMachineOutput } from './shared/output.js';
import { pacedRequest } from './shared/paced-request.js';
import { deadlineExceededError, restartedDeadline } from './shared/reliability.js';
import { requireRequest } from './shared/request.js';
import { requestNotBefore } from './shared/request-pacing.js';
import { notProvided } from './shared/single-step-machine.js';
import { findSubmittedJobActor, type SubmittedJobQuery } from './shared/submission.js';
import { submissionStates } from './shared/submission-states.js';
import {
  afterAdoption,
  afterReconcileFailure,
  afterSubmitOutcomeUnknown,
  afterSubmitRetryScheduled,
  beforeSubmitAttempt,
  submissionGaveUpError,
} from './shared/submission-updates.js';
import {
  afterJobReceived,
  afterPoll,
  afterSubmission,
  afterTransientFailure,
  errorFromEvent,
  jobFromEvent,
} from './shared/updates.js';

/** Input of the markup machine: `{ address }` to start a job, or `{ jobId }` to attach. */
export type MarkupMachineInput = JobMachineInput<MarkupInput>;

/** Context of the markup machine: the shared job fields plus the human steps. */
export interface MarkupContext extends JobContext<MarkupInput> {
  /** Variants offered at `awaiting_input`, empty until the job gets there. */
  orientationVariants: OrientationVariant[];
  /** Key of the accepted `orientation.select`, or null. */
  selectedOrientation: string | null;
  /** Reason the latest human event was rejected, cleared by the next accepted one. */
  lastRejection: InputRejection | null;
}

/** Events of the markup machine: the shared ones plus the human steps. */
export type MarkupEvent =
  | JobMachineEvent
  | { type: 'orientation.select'; orientation: string }
  | ({ type: 'annotation.submit' } & AnnotationInput)
  | { type: 'video.request' }
  | { type: 'finish' }
  /**
   * Another runner sharing the same store already sent this human step. The machine records
   * the rejection and emits it; nothing is sent.
   */
  | { type: 'input.duplicate'; eventType: string; reason: string };

/** Emitted when the machine or the server rejects a human event. */
export type MarkupEmitted = { type: 'input.rejected' } & InputRejection;

/** Final output of the markup machine. `result` contains the document and optional video URLs. */
export type MarkupMachineOutput = JobMachineOutput<MarkupCompletedOutput>;

const ID = MARKUP_MACHINE_ID;
const _status = (value: JobStatus) =>
  ({ type: 'jobHasStatus', params: { status: value } }) as const;

/**
 * Markup job: start it, poll `GET /markup/jobs/{id}` until `awaiting_input`, let a person
 * select an orientation and submit the annotation, poll until `completed`, optionally request
 * the video, and end on `finish`. Its actors are placeholders, so use
 * {@link createMarkupMachine} to run it.
 */
export const markupMachine = setup({
  types: {
    context: {} as MarkupContext,
    events: {} as MarkupEvent,
    input: {} as MarkupMachineInput,
    output: {} as MarkupMachineOutput,
    emitted: {} as MarkupEmitted,
  },
  actors: {
    submitJob: fromPromise<JobAccepted, { request: MarkupInput | null; notBefore: number }>(
      notProvided('submitJob', 'createMarkupMachine'),
    ),
    fetchJob: fromPromise<Job, { jobId: string; notBefore: number }>(
      notProvided('fetchJob', 'createMarkupMachine'),
    ),
    findSubmittedJob: fromPromise<Job | null, SubmittedJobQuery & { notBefore: number }>(
      notProvided('findSubmittedJob', 'createMarkupMachine'),
    ),
    selectOrientation: fromPromise<Job, { jobId: string; orientation: string; notBefore: number }>(
      notProvided('selectOrientation', 'createMarkupMachine'),
    ),
    annotate: fromPromise<Job, { jobId: string; images: AnnotationInput; notBefore: number }>(
      notProvided('annotate', 'createMarkupMachine'),
    ),
    requestVideo: fromPromise<Job, { jobId: string; notBefore: number }>(
      notProvided('requestVideo', 'createMarkupMachine'),
    ),
  },
  guards: {
    ...commonGuards,
    hasValidResult: ({ event }) =>
      MarkupCompletedOutputSchema.safeParse(jobFromEvent(event).output).success,
    hasValidVariants: ({ event }) => orientationVariantsOf(jobFromEvent(event)) !== null,
    isAnnotationReady: ({ event }) =>
      jobFromEvent(event).output?.[MARKUP_STEP_FIELD] === MARKUP_STEPS.annotationReady,
    isVideoRendering: ({ event }) => {
      const video = videoStateOf(jobFromEvent(event));
      return video.videoStatus === 'rendering' && video.videoUrl === undefined;
    },
    hasVideoFailed: ({ event }) => videoStateOf(jobFromEvent(event)).videoStatus === 'failed',
    isOfferedOrientation: ({ context, event }) =>
      event.type === 'orientation.select' &&
      orientationProblem(context.orientationVariants, event.orientation) === null,
    isValidAnnotation: ({ event }) =>
      event.type === 'annotation.submit' && annotationProblem(event) === null,
    canRequestVideo: ({ context }) => videoRequestProblem(context.job) === null,
    isMalformedJobUpdate: ({ context, event }) =>
      jobUpdateIssues(context.jobId, jobFromEvent(event)) !== null,
    isRetryableStepFailure: ({ event }) => isRetryableStepFailure(errorFromEvent(event)),
  },
  delays: commonDelays,
  actions: {
    recordRequestEnd: assign({ lastRequestAt: () => Date.now() }),
    recordDeadlineExceeded: assign({ error: ({ context }) => deadlineExceededError(context) }),
    // Time spent waiting for a person does not count against the deadline, so leaving a human
    // state starts a new window.
    restartDeadline: assign({
      deadlineAt: ({ context }) => restartedDeadline(context, Date.now()),
    }),
    recordSubmitAttempt: assign(({ context }) =>
      beforeSubmitAttempt(context, JOB_TYPES.markup, markupBodyOrNull(context.request), Date.now()),
    ),
    recordSubmitRetry: assign(({ context, event }) =>
      afterSubmitRetryScheduled(context, errorFromEvent(event), Date.now()),
    ),
    recordSubmitOutcomeUnknown: assign(({ context, event }) =>
      afterSubmitOutcomeUnknown(context, errorFromEvent(event)),
    ),
    recordReconcileFailure: assign(({ context, event }) =>
      afterReconcileFailure(context, errorFromEvent(event), Date.now()),
    ),
    recordAdoption: assign(({ context, event }) =>
      afterAdoption(context, (event as unknown as { output: Job }).output, Date.now()),
    ),
    recordSubmissionGaveUp: assign({
      error: ({ context, event }) => submissionGaveUpError(context, 'no', errorFromEvent(event)),
    }),
    recordSubmissionUnknown: assign({
      error: ({ context, event }) =>
        submissionGaveUpError(context, 'unknown', errorFromEvent(event)),
    }),
    recordSubmission: assign(({ context, event }) =>
      afterSubmission(context, (event as unknown as { output: JobAccepted }).output, Date.now()),
    ),
    recordPoll: assign(({ context, event }) => afterPoll(context, jobFromEvent(event), Date.now())),
    recordJob: assign(({ context, event }) =>
      afterJobReceived(context, jobFromEvent(event), Date.now()),
    ),
    recordVariants: assign({
      orientationVariants: ({ event }) => orientationVariantsOf(jobFromEvent(event)) ?? [],
    }),
    recordFailedJob: assign({ error: ({ event }) => jobFailedError(jobFromEvent(event)) }),
    recordInvalidOutput: assign({
      error: ({ event }) => {
        const job = jobFromEvent(event);
        const schemaIssues =
          job.status === 'completed'
            ? MarkupCompletedOutputSchema.safeParse(job.output).error?.issues
            : undefined;
        const issues = schemaIssues ?? [
          {
            code: 'custom',
            path: ['orientation_variants'],
            message: 'missing or invalid',
          } as const,
        ];
        return invalidOutputError(job, `/${paths.markupJob(job.id)}`, issues);
      },
    }),
    recordMalformedJobUpdate: assign({
      error: ({ context, event }) =>
        invalidJobUpdateError(
          context.jobId,
          jobUpdateIssues(context.jobId, jobFromEvent(event)) ?? [],
        ),
    }),
    recordVideoFailure: assign({
      lastRejection: {
        eventType: 'video.request',
        reason: 'The video failed to render; request it again or finish without it.',
      },
    }),
    recordVideoPollFailure: assign({
      consecutiveFailures: 0,
      lastRejection: ({ context, event }) => ({
        eventType: 'video.request',
        reason:
          `Polling the video failed: ${toDomeError(errorFromEvent(event), context.jobId).message} ` +
          'Request it again or finish without it.',
      }),
    }),
    recordTransientFailure: assign(({ context, event }) =>
      afterTransientFailure(context, errorFromEvent(event), Date.now()),
    ),
    recordLostContact: assign(({ context, event }) => ({
      consecutiveFailures: context.consecutiveFailures + 1,
      error: lostContactError(context, errorFromEvent(event)),
    })),
    recordError: assign({
      error: ({ context, event }) => toDomeError(errorFromEvent(event), context.jobId),
    }),
    recordSelection: assign({
      selectedOrientation: ({ event }) =>
        event.type === 'orientation.select' ? event.orientation : null,
      lastRejection: null,
    }),
    clearRejection: assign({ lastRejection: null }),
    rejectOutOfTurn: assign({
      lastRejection: ({ context, event }) => ({
        eventType: event.type,
        reason: outOfTurnProblem(context, event.type),
      }),
    }),
    rejectRepeatedStep: assign({
      lastRejection: ({ context, event }) => ({
        eventType: event.type,
        reason: repeatedStepProblem(context, event.type),
      }),
    }),
    recordDuplicate: assign({
      lastRejection: ({ event }) =>
        event.type === 'input.duplicate'
          ? { eventType: event.eventType, reason: event.reason }
          : null,
    }),
    rejectInput: assign({
      lastRejection: ({ context, event }) => ({
        eventType: event.type,
        reason: rejectionReason(context, event),
      }),
    }),
    recordStepRejection: assign({
      lastRejection: ({ context, event }, params: { eventType: HumanEventType }) => ({
        eventType: params.eventType,
        reason: toDomeError(errorFromEvent(event), context.jobId).message,
      }),
    }),
    emitRejection: emit(({ context }) => ({
      type: 'input.rejected' as const,
      eventType: context.lastRejection?.eventType ?? '',
      reason: context.lastRejection?.reason ?? '',
    })),
  },
}).createMachine({
  id: ID,
  context: ({ input }) => ({
    ...createJobContext<MarkupInput>(input, Date.now()),
    orientationVariants: [],
    selectedOrientation: null,
    lastRejection: null,
  }),
  initial: 'starting',
  output: ({ event }) => event.output as MarkupMachineOutput,
  on: {
    cancel: { target: '.cancelled' },
    // A human event that reaches a state which does not take it (a double click, a replay
    // after a restart, an early click) is rejected here, so it never starts a step request.
    'orientation.select': { actions: ['rejectOutOfTurn', 'emitRejection'] },
    'annotation.submit': { actions: ['rejectOutOfTurn', 'emitRejection'] },
    'video.request': { actions: ['rejectOutOfTurn', 'emitRejection'] },
    finish: { actions: ['rejectOutOfTurn', 'emitRejection'] },
    'input.duplicate': { actions: ['recordDuplicate', 'emitRejection'] },
  },
  states: {
    starting: {
      always: [{ guard: 'isAttached', target: 'queued' }, { target: 'submitting' }],
    },
    ...submissionStates<MarkupInput>(ID),
    queued: {
      initial: 'waiting',
      states: pollingStates('queued'),
    },
    awaitingInput: {
      initial: 'choosing',
      states: {
        // Human states have no deadline timer: the machine waits for a person here.
        choosing: {
          exit: 'restartDeadline',
          on: {
            'orientation.select': [
              { guard: 'isOfferedOrientation', target: 'selecting', actions: 'recordSelection' },
              { actions: ['rejectInput', 'emitRejection'] },
            ],
            'job.updated': onJobUpdated(),
          },
        },
        selecting: {
          exit: 'recordRequestEnd',
          invoke: {
            id: 'selectOrientation',
            src: 'selectOrientation',
            input: ({ context }) => ({
              jobId: context.jobId ?? '',
              orientation: context.selectedOrientation ?? '',
              notBefore: requestNotBefore(context),
            }),
            onDone: routeJob('recordJob'),
            onError: stepFailure('orientation.select', `#${ID}.awaitingInput.choosing`),
          },
          on: { 'orientation.select': { actions: ['rejectRepeatedStep', 'emitRejection'] } },
        },
      },
    },
    running: {
      initial: 'waiting',
      states: {
        ...pollingStates('running'),
        annotationReady: {
          exit: 'restartDeadline',
          on: {
            'annotation.submit': [
              { guard: 'isValidAnnotation', target: 'annotating', actions: 'clearRejection' },
              { actions: ['rejectInput', 'emitRejection'] },
            ],
            'job.updated': onJobUpdated(),
          },
        },
        annotating: {
          exit: 'recordRequestEnd',
          invoke: {
            id: 'annotate',
            src: 'annotate',
            input: ({ context, event }) => ({
              jobId: context.jobId ?? '',
              images: annotationOf(event),
              notBefore: requestNotBefore(context),
            }),
            onDone: routeJob('recordJob'),
            onError: stepFailure('annotation.submit', `#${ID}.running.annotationReady`),
          },
          on: { 'annotation.submit': { actions: ['rejectRepeatedStep', 'emitRejection'] } },
        },
      },
    },
    completed: {
      initial: 'ready',
      // The job's result exists, so cancelling here ends with it instead of `cancelled`.
      on: { cancel: { target: 'done' } },
      states: {
        ready: {
          exit: 'restartDeadline',
          on: {
            'video.request': [
              { guard: 'canRequestVideo', target: 'requestingVideo', actions: 'clearRejection' },
              { actions: ['rejectInput', 'emitRejection'] },
            ],
            finish: { target: `#${ID}.done` },
            'job.updated': onJobUpdated(),
          },
        },
        requestingVideo: {
          exit: 'recordRequestEnd',
          invoke: {
            id: 'requestVideo',
            src: 'requestVideo',
            input: ({ context }) => ({
              jobId: context.jobId ?? '',
              notBefore: requestNotBefore(context),
            }),
            onDone: routeJob('recordJob'),
            onError: stepFailure('video.request', `#${ID}.completed.ready`),
          },
          on: { 'video.request': { actions: ['rejectRepeatedStep', 'emitRejection'] } },
        },
        renderingVideo: {
          initial: 'waiting',
          states: pollingStates('completed.renderingVideo'),
        },
      },
    },
    done: {
      type: 'final',
      output: ({ context }) => {
        const job = context.job as Job;
        const result = MarkupCompletedOutputSchema.parse(job.output);
        return { status: 'completed' as const, job, result };
      },
    },
    failed: {
      type: 'final',
      output: ({ context }) => ({
        status: 'failed' as const,
        job: context.job as Job,
        error: context.error as JobFailedError,
      }),
    },
    errored: {
      type: 'final',
      output: ({ context }) => ({
        status: 'errored' as const,
        jobId: context.jobId,
        error: context.error as DomeError,
      }),
    },
    cancelled: {
      type: 'final',
      output: ({ context }) => ({ status: 'cancelled' as const, jobId: context.jobId }),
    },
  },
});

/** The request body, or null when the address fails the checks and the POST will fail. */
function markupBodyOrNull(request: MarkupInput | null): Record<string, unknown> | null {
  try {
    return request === null ? null : markupBody(request);
  } catch {
    return null;
  }
}

function annotationOf(event: MarkupEvent): AnnotationInput {
  if (event.type !== 'annotation.submit') return { annotatedImage: '', cleanImage: '' };
  return { annotatedImage: event.annotatedImage, cleanImage: event.cleanImage };
}

function rejectionReason(context: MarkupContext, event: MarkupEvent): string {
  switch (event.type) {
    case 'orientation.select':
      return orientationProblem(context.orientationVariants, event.orientation) ?? '';
    case 'annotation.submit':
      return annotationProblem(event) ?? '';
    case 'video.request':
      return videoRequestProblem(context.job) ?? '';
    default:
      return `Event ${event.type} is not accepted in this state.`;
  }
}

/** Returns the markup machine bound to `client`, built once per client. */
export function createMarkupMachine(client: DomeClient) {
  return boundMarkupMachine(client);
}

const boundMarkupMachine = cachePerClient((client: DomeClient) =>
  markupMachine.provide({
    actors: {
      submitJob: pacedRequest(({ request }, signal) =>
        client.startMarkup(requireRequest(request), { signal }),
      ),
      fetchJob: pacedRequest(({ jobId }, signal) => client.getMarkupJob(jobId, { signal })),
      findSubmittedJob: findSubmittedJobActor(client),
      selectOrientation: pacedRequest(({ jobId, orientation }, signal) =>
        client.selectOrientation(jobId, orientation, { signal }),
      ),
      annotate: pacedRequest(({ jobId, images }, signal) =>
        client.annotate(jobId, images, { signal }),
      ),
      requestVideo: pacedRequest(({ jobId }, signal) => client.requestVideo(jobId, { signal })),
    },
  }),
);
