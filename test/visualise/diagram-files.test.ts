import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DIAGRAMS_COMMAND,
  diagramFilePath,
  extractMarkdownDiagram,
  renderDiagramFile,
  renderMarkdownDiagram,
  replaceMarkdownDiagram,
} from '../../src/visualise/diagram-files.js';
import { JOB_MACHINE_NAMES, JOB_MACHINES } from '../../src/visualise/job-machines.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STALE = `is out of date: run ${DIAGRAMS_COMMAND}`;

/** Returns the ids of every state node of a machine, such as markup.running.waiting. */
function stateIds(node: { id: string; states: Record<string, unknown> }): string[] {
  return Object.values(node.states).flatMap((child) => {
    const state = child as { id: string; states: Record<string, unknown> };
    return [state.id, ...stateIds(state)];
  });
}

describe('checked-in diagrams', () => {
  it.each(JOB_MACHINE_NAMES)('%s diagram matches its machine', (name) => {
    const path = diagramFilePath(name);
    const checkedIn = readFileSync(join(REPO_ROOT, path), 'utf8');

    expect(checkedIn, `${path} ${STALE}`).toBe(renderDiagramFile(name));
  });

  it('README markup diagram matches', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

    expect(extractMarkdownDiagram(readme, 'markup'), `README.md ${STALE}`).toBe(
      renderMarkdownDiagram('markup'),
    );
  });

  it.each(JOB_MACHINE_NAMES)('%s diagram declares every state', (name) => {
    const diagram = renderDiagramFile(name);
    const machine = JOB_MACHINES[name];

    for (const id of stateIds(machine.root)) {
      const mermaidId = id.split('.').slice(1).join('_');
      expect(diagram).toContain(` as ${mermaidId}\n`);
    }
  });
});

describe('replaceMarkdownDiagram', () => {
  it('replaces the marked block', () => {
    const stale = renderMarkdownDiagram('markup').replace('stateDiagram-v2', 'old');
    const markdown = `# Title\n\n${stale}\n\nAfter.\n`;

    const updated = replaceMarkdownDiagram(markdown, 'markup');

    expect(updated).toBe(`# Title\n\n${renderMarkdownDiagram('markup')}\n\nAfter.\n`);
  });

  it('rejects a document without markers', () => {
    expect(() => replaceMarkdownDiagram('# Title\n', 'markup')).toThrow(/Missing diagram markers/);
  });
});
