/**
 * Resolves with the name of the first SIGINT or SIGTERM that `signals` emits, after removing
 * its handlers, so that a server the CLI keeps open stops on Ctrl-C.
 */
export function waitForStopSignal(signals: NodeJS.EventEmitter = process): Promise<string> {
  return new Promise<string>((resolve) => {
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
}
