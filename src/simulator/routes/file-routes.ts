import type { Hono } from 'hono';
import { UNKNOWN_ROUTE_ERROR } from '../../api/assumptions.js';
import { requestOrigin, type SimulatorEnv, type SimulatorState } from '../context.js';
import type { JobRecord } from '../job-store.js';
import { deriveJobState } from '../job-view.js';
import { FILE_NAMES, FILES_PATH_PREFIX, loadStockFiles, type ServedFile } from '../output-files.js';
import { ApiProblem } from '../responses.js';

/**
 * Registers `GET /files/{jobId}/{name}`, which serves the files that job outputs link to.
 * Like a storage host, it needs no API key; a file exists only once the job's output links it.
 */
export function registerFileRoutes(app: Hono<SimulatorEnv>, state: SimulatorState): void {
  app.get(`${FILES_PATH_PREFIX}/:jobId/:name`, (c) => {
    const jobId = c.req.param('jobId');
    const name = c.req.param('name');
    c.set('jobId', jobId);

    const record = state.store.get(jobId);
    const output = record
      ? deriveJobState(record, c.var.nowMs, requestOrigin(c), state.clock).output
      : {};
    const file = record && isLinked(output, c.req.path) ? fileFor(record, name) : undefined;
    if (file === undefined) {
      throw new ApiProblem(
        UNKNOWN_ROUTE_ERROR.status,
        UNKNOWN_ROUTE_ERROR.code,
        `File ${c.req.path} not found: the job has no such output yet.`,
      );
    }
    return new Response(file.bytes, {
      status: 200,
      headers: { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) },
    });
  });
}

/** Returns whether any URL in the output, at any depth, has this path. */
function isLinked(value: unknown, path: string): boolean {
  if (typeof value === 'string') {
    try {
      return new URL(value).pathname === path;
    } catch {
      return false;
    }
  }
  if (Array.isArray(value)) return value.some((item) => isLinked(item, path));
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).some((item) => isLinked(item, path));
  }
  return false;
}

function fileFor(record: JobRecord, name: string): ServedFile | undefined {
  const stock = loadStockFiles();
  if (name === FILE_NAMES.video) return stock.video;
  if (name === FILE_NAMES.document) return stock.pdf;
  if (name === FILE_NAMES.annotatedImage) return uploaded(record.annotation?.annotatedImage);
  if (name === FILE_NAMES.cleanImage) return uploaded(record.annotation?.cleanImage);
  if (name.endsWith('.jpg')) return stock.jpeg;
  return undefined;
}

function uploaded(image: NonNullable<JobRecord['annotation']>['cleanImage'] | undefined) {
  return image?.kind === 'bytes'
    ? { bytes: image.bytes, contentType: image.contentType }
    : undefined;
}
