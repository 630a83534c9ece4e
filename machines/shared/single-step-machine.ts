import { and, assign, fromPromise, not, setup } from 'xstate';
import type { z } from 'zod';
import type { Job, JobAccepted } from '../../src/api/job.js';
import type { JobStatus } from '../../src/api/statuses.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { commonDelays, commonGuards } from './common-implementations.js';
import { createJobContext, type JobContext, type JobMachineInput } from './context.js';
import {
  invalidOutputError,
  jobFailedError,
  lostContactError,
  toDomeError,
  unexpectedStatusError,
} from './failures.js';
import { invalidJobUpdateError, jobUpdateIssues } from './job-update-check.js';
import type { JobMachineEvent, JobMachineOutput } from './output.js';
import { deadlineExceededError } from './reliability.js';
import { requestNotBefore } from './request-pacing.js';
import type { SubmittedJobQuery } from './submission.js';
import { submissionStates } from './submission-states.js';
import {
  afterAdoption,
  afterReconcileFailure,
  afterSubmitOutcomeUnknown,
  afterSubmitRetryScheduled,
  beforeSubmitAttempt,
  submissionGaveUpError,
} from './submission-updates.js';
import {
  afterJobReceived,
  afterPoll,
  afterSubmission,
  afterTransientFailure,
  errorFromEvent,
  jobFromEvent,
} from './updates.js';

/** Settings that set one single-step job type apart from another. */
export interface SingleStepJobSpec<TResult, TRequest> {
  /** Machine id, also the prefix of every state id, such as `droneFootage`. */
  id: string;
  /** `job_type` of the jobs it submits, used to find a submission whose response was lost. */
  jobType: string;
  /** Returns the request body, which the API echoes as `job.input`; throws for invalid input. */
  requestBody: (request: TRequest) => Record<string, unknown>;
  /** Schema of `output` once the job is `completed`. */
  resultSchema: z.ZodType<TResult>;
  /** Path the job is polled at, for error messages. */
  pollPath: (jobId: string) => string;
}

/** Returns a placeholder actor body that fails until a factory provides the real one. */
export function notProvided(actorName: string, factoryName: string) {
  return async (): Promise<never> => {
    throw new DomeError(
      `Actor ${actorName} is not provided: create the machine with ${factoryName}(client).`,
    );
  };
}

/**
 * Builds the machine of a job that goes queued -> running -> completed | failed with no human
 * step: submit, poll on the documented schedule, and end in one of the final states
 * `completed`, `failed`, `errored` or `cancelled`. The actors are placeholders, so bind a client
 * with `machine.provide({ actors })`.
 */
export function createSingleStepMachine<TRequest extends object, TResult>(
  spec: SingleStepJobSpec<TResult, TRequest>,
  factoryName: string,
) {
  const { id, resultSchema } = spec;
  const status = (value: JobStatus) =>
    ({ type: 'jobHasStatus', params: { status: value } }) as const;
  // Invalid input makes the POST itself fail with a DomeInputError, so null is never looked up.
  const bodyOrNull = (request: TRequest | null) => {
    try {
      return request === null ? null : spec.requestBody(request);
    } catch {
      return null;
    }
  };

  return setup({
    types: {
      context: {} as JobContext<TRequest>,
      events: {} as JobMachineEvent,
      input: {} as JobMachineInput<TRequest>,
      output: {} as JobMachineOutput<TResult>,
    },
    actors: {
      submitJob: fromPromise<JobAccepted, { request: TRequest | null; notBefore: number }>(
        notProvided('submitJob', factoryName),
      ),
      fetchJob: fromPromise<Job, { jobId: string; notBefore: number }>(
        notProvided('fetchJob', factoryName),
      ),
      findSubmittedJob: fromPromise<Job | null, SubmittedJobQuery & { notBefore: number }>(
        notProvided('findSubmittedJob', factoryName),
      ),
    },
    guards: {
      ...commonGuards,
      hasValidResult: ({ event }) => resultSchema.safeParse(jobFromEvent(event).output).success,
      isMalformedJobUpdate: ({ context, event }) =>
        jobUpdateIssues(context.jobId, jobFromEvent(event)) !== null,
    },
    delays: commonDelays,
    actions: {
      recordSubmission: assign(({ context, event }) =>
        afterSubmission(context, (event as unknown as { output: JobAccepted }).output, Date.now()),
      ),
      recordPoll: assign(({ context, event }) =>
        afterPoll(context, jobFromEvent(event), Date.now()),
      ),
      recordJob: assign(({ context, event }) =>
        afterJobReceived(context, jobFromEvent(event), Date.now()),
      ),
      recordFailedJob: assign({ error: ({ event }) => jobFailedError(jobFromEvent(event)) }),
      recordInvalidResult: assign({
        error: ({ event }) => {
          const job = jobFromEvent(event);
          const parsed = resultSchema.safeParse(job.output);
          return invalidOutputError(job, spec.pollPath(job.id), parsed.error?.issues ?? []);
        },
      }),
      recordUnexpectedStatus: assign({
        error: ({ event }) => unexpectedStatusError(jobFromEvent(event), id),
      }),
      recordMalformedJobUpdate: assign({
        error: ({ context, event }) =>
          invalidJobUpdateError(
            context.jobId,
            jobUpdateIssues(context.jobId, jobFromEvent(event)) ?? [],
          ),
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
      recordRequestEnd: assign({ lastRequestAt: () => Date.now() }),
      recordDeadlineExceeded: assign({ error: ({ context }) => deadlineExceededError(context) }),
      recordSubmitAttempt: assign(({ context }) =>
        beforeSubmitAttempt(context, spec.jobType, bodyOrNull(context.request), Date.now()),
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
    },
  }).createMachine({
    id,
    context: ({ input }) => createJobContext<TRequest>(input, Date.now()),
    initial: 'starting',
    output: ({ event }) => event.output as JobMachineOutput<TResult>,
    on: { cancel: { target: '.cancelled' } },
    states: {
      starting: {
        always: [{ guard: 'isAttached', target: 'queued' }, { target: 'submitting' }],
      },
      ...submissionStates<TRequest>(id),
      queued: pollingState('queued'),
      running: pollingState('running'),
      completed: {
        type: 'final',
        output: ({ context }) => {
          const job = context.job as Job;
          return { status: 'completed', job, result: resultSchema.parse(job.output) } as const;
        },
      },
      failed: {
        type: 'final',
        output: ({ context }) => ({
          status: 'failed' as const,
          job: context.job as Job,
          error: context.error as ReturnType<typeof jobFailedError>,
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

  /**
   * Transitions for a job resource, from a poll (`recordPoll`) or from a `job.updated` event
   * (`recordJob`), routed by status. Targets are ids so a poll that returns the same status goes
   * from `fetching` back to that status's `waiting`.
   *
   * The last branch is taken: `awaiting_input` is a valid API status, so a job with it passes
   * `JobSchema`, but a single-step job has no human step and never reports it.
   */
  function routeJob(record: 'recordPoll' | 'recordJob') {
    return [
      {
        guard: status('failed'),
        target: `#${id}.failed`,
        actions: [record, 'recordFailedJob'],
      },
      {
        guard: and([status('completed'), 'hasValidResult']),
        target: `#${id}.completed`,
        actions: record,
      },
      {
        guard: status('completed'),
        target: `#${id}.errored`,
        actions: [record, 'recordInvalidResult'],
      },
      { guard: status('running'), target: `#${id}.running.waiting`, actions: record },
      { guard: status('queued'), target: `#${id}.queued.waiting`, actions: record },
      { target: `#${id}.errored`, actions: [record, 'recordUnexpectedStatus'] },
    ] as const;
  }

  /** Builds a status state that polls: it waits for the next scheduled time, then fetches the job. */
  function pollingState(statusKey: 'queued' | 'running') {
    // The app sends job.updated without the client's response check, so a job that fails
    // JobSchema ends errored first, unless its id names another job. Then a delivery about
    // another job, or older than the job held, is ignored: the target-less transition takes
    // the event and does nothing.
    const onJobUpdated = [
      {
        guard: 'isMalformedJobUpdate',
        target: `#${id}.errored`,
        actions: 'recordMalformedJobUpdate',
      },
      { guard: not('isCurrentJob') },
      ...routeJob('recordJob'),
    ] as const;
    return {
      initial: 'waiting',
      states: {
        waiting: {
          after: {
            pollDelay: [
              {
                guard: 'isPastDeadline',
                target: `#${id}.errored`,
                actions: 'recordDeadlineExceeded',
              },
              { target: 'fetching' },
            ],
          },
          on: {
            resume: { target: 'waiting', reenter: true },
            'job.updated': onJobUpdated,
          },
        },
        fetching: {
          exit: 'recordRequestEnd',
          after: {
            deadlineDelay: { target: `#${id}.errored`, actions: 'recordDeadlineExceeded' },
          },
          invoke: {
            id: 'fetchJob',
            src: 'fetchJob',
            input: ({ context }: { context: JobContext<TRequest> }) => ({
              jobId: context.jobId ?? '',
              notBefore: requestNotBefore(context),
            }),
            onDone: routeJob('recordPoll'),
            onError: [
              {
                guard: and(['isTransientFailure', 'reachedFailureLimit']),
                target: `#${id}.errored`,
                actions: 'recordLostContact',
              },
              {
                guard: 'isTransientFailure',
                target: `#${id}.${statusKey}.waiting`,
                actions: 'recordTransientFailure',
              },
              { target: `#${id}.errored`, actions: 'recordError' },
            ],
          },
          on: { 'job.updated': onJobUpdated },
        },
      },
    } as const;
  }
}
