import type { Job } from '../api/job.js';
import { DomeInputError } from '../errors/index.js';
import { JobCancelledError } from '../runtime/index.js';
import { EXIT_CODES, UsageError } from './cli-errors.js';
import { formatOutputLines } from './format.js';
import { type CliIo, printLine } from './io.js';
import { printError } from './report-error.js';
import { printLookupHint } from './watch-job.js';

/** How to print the end of a job. */
export interface OutcomeOptions {
  /** Name of the job type in messages, such as `drone footage`. */
  label: string;
  /** Prints the final job resource as JSON on stdout and nothing else there. */
  json?: boolean | undefined;
  /** Whether the job ran in the embedded simulator. */
  embedded: boolean;
}

/** Prints a completed job: its output fields, or the job resource as JSON with `--json`. */
export function reportCompleted(io: CliIo, job: Job, options: OutcomeOptions): number {
  if (options.json) {
    printLine(io, JSON.stringify(job, null, 2));
  } else {
    printLine(io, `${options.label} job ${job.id} completed:`);
    for (const line of formatOutputLines(job)) printLine(io, line);
  }
  return EXIT_CODES.completed;
}

/**
 * Prints why a job did not complete and returns the exit code. A UsageError or an input that
 * the machine rejected is 2. Anything else is 1: a failed job, a lost contact, an API error or
 * a cancellation, after which the CLI prints how to look the job up. With `--json`, the last
 * job resource seen still goes to stdout.
 */
export function reportNotCompleted(
  io: CliIo,
  error: unknown,
  lastJob: Job | null,
  options: OutcomeOptions,
): number {
  if (error instanceof UsageError) throw error;
  if (options.json && lastJob !== null) printLine(io, JSON.stringify(lastJob, null, 2));

  if (error instanceof JobCancelledError) {
    io.stderr.write(`dome-flows: stopped watching the ${options.label} job.\n`);
    printLookupHint(io, error.jobId ?? null, options.embedded);
    return EXIT_CODES.notCompleted;
  }

  printError(io, error);
  return error instanceof DomeInputError ? EXIT_CODES.usage : EXIT_CODES.notCompleted;
}
