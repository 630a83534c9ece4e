import {
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
  type EventObject,
  type StateValue,
} from 'xstate';
import { type Job, JobSchema } from '../api/job.js';
import type { DomeClient } from '../client/client.js';
import type { HeldRequest } from '../simulator/index.js';
import type { CoverageRecorder } from './coverage.js';
import { ExpectedServer, type RequestView, type ServerView } from './expected-requests.js';
import { type GeneratedPath, stepText, valueText } from './graph-traversal.js';
import type { MachineModel } from './model.js';
import { clockReadingOf, GRAPH_JOB_ID, isHandledBeforeError } from './payloads.js';
import { createScriptedHarness, type ScriptedHarness } from './scripted-simulator.js';
import type { WrappedPath, WrapperModel } from './wrapper-model.js';

/** The fake-timer controls the driver needs; vitest's `vi` provides them. */
export interface FakeTimers {
  advanceTimersByTimeAsync(ms: number): Promise<unknown>;
  advanceTimersToNextTimerAsync(): Promise<unknown>;
  /** Sets the fake clock to `time` (epoch milliseconds); pending timers keep their delays. */
  setSystemTime(time: number): unknown;
}

/** The machine and the simulator after one step, as expected by the path and as observed. */
export interface StepObservation {
  /** Position of the step in the path; 0 is the start of the actor. */
  index: number;
  /** The step's name, such as `fetchJob done (completed)`. */
  step: string;
  /** `value` is the job machine's; `wrapperValue` the wrapping machine's, in wrapped runs. */
  expected: { value: StateValue; server: ServerView; wrapperValue?: StateValue };
  actual: { value: StateValue; server: ServerView; wrapperValue?: StateValue };
}

/** Options of {@link runPath} and {@link runWrappedPath}. */
export interface RunPathOptions {
  /** Fake timers, installed by the caller before the run, such as vitest's `vi`. */
  timers: FakeTimers;
  /** Records the states and transitions the actor takes. @default none */
  recorder?: CoverageRecorder;
  /**
   * Simulator and client to reuse across runs, one run at a time. The run looks only at the
   * requests and the job that arrive after it starts. Give each run a fake clock later than
   * the previous run's end, so the job list of one run shows no job of an earlier one as new.
   * @default a fresh harness per run
   */
  harness?: ScriptedHarness;
  /**
   * Called after every step with what was expected and observed. Use it to assert with the
   * test runner. @default throws a plain Error when the two differ
   */
  check?: (observation: StepObservation) => void;
}

/** Most fake-timer hops the driver takes while waiting for a paced request to arrive. */
const MAX_TIMER_HOPS = 5;

/**
 * Runs one generated path against the real machine from `model.create`, its real actors and a
 * real client talking to an in-process simulator. Every request is held until the step that
 * settles it, which scripts the response: a job state, an error, or nothing when the machine
 * leaves the state first. Returns one observation per step.
 */
export function runPath(
  model: MachineModel,
  path: GeneratedPath,
  options: RunPathOptions,
): Promise<StepObservation[]> {
  return drive(model, path, options, {
    create: (client) => model.create(client),
    input: (input) => input,
    jobActor: (root) => root,
    forward: () => undefined,
  });
}

/**
 * Runs one path of {@link generateWrappedPaths} against the real wrapping machine from
 * `wrapper.create`, which runs the real job machine as its child. Events a person causes go
 * to the wrapper as the events `wrapper.forward` returns; the rest go to the job machine.
 * After every step the observation contains the wrapper's state value as well.
 */
export function runWrappedPath(
  wrapper: WrapperModel,
  path: WrappedPath,
  options: RunPathOptions,
): Promise<StepObservation[]> {
  return drive(wrapper.child, path, options, {
    create: (client) => wrapper.create(client),
    input: (input) => wrapper.input(input),
    jobActor: (root) => root.getSnapshot().children[wrapper.childId] as AnyActorRef | undefined,
    forward: (event) => wrapper.forward(event),
    wrapperValue: (index) => path.wrapperStates[index]?.value,
  });
}

/** Route from a run to the job machine: direct, or inside a wrapping machine. */
interface RunTarget {
  create(client: DomeClient): AnyStateMachine;
  input(jobInput: Record<string, unknown>): Record<string, unknown>;
  /** The job machine's actor, or undefined once it has stopped. */
  jobActor(root: AnyActorRef): AnyActorRef | undefined;
  /** The root event by which a person causes `event`, or undefined to send it as it is. */
  forward(event: EventObject): EventObject | undefined;
  /** The wrapper's expected state value after step `index`. @default no wrapper */
  wrapperValue?: (index: number) => StateValue | undefined;
}

async function drive(
  model: MachineModel,
  path: GeneratedPath,
  options: RunPathOptions,
  target: RunTarget,
): Promise<StepObservation[]> {
  const harness = options.harness ?? createScriptedHarness();
  harness.sim.script.holdRequests(false);
  const expected = new ExpectedServer(model);
  const driver = new StepDriver(model, harness, options.timers, harness.sim.requests.length);
  const check = options.check ?? throwOnMismatch;
  const observations: StepObservation[] = [];

  const input = { ...path.input.input };
  if (path.input.createJob !== undefined) {
    const jobId = await path.input.createJob(harness.client);
    harness.sim.script.setJobState(jobId, { status: 'queued', output: {} });
    input.jobId = jobId;
    expected.jobCreated();
  }
  harness.sim.script.holdRequests();

  const root = createActor(target.create(harness.client), {
    input: target.input(input),
    ...(options.recorder ? { inspect: options.recorder.inspect } : {}),
  });
  // Errors end up in the snapshot, which the checks compare; without an observer xstate
  // would also rethrow them as uncaught exceptions.
  root.subscribe({ error: () => {} });
  driver.root = root;
  driver.target = target;

  // The job machine's last snapshot stays readable after a wrapper has stopped it.
  let jobSnapshot: AnyMachineSnapshot | undefined;
  const observeJob = () => {
    const actor = target.jobActor(root);
    if (actor !== undefined) jobSnapshot = actor.getSnapshot() as AnyMachineSnapshot;
    return jobSnapshot?.value ?? null;
  };

  try {
    let previous: AnyMachineSnapshot | undefined;
    for (const [index, step] of path.steps.entries()) {
      if (index === 0) root.start();
      else await driver.perform(step.event);
      expected.step(previous, step.event, step.state);
      await driver.settle(expected.view());

      const wrapperValue = target.wrapperValue?.(index);
      const observation: StepObservation = {
        index,
        step: index === 0 ? `start (${path.input.label})` : stepText(step.event),
        expected: {
          value: step.state.value,
          server: expected.view(),
          ...(wrapperValue === undefined ? {} : { wrapperValue }),
        },
        actual: {
          value: observeJob() as StateValue,
          server: driver.serverView(),
          ...(wrapperValue === undefined ? {} : { wrapperValue: root.getSnapshot().value }),
        },
      };
      observations.push(observation);
      check(observation);
      previous = step.state;
    }
  } finally {
    root.stop();
    for (const held of [...harness.sim.script.held]) held.release();
    // Aborted and released requests reach the log only after the stop; a reused harness
    // must hold all of them before the next run counts its own.
    await flush();
    harness.sim.script.holdRequests(false);
  }
  return observations;
}

/** Performs the steps of one path on one actor. */
class StepDriver {
  root: AnyActorRef | undefined;
  target: RunTarget | undefined;

  constructor(
    private readonly model: MachineModel,
    private readonly harness: ScriptedHarness,
    private readonly timers: FakeTimers,
    /** Requests the simulator logged before this run started. */
    private readonly firstRequest: number,
  ) {}

  async perform(event: EventObject): Promise<void> {
    if (event.type.startsWith('xstate.after.')) return this.#fireTimer(event);

    const settled = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
    if (settled)
      return this.#settleRequest(settled[1] as 'done' | 'error', settled[2] as string, event);

    const root = this.root as AnyActorRef;
    const target = this.target as RunTarget;
    const jobActor = target.jobActor(root);
    if (jobActor === undefined) throw new Error(`The job machine stopped before ${event.type}.`);
    if (event.type === 'job.updated') {
      jobActor.send({
        type: 'job.updated',
        job: this.#serverJob((event as unknown as { job: Job }).job),
      });
      return;
    }
    const forwarded = target.forward(event);
    if (forwarded === undefined) jobActor.send(event);
    else root.send(forwarded);
  }

  /** Lets pending work finish without firing a timer, then waits for expected requests. */
  async settle(expected: ServerView): Promise<void> {
    await flush();
    const heldNow = () => this.harness.sim.script.held.length;
    const heldExpected = expected.requests.filter((request) => request.status === 'held').length;
    for (let hop = 0; hop < MAX_TIMER_HOPS && heldNow() < heldExpected; hop++) {
      // A paced request waits on a short timer before it leaves.
      await this.timers.advanceTimersToNextTimerAsync();
      await flush();
    }
  }

  serverView(): ServerView {
    const { sim } = this.harness;
    const requests: RequestView[] = [
      ...this.#ownRequests().map((request) => ({
        actor: this.#actorOf(request),
        status: request.status,
      })),
      ...sim.script.held.map((request) => ({
        actor: this.#actorOf(request),
        status: 'held' as const,
      })),
    ];
    const jobId = this.#jobId();
    const job = jobId === undefined ? undefined : sim.inspectJob(jobId)?.job;
    return { jobStatus: job?.status ?? null, requests };
  }

  #ownRequests() {
    return this.harness.sim.requests.slice(this.firstRequest);
  }

  /** The run's job: the first job a request of this run created or addressed. */
  #jobId(): string | undefined {
    return this.#ownRequests().find((request) => request.jobId !== undefined)?.jobId;
  }

  /** Fires the delayed event, after jumping the clock first when `atClock` marked it. */
  async #fireTimer(event: EventObject) {
    const root = this.root as AnyActorRef;
    const dueAt = scheduledDueTime(root, event.type);
    const reading = clockReadingOf(event);
    const jobActor = (this.target as RunTarget).jobActor(root);
    if (reading !== undefined && jobActor !== undefined) {
      const remainingMs = dueAt === undefined ? 0 : Math.max(0, dueAt - Date.now());
      // Fake timers keep their remaining delay across the jump, as after a sleep.
      this.timers.setSystemTime(Math.max(Date.now(), reading(jobActor.getSnapshot().context)));
      if (dueAt !== undefined) {
        await this.timers.advanceTimersByTimeAsync(remainingMs);
        return;
      }
    }
    if (dueAt === undefined) {
      await this.timers.advanceTimersToNextTimerAsync();
      return;
    }
    await this.timers.advanceTimersByTimeAsync(Math.max(0, dueAt - Date.now()));
  }

  async #settleRequest(kind: 'done' | 'error', actorId: string, event: EventObject) {
    const held = await this.#heldRequestOf(actorId);
    if (kind === 'error') {
      const error = (event as { error?: { status?: number; code?: string } }).error;
      held.release({
        error: { status: error?.status ?? 500, code: error?.code ?? 'INTERNAL_ERROR' },
        ...(isHandledBeforeError(event)
          ? { handleBeforeError: true, jobState: { status: 'queued', output: {} } }
          : {}),
      });
      return;
    }
    const output = (event as { output?: unknown }).output as Record<string, unknown> | null;
    if (
      output !== null &&
      typeof output === 'object' &&
      typeof output.status === 'string' &&
      'id' in output
    ) {
      held.release({
        jobState: {
          status: output.status as Job['status'],
          output: (output.output ?? {}) as Record<string, unknown>,
        },
      });
      return;
    }
    if (output !== null && typeof output === 'object' && 'job_id' in output) {
      held.release({ jobState: { status: 'queued', output: {} } });
      return;
    }
    held.release();
  }

  async #heldRequestOf(actorId: string): Promise<HeldRequest> {
    const request = this.model.actorRequests[actorId];
    if (request === undefined) {
      throw new Error(
        `The ${this.model.name} model has no request for actor ${actorId}; add it to actorRequests.`,
      );
    }
    const find = () =>
      this.harness.sim.script.held.find(
        (held) => held.method === request.method && request.path.test(held.path),
      );
    for (let hop = 0; hop < MAX_TIMER_HOPS && find() === undefined; hop++) {
      await this.timers.advanceTimersToNextTimerAsync();
      await flush();
    }
    const found = find();
    if (found === undefined) {
      throw new Error(`No ${request.method} request of actor ${actorId} reached the simulator.`);
    }
    return found;
  }

  /**
   * Returns the simulator's view of the path's job after setting it to the graph job's state.
   * A graph job that fails `JobSchema` stands for bad data from outside the API: it keeps its
   * fields, gets the real id, and leaves the simulator as it is.
   */
  #serverJob(graphJob: Job): Job {
    if (graphJob.id !== GRAPH_JOB_ID) return graphJob;
    const { sim } = this.harness;
    const jobId = this.#jobId();
    if (jobId === undefined) throw new Error('job.updated needs a job, but the run has none.');
    if (!JobSchema.safeParse(graphJob).success) return { ...graphJob, id: jobId };
    sim.script.setJobState(jobId, { status: graphJob.status, output: graphJob.output ?? {} });
    return sim.inspectJob(jobId)?.job as Job;
  }

  #actorOf(request: { method: string; path: string }): string {
    const match = Object.entries(this.model.actorRequests).find(
      ([, candidate]) => candidate.method === request.method && candidate.path.test(request.path),
    );
    return match?.[0] ?? `unknown ${request.method} ${request.path}`;
  }
}

/**
 * Returns when the actor's delayed event of `eventType` is due, in epoch milliseconds.
 * NOTE: reads xstate's internal `_scheduledEvents` (5.33.3); there is no public API for it.
 */
function scheduledDueTime(actor: AnyActorRef, eventType: string): number | undefined {
  const scheduled = (actor.system.getSnapshot() as { _scheduledEvents?: Record<string, unknown> })
    ._scheduledEvents;
  for (const entry of Object.values(scheduled ?? {})) {
    const candidate = entry as { event: EventObject; delay: number; startedAt: number };
    if (candidate.event.type === eventType) return candidate.startedAt + candidate.delay;
  }
  return undefined;
}

/** Lets promise chains and in-process requests finish; uses the real `setImmediate`. */
async function flush(): Promise<void> {
  for (let round = 0; round < 3; round++)
    await new Promise<void>((resolve) => setImmediate(resolve));
}

function throwOnMismatch(observation: StepObservation): void {
  const expected = JSON.stringify(observation.expected);
  const actual = JSON.stringify(observation.actual);
  if (expected !== actual) {
    throw new Error(
      `Step ${observation.index} (${observation.step}) ended in ${valueText(observation.actual.value)}: ` +
        `expected ${expected}, observed ${actual}.`,
    );
  }
}
