import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the simulator serves under `/files/{jobId}/{name}`. */
export interface ServedFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** Length of `assets/files/video.mp4`, in seconds, reported as `output.duration`. */
export const VIDEO_DURATION_S = 2;

/** Names of the files that jobs link to in their output. */
export const FILE_NAMES = {
  video: 'video.mp4',
  thumbnail: 'thumbnail.jpg',
  enhancedImage: 'enhanced.jpg',
  document: 'document.pdf',
  annotatedImage: 'annotated-image',
  cleanImage: 'clean-image',
  variantPreview: (key: string) => `${key}-preview.jpg`,
  variantEnhanced: (key: string) => `${key}-enhanced.jpg`,
} as const;

/** Path prefix of the file routes, outside `/v1` like the API's separate storage host. */
export const FILES_PATH_PREFIX = '/files';

/** Returns the URL of a job's output file as seen from the given origin. */
export function fileUrl(origin: string, jobId: string, name: string): string {
  return `${origin}${FILES_PATH_PREFIX}/${jobId}/${encodeURIComponent(name)}`;
}

interface StockFiles {
  video: ServedFile;
  jpeg: ServedFile;
  pdf: ServedFile;
}

let stockFiles: StockFiles | undefined;

/** Returns the sample files under assets/files, read once on first use. */
export function loadStockFiles(): StockFiles {
  if (stockFiles) return stockFiles;
  const folder = findAssetsFolder();
  const read = (name: string, contentType: string): ServedFile => ({
    bytes: new Uint8Array(readFileSync(join(folder, name))),
    contentType,
  });
  stockFiles = {
    video: read('video.mp4', 'video/mp4'),
    jpeg: read('image.jpg', 'image/jpeg'),
    pdf: read('document.pdf', 'application/pdf'),
  };
  return stockFiles;
}

// The module runs from src/simulator under tsx and from dist/src/simulator once built, so the
// package root is found by walking up rather than by a fixed relative path.
function findAssetsFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'assets', 'files');
    if (existsSync(join(candidate, 'video.mp4'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error('Simulator sample files not found: expected assets/files in the package.');
    }
    folder = parent;
  }
}
