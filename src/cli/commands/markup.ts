import { VIDEO_STATUS_FIELD } from '../../api/assumptions.js';
import type { AnnotationInput } from '../../client/inputs.js';
import { runMarkup } from '../../runtime/index.js';
import { EXIT_CODES, UsageError } from '../cli-errors.js';
import type { Connection } from '../connect.js';
import { readImageAsDataUrl } from '../image-files.js';
import { type CliIo, canPrompt, printNote } from '../io.js';
import { checkMarkupAddressFlag, resolveMarkupAddress } from '../job-inputs.js';
import { createMarkupCallbacks } from '../markup-choices.js';
import { createPromptContext } from '../prompts.js';
import { printError } from '../report-error.js';
import { followJob, type JobCommandOptions, runOptions } from './single-step.js';

/** Options of `dome-flows markup`. */
export interface MarkupCommandOptions extends JobCommandOptions {
  address?: string | undefined;
  /** Continues an existing markup job instead of starting one. */
  jobId?: string | undefined;
  orientation?: string | undefined;
  annotatedImage?: string | undefined;
  cleanImage?: string | undefined;
  video?: boolean | undefined;
  /** Selects the first offered variant when `orientation` is not given; the demo sets it. */
  selectFirstOrientation?: boolean | undefined;
}

/**
 * Checks the flags of `dome-flows markup` that need no file or server, and throws a
 * {@link UsageError} for the first problem. Without a terminal, a new job needs every value
 * from flags, so one error lists all that are missing. The CLI calls this before it starts
 * a view server or submits anything.
 */
export function checkMarkupOptions(io: CliIo, options: MarkupCommandOptions): void {
  const jobId = options.jobId?.trim();
  if (jobId === '') {
    throw new UsageError('Invalid --job-id "": expected the id of a markup job.');
  }
  if (jobId !== undefined && options.address !== undefined) {
    throw new UsageError(
      'Invalid --address with --job-id: give --address to start a job, or --job-id to continue one.',
    );
  }
  if (options.address !== undefined) checkMarkupAddressFlag(options.address);
  if (options.orientation !== undefined && options.orientation.trim() === '') {
    throw new UsageError('Invalid --orientation "": expected an orientation key such as bottom.');
  }
  if (jobId !== undefined || canPrompt(io)) return;

  const missing = [
    options.address === undefined ? '--address' : undefined,
    options.orientation === undefined && options.selectFirstOrientation !== true
      ? '--orientation'
      : undefined,
    options.annotatedImage === undefined ? '--annotated-image' : undefined,
    options.cleanImage === undefined ? '--clean-image' : undefined,
  ].filter((flag) => flag !== undefined);
  if (missing.length === 0) return;

  // An orientation is checked against the offered keys only later, once the job offers them.
  throw new UsageError(
    `Missing ${missing.join(', ')}: without a terminal, a new markup job takes every value ` +
      'from flags (the address, an orientation key such as bottom, and the image files with ' +
      'and without the boundary drawn), because nothing can prompt for them later.',
  );
}

/**
 * Runs `dome-flows markup` and returns the exit code. The flags are checked with
 * {@link checkMarkupOptions}, and the address and image files are read, before `connectApi`
 * runs and before anything is submitted. The orientation can only be checked against the
 * offered keys once the job offers its variants. With `--job-id`, values for steps the job
 * had already passed are reported as ignored. A video that fails to render makes the exit
 * code 1 even though the document completed.
 */
export async function markupCommand(
  io: CliIo,
  connectApi: () => Connection,
  options: MarkupCommandOptions,
): Promise<number> {
  checkMarkupOptions(io, options);
  const jobId = options.jobId?.trim();

  const address =
    jobId === undefined
      ? await resolveMarkupAddress(io, createPromptContext(io), options.address)
      : undefined;
  const images = await readAnnotationImages(io, options);
  const connection = connectApi();
  const input = address === undefined ? { jobId: jobId ?? '' } : { address };
  let videoStatus: string | undefined;
  let callbacks: ReturnType<typeof createMarkupCallbacks> | undefined;

  const exitCode = await followJob(
    io,
    connection,
    { label: 'markup', json: options.json },
    (watch) => {
      callbacks = createMarkupCallbacks(io, watch.prompt, watch.reporter, {
        orientation: options.orientation?.trim(),
        selectFirstOrientation: options.selectFirstOrientation,
        images,
        embedded: connection.embedded,
      });
      return runMarkup(connection.client, input, {
        ...runOptions(connection, watch, options.inspect),
        chooseOrientation: callbacks.chooseOrientation,
        provideAnnotation: callbacks.provideAnnotation,
        video: options.video === true,
      }).then((output) => {
        videoStatus = output.result[VIDEO_STATUS_FIELD];
        return output;
      });
    },
  );

  if (jobId !== undefined && exitCode === EXIT_CODES.completed && callbacks !== undefined) {
    const used = callbacks.used();
    const ignored: string[] = [];
    if (options.orientation !== undefined && !used.orientation) ignored.push('--orientation');
    if (images !== undefined && !used.annotation)
      ignored.push('--annotated-image', '--clean-image');
    if (ignored.length > 0) {
      printNote(
        io,
        `Note: job ${jobId} was already past the steps that take ${ignored.join(', ')}, ` +
          'so the given values were ignored.',
      );
    }
  }

  if (exitCode === EXIT_CODES.completed && options.video && videoStatus === 'failed') {
    printError(io, 'The document is ready, but the video failed to render.');
    return EXIT_CODES.notCompleted;
  }
  return exitCode;
}

/**
 * Reads `--annotated-image` and `--clean-image`. Returns undefined when neither is given on a
 * terminal, where the CLI prompts for them at the annotation step, or with `--job-id`, whose
 * job may be past that step. Throws a {@link UsageError} when only one is given, when either
 * cannot be read, or when both are missing for a new job without a terminal.
 */
async function readAnnotationImages(
  io: CliIo,
  options: MarkupCommandOptions,
): Promise<AnnotationInput | undefined> {
  const { annotatedImage, cleanImage } = options;
  const imagesCanWait = canPrompt(io) || options.jobId !== undefined;
  if (annotatedImage === undefined && cleanImage === undefined && imagesCanWait) return undefined;

  if (annotatedImage === undefined) {
    throw new UsageError(
      'Missing --annotated-image: expected an image file with the property boundary drawn on ' +
        'the selected orientation.',
    );
  }
  if (cleanImage === undefined) {
    throw new UsageError(
      'Missing --clean-image: expected an image file of the selected orientation without drawings.',
    );
  }
  return {
    annotatedImage: await readImageAsDataUrl(annotatedImage, '--annotated-image'),
    cleanImage: await readImageAsDataUrl(cleanImage, '--clean-image'),
  };
}
