import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Root of the repository, the working folder of every spawned CLI. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** What a finished CLI process printed and how it exited. */
export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns the real CLI through tsx with a clean environment (PATH and HOME plus `env`) and no
 * terminal on any stream.
 */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to the end and returns its output and exit code. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** Returns the non-empty lines of a text. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Matches the frame lines of a Node stack trace. */
export const STACK_FRAME = /^\s+at /m;
