import { and, not } from 'xstate';
import type { JobStatus } from '../../src/api/statuses.js';
import type { MarkupContext } from '../markup.js';
import { requestNotBefore } from './request-pacing.js';

/** Id of the markup machine, the root of every target below. */
export const MARKUP_MACHINE_ID = 'markup';

const ID = MARKUP_MACHINE_ID;
const status = (value: JobStatus) => ({ type: 'jobHasStatus', params: { status: value } }) as const;

/** Human events whose failed request sends the machine back to the human state. */
export type HumanEventType = 'orientation.select' | 'annotation.submit' | 'video.request';

/**
 * Transitions for a job resource from a poll (`recordPoll`), a human step's response or a
 * `job.updated` event (`recordJob`), routed by status, `output.step` and the video fields.
 * Targets are ids, so a poll that returns the same status goes from `fetching` back to `waiting`.
 *
 * The job must match `JobSchema`: the client checks every response, and {@link onJobUpdated}
 * checks `job.updated` first. So one of the five status branches always applies, and there is
 * no fallback branch, which no job could take. The `queued` branch keeps its guard: a job with
 * another status, which only an actor provided without the client could return, then takes
 * no branch instead of passing for `queued`.
 */
export function routeJob(record: 'recordPoll' | 'recordJob') {
  return [
    { guard: status('failed'), target: `#${ID}.failed`, actions: [record, 'recordFailedJob'] },
    {
      guard: and([status('completed'), not('hasValidResult')]),
      target: `#${ID}.errored`,
      actions: [record, 'recordInvalidOutput'],
    },
    {
      guard: and([status('completed'), 'isVideoRendering']),
      target: `#${ID}.completed.renderingVideo.waiting`,
      actions: record,
    },
    {
      guard: and([status('completed'), 'hasVideoFailed']),
      target: `#${ID}.completed.ready`,
      actions: [record, 'recordVideoFailure', 'emitRejection'],
    },
    { guard: status('completed'), target: `#${ID}.completed.ready`, actions: record },
    {
      guard: and([status('awaiting_input'), 'hasValidVariants']),
      target: `#${ID}.awaitingInput.choosing`,
      actions: [record, 'recordVariants'],
    },
    {
      guard: status('awaiting_input'),
      target: `#${ID}.errored`,
      actions: [record, 'recordInvalidOutput'],
    },
    {
      guard: and([status('running'), 'isAnnotationReady']),
      target: `#${ID}.running.annotationReady`,
      actions: record,
    },
    { guard: status('running'), target: `#${ID}.running.waiting`, actions: record },
    { guard: status('queued'), target: `#${ID}.queued.waiting`, actions: record },
  ] as const;
}

/**
 * `job.updated` handling. The app sends this event without the client's response check, so a
 * job that fails `JobSchema` ends `errored` first, unless its `id` names another job. Then
 * other or older jobs are ignored, and the rest are routed like a poll result.
 */
export function onJobUpdated() {
  return [
    {
      guard: 'isMalformedJobUpdate',
      target: `#${ID}.errored`,
      actions: 'recordMalformedJobUpdate',
    },
    { guard: not('isCurrentJob') },
    ...routeJob('recordJob'),
  ] as const;
}

/**
 * Builds the `waiting` and `fetching` sub-states of a status that polls. `path` is the dotted
 * path of the parent state below the root. Giving up ends `errored`, except while a video renders:
 * the document already exists, so the machine returns to `completed.ready` with
 * `lastRejection` set.
 */
export function pollingStates(path: string) {
  const forVideo = path === 'completed.renderingVideo';
  const giveUpTarget = forVideo ? `#${ID}.completed.ready` : `#${ID}.errored`;
  const videoGiveUp = ['recordVideoPollFailure', 'emitRejection'] as const;
  // The deadline covers the way to the document; a video requested afterwards is not bound by it.
  const deadline = { target: `#${ID}.errored`, actions: 'recordDeadlineExceeded' } as const;
  const pastDeadline = forVideo ? [] : [{ guard: 'isPastDeadline', ...deadline } as const];
  return {
    waiting: {
      after: { pollDelay: [...pastDeadline, { target: 'fetching' }] },
      on: { resume: { target: 'waiting', reenter: true }, 'job.updated': onJobUpdated() },
    },
    fetching: {
      exit: 'recordRequestEnd',
      after: forVideo ? {} : { deadlineDelay: deadline },
      invoke: {
        id: 'fetchJob',
        src: 'fetchJob',
        input: ({ context }: { context: MarkupContext }) => ({
          jobId: context.jobId ?? '',
          notBefore: requestNotBefore(context),
        }),
        onDone: routeJob('recordPoll'),
        onError: [
          {
            guard: and(['isTransientFailure', 'reachedFailureLimit']),
            target: giveUpTarget,
            actions: forVideo ? videoGiveUp : 'recordLostContact',
          },
          {
            guard: 'isTransientFailure',
            target: `#${ID}.${path}.waiting`,
            actions: 'recordTransientFailure',
          },
          { target: giveUpTarget, actions: forVideo ? videoGiveUp : 'recordError' },
        ],
      },
      on: { 'job.updated': onJobUpdated() },
    },
  } as const;
}

/**
 * `onError` of a human step: a rejected or retryable call goes back to the human state with
 * `lastRejection` set so the person can try again. Anything else ends `errored`.
 */
export function stepFailure(eventType: HumanEventType, humanState: string) {
  return [
    {
      guard: 'isRetryableStepFailure',
      target: humanState,
      actions: [{ type: 'recordStepRejection', params: { eventType } }, 'emitRejection'],
    },
    { target: `#${ID}.errored`, actions: 'recordError' },
  ] as const;
}
