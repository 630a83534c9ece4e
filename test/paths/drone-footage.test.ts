import { describe, expect, it } from 'vitest';
import { droneFootageModel } from '../../src/testing/models/single-step.js';
import { describePaths, knownGaps } from './support.js';

describe('drone-footage machine paths', () => {
  const paths = describePaths(droneFootageModel, knownGaps('droneFootage'));

  it('generates the expected path count', () => {
    expect(paths).toHaveLength(173);
  });
});
