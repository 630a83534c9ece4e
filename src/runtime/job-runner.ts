import { randomUUID } from 'node:crypto';
import type {
  Actor,
  AnyActorRef,
  AnyMachineSnapshot,
  AnyStateMachine,
  InspectionEvent,
  Snapshot,
} from 'xstate';
import type { MarkupContext, MarkupEvent } from '../../machines/markup.js';
import type { JobContext, JobMachineOptions } from '../../machines/shared/context.js';
import { withMachineOptions } from '../../machines/shared/machine-options.js';
import type { DomeClient } from '../client/client.js';
import type { AnnotationInput } from '../client/inputs.js';
import { DomeInputError } from '../errors/job-errors.js';
import type { PendingSubmission, SnapshotStore, StoredJob } from '../persistence/snapshot-store.js';
import { InputRejectedError } from './input-rejected-error.js';
import {
  isJobKind,
  JOB_KINDS,
  type JobKind,
  type JobMachines,
  type JobRequests,
} from './job-kinds.js';
import { describeStateValue } from './progress.js';
import { HUMAN_STEPS, planResume } from './resume.js';
import { type CompletedOutputOf, startJob } from './start-job.js';

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions extends JobMachineOptions {
  /** Client the machines send their requests with. */
  client: DomeClient;
  /** Store of every job's snapshot. Runners that share a store share its jobs. */
  store: SnapshotStore;
  /** XState inspection callback, passed to every actor the runner creates. @default none */
  inspect?: ((event: InspectionEvent) => void) | undefined;
  /** Called with each snapshot after it was saved to the store. @default none */
  onSnapshot?: ((update: JobSnapshotUpdate) => void) | undefined;
}

/** One saved snapshot of one job, as {@link JobRunnerOptions.onSnapshot} receives it. */
export interface JobSnapshotUpdate {
  key: string;
  kind: JobKind;
  /** Dotted state, such as `queued.waiting`. */
  state: string;
  snapshot: AnyMachineSnapshot;
}

/** A job that a runner drives: its local key, its actor and the promise of its outcome. */
export interface RunningJob<K extends JobKind = JobKind> {
  key: string;
  kind: K;
  actor: Actor<JobMachines[K]>;
  /** Settles as `startJob`'s result does: the completed output, or the typed error. */
  result: Promise<CompletedOutputOf<JobMachines[K]>>;
}

/** Options of {@link JobRunner.start} and {@link JobRunner.attach}. */
export interface RunOptions {
  /** Local key of the job in the store. @default a random UUID */
  key?: string | undefined;
}

/** Runs jobs whose every snapshot is saved to a store, and brings them back after a restart. */
export interface JobRunner {
  /** Submits a new job; its record is saved before the POST leaves. Throws for a used key. */
  start<K extends JobKind>(kind: K, request: JobRequests[K], options?: RunOptions): RunningJob<K>;
  /**
   * Follows a job that exists on the server, for example one another program submitted. A job
   * id already in the store resumes that record instead.
   */
  attach<K extends JobKind>(kind: K, jobId: string, options?: RunOptions): Promise<RunningJob<K>>;
  /**
   * Brings back the stored job with this key. Rejects with DomeInputError for an unknown key,
   * with the client's error when a lookup that the resume needs fails, and with
   * JobDeadlineExceededError for an unconfirmed submission whose deadline passed.
   */
  resume(key: string): Promise<RunningJob>;
  /** Resumes every stored job that has not finished, oldest update first. */
  resumeAll(): Promise<RunningJob[]>;
  /** Returns the job with this key if this runner drives it. */
  get(key: string): RunningJob | undefined;
  /** Selects an orientation of a markup job; throws InputRejectedError if not accepted. */
  selectOrientation(key: string, orientation: string): void;
  /** Sends the annotation of a markup job; throws InputRejectedError if not accepted. */
  submitAnnotation(key: string, images: AnnotationInput): void;
  /** Requests the video of a completed markup job; throws InputRejectedError if not accepted. */
  requestVideo(key: string): void;
  /**
   * Ends a completed markup job without (more) video; throws InputRejectedError before the
   * document exists or while a video is being requested or rendered.
   */
  finish(key: string): void;
  /** Stops every actor without touching the store, so the jobs can be resumed later. */
  stop(): void;
}

/**
 * Creates a runner that saves each job's persisted snapshot at every transition, records an
 * outgoing submission before it is sent, and resumes jobs from the store: by key, all at once,
 * or by job id. Human steps of markup jobs are claimed in the store, so runners sharing it send
 * each step at most once (a step whose request failed is released for another try).
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { client, store } = options;
  const running = new Map<string, RunningJob>();
  let stopping = false;

  function save(
    key: string,
    kind: JobKind,
    actor: AnyActorRef,
    submission?: PendingSubmission,
  ): StoredJob {
    const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
    const context = snapshot.context as JobContext<unknown>;
    const record: StoredJob = {
      key,
      machineId: kind,
      jobId: context.jobId,
      state: describeStateValue(snapshot.value),
      done: snapshot.status !== 'active',
      snapshot: actor.getPersistedSnapshot(),
      updatedAtMs: Date.now(),
      ...(submission !== undefined && context.jobId === null ? { submission } : {}),
    };
    store.save(record);
    return record;
  }

  /** Starts an actor for `key`, saving every snapshot; `source` is a snapshot or an input. */
  function run<K extends JobKind>(
    key: string,
    kind: K,
    source: { snapshot: Snapshot<unknown> } | { input: Record<string, unknown> },
  ): RunningJob<K> {
    let actor: AnyActorRef | undefined;
    let submission: PendingSubmission | undefined;
    let previousState: string | undefined;

    const machine = JOB_KINDS[kind].createMachine(
      client,
      (body) => {
        // Runs synchronously inside the submit actor, before the client builds the request. A
        // retried POST keeps the first attempt time, so a lookup covers every attempt.
        submission ??= { attemptedAtMs: Date.now(), body };
        if (actor !== undefined) save(key, kind, actor, submission);
      },
      ownedByOtherRecord(key),
    ) as AnyStateMachine;

    const started = startJob(machine, {
      input: 'input' in source ? source.input : {},
      ...('snapshot' in source ? { snapshot: source.snapshot } : {}),
      inspect: options.inspect,
      onActorCreated: (created) => {
        actor = created;
      },
      onSnapshot: (snapshot) => {
        if (stopping || actor === undefined) return;
        const record = save(key, kind, actor, submission);
        if (record.jobId !== null) submission = undefined;
        releaseRejectedStep(key, previousState, record.state);
        previousState = record.state;
        options.onSnapshot?.({ key, kind, state: record.state, snapshot });
      },
    });
    const job = { key, kind, actor: started.actor, result: started.result } as RunningJob<K>;
    running.set(key, job);
    // Drop finished jobs from the map; the store keeps their final record.
    started.result.then(
      () => forget(key, job),
      () => forget(key, job),
    );
    return job;
  }

  /**
   * Returns the check that keeps a lost submission's search from adopting a job that another
   * record of the store (this runner's or another's) already follows.
   */
  function ownedByOtherRecord(key: string) {
    return (jobId: string) => {
      const owner = store.findByJobId(jobId);
      return owner !== undefined && owner.key !== key;
    };
  }

  function forget(key: string, job: RunningJob) {
    if (running.get(key) === job) running.delete(key);
  }

  /**
   * Drops the claim of a step whose request failed: the machine came back to the step's human
   * state from another state. A first snapshot never releases, because a runner that resumes
   * a job at a human state cannot tell whether another runner is sending that step.
   */
  function releaseRejectedStep(key: string, previous: string | undefined, current: string) {
    if (previous === undefined || previous === current) return;
    for (const step of HUMAN_STEPS) {
      if (current === step.humanState) store.releaseStep(key, step.eventType);
    }
  }

  function requireUnusedKey(key: string) {
    if (running.has(key) || store.load(key) !== undefined) {
      throw new DomeInputError(
        'key',
        `Job key ${JSON.stringify(key)} is already in the store; resume it or choose another key.`,
      );
    }
  }

  /** Returns the machine options of the runner that are set, for a new job's input. */
  function machineOptions(): JobMachineOptions {
    return withMachineOptions({}, options);
  }

  async function resume(key: string): Promise<RunningJob> {
    const active = running.get(key);
    if (active !== undefined) return active;

    const record = store.load(key);
    if (record === undefined) {
      throw new DomeInputError('key', `No stored job has the key ${JSON.stringify(key)}.`);
    }
    const kind = record.machineId;
    if (!isJobKind(kind)) {
      throw new DomeInputError(
        'key',
        `Stored job ${JSON.stringify(key)} uses the unknown machine ${JSON.stringify(kind)}.`,
      );
    }

    const plan = await planResume(record, kind, {
      client,
      isOwnedElsewhere: ownedByOtherRecord(key),
    });
    // Another call may have resumed the key while the lookup ran.
    const raced = running.get(key);
    if (raced !== undefined) return raced;

    if (plan.type === 'resubmit') return run(key, kind, { input: plan.input });

    const job = run(key, kind, { snapshot: plan.snapshot });
    if (plan.job !== undefined) {
      job.actor.send({ type: 'job.updated', job: plan.job });
      // The step's request never arrived, so the person may send the step again.
      const state = describeStateValue(job.actor.getSnapshot().value);
      if (plan.step !== undefined && state === plan.step.humanState) {
        store.releaseStep(key, plan.step.eventType);
      }
    }
    return job;
  }

  function requireMarkup(key: string): RunningJob<'markup'> {
    const job = running.get(key);
    if (job === undefined) {
      throw new DomeInputError(
        'key',
        `Job ${JSON.stringify(key)} is not running in this runner; resume it first.`,
      );
    }
    if (job.kind !== 'markup') {
      throw new DomeInputError(
        'key',
        `Job ${JSON.stringify(key)} runs the ${job.kind} machine; only markup jobs take human steps.`,
      );
    }
    return job as RunningJob<'markup'>;
  }

  /**
   * Sends a human event at most once. At the step's human state the step is claimed in the
   * store first, and a claim taken by another runner turns the event into `input.duplicate`.
   * Outside that state the machine itself rejects the event, so no request goes out.
   */
  function sendHumanEvent(key: string, event: MarkupEvent) {
    const { actor } = requireMarkup(key);
    const before = actor.getSnapshot();
    const context = before.context as MarkupContext;
    const step = HUMAN_STEPS.find((candidate) => candidate.eventType === event.type);
    const atStep = step !== undefined && describeStateValue(before.value) === step.humanState;

    if (step !== undefined && atStep && !store.claimStep(key, step.eventType, Date.now())) {
      const reason =
        `${step.eventType} for job ${context.jobId} was already sent by another runner ` +
        'that shares this store; a second one is not sent.';
      actor.send({ type: 'input.duplicate', eventType: step.eventType, reason });
      throw new InputRejectedError(key, step.eventType, reason, context.jobId);
    }

    actor.send(event);
    const rejection = actor.getSnapshot().context.lastRejection;
    if (rejection !== context.lastRejection && rejection?.eventType === event.type) {
      if (step !== undefined && atStep) store.releaseStep(key, step.eventType);
      throw new InputRejectedError(key, event.type, rejection.reason, context.jobId);
    }
  }

  return {
    start(kind, request, runOptions = {}) {
      const key = runOptions.key ?? randomUUID();
      requireUnusedKey(key);
      return run(key, kind, { input: { ...request, ...machineOptions() } });
    },

    async attach(kind, jobId, runOptions = {}) {
      const stored = store.findByJobId(jobId);
      if (stored !== undefined) {
        const job = await resume(stored.key);
        if (job.kind !== kind) {
          throw new DomeInputError(
            'kind',
            `Job ${jobId} is stored as a ${job.kind} job, not ${kind}.`,
            { jobId },
          );
        }
        return job as RunningJob<typeof kind>;
      }
      const key = runOptions.key ?? randomUUID();
      requireUnusedKey(key);
      return run(key, kind, { input: { jobId, ...machineOptions() } });
    },

    resume,

    async resumeAll() {
      const jobs: RunningJob[] = [];
      for (const record of store.list({ done: false })) jobs.push(await resume(record.key));
      return jobs;
    },

    get: (key) => running.get(key),

    selectOrientation: (key, orientation) =>
      sendHumanEvent(key, { type: 'orientation.select', orientation }),
    submitAnnotation: (key, images) =>
      sendHumanEvent(key, { type: 'annotation.submit', ...images }),
    requestVideo: (key) => sendHumanEvent(key, { type: 'video.request' }),
    finish: (key) => sendHumanEvent(key, { type: 'finish' }),

    stop() {
      stopping = true;
      for (const job of running.values()) job.actor.stop();
      running.clear();
      stopping = false;
    },
  };
}
