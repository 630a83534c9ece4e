/** Replacement text for a redacted value. */
export const REDACTED = '[redacted]';

/** Property names whose values are secrets wherever they appear. */
const SECRET_KEY_PATTERN = /^(x-)?api[-_]?key$|^authorization$|secret|password|token/i;

/** API keys inside longer strings, such as a header dump in an error message. */
const API_KEY_IN_TEXT = /dome_live_[A-Za-z0-9]+/g;

const MAX_DEPTH = 12;

/**
 * Returns a JSON-safe deep copy of `value` with secrets replaced by {@link REDACTED}: values of
 * secret-named properties, API keys inside strings, and every string listed in `secrets`.
 * Errors become `{ name, message, ...own fields }`. Functions, cycles, actor references, actor
 * logic and state nodes become markers, and nesting deeper than 12 levels is cut, so the result
 * can always be sent or stored.
 */
export function redactSecrets(value: unknown, secrets: readonly string[] = []): unknown {
  const known = secrets.filter((secret) => secret.length > 0);
  return copy(value, known, new WeakSet(), 0);
}

function copy(
  value: unknown,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;

  // Actor references and machines link to the whole actor system, so copying them would walk
  // thousands of objects per event. Spawn and stop actions carry them in their parameters.
  const reference = describeReference(value);
  if (reference !== undefined) return reference;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth limit]';
  seen.add(value);

  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, secrets, seen, depth + 1));
    if (value instanceof Date) return value.toISOString();

    const source: Record<string, unknown> = { ...value };
    if (value instanceof Error) {
      // name and message live on the prototype or are not enumerable, so spreading misses them.
      source.name = value.name;
      source.message = value.message;
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      result[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : copy(item, secrets, seen, depth + 1);
    }
    return result;
  } finally {
    seen.delete(value);
  }
}

/** Returns a marker for an actor reference, an actor logic or a state node, else undefined. */
function describeReference(value: object): string | undefined {
  const fields = value as Record<string, unknown>;
  if (typeof fields.sessionId === 'string' && typeof fields.send === 'function') {
    return `[actor ${fields.sessionId}]`;
  }
  if (typeof fields.transition === 'function' && typeof fields.getInitialSnapshot === 'function') {
    return `[logic ${typeof fields.id === 'string' ? fields.id : 'anonymous'}]`;
  }
  if (typeof fields.machine === 'object' && fields.machine !== null && 'path' in fields) {
    return `[state node ${String(fields.id)}]`;
  }
  return undefined;
}

function redactText(text: string, secrets: readonly string[]): string {
  let result = text.replace(API_KEY_IN_TEXT, REDACTED);
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}
