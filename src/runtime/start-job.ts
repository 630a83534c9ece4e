import {
  type Actor,
  type ActorOptions,
  type AnyStateMachine,
  createActor,
  type EventFromLogic,
  type InputFrom,
  type OutputFrom,
  type Snapshot,
  type SnapshotFrom,
} from 'xstate';
import { toDomeError } from '../../machines/shared/failures.js';
import type { JobMachineOutput } from '../../machines/shared/output.js';
import { DomeInputError } from '../errors/job-errors.js';
import { redactingInspect } from '../inspection/redacting-inspect.js';
import { JobCancelledError } from './job-cancelled-error.js';
import { getJobProgress, type JobProgress } from './progress.js';

/** The `completed` branch of a job machine's output. */
export type CompletedOutputOf<TMachine extends AnyStateMachine> = Extract<
  OutputFrom<TMachine>,
  { status: 'completed' }
>;

/** Options of {@link startJob}. */
export interface StartJobOptions<TMachine extends AnyStateMachine> {
  /** Machine input: the request to submit, or `{ jobId }` to attach, plus poll options. */
  input: InputFrom<TMachine>;
  /**
   * XState inspection callback. It receives every event through `redactingInspect`, so API
   * keys, secret-named fields and the strings in {@link secrets} arrive redacted. @default none
   */
  inspect?: ActorOptions<TMachine>['inspect'];
  /**
   * Strings to redact from inspection events besides the patterns `redactSecrets` matches, such
   * as an API key without the `dome_live_` prefix. @default []
   */
  secrets?: readonly string[] | undefined;
  /**
   * A persisted snapshot (from `actor.getPersistedSnapshot()`) to resume instead of starting
   * fresh. The input is then ignored and the poll timer is re-armed with a `resume` event.
   * @default none
   */
  snapshot?: Snapshot<unknown> | undefined;
  /** Called with every snapshot, after the actor applied it. @default none */
  onSnapshot?: ((snapshot: SnapshotFrom<TMachine>) => void) | undefined;
  /** Called with a progress summary of every snapshot. @default none */
  onProgress?: ((progress: JobProgress) => void) | undefined;
  /** Aborting it sends `cancel`, so `result` rejects with a JobCancelledError. @default none */
  signal?: AbortSignal | undefined;
  /**
   * Called with the actor before it starts, for callers that need it in actors which run
   * during `start()`, such as a store write before the first POST. @default none
   */
  onActorCreated?: ((actor: Actor<TMachine>) => void) | undefined;
}

/** A running job machine and the promise of its outcome. */
export interface StartedJob<TMachine extends AnyStateMachine> {
  /** The actor: subscribe to snapshots, send human events, persist it. */
  actor: Actor<TMachine>;
  /**
   * Resolves with the `completed` output. Rejects with the typed error: JobFailedError,
   * JobLostContactError, DomeApiError, ResponseValidationError, DomeConnectionError, ... or
   * JobCancelledError after `cancel`, an aborted signal or `actor.stop()`.
   */
  result: Promise<CompletedOutputOf<TMachine>>;
}

/**
 * Creates and starts an actor for a job machine, and returns it with a promise of the
 * outcome. Throws DomeInputError for a snapshot taken while submitting, because resuming it
 * would send the POST again and could create a second job.
 */
export function startJob<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: StartJobOptions<TMachine>,
): StartedJob<TMachine> {
  if (options.snapshot !== undefined) refuseSubmittingSnapshot(options.snapshot);

  const actor = createActor(machine, {
    input: options.input,
    ...(options.inspect ? { inspect: redactingInspect(options.inspect, options.secrets) } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  } as ActorOptions<TMachine>);
  options.onActorCreated?.(actor);

  let settle: (snapshot: SnapshotFrom<TMachine>) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const result = new Promise<CompletedOutputOf<TMachine>>((resolve, reject) => {
    settle = (snapshot) => {
      const outcome = outcomeOf(snapshot);
      if (outcome.ok) resolve(outcome.output as CompletedOutputOf<TMachine>);
      else reject(outcome.error);
    };
    fail = (error) => reject(toDomeError(error, null));
  });
  // Mark the promise handled: a caller that only uses `actor` must not get an unhandled
  // rejection. Callers that await `result` still see the rejection.
  result.catch(() => {});

  actor.subscribe({
    next: (snapshot) => {
      options.onSnapshot?.(snapshot);
      options.onProgress?.(getJobProgress(snapshot));
    },
    error: fail,
    complete: () => settle(actor.getSnapshot()),
  });

  actor.start();
  if (options.snapshot !== undefined) actor.send({ type: 'resume' } as EventFromLogic<TMachine>);
  if ((actor.getSnapshot() as Snapshot<unknown>).status === 'done') settle(actor.getSnapshot());

  if (options.signal) {
    const cancel = () => actor.send({ type: 'cancel' } as EventFromLogic<TMachine>);
    if (options.signal.aborted) cancel();
    else options.signal.addEventListener('abort', cancel, { once: true });
  }
  return { actor, result };
}

type Outcome = { ok: true; output: unknown } | { ok: false; error: unknown };

function outcomeOf(snapshot: Snapshot<unknown>): Outcome {
  const context = (snapshot as { context?: { jobId?: string | null } }).context;
  const jobId = context?.jobId ?? null;
  if (snapshot.status !== 'done') return { ok: false, error: new JobCancelledError(jobId) };

  const output = snapshot.output as JobMachineOutput<unknown>;
  switch (output.status) {
    case 'completed':
      return { ok: true, output };
    case 'failed':
    case 'errored':
      return { ok: false, error: output.error };
    case 'cancelled':
      return { ok: false, error: new JobCancelledError(output.jobId) };
  }
}

function refuseSubmittingSnapshot(snapshot: Snapshot<unknown>) {
  const value = (snapshot as { value?: unknown }).value;
  if (value === 'submitting') {
    throw new DomeInputError(
      'snapshot',
      'Cannot resume a snapshot taken while submitting: the POST may or may not have created ' +
        'a job. List the jobs to find it, then attach by its id.',
    );
  }
}
