import { join } from 'node:path';
import { findPackageRoot } from './package-root.js';

/**
 * Returns the paths of the sample annotation images: a 64x64 aerial drawing of a lot, plain
 * (`clean`) and with its boundary traced in red (`annotated`). `assets/samples/generate.ts`
 * writes them.
 */
export function sampleImagePaths(): { annotated: string; clean: string } {
  const folder = join(findPackageRoot(), 'assets', 'samples');
  return { annotated: join(folder, 'annotated.png'), clean: join(folder, 'clean.png') };
}

/**
 * Image URL the demo sends for enhancement. The simulator does not download it, so a host
 * reserved for documentation is enough.
 */
export const SAMPLE_IMAGE_URL = 'https://images.example.com/samples/living-room.jpg';
