import type { Job } from '../../src/api/job.js';
import type { JobStatus } from '../../src/api/statuses.js';
import type { JobContext } from './context.js';
import { isTransientFailure } from './failures.js';
import { delayUntil } from './poll-schedule.js';
import { isPastDeadline, nextRequestTime } from './reliability.js';
import { isSubmitOutcomeUnknown } from './submission.js';
import { reachedSubmitLimit } from './submission-updates.js';
import { errorFromEvent, isCurrentJob, jobFromEvent } from './updates.js';

type Arguments = { context: JobContext<unknown>; event: { type: string } };

/**
 * Guards that every job machine declares under the same names: submission, polling, retry
 * limits and the deadline. Each machine adds the guards of its own steps next to them.
 */
export const commonGuards = {
  isAttached: ({ context }: Arguments) => context.jobId !== null,
  isCurrentJob: ({ context, event }: Arguments) => isCurrentJob(context, jobFromEvent(event)),
  jobHasStatus: ({ event }: Arguments, params: { status: JobStatus }) =>
    jobFromEvent(event).status === params.status,
  isTransientFailure: ({ event }: Arguments) => isTransientFailure(errorFromEvent(event)),
  reachedFailureLimit: ({ context }: Arguments) =>
    context.consecutiveFailures + 1 >= context.maxConsecutiveFailures,
  reachedSubmitLimit: ({ context }: Arguments) => reachedSubmitLimit(context),
  canRetrySubmit: ({ context, event }: Arguments) =>
    isTransientFailure(errorFromEvent(event)) && !reachedSubmitLimit(context),
  canRetryReconcile: ({ context, event }: Arguments) =>
    isTransientFailure(errorFromEvent(event)) &&
    context.consecutiveFailures + 1 < context.maxConsecutiveFailures,
  isSubmitOutcomeUnknown: ({ event }: Arguments) => isSubmitOutcomeUnknown(errorFromEvent(event)),
  foundSubmittedJob: ({ event }: Arguments) => (event as { output?: Job | null }).output != null,
  isPastDeadline: ({ context }: Arguments) => isPastDeadline(context, Date.now()),
};

/**
 * Named delays of every job machine, computed from absolute times in context so that a
 * restored snapshot re-arms them at the same moments.
 */
export const commonDelays = {
  pollDelay: ({ context }: Arguments) =>
    delayUntil(nextRequestTime(context, context.nextPollAt ?? Date.now()), Date.now()),
  submitRetryDelay: ({ context }: Arguments) =>
    delayUntil(
      nextRequestTime(context, context.submission?.nextAttemptAt ?? Date.now()),
      Date.now(),
    ),
  deadlineDelay: ({ context }: Arguments) => delayUntil(context.deadlineAt, Date.now()),
};
