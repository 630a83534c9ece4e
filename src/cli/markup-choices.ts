import type { Job } from '../api/job.js';
import type { OrientationVariant } from '../api/outputs.js';
import type { AnnotationInput } from '../client/inputs.js';
import { UsageError } from './cli-errors.js';
import { type CliIo, canPrompt } from './io.js';
import type { ProgressReporter } from './progress.js';
import { type PromptContext, promptImageFile, promptOrientation } from './prompts.js';

/** Command-line values for the human steps of a markup job. */
export interface MarkupChoices {
  /** Orientation key from `--orientation`. */
  orientation?: string | undefined;
  /** Selects the first offered variant when no orientation is given, as the demo does. */
  selectFirstOrientation?: boolean | undefined;
  /** Both images from `--annotated-image` and `--clean-image`, already read as data URLs. */
  images?: AnnotationInput | undefined;
  /** Whether the job lives in the embedded simulator, which ends with the process. */
  embedded: boolean;
}

/**
 * Creates the `chooseOrientation` and `provideAnnotation` callbacks of `runMarkup` for the
 * CLI: values from the command line first, then prompts on a terminal. Without a terminal, a
 * missing or unoffered orientation is a {@link UsageError} naming the offered keys.
 */
export function createMarkupCallbacks(
  io: CliIo,
  prompt: PromptContext,
  reporter: ProgressReporter,
  choices: MarkupChoices,
) {
  let chosen: OrientationVariant | undefined;
  // A second call means the server rejected the first value, so the person is prompted instead.
  let orientationCalls = 0;
  let annotationCalls = 0;

  return {
    /** Returns which human steps were reached, so the CLI can report flags that went unused. */
    used(): { orientation: boolean; annotation: boolean } {
      return { orientation: orientationCalls > 0, annotation: annotationCalls > 0 };
    },

    async chooseOrientation(variants: OrientationVariant[], job: Job): Promise<string> {
      orientationCalls += 1;
      const flagOrientation =
        orientationCalls === 1 || !canPrompt(io) ? choices.orientation : undefined;
      const key = await whilePaused(reporter, () =>
        chooseOrientation(io, prompt, variants, {
          flagOrientation,
          selectFirst: choices.selectFirstOrientation === true,
          jobId: job.id,
          embedded: choices.embedded,
        }),
      );
      chosen = variants.find((variant) => variant.key === key);
      const offered = variants.map((variant) => variant.key).join(', ');
      reporter.log(`Selecting orientation ${key} (offered: ${offered}).`);
      return key;
    },

    async provideAnnotation(job: Job): Promise<AnnotationInput> {
      annotationCalls += 1;
      const images = annotationCalls === 1 || !canPrompt(io) ? choices.images : undefined;
      if (images !== undefined) {
        reporter.log('Submitting the annotated and clean images.');
        return images;
      }
      if (!canPrompt(io)) {
        // Reached only with --job-id, whose job may be past this step, so the files are optional.
        throw new UsageError(
          'Missing --annotated-image and --clean-image: expected both image files for the ' +
            `annotation step of job ${job.id}.${resumeHint(job.id, choices.embedded)}`,
        );
      }
      return whilePaused(reporter, async () => {
        if (chosen !== undefined) {
          prompt.output.write(`Draw the property boundary on ${chosen.enhanced_url}\n`);
        }
        const annotatedImage = await promptImageFile(
          prompt,
          'image with the boundary drawn on it',
          '--annotated-image',
        );
        const cleanImage = await promptImageFile(
          prompt,
          'same image without drawings',
          '--clean-image',
        );
        return { annotatedImage, cleanImage };
      });
    },
  };
}

/** Runs `body` with the live progress line hidden, so that prompts are not overwritten. */
async function whilePaused<T>(reporter: ProgressReporter, body: () => Promise<T>): Promise<T> {
  reporter.pause();
  try {
    return await body();
  } finally {
    reporter.resume();
  }
}

async function chooseOrientation(
  io: CliIo,
  prompt: PromptContext,
  variants: readonly OrientationVariant[],
  details: {
    flagOrientation: string | undefined;
    selectFirst: boolean;
    jobId: string;
    embedded: boolean;
  },
): Promise<string> {
  const offered = variants.map((variant) => variant.key).join(', ');
  const hint = resumeHint(details.jobId, details.embedded);

  if (details.flagOrientation !== undefined) {
    if (variants.some((variant) => variant.key === details.flagOrientation))
      return details.flagOrientation;
    throw new UsageError(
      `Invalid --orientation ${JSON.stringify(details.flagOrientation)}: expected one of the offered ` +
        `keys ${offered}.${hint}`,
    );
  }

  const first = variants[0];
  if (details.selectFirst && first !== undefined) return first.key;

  if (!canPrompt(io)) {
    throw new UsageError(
      `Missing --orientation: expected one of the offered keys ${offered}.${hint}`,
    );
  }
  return promptOrientation(prompt, variants);
}

/** Returns how to continue a job that waits for input, or nothing when it dies with the process. */
function resumeHint(jobId: string, embedded: boolean): string {
  if (embedded) return '';
  return ` Job ${jobId} waits at awaiting_input; continue it with --job-id ${jobId}.`;
}
