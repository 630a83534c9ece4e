import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  initialTransition,
  transition,
} from 'xstate';
import type { DomeClient } from '../client/client.js';
import { transitionId } from './coverage.js';
import {
  coveringPaths,
  type GeneratedPath,
  generatePaths,
  pathLabel,
  valueText,
} from './graph-traversal.js';
import type { MachineModel } from './model.js';

/**
 * Description of an app's own machine that invokes one of the job machines as a child, such
 * as a screen machine around the markup machine, for path tests with the kit.
 */
export interface WrapperModel {
  /** Name for test titles, such as `markup screen`. */
  name: string;
  /** The wrapping machine definition, whose states and transitions the paths cover. */
  machine: AnyStateMachine;
  /** Returns the wrapping machine with the job machine bound to `client`. */
  create(client: DomeClient): AnyStateMachine;
  /** Model of the job machine; its paths drive the wrapper. */
  child: MachineModel;
  /** Invoke id of the job machine inside the wrapper, such as `markup`. */
  childId: string;
  /** Returns the wrapper's input for a job machine input. */
  input(childInput: Record<string, unknown>): Record<string, unknown>;
  /**
   * Returns the wrapper event by which a person causes the job machine event `event`, such
   * as a click that the wrapper forwards, or undefined for an event from elsewhere.
   */
  forward(event: EventObject): EventObject | undefined;
}

/** A path of the job machine with the wrapper's expected state after each step. */
export interface WrappedPath extends GeneratedPath {
  /** The wrapper's graph state after each step, index for index with `steps`. */
  wrapperStates: readonly AnyMachineSnapshot[];
}

/**
 * Returns paths that together take every transition of the wrapper that the job machine's
 * paths can drive. Each candidate is a path of {@link generatePaths} for the child model,
 * replayed on the wrapper's definition: a forwarded event first, then the child's snapshot
 * (`xstate.snapshot.<childId>`) while the child is active, or its done event once it ends, as
 * XState delivers them to an invoking parent. A greedy set cover keeps a few of them.
 */
export function generateWrappedPaths(wrapper: WrapperModel): WrappedPath[] {
  const candidates = generatePaths(wrapper.child).map((path) => replay(wrapper, path));
  return coveringPaths(wrapper, candidates).map(({ taken: _taken, ...path }) => {
    const last = path.wrapperStates[path.wrapperStates.length - 1];
    const end = last === undefined ? '?' : valueText(last.value);
    return { ...path, label: `${pathLabel(path.input, path.steps)} (${wrapper.name} ${end})` };
  });
}

function replay(wrapper: WrapperModel, path: GeneratedPath) {
  const { machine, childId } = wrapper;
  const taken: string[] = [`input ${path.input.label}`];
  let [state] = initialTransition(machine, wrapper.input(path.input.input));
  const wrapperStates: AnyMachineSnapshot[] = [state as AnyMachineSnapshot];
  const apply = (event: EventObject) => {
    if ((state as AnyMachineSnapshot).status !== 'active') return;
    const taking = machine.getTransitionData(state as never, event);
    taken.push(...taking.flatMap((definition) => transitionId(definition) ?? []));
    [state] = transition(machine, state as never, event as never);
  };

  for (const step of path.steps.slice(1)) {
    const forwarded = wrapper.forward(step.event);
    if (forwarded !== undefined) apply(forwarded);
    if (step.state.status === 'active') {
      apply({ type: `xstate.snapshot.${childId}`, snapshot: step.state } as EventObject);
    } else if (step.state.status === 'done') {
      apply({ type: `xstate.done.actor.${childId}`, output: step.state.output } as EventObject);
    }
    wrapperStates.push(state as AnyMachineSnapshot);
  }
  return { ...path, wrapperStates, taken };
}
