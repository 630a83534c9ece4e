import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JOB_MACHINES } from '../job-machines.js';
import { toMermaid } from '../mermaid.js';
import { loadViewAssets } from './view-assets.js';
import type { FeedMessage, ViewFeed } from './view-feed.js';

/** Files behind an origin that the browser cannot reach, read by the server for the page. */
export interface ProxiedFiles {
  /** Origin of the file URLs, such as the in-process simulator's `http://simulator.invalid`. */
  origin: string;
  /** Fetch that reaches that origin, such as the simulator's in-process fetch. */
  fetch: typeof globalThis.fetch;
}

/** Options of {@link startViewServer}. */
export interface ViewServerOptions {
  /** The events to show. */
  feed: ViewFeed;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number | undefined;
  /** Heading of the page, such as `markup job, live`. @default 'dome-flows run' */
  title?: string | undefined;
  /** Output files the page shows (orientation previews) that only this process can read. */
  proxiedFiles?: ProxiedFiles | undefined;
}

/** A running view server. */
export interface ViewServer {
  /** Address of the page. */
  url: string;
  port: number;
  /** Ends open event streams and stops listening. */
  close(): Promise<void>;
}

/** Path under which the server passes on requests for {@link ProxiedFiles}. */
export const PROXIED_FILES_PATH = '/files';

/** Proxied files the server keeps after their first successful fetch. */
export const MAX_CACHED_FILES = 64;

/** A proxied file as first fetched. */
interface CachedFile {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/**
 * Returns the normalized form of `fileUrl` when it names an output file on `origin` (path under
 * `/files/`), otherwise undefined. Parsing resolves `..` segments first, so they cannot climb out
 * to the API; encoded slashes, backslashes and dots are refused as well, since a server might
 * decode them after this check.
 */
export function outputFileUrl(fileUrl: string, origin: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(fileUrl);
  } catch {
    return undefined;
  }
  if (parsed.origin !== origin || parsed.username !== '' || parsed.password !== '') {
    return undefined;
  }
  if (!parsed.pathname.startsWith('/files/') || /%2f|%5c|%2e/i.test(parsed.pathname)) {
    return undefined;
  }
  parsed.hash = '';
  return parsed.href;
}

/**
 * Serves the run view on 127.0.0.1 only: a page with the machine's diagram and its active
 * state, the redacted context and the event log, fed live over server-sent events from
 * `/events`. Everything the page loads, Mermaid included, comes from this server. Output files
 * under `/files/` on {@link ProxiedFiles.origin} pass through `/files?url=`, and each one that
 * loads is kept (up to {@link MAX_CACHED_FILES}) so that it still shows after the job drops it.
 */
export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const assets = loadViewAssets();
  const config = JSON.stringify({
    title: options.title ?? 'dome-flows run',
    diagrams: Object.fromEntries(
      Object.values(JOB_MACHINES).map((machine) => [
        machine.id,
        toMermaid(machine, { compact: true }),
      ]),
    ),
    proxiedOrigin: options.proxiedFiles?.origin ?? null,
    proxiedFilesPath: PROXIED_FILES_PATH,
  });
  const streams = new Set<ServerResponse>();
  const fileCache = new Map<string, CachedFile>();
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 500, `View server error: ${String(error)}`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    // Only the page's own address is served, which keeps other sites from reading the run
    // through a DNS name that resolves to 127.0.0.1.
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      sendText(response, 403, `Forbidden host ${JSON.stringify(host)}.`);
      return;
    }
    if (request.method !== 'GET') {
      sendText(response, 405, 'Only GET is served.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${host}`);
    const asset = assets.get(url.pathname);

    if (asset) {
      response.writeHead(200, { 'Content-Type': asset.contentType, ...PAGE_HEADERS });
      createReadStream(asset.filePath).pipe(response);
    } else if (url.pathname === '/config.json') {
      response.writeHead(200, { 'Content-Type': 'application/json', ...PAGE_HEADERS });
      response.end(config);
    } else if (url.pathname === '/events') {
      streamEvents(response);
    } else if (url.pathname === PROXIED_FILES_PATH) {
      await proxyFile(url.searchParams.get('url') ?? '', response);
    } else {
      sendText(response, 404, `Not found: ${url.pathname}`);
    }
  }

  function streamEvents(response: ServerResponse) {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', ...PAGE_HEADERS });
    streams.add(response);
    const unsubscribe = options.feed.subscribe((message: FeedMessage) => {
      if (message.kind === 'event') response.write(`data: ${JSON.stringify(message.event)}\n\n`);
      else response.write(`event: end\ndata: ${JSON.stringify({ reason: message.reason })}\n\n`);
    });
    response.on('close', () => {
      unsubscribe();
      streams.delete(response);
    });
  }

  async function proxyFile(fileUrl: string, response: ServerResponse) {
    const proxied = options.proxiedFiles;
    if (proxied === undefined) {
      sendText(response, 404, 'Not found: this view has no output files to pass on.');
      return;
    }
    const target = outputFileUrl(fileUrl, proxied.origin);
    if (target === undefined) {
      sendText(response, 404, `Not found: only ${proxied.origin}/files/... URLs pass.`);
      return;
    }
    let file = fileCache.get(target);
    if (file === undefined) {
      const upstream = await proxied.fetch(target);
      file = {
        status: upstream.status,
        contentType: upstream.headers.get('content-type') ?? 'application/octet-stream',
        body: new Uint8Array(await upstream.arrayBuffer()),
      };
      // The simulator drops the other variants' files once one is selected, so a preview the
      // page has loaded once stays available from here.
      if (upstream.ok && fileCache.size < MAX_CACHED_FILES) fileCache.set(target, file);
    }
    response.writeHead(file.status, { 'Content-Type': file.contentType, ...PAGE_HEADERS });
    response.end(file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stream of streams) stream.end();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Headers of every page response. The policy lets the page load scripts from and connect to
 * this server only, so no job data leaves the machine. Images may also come from the API's own
 * file URLs.
 */
const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: https: http:; style-src 'self' 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
};

function sendText(response: ServerResponse, status: number, text: string) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}
