import { CommanderError } from 'commander';
import { DomeError, DomeInputError } from '../errors/index.js';
import { EXIT_CODES, InterruptedError, UsageError } from './cli-errors.js';
import { API_KEY_VARIABLE } from './config.js';
import type { CliIo } from './io.js';

/**
 * Prints an error as one line on stderr and returns the exit code: 2 for bad usage, 0 for
 * help and version output, 1 for everything else. Stack traces stay hidden unless
 * `DOME_FLOWS_DEBUG=1` is set, and the API key is masked in case some message quotes it.
 */
export function reportError(io: CliIo, error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message through the configured outputError.
    return error.exitCode === 0 ? EXIT_CODES.completed : EXIT_CODES.usage;
  }

  if (error instanceof InterruptedError) {
    io.stderr.write(`dome-flows: ${error.message}\n`);
    return EXIT_CODES.notCompleted;
  }

  const isUsage = error instanceof UsageError || error instanceof DomeInputError;
  printError(io, error);
  return isUsage ? EXIT_CODES.usage : EXIT_CODES.notCompleted;
}

/**
 * Prints `dome-flows: error: <message>` as one line on stderr, with the API key masked, and
 * the stack trace after it when `DOME_FLOWS_DEBUG=1` is set. Errors that are not the CLI's or
 * the library's own get the prefix `unexpected error:`.
 */
export function printError(io: CliIo, error: unknown): void {
  const known =
    error instanceof UsageError || error instanceof DomeError || typeof error === 'string';
  const message = error instanceof Error ? error.message : String(error);
  const prefix = known ? '' : 'unexpected error: ';
  io.stderr.write(`dome-flows: error: ${prefix}${maskApiKey(io, oneLine(message))}\n`);

  if (io.env.DOME_FLOWS_DEBUG === '1' && error instanceof Error && error.stack) {
    io.stderr.write(`${maskApiKey(io, error.stack)}\n`);
  }
}

/** Joins a message's lines with spaces, so that every error prints as one line. */
export function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ');
}

/** Replaces every occurrence of the API key in a text with `[redacted]`. */
export function maskApiKey(io: CliIo, text: string): string {
  const apiKey = io.env[API_KEY_VARIABLE]?.trim();
  return apiKey ? text.split(apiKey).join('[redacted]') : text;
}
