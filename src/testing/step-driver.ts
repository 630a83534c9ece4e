import {
  type AnyActorRef,
  type AnyMachineSnapshot,
  createActor,
  type EventObject,
  type StateValue,
} from 'xstate';
import type { Job } from '../api/job.js';
import type { HeldRequest } from '../simulator/index.js';
import type { CoverageRecorder } from './coverage.js';
import { ExpectedServer, type RequestView, type ServerView } from './expected-requests.js';
import { type GeneratedPath, stepText, valueText } from './graph-traversal.js';
import type { MachineModel } from './model.js';
import { GRAPH_JOB_ID } from './payloads.js';
import { createScriptedHarness, type ScriptedHarness } from './scripted-simulator.js';

/** The fake-timer controls the driver needs; vitest's `vi` provides them. */
export interface FakeTimers {
  advanceTimersByTimeAsync(ms: number): Promise<unknown>;
  advanceTimersToNextTimerAsync(): Promise<unknown>;
}

/** The machine and the simulator after one step, as expected by the path and as observed. */
export interface StepObservation {
  /** Position of the step in the path; 0 is the start of the actor. */
  index: number;
  /** The step's name, such as `fetchJob done (completed)`. */
  step: string;
  expected: { value: StateValue; server: ServerView };
  actual: { value: StateValue; server: ServerView };
}

/** Options of {@link runPath}. */
export interface RunPathOptions {
  /** Fake timers, installed by the caller before the run, such as vitest's `vi`. */
  timers: FakeTimers;
  /** Records the states and transitions the actor takes. @default none */
  recorder?: CoverageRecorder;
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
 * real client talking to a fresh in-process simulator. Every request is held until the step
 * that settles it, which scripts the response: a job state, an error, or nothing when the
 * machine leaves the state first. Returns one observation per step.
 */
export async function runPath(
  model: MachineModel,
  path: GeneratedPath,
  options: RunPathOptions,
): Promise<StepObservation[]> {
  const harness = createScriptedHarness();
  const expected = new ExpectedServer(model);
  const driver = new StepDriver(model, harness, options.timers);
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

  const actor = createActor(model.create(harness.client), {
    input,
    ...(options.recorder ? { inspect: options.recorder.inspect } : {}),
  });
  // Errors end up in the snapshot, which the checks compare; without an observer xstate
  // would also rethrow them as uncaught exceptions.
  actor.subscribe({ error: () => {} });
  driver.actor = actor;

  try {
    let previous: AnyMachineSnapshot | undefined;
    for (const [index, step] of path.steps.entries()) {
      if (index === 0) actor.start();
      else await driver.perform(step.event);
      expected.step(previous, step.event, step.state);
      await driver.settle(expected.view());

      const observation: StepObservation = {
        index,
        step: index === 0 ? `start (${path.input.label})` : stepText(step.event),
        expected: { value: step.state.value, server: expected.view() },
        actual: { value: actor.getSnapshot().value, server: driver.serverView() },
      };
      observations.push(observation);
      check(observation);
      previous = step.state;
    }
  } finally {
    actor.stop();
    for (const held of [...harness.sim.script.held]) held.release();
  }
  return observations;
}

/** Performs the steps of one path on one actor. */
class StepDriver {
  actor: AnyActorRef | undefined;

  constructor(
    private readonly model: MachineModel,
    private readonly harness: ScriptedHarness,
    private readonly timers: FakeTimers,
  ) {}

  async perform(event: EventObject): Promise<void> {
    const actor = this.actor as AnyActorRef;
    if (event.type.startsWith('xstate.after.')) return this.#fireTimer(event.type);

    const settled = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
    if (settled)
      return this.#settleRequest(settled[1] as 'done' | 'error', settled[2] as string, event);

    if (event.type === 'job.updated') {
      actor.send({
        type: 'job.updated',
        job: this.#serverJob((event as unknown as { job: Job }).job),
      });
      return;
    }
    actor.send(event);
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
      ...sim.requests.map((request) => ({ actor: this.#actorOf(request), status: request.status })),
      ...sim.script.held.map((request) => ({
        actor: this.#actorOf(request),
        status: 'held' as const,
      })),
    ];
    return { jobStatus: sim.listAllJobs()[0]?.status ?? null, requests };
  }

  async #fireTimer(eventType: string) {
    const dueAt = scheduledDueTime(this.actor as AnyActorRef, eventType);
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

  /** Returns the simulator's view of the path's job after setting it to the graph job's state. */
  #serverJob(graphJob: Job): Job {
    if (graphJob.id !== GRAPH_JOB_ID) return graphJob;
    const { sim } = this.harness;
    const job = sim.listAllJobs()[0];
    if (job === undefined) throw new Error('job.updated needs a job, but the simulator has none.');
    sim.script.setJobState(job.id, { status: graphJob.status, output: graphJob.output ?? {} });
    return sim.inspectJob(job.id)?.job as Job;
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
