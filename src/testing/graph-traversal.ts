/**
 * Path generation from a machine's graph with `xstate/graph` (xstate 5.33.3). Every workaround
 * the graph utilities need for machines with invoke, `after` and `always` lives here:
 *
 * - `createTestModel` rejects machines with invoke or `after`, so paths come from the plain
 *   `getAdjacencyMap` with a breadth-first search here.
 * - An `events` option replaces the default event enumeration, so `events` is a function that
 *   re-derives the snapshot's own event descriptors and substitutes payload variants by type.
 * - A done event without `output` crashes guards and actions during traversal, so every
 *   `xstate.done.actor.*` type must have payloads; a missing one throws, naming the type.
 * - The default state key contains the context, which makes a polling machine's graph
 *   infinite. Keys hold the state value, the incoming transition (event and source value) and
 *   only the bounded context fields the model names, which gives edge coverage.
 * - The traversal would take root events such as `cancel` out of final states, which a real
 *   actor ignores, so a snapshot that is not `active` offers no events.
 * - `always` transitions never appear as steps: the graph starts at the settled initial state.
 *   Each model therefore lists one input per `always` branch (submit and attach).
 */
import {
  __unsafe_getAllOwnEventDescriptors,
  type AnyMachineSnapshot,
  type EventObject,
  type StateValue,
} from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { transitionId } from './coverage.js';
import type { MachineModel, ModelInput } from './model.js';
import { labelOf } from './payloads.js';

/** One step of a path: the event, and the state the model expects after it. */
export interface PathStep {
  event: EventObject;
  state: AnyMachineSnapshot;
}

/** A path generated from a model, ready to run with {@link runPath}. */
export interface GeneratedPath {
  /** Readable test title: the input, each event, and the expected final state. */
  label: string;
  input: ModelInput;
  /** Steps in order; the first is `xstate.init` with the initial state. */
  steps: readonly PathStep[];
}

/**
 * Returns the shortest paths that together take every transition the payloads can drive,
 * from each of the model's inputs. Paths that are a prefix of another path are dropped.
 */
export function generatePaths(model: MachineModel): GeneratedPath[] {
  return model.inputs.flatMap((input) =>
    shortestPaths(model, input.input).map((steps) => ({
      label: pathLabel(input, steps),
      input,
      steps,
    })),
  );
}

/**
 * Breadth-first shortest paths over `getAdjacencyMap`. `getShortestPaths` is not used because
 * it re-serializes states reached by other edges than the ones the map explored, and with a
 * key that depends on the guards a transition takes, those keys can be missing from the map.
 */
function shortestPaths(model: MachineModel, input: Record<string, unknown>): PathStep[][] {
  const serializeState = (
    snapshot: AnyMachineSnapshot,
    event: EventObject | undefined,
    previous: AnyMachineSnapshot | undefined,
  ) => stateKey(model, snapshot, event, previous);
  const adjacency = getAdjacencyMap(model.machine, {
    input,
    events: (snapshot: AnyMachineSnapshot) => eventsFor(model, snapshot),
    serializeState: serializeState as never,
    serializeEvent: eventKey as never,
  }) as Record<string, AdjacencyEntry>;

  const initialKey = Object.keys(adjacency)[0];
  if (initialKey === undefined) return [];
  const initial = adjacency[initialKey] as AdjacencyEntry;
  const pathTo = new Map<string, PathStep[]>([
    [initialKey, [{ event: { type: 'xstate.init' }, state: initial.state }]],
  ]);
  const queue = [initialKey];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    const entry = adjacency[key] as AdjacencyEntry;
    const steps = pathTo.get(key) as PathStep[];
    for (const { event, state } of Object.values(entry.transitions)) {
      const nextKey = serializeState(state, event, entry.state);
      if (pathTo.has(nextKey) || adjacency[nextKey] === undefined) continue;
      pathTo.set(nextKey, [...steps, { event, state }]);
      queue.push(nextKey);
    }
  }
  return withoutPrefixes([...pathTo.values()].filter((steps) => steps.length > 1));
}

interface AdjacencyEntry {
  state: AnyMachineSnapshot;
  transitions: Record<string, { event: EventObject; state: AnyMachineSnapshot }>;
}

/** Drops every path whose events are the start of a longer path's events. */
function withoutPrefixes(paths: PathStep[][]): PathStep[][] {
  const longestFirst = [...paths].sort((a, b) => b.length - a.length);
  const kept: PathStep[][] = [];
  for (const path of longestFirst) {
    const isPrefix = kept.some((longer) =>
      path.every((step, index) => longer[index]?.event === step.event),
    );
    if (!isPrefix) kept.push(path);
  }
  return kept.reverse();
}

/** Returns the events to try in `snapshot`: its own descriptors with payload variants. */
export function eventsFor(model: MachineModel, snapshot: AnyMachineSnapshot): EventObject[] {
  if (snapshot.status !== 'active') return [];

  const types: string[] = __unsafe_getAllOwnEventDescriptors(snapshot);
  return types.flatMap((type) => {
    const entry = model.payloads[type];
    if (entry !== undefined) return typeof entry === 'function' ? entry(snapshot) : [...entry];
    if (type.startsWith('xstate.done.actor.') || type.startsWith('xstate.error.actor.')) {
      throw new Error(
        `The ${model.name} model has no payloads for ${type}, which the state ` +
          `${valueText(snapshot.value)} handles. Add them to the model's payloads.`,
      );
    }
    return [{ type }];
  });
}

/** Returns an event's key: its type and its label, or its JSON for an unlabelled event. */
export function eventKey(event: EventObject): string {
  const { type, ...rest } = event;
  const label = labelOf(event);
  if (label !== undefined) return `${type}(${label})`;
  return Object.keys(rest).length === 0 ? type : `${type}${JSON.stringify(rest)}`;
}

/**
 * Returns the graph key of `snapshot`, reached from `previous` by `event`: the state value,
 * the model's context fields and the transition definitions the event takes. Each definition
 * thus gets a path of its own, while event variants that take the same branch, or the same
 * root-level handler taken from other states, share one. The key depends on the previous
 * state's context through guards, which is why paths come from {@link shortestPaths}.
 */
function stateKey(
  model: MachineModel,
  snapshot: AnyMachineSnapshot,
  event: EventObject | undefined,
  previous: AnyMachineSnapshot | undefined,
): string {
  const here = `${JSON.stringify(snapshot.value)}${contextText(model, snapshot)}`;
  if (event === undefined || previous === undefined) return here;
  const taken = takenTransitionIds(model, previous, event).join(' + ') || 'no transition';
  const from = `${JSON.stringify(previous.value)}${contextText(model, previous)}`;
  // A transition that stays in place leads nowhere new, so one path per definition is enough.
  if (from === here) return `stay via ${taken}`;
  return `${here} via ${taken}`;
}

function takenTransitionIds(
  model: MachineModel,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): string[] {
  const transitions = model.machine.getTransitionData(snapshot as never, event);
  return transitions.map((transition) => transitionId(transition) ?? 'initial');
}

function contextText(model: MachineModel, snapshot: AnyMachineSnapshot): string {
  if (model.contextKey === undefined) return '';
  return ` ${JSON.stringify(model.contextKey(snapshot.context))}`;
}

/** Returns a state value as dotted text, such as `queued.waiting`. */
export function valueText(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => (child === undefined ? key : `${key}.${valueText(child)}`))
    .join(', ');
}

/** Returns a step's name for test titles, such as `fetchJob done (completed)`. */
export function stepText(event: EventObject): string {
  const label = labelOf(event);
  const suffix = label === undefined ? '' : ` (${label})`;
  const after = /^xstate\.after\.([^.]+)\./.exec(event.type);
  if (after) return `after ${after[1]}`;
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (actor) return `${actor[2]} ${actor[1]}${suffix}`;
  return `${event.type}${suffix}`;
}

function pathLabel(input: ModelInput, steps: readonly PathStep[]): string {
  const events = steps.slice(1).map((step) => stepText(step.event));
  const last = steps[steps.length - 1]?.state;
  const end = last === undefined ? '?' : valueText(last.value);
  return `${input.label}: ${events.join(' → ')} ⇒ ${end}`;
}
