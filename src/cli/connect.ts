import { DEFAULT_POLL_SCHEDULE, type PollSchedule } from '../../machines/shared/poll-schedule.js';
import { MIN_REQUEST_GAP_MS } from '../../machines/shared/request-pacing.js';
import { createDomeClient, type DomeClient } from '../client/client.js';
import {
  createSimulator,
  DEFAULT_REQUESTS_PER_DAY,
  DEFAULT_REQUESTS_PER_MINUTE,
  IN_PROCESS_ORIGIN,
} from '../simulator/index.js';
import { API_KEY_VARIABLE, BASE_URL_VARIABLE, readApiTarget } from './config.js';
import { type CliIo, printNote } from './io.js';

/** Speed-up factor of the embedded simulator when `--speed` is not given. */
export const DEFAULT_EMBEDDED_SPEED = 20;

/**
 * API key the CLI uses with the simulator it runs itself. The simulator accepts any key with
 * the documented `dome_live_` prefix, so this one grants nothing anywhere else.
 */
export const SIMULATOR_API_KEY = 'dome_live_localsimulator';

/** A client ready for one command, and what the CLI should tell the user about it. */
export interface Connection {
  client: DomeClient;
  /** Schedule the machines poll on: the API's schedule divided by {@link speed}. */
  pollSchedule: PollSchedule;
  /**
   * Minimum time between two requests about one job, in milliseconds: the machines' default
   * divided by {@link speed} for the embedded simulator, undefined (that default) for a remote API.
   */
  minRequestGapMs?: number | undefined;
  /** Speed-up factor of the embedded simulator; 1 for a remote API. */
  speed: number;
  /** Whether the jobs live in this process only and vanish when it exits. */
  embedded: boolean;
  /**
   * Output files that only this process can read: the embedded simulator's file URLs and the
   * in-process fetch that serves them. Undefined for a remote API, whose URLs any browser opens.
   */
  localFiles?: { origin: string; fetch: typeof globalThis.fetch } | undefined;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Speed-up factor of the embedded simulator. @default DEFAULT_EMBEDDED_SPEED */
  speed?: number | undefined;
  /**
   * Whether the command reads jobs submitted earlier, such as `jobs get`. With the embedded
   * simulator the CLI then also prints where such jobs can be found. @default false
   */
  readsEarlierJobs?: boolean | undefined;
}

/**
 * Creates the client for a job command from `DOME_API_KEY` and `DOME_BASE_URL`. With neither
 * set it starts the simulator in this process, sped up by `speed`, and prints a note saying so on stderr.
 */
export function connect(io: CliIo, options: ConnectOptions = {}): Connection {
  const target = readApiTarget(io.env);

  if (target.kind === 'remote') {
    if (options.speed !== undefined) {
      printNote(
        io,
        `Ignoring --speed ${options.speed}: it applies to the embedded simulator only.`,
      );
    }
    return {
      client: createDomeClient({ apiKey: target.apiKey, baseUrl: target.baseUrl }),
      pollSchedule: { ...DEFAULT_POLL_SCHEDULE },
      speed: 1,
      embedded: false,
    };
  }

  const speed = options.speed ?? DEFAULT_EMBEDDED_SPEED;
  printNote(
    io,
    `No ${API_KEY_VARIABLE} or ${BASE_URL_VARIABLE} set: using the embedded simulator at ` +
      `${speed}x speed, polling ${speed}x as often as against the real API.`,
  );
  if (options.readsEarlierJobs) {
    printNote(
      io,
      'The embedded simulator starts empty on every run, so it has no earlier jobs: to read ' +
        `them, run \`dome-flows simulator\` in another shell and export the ${BASE_URL_VARIABLE} and ` +
        `${API_KEY_VARIABLE} it prints, or set ${API_KEY_VARIABLE} for the real API.`,
    );
  }
  return connectEmbedded(speed);
}

/**
 * Starts the simulator in this process, sped up by `speed`, and returns a client for it with
 * the poll schedule and the minimum request gap divided by the same factor.
 */
export function connectEmbedded(speed: number): Connection {
  const simulator = createSimulator(embeddedSimulatorOptions(speed));
  return {
    client: createDomeClient({
      apiKey: SIMULATOR_API_KEY,
      baseUrl: simulator.inProcessBaseUrl,
      fetch: simulator.fetch,
    }),
    pollSchedule: scalePollSchedule(DEFAULT_POLL_SCHEDULE, speed),
    minRequestGapMs: MIN_REQUEST_GAP_MS / speed,
    speed,
    embedded: true,
    localFiles: { origin: IN_PROCESS_ORIGIN, fetch: simulator.fetch },
  };
}

/**
 * Returns simulator options for a speed-up factor. The rate limits scale with the speed,
 * because polls come `speed` times as often as they would against the real API.
 */
export function embeddedSimulatorOptions(speed: number) {
  return {
    speed,
    requestsPerMinute: Math.ceil(DEFAULT_REQUESTS_PER_MINUTE * speed),
    requestsPerDay: Math.ceil(DEFAULT_REQUESTS_PER_DAY * speed),
  };
}

/** Divides every interval of a poll schedule by `speed`. */
export function scalePollSchedule(schedule: PollSchedule, speed: number): PollSchedule {
  return {
    fastIntervalMs: schedule.fastIntervalMs / speed,
    fastPhaseMs: schedule.fastPhaseMs / speed,
    slowIntervalMs: schedule.slowIntervalMs / speed,
  };
}
