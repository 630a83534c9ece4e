import type { InspectionEvent, Observer } from 'xstate';
import { redactSecrets } from './redact.js';

type Inspect = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/**
 * Wraps an XState `inspect` callback so that every event it receives has its event payload,
 * action parameters and snapshot data (context, input, output, error) redacted. A snapshot
 * keeps its prototype, so `snapshot.matches()` still works in the callback. Actor references
 * stay as they are: `actorRef.getSnapshot()` returns the live, unredacted snapshot.
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

/** Snapshot fields that carry data: a machine's context, and a child actor's input and result. */
const SNAPSHOT_DATA_FIELDS = ['context', 'input', 'output', 'error'] as const;

function redactSnapshot(snapshot: unknown, secrets: readonly string[]): unknown {
  if (typeof snapshot !== 'object' || snapshot === null) return snapshot;
  const copy = Object.create(Object.getPrototypeOf(snapshot)) as Record<string, unknown>;
  Object.assign(copy, snapshot);
  for (const field of SNAPSHOT_DATA_FIELDS) {
    if (field in copy) copy[field] = redactSecrets(copy[field], secrets);
  }
  return copy;
}
