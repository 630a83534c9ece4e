import { open, readFile } from 'node:fs/promises';
import type { InspectionEvent } from 'xstate';
import { z } from 'zod';
import { DomeInputError } from '../errors/job-errors.js';
import { type RecordedInspectionEvent, toRecordedEvent } from './recorded-event.js';

/** Writes the inspection events of a run to a file, one JSON object per line. */
export interface InspectionRecorder {
  /** XState inspection callback: records each event, redacted, as it arrives. */
  inspect(inspection: InspectionEvent): void;
  /** Number of events written so far. */
  readonly eventCount: number;
  /** Flushes the file and closes it. Rejects with the first write error, if any. */
  close(): Promise<void>;
}

/**
 * Opens `filePath` for writing, replacing an existing file, and returns a recorder that writes
 * each event as {@link toRecordedEvent} turns it into JSON, with `secrets` redacted. Rejects
 * when the file cannot be created, so a caller can report it before starting a job.
 */
export async function createInspectionRecorder(
  filePath: string,
  options: { secrets?: readonly string[] } = {},
): Promise<InspectionRecorder> {
  const handle = await open(filePath, 'w');
  const stream = handle.createWriteStream({ encoding: 'utf8' });
  let writeError: unknown;
  let eventCount = 0;
  stream.on('error', (error) => {
    writeError ??= error;
  });

  return {
    inspect(inspection) {
      if (writeError !== undefined || stream.writableEnded) return;
      const recorded = toRecordedEvent(inspection, { secrets: options.secrets });
      stream.write(`${JSON.stringify(recorded)}\n`);
      eventCount += 1;
    },
    get eventCount() {
      return eventCount;
    },
    async close() {
      if (!stream.writableEnded) {
        await new Promise<void>((resolve) => stream.end(resolve));
      }
      if (writeError !== undefined) throw writeError;
    },
  };
}

const RecordedInspectionEventSchema = z.object({
  type: z.string().startsWith('@xstate.'),
  actorId: z.string(),
  parentId: z.string().optional(),
  machineId: z.string().optional(),
  sourceId: z.string().optional(),
  event: z.unknown().optional(),
  snapshot: z
    .object({ value: z.unknown().optional(), status: z.string(), context: z.unknown().optional() })
    .optional(),
  action: z.unknown().optional(),
  atMs: z.number(),
});

/**
 * Parses a recording written by {@link createInspectionRecorder}: one JSON object per line,
 * blank lines ignored. Throws DomeInputError naming the first line that is not a recorded
 * inspection event.
 */
export function parseRecording(text: string, fileName = 'recording'): RecordedInspectionEvent[] {
  const events: RecordedInspectionEvent[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `${fileName} line ${index + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new DomeInputError('recording', `Invalid ${where}: expected one JSON object.`);
    }
    const result = RecordedInspectionEventSchema.safeParse(parsed);
    if (!result.success) {
      throw new DomeInputError(
        'recording',
        `Invalid ${where}: not a recorded inspection event (${z.prettifyError(result.error)}).`,
      );
    }
    const { snapshot, ...fields } = result.data;
    // JSON drops undefined fields, so they are restored to match RecordedInspectionEvent.
    events.push({
      ...fields,
      parentId: fields.parentId,
      machineId: fields.machineId,
      sourceId: fields.sourceId,
      event: fields.event,
      action: fields.action,
      snapshot: snapshot && {
        value: snapshot.value,
        status: snapshot.status,
        context: snapshot.context,
      },
    });
  }
  return events;
}

/** Reads and parses a recording file; see {@link parseRecording}. */
export async function readRecording(filePath: string): Promise<RecordedInspectionEvent[]> {
  return parseRecording(await readFile(filePath, 'utf8'), filePath);
}
