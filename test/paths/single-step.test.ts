import { describe, expect, it } from 'vitest';
import { droneFootageModel, imageEnhancementModel } from '../../src/testing/models/single-step.js';
import { describePaths } from './support.js';

// Both single-step machines share one file, so the suite loads the kit once for them.
describe('drone-footage machine paths', () => {
  const paths = describePaths(droneFootageModel);

  it('generates the expected path count', () => {
    expect(paths).toHaveLength(65);
  });
});

describe('image-enhancement machine paths', () => {
  const paths = describePaths(imageEnhancementModel);

  it('generates the expected path count', () => {
    expect(paths).toHaveLength(65);
  });
});
