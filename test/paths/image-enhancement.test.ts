import { describe, expect, it } from 'vitest';
import { imageEnhancementModel } from '../../src/testing/models/single-step.js';
import { describePaths, knownGaps } from './support.js';

describe('image-enhancement machine paths', () => {
  const paths = describePaths(imageEnhancementModel, knownGaps('imageEnhancement'));

  it('generates the expected path count', () => {
    expect(paths).toHaveLength(173);
  });
});
