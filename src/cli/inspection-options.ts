import type { InspectionEvent } from 'xstate';
import { startInspectorRelay } from '../inspection/inspector-relay.js';
import { toRecordedEvent } from '../inspection/recorded-event.js';
import { createInspectionRecorder, type InspectionRecorder } from '../inspection/recording.js';
import { connectStatelyInspector } from '../inspection/stately-inspector.js';
import { IN_PROCESS_ORIGIN } from '../simulator/index.js';
import { ViewFeed } from '../visualise/view/view-feed.js';
import { startViewServer, type ViewServer } from '../visualise/view/view-server.js';
import { EXIT_CODES, UsageError } from './cli-errors.js';
import { API_KEY_VARIABLE } from './config.js';
import { type Connection, SIMULATOR_API_KEY } from './connect.js';
import { type CliIo, printNote } from './io.js';
import { waitForStopSignal } from './wait-for-stop.js';

/** The `--inspect`, `--view` and `--record` flags of the job commands. */
export interface InspectionFlags {
  /** Streams the run to the Stately inspector through a relay on 127.0.0.1. */
  inspect?: boolean | undefined;
  /** Serves the local live view on 127.0.0.1 and keeps it open after the run until Ctrl-C. */
  view?: boolean | undefined;
  /** File to write the run's inspection events to, one JSON object per line. */
  record?: string | undefined;
}

/** XState inspection callback that the job commands pass to the runtime. */
export type InspectCallback = (inspection: InspectionEvent) => void;

/**
 * Hands the command's connection to the observers and returns it unchanged, so the live view
 * can show output files that only this process can read.
 */
export type ObserveConnection = (connection: Connection) => Connection;

/** Destinations of one command run's inspection events, and how to close them afterwards. */
interface RunObservers {
  /** Callback for the runtime, or undefined when no flag asked for one. */
  inspect: InspectCallback | undefined;
  /** Takes note of the connection the command made. */
  observeConnection: ObserveConnection;
  /** Closes each observer; with `--view`, first waits for Ctrl-C while the page stays up. */
  close(outcome: string | undefined): Promise<void>;
}

/**
 * Runs a job command with the observers its flags ask for, passing it the combined inspection
 * callback, and closes them when it returns. The Stately relay closes as soon as the job ends,
 * so the process can exit. With `--view` the page stays up until Ctrl-C, so the final state
 * can be read. Returns the command's exit code.
 */
export async function withInspection(
  io: CliIo,
  flags: InspectionFlags,
  title: string,
  run: (inspect: InspectCallback | undefined, observe: ObserveConnection) => Promise<number>,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const observers = await startRunObservers(io, flags, title, signals);
  let outcome: string | undefined;
  try {
    const exitCode = await run(observers.inspect, observers.observeConnection);
    outcome = exitCode === EXIT_CODES.completed ? 'completed' : 'did not complete';
    return exitCode;
  } finally {
    await observers.close(outcome);
  }
}

/** Returns the API keys this process may use, which every observer redacts. */
function secretsOf(io: CliIo): string[] {
  const apiKey = io.env[API_KEY_VARIABLE]?.trim();
  return apiKey ? [apiKey, SIMULATOR_API_KEY] : [SIMULATOR_API_KEY];
}

async function startRunObservers(
  io: CliIo,
  flags: InspectionFlags,
  title: string,
  signals: NodeJS.EventEmitter,
): Promise<RunObservers> {
  const secrets = secretsOf(io);
  const callbacks: InspectCallback[] = [];
  const closers: Array<(outcome: string | undefined) => Promise<void>> = [];
  let localFiles: Connection['localFiles'];

  // The file opens first, so that an unwritable path fails before anything else starts.
  if (flags.record !== undefined) {
    const recorder = await openRecorder(flags.record, secrets);
    callbacks.push(recorder.inspect);
    closers.push(async (outcome) => {
      await recorder.close();
      if (outcome === undefined) return;
      printNote(
        io,
        `Recorded ${recorder.eventCount} inspection events to ${flags.record}. Replay them ` +
          `with: dome-flows view --replay ${flags.record}`,
      );
    });
  }

  if (flags.inspect) {
    const relay = await startInspectorRelay();
    const connection = connectStatelyInspector(relay.sourceUrl, { secrets });
    callbacks.push(connection.inspect);
    printNote(io, `Stately inspector relay listening on ${relay.webSocketUrl}`);
    printNote(
      io,
      `Open ${relay.pageUrl} in a browser to watch the run in the Stately inspector. The page ` +
        'loads the inspector from stately.ai, so it needs internet access.',
    );
    closers.push(async () => {
      await connection.close();
      await relay.close();
    });
  }

  if (flags.view) {
    const feed = new ViewFeed();
    // The view starts before the command connects, so the proxy looks the connection up per
    // request. The embedded simulator's file URLs are reachable only through its fetch.
    const proxiedFiles = {
      origin: IN_PROCESS_ORIGIN,
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        localFiles
          ? localFiles.fetch(input, init)
          : Promise.resolve(new Response('No embedded simulator in this run.', { status: 404 })),
    };
    const server = await startViewServer({ feed, title, proxiedFiles });
    callbacks.push((inspection) => feed.push(toRecordedEvent(inspection, { secrets })));
    printNote(io, `Live view of the run: ${server.url}`);
    closers.push((outcome) => lingerView(io, feed, server, outcome, signals));
  }

  return {
    inspect:
      callbacks.length === 0
        ? undefined
        : (inspection) => {
            for (const callback of callbacks) callback(inspection);
          },
    observeConnection(connection) {
      localFiles = connection.localFiles;
      return connection;
    },
    async close(outcome) {
      for (const close of closers) await close(outcome);
    },
  };
}

async function openRecorder(filePath: string, secrets: string[]): Promise<InspectionRecorder> {
  try {
    return await createInspectionRecorder(filePath, { secrets });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot write --record file ${JSON.stringify(filePath)}: ${reason}.`);
  }
}

/** Ends the feed and keeps the view up until Ctrl-C, unless the command failed to run. */
async function lingerView(
  io: CliIo,
  feed: ViewFeed,
  server: ViewServer,
  outcome: string | undefined,
  signals: NodeJS.EventEmitter,
) {
  feed.end(outcome ?? 'stopped');
  if (outcome !== undefined) {
    printNote(io, `The view at ${server.url} shows the finished run. Press Ctrl-C to stop it.`);
    await waitForStopSignal(signals);
  }
  await server.close();
}
