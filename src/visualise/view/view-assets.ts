import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the view server sends as it is. */
export interface StaticAsset {
  filePath: string;
  contentType: string;
}

/** Folder of the page's own files: next to this module under src/, or under dist/ once built. */
function findAssetsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'assets');
  if (existsSync(join(beside, 'index.html'))) return beside;

  // tsc does not copy the HTML, CSS and browser script into dist/, so the built module reads
  // them from the src/ folder that the package also ships.
  let folder = here;
  for (;;) {
    const candidate = join(folder, 'src', 'visualise', 'view', 'assets');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error('View page files not found: expected src/visualise/view/assets.');
    }
    folder = parent;
  }
}

/** Returns the page files by URL path: the page, its script and style, and Mermaid's bundle. */
export function loadViewAssets(): ReadonlyMap<string, StaticAsset> {
  const folder = findAssetsFolder();
  const require = createRequire(import.meta.url);
  return new Map([
    ['/', { filePath: join(folder, 'index.html'), contentType: 'text/html; charset=utf-8' }],
    [
      '/view.js',
      { filePath: join(folder, 'view.js'), contentType: 'text/javascript; charset=utf-8' },
    ],
    ['/view.css', { filePath: join(folder, 'view.css'), contentType: 'text/css; charset=utf-8' }],
    [
      '/mermaid.min.js',
      {
        // Served from node_modules, so the page draws diagrams without internet access.
        filePath: require.resolve('mermaid/dist/mermaid.min.js'),
        contentType: 'text/javascript; charset=utf-8',
      },
    ],
  ]);
}
