import { readRecording } from '../../inspection/recording.js';
import { replayInto } from '../../visualise/view/replay.js';
import { ViewFeed } from '../../visualise/view/view-feed.js';
import { startViewServer } from '../../visualise/view/view-server.js';
import { UsageError } from '../cli-errors.js';
import { type CliIo, printLine, printNote } from '../io.js';
import { listenOnPort } from '../listen-port.js';
import { waitForStopSignal } from '../wait-for-stop.js';

/** Options of `dome-flows view`. */
export interface ViewCommandOptions {
  /** Recording written by `--record`, one JSON inspection event per line. */
  replay: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number | undefined;
}

/**
 * Serves the run view for a recording until SIGINT or SIGTERM. The page replays the events
 * with their recorded pauses, each at most one second. Prints the page's URL on stdout. A
 * recording without events is a usage error, since the page would never show anything.
 */
export async function viewCommand(
  io: CliIo,
  options: ViewCommandOptions,
  signals: NodeJS.EventEmitter = process,
): Promise<void> {
  let events: Awaited<ReturnType<typeof readRecording>>;
  try {
    events = await readRecording(options.replay);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot read --replay file ${JSON.stringify(options.replay)}: ${reason}.`);
  }
  if (events.length === 0) {
    throw new UsageError(
      `The --replay file ${JSON.stringify(options.replay)} has no events to show.`,
    );
  }

  const feed = new ViewFeed();
  const server = await listenOnPort(options.port ?? 0, () =>
    startViewServer({ feed, port: options.port, title: `replay of ${options.replay}` }),
  );
  const stopReplay = new AbortController();
  void replayInto(feed, events, { signal: stopReplay.signal });

  printLine(io, `Replaying ${events.length} events at ${server.url}`);
  printNote(io, 'Press Ctrl-C to stop.');
  await waitForStopSignal(signals);

  stopReplay.abort();
  await server.close();
}
