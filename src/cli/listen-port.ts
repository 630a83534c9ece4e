import { UsageError } from './cli-errors.js';

/**
 * Runs `listen` and turns the errors of a taken or privileged `--port` into a one-line
 * {@link UsageError} that names the port and suggests `--port 0`. Other errors pass through.
 */
export async function listenOnPort<T>(port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${port} on 127.0.0.1 is already in use: stop what listens there, or pass ` +
          '--port 0 to pick a free port.',
      );
    }
    if (code === 'EACCES') {
      throw new UsageError(
        `Port ${port} on 127.0.0.1 needs privileges this process lacks: pass --port 0 to ` +
          'pick a free port, or a port above 1023.',
      );
    }
    throw error;
  }
}
