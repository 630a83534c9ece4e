import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * Renders a machine definition as a Mermaid `stateDiagram-v2`, read from the machine itself so
 * the diagram cannot drift from the code. Delayed transitions show as `after <delay>`, invoke
 * results as `done <actor id>` and `error <actor id>`, guards in brackets. Transitions declared
 * on the root apply in every state, so they are drawn from each top-level state that is not
 * final.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const root = machine.root;

  if (root.description) lines.push(`  %% ${root.description}`);
  renderChildren(root, lines, '  ');

  const topLevel = Object.values(root.states) as AnyStateNode[];
  for (const [eventType, transitions] of root.transitions) {
    for (const transition of transitions) {
      for (const source of topLevel) {
        if (source.type === 'final') continue;
        renderEdge(lines, '  ', source, transition.target, eventType, transition.guard);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderChildren(node: AnyStateNode, lines: string[], indent: string) {
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
      renderChildren(child, lines, `${indent}  `);
      lines.push(`${indent}}`);
    }
    if (child.type === 'final') lines.push(`${indent}${mermaidId(child)} --> [*]`);
    for (const [eventType, transitions] of child.transitions) {
      for (const transition of transitions) {
        renderEdge(lines, indent, child, transition.target, eventType, transition.guard);
      }
    }
  }
}

function renderEdge(
  lines: string[],
  indent: string,
  source: AnyStateNode,
  targets: readonly AnyStateNode[] | undefined,
  eventType: string,
  guard: unknown,
) {
  const label = edgeLabel(eventType, guard);
  // A transition without a target runs actions only, so it is drawn as a loop on its source.
  const destinations = targets && targets.length > 0 ? targets : [source];
  for (const target of destinations) {
    lines.push(`${indent}${mermaidId(source)} --> ${mermaidId(target)} : ${label}`);
  }
}

/** Shortens XState's generated event types to what a reader of the diagram needs. */
export function edgeLabel(eventType: string, guard?: unknown): string {
  let label = eventType;
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (after) label = `after ${after[1]}`;
  else if (actor) label = `${actor[1]} ${actor[2]}`;

  const guardName = describeGuard(guard);
  return guardName ? `${label} [${guardName}]` : label;
}

function describeGuard(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') {
    return guard.type;
  }
  if (typeof guard === 'function' && guard.name) return guard.name;
  return 'guarded';
}

function mermaidId(node: AnyStateNode): string {
  return node.path.length === 0 ? 'root' : node.path.join('_');
}
