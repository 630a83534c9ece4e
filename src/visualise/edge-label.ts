/** Shortens XState's generated event types to what a reader of the diagram needs. */
export function edgeLabel(eventType: string, guard?: unknown): string {
  let label = eventType;
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (eventType === '') label = 'always';
  else if (after) label = `after ${after[1]}`;
  else if (actor) label = `${actor[1]} ${actor[2]}`;

  const guardText = describeGuard(guard);
  return guardText ? `${label} [${guardText}]` : label;
}

/**
 * Describes a guard as it was written: a named guard by its name, a parameterized one as
 * `name(value)`, and XState's `and`, `or` and `not` helpers spelled out with their operands.
 */
export function describeGuard(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;

  if (typeof guard === 'function') {
    // XState's and(), or() and not() return functions that keep their operands in `guards`.
    const operands = (guard as { guards?: unknown }).guards;
    if (Array.isArray(operands) && ['and', 'or', 'not'].includes(guard.name)) {
      const parts = operands.map((operand) => describeGuard(operand) ?? 'guarded');
      if (guard.name === 'not') return `not ${wrapCompound(parts[0] ?? 'guarded')}`;
      return parts.map(wrapCompound).join(` ${guard.name} `);
    }
    return guard.name || 'guarded';
  }

  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') {
    const params = 'params' in guard ? describeParams(guard.params) : undefined;
    return params === undefined ? guard.type : `${guard.type}(${params})`;
  }
  return 'guarded';
}

/** Lists primitive parameter values; parameters computed by a function are not shown. */
function describeParams(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const values = Object.values(params).filter(
    (value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
  );
  return values.length > 0 ? values.join(', ') : undefined;
}

function wrapCompound(text: string): string {
  return / (and|or) /.test(text) ? `(${text})` : text;
}
