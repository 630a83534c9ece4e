import { formatDuration } from './format.js';

/** The job state shown by the progress output at one moment. */
export interface ProgressView {
  /** Job state, such as `running (capturing)`. */
  state: string;
  /** Time of the next poll in milliseconds since the epoch, when one is scheduled. */
  nextPollAt?: number | undefined;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Stream that receives the lines, normally stderr. */
  stream: NodeJS.WritableStream;
  /**
   * Whether to keep a progress line at the bottom, redrawn in place. Only for terminals,
   * because the redraw uses a carriage return and an ANSI erase-line sequence.
   */
  liveLine: boolean;
  /** Prefix of every line, such as `drone footage`. */
  label: string;
  /** Start of the elapsed time, in milliseconds since the epoch. @default the creation time */
  startedAt?: number | undefined;
  /** Time between redraws of the live line, in milliseconds. @default 250 */
  redrawIntervalMs?: number | undefined;
  /** Clock, in milliseconds since the epoch. @default Date.now */
  now?: (() => number) | undefined;
}

/** Prints one line per state change and, on a terminal, a live progress line. */
export interface ProgressReporter {
  /** Records the latest view and prints a line when the state text changed. */
  update(view: ProgressView): void;
  /** Prints a line above the live line, such as a prompt's result. */
  log(line: string): void;
  /** Erases the live line and stops redrawing it until {@link resume}, for example to prompt. */
  pause(): void;
  /** Redraws the live line after {@link pause}. */
  resume(): void;
  /** Erases the live line and stops the redraw timer. */
  stop(): void;
}

const ERASE_LINE = '\r\x1b[2K';

/** Creates a progress reporter that writes to one stream. */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const startedAt = options.startedAt ?? now();
  const redrawIntervalMs = options.redrawIntervalMs ?? 250;
  let view: ProgressView | undefined;
  let paused = false;
  let timer: NodeJS.Timeout | undefined;

  function elapsed(): string {
    return formatDuration(now() - startedAt);
  }

  function liveText(): string {
    if (view === undefined) return '';
    const parts = [`${options.label}: ${view.state}`, `${elapsed()} elapsed`];
    if (view.nextPollAt !== undefined) {
      const waitMs = Math.max(0, view.nextPollAt - now());
      parts.push(`next poll in ${(waitMs / 1000).toFixed(1)} s`);
    }
    return parts.join(' | ');
  }

  function draw() {
    if (!options.liveLine || paused || view === undefined) return;
    options.stream.write(`${ERASE_LINE}${liveText()}`);
  }

  function erase() {
    if (options.liveLine && view !== undefined) options.stream.write(ERASE_LINE);
  }

  function log(line: string) {
    erase();
    options.stream.write(`${line}\n`);
    draw();
  }

  if (options.liveLine) {
    timer = setInterval(draw, redrawIntervalMs);
    // The redraw alone must not keep the process alive once the job has ended.
    timer.unref();
  }

  return {
    update(next) {
      const changed = view?.state !== next.state;
      view = next;
      if (changed) log(`[${elapsed()}] ${options.label}: ${next.state}`);
      else draw();
    },
    log,
    pause() {
      erase();
      paused = true;
    },
    resume() {
      paused = false;
      draw();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      erase();
      view = undefined;
    },
  };
}
