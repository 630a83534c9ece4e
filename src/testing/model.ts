import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import type { DomeClient } from '../client/client.js';

/** The HTTP request an invoked actor sends, so the driver can find and check it. */
export interface ActorRequest {
  method: 'GET' | 'POST';
  /** Matches the URL path, such as `/v1/jobs/{id}`. */
  path: RegExp;
  /** Status of a successful response: 202 for a submission, 200 otherwise. */
  successStatus: number;
}

/** One way to start a machine: submit a request, or attach to a job that exists. */
export interface ModelInput {
  /** Short name for test titles, such as `submit`. */
  label: string;
  /** Machine input; an attach input contains a `jobId` that the driver replaces. */
  input: Record<string, unknown>;
  /**
   * Creates the job to attach to and returns its id. Present only for attach inputs; its
   * request is the first one the simulator records.
   */
  createJob?: (client: DomeClient) => Promise<string>;
}

/** A time the clock can jump to before a delayed event fires. */
export interface ClockJump {
  /** Label in test names, such as `past deadline`. */
  label: string;
  /** The clock reading, in epoch milliseconds, from the context of the waiting state. */
  at: (context: Record<string, unknown>) => number;
}

/**
 * What the kit needs to path-test one machine: its definition, a factory that binds a client,
 * the payloads of its events and the requests its actors send.
 */
export interface MachineModel {
  /** Name for test titles, such as `markup`. */
  name: string;
  /** The machine definition that paths and coverage are derived from. */
  machine: AnyStateMachine;
  /** Returns the machine with its actors bound to `client`. */
  create(client: DomeClient): AnyStateMachine;
  /** Ways to start it; each gets its own paths. */
  inputs: readonly ModelInput[];
  /**
   * Event variants by event type. Types without an entry are sent as `{ type }`. A function
   * receives the snapshot the event would be sent in.
   */
  payloads: Readonly<
    Record<string, readonly EventObject[] | ((snapshot: AnyMachineSnapshot) => EventObject[])>
  >;
  /** The request of each invoked actor that calls the API, by invoke id. */
  actorRequests: Readonly<Record<string, ActorRequest>>;
  /**
   * Context fields that decide guards and take a bounded number of values, such as a failure
   * counter. They become part of each graph state's key, so the traversal can reach the
   * states they unlock without making the graph infinite.
   * @default no context field
   */
  contextKey?: (context: Record<string, unknown>) => unknown;
  /**
   * Times the clock can jump to while a delayed event is pending, such as the deadline after
   * a sleep. Each adds a labelled variant of every `xstate.after.*` event that arrives at
   * that time (see `atClock`), so guards that read the clock can take their other branch.
   * @default none
   */
  clockJumps?: readonly ClockJump[];
}
