import { describe, expect, it } from 'vitest';
import { markupModel } from '../../src/testing/models/markup.js';
import { describePaths } from './support.js';

describe('markup machine paths', () => {
  const paths = describePaths(markupModel);

  it('generates the expected path count', () => {
    expect(paths).toHaveLength(207);
  });
});
