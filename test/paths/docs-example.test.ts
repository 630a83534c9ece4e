import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Rewrites the example's imports as docs/testing.md shows them: from the package, not src. */
function asPublished(source: string): string {
  return source
    .replaceAll("'../../src/index.js'", "'dome-flows'")
    .replaceAll("'../../src/testing/index.js'", "'dome-flows/testing'");
}

describe('testing docs example', () => {
  it('shows the markup screen test verbatim', () => {
    const docs = read('../../docs/testing.md');
    const example = asPublished(read('./markup-screen.test.ts'));
    expect(docs).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});
