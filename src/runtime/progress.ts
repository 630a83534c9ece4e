import type { AnyMachineSnapshot } from 'xstate';
import type { JobContext } from '../../machines/shared/context.js';
import type { JobStatus } from '../api/statuses.js';

/** A summary of a job machine's snapshot for progress displays. */
export interface JobProgress {
  /** Dotted path of the active state, such as `running.waiting`. */
  state: string;
  /** Whether the machine reached a final state. */
  done: boolean;
  jobId: string | null;
  /**
   * Status of the latest job resource. Right after the 202 it is `queued`, the status the 202
   * reports. It is null before the submission was acknowledged and for an attached job before
   * its first poll.
   */
  status: JobStatus | null;
  /** Time since submission (or since attaching), in milliseconds, or null before the 202. */
  elapsedMs: number | null;
  /** Time until the next poll, in milliseconds, or null unless the machine waits to poll. */
  nextPollInMs: number | null;
  pollCount: number;
  consecutiveFailures: number;
}

/** Summarises a job machine's snapshot as seen at `nowMs` (default: now). */
export function getJobProgress(snapshot: AnyMachineSnapshot, nowMs = Date.now()): JobProgress {
  const context = snapshot.context as JobContext<unknown>;
  const state = describeStateValue(snapshot.value);
  const waiting = snapshot.status === 'active' && state.endsWith('.waiting');
  return {
    state,
    done: snapshot.status === 'done',
    jobId: context.jobId,
    status: context.job?.status ?? acceptedStatus(context, state),
    elapsedMs: context.submittedAt === null ? null : nowMs - context.submittedAt,
    nextPollInMs:
      waiting && context.nextPollAt !== null ? Math.max(0, context.nextPollAt - nowMs) : null,
    pollCount: context.pollCount,
    consecutiveFailures: context.consecutiveFailures,
  };
}

/** Turns a state value such as `{ running: 'waiting' }` into `running.waiting`. */
export function describeStateValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .map(([key, child]) => {
      const inner = describeStateValue(child);
      return inner === '' ? key : `${key}.${inner}`;
    })
    .join(',');
}

/** `queued` for a machine that submitted the job and has not read it yet, else null. */
function acceptedStatus(context: JobContext<unknown>, state: string): JobStatus | null {
  const submitted = context.jobId !== null && context.submission != null;
  return submitted && state.startsWith('queued.') ? 'queued' : null;
}
