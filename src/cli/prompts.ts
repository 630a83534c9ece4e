import { createInterface } from 'node:readline/promises';
import type { OrientationVariant } from '../api/outputs.js';
import { InterruptedError, UsageError } from './cli-errors.js';
import { readImageAsDataUrl } from './image-files.js';
import type { CliIo } from './io.js';

/** Streams and hooks that interactive questions use. */
export interface PromptContext {
  input: NodeJS.ReadableStream;
  /** Receives the questions, normally stderr so that stdout stays clean for results. */
  output: NodeJS.WritableStream;
  /** Rejects the open question with the signal's reason when aborted. */
  signal: AbortSignal;
  /** Called on Ctrl-C while a question is open, since the terminal then sends no SIGINT. */
  onInterrupt: () => void;
}

/** Asks one question on the terminal and returns the trimmed answer. */
export async function ask(context: PromptContext, question: string): Promise<string> {
  const readline = createInterface({
    input: context.input,
    output: context.output,
    terminal: true,
  });
  readline.on('SIGINT', context.onInterrupt);
  try {
    const answer = await readline.question(question, { signal: context.signal });
    return answer.trim();
  } catch (error) {
    // readline rejects with a generic AbortError, so rethrow the signal's reason instead.
    if (context.signal.aborted && context.signal.reason instanceof Error) {
      throw context.signal.reason;
    }
    throw error;
  } finally {
    readline.close();
  }
}

/**
 * Creates a prompt context for the time before a job is submitted, when Ctrl-C during a
 * question ends the command with an {@link InterruptedError}.
 */
export function createPromptContext(io: CliIo): PromptContext {
  const controller = new AbortController();
  return {
    input: io.stdin,
    output: io.stderr,
    signal: controller.signal,
    onInterrupt: () =>
      controller.abort(new InterruptedError('Interrupted before submitting: nothing was sent.')),
  };
}

/**
 * Lists the offered orientation variants with their preview URLs and prompts for one, by number
 * or key, until the reply names an offered variant. Returns the chosen key.
 */
export async function promptOrientation(
  context: PromptContext,
  variants: readonly OrientationVariant[],
): Promise<string> {
  context.output.write('The job offers these orientations:\n');
  variants.forEach((variant, index) => {
    context.output.write(`  ${index + 1}) ${variant.key}  preview: ${variant.preview_url}\n`);
  });

  for (;;) {
    const answer = await ask(context, `Orientation (1-${variants.length} or key): `);
    const byNumber = /^\d+$/.test(answer) ? variants[Number(answer) - 1] : undefined;
    const chosen = byNumber ?? variants.find((variant) => variant.key === answer);
    if (chosen !== undefined) return chosen.key;
    context.output.write(
      `${JSON.stringify(answer)} is not an offered orientation: expected a number from 1 to ` +
        `${variants.length} or one of ${variants.map((variant) => variant.key).join(', ')}.\n`,
    );
  }
}

/**
 * Asks for the path of an image file until the file reads as an image, then returns it as a
 * data URL. `flag` is the matching command-line flag, named in messages.
 */
export async function promptImageFile(
  context: PromptContext,
  description: string,
  flag: string,
): Promise<string> {
  for (;;) {
    const path = await ask(context, `Path of the ${description} (PNG, JPEG, GIF or WebP): `);
    if (path === '') continue;
    try {
      return await readImageAsDataUrl(path, flag);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      context.output.write(`${error.message}\n`);
    }
  }
}
