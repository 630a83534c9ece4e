/**
 * Path generation from a machine's graph with `xstate/graph` (xstate 5.33.3). Every workaround
 * the graph utilities need for machines with invoke, `after` and `always` lives here:
 *
 * - `createTestModel` rejects machines with invoke or `after`, so paths come from the plain
 *   `getAdjacencyMap` with a breadth-first search here.
 * - An `events` option replaces the default event enumeration, so `events` is a function that
 *   re-derives the snapshot's own event descriptors and substitutes payload variants by type.
 * - A done event without `output` crashes guards and actions during traversal, so every
 *   `xstate.done.actor.*` type must have payloads. A missing one throws, naming the type.
 * - The default state key contains the context, which makes a polling machine's graph
 *   infinite. Keys contain the state value, the incoming transition (event and source value) and
 *   only the bounded context fields the model names, which gives edge coverage.
 * - The traversal would take root events such as `cancel` out of final states, which a real
 *   actor ignores, so a snapshot that is not `active` offers no events.
 * - Guards that read the clock, such as `isPastDeadline`, would always see the real time.
 *   Each of the model's clock jumps adds a variant of every delayed event that the traversal
 *   evaluates with `Date.now()` at the jump's time.
 * - `always` transitions never appear as steps: the graph starts at the settled initial state.
 *   Each model therefore lists one input per `always` branch (submit and attach).
 */
import {
  __unsafe_getAllOwnEventDescriptors,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type StateValue,
} from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { transitionId } from './coverage.js';
import type { MachineModel, ModelInput } from './model.js';
import { atClock, clockReadingOf, labelled, labelOf } from './payloads.js';

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
 * Returns a small set of paths that together take every transition the payloads can drive,
 * starting from each of the model's inputs. It finds the shortest path to each transition from
 * each input. A greedy set cover then keeps the path that takes the most transitions no kept
 * path takes yet, so prefixes and paths whose transitions others already take drop out.
 */
export function generatePaths(model: MachineModel): GeneratedPath[] {
  const candidates = model.inputs.flatMap((input) =>
    shortestPaths(model, input.input).map((path) => ({
      ...path,
      input,
      // Each input starts with its own `always` branch, which is no step of the graph.
      taken: [`input ${input.label}`, ...path.taken],
    })),
  );
  return coveringPaths(model, candidates).map((path) => ({
    label: pathLabel(path.input, path.steps),
    input: path.input,
    steps: path.steps,
  }));
}

/**
 * Returns one candidate path per distinct edge of the graph: the shortest path to a graph
 * state, then one event that takes a distinct set of transition definitions from it. Graph
 * states come from `getAdjacencyMap`, keyed by state value and the model's context fields, so
 * each is explored once. Event variants that take the same branch share one candidate.
 */
function shortestPaths(model: MachineModel, input: Record<string, unknown>): CandidatePath[] {
  const adjacency = withoutStackTraces(
    () =>
      getAdjacencyMap(clockAwareLogic(model), {
        input,
        events: (snapshot: AnyMachineSnapshot) => eventsFor(model, snapshot),
        serializeState: ((snapshot: AnyMachineSnapshot) => stateKey(model, snapshot)) as never,
        serializeEvent: eventKey as never,
      }) as Record<string, AdjacencyEntry>,
  );

  const initialKey = Object.keys(adjacency)[0];
  if (initialKey === undefined) return [];
  const initial = adjacency[initialKey] as AdjacencyEntry;
  const pathTo = new Map<string, CandidatePath>([
    [initialKey, { steps: [{ event: { type: 'xstate.init' }, state: initial.state }], taken: [] }],
  ]);
  const candidates = new Map<string, CandidatePath>();
  const queue = [initialKey];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    const entry = adjacency[key] as AdjacencyEntry;
    const path = pathTo.get(key) as CandidatePath;
    for (const { event, state } of Object.values(entry.transitions)) {
      const taken = takenTransitionIds(model, entry.state, event);
      const nextKey = stateKey(model, state);
      const edgeKey = `${key} via ${taken.join(' + ')} to ${nextKey}`;
      if (taken.length === 0 || candidates.has(edgeKey)) continue;
      const next = { steps: [...path.steps, { event, state }], taken: [...path.taken, ...taken] };
      candidates.set(edgeKey, next);
      if (pathTo.has(nextKey) || adjacency[nextKey] === undefined) continue;
      pathTo.set(nextKey, next);
      queue.push(nextKey);
    }
  }
  return [...candidates.values()];
}

/**
 * Runs `build` with stack traces off. Actions build an error for every failure branch the
 * traversal takes, and capturing their stacks was the largest cost of generation (measured with the
 * markup model). The traversal stores these errors in graph snapshots and does not throw them.
 */
function withoutStackTraces<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

interface AdjacencyEntry {
  state: AnyMachineSnapshot;
  transitions: Record<string, { event: EventObject; state: AnyMachineSnapshot }>;
}

/** A path found by the search, with the transition ids its steps take. */
export interface CandidatePath {
  steps: readonly PathStep[];
  taken: string[];
}

/**
 * Greedy set cover: repeatedly keeps the candidate that takes the most transitions not taken
 * yet (the shorter one on a tie), until every transition some candidate takes is taken.
 * Returns the kept paths in the order the search found them.
 */
export function coveringPaths<TPath extends CandidatePath>(
  model: { name: string },
  candidates: readonly TPath[],
): TPath[] {
  const remaining = new Set(candidates.flatMap((candidate) => candidate.taken));
  // A candidate's gain only shrinks as paths are kept, so its last gain bounds the next one
  // and most candidates need no recount (lazy greedy).
  const entries = candidates.map((path) => ({
    path,
    ids: [...new Set(path.taken)],
    bound: Number.POSITIVE_INFINITY,
  }));
  const kept = new Set<TPath>();
  while (remaining.size > 0) {
    entries.sort((a, b) => b.bound - a.bound);
    let best: (typeof entries)[number] | undefined;
    for (const entry of entries) {
      if (best !== undefined && entry.bound < best.bound) break;
      entry.bound = entry.ids.filter((id) => remaining.has(id)).length;
      const better =
        entry.bound > (best?.bound ?? 0) ||
        (best !== undefined &&
          entry.bound === best.bound &&
          entry.path.steps.length < best.path.steps.length);
      if (better) best = entry;
    }
    if (best === undefined) {
      throw new Error(`The ${model.name} model has transitions no candidate path takes.`);
    }
    kept.add(best.path);
    for (const id of best.ids) remaining.delete(id);
    best.bound = 0;
  }
  return candidates.filter((candidate) => kept.has(candidate));
}

/**
 * Returns the machine as graph logic whose `transition` reads the clock time that `atClock`
 * set on an event, so a guard such as `isPastDeadline` reads the time the event arrives at.
 */
function clockAwareLogic(model: MachineModel): AnyStateMachine {
  const { machine } = model;
  const logic = Object.create(machine) as AnyStateMachine;
  logic.transition = (snapshot, event, scope) =>
    withClock(snapshot, event, () => machine.transition(snapshot, event, scope));
  return logic;
}

/**
 * Runs `evaluate` with `Date.now()` reading the time `event` arrives at, when `atClock`
 * marked it, and the real time otherwise. The traversal is synchronous, so nothing else
 * observes the replaced clock.
 */
function withClock<T>(snapshot: AnyMachineSnapshot, event: EventObject, evaluate: () => T): T {
  const reading = clockReadingOf(event);
  if (reading === undefined) return evaluate();
  const atMs = reading(snapshot.context);
  const realNow = Date.now;
  Date.now = () => atMs;
  try {
    return evaluate();
  } finally {
    Date.now = realNow;
  }
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
    if (type.startsWith('xstate.after.')) return [{ type }, ...clockJumpEvents(model, type)];
    return [{ type }];
  });
}

/** Variants of a delayed event that arrive after each of the model's clock jumps. */
function clockJumpEvents(model: MachineModel, type: string): EventObject[] {
  const key = `${model.name} ${type}`;
  const cached = jumpEventCache.get(key);
  if (cached !== undefined) return cached;
  const events = (model.clockJumps ?? []).map((jump) =>
    atClock(labelled(jump.label, { type }), jump.at),
  );
  jumpEventCache.set(key, events);
  return events;
}

// One event object per variant, so the same variant has the same label and clock everywhere.
const jumpEventCache = new Map<string, EventObject[]>();

/** Returns an event's key: its type and its label, or its JSON for an unlabelled event. */
export function eventKey(event: EventObject): string {
  const { type, ...rest } = event;
  const label = labelOf(event);
  if (label !== undefined) return `${type}(${label})`;
  return Object.keys(rest).length === 0 ? type : `${type}${JSON.stringify(rest)}`;
}

/**
 * Returns the graph key of `snapshot`: its state value and the model's context fields. Keys
 * leave out the rest of the context, which contains timestamps and would make the graph infinite.
 */
function stateKey(model: MachineModel, snapshot: AnyMachineSnapshot): string {
  return `${JSON.stringify(snapshot.value)}${contextText(model, snapshot)}`;
}

function takenTransitionIds(
  model: MachineModel,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): string[] {
  const transitions = withClock(snapshot, event, () =>
    model.machine.getTransitionData(snapshot as never, event),
  );
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
  if (after) return `after ${after[1]}${suffix}`;
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (actor) return `${actor[2]} ${actor[1]}${suffix}`;
  return `${event.type}${suffix}`;
}

/** Returns a path's test title: the input, each event, and the final state. */
export function pathLabel(input: ModelInput, steps: readonly PathStep[]): string {
  const events = steps.slice(1).map((step) => stepText(step.event));
  const last = steps[steps.length - 1]?.state;
  const end = last === undefined ? '?' : valueText(last.value);
  return `${input.label}: ${events.join(' → ')} ⇒ ${end}`;
}
