import { describe, expect, it } from 'vitest';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { createImageEnhancementMachine } from '../../machines/image-enhancement.js';
import { createMarkupMachine } from '../../machines/markup.js';
import { createDomeClient } from '../../src/client/client.js';

const newClient = () =>
  createDomeClient({ apiKey: 'dome_live_cache1', baseUrl: 'http://127.0.0.1:9/v1' });

describe.each([
  ['drone footage', createDroneFootageMachine],
  ['image enhancement', createImageEnhancementMachine],
  ['markup', createMarkupMachine],
] as const)('%s factory', (_name, create) => {
  it('reuses the machine per client', () => {
    const client = newClient();

    expect(create(client)).toBe(create(client));
  });

  it('builds another machine per client', () => {
    expect(create(newClient())).not.toBe(create(newClient()));
  });
});
