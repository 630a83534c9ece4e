import type {
  AnyMachineSnapshot,
  AnyStateMachine,
  AnyStateNode,
  AnyTransitionDefinition,
  InspectionEvent,
} from 'xstate';

/** One transition of a machine definition: one guarded branch of one event in one state. */
export interface TransitionInfo {
  /** Stable id: source state id, event type and branch index, such as `markup.submitting xstate.done.actor.submitJob #0`. */
  id: string;
  /** Id of the state the transition leaves, such as `markup.queued.waiting`. */
  sourceId: string;
  /** Event type; `always` for an eventless transition. */
  eventType: string;
  /** Position among the branches for the same event, in the order guards are checked. */
  index: number;
  /** Ids of the target states; empty for a transition that stays in place. */
  targetIds: string[];
  /** Names of the actions it runs, where they are named. */
  actionNames: string[];
}

/** Returns the id of every state of a machine definition, the root included. */
export function listStates(machine: AnyStateMachine): string[] {
  return allNodes(machine.root).map((node) => node.id);
}

/** Returns every transition of a machine definition, eventless ones included. */
export function listTransitions(machine: AnyStateMachine): TransitionInfo[] {
  return allNodes(machine.root).flatMap((node) => {
    const byEvent = [...node.transitions.entries()].flatMap(([eventType, branches]) =>
      branches.map((branch, index) => describeTransition(branch, eventType, index)),
    );
    const eventless = (node.always ?? []).map((branch, index) =>
      describeTransition(branch, 'always', index),
    );
    return [...byEvent, ...eventless];
  });
}

/**
 * Collects the states and transitions that running actors took, from their inspection events.
 * Pass {@link CoverageRecorder.inspect} as the `inspect` option of `createActor`.
 */
export class CoverageRecorder {
  readonly #states = new Map<string, Set<string>>();
  readonly #transitions = new Map<string, Set<string>>();

  /** Inspection callback that records microsteps of every machine actor in the system. */
  readonly inspect = (event: InspectionEvent): void => {
    if (event.type !== '@xstate.microstep') return;
    const snapshot = event.snapshot as AnyMachineSnapshot;
    const machineId = snapshot.machine?.id;
    if (machineId === undefined) return;

    const states = this.#setOf(this.#states, machineId);
    for (const node of snapshot._nodes) states.add(node.id);
    const transitions = this.#setOf(this.#transitions, machineId);
    for (const transition of event._transitions as AnyTransitionDefinition[]) {
      const id = transitionId(transition);
      if (id !== undefined) transitions.add(id);
      states.add(transition.source.id);
    }
  };

  /** Returns the states and transitions of `machine` that no recorded actor took. */
  uncovered(machine: AnyStateMachine) {
    const states = this.#states.get(machine.id) ?? new Set<string>();
    const transitions = this.#transitions.get(machine.id) ?? new Set<string>();
    return {
      states: listStates(machine).filter((id) => !states.has(id)),
      transitions: listTransitions(machine)
        .filter((transition) => !transitions.has(transition.id))
        .map((transition) => transition.id),
    };
  }

  #setOf(map: Map<string, Set<string>>, key: string): Set<string> {
    const existing = map.get(key);
    if (existing !== undefined) return existing;
    const created = new Set<string>();
    map.set(key, created);
    return created;
  }
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => allNodes(child as AnyStateNode))];
}

function describeTransition(
  transition: AnyTransitionDefinition,
  eventType: string,
  index: number,
): TransitionInfo {
  return {
    id: `${transition.source.id} ${eventType} #${index}`,
    sourceId: transition.source.id,
    eventType,
    index,
    targetIds: (transition.target ?? []).map((target: AnyStateNode) => target.id),
    actionNames: (transition.actions ?? []).flatMap(actionName),
  };
}

/**
 * Returns the id a taken transition has in {@link listTransitions}, or undefined for the
 * initial transition, which has no event type. Eventless transitions have the event type ''.
 */
export function transitionId(transition: AnyTransitionDefinition): string | undefined {
  const source = transition.source;
  const eventType = transition.eventType as string | null;
  if (eventType === null) return undefined;
  if (eventType === '') {
    const index = (source.always ?? []).indexOf(transition);
    return index === -1 ? undefined : `${source.id} always #${index}`;
  }
  const index = (source.transitions.get(eventType) ?? []).indexOf(transition);
  return index === -1 ? undefined : `${source.id} ${eventType} #${index}`;
}

function actionName(action: unknown): string[] {
  if (typeof action === 'string') return [action];
  if (typeof action === 'object' && action !== null && 'type' in action) {
    return [String((action as { type: unknown }).type)];
  }
  return [];
}
