import type { AnyMachineSnapshot } from 'xstate';
import type { Job } from '../api/job.js';
import { getJobProgress } from '../runtime/index.js';
import { InterruptedError } from './cli-errors.js';
import { describeJobState } from './format.js';
import { type CliIo, printNote } from './io.js';
import { createProgressReporter, type ProgressReporter } from './progress.js';
import type { PromptContext } from './prompts.js';

/** Progress output and Ctrl-C handling for one job, from its start until {@link stop}. */
export interface JobWatch {
  reporter: ProgressReporter;
  /** Aborted on the first Ctrl-C; pass it to the runtime so that it cancels the job. */
  signal: AbortSignal;
  /** Prompt streams whose questions close on Ctrl-C like the job does. */
  prompt: PromptContext;
  /** Shows a snapshot of the job machine; pass it as the runtime's `onSnapshot`. */
  onSnapshot(snapshot: AnyMachineSnapshot): void;
  /** The latest job resource seen, or null before the first poll. */
  readonly lastJob: Job | null;
  /** Removes the signal handler and stops the progress output. */
  stop(): void;
}

/** Snapshot context fields every job machine has. */
interface JobContextView {
  jobId: string | null;
  job: Job | null;
}

/**
 * Prints each change of the job's state and, on a terminal, a live progress line. The first
 * Ctrl-C aborts {@link JobWatch.signal}, so the runtime sends `cancel` to the actor, which
 * leaves its state and thereby aborts the request in flight. A second Ctrl-C ends the
 * process at once with status 130, the shell convention for SIGINT.
 */
export function watchJob(
  io: CliIo,
  options: { label: string; signals?: NodeJS.EventEmitter },
): JobWatch {
  const signals = options.signals ?? process;
  const reporter = createProgressReporter({
    stream: io.stderr,
    liveLine: io.stderr.isTTY === true,
    label: options.label,
  });
  const controller = new AbortController();
  let lastJob: Job | null = null;

  function onInterrupt() {
    if (controller.signal.aborted) process.exit(130);
    reporter.log('Stopping; press Ctrl-C again to quit at once.');
    controller.abort(new InterruptedError(`Interrupted while running the ${options.label} job.`));
  }

  function onSnapshot(snapshot: AnyMachineSnapshot) {
    // A stopped or crashed actor has nothing new to show.
    if (snapshot.status !== 'active' && snapshot.status !== 'done') return;
    const context = snapshot.context as JobContextView;
    lastJob = context.job ?? lastJob;

    let state = 'submitting';
    if (context.job !== null) state = describeJobState(context.job);
    else if (context.jobId !== null) state = `job ${context.jobId}, waiting for the first poll`;
    // Only a machine in a `waiting` state has a poll scheduled; elsewhere nextPollAt is stale.
    const { nextPollInMs } = getJobProgress(snapshot);
    reporter.update({
      state,
      nextPollAt: nextPollInMs === null ? undefined : Date.now() + nextPollInMs,
    });
  }

  signals.on('SIGINT', onInterrupt);

  return {
    reporter,
    signal: controller.signal,
    prompt: { input: io.stdin, output: io.stderr, signal: controller.signal, onInterrupt },
    onSnapshot,
    get lastJob() {
      return lastJob;
    },
    stop() {
      signals.off('SIGINT', onInterrupt);
      reporter.stop();
    },
  };
}

/** Prints how to look a job up after the CLI stopped watching it. */
export function printLookupHint(io: CliIo, jobId: string | null, embedded: boolean): void {
  if (jobId === null) {
    printNote(io, 'The job was not submitted, or its submission was not acknowledged.');
  } else if (embedded) {
    printNote(
      io,
      `Job ${jobId} lived in the embedded simulator, which stops with this process, so it ` +
        'cannot be looked up later.',
    );
  } else {
    printNote(
      io,
      `Job ${jobId} keeps running on the server. Look it up later with: ` +
        `dome-flows jobs get ${jobId}`,
    );
  }
}
