import type { JobContext } from './context.js';
import { requestNotBefore } from './request-pacing.js';
import { submittedJobQuery } from './submission-updates.js';

/**
 * Returns the states of a machine before it has a job id: `submitting` sends the POST, `reconciling`
 * looks for the job a lost response may have created, and the two waiting states hold the
 * retries. `id` is the machine id. The machine's setup must define the guards, actions and
 * delays named here.
 */
export function submissionStates<TRequest>(id: string) {
  const errored = `#${id}.errored`;
  const queued = `#${id}.queued`;
  const deadline = { target: errored, actions: 'recordDeadlineExceeded' } as const;
  const pastDeadline = { guard: 'isPastDeadline', ...deadline } as const;

  return {
    submitting: {
      // The attempt is in context before the POST leaves, so a lost response can be reconciled.
      entry: 'recordSubmitAttempt',
      exit: 'recordRequestEnd',
      after: { deadlineDelay: deadline },
      invoke: {
        id: 'submitJob',
        src: 'submitJob',
        input: ({ context }: { context: JobContext<TRequest> }) => ({
          request: context.request,
          notBefore: requestNotBefore(context),
        }),
        onDone: { target: queued, actions: 'recordSubmission' },
        onError: [
          // A lost response or a 5xx may have created the job: check the list before any
          // second POST.
          {
            guard: 'isSubmitOutcomeUnknown',
            target: `#${id}.reconciling`,
            actions: 'recordSubmitOutcomeUnknown',
          },
          // A 429 was not handled, so the POST is sent again after Retry-After.
          {
            guard: 'canRetrySubmit',
            target: `#${id}.waitingToSubmit`,
            actions: 'recordSubmitRetry',
          },
          { guard: 'isTransientFailure', target: errored, actions: 'recordSubmissionGaveUp' },
          { target: errored, actions: 'recordError' },
        ],
      },
    },
    reconciling: {
      exit: 'recordRequestEnd',
      after: { deadlineDelay: deadline },
      invoke: {
        id: 'findSubmittedJob',
        src: 'findSubmittedJob',
        input: ({ context }: { context: JobContext<TRequest> }) => ({
          ...submittedJobQuery(context as JobContext<unknown>),
          notBefore: requestNotBefore(context),
        }),
        onDone: [
          { guard: 'foundSubmittedJob', target: queued, actions: 'recordAdoption' },
          { guard: 'reachedSubmitLimit', target: errored, actions: 'recordSubmissionGaveUp' },
          // The list proves the job was not created, so submitting again is safe.
          { target: `#${id}.waitingToSubmit`, actions: 'recordSubmitRetry' },
        ],
        onError: [
          {
            guard: 'canRetryReconcile',
            target: `#${id}.waitingToReconcile`,
            actions: 'recordReconcileFailure',
          },
          { target: errored, actions: 'recordSubmissionUnknown' },
        ],
      },
    },
    // `resume` re-arms the timer after a restore, because XState does not persist timers.
    waitingToSubmit: {
      after: { submitRetryDelay: [pastDeadline, { target: `#${id}.submitting` }] },
      on: { resume: { target: `#${id}.waitingToSubmit`, reenter: true } },
    },
    waitingToReconcile: {
      after: { submitRetryDelay: [pastDeadline, { target: `#${id}.reconciling` }] },
      on: { resume: { target: `#${id}.waitingToReconcile`, reenter: true } },
    },
  } as const;
}
