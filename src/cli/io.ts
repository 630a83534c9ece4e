/** The process parts the CLI reads and writes, passed in so that nothing else touches them. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Returns whether the CLI may ask questions: both stdin and stderr are terminals. */
export function canPrompt(io: CliIo): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true;
}

/** Writes one line to stdout. */
export function printLine(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}

/** Writes one line to stderr. */
export function printNote(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`);
}
