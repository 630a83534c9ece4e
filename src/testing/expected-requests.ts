import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { JobSchema } from '../api/job.js';
import type { JobStatus } from '../api/statuses.js';
import { ABORTED_REQUEST_STATUS } from '../simulator/scripting.js';
import type { MachineModel } from './model.js';
import { GRAPH_JOB_ID, isHandledBeforeError } from './payloads.js';

/** One request as the path expects the simulator to have it: the actor that sent it and its status. */
export interface RequestView {
  /** Invoke id of the actor whose request it is, such as `fetchJob`, or `unknown`. */
  actor: string;
  /** HTTP status of the response, or `held` while the simulator keeps it waiting. */
  status: number | 'held';
}

/** Expected simulator state of the path's job after a step. */
export interface ServerView {
  /** Status the simulator reports for the job, or null before it exists. */
  jobStatus: JobStatus | null;
  requests: RequestView[];
}

/**
 * Derives, from a path's graph states and events alone, the requests the simulator should
 * have received and the status it should report. A request arrives when a state that invokes
 * an API actor is entered; it ends with the actor's done or error event, or as aborted when
 * the machine leaves the state first.
 */
export class ExpectedServer {
  #jobStatus: JobStatus | null = null;
  readonly #requests: RequestView[] = [];

  constructor(private readonly model: MachineModel) {}

  /** Records the job that the driver created before an attach path starts. */
  jobCreated(): void {
    this.#jobStatus = 'queued';
    this.#requests.push({ actor: 'submitJob', status: 202 });
  }

  /** Applies one step: `previous` is undefined for the initial state. */
  step(previous: AnyMachineSnapshot | undefined, event: EventObject, next: AnyMachineSnapshot) {
    const before = previous === undefined ? new Set<string>() : this.#apiInvokes(previous);
    const after = this.#apiInvokes(next);
    const settled = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);

    for (const actor of before) {
      const endsHere = settled?.[2] === actor;
      if (after.has(actor) && !endsHere) continue;
      this.#close(
        actor,
        endsHere ? this.#statusOf(settled?.[1], actor, event) : ABORTED_REQUEST_STATUS,
      );
    }
    for (const actor of after) {
      if (!before.has(actor) || settled?.[2] === actor)
        this.#requests.push({ actor, status: 'held' });
    }
    this.#jobStatus = jobStatusAfter(event, this.#jobStatus);
  }

  /** Returns the simulator's expected view after the steps so far. */
  view(): ServerView {
    return {
      jobStatus: this.#jobStatus,
      requests: this.#requests.map((request) => ({ ...request })),
    };
  }

  #apiInvokes(snapshot: AnyMachineSnapshot): Set<string> {
    // NOTE: a transition that leaves and re-enters the same invoking state in one step counts
    // as one request; no machine in this package has such a transition.
    const ids = snapshot._nodes.flatMap((node) => node.invoke.map((invoke) => invoke.id));
    return new Set(ids.filter((id) => this.model.actorRequests[id] !== undefined));
  }

  #statusOf(kind: string | undefined, actor: string, event: EventObject): number {
    if (kind === 'done') return this.model.actorRequests[actor]?.successStatus ?? 200;
    const error = (event as { error?: { status?: unknown } }).error;
    return typeof error?.status === 'number' ? error.status : 0;
  }

  #close(actor: string, status: number) {
    const open = this.#requests.find(
      (request) => request.actor === actor && request.status === 'held',
    );
    if (open !== undefined) open.status = status;
  }
}

/** Returns the job status the simulator reports after `event`, which the driver scripts. */
function jobStatusAfter(event: EventObject, current: JobStatus | null): JobStatus | null {
  // A handled request that fails before any job exists is a submission that created one.
  if (isHandledBeforeError(event) && current === null) return 'queued';
  const output = (event as { output?: unknown }).output;
  if (event.type.startsWith('xstate.done.actor.') && isObject(output)) {
    if (output.job_id === GRAPH_JOB_ID) return 'queued';
    if (output.id === GRAPH_JOB_ID) return output.status as JobStatus;
  }
  // A `job.updated` job that fails the schema never reaches the simulator (see the driver).
  const job = JobSchema.safeParse((event as { job?: unknown }).job);
  if (event.type === 'job.updated' && job.success && job.data.id === GRAPH_JOB_ID) {
    return job.data.status;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
