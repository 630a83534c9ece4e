#!/usr/bin/env node
import { EXIT_CODES } from './cli-errors.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';
import { reportError } from './report-error.js';

/** Time the process may take to exit on its own after the command ended, in milliseconds. */
const EXIT_GRACE_MS = 2_000;

/**
 * Runs the CLI with the given arguments (without `node` and the script path) and returns the
 * exit code: 0 when the job completed, 1 when it did not, 2 for bad usage.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.completed;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return reportError(io, error);
  }
  return exitCode;
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

// An unref'd timer fires only if something else still keeps the process alive, such as a
// keep-alive socket to the API, and then ends it with the exit code already set.
setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
