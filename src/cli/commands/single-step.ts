import type { Job } from '../../api/job.js';
import { runDroneFootage, runImageEnhancement } from '../../runtime/index.js';
import type { Connection } from '../connect.js';
import type { InspectCallback } from '../inspection-options.js';
import type { CliIo } from '../io.js';
import { resolveDroneFootageAddress, resolveImageUrl } from '../job-inputs.js';
import { type OutcomeOptions, reportCompleted, reportNotCompleted } from '../outcome.js';
import { createPromptContext } from '../prompts.js';
import { type JobWatch, watchJob } from '../watch-job.js';

/** Options shared by the job commands. */
export interface JobCommandOptions {
  /** Prints only the final job resource as JSON on stdout. */
  json?: boolean | undefined;
  /** Receives the run's inspection events, for `--inspect`, `--view` and `--record`. */
  inspect?: InspectCallback | undefined;
}

/**
 * Runs `dome-flows drone-footage` and returns the exit code. The input is checked before
 * `connectApi` runs, so that a usage error prints nothing else.
 */
export async function droneFootageCommand(
  io: CliIo,
  connectApi: () => Connection,
  options: JobCommandOptions & { address?: string | undefined },
): Promise<number> {
  const address = await resolveDroneFootageAddress(io, createPromptContext(io), options.address);
  const connection = connectApi();
  return followJob(io, connection, { label: 'drone footage', json: options.json }, (watch) =>
    runDroneFootage(connection.client, { address }, runOptions(connection, watch, options.inspect)),
  );
}

/**
 * Runs `dome-flows image-enhancement` and returns the exit code. The input is checked before
 * `connectApi` runs.
 */
export async function imageEnhancementCommand(
  io: CliIo,
  connectApi: () => Connection,
  options: JobCommandOptions & { imageUrl?: string | undefined },
): Promise<number> {
  const imageUrl = await resolveImageUrl(io, createPromptContext(io), options.imageUrl);
  const connection = connectApi();
  return followJob(io, connection, { label: 'image enhancement', json: options.json }, (watch) =>
    runImageEnhancement(
      connection.client,
      { imageUrl },
      runOptions(connection, watch, options.inspect),
    ),
  );
}

/** Runtime options that report progress to the watch and cancel on its Ctrl-C signal. */
export function runOptions(
  connection: Connection,
  watch: JobWatch,
  inspect?: InspectCallback | undefined,
) {
  return {
    inspect,
    pollSchedule: connection.pollSchedule,
    minRequestGapMs: connection.minRequestGapMs,
    onSnapshot: watch.onSnapshot,
    signal: watch.signal,
  };
}

/**
 * Runs a job with progress output and Ctrl-C handling, then prints its outcome and returns
 * the exit code.
 */
export async function followJob(
  io: CliIo,
  connection: Connection,
  options: Omit<OutcomeOptions, 'embedded'>,
  run: (watch: JobWatch) => Promise<{ job: Job }>,
): Promise<number> {
  const outcomeOptions = { ...options, embedded: connection.embedded };
  const watch = watchJob(io, { label: options.label });
  try {
    const { job } = await run(watch);
    watch.stop();
    return reportCompleted(io, job, outcomeOptions);
  } catch (error) {
    watch.stop();
    return reportNotCompleted(io, error, watch.lastJob, outcomeOptions);
  } finally {
    watch.stop();
  }
}
