import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { DomeInputError } from '../../src/errors/job-errors.js';
import { runDroneFootage, runImageEnhancement } from '../../src/runtime/run-job.js';
import { runMarkup } from '../../src/runtime/run-markup.js';
import { API_KEY, createHarness } from '../machines/support.js';
import { useFakeClock } from '../support/fake-clock.js';
import { settle } from './support.js';

useFakeClock();

const IMAGES = {
  annotatedImage: 'https://example.com/annotated.jpg',
  cleanImage: 'https://example.com/clean.jpg',
};

/** Serialises anything, following cycles once and skipping functions, to search it as text. */
function dump(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, field: unknown) => {
    if (typeof field === 'function') return undefined;
    if (typeof field === 'object' && field !== null) {
      if (seen.has(field)) return undefined;
      seen.add(field);
      if (field instanceof Error) {
        return { ...field, message: field.message, stack: field.stack, cause: field.cause };
      }
    }
    return field;
  });
}

describe('run helpers', () => {
  it('runs drone footage to completion', async () => {
    const { client } = createHarness();

    const outcome = await settle(runDroneFootage(client, { address: '1 Main St, Perth' }));

    expect(outcome.value?.result.thumbnail_url).toMatch(/^http/);
  });

  it('runs image enhancement to completion', async () => {
    const { client } = createHarness();

    const outcome = await settle(
      runImageEnhancement(client, { imageUrl: 'https://example.com/a.jpg' }),
    );

    expect(outcome.value?.result.enhanced_url).toMatch(/^http/);
  });

  it('drives markup through callbacks', async () => {
    const { client } = createHarness();
    const offered: string[] = [];

    const outcome = await settle(
      runMarkup(
        client,
        { address: '42 Wallaby Way, Sydney NSW 2000' },
        {
          chooseOrientation: (variants) => {
            offered.push(...variants.map((variant) => variant.key));
            return variants[0]?.key ?? '';
          },
          provideAnnotation: async () => IMAGES,
          video: true,
        },
      ),
    );

    expect(offered.length).toBeGreaterThan(0);
    expect(outcome.value?.result.orientation).toBe(offered[0]);
    expect(outcome.value?.result.document_url).toMatch(/^http/);
    expect(outcome.value?.result.video_url).toMatch(/^http/);
  });

  it('rejects a refused orientation choice', async () => {
    const { client } = createHarness();

    const outcome = await settle(
      runMarkup(
        client,
        { address: '42 Wallaby Way, Sydney NSW 2000' },
        { chooseOrientation: () => 'sideways', provideAnnotation: () => IMAGES },
      ),
    );

    expect(outcome.error).toBeInstanceOf(DomeInputError);
    expect((outcome.error as DomeInputError).message).toContain('"sideways"');
  });

  it('keeps the API key out of snapshots and inspection', async () => {
    const { client } = createHarness();
    const inspected: string[] = [];
    const persisted: string[] = [];

    const outcome = await settle(
      runMarkup(
        client,
        { address: '42 Wallaby Way, Sydney NSW 2000' },
        {
          chooseOrientation: (variants) => variants[0]?.key ?? '',
          provideAnnotation: () => IMAGES,
          video: true,
          inspect: (event: InspectionEvent) => inspected.push(dump(event)),
          onSnapshot: (snapshot) => persisted.push(dump(snapshot)),
        },
      ),
    );

    expect(outcome.value?.status).toBe('completed');
    expect(inspected.length).toBeGreaterThan(20);
    expect(persisted.length).toBeGreaterThan(5);
    expect(inspected.filter((text) => text.includes(API_KEY))).toEqual([]);
    expect(persisted.filter((text) => text.includes(API_KEY))).toEqual([]);
  });
});
