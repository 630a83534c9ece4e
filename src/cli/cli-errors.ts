/** Exit status of the CLI: 0 when the job completed, 1 when it did not, 2 for bad usage. */
export const EXIT_CODES = {
  completed: 0,
  notCompleted: 1,
  usage: 2,
} as const;

/**
 * An invalid command line, environment variable or interactive reply. The CLI prints its
 * message as one line and exits with {@link EXIT_CODES.usage}.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Ctrl-C during a prompt. The CLI prints the message and exits with status 1. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}
