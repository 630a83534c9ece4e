import { MIN_REQUEST_GAP_MS } from '../../../machines/shared/request-pacing.js';
import { EXIT_CODES } from '../cli-errors.js';
import { connectEmbedded, DEFAULT_EMBEDDED_SPEED } from '../connect.js';
import { formatDuration } from '../format.js';
import type { InspectCallback, ObserveConnection } from '../inspection-options.js';
import { type CliIo, printLine } from '../io.js';
import { SAMPLE_IMAGE_URL, sampleImagePaths } from '../samples.js';
import { markupCommand } from './markup.js';
import { droneFootageCommand, imageEnhancementCommand } from './single-step.js';

/** Address of the demo's drone footage job. */
export const DEMO_DRONE_ADDRESS = '123 Collins St, Melbourne VIC 3000';

/** Address of the demo's markup job. */
export const DEMO_MARKUP_ADDRESS = '42 Wallaby Way, Sydney NSW 2000';

/**
 * Runs `dome-flows demo`: a drone footage job, an image enhancement and the whole markup flow
 * (first offered orientation, the bundled sample images, then the video), one after the
 * other, on the embedded simulator. It ignores `DOME_API_KEY`, so it never spends real quota.
 * The first Ctrl-C cancels the current job and starts no further one. Returns 0 when all
 * three jobs completed, 1 otherwise.
 */
export async function demoCommand(
  io: CliIo,
  options: {
    speed?: number | undefined;
    inspect?: InspectCallback | undefined;
    observe?: ObserveConnection | undefined;
  },
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const speed = options.speed ?? DEFAULT_EMBEDDED_SPEED;
  const embedded = connectEmbedded(speed);
  const connection = options.observe ? options.observe(embedded) : embedded;
  const schedule = connection.pollSchedule;
  const startedAt = Date.now();

  printLine(io, 'dome-flows demo: three jobs on the embedded simulator.');
  printLine(
    io,
    `The simulator runs ${speed}x faster than real jobs, and the poll schedule is ${speed}x ` +
      `faster too: every ${schedule.fastIntervalMs} ms for the first ` +
      `${schedule.fastPhaseMs} ms, then every ${schedule.slowIntervalMs} ms ` +
      '(the API recommends every 5 s for the first minute, then every 15 s). The minimum gap ' +
      `between two requests about one job shrinks from ${MIN_REQUEST_GAP_MS} ms to ` +
      `${connection.minRequestGapMs ?? MIN_REQUEST_GAP_MS} ms the same way.`,
  );

  const images = sampleImagePaths();
  const steps: Array<{ title: string; run: () => Promise<number> }> = [
    {
      title: `1/3 drone footage of ${DEMO_DRONE_ADDRESS}`,
      run: () =>
        droneFootageCommand(io, () => connection, {
          address: DEMO_DRONE_ADDRESS,
          inspect: options.inspect,
        }),
    },
    {
      title: `2/3 image enhancement of ${SAMPLE_IMAGE_URL}`,
      run: () =>
        imageEnhancementCommand(io, () => connection, {
          imageUrl: SAMPLE_IMAGE_URL,
          inspect: options.inspect,
        }),
    },
    {
      title:
        `3/3 markup of ${DEMO_MARKUP_ADDRESS}: first offered orientation, sample images ` +
        'from assets/samples/, then the video',
      run: () =>
        markupCommand(io, () => connection, {
          address: DEMO_MARKUP_ADDRESS,
          selectFirstOrientation: true,
          annotatedImage: images.annotated,
          cleanImage: images.clean,
          video: true,
          inspect: options.inspect,
        }),
    },
  ];

  // Each job's own watch cancels that job on Ctrl-C; this flag keeps the next ones from starting.
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  signals.on('SIGINT', onInterrupt);

  let completed = 0;
  try {
    for (const [index, step] of steps.entries()) {
      printLine(io, '');
      printLine(io, step.title);
      if ((await step.run()) === EXIT_CODES.completed) completed += 1;
      if (interrupted) {
        printLine(io, '');
        printLine(
          io,
          `Demo stopped by Ctrl-C after ${formatDuration(Date.now() - startedAt)}: ` +
            `${completed} of ${steps.length} jobs completed, ${steps.length - index - 1} not started.`,
        );
        return EXIT_CODES.notCompleted;
      }
    }
  } finally {
    signals.off('SIGINT', onInterrupt);
  }

  printLine(io, '');
  printLine(
    io,
    `Demo finished in ${formatDuration(Date.now() - startedAt)}: ${completed} of ` +
      `${steps.length} jobs completed.`,
  );
  return completed === steps.length ? EXIT_CODES.completed : EXIT_CODES.notCompleted;
}
