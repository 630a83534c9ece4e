import { droneFootageBody, imageEnhancementBody } from '../client/inputs.js';
import { DomeInputError } from '../errors/index.js';
import { UsageError } from './cli-errors.js';
import { type CliIo, canPrompt } from './io.js';
import { ask, type PromptContext } from './prompts.js';

/** A value given by a flag or, on a terminal, by a reply to a prompt. */
interface RequiredValue {
  /** Flag that sets the value, such as `--address`. */
  flag: string;
  /** Question for the prompt. */
  question: string;
  /** Description of the expected value, used in the error when it is missing or invalid. */
  expected: string;
  /** Throws a DomeInputError when the value is invalid. */
  check: (value: string) => void;
}

const ADDRESS: Omit<RequiredValue, 'check'> = {
  flag: '--address',
  question: 'Street address of the property: ',
  expected: 'a street address such as "123 Collins St, Melbourne VIC 3000"',
};

/** Returns the address for a drone footage job from `--address` or a prompt. */
export function resolveDroneFootageAddress(
  io: CliIo,
  prompt: PromptContext,
  address: string | undefined,
): Promise<string> {
  return resolveValue(io, prompt, address, {
    ...ADDRESS,
    check: (value) => droneFootageBody({ address: value }),
  });
}

/** Returns the address for a markup job from `--address` or a prompt. */
export function resolveMarkupAddress(
  io: CliIo,
  prompt: PromptContext,
  address: string | undefined,
): Promise<string> {
  // Drone footage and markup submissions check an address the same way.
  return resolveDroneFootageAddress(io, prompt, address);
}

/**
 * Returns the trimmed `--address` of a markup job, or throws a {@link UsageError} when it is
 * invalid, so that the CLI can check it before anything starts.
 */
export function checkMarkupAddressFlag(address: string): string {
  return checkFlagValue(
    { ...ADDRESS, check: (value) => droneFootageBody({ address: value }) },
    address,
  );
}

/** Returns the image URL for an image enhancement job from `--image-url` or a prompt. */
export function resolveImageUrl(
  io: CliIo,
  prompt: PromptContext,
  imageUrl: string | undefined,
): Promise<string> {
  return resolveValue(io, prompt, imageUrl, {
    flag: '--image-url',
    question: 'http or https URL of the image: ',
    expected: 'an http or https URL of the image',
    check: (value) => imageEnhancementBody({ imageUrl: value }),
  });
}

/**
 * Returns the flag's value after checking it with the client's own input checks, so the CLI
 * rejects exactly what the library would. A missing value is prompted for on a terminal, and
 * is a {@link UsageError} naming the flag otherwise. An invalid flag value is always a
 * UsageError, while an invalid reply to the prompt repeats the question.
 */
async function resolveValue(
  io: CliIo,
  prompt: PromptContext,
  given: string | undefined,
  spec: RequiredValue,
): Promise<string> {
  if (given !== undefined) return checkFlagValue(spec, given);

  if (!canPrompt(io)) {
    throw new UsageError(`Missing ${spec.flag}: expected ${spec.expected}.`);
  }

  for (;;) {
    const reply = await ask(prompt, spec.question);
    if (passes(spec, reply)) return reply;
    prompt.output.write(`Invalid value ${JSON.stringify(reply)}: expected ${spec.expected}.\n`);
  }
}

/** Returns the trimmed flag value, or throws a {@link UsageError} when it is invalid. */
function checkFlagValue(spec: RequiredValue, given: string): string {
  if (!passes(spec, given)) {
    throw new UsageError(
      `Invalid ${spec.flag} ${JSON.stringify(given)}: expected ${spec.expected}.`,
    );
  }
  return given.trim();
}

function passes(spec: RequiredValue, value: string): boolean {
  try {
    spec.check(value);
    return true;
  } catch (error) {
    if (error instanceof DomeInputError) return false;
    throw error;
  }
}
