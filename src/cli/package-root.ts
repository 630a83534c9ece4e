import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Returns the folder that contains the package's `package.json`. The CLI runs both from
 * `src/cli/` and from `dist/src/cli/`, so the depth varies and the search walks upwards.
 */
export function findPackageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'assets'))) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('dome-flows: cannot find the package root');
    folder = parent;
  }
}

/** Returns the `version` field of the package's `package.json`. */
export function readPackageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(findPackageRoot(), 'package.json'), 'utf8'));
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
