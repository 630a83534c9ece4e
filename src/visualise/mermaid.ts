import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { edgeLabel } from './edge-label.js';

export { describeGuard, edgeLabel } from './edge-label.js';

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /**
   * Draws an overview small enough to read at a glance. An arrow that leaves or enters a
   * composite state is drawn from or to that composite. Arrows between the same two states
   * merge into one that names each event once. Guards and arrows from a state to itself are
   * left out. @default false
   */
  compact?: boolean | undefined;
}

/** One transition as the diagram needs it: its event type, targets and guard. */
interface Edge {
  eventType: string;
  targets: readonly AnyStateNode[] | undefined;
  guard: unknown;
}

/**
 * Renders a machine definition as a Mermaid `stateDiagram-v2`, read from the machine itself so
 * the diagram cannot drift from the code. Delayed transitions show as `after <delay>`, invoke
 * results as `done <actor id>` and `error <actor id>`, eventless transitions as `always`, and
 * guards in brackets. Transitions declared on the root apply in every state, so they are drawn
 * from each top-level state that is not final and does not handle the same event itself.
 * Every transition is written after the states, at the top level, because Mermaid moves a
 * state that a composite's block mentions into that composite.
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const lines = ['stateDiagram-v2'];
  const root = machine.root;

  if (root.description) lines.push(`  %% ${root.description}`);
  renderStates(root, lines, '  ');

  const arrows: Arrow[] = [];
  collectArrows(root, arrows);
  const topLevel = Object.values(root.states) as AnyStateNode[];
  for (const edge of edgesOf(root)) {
    for (const source of topLevel) {
      if (source.type === 'final' || source.transitions.has(edge.eventType)) continue;
      arrows.push(...arrowsOf(source, edge));
    }
  }

  const drawn = options.compact ? mergeArrows(arrows.map(liftArrow)) : arrows;
  for (const arrow of drawn) {
    lines.push(`  ${mermaidId(arrow.source)} --> ${mermaidId(arrow.target)} : ${arrow.label}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Returns the Mermaid id that {@link toMermaid} gives a state node: its path joined by `_`. */
export function mermaidId(node: AnyStateNode): string {
  return node.path.length === 0 ? 'root' : node.path.join('_');
}

/** Declares the children of `node`, nesting composites, with their initial and final markers. */
function renderStates(node: AnyStateNode, lines: string[], indent: string) {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return;

  const initialTarget = node.initial?.target?.[0] as AnyStateNode | undefined;
  for (const child of children) {
    lines.push(`${indent}state "${child.key}" as ${mermaidId(child)}`);
  }
  if (initialTarget) lines.push(`${indent}[*] --> ${mermaidId(initialTarget)}`);

  for (const child of children) {
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${mermaidId(child)} {`);
      renderStates(child, lines, `${indent}  `);
      lines.push(`${indent}}`);
    }
    if (child.type === 'final') lines.push(`${indent}${mermaidId(child)} --> [*]`);
  }
}

/** One arrow of the diagram. */
interface Arrow {
  source: AnyStateNode;
  target: AnyStateNode;
  label: string;
  /** The label without its guard, which compact diagrams show. */
  eventLabel: string;
}

/** Collects the arrows of every descendant of `node`, depth first, in definition order. */
function collectArrows(node: AnyStateNode, arrows: Arrow[]) {
  for (const child of Object.values(node.states) as AnyStateNode[]) {
    for (const edge of edgesOf(child)) arrows.push(...arrowsOf(child, edge));
    collectArrows(child, arrows);
  }
}

/** Lists a node's transitions: event, delayed and invoke ones first, then eventless ones. */
function edgesOf(node: AnyStateNode): Edge[] {
  const edges: Edge[] = [];
  for (const [eventType, transitions] of node.transitions) {
    for (const transition of transitions) {
      edges.push({ eventType, targets: transition.target, guard: transition.guard });
    }
  }
  // Eventless (`always`) transitions live apart from the event map, under `always`.
  for (const transition of node.always ?? []) {
    edges.push({ eventType: '', targets: transition.target, guard: transition.guard });
  }
  return edges;
}

function arrowsOf(source: AnyStateNode, edge: Edge): Arrow[] {
  const label = edgeLabel(edge.eventType, edge.guard);
  const eventLabel = edgeLabel(edge.eventType);
  // A transition without a target runs actions only, so it is drawn as a loop on its source.
  const targets = edge.targets && edge.targets.length > 0 ? edge.targets : [source];
  return targets.map((target) => ({ source, target, label, eventLabel }));
}

/** Moves both ends of an arrow up to the children of the deepest state containing both. */
function liftArrow(arrow: Arrow): Arrow {
  const sourcePath = arrow.source.path;
  const targetPath = arrow.target.path;
  let shared = 0;
  while (shared < sourcePath.length && sourcePath[shared] === targetPath[shared]) shared += 1;
  return {
    ...arrow,
    source: ancestorAtDepth(arrow.source, shared + 1),
    target: ancestorAtDepth(arrow.target, shared + 1),
  };
}

/** Returns the ancestor of `node` at `depth` (1 is a top-level state), or `node` itself. */
function ancestorAtDepth(node: AnyStateNode, depth: number): AnyStateNode {
  let current = node;
  while (current.path.length > depth && current.parent) current = current.parent;
  return current;
}

/** Merges arrows between the same two states into one, listing each event once; drops loops. */
function mergeArrows(arrows: readonly Arrow[]): Arrow[] {
  const merged = new Map<string, Arrow & { events: string[] }>();
  for (const arrow of arrows) {
    if (arrow.source === arrow.target) continue;
    const key = `${mermaidId(arrow.source)} ${mermaidId(arrow.target)}`;
    const existing = merged.get(key);
    if (existing === undefined) {
      merged.set(key, { ...arrow, events: [arrow.eventLabel] });
    } else if (!existing.events.includes(arrow.eventLabel)) {
      existing.events.push(arrow.eventLabel);
    }
  }
  return [...merged.values()].map((arrow) => ({ ...arrow, label: arrow.events.join(', ') }));
}
