import { VIDEO_STATUS_FIELD } from '../../api/assumptions.js';
import type { AnnotationInput } from '../../client/inputs.js';
import { runMarkup } from '../../runtime/index.js';
import { EXIT_CODES, UsageError } from '../cli-errors.js';
import type { Connection } from '../connect.js';
import { readImageAsDataUrl } from '../image-files.js';
import { type CliIo, canPrompt } from '../io.js';
import { resolveMarkupAddress } from '../job-inputs.js';
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
 * Runs `dome-flows markup` and returns the exit code. The address and the image files are
 * checked before `connectApi` runs and before anything is submitted. The orientation can only
 * be checked once the job offers its variants. A video that fails to render makes the exit
 * code 1 even though the document completed.
 */
export async function markupCommand(
  io: CliIo,
  connectApi: () => Connection,
  options: MarkupCommandOptions,
): Promise<number> {
  const jobId = options.jobId?.trim();
  if (jobId === '') {
    throw new UsageError('Invalid --job-id "": expected the id of a markup job.');
  }
  if (jobId !== undefined && options.address !== undefined) {
    throw new UsageError(
      'Invalid --address with --job-id: give --address to start a job, or --job-id to continue one.',
    );
  }
  if (options.orientation !== undefined && options.orientation.trim() === '') {
    throw new UsageError('Invalid --orientation "": expected an orientation key such as bottom.');
  }

  const address =
    jobId === undefined
      ? await resolveMarkupAddress(io, createPromptContext(io), options.address)
      : undefined;
  const images = await readAnnotationImages(io, options);
  const connection = connectApi();
  const input = address === undefined ? { jobId: jobId ?? '' } : { address };
  let videoStatus: string | undefined;

  const exitCode = await followJob(
    io,
    connection,
    { label: 'markup', json: options.json },
    (watch) =>
      runMarkup(connection.client, input, {
        ...runOptions(connection, watch, options.inspect),
        ...createMarkupCallbacks(io, watch.prompt, watch.reporter, {
          orientation: options.orientation?.trim(),
          selectFirstOrientation: options.selectFirstOrientation,
          images,
          embedded: connection.embedded,
        }),
        video: options.video === true,
      }).then((output) => {
        videoStatus = output.result[VIDEO_STATUS_FIELD];
        return output;
      }),
  );

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
