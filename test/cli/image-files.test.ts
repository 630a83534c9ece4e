import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cli-errors.js';
import { readImageAsDataUrl } from '../../src/cli/image-files.js';
import { sampleImagePaths } from '../../src/cli/samples.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dome-flows-images-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readImageAsDataUrl', () => {
  it('encodes the sample PNG as data URL', async () => {
    const url = await readImageAsDataUrl(sampleImagePaths().clean, '--clean-image');
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const bytes = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('detects JPEG from its first bytes', async () => {
    const path = join(folder, 'photo.png');
    await writeFile(path, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const url = await readImageAsDataUrl(path, '--clean-image');
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true);
  });

  it('names flag and path when missing', async () => {
    const path = join(folder, 'missing.png');
    const read = readImageAsDataUrl(path, '--annotated-image');
    await expect(read).rejects.toThrow(UsageError);
    await expect(readImageAsDataUrl(path, '--annotated-image')).rejects.toThrow(
      `Cannot read --annotated-image file ${JSON.stringify(path)}: no such file.`,
    );
  });

  it('rejects a folder', async () => {
    await expect(readImageAsDataUrl(folder, '--clean-image')).rejects.toThrow(/is a folder/);
  });

  it('rejects a file that is no image', async () => {
    const path = join(folder, 'notes.txt');
    await writeFile(path, 'just text');
    await expect(readImageAsDataUrl(path, '--clean-image')).rejects.toThrow(
      /expected a PNG, JPEG, GIF or WebP image/,
    );
  });
});
