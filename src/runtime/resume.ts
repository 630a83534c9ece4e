import type { Snapshot } from 'xstate';
import type { JobContext } from '../../machines/shared/context.js';
import { deadlineExceededError } from '../../machines/shared/reliability.js';
import {
  findSubmittedJob,
  type IsJobOwnedElsewhere,
  type SubmissionRecord,
} from '../../machines/shared/submission.js';
import { submittedJobQuery } from '../../machines/shared/submission-updates.js';
import type { Job } from '../api/job.js';
import type { DomeClient } from '../client/client.js';
import type { StoredJob } from '../persistence/snapshot-store.js';
import { JOB_KINDS, type JobKind } from './job-kinds.js';
import { describeStateValue } from './progress.js';

/** A human step: the state that takes its event and the state that sends its request. */
export interface HumanStep {
  /** Event type, also the name of the step's claim in the store. */
  eventType: 'orientation.select' | 'annotation.submit' | 'video.request';
  /** Dotted state that takes the event. */
  humanState: string;
  /** Dotted state whose actor sends the request. */
  sendingState: string;
}

/** The markup machine's human steps that send a request. */
export const HUMAN_STEPS: readonly HumanStep[] = [
  {
    eventType: 'orientation.select',
    humanState: 'awaitingInput.choosing',
    sendingState: 'awaitingInput.selecting',
  },
  {
    eventType: 'annotation.submit',
    humanState: 'running.annotationReady',
    sendingState: 'running.annotating',
  },
  {
    eventType: 'video.request',
    humanState: 'completed.ready',
    sendingState: 'completed.requestingVideo',
  },
];

/**
 * How to bring a stored job back:
 * - `restore`: start from `snapshot`, then send `job` as `job.updated` when there is one.
 * - `resubmit`: the stored POST never reached the server, so submit `input` afresh.
 */
export type ResumePlan =
  | { type: 'restore'; snapshot: Snapshot<unknown>; job?: Job | undefined; step?: HumanStep }
  | { type: 'resubmit'; input: Record<string, unknown> };

/** Dependencies of {@link planResume} besides the record. */
export interface ResumeDependencies {
  client: DomeClient;
  /** Returns whether a job id already belongs to another stored record; it is never adopted. */
  isOwnedElsewhere: IsJobOwnedElsewhere;
}

interface StoredSnapshot {
  value: unknown;
  context: JobContext<Record<string, unknown>>;
}

/**
 * Decides how to resume a stored job without sending a POST twice. XState re-runs the actor of
 * an in-flight invoke on restore, which is harmless for a GET but not for a POST:
 * - a snapshot taken before the job id was known (`submitting` or a retry of it) is matched
 *   against `GET /jobs` first, and attached to the job found or else submitted again;
 * - a snapshot taken while a human step was being sent goes back to the step's human state,
 *   with the job as the server has it now, which moves it on if the step arrived.
 * Any other snapshot is restored as stored; the runtime then re-arms its poll timer.
 */
export async function planResume(
  record: StoredJob,
  kind: JobKind,
  dependencies: ResumeDependencies,
): Promise<ResumePlan> {
  const stored = record.snapshot as StoredSnapshot;
  const state = describeStateValue(stored.value);
  const machine = JOB_KINDS[kind].createMachine(dependencies.client, () => {});

  // Before a job id: submitting, or waiting to submit or reconcile after a failed POST.
  if (stored.context.jobId === null && !record.done) {
    const { context } = stored;
    const submission = submissionOf(record, kind, context);
    // The same lookup as the machines' `reconciling` state, with the same clock-skew rule.
    const found = await findSubmittedJob(
      dependencies.client,
      submittedJobQuery({ ...context, submission }),
      new AbortController().signal,
      dependencies.isOwnedElsewhere,
    );
    const attemptedAtMs = submission.firstAttemptAt;
    if (found === null) {
      // Past the deadline nothing is sent, because the machine would give up right after.
      if (context.deadlineAt <= Date.now()) throw deadlineExceededError(context);
      // The new machine keeps the options and the absolute deadline of the stored one.
      return {
        type: 'resubmit',
        input: {
          ...context.request,
          pollSchedule: context.pollSchedule,
          maxConsecutiveFailures: context.maxConsecutiveFailures,
          backoff: context.backoff,
          maxRetryAfterMs: context.maxRetryAfterMs,
          minRequestGapMs: context.minRequestGapMs,
          submitClockSkewMs: context.submitClockSkewMs,
          // NOTE: the new machine's later deadline windows (after a human step) are this
          // remaining time, not the stored deadlineMs, because the input has one duration.
          deadlineMs: context.deadlineAt - Date.now(),
        },
      };
    }
    // Anchor the poll schedule at the attempt and poll at once: the job may be far along.
    const snapshot = machine.resolveState({
      value: { queued: 'waiting' },
      context: {
        ...context,
        jobId: found.id,
        submittedAt: attemptedAtMs,
        nextPollAt: Date.now(),
      } as never,
    });
    return { type: 'restore', snapshot };
  }

  const step = HUMAN_STEPS.find((candidate) => candidate.sendingState === state);
  if (step !== undefined && stored.context.jobId !== null && !record.done) {
    const job = await JOB_KINDS[kind].fetchJob(dependencies.client, stored.context.jobId);
    const [parent, child] = step.humanState.split('.');
    const snapshot = machine.resolveState({
      value: { [parent as string]: child },
      context: stored.context as never,
    });
    return { type: 'restore', snapshot, job, step };
  }

  return { type: 'restore', snapshot: record.snapshot as Snapshot<unknown> };
}

/**
 * Returns the submission record of a stored job without a job id: the one in the snapshot's
 * context, else one built from the record's pending submission or, failing that, from the
 * request and the record's update time.
 */
function submissionOf(
  record: StoredJob,
  kind: JobKind,
  context: StoredSnapshot['context'],
): SubmissionRecord {
  if (context.submission != null && context.submission.input !== null) return context.submission;
  const firstAttemptAt = record.submission?.attemptedAtMs ?? record.updatedAtMs;
  return {
    jobType: JOB_KINDS[kind].jobType,
    input: record.submission?.body ?? JOB_KINDS[kind].body(context.request as never),
    firstAttemptAt,
    lastAttemptAt: firstAttemptAt,
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
  };
}
