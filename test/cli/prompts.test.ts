import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OrientationVariant } from '../../src/api/outputs.js';
import { InterruptedError } from '../../src/cli/cli-errors.js';
import {
  ask,
  type PromptContext,
  promptImageFile,
  promptOrientation,
} from '../../src/cli/prompts.js';
import { sampleImagePaths } from '../../src/cli/samples.js';

const VARIANTS: OrientationVariant[] = ['top', 'right', 'bottom'].map((key) => ({
  key,
  preview_url: `https://x.test/${key}-preview.jpg`,
  enhanced_url: `https://x.test/${key}-enhanced.jpg`,
}));

/** Creates a prompt context on in-memory streams that sends each reply once a question appears. */
function scriptedPrompt(replies: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  const controller = new AbortController();
  let written = '';
  let answeredUpTo = 0;
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString();
    // A question is the only output that does not end with a newline.
    if (written.endsWith(': ') && written.length > answeredUpTo && replies.length > 0) {
      answeredUpTo = written.length;
      const reply = replies.shift() ?? '';
      setImmediate(() => input.write(`${reply}\n`));
    }
  });
  const context: PromptContext = {
    input,
    output,
    signal: controller.signal,
    onInterrupt: () => controller.abort(new InterruptedError('interrupted in test')),
  };
  return { context, controller, written: () => written };
}

describe('promptOrientation', () => {
  it('accepts a variant number', async () => {
    const { context, written } = scriptedPrompt(['2']);
    await expect(promptOrientation(context, VARIANTS)).resolves.toBe('right');
    expect(written()).toContain('1) top  preview: https://x.test/top-preview.jpg');
  });

  it('asks again after an unoffered key', async () => {
    const { context, written } = scriptedPrompt(['north', '5', 'bottom']);
    await expect(promptOrientation(context, VARIANTS)).resolves.toBe('bottom');
    expect(written()).toContain('"north" is not an offered orientation');
    expect(written()).toContain('"5" is not an offered orientation');
  });
});

describe('promptImageFile', () => {
  it('asks again for an unreadable path', async () => {
    const { context, written } = scriptedPrompt(['/no/such/file.png', sampleImagePaths().clean]);
    const dataUrl = await promptImageFile(context, 'clean image', '--clean-image');
    expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(written()).toContain('Cannot read --clean-image file "/no/such/file.png"');
  });
});

describe('ask', () => {
  it('rejects with the abort reason', async () => {
    const { context, controller } = scriptedPrompt([]);
    const question = ask(context, 'Street address: ');
    controller.abort(new InterruptedError('interrupted in test'));
    await expect(question).rejects.toThrow(InterruptedError);
  });
});
