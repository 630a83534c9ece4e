import { readFile } from 'node:fs/promises';
import { MAX_ANNOTATION_IMAGE_BYTES } from '../api/assumptions.js';
import { UsageError } from './cli-errors.js';

/** Leading bytes of the image formats the CLI sends, with their media types. */
const IMAGE_SIGNATURES: ReadonlyArray<{ mediaType: string; matches: (bytes: Buffer) => boolean }> =
  [
    { mediaType: 'image/png', matches: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) },
    { mediaType: 'image/jpeg', matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]) },
    { mediaType: 'image/gif', matches: (bytes) => bytes.subarray(0, 4).toString() === 'GIF8' },
    {
      mediaType: 'image/webp',
      matches: (bytes) =>
        bytes.subarray(0, 4).toString() === 'RIFF' && bytes.subarray(8, 12).toString() === 'WEBP',
    },
  ];

/**
 * Reads an image file and returns it as a `data:image/...;base64,` URL, the form the annotate
 * step accepts for uploads. The media type comes from the file's first bytes, not its name.
 * Throws a {@link UsageError} naming the flag and the path when the file is missing, unreadable,
 * not a PNG, JPEG, GIF or WebP image, or larger than the API accepts.
 */
export async function readImageAsDataUrl(path: string, flag: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`Cannot read ${flag} file ${JSON.stringify(path)}: ${reasonOf(error)}.`);
  }

  const format = IMAGE_SIGNATURES.find((signature) => signature.matches(bytes));
  if (format === undefined) {
    throw new UsageError(
      `Invalid ${flag} file ${JSON.stringify(path)}: expected a PNG, JPEG, GIF or WebP image.`,
    );
  }
  if (bytes.length > MAX_ANNOTATION_IMAGE_BYTES) {
    throw new UsageError(
      `Invalid ${flag} file ${JSON.stringify(path)}: ${bytes.length} bytes is over the ` +
        `${MAX_ANNOTATION_IMAGE_BYTES}-byte limit.`,
    );
  }
  return `data:${format.mediaType};base64,${bytes.toString('base64')}`;
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
