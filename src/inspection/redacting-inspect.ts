import type { InspectionEvent, Observer } from 'xstate';
import { redactSecrets } from './redact.js';

type Inspect = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/**
 * Wraps an XState `inspect` callback so that every event it receives has its event payload,
 * snapshot context and action parameters redacted. Actor references stay as they are, and a
 * snapshot keeps its prototype, so `snapshot.matches()` still works in the callback.
 */
export function redactingInspect(inspect: Inspect, secrets: readonly string[] = []) {
  const next = typeof inspect === 'function' ? inspect : inspect.next?.bind(inspect);
  return (inspection: InspectionEvent) => {
    next?.(redactInspectionEvent(inspection, secrets));
  };
}

function redactInspectionEvent(
  inspection: InspectionEvent,
  secrets: readonly string[],
): InspectionEvent {
  const copy: Record<string, unknown> = { ...inspection };
  if ('event' in inspection) copy.event = redactSecrets(inspection.event, secrets);
  if ('action' in inspection) copy.action = redactSecrets(inspection.action, secrets);
  if ('snapshot' in inspection) copy.snapshot = redactSnapshot(inspection.snapshot, secrets);
  return copy as unknown as InspectionEvent;
}

function redactSnapshot(snapshot: unknown, secrets: readonly string[]): unknown {
  if (typeof snapshot !== 'object' || snapshot === null || !('context' in snapshot)) {
    return snapshot;
  }
  const copy = Object.create(Object.getPrototypeOf(snapshot)) as Record<string, unknown>;
  Object.assign(copy, snapshot);
  copy.context = redactSecrets(snapshot.context, secrets);
  return copy;
}
