import type { AnyActorRef, InspectionEvent } from 'xstate';
import { redactSecrets } from './redact.js';

/**
 * A JSON-safe, redacted copy of one XState inspection event, as `--record` writes it and the
 * local view reads it.
 */
export interface RecordedInspectionEvent {
  /** `@xstate.actor`, `@xstate.event`, `@xstate.snapshot`, `@xstate.action` or `@xstate.microstep`. */
  type: string;
  /** Session id of the actor the event is about, such as `x:0`. */
  actorId: string;
  /** Session id of the actor's parent, or undefined for a root actor such as a job machine. */
  parentId: string | undefined;
  /** Id of the actor's machine or logic, when it has one. */
  machineId: string | undefined;
  /** Session id of the actor that sent the event, for `@xstate.event`. */
  sourceId: string | undefined;
  /** The event, for `@xstate.event`, `@xstate.snapshot` and `@xstate.microstep`. */
  event: unknown;
  /** State value, status and context of the snapshot, for `@xstate.snapshot` and `@xstate.microstep`. */
  snapshot: { value: unknown; status: string; context: unknown } | undefined;
  /** Action type and parameters, for `@xstate.action`. */
  action: unknown;
  /** When the event was recorded, in ms since the epoch. */
  atMs: number;
}

/** Turns an inspection event into its recorded form, with secrets redacted. */
export function toRecordedEvent(
  inspection: InspectionEvent,
  options: { secrets?: readonly string[]; nowMs?: number } = {},
): RecordedInspectionEvent {
  const secrets = options.secrets ?? [];
  const actor = inspection.actorRef as AnyActorRef;
  const source =
    'sourceRef' in inspection ? (inspection.sourceRef as AnyActorRef | undefined) : undefined;
  const snapshot =
    'snapshot' in inspection ? (inspection.snapshot as Record<string, unknown>) : undefined;

  return {
    type: inspection.type,
    actorId: actor.sessionId,
    parentId: (actor as { _parent?: AnyActorRef })._parent?.sessionId,
    machineId: (actor as { logic?: { id?: string } }).logic?.id,
    sourceId: source?.sessionId,
    event: 'event' in inspection ? redactSecrets(inspection.event, secrets) : undefined,
    snapshot: snapshot
      ? {
          value: redactSecrets(snapshot.value, secrets),
          status: String(snapshot.status),
          context: redactSecrets(snapshot.context, secrets),
        }
      : undefined,
    action: 'action' in inspection ? redactSecrets(inspection.action, secrets) : undefined,
    atMs: options.nowMs ?? Date.now(),
  };
}
