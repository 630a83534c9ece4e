/**
 * Writes a Mermaid diagram of every job machine to docs/machines/NAME.mmd and refreshes the
 * markup diagram in README.md, all read from the machine definitions. Run with
 * `npm run diagrams` after changing a machine; test/visualise checks that the files match.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  diagramFilePath,
  renderDiagramFile,
  replaceMarkdownDiagram,
} from '../src/visualise/diagram-files.js';
import { JOB_MACHINE_NAMES } from '../src/visualise/job-machines.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

for (const name of JOB_MACHINE_NAMES) {
  const path = diagramFilePath(name);
  await writeFile(join(packageRoot, path), renderDiagramFile(name));
  console.log(`wrote ${path}`);
}

const readmePath = join(packageRoot, 'README.md');
const readme = await readFile(readmePath, 'utf8');
const updated = replaceMarkdownDiagram(readme, 'markup');
if (updated !== readme) {
  await writeFile(readmePath, updated);
  console.log('updated the markup diagram in README.md');
} else {
  console.log('README.md markup diagram is up to date');
}
