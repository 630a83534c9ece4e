import { createSimulator } from '../../simulator/index.js';
import { API_KEY_VARIABLE, BASE_URL_VARIABLE } from '../config.js';
import { SIMULATOR_API_KEY } from '../connect.js';
import { type CliIo, printLine, printNote } from '../io.js';
import { listenOnPort } from '../listen-port.js';

/** Options of `dome-flows simulator`. */
export interface SimulatorCommandOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number | undefined;
  /** Speed-up factor of every job phase. @default 1 */
  speed?: number | undefined;
}

/**
 * Serves the simulator on 127.0.0.1 until SIGINT or SIGTERM, then closes it. Prints the base
 * URL and an `export` line for a second shell on stdout.
 */
export async function simulatorCommand(
  io: CliIo,
  options: SimulatorCommandOptions,
  signals: NodeJS.EventEmitter = process,
): Promise<void> {
  const speed = options.speed ?? 1;
  const simulator = createSimulator({ speed });
  const port = options.port ?? 0;
  const running = await listenOnPort(port, () => simulator.listen({ port }));

  printLine(io, `Simulator listening on ${running.baseUrl} (${speed}x speed)`);
  printLine(io, 'In another shell, point the CLI at it with:');
  printLine(
    io,
    `  export ${BASE_URL_VARIABLE}=${running.baseUrl} ${API_KEY_VARIABLE}=${SIMULATOR_API_KEY}`,
  );
  printNote(io, 'Press Ctrl-C to stop.');

  const signal = await new Promise<string>((resolve) => {
    const stop = (name: string) => {
      signals.off('SIGINT', onInterrupt);
      signals.off('SIGTERM', onTerminate);
      resolve(name);
    };
    const onInterrupt = () => stop('SIGINT');
    const onTerminate = () => stop('SIGTERM');
    signals.on('SIGINT', onInterrupt);
    signals.on('SIGTERM', onTerminate);
  });

  await running.close();
  printNote(
    io,
    `Received ${signal}: simulator stopped after ${simulator.requests.length} requests.`,
  );
}
